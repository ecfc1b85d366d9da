"""Appending many events at once (a court export's ``exp`` per item): the log is
the one single appends would make, and verifies."""

import pytest
from custody_testing import append, run_verify
from django.db import transaction

from chain_of_custody import leaves, ledger
from chain_of_custody.checkpoints import create_checkpoint
from chain_of_custody.ledger import NewEvent, append_events, leaf_bytes_of
from chain_of_custody.merkle import leaf_hash
from chain_of_custody.models import CustodyEvent, CustodyHead, EventType, Outcome

pytestmark = pytest.mark.django_db

BATCH = 40  # from seq 6 to 45: completes stored subtrees mid-batch


@pytest.mark.parametrize("insert_batch", [1000, 7])  # one insert; several
def test_a_batch_chains_into_the_log_as_single_appends(
    signing_key, ingest, investigator, monkeypatch, insert_batch
):
    monkeypatch.setattr(ledger, "APPEND_BATCH", insert_batch)
    item = ingest(b"exported file")
    append(5)  # the batch starts in the middle of a subtree
    before = CustodyHead.objects.get().size

    with transaction.atomic():
        append_events(
            [
                NewEvent(
                    event_type=EventType.EXPORTING,
                    item=item if n % 2 else None,
                    actor=investigator if n % 3 else None,
                    outcome=Outcome.SUCCESS,
                    summary=f"batch event {n}",
                    details={"n": n},
                )
                for n in range(BATCH)
            ]
        )
    append(1)  # a single append after the batch chains on its head

    events = list(CustodyEvent.objects.select_related("item", "detail").order_by("seq"))
    assert [e.seq for e in events] == list(range(before + BATCH + 1))
    assert CustodyHead.objects.get().size == before + BATCH + 1
    for n, event in enumerate(events[before : before + BATCH]):
        detail = event.detail
        assert detail.summary == f"batch event {n}"
        assert detail.details == {"n": n}
        assert event.item_id == (item.pk if n % 2 else None)
        assert event.item_sha256 == (item.blob.sha256 if n % 2 else "")
        assert detail.actor_id == (investigator.pk if n % 3 else None)
        assert event.actor_pid == (str(investigator.custody_pid) if n % 3 else "system")
        assert event.details_commitment == leaves.commit_details(
            salt=detail.salt,
            payload={
                "actor_label": detail.actor_label,
                "summary": detail.summary,
                "details": detail.details,
            },
        )
        reference = event.item.reference if event.item else ""
        assert event.leaf_hash == leaf_hash(leaf_bytes_of(event, reference)).hex()
    create_checkpoint()
    ok, output = run_verify()
    assert ok, output
    assert "Verification OK" in output
