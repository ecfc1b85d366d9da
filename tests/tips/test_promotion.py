"""Promoting a tip's file to evidence goes through intake and must match the hash
recorded on arrival."""

import hashlib

import pyrage
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chain_of_custody.models import CustodyEvent
from evidence.models import EvidenceItem
from tips.inbox import accession_event
from tips.models import Tip, TipPart
from tips.promotion import PromotionRefused, promote_part
from tips.store import tips_store

pytestmark = pytest.mark.django_db

DOCUMENT = b"%PDF-1.4\n order 227: clear the village \n%%EOF\n"


@pytest.fixture
def part(client):
    client.post("/tips/", {"files": [SimpleUploadedFile("order-227.pdf", DOCUMENT)]})
    return Tip.objects.get().parts.get(index=0)


def test_promotion_ingests_the_decrypted_file_linked_to_its_accession(
    part, org_key, tips_officer
):
    item = promote_part(part=part, key_text=org_key, actor=tips_officer)
    accession = accession_event(part)

    assert item.source_type == "confidential_tip"
    assert item.blob.sha256 == hashlib.sha256(DOCUMENT).hexdigest()
    assert item.blob.sha256 == accession.item_sha256
    assert item.original_filename == "order-227.pdf"
    assert f"accession event #{accession.seq}" in item.source_note
    assert accession.leaf_hash in item.source_note
    assert TipPart.objects.get(pk=part.pk).promoted_item == item
    ingestion = CustodyEvent.objects.get(item=item, event_type="ing")
    assert ingestion.seq > accession.seq
    assert ingestion.detail.details["sha256"] == accession.item_sha256


def test_promotion_through_the_workspace(client, part, org_key, tips_officer):
    client.force_login(tips_officer)
    response = client.post(
        f"/admin/tips/{part.tip_id}/part/0/promote/",
        {"identity": org_key, "title": "Order 227"},
    )
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.title == "Order 227"
    page = client.get(f"/admin/tips/{part.tip_id}/").content.decode()
    assert item.reference in page


def test_promotion_is_refused_when_the_hash_differs(
    part, org_key, org_identity, tips_officer
):
    # Anyone holding the public key can make a valid ciphertext: swap one in.
    planted = pyrage.encrypt(b"%PDF-1.4 forged order", [org_identity.to_public()])
    tips_store().path(part.ciphertext_name).write_bytes(planted)

    with pytest.raises(PromotionRefused) as refused:
        promote_part(part=part, key_text=org_key, actor=tips_officer)

    assert str(refused.value).startswith(
        "Refused: the decrypted file's SHA-256 differs from the one recorded when "
        f"it arrived ({part.sha256})."
    )
    assert not EvidenceItem.objects.exists()
    refusal = CustodyEvent.objects.get(event_type="ing", outcome="failure")
    assert refusal.item_id is None
    assert TipPart.objects.get(pk=part.pk).promoted_item is None


def test_promotion_is_refused_when_the_row_disagrees_with_the_ledger(
    part, org_key, tips_officer
):
    TipPart.objects.filter(pk=part.pk).update(sha256="0" * 64)
    part.refresh_from_db()
    with pytest.raises(PromotionRefused, match="differs from the one in the custody"):
        promote_part(part=part, key_text=org_key, actor=tips_officer)
    assert not EvidenceItem.objects.exists()


def test_a_part_is_promoted_once(part, org_key, tips_officer):
    item = promote_part(part=part, key_text=org_key, actor=tips_officer)
    part.refresh_from_db()
    with pytest.raises(
        PromotionRefused, match=f"already evidence item {item.reference}"
    ):
        promote_part(part=part, key_text=org_key, actor=tips_officer)


def test_promotion_needs_the_right_to_submit_evidence(part, org_key, django_user_model):
    from tests.conftest import make_user

    reader = make_user(django_user_model, "rita", "Tips inbox")
    with pytest.raises(PromotionRefused, match="you may not submit evidence"):
        promote_part(part=part, key_text=org_key, actor=reader)
    assert not EvidenceItem.objects.exists()
