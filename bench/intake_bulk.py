"""Ingest 2,000 generated 1.2-megapixel JPEGs with EXIF and GPS, with metadata,
thumbnails and custody events done (immediate task backend), against the anchor
``exiftool -json -r DIR`` plus ``sha256sum`` over the same files, in the same run.

Target: ratio (our time / anchor time) <= 1.0.
"""

import argparse
import datetime as dt
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import PYTHON, ROOT, fresh_archive, median, timed  # noqa: E402

from evidence.demo import photo  # noqa: E402


def make_photo(folder: Path, i: int) -> None:
    tz = dt.timezone(dt.timedelta(hours=3))
    start = dt.datetime(2026, 1, 1, 8, 0, tzinfo=tz)
    sub = folder / f"{i // 500:03d}"
    sub.mkdir(exist_ok=True)
    (sub / f"IMG_{i:05d}.JPG").write_bytes(
        photo(
            seed=i,
            latitude=15.0 + i / 10_000,
            longitude=32.0 + i / 10_000,
            taken=start + dt.timedelta(minutes=i),
            serial=f"BENCH-{i:05d}",
        )
    )


def make_photos(folder: Path, count: int) -> None:
    with ProcessPoolExecutor() as pool:
        list(pool.map(make_photo, [folder] * count, range(count), chunksize=50))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-photos-"))
    make_photos(folder, args.count)
    total = sum(p.stat().st_size for p in folder.rglob("*.JPG"))
    print(f"{args.count} photos, {total / 2**20:.0f} MiB, in {folder}")
    anchor_cmd = (
        f"exiftool -json -r {folder} > /dev/null && "
        f"find {folder} -type f -exec sha256sum {{}} + > /dev/null"
    )
    ours, anchor = [], []
    for run in range(args.runs):
        env = fresh_archive("bench-intake-bulk-")
        a, _ = timed(anchor_cmd, shell=True)
        o, peak = timed(
            [
                PYTHON,
                str(ROOT / "manage.py"),
                "ingest",
                str(folder),
                "--collected-by",
                "bench",
                "--no-progress",
            ],
            env=env,
        )
        anchor.append(a)
        ours.append(o)
        print(
            f"run {run}: ours {o:.2f} s (peak {peak / 2**20:.0f} MiB), anchor {a:.2f} s"
        )
    ratio = median(ours) / median(anchor)
    print(
        f"RESULT intake_bulk ratio={ratio:.3f} target=1.0 ours_s={median(ours):.3f} "
        f"anchor_s={median(anchor):.3f} files={args.count} "
        f"files_per_s={args.count / median(ours):.0f} runs={args.runs}"
    )


if __name__ == "__main__":
    main()
