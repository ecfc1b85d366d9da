"""The disclosure decisions screen: the team decides, the history records it, the
export follows it, and no one else can decide or see the items."""

import pytest

from cases.exports.models import CaseItemDisclosure
from cases.exports.operations import export_case
from cases.models import AuditAction, CaseAuditEntry

pytestmark = pytest.mark.django_db


def url(case):
    return f"/admin/exports/{case.reference}/disclosure/"


def test_the_page_lists_each_item_with_its_default_disclosure(
    client, case, lead, items
):
    client.force_login(lead)

    page = client.get(url(case)).content.decode()

    for item in items:
        assert item.reference in page
    # The third item undermines an element: potentially exculpatory by default.
    assert page.count("<td>incriminating <em>(default)</em></td>") == 2
    assert page.count("potentially exculpatory (art. 67(2)) <em>(default)</em>") == 1


def test_deciding_for_ticked_items_records_it_and_the_export_follows(
    client, case, lead, items, tmp_path
):
    client.force_login(lead)

    response = client.post(
        url(case),
        {
            "items": [items[0].pk, items[2].pk],
            "category": "rule77",
            "confidentiality": "ex_parte",
        },
        follow=True,
    )

    assert "Disclosure decided for 2 item(s)." in response.content.decode()
    decided = CaseItemDisclosure.objects.filter(case=case).order_by("item_id")
    assert [
        (d.item_id, d.category, d.confidentiality, d.decided_by_id) for d in decided
    ] == [
        (items[0].pk, "rule77", "ex_parte", lead.pk),
        (items[2].pk, "rule77", "ex_parte", lead.pk),
    ]
    entries = CaseAuditEntry.objects.filter(action=AuditAction.DISCLOSURE_DECIDED)
    assert {e.object_id for e in entries} == {str(d.pk) for d in decided}
    assert len({e.action_id for e in entries}) == 1  # one action
    assert all(e.before is None for e in entries)
    assert entries[0].after == {"category": "rule77", "confidentiality": "ex_parte"}

    export = export_case(
        case=case, user=lead, out=tmp_path / "out", disclosure_category="rule77"
    )
    assert export.item_count == 2


def test_changing_a_decision_keeps_what_it_replaced(client, case, lead, items):
    client.force_login(lead)
    for category in ("exculpatory", "incriminating"):
        client.post(
            url(case),
            {"items": [items[1].pk], "category": category, "confidentiality": "public"},
        )

    last = CaseAuditEntry.objects.filter(action=AuditAction.DISCLOSURE_DECIDED).last()
    assert last.before == {"category": "exculpatory", "confidentiality": "public"}
    assert last.after == {"category": "incriminating", "confidentiality": "public"}


def test_sending_the_same_decision_again_records_nothing_new(client, case, lead, items):
    client.force_login(lead)
    decision = {"category": "exculpatory", "confidentiality": "public"}
    client.post(url(case), {"items": [items[1].pk], **decision})

    response = client.post(
        url(case), {"items": [items[0].pk, items[1].pk], **decision}, follow=True
    )

    page = response.content.decode()
    assert "Disclosure decided for 1 item(s)." in page
    assert "1 item(s) already had this decision: nothing changed for them." in page
    entries = CaseAuditEntry.objects.filter(action=AuditAction.DISCLOSURE_DECIDED)
    assert sorted(e.summary.split(":")[0] for e in entries) == sorted(
        [items[1].reference, items[0].reference]
    )
    assert all(e.before != e.after for e in entries)


def test_an_item_of_another_case_cannot_be_chosen(client, case, lead, items, ingest):
    stray = ingest(b"not in the case", "stray.txt", user=lead)
    client.force_login(lead)

    response = client.post(
        url(case),
        {"items": [stray.pk], "category": "rule77", "confidentiality": "public"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CaseItemDisclosure.objects.exists()


def test_nothing_ticked_is_a_clear_error(client, case, lead, items):
    client.force_login(lead)

    response = client.post(
        url(case), {"category": "rule77", "confidentiality": "public"}
    )

    assert "Tick at least one item." in response.content.decode()


def test_someone_off_the_team_gets_404_and_decides_nothing(
    client, case, items, outsider_analyst
):
    client.force_login(outsider_analyst)

    assert client.get(url(case)).status_code == 404
    response = client.post(
        url(case),
        {"items": [items[0].pk], "category": "rule77", "confidentiality": "public"},
    )
    assert response.status_code == 404
    assert not CaseItemDisclosure.objects.exists()


def test_a_malformed_item_or_unknown_category_is_a_form_error(
    client, case, lead, items
):
    client.force_login(lead)

    malformed = client.post(
        url(case),
        {"items": ["not-an-id"], "category": "rule77", "confidentiality": "public"},
    )
    unknown = client.post(
        url(case),
        {"items": [items[0].pk], "category": "secret", "confidentiality": "public"},
    )

    assert malformed.status_code == unknown.status_code == 200
    assert "“not-an-id” is not a valid value." in malformed.content.decode()
    assert "Select a valid choice. secret is not one of the available choices." in (
        unknown.content.decode()
    )
    assert not CaseItemDisclosure.objects.exists()
    assert not CaseAuditEntry.objects.filter(
        action=AuditAction.DISCLOSURE_DECIDED
    ).exists()
