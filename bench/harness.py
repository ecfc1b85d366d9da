"""Shared pieces of the benchmarks: a throwaway archive, timed child processes."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def fresh_archive(prefix: str) -> dict[str, str]:
    """Environment for a new, migrated archive in a temporary data directory."""
    data_dir = tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("BENCH_DIR"))
    env = {
        **os.environ,
        "INDISPUTABLE_DATA_DIR": data_dir,
        "DJANGO_SETTINGS_MODULE": "indisputable.settings.local",
        "DJANGO_DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)
    if "BENCH_DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    manage("migrate", "--no-input", "-v0", env=env)
    manage(
        "shell",
        "-c",
        "from accounts.roles import ensure_roles; from accounts.models import User;"
        "u=User.objects.create_user('bench', password='bench-password-not-secret');"
        "u.groups.add(ensure_roles()['Investigators'])",
        env=env,
    )
    return env


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def timed(command: list[str], *, env=None, shell: bool = False) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        shell=shell,
        stdout=subprocess.DEVNULL,  # noqa: S602
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command!r} failed with exit status {process.returncode}")
    return elapsed, usage.ru_maxrss * 1024


def median(values: list[float]) -> float:
    return statistics.median(values)
