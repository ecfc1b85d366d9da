"""Ingest a 1 GiB random file with ``manage.py ingest``, against the anchor
``openssl dgst -sha256 F; openssl dgst -sha512 F; cp F D`` in the same run.

Target: ratio (our time / anchor time) <= 0.75; peak memory <= 150 MiB, also for
a 4 GiB file (``--memory-gib 4``; 0 skips that check).
"""

import argparse
import os
import shlex
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import PYTHON, ROOT, fresh_archive, median, timed  # noqa: E402

MiB = 1024 * 1024


def random_file(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        for _ in range(size // (16 * MiB)):
            fh.write(os.urandom(16 * MiB))


def ingest_command(path: Path) -> list[str]:
    return [
        PYTHON,
        str(ROOT / "manage.py"),
        "ingest",
        str(path),
        "--collected-by",
        "bench",
        "--no-progress",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gib", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory-gib", type=float, default=4.0)
    args = parser.parse_args()
    size = int(args.gib * 1024) * MiB
    env = fresh_archive("bench-intake-large-")
    work = Path(tempfile.mkdtemp(dir=env["INDISPUTABLE_DATA_DIR"]))
    ours, anchor, peaks = [], [], []
    for run in range(args.runs):
        # Fresh bytes every run: identical bytes would be stored once and cost less.
        source = work / f"random-{run}.bin"
        random_file(source, size)
        copy = work / f"copy-{run}.bin"
        q = shlex.quote
        anchor_cmd = (
            f"openssl dgst -sha256 {q(str(source))} && "
            f"openssl dgst -sha512 {q(str(source))} && "
            f"cp {q(str(source))} {q(str(copy))}"
        )
        a, _ = timed(anchor_cmd, shell=True)
        o, peak = timed(ingest_command(source), env=env)
        anchor.append(a)
        ours.append(o)
        peaks.append(peak)
        print(
            f"run {run}: ours {o:.2f} s (peak {peak / MiB:.0f} MiB), anchor {a:.2f} s"
        )
        copy.unlink()
        source.unlink()
    big_peak = 0
    if args.memory_gib:
        source = work / "big.bin"
        random_file(source, int(args.memory_gib * 1024) * MiB)
        seconds, big_peak = timed(ingest_command(source), env=env)
        print(
            f"{args.memory_gib:g} GiB: {seconds:.2f} s, peak {big_peak / MiB:.0f} MiB"
        )
        source.unlink()
    ratio = median(ours) / median(anchor)
    print(
        f"RESULT intake_large ratio={ratio:.3f} target=0.75 "
        f"ours_s={median(ours):.3f} anchor_s={median(anchor):.3f} "
        f"peak_mib={max(peaks) / MiB:.0f} peak_big_mib={big_peak / MiB:.0f} "
        f"size_gib={args.gib:g} runs={args.runs}"
    )


if __name__ == "__main__":
    main()
