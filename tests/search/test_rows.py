"""The search rows: database triggers keep them equal to the items, in the same
statement as every change, so the access policy applied to them answers exactly
what it answers for the items."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection, transaction

from cases import facts, teams
from cases.models import EvidenceLink
from evidence import access
from evidence.models import Blob, EvidenceItem
from search import indexing, rows, selectors
from search.models import EvidenceRow
from tests.conftest import make_user
from tests.evidence import samples
from tests.search.conftest import find, refs

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def expected_row(item: EvidenceItem) -> dict:
    """What the row of ``item`` must hold, computed here from the item."""
    mime = item.blob.mime_type
    kind = next(
        (v for v, p in selectors.TYPES.items() if mime.startswith(p)),
        "",
    )
    return {
        "kind": kind,
        "has_gps": item.gps_latitude is not None,
        **{column: getattr(item, column) for column in rows.COPIED},
    }


def actual_rows() -> dict[int, dict]:
    fields = ["item_id", "kind", "has_gps", *rows.COPIED]
    return {r.pop("item_id"): r for r in EvidenceRow.objects.values(*fields).order_by()}


def assert_in_step() -> None:
    items = EvidenceItem.objects.select_related("blob")
    assert actual_rows() == {item.pk: expected_row(item) for item in items}


@pytest.fixture
def items(indexed, tmp_path):
    return [
        indexed(
            samples.camera_jpeg(tmp_path / "a.jpg").read_bytes(),
            "a.jpg",
            title="convoy one",
        ),
        indexed(b"%PDF-1.4\n%%EOF\n", "b.pdf", title="convoy two", language="ar"),
        indexed(b"plain words", "c.txt", title="convoy three"),
    ]


def test_intake_writes_every_row(items):
    assert set(actual_rows()) == {i.pk for i in items}
    assert sorted(r["kind"] for r in actual_rows().values()) == ["image", "pdf", "text"]
    assert_in_step()


def test_a_queryset_update_is_in_step_at_once(items, analyst):
    """No signal runs for ``QuerySet.update``, no task either: the trigger does."""
    target = items[0]
    assert refs(find(analyst, q="convoy", order="oldest"))[0] == target.reference
    EvidenceItem.objects.filter(pk=target.pk).update(
        sensitivity="confidential",
        gps_latitude=12.5,
        gps_longitude=30.25,
        capture_time=NOW,
        language="uk",
        source_type="partner",
    )
    assert_in_step()
    assert target.reference not in refs(find(analyst, q="convoy"))
    assert find(analyst, q="convoy").total == 2
    # Its submitter still sees it, in the new place.
    found = find(target.submitted_by, bbox="30,12,31,13")
    assert refs(found) == [target.reference]
    assert [(b.value, b.count) for b in found.facets["language"]] == [("uk", 1)]


def test_a_lifted_protection_is_in_step(items, analyst):
    target = items[1]
    EvidenceItem.objects.filter(pk=target.pk).update(
        sensitivity="confidential",
        sensitivity_until=NOW,
        sensitivity_after="restricted",
    )
    assert_in_step()
    # Lifted in the past: restricted, so the analyst finds it.
    assert target.reference in refs(find(analyst, q="convoy"))
    EvidenceItem.objects.filter(pk=target.pk).update(
        sensitivity_until=dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
    )
    assert_in_step()
    assert target.reference not in refs(find(analyst, q="convoy"))


def test_a_blob_sniffed_again_changes_the_type(items, analyst):
    Blob.objects.filter(pk=items[2].blob_id).update(mime_type="video/mp4")
    assert_in_step()
    assert refs(find(analyst, type="video")) == [items[2].reference]
    assert find(analyst, type="text").total == 0


class RolledBack(Exception):
    pass


def test_a_blob_inserted_after_its_item_gives_the_type(items, analyst):
    """A deferred foreign key lets an item point at a blob that comes later in
    the same transaction: the row exists at once, and takes the type then."""
    target = items[0]
    later = Blob.objects.order_by("-pk").first().pk + 100
    EvidenceItem.objects.filter(pk=target.pk).update(blob_id=later)
    assert actual_rows()[target.pk]["kind"] == ""
    Blob.objects.create(
        id=later,
        sha256="a" * 64,
        sha512="b" * 128,
        md5="c" * 32,
        size=3,
        mime_type="audio/mpeg",
        store_key="later",
    )
    assert_in_step()
    assert refs(find(analyst, type="audio")) == [target.reference]


def test_a_deleted_item_leaves_no_row(items):
    gone = items[2]

    def delete_then_roll_back():
        with transaction.atomic(), connection.cursor() as cursor:
            # Custody events keep items from the ORM's delete; a statement is enough.
            cursor.execute("DELETE FROM evidence_evidenceitem WHERE id = %s", [gone.pk])
            raise RolledBack(set(actual_rows()))

    with pytest.raises(RolledBack) as raised:
        delete_then_roll_back()
    assert raised.value.args[0] == {items[0].pk, items[1].pk}
    # Back with the item, in the same transaction.
    assert_in_step()
    assert gone.pk in actual_rows()


def test_rebuild_repairs_rows(items):
    EvidenceRow.objects.filter(pk=items[0].pk).update(sensitivity="public")
    EvidenceRow.objects.filter(pk=items[1].pk).delete()
    indexing.rebuild()
    assert_in_step()


def test_rows_answer_what_the_items_answer(items, django_user_model, analyst):
    """``visible_rows`` and ``visible_items`` hold the same items, for every kind
    of user the policy tells apart."""
    lead = items[0].submitted_by
    outsider = make_user(django_user_model, "outsider", "Analysts")
    member = make_user(django_user_model, "member", "Analysts")
    protector = make_user(django_user_model, "protector", "Witness protection")
    custodian = make_user(django_user_model, "custodian", "Analysts")
    custodian.user_permissions.add(Permission.objects.get(codename="view_all_evidence"))
    custodian = django_user_model.objects.get(pk=custodian.pk)
    protector.user_permissions.add(Permission.objects.get(codename="view_all_evidence"))
    protector = django_user_model.objects.get(pk=protector.pk)
    nobody = make_user(django_user_model, "nobody")
    case = teams.create_case(
        actor=member, reference="R-1", title="Rows", forum_kind="icc", forum="ICC"
    )
    EvidenceItem.objects.filter(pk=items[0].pk).update(sensitivity="confidential")
    EvidenceItem.objects.filter(pk=items[1].pk).update(sensitivity="witness")
    incident = facts.add_incident(case=case, actor=member, title="Rows incident")
    EvidenceLink.objects.create(
        case=case,
        item=items[0],
        incident=incident,
        stance="supports",
        created_by=member,
        created_at=NOW,
    )
    token_user = django_user_model.objects.get(pk=member.pk)
    token_user.token_cases = frozenset({case.pk})

    users = {
        "lead": lead,
        "analyst": analyst,
        "outsider": outsider,
        "member": member,
        "protector": protector,
        "custodian": custodian,
        "nobody": nobody,
        "token": token_user,
    }
    seen = {}
    for name, user in users.items():
        by_rows = set(selectors.visible_rows(user).values_list("pk", flat=True))
        by_items = set(access.visible_items(user).values_list("pk", flat=True))
        assert by_rows == by_items, name
        seen[name] = by_rows
    # The property is not vacuous: the users see different items.
    assert seen["outsider"] == {items[2].pk}
    assert seen["member"] == {items[0].pk, items[2].pk}
    assert seen["token"] == {items[0].pk}
    assert seen["nobody"] == set()
    assert seen["custodian"] == {items[0].pk, items[2].pk}
    assert seen["protector"] == {i.pk for i in items}
