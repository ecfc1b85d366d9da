"""Ingest a 1 GiB file into the S3 store, against ``aws s3 cp`` of the same file to
the same endpoint in the same run; then a fixity audit of 10,000 small blobs.

The endpoint is moto's server (``ThreadedMotoServer``) in a child process on
loopback. Targets: ratio (our median time / aws median time) <= 1.2, peak memory
of the ingesting process <= 150 MiB. The fixity audit reports blobs/s and MB/s.
"""

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "storage"))
from harness import PYTHON, ROOT, fresh_archive, median, timed  # noqa: E402
from moto_process import CREDENTIALS, REGION, MotoProcess  # noqa: E402

MiB = 1024 * 1024

SEED_BLOBS = """
import os, sys
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from evidence.models import Blob
from storage.handler import primary_store
count = int(os.environ["BENCH_BLOBS"])
size = int(os.environ["BENCH_BLOB_BYTES"])
store = primary_store()
def put(_):
    stored = store.write_once(BytesIO(os.urandom(size)))
    d = stored.digests
    return Blob(sha256=d.sha256, sha512=d.sha512, size=d.size,
                mime_type="application/octet-stream", store_key=stored.key)
with ThreadPoolExecutor(8) as pool:
    rows = list(pool.map(put, range(count)))
Blob.objects.bulk_create(rows, batch_size=2000)
"""


def random_file(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        for _ in range(size // (16 * MiB)):
            fh.write(os.urandom(16 * MiB))


def s3_env(env: dict[str, str], server: MotoProcess, bucket: str) -> dict[str, str]:
    return {
        **env,
        "AWS_ACCESS_KEY_ID": CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": CREDENTIALS["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": REGION,
        "INDISPUTABLE_S3_BUCKET": bucket,
        "INDISPUTABLE_S3_ENDPOINT_URL": server.url,
        "INDISPUTABLE_S3_REGION": REGION,
        "INDISPUTABLE_S3_RETENTION_DAYS": "1",
    }


def aws_command(path: Path, server: MotoProcess, bucket: str) -> list[str]:
    aws = str(Path(PYTHON).with_name("aws"))
    target = f"s3://{bucket}/aws/{uuid.uuid4().hex}"
    return [
        aws,
        "s3",
        "cp",
        str(path),
        target,
        "--endpoint-url",
        server.url,
        "--only-show-errors",
    ]


def bench_ingest(args) -> tuple[list[float], list[float], int, int]:
    archive = fresh_archive("bench-storage-s3-")
    work = Path(tempfile.mkdtemp(dir=archive["INDISPUTABLE_DATA_DIR"]))
    _, idle = timed([PYTHON, str(ROOT / "manage.py"), "check"], env=archive)
    print(f"an idle manage.py process peaks at {idle / MiB:.0f} MiB")
    ours, theirs, peak = [], [], 0
    for run in range(args.runs):
        # A fresh endpoint per run, so neither tool pays for what the other
        # left in the server's memory; fresh bytes, or they would be stored once.
        server = MotoProcess()
        server.start()
        try:
            client = server.client()
            for bucket in ("bench-ours", "bench-aws"):
                client.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
            env = s3_env(archive, server, "bench-ours")
            source = work / f"random-{run}.bin"
            random_file(source, int(args.gib * 1024) * MiB)
            os.sync()  # the new file's dirty pages must not slow the first tool
            ingest = [
                PYTHON,
                str(ROOT / "manage.py"),
                "ingest",
                str(source),
                "--collected-by",
                "bench",
                "--no-progress",
            ]
            aws = aws_command(source, server, "bench-aws")
            order = [("aws", aws), ("ours", ingest)]
            times = {}
            for name, command in order if run % 2 == 0 else reversed(order):
                times[name], memory = timed(command, env=env)
                if name == "ours":
                    ours_memory = memory
                os.sync()
        finally:
            server.close()
        peak = max(peak, ours_memory)
        theirs.append(times["aws"])
        ours.append(times["ours"])
        print(
            f"run {run}: ours {times['ours']:.2f} s "
            f"(peak {ours_memory / MiB:.0f} MiB), "
            f"aws {times['aws']:.2f} s"
        )
        source.unlink()
    return ours, theirs, peak, idle


def bench_fixity(args, server: MotoProcess) -> tuple[float, float]:
    bucket = "bench-fixity"
    server.client().create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    env = s3_env(fresh_archive("bench-storage-fixity-"), server, bucket)
    manage = [PYTHON, str(ROOT / "manage.py")]
    started = time.perf_counter()
    seed_env = {
        **env,
        "BENCH_BLOBS": str(args.blobs),
        "BENCH_BLOB_BYTES": str(args.blob_kib * 1024),
    }
    timed([*manage, "shell", "-c", SEED_BLOBS], env=seed_env)
    print(f"seeded {args.blobs} blobs in {time.perf_counter() - started:.1f} s")
    seconds, _ = timed([*manage, "storage", "fixity", "--all"], env=env)
    total_mb = args.blobs * args.blob_kib * 1024 / 1e6
    print(f"fixity: {args.blobs} blobs ({total_mb:.0f} MB) in {seconds:.2f} s")
    return args.blobs / seconds, total_mb / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--blobs", type=int, default=10_000)
    parser.add_argument("--blob-kib", type=int, default=16)
    args = parser.parse_args()
    ours, theirs, peak, idle = bench_ingest(args)
    server = MotoProcess()
    server.start()
    try:
        blobs_per_s, mb_per_s = bench_fixity(args, server)
    finally:
        server.close()
    ratio = median(ours) / median(theirs)
    print(
        f"RESULT storage_s3 ratio={ratio:.3f} target=1.2 peak_mib={peak / MiB:.0f} "
        f"idle_django_mib={idle / MiB:.0f} "
        f"fixity_blobs_per_s={blobs_per_s:.0f} fixity_mb_per_s={mb_per_s:.1f} "
        f"ours_s={median(ours):.2f} aws_s={median(theirs):.2f} "
        f"size_gib={args.gib:g} runs={args.runs} blobs={args.blobs}"
    )


if __name__ == "__main__":
    main()
