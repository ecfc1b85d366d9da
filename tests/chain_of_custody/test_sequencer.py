"""Batched appends: events commit with their operation, then get their seqs."""

import pytest
from django.db import transaction

from chain_of_custody import events
from chain_of_custody.models import CustodyEvent, Outcome, PendingEvent
from chain_of_custody.sequencer import sequence_pending
from chain_of_custody.verification import verify_log


@pytest.fixture
def batched(settings):
    settings.INDISPUTABLE_CUSTODY_APPENDS = "batched"


def _verification(n):
    with transaction.atomic():
        events.record_verification(
            actor=None, outcome=Outcome.SUCCESS, summary=f"run {n}", details={}
        )


@pytest.mark.django_db(transaction=True)
def test_each_event_is_in_the_log_once_its_operation_commits(batched, signing_key):
    for n in range(5):
        _verification(n)
        assert CustodyEvent.objects.count() == n + 1
    assert not PendingEvent.objects.exists()
    summaries = CustodyEvent.objects.order_by("seq").values_list(
        "detail__summary", flat=True
    )
    assert list(summaries) == [f"run {n}" for n in range(5)]
    assert verify_log(keys=signing_key.verifier).ok


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_operation_leaves_no_event(batched):
    def failing_operation():
        with transaction.atomic():
            events.record_verification(
                actor=None, outcome=Outcome.SUCCESS, summary="lost", details={}
            )
            raise RuntimeError("the operation failed")

    with pytest.raises(RuntimeError, match="the operation failed"):
        failing_operation()
    assert not PendingEvent.objects.exists()
    assert not CustodyEvent.objects.exists()


@pytest.mark.django_db
def test_events_left_pending_are_moved_in_batches_in_order(batched, signing_key):
    for n in range(7):
        _verification(n)  # inside the test's transaction: on_commit never runs
    assert PendingEvent.objects.count() == 7
    report = verify_log(keys=signing_key.verifier)
    assert [str(w) for w in report.warnings] == [
        "log: 7 committed events are still waiting for a seq"
    ]
    assert sequence_pending(batch_size=3) == 7
    seqs = CustodyEvent.objects.order_by("seq").values_list("seq", "detail__summary")
    assert list(seqs) == [(n, f"run {n}") for n in range(7)]
    assert verify_log(keys=signing_key.verifier).ok
