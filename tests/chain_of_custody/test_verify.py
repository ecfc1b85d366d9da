"""``manage.py custody verify``: every kind of tampering is detected and named."""

import os

import pytest
from custody_testing import append, rebuild_tree, run_verify, triggers_bypassed
from django.db import connection

from chain_of_custody import recompute
from chain_of_custody.checkpoints import create_checkpoint
from chain_of_custody.ledger import leaf_bytes_of
from chain_of_custody.merkle import leaf_hash
from chain_of_custody.models import (
    Checkpoint,
    CustodyDetail,
    CustodyEvent,
    EventType,
)
from chain_of_custody.verification import verify_log
from storage.handler import primary_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(signing_key, ingest):
    """Two items and 32 events (two stored subtrees), with a checkpoint of all."""
    items = [ingest(b"first file"), ingest(b"second file")]
    append(30)
    create_checkpoint()
    return items


def _rehash(cursor, seq):
    event = CustodyEvent.objects.select_related("item").get(seq=seq)
    reference = event.item.reference if event.item else ""
    cursor.execute(
        "UPDATE chain_of_custody_custodyevent SET leaf_hash = %s WHERE seq = %s",
        [leaf_hash(leaf_bytes_of(event, reference)).hex(), seq],
    )


def test_an_untouched_log_verifies_and_records_the_verification(log):
    ok, output = run_verify("--fixity")
    assert ok, output
    assert "Verification OK" in output
    assert "2 blobs" in output
    last = CustodyEvent.objects.select_related("detail").order_by("-seq").first()
    assert last.event_type == EventType.VALIDATION
    assert last.outcome == "success"
    assert last.detail.details["size"] == 32  # as verified, before its own events


def test_a_row_edited_behind_the_triggers_is_named(log):
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE chain_of_custody_custodyevent SET outcome = 'failure' WHERE seq = 5"
        )
    ok, output = run_verify()
    assert not ok
    assert "FAIL seq 5: its row does not match its stored leaf hash" in output
    last = CustodyEvent.objects.order_by("-seq").first()
    assert (last.event_type, last.outcome) == (EventType.VALIDATION, "failure")


def test_the_last_events_deleted_are_caught_by_an_earlier_checkpoint(log):
    with triggers_bypassed() as cursor:
        doomed = list(CustodyEvent.objects.filter(seq__gte=29).values_list("id"))
        CustodyDetail.objects.filter(event_id__in=[i for (i,) in doomed]).delete()
        cursor.execute("DELETE FROM chain_of_custody_custodyevent WHERE seq >= 29")
        rebuild_tree(cursor)
    ok, output = run_verify()
    assert not ok
    assert (
        "FAIL checkpoint #1 (size 32): signed 32 events, the log has 29: "
        "seq 29..31 were removed"
    ) in output.replace(f"#{Checkpoint.objects.get().pk}", "#1")


def test_two_events_reordered_are_named(log):
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE chain_of_custody_custodyevent SET seq = 999 WHERE seq = 4"
        )
        cursor.execute("UPDATE chain_of_custody_custodyevent SET seq = 4 WHERE seq = 5")
        cursor.execute(
            "UPDATE chain_of_custody_custodyevent SET seq = 5 WHERE seq = 999"
        )
        _rehash(cursor, 4)
        _rehash(cursor, 5)
    ok, output = run_verify()
    assert not ok
    assert "FAIL subtree (4, 0) over seq 0..15: stored hash differs" in output
    assert "do not have the signed root" in output


def test_a_history_rewritten_consistently_is_caught_by_a_checkpoint_held_outside(
    log, tmp_path
):
    kept = tmp_path / "kept-checkpoint.txt"
    kept.write_text(Checkpoint.objects.get().note)
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE chain_of_custody_custodyevent SET outcome = 'failure' WHERE seq = 3"
        )
        _rehash(cursor, 3)
        rebuild_tree(cursor)
        cursor.execute("DELETE FROM chain_of_custody_checkpoint")
    create_checkpoint()  # the forger holds the key too
    ok, output = run_verify()
    assert ok, "without outside evidence a forger with the key is undetectable"
    ok, output = run_verify("--checkpoint", str(kept))
    assert not ok
    assert (
        f"FAIL checkpoint held outside ({kept}), size 32: the log's first 32 events "
        "do not have the signed root"
    ) in output


def test_a_tampered_checkpoint_signature_is_named(log):
    checkpoint = Checkpoint.objects.get()
    body, signature = checkpoint.note.rsplit(" ", 1)
    forged = body + " " + ("A" if signature[0] != "A" else "B") + signature[1:]
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE chain_of_custody_checkpoint SET note = %s WHERE id = %s",
            [forged, checkpoint.pk],
        )
    ok, output = run_verify()
    assert not ok
    assert f"FAIL checkpoint #{checkpoint.pk} (size 32): signature does not verify" in (
        output
    )


def test_changed_blob_bytes_are_named_by_fixity(log):
    item = log[1]
    path = primary_store().local_path(item.blob.store_key)
    os.chmod(path, 0o600)
    with open(path, "wb") as fh:
        fh.write(b"second filE")
    ok, output = run_verify()
    assert ok, "without --fixity the blobs are not read"
    ok, output = run_verify("--fixity")
    assert not ok
    assert (
        f"FAIL blob {item.blob.sha256}: bytes changed: SHA-256 and SHA-512 no longer "
        "match"
    ) in output
    failed = CustodyEvent.objects.filter(item=item, event_type=EventType.FIXITY_CHECK)
    assert failed.get().outcome == "failure"


def test_an_auditor_can_verify_with_the_published_key_only(log, signing_key):
    ok, output = run_verify("--key", signing_key.vkey)
    assert ok, output
    other = "someone+00000000+AXvFtq5Qz1YJhF0WfZ0sH6y2m1hA6S8N0Y3mRcW0t4bP"
    ok, output = run_verify("--key", other)
    assert not ok


def test_postgres_and_sqlite_both_spell_times_as_the_leaf_does(log):
    # A microsecond of zero is where SQLite's text and the leaf's spelling differ.
    assert connection.vendor in ("sqlite", "postgresql")
    ok, output = run_verify()
    assert ok, output


@pytest.mark.django_db(transaction=True)
def test_workers_hashing_a_large_log_find_the_same_problems(signing_key, monkeypatch):
    monkeypatch.setattr(recompute, "PARALLEL_FROM", 10)
    append(41)
    create_checkpoint()
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE chain_of_custody_custodyevent SET outcome = 'warning' "
            "WHERE seq IN (3, 30)"
        )
    alone = verify_log(keys=signing_key.verifier, workers=1)
    together = verify_log(keys=signing_key.verifier, workers=3)
    assert [str(p) for p in together.problems] == [str(p) for p in alone.problems]
    assert "seq 3: its row does not match its stored leaf hash" in map(
        str, together.problems
    )
    assert "seq 30: its row does not match its stored leaf hash" in map(
        str, together.problems
    )
    assert together.checked["leaves"] == 41
