"""API tokens: limited to cases, expiring, revocable, listed for their owner."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import APIToken

from accounts.models import SecurityEvent
from accounts.tokens import issue_token
from cases import facts, links, teams
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(django_user_model):
    return make_user(django_user_model, "lena", "Investigators", "Analysts")


def _case(lead, reference):
    return teams.create_case(
        actor=lead,
        reference=reference,
        title=f"Case {reference}",
        forum_kind="icc",
        forum="Situation",
    )


@pytest.fixture
def two_cases(lead, ingest):
    """Cases A and B, each with a confidential item linked to it, and a third
    confidential item of the lead's linked to no case."""
    found = {}
    for reference in ("CASE-A", "CASE-B"):
        case = _case(lead, reference)
        person = facts.add_person(case=case, actor=lead, name=f"Commander {reference}")
        item = ingest(
            reference.encode(),
            f"{reference}.txt",
            user=lead,
            sensitivity="confidential",
        )
        links.link_evidence(case=case, item=item, actor=lead, person=person)
        found[reference] = (case, item)
    found["loose"] = ingest(
        b"loose", "loose.txt", user=lead, sensitivity="confidential"
    )
    return found


def _get(client, url, secret):
    return client.get(url, headers={"authorization": f"Bearer {secret}"})


def test_a_token_limited_to_a_case_reaches_only_it_and_its_items(
    client, lead, two_cases
):
    case_a, item_a = two_cases["CASE-A"]
    case_b, item_b = two_cases["CASE-B"]
    _, scoped = issue_token(user=lead, name="court laptop", cases=[case_a])
    _, broad = issue_token(user=lead, name="desk")

    listed = _get(client, "/api/v1/cases", scoped).json()

    assert [c["reference"] for c in listed] == ["CASE-A"]
    assert _get(client, "/api/v1/cases/CASE-A", scoped).status_code == 200
    assert _get(client, "/api/v1/cases/CASE-B", scoped).status_code == 404
    assert _get(client, "/api/v1/cases/CASE-B/matrix", scoped).status_code == 404
    assert (
        _get(client, f"/api/v1/evidence/{item_a.reference}", scoped).status_code == 200
    )
    for other in (item_b, two_cases["loose"]):
        assert (
            _get(client, f"/api/v1/evidence/{other.reference}", scoped).status_code
            == 404
        )
        found = _get(client, f"/api/v1/evidence?sha256={other.blob.sha256}", scoped)
        assert found.json() == []
        assert (
            _get(
                client, f"/api/v1/evidence/{other.reference}/original", scoped
            ).status_code
            == 404
        )
    # The same user's unlimited token reaches everything of theirs.
    assert sorted(
        c["reference"] for c in _get(client, "/api/v1/cases", broad).json()
    ) == [
        "CASE-A",
        "CASE-B",
    ]
    assert (
        _get(client, f"/api/v1/evidence/{item_b.reference}", broad).status_code == 200
    )


def test_a_token_cannot_be_limited_to_someone_elses_case(
    lead, two_cases, django_user_model
):
    stranger = make_user(django_user_model, "stan", "Analysts")
    case_a, _ = two_cases["CASE-A"]

    with pytest.raises(ValueError, match="only be limited to the user's own cases"):
        issue_token(user=stranger, name="sneaky", cases=[case_a])

    assert not APIToken.objects.filter(user=stranger).exists()


def test_the_command_issues_a_case_scoped_token(lead, two_cases, capsys):
    call_command("issue_token", "lena", "court", "--case", "CASE-B", "--days", "7")

    out = capsys.readouterr().out
    assert "reaches CASE-B" in out
    token = APIToken.objects.get(user=lead, name="court")
    assert [c.reference for c in token.policy.cases.all()] == ["CASE-B"]
    with pytest.raises(CommandError, match="no case NOPE"):
        call_command("issue_token", "lena", "x", "--case", "NOPE")


def test_expired_and_revoked_tokens_get_401(client, lead, two_cases):
    _, expired = issue_token(user=lead, name="old", days=0)
    token, revoked = issue_token(user=lead, name="lost")
    token.revoked_at = timezone.now() - dt.timedelta(minutes=1)
    token.save()

    for secret in (expired, revoked):
        assert _get(client, "/api/v1/cases", secret).status_code == 401


def test_the_owner_lists_their_tokens_and_no_one_elses(
    client, lead, two_cases, django_user_model
):
    other = make_user(django_user_model, "olga", "Analysts")
    case_a, _ = two_cases["CASE-A"]
    issue_token(user=lead, name="court laptop", cases=[case_a])
    issue_token(user=other, name="olga's phone")
    client.force_login(lead)

    page = client.get("/admin/account/tokens/").content.decode()

    assert "court laptop" in page
    assert "CASE-A" in page
    assert "olga&#x27;s phone" not in page
    assert "olga's phone" not in page


def test_the_owner_revokes_a_token_and_it_stops_working(client, lead, two_cases):
    token, secret = issue_token(user=lead, name="lost laptop")
    assert _get(client, "/api/v1/cases", secret).status_code == 200
    client.force_login(lead)

    response = client.post(f"/admin/account/tokens/{token.prefix}/revoke/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert _get(client, "/api/v1/cases", secret).status_code == 401
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.TOKEN_REVOKED, user=lead, target=token.prefix
    ).exists()


def test_no_one_revokes_another_persons_token(client, lead, django_user_model):
    other = make_user(django_user_model, "olga", "Analysts")
    token, _ = issue_token(user=other, name="olga's phone")
    client.force_login(lead)

    response = client.post(f"/admin/account/tokens/{token.prefix}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
