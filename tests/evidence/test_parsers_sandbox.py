"""run_sandboxed: limits, recovery, reuse, fork safety, and speed."""

import multiprocessing
import os
import pickle
import threading
import time

import pytest

from evidence.parsers import extract_metadata, sandbox
from evidence.parsers.sandbox import (
    SandboxCrash,
    SandboxMemoryError,
    SandboxTimeout,
    run_sandboxed,
)
from tests.evidence import samples

MIB = 1024**2
LIMITS = {"timeout": 10.0, "memory_limit": 256 * MIB}


@pytest.fixture(scope="module", autouse=True)
def _stop_workers_afterwards():
    yield
    sandbox.shutdown()


def _hostile(step):
    return [f"{samples.__name__}.{step.__name__}"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_result_is_the_same_as_in_process(tmp_path):
    path = str(samples.camera_jpeg(tmp_path / "a.jpg"))

    sandboxed = run_sandboxed(extract_metadata, path, "image/jpeg", **LIMITS)

    assert sandboxed == extract_metadata(path, "image/jpeg")
    assert sandboxed["fields"]["device_serial"] == samples.SERIAL


def test_workers_are_separate_processes_reused_across_calls():
    first = run_sandboxed(samples.worker_pid, **LIMITS)
    second = run_sandboxed(samples.worker_pid, **LIMITS)

    assert first == second
    assert first != os.getpid()


def test_hung_parser_is_stopped_at_the_time_limit_and_replaced(tmp_path):
    path = str(samples.camera_jpeg(tmp_path / "a.jpg"))
    before = run_sandboxed(samples.worker_pid, timeout=10.0, memory_limit=256 * MIB)
    started = time.monotonic()

    with pytest.raises(SandboxTimeout) as caught:
        run_sandboxed(
            extract_metadata,
            path,
            "image/jpeg",
            steps=_hostile(samples.sleep_forever),
            timeout=1.0,
            memory_limit=256 * MIB,
        )

    assert time.monotonic() - started < 3.0
    assert str(caught.value) == "metadata extraction stopped after 1.0 s time limit"
    assert not _alive(before)
    after = run_sandboxed(samples.worker_pid, **LIMITS)
    assert after != before


def test_parser_exceeding_the_memory_limit_is_stopped(tmp_path):
    path = str(samples.camera_jpeg(tmp_path / "a.jpg"))

    with pytest.raises(SandboxMemoryError) as caught:
        run_sandboxed(
            extract_metadata,
            path,
            "image/jpeg",
            steps=_hostile(samples.allocate_2_gib),
            **LIMITS,
        )

    assert str(caught.value) == (
        "metadata extraction stopped: it needed more than the 256 MiB memory limit"
    )
    assert run_sandboxed(extract_metadata, path, "image/jpeg", **LIMITS)["errors"] == []


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (samples.crash, "metadata extraction crashed: its worker exited with status 3"),
        (
            samples.abort,
            "metadata extraction crashed: its worker was killed by SIGABRT",
        ),
    ],
)
def test_crashing_parser_is_reported_and_replaced(tmp_path, step, message):
    path = str(samples.camera_jpeg(tmp_path / "a.jpg"))

    with pytest.raises(SandboxCrash) as caught:
        run_sandboxed(
            extract_metadata, path, "image/jpeg", steps=_hostile(step), **LIMITS
        )

    assert str(caught.value) == message
    assert run_sandboxed(samples.worker_pid, **LIMITS) != os.getpid()


def test_errors_raised_by_the_function_come_back_with_their_type():
    with pytest.raises(ValueError, match="invalid literal for int") as caught:
        run_sandboxed(int, "not a number", **LIMITS)

    assert "Traceback in the sandbox worker" in caught.value.__notes__[0]


def test_unlabelled_function_is_named_in_the_message():
    with pytest.raises(SandboxTimeout, match=r"^nap stopped after 0\.5 s time limit$"):
        run_sandboxed(samples.nap, 30, timeout=0.5, memory_limit=256 * MIB)


def test_function_that_cannot_be_sent_is_refused_before_any_worker_runs():
    with pytest.raises((pickle.PicklingError, AttributeError)):
        run_sandboxed(lambda: 1, **LIMITS)


def test_concurrent_calls_share_at_most_max_workers(monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_WORKERS", 2)
    limits = {"timeout": 10.0, "memory_limit": 300 * MIB}  # a pool of its own
    pids: list[int] = []

    def call() -> None:
        pids.append(run_sandboxed(samples.nap, 0.4, **limits))

    threads = [threading.Thread(target=call) for _ in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(pids) == 4
    assert len(set(pids)) == 2
    assert 0.8 <= time.monotonic() - started < 5.0


def test_forked_child_gets_its_own_workers_and_leaves_the_parents_alone():
    parent_worker = run_sandboxed(samples.worker_pid, **LIMITS)
    read_end, write_end = os.pipe()

    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, reported through the pipe
        try:
            leftover = [
                p for p in multiprocessing.active_children() if p.pid == parent_worker
            ]
            worker = run_sandboxed(samples.worker_pid, **LIMITS)
            sandbox.shutdown()
            os.write(write_end, f"{len(leftover)} {worker}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as report:
        leftover, child_worker = map(int, report.read().split())
    os.waitpid(child, 0)

    assert leftover == 0
    assert child_worker not in (parent_worker, os.getpid(), child)
    assert _alive(parent_worker)
    assert run_sandboxed(samples.worker_pid, **LIMITS) == parent_worker


def test_shutdown_stops_workers_and_a_later_call_starts_new_ones():
    worker = run_sandboxed(samples.worker_pid, **LIMITS)

    sandbox.shutdown()

    deadline = time.monotonic() + 5
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)
    assert run_sandboxed(samples.worker_pid, **LIMITS) != worker
