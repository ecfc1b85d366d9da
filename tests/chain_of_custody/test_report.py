"""The custody report of an item: a staff page and a PDF with proofs."""

import io

import pytest
from custody_testing import append
from django.urls import reverse
from pypdf import PdfReader

from chain_of_custody.checkpoints import create_checkpoint
from chain_of_custody.models import CustodyEvent, EventType

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(ingest, investigator, signing_key):
    item = ingest(b"video bytes", "clip.mp4")
    append(5)
    create_checkpoint()
    return item


def test_the_report_page_lists_every_event_with_its_proof(client, investigator, item):
    client.force_login(investigator)
    response = client.get(reverse("custody_item_report", args=[item.reference]))
    assert response.status_code == 200
    page = response.content.decode()
    ingestion = CustodyEvent.objects.get(item=item, event_type=EventType.INGESTION)
    assert ingestion.leaf_hash in page
    assert "c2sp.org/tlog-proof@v1" in page
    assert "ivana" in page
    viewed = CustodyEvent.objects.filter(item=item, event_type=EventType.DISPLAYING)
    assert viewed.get().detail.summary == "Displayed custody report"
    # This very view is the newest event: no checkpoint covers it yet.
    assert page.count("after the next checkpoint") == 1


def test_the_pdf_holds_events_hashes_checkpoint_and_proofs(client, investigator, item):
    client.force_login(investigator)
    response = client.get(reverse("custody_item_report_pdf", args=[item.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert item.reference in text
    assert item.blob.sha256 in text
    assert "c2sp.org/tlog-proof@v1" in text
    assert "indisputable.invalid/custody" in text
    assert "ingestion (ing)" in text


def test_people_without_access_get_404_and_nothing_is_recorded(client, outsider, item):
    client.force_login(outsider)
    before = CustodyEvent.objects.count()
    for name in ("custody_item_report", "custody_item_report_pdf"):
        response = client.get(reverse(name, args=[item.reference]))
        assert response.status_code in (302, 403, 404)
    assert CustodyEvent.objects.count() == before


def test_anonymous_visitors_are_sent_to_login(client, item):
    response = client.get(reverse("custody_item_report", args=[item.reference]))
    assert response.status_code == 302


@pytest.fixture
def auditor(django_user_model):
    from tests.conftest import make_user

    return make_user(django_user_model, "audrey", "Auditors")


def test_an_auditor_reads_custody_but_not_content(client, auditor, ingest, item):
    secret = ingest(
        b"statement",
        "statement.pdf",
        title="Statement of a named witness",
        sensitivity="witness",
    )
    client.force_login(auditor)

    page = client.get(reverse("custody_item_report", args=[secret.reference]))
    pdf = client.get(reverse("custody_item_report_pdf", args=[secret.reference]))
    refused = [
        client.get(f"/admin/evidence/{secret.reference}/").status_code,
        client.get(f"/admin/evidence/{secret.reference}/original/").status_code,
    ]

    assert page.status_code == 200
    text = page.content.decode()
    assert secret.blob.sha256 in text
    ingestion = CustodyEvent.objects.get(item=secret, event_type=EventType.INGESTION)
    assert ingestion.leaf_hash in text
    assert "Statement of a named witness" not in text
    assert "Custody record only" in text
    pdf_text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert secret.blob.sha512 in pdf_text.replace("\n", "")
    assert "named witness" not in pdf_text
    assert refused == [404, 404]
    reads = CustodyEvent.objects.filter(
        item=secret, event_type=EventType.DISPLAYING, detail__actor=auditor
    )
    assert sorted(e.detail.summary for e in reads) == [
        "Displayed custody report",
        "Displayed custody report (PDF)",
    ]
