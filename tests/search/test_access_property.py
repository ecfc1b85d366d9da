"""Property: someone not on case X never sees, for any query or filter, a hit, a
count, a facet or a snippet that comes from case X's confidential items."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import facts, teams
from cases.models import EvidenceLink
from evidence.models import EvidenceItem
from search import params as search_params
from search import selectors
from tests.conftest import make_user

# Words in both kinds of item, and a word only the secret items hold.
SHARED = ["convoy", "школа", "مُحَمَّد", "Šešelj", "မြန်မာ"]
SECRET_WORD = "zircon"
WORDS = [*SHARED, SECRET_WORD, "conv*", "zirc*", '"convoy zircon"', "nothing"]


@pytest.fixture
def world(django_user_model, django_capture_on_commit_callbacks, ingest):
    lead = make_user(django_user_model, "lead", "Investigators", "Analysts")
    outsider = make_user(django_user_model, "outsider", "Analysts")
    case = teams.create_case(
        actor=lead, reference="X-1", title="Case X", forum_kind="icc", forum="ICC"
    )
    own = teams.create_case(
        actor=outsider, reference="Y-1", title="Case Y", forum_kind="icc", forum="ICC"
    )
    incident = facts.add_incident(case=case, actor=lead, title="Zircon incident")
    with django_capture_on_commit_callbacks(execute=True):
        secret = [
            ingest(
                f"secret {n}".encode(),
                name=f"s{n}.txt",
                user=lead,
                title=f"Secret {SECRET_WORD} {n}",
                description=f"{' '.join(SHARED)} {SECRET_WORD} convoy",
                sensitivity="confidential",
                language="xx-secret",
                source_type="partner",
            )
            for n in range(3)
        ]
        shared = [
            ingest(
                f"shared {n}".encode(),
                name=f"o{n}.txt",
                user=lead,
                title=f"Open {n}",
                description=" ".join(SHARED),
                sensitivity="restricted",
                language="en",
            )
            for n in range(3)
        ]
        facts.add_person(case=case, actor=lead, name=f"Colonel {SECRET_WORD}")
    now = dt.datetime.now(dt.UTC)
    EvidenceItem.objects.filter(pk=secret[0].pk).update(
        gps_latitude=10.0, gps_longitude=10.0, capture_time=now
    )
    for item in [*secret, shared[0]]:
        EvidenceLink.objects.create(
            case=case,
            item=item,
            incident=incident,
            stance="supports",
            created_by=lead,
            created_at=now,
        )
    return {
        "outsider": outsider,
        "lead": lead,
        "secret": {i.pk for i in secret},
        "secret_hashes": [i.blob.sha256 for i in secret],
        "secret_refs": [i.reference for i in secret],
        "incident": incident.pk,
        "own_case": own.reference,
    }


def queries(world):
    hashes = st.sampled_from(world["secret_hashes"]).flatmap(
        lambda h: st.integers(8, 64).map(lambda n: h[:n])
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "q": st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
            "case": st.sampled_from(["X-1", world["own_case"]]),
            "incident": st.just(str(world["incident"])),
            "sensitivity": st.sampled_from(["confidential", "restricted"]),
            "source_type": st.sampled_from(["partner", "witness"]),
            "language": st.sampled_from(["xx-secret", "en"]),
            "has_gps": st.sampled_from(["yes", "no"]),
            "bbox": st.just("9,9,11,11"),
            "hash": hashes,
            "order": st.sampled_from(search_params.ORDERS),
        },
    )


def check(world, values):
    user = world["outsider"]
    try:
        params = search_params.parse(values)
        results = selectors.search(user, params)
    except search_params.SearchError:
        return
    seen = {hit.item.pk for hit in results.hits}
    assert not seen & world["secret"]
    # The count is the number of hits the user can page through, no more.
    every = set()
    for page in range(1, results.pages + 1):
        params.page = page
        every |= {h.item.pk for h in selectors.search(user, params).hits}
    assert not every & world["secret"]
    assert results.total == len(every)
    # Each facet counts only those hits.
    for name, buckets in results.facets.items():
        if name in ("case", "incident"):
            assert buckets == []  # the outsider's own case links nothing
            continue
        assert sum(b.count for b in buckets) <= results.total, name
        assert "xx-secret" not in {b.value for b in buckets}
        if name in ("source_type", "sensitivity", "type", "has_gps"):
            assert sum(b.count for b in buckets) == results.total or name == "type"
    for hit in results.hits:
        assert SECRET_WORD not in hit.snippet.lower()
    assert all(r.case_reference != "X-1" for r in results.records)
    assert results.record_total == len(results.records)


@pytest.mark.django_db
def test_outsider_never_sees_anything_of_case_x(world):
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(values=queries(world))
    def run(values):
        check(world, values)

    run()


@pytest.mark.django_db
def test_the_team_does_see_them(world):
    """The property is not vacuous: the same searches find the items for the team."""
    lead = world["lead"]
    results = selectors.search(lead, search_params.parse({"q": SECRET_WORD}))
    assert {h.item.pk for h in results.hits} == world["secret"]
    assert {b.value for b in results.facets["case"]} == {"X-1"}
    assert [r.kind for r in results.records] == ["person"]
    by_case = selectors.search(lead, search_params.parse({"case": "X-1"}))
    assert by_case.total == 4
    assert by_case.facets["incident"][0].count == 4
    hashed = selectors.search(
        lead, search_params.parse({"hash": world["secret_hashes"][0][:8]})
    )
    assert [h.item.reference for h in hashed.hits] == [world["secret_refs"][0]]
