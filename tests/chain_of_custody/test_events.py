"""The custody vocabulary: each kind of event lands in the ledger as its PREMIS code."""

import pytest
from django.db import transaction

from chain_of_custody import events
from chain_of_custody.ledger import leaf_bytes_of
from chain_of_custody.merkle import leaf_hash
from chain_of_custody.models import CustodyEvent, EventType, Outcome

pytestmark = pytest.mark.django_db


def _check(event, item, code):
    assert event.event_type == code
    stored = CustodyEvent.objects.select_related("detail").get(seq=event.seq)
    reference = item.reference if item is not None else ""
    assert leaf_hash(leaf_bytes_of(stored, reference)).hex() == stored.leaf_hash
    if item is not None:
        assert stored.item_sha256 == item.blob.sha256
    return stored.detail


def test_intake_view_and_download_appear_in_the_ledger(ingest, investigator):
    from evidence import retrieval

    item = ingest(b"photo bytes", "photo.jpg")
    retrieval.open_item(user=investigator, reference=item.reference)
    retrieval.download_original(user=investigator, reference=item.reference)
    kinds = list(
        CustodyEvent.objects.filter(item=item)
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert kinds[0] == EventType.INGESTION
    assert EventType.DISPLAYING in kinds
    assert EventType.DISSEMINATION in kinds


def _exported(item, actor):
    with transaction.atomic():
        events.record_exports(
            items=[item], actor=actor, export="bundle-7", destination="ICC"
        )
    return CustodyEvent.objects.get(item=item, event_type=EventType.EXPORTING)


def test_each_new_kind_records_its_premis_code(ingest, investigator):
    item = ingest(b"statement", "statement.pdf")
    cases = [
        (
            events.record_redaction(
                item=item,
                actor=investigator,
                derivative=item.blob,
                legal_basis="Rule 81(4)",
                approved_by="second reviewer",
            ),
            EventType.REDACTION,
            "legal_basis",
        ),
        (
            _exported(item, investigator),
            EventType.EXPORTING,
            "destination",
        ),
        (
            events.record_packing(
                item=item, actor=None, package="bag-7", package_sha256="00" * 32
            ),
            EventType.PACKING,
            "package",
        ),
        (
            events.record_fixity_check(
                item=item,
                actor=None,
                outcome=Outcome.SUCCESS,
                summary="Fixity holds",
                details={"sha256": True},
            ),
            EventType.FIXITY_CHECK,
            "sha256",
        ),
        (
            events.record_replication(
                item=item,
                actor=None,
                blob=item.blob,
                store="offsite",
                outcome=Outcome.SUCCESS,
            ),
            EventType.REPLICATION,
            "store",
        ),
        (
            events.record_transfer(
                item=item,
                actor=investigator,
                from_custodian="field team",
                to_custodian="archive",
            ),
            EventType.TRANSFER,
            "from",
        ),
    ]
    for event, code, key in cases:
        detail = _check(event, item, code)
        assert key in detail.details


def test_a_verification_is_a_log_wide_validation_event():
    event = events.record_verification(
        actor=None, outcome=Outcome.FAILURE, summary="2 problems", details={"n": 2}
    )
    detail = _check(event, None, EventType.VALIDATION)
    assert event.item is None
    assert event.outcome == Outcome.FAILURE
    assert detail.summary == "2 problems"
