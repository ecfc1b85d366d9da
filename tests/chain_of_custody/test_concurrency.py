"""Concurrent writers: seqs stay gap-free and the tree never forks."""

import threading

import pytest
from django.db import connection, connections, transaction

from chain_of_custody.ledger import append_event
from chain_of_custody.merkle import root_from_leaf_hashes
from chain_of_custody.models import CustodyEvent, PendingEvent
from chain_of_custody.tree import root_at, tree_head
from chain_of_custody.verification import verify_log

POSTGRES = connection.vendor == "postgresql"
# PostgreSQL runs the full load; SQLite, which serialises whole
# transactions, a lighter one that still interleaves the writers.
THREADS, APPENDS = (16, 200) if POSTGRES else (8, 25)


def _writer(errors, barrier):
    try:
        barrier.wait()
        for n in range(APPENDS):
            with transaction.atomic():
                append_event(
                    event_type="val",
                    item=None,
                    actor=None,
                    outcome="success",
                    summary=f"concurrent {n}",
                )
    except Exception as error:  # noqa: BLE001 (reported to the test thread)
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["direct", "batched"])
def test_concurrent_appends_are_gap_free_with_the_recomputed_root(
    signing_key, settings, mode
):
    settings.INDISPUTABLE_CUSTODY_APPENDS = mode
    errors: list[Exception] = []
    barrier = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_writer, args=(errors, barrier)) for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not PendingEvent.objects.exists()
    total = THREADS * APPENDS
    seqs = list(CustodyEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(total))
    hashes = CustodyEvent.objects.order_by("seq").values_list("leaf_hash", flat=True)
    expected = root_from_leaf_hashes(bytes.fromhex(h) for h in hashes)
    assert tree_head() == (total, expected)
    assert root_at(total) == expected
    report = verify_log(keys=signing_key.verifier)
    assert report.ok, report.problems
