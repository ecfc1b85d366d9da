"""Custody ledger benchmark: appends, verification and proofs at scale.

Targets (issue 3): append throughput with 16 concurrent writers on PostgreSQL
>= 1,500 events/s; ``custody verify`` over 1,000,000 events >= 100,000 events/s and
within 10x a bare hashlib loop over the same leaf bytes (the RESULT ratio); an
inclusion proof in a 1,000,000-event log at p95 <= 5 ms.

    .venv/bin/python bench/custody.py [--events 1000000] [--runs 3]

Appends are measured in both modes (``INDISPUTABLE_CUSTODY_APPENDS`` direct and
batched), 16 writer processes each; ``appends_per_s`` is the better median.
Every figure is a median of ``--runs`` runs. Uses a fresh PostgreSQL database
(BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_custody),
dropped and re-created. The synthetic events are bulk-loaded with COPY, with the
append-only triggers on.
"""

import argparse
import datetime as dt
import hashlib
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_custody"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["INDISPUTABLE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-custody-")
os.environ["DJANGO_SETTINGS_MODULE"] = "indisputable.settings.local"


def recreate_database() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


recreate_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from chain_of_custody import leaves, proofs, signing  # noqa: E402
from chain_of_custody.checkpoints import create_checkpoint  # noqa: E402
from chain_of_custody.ledger import append_event, border_text, to_store  # noqa: E402
from chain_of_custody.merkle import leaf_hash  # noqa: E402
from chain_of_custody.models import CustodyHead  # noqa: E402
from chain_of_custody.selectors import leaf_rows  # noqa: E402
from chain_of_custody.tree import compact_range  # noqa: E402
from chain_of_custody.verification import verify_log  # noqa: E402

ITEMS = 100


def _writer(mode: str, appends: int, barrier) -> None:
    connections.close_all()
    settings.INDISPUTABLE_CUSTODY_APPENDS = mode
    barrier.wait()
    for n in range(appends):
        with transaction.atomic():
            append_event(
                event_type="dsp",
                item=None,
                actor=None,
                outcome="success",
                summary=f"bench append {n}",
                details={"n": n},
            )
    connections.close_all()


def append_rate(mode: str, writers: int, appends: int) -> float:
    """Events per second with ``writers`` processes appending at once."""
    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(writers + 1)
    processes = [
        context.Process(target=_writer, args=(mode, appends, barrier))
        for _ in range(writers)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    start = time.perf_counter()
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a writer failed with exit code {process.exitcode}")
    return writers * appends / (time.perf_counter() - start)


def make_items() -> list[tuple[int, str, str]]:
    from accounts.models import User
    from evidence.models import Blob, EvidenceItem

    user = User.objects.create_user("bench", password=None)
    now = dt.datetime.now(dt.UTC)
    made = []
    for n in range(ITEMS):
        sha256 = hashlib.sha256(f"bench item {n}".encode()).hexdigest()
        blob = Blob.objects.create(
            sha256=sha256,
            sha512=hashlib.sha512(sha256.encode()).hexdigest(),
            size=n,
            mime_type="application/octet-stream",
            store_key=f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}",
        )
        item = EvidenceItem.objects.create(
            reference=f"BEN-2026-{n:06d}",
            blob=blob,
            title=f"bench {n}",
            source_type="witness",
            submitted_by=user,
            submitted_at=now,
        )
        made.append((item.pk, item.reference, sha256))
    return made


def bulk_load(total: int) -> None:
    """Add synthetic events up to ``total``, with their subtrees, by COPY."""
    head = CustodyHead.objects.get(pk=1)
    compact = compact_range(head)
    items = make_items()
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    event_columns = (
        "seq, event_type, occurred_at, item_id, item_sha256, actor_pid, outcome, "
        "details_commitment, leaf_hash"
    )
    chunk = 50_000
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for first in range(head.size, total, chunk):
            events, subtrees = [], []
            for seq in range(first, min(first + chunk, total)):
                item_id, reference, sha256 = items[seq % ITEMS]
                at = start + dt.timedelta(milliseconds=seq)
                actor = f"{seq % 97:08x}-0000-4000-8000-000000000000"
                commitment = hashlib.sha256(seq.to_bytes(8, "big")).hexdigest()
                time_text = leaves.format_time(at)
                data = leaves.leaf_text(
                    seq, "dsp", time_text, reference, sha256, actor, "success",
                    commitment,
                ).encode()  # fmt: skip
                digest = leaf_hash(data)
                for level, index, node in to_store(compact.append(digest)):
                    subtrees.append((level, index, node.hex()))
                events.append(
                    (seq, "dsp", time_text, item_id, sha256, actor, "success",
                     commitment, digest.hex())
                )  # fmt: skip
            with raw.copy(
                f"COPY chain_of_custody_custodyevent ({event_columns}) FROM STDIN"
            ) as copy:
                for row in events:
                    copy.write_row(row)
            with raw.copy(
                'COPY chain_of_custody_custodysubtree (level, "index", hash) FROM STDIN'
            ) as copy:
                for row in subtrees:
                    copy.write_row(row)
        cursor.execute(
            "UPDATE chain_of_custody_custodyhead SET size = %s, border = %s "
            "WHERE id = 1",
            [compact.size, border_text(compact)],
        )
        cursor.execute("ANALYZE")


def bare_hash_seconds() -> float:
    """A bare hashlib loop over the leaf bytes of every event."""
    data = [leaves.leaf_text(*row[:8]).encode() for row in leaf_rows()]
    sha256 = hashlib.sha256
    start = time.perf_counter()
    for leaf in data:
        sha256(b"\x00" + leaf).digest()
    return time.perf_counter() - start


def verify_seconds(keys) -> tuple[float, int]:
    start = time.perf_counter()
    report = verify_log(keys=keys)
    elapsed = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"verification failed: {report.problems[:5]}")
    return elapsed, report.size


def proof_p95_ms(size: int, count: int = 1000) -> float:
    rng = random.Random(6962)  # noqa: S311 (which events to prove, not secrets)
    timings = []
    for _ in range(count):
        seq = rng.randrange(size)
        start = time.perf_counter()
        proofs.inclusion(seq=seq)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(timings, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--appends", type=int, default=200, help="per writer")
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    signer = signing.generate_key()

    rates = {}
    for mode in ("direct", "batched"):
        runs = [append_rate(mode, args.writers, args.appends) for _ in range(args.runs)]
        rates[mode] = statistics.median(runs)
        print(f"appends {mode}: {', '.join(f'{r:,.0f}/s' for r in runs)}")

    start = time.perf_counter()
    bulk_load(args.events)
    print(f"bulk load to {args.events:,} events: {time.perf_counter() - start:.1f} s")
    checkpoint = create_checkpoint(signer=signer, stamp=False)

    verify_runs = [verify_seconds(signer.verifier) for _ in range(args.runs)]
    verify_time = statistics.median(t for t, _size in verify_runs)
    bare_time = statistics.median(bare_hash_seconds() for _ in range(args.runs))
    verified = verify_runs[0][1]
    print(
        f"verify {verified:,} events: "
        f"{', '.join(f'{t:.2f} s' for t, _ in verify_runs)}; "
        f"bare hashlib loop {bare_time:.3f} s"
    )
    p95 = statistics.median(proof_p95_ms(checkpoint.size) for _ in range(args.runs))
    print(
        f"RESULT custody ratio={verify_time / bare_time:.2f} target=10 "
        f"appends_per_s={max(rates.values()):.0f} "
        f"appends_direct_per_s={rates['direct']:.0f} "
        f"appends_batched_per_s={rates['batched']:.0f} "
        f"verify_events_per_s={verified / verify_time:.0f} "
        f"proof_p95_ms={p95:.2f}"
    )


if __name__ == "__main__":
    main()
