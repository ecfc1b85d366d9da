"""The case workspace and API: the team sees the case; everyone else gets 404."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tokens import issue_token
from cases import links, witnesses
from cases.models import CaseAuditEntry, Element, EvidenceLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(case, lawyer, murder_charge, ingest):
    item = ingest(b"%PDF-1.4 fake report", "report.pdf")
    link = links.link_evidence(
        case=case,
        item=item,
        actor=lawyer,
        charge=murder_charge,
        element=Element.objects.get(code="RS-7-1-a-1"),
    )
    witness = witnesses.register_witness(
        case=case, actor=lawyer, protection_level="pseudonym"
    )
    return item, link, witness


def case_urls(case, link, witness, charge):
    ref = case.reference
    return [
        reverse("cases:case", args=[ref]),
        reverse("cases:matrix", args=[ref]),
        reverse("cases:matrix_export", args=[ref, "csv"]),
        reverse("cases:matrix_export", args=[ref, "xlsx"]),
        reverse("cases:matrix_export", args=[ref, "pdf"]),
        reverse("cases:row", args=[ref, charge.pk, link.element_id]),
        reverse("cases:incidents", args=[ref]),
        reverse("cases:history", args=[ref]),
        reverse("cases:witness_identity", args=[ref, witness.pseudonym]),
    ]


def api_paths(case):
    ref = case.reference
    return [
        f"/api/v1/cases/{ref}",
        f"/api/v1/cases/{ref}/matrix",
        f"/api/v1/cases/{ref}/incidents",
    ]


def bearer(user):
    _, token = issue_token(user=user, name="test", scope="read")
    return {"authorization": f"Bearer {token}"}


def test_non_member_gets_404_on_every_case_url_and_endpoint(
    client, case, murder_charge, linked, analyst
):
    _, link, witness = linked
    client.force_login(analyst)  # staff, may create cases, but not on this team
    for url in case_urls(case, link, witness, murder_charge):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "charge"}).status_code in (404, 405), url
    retract = reverse("cases:retract", args=[case.reference, link.pk])
    assert client.post(retract, {"reason": "x"}).status_code == 404
    headers = bearer(analyst)
    for path in api_paths(case):
        assert client.get(path, headers=headers).status_code == 404, path
    assert client.get("/api/v1/cases", headers=headers).json() == []
    page = client.get(reverse("cases:index"))
    assert reverse("cases:case", args=[case.reference]) not in page.content.decode()
    link.refresh_from_db()
    assert not link.is_retracted


def test_member_sees_the_matrix_exports_and_api(
    client, case, lawyer, murder_charge, linked
):
    item, _, _ = linked
    client.force_login(lawyer)
    page = client.get(reverse("cases:matrix", args=[case.reference]))
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("evidence:item", args=[item.reference]) in html
    assert 'data-element="RS-7-1-a-1" data-supports="1"' in html
    csv_body = client.get(
        reverse("cases:matrix_export", args=[case.reference, "csv"])
    ).content.decode("utf-8-sig")
    assert f"{item.reference} [whole item]" in csv_body
    xlsx = client.get(reverse("cases:matrix_export", args=[case.reference, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["C2"].value == "RS-7-1-a-1"
    pdf = client.get(reverse("cases:matrix_export", args=[case.reference, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert (
        CaseAuditEntry.objects.filter(case=case, action="matrix.exported").count() == 3
    )
    rows = client.get(
        f"/api/v1/cases/{case.reference}/matrix", headers=bearer(lawyer)
    ).json()
    first = next(r for r in rows if r["element"] == "RS-7-1-a-1")
    assert first["supports"] == 1
    assert first["pins"][0]["reference"] == item.reference


def test_add_to_case_from_the_item_page(client, case, lawyer, murder_charge, ingest):
    item = ingest(b"video", "clip.mp4")
    client.force_login(lawyer)
    item_page = client.get(reverse("evidence:item", args=[item.reference]))
    assert (
        reverse("cases:add_to_case", args=[item.reference])
        in item_page.content.decode()
    )
    element = Element.objects.get(code="RS-25-3-a-DIR-1")
    url = reverse("cases:add_to_case", args=[item.reference])
    response = client.post(
        url,
        {
            "case": case.reference,
            "target": f"{murder_charge.pk}:{element.pk}",
            "stance": "supports",
            "time_from": "12",
            "time_to": "30",
            "probative_note": "Shows the suspect firing.",
        },
    )
    assert response.status_code == 302
    link = EvidenceLink.objects.get(item=item)
    assert (link.element, link.time_from, link.time_to) == (element, 12, 30)
    bad = client.post(
        url,
        {
            "case": case.reference,
            "target": f"{murder_charge.pk}:{element.pk}",
            "stance": "supports",
            "page_from": "4",
            "page_to": "2",
        },
    )
    assert "Pages run from the first page to the last." in bad.content.decode()


def test_witness_identity_page_for_witness_protection_only(
    client, case, lawyer, protector
):
    from cases import teams

    teams.add_member(case=case, actor=lawyer, user=protector, role="witness_protection")
    witness = witnesses.register_witness(
        case=case, actor=lawyer, protection_level="in_court"
    )
    witnesses.record_identity(
        witness=witness, actor=protector, legal_name="Ruth Example"
    )
    url = reverse("cases:witness_identity", args=[case.reference, witness.pseudonym])
    client.force_login(lawyer)
    assert client.get(url).status_code == 404
    client.force_login(protector)
    page = client.get(url)
    assert page.status_code == 200
    assert "Ruth Example" in page.content.decode()
