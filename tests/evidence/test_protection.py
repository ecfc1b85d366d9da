"""Protection levels with a lift date: applied in SQL, changed only with a record."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import SecurityEvent
from chain_of_custody.models import CustodyEvent, EventType
from evidence import access, protection
from evidence.models import EvidenceItem
from evidence.protection import ProtectionError, set_protection

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(ingest):
    return ingest(b"names of survivors", "list.txt", sensitivity="confidential")


@pytest.fixture
def clock(monkeypatch):
    """Move the clock forward by a timedelta."""
    real_now = timezone.now

    def advance(delta: dt.timedelta) -> None:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)

    return advance


def test_before_the_lift_date_an_outsider_cannot_see_it_and_after_they_can(
    client, secret, investigator, analyst, clock
):
    set_protection(
        item=secret,
        actor=investigator,
        level="confidential",
        until=timezone.now() + dt.timedelta(days=30),
        reason="Sealed until the witnesses are relocated.",
    )
    client.force_login(analyst)

    assert secret not in access.visible_items(analyst)
    assert client.get(f"/admin/evidence/item/{secret.reference}/").status_code == 404

    clock(dt.timedelta(days=31))
    client.force_login(analyst)  # a month later: a new session

    assert secret in access.visible_items(analyst)
    assert client.get(f"/admin/evidence/item/{secret.reference}/").status_code == 200
    assert protection.level_in_force(EvidenceItem.objects.get(pk=secret.pk)) == (
        "restricted"
    )


def test_a_witness_identifying_item_lifts_to_the_level_chosen(
    ingest, investigator, analyst, clock, django_user_model
):
    from tests.conftest import make_user

    protector = make_user(
        django_user_model, "petra", "Witness protection", "Investigators"
    )
    item = ingest(b"statement", "s.txt", user=protector, sensitivity="witness")
    set_protection(
        item=item,
        actor=protector,
        level="witness",
        until=timezone.now() + dt.timedelta(days=1),
        after="public",
        reason="The witness asked to be named after the verdict.",
    )
    assert item not in access.visible_items(analyst)
    assert item in access.visible_items(protector)

    clock(dt.timedelta(days=2))

    assert item in access.visible_items(analyst)


def test_the_change_is_a_custody_event_and_a_security_event(secret, investigator):
    until = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)

    set_protection(
        item=secret,
        actor=investigator,
        level="witness",
        until=until,
        reason="A witness is named on page 3.",
    )

    event = CustodyEvent.objects.get(
        item=secret, event_type=EventType.POLICY_ASSIGNMENT
    )
    assert event.detail.actor == investigator
    assert event.detail.summary == (
        "Protection set to witness, lifted to confidential from "
        "2031-01-01T00:00:00+00:00"
    )
    assert event.detail.details == {
        "level": "witness",
        "until": "2031-01-01T00:00:00+00:00",
        "after": "confidential",
        "before": {"level": "confidential", "until": "", "after": ""},
        "reason": "A witness is named on page 3.",
    }
    audit = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PROTECTION_CHANGED)
    assert audit.user == investigator
    assert audit.target == f"{secret.reference}: confidential -> witness"
    secret.refresh_from_db()
    assert (secret.sensitivity, secret.sensitivity_until, secret.sensitivity_after) == (
        "witness",
        until,
        "confidential",
    )


def test_removing_the_lift_date_keeps_the_level(secret, investigator):
    set_protection(
        item=secret,
        actor=investigator,
        level="confidential",
        until=timezone.now() + dt.timedelta(days=1),
        reason="Sealed for a day.",
    )
    set_protection(
        item=secret, actor=investigator, level="confidential", reason="Sealed again."
    )

    secret.refresh_from_db()
    assert (secret.sensitivity_until, secret.sensitivity_after) == (None, "")
    assert (
        CustodyEvent.objects.filter(
            item=secret, event_type=EventType.POLICY_ASSIGNMENT
        ).count()
        == 2
    )


def test_someone_outside_the_items_custody_may_not_change_it(
    ingest, analyst, investigator
):
    item = ingest(b"open", "open.txt", sensitivity="restricted")
    before = CustodyEvent.objects.count()

    with pytest.raises(access.AccessDenied, match="may not change this item"):
        set_protection(item=item, actor=analyst, level="public", reason="Why not.")

    item.refresh_from_db()
    assert item.sensitivity == "restricted"
    assert CustodyEvent.objects.count() == before
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.ACCESS_DENIED, target=f"protection of {item.reference}"
    ).exists()


@pytest.mark.parametrize(
    ("level", "after", "until", "message"),
    [
        (
            "confidential",
            "witness",
            "later",
            "lifts to a lower level than confidential",
        ),
        ("public", None, "later", "public items have no protection to lift"),
        ("secret", None, None, "unknown protection level 'secret'"),
        ("restricted", None, "naive", "the lift date needs a time zone"),
    ],
)
def test_impossible_changes_are_refused_and_change_nothing(
    secret, investigator, level, after, until, message
):
    when = {
        None: None,
        "later": timezone.now() + dt.timedelta(days=1),
        "naive": dt.datetime(2030, 1, 1),  # noqa: DTZ001 - the mistake under test
    }[until]

    with pytest.raises(ProtectionError, match=message):
        set_protection(
            item=secret,
            actor=investigator,
            level=level,
            until=when,
            after=after,
            reason="Testing.",
        )

    secret.refresh_from_db()
    assert (secret.sensitivity, secret.sensitivity_until) == ("confidential", None)


def test_a_reason_is_required(secret, investigator):
    with pytest.raises(ProtectionError, match="say why"):
        set_protection(item=secret, actor=investigator, level="witness", reason=" ")


def test_the_database_refuses_a_lift_to_a_higher_level(secret):
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceItem.objects.filter(pk=secret.pk).update(
            sensitivity_until=timezone.now(), sensitivity_after="witness"
        )


def test_the_item_page_changes_the_protection(client, secret, investigator):
    client.force_login(investigator)
    url = f"/admin/evidence/item/{secret.reference}/protection/"

    refused = client.post(
        url, {"level": "public", "until": "2031-01-01T00:00", "reason": "x"}
    )
    done = client.post(
        url,
        {
            "level": "confidential",
            "until": "2031-01-01T00:00",
            "after": "public",
            "reason": "Sealed until the trial opens.",
        },
    )

    assert refused.status_code == 400
    assert "public items have no protection to lift" in refused.content.decode()
    assert done.status_code == 302
    secret.refresh_from_db()
    assert (secret.sensitivity_until, secret.sensitivity_after) == (
        dt.datetime(2031, 1, 1, tzinfo=dt.UTC),
        "public",
    )
    page = client.get(f"/admin/evidence/item/{secret.reference}/").content.decode()
    assert "from 2031-01-01 00:00 UTC, public" in page


def test_the_form_is_refused_to_someone_outside_the_items_custody(
    client, ingest, analyst
):
    item = ingest(b"open", "open.txt", sensitivity="restricted")
    client.force_login(analyst)

    page = client.get(f"/admin/evidence/item/{item.reference}/").content.decode()
    response = client.post(
        f"/admin/evidence/item/{item.reference}/protection/",
        {"level": "public", "reason": "Why not."},
    )

    assert "Change protection" not in page
    # The admin turns the refusal into a redirect home with the reason.
    assert (response.status_code, response.url) == (302, "/admin/")
    item.refresh_from_db()
    assert item.sensitivity == "restricted"
