"""Run parsers of untrusted files in worker processes with time and memory limits.

``run_sandboxed(func, *args, timeout=..., memory_limit=..., **kwargs)`` sends the call
to a reusable worker process, cut off from the network (``isolation``), and waits
at most ``timeout`` seconds. A worker that
overruns is killed and replaced; one that hits its memory limit or dies is replaced
too, and the call raises a ``SandboxError`` subclass whose message says what
happened.

Workers start from a "forkserver" that has already imported the parsers, so a new
worker costs a fork of a small server, never a fork of a process that holds database
connections, threads or locks. They are created on first use and kept for later
calls: a call costs a pipe round trip, well under a millisecond.

This pool is written here rather than taken from ``pebble.ProcessPool`` because each
worker needs its own pipe (a worker dying mid-reply must not break the others), a
worker that ran out of memory must be retired alone, and a process forked from the
caller must never stop the caller's workers at its own exit, which pebble's and
multiprocessing's exit handlers would do.
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing
import os
import pickle
import resource
import signal
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from typing import Any, TypeVar

from evidence.parsers import isolation

__all__ = [
    "MAX_WORKERS",
    "SandboxCrash",
    "SandboxError",
    "SandboxMemoryError",
    "SandboxTimeout",
    "labelled",
    "run_sandboxed",
    "shutdown",
]

F = TypeVar("F", bound=Callable[..., Any])

MAX_WORKERS = os.cpu_count() or 1
# Imported once by the forkserver, so that workers forked from it start warm.
PRELOAD = [
    "evidence.parsers",
    "evidence.parsers.documents",
    "evidence.parsers.exif",
    "evidence.parsers.images",
    "evidence.parsers.media",
]
_MEMORY_EXIT_STATUS = 86
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt() parameters
_STOP_GRACE_SECONDS = 1.0


class SandboxError(Exception):
    """A sandboxed call did not return a result."""


class SandboxTimeout(SandboxError):
    """The call ran past its time limit; its worker was killed."""


class SandboxMemoryError(SandboxError):
    """The call needed more memory than its limit allowed."""


class SandboxCrash(SandboxError):
    """The worker died during the call (a signal, or an exit)."""


def labelled(label: str) -> Callable[[F], F]:
    """Name a function for sandbox error messages ("metadata extraction ...")."""

    def decorate(func: F) -> F:
        setattr(func, "sandbox_label", label)  # noqa: B010 - typed functions have no such slot
        return func

    return decorate


def _label(func: Callable[..., Any]) -> str:
    label = getattr(func, "sandbox_label", None)
    return label or getattr(func, "__qualname__", repr(func))


# -- inside the worker -------------------------------------------------------------


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _limit_resources(memory_limit: int) -> None:
    # A crashing parser must not leave a core file holding evidence bytes.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # The limit is headroom above the loaded interpreter and libraries, whose size
    # depends on the machine (thread pools of numerical libraries, for one).
    limit = _address_space() + memory_limit
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _keep_freed_memory() -> None:
    """Let glibc reuse freed image buffers instead of returning them to the kernel.

    By default glibc unmaps large freed blocks, so every decoded image touches
    fresh zeroed pages: some 2,400 page faults and 4 ms per camera JPEG. Keeping up
    to 128 MiB of freed heap costs nothing against the address-space limit, since
    later calls reuse it.
    """
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_TRIM_THRESHOLD, 128 * 1024**2)
        libc.mallopt(_M_MMAP_THRESHOLD, 32 * 1024**2)
    except (AttributeError, OSError):
        return  # not glibc: its defaults stand


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))  # noqa: S301 - our own bytes, just made
    except Exception:  # noqa: BLE001 - any pickling failure means "send a stand-in"
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _serve(conn: Connection, memory_limit: int) -> None:
    """The worker: run each call that arrives on ``conn`` until the pipe closes."""
    # Ctrl-C belongs to the caller, which then stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    isolation.cut_off_network()
    _limit_resources(memory_limit)
    _keep_freed_memory()
    while True:
        try:
            func, args, kwargs = conn.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", func(*args, **kwargs))
        except MemoryError:
            reply = ("memory", None)
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the caller
            reply = ("error", (_portable(exc), traceback.format_exc()))
        try:
            conn.send(reply)
        except MemoryError:
            os._exit(_MEMORY_EXIT_STATUS)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result
            error = RuntimeError(f"the result could not be sent back: {exc}")
            conn.send(("error", (error, "")))
        if reply[0] == "memory":
            # The heap may be left fragmented near the limit: start afresh.
            return


# -- in the calling process --------------------------------------------------------


class _Worker:
    """One worker process and the caller's end of its pipe."""

    def __init__(self, context: BaseContext, memory_limit: int) -> None:
        parent_end, child_end = context.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(child_end, memory_limit),
            name="evidence-parser",
            daemon=True,
        )
        self.process.start()
        child_end.close()
        self.conn = parent_end

    def stop(self, *, kill: bool) -> str:
        """Stop the worker and say how it ended."""
        if kill:
            self.process.kill()
        self.conn.close()
        self.process.join(_STOP_GRACE_SECONDS)
        if self.process.exitcode is None:
            self.process.kill()
            self.process.join()
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"was killed by {signal.Signals(-code).name}"
        return f"exited with status {code}"


class _Pool:
    """Workers sharing one memory limit, created on demand up to ``max_workers``."""

    def __init__(self, context: BaseContext, memory_limit: int, max_workers: int):
        self._context = context
        self._memory_limit = memory_limit
        self._max_workers = max_workers
        self._ready = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._closed = False

    def acquire(self) -> _Worker:
        with self._ready:
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.process.is_alive():
                        return worker
                    self._all.discard(worker)
                    worker.stop(kill=True)
                if len(self._all) < self._max_workers:
                    break
                self._ready.wait()
            worker = _Worker(self._context, self._memory_limit)
            self._all.add(worker)
            return worker

    def release(self, worker: _Worker) -> None:
        with self._ready:
            if self._closed:
                self._all.discard(worker)
                worker.stop(kill=False)
            else:
                self._idle.append(worker)
            self._ready.notify()

    def retire(self, worker: _Worker, *, kill: bool) -> str:
        with self._ready:
            self._all.discard(worker)
            self._ready.notify()
        return worker.stop(kill=kill)

    def close(self) -> None:
        with self._ready:
            self._closed = True
            idle, self._idle = self._idle, []
            for worker in idle:
                self._all.discard(worker)
        for worker in idle:
            worker.stop(kill=False)

    def forget(self) -> None:
        """Drop, in a forked child, the workers that belong to the parent."""
        children = getattr(multiprocessing.process, "_children", set())
        for worker in self._all:
            worker.conn.close()
            # multiprocessing's exit handler would otherwise terminate them when
            # this child exits, as if they were its own.
            children.discard(worker.process)
        self._all.clear()
        self._idle.clear()


_lock = threading.Lock()
_pools: dict[int, _Pool] = {}
_owner_pid = os.getpid()
_start_method = "forkserver"
_forkserver_used = False


def _after_fork_in_child() -> None:
    global _lock, _pools, _owner_pid, _start_method
    _lock = threading.Lock()
    inherited, _pools = _pools, {}
    _owner_pid = os.getpid()
    for pool in inherited.values():
        pool.forget()
    if _forkserver_used:
        # The parent's forkserver is not this process's child and multiprocessing
        # cannot check on it from here; fresh interpreters are slower but sound.
        _start_method = "spawn"


os.register_at_fork(after_in_child=_after_fork_in_child)


def _pool(memory_limit: int) -> _Pool:
    global _forkserver_used
    if os.getpid() != _owner_pid:
        _after_fork_in_child()
    with _lock:
        pool = _pools.get(memory_limit)
        if pool is None:
            context = multiprocessing.get_context(_start_method)
            if _start_method == "forkserver":
                context.set_forkserver_preload(PRELOAD)
                _forkserver_used = True
            pool = _pools[memory_limit] = _Pool(context, memory_limit, MAX_WORKERS)
        return pool


def _out_of_memory(label: str, memory_limit: int) -> SandboxMemoryError:
    limit = f"{memory_limit / 1024**2:g} MiB memory limit"
    return SandboxMemoryError(f"{label} stopped: it needed more than the {limit}")


def run_sandboxed(
    func: Callable[..., Any],
    /,
    *args: Any,
    timeout: float,
    memory_limit: int,
    **kwargs: Any,
) -> Any:
    """Run the module-level ``func(*args, **kwargs)`` in a worker and return its result.

    ``memory_limit`` is the address space, in bytes, the call may add to a loaded
    worker. An exception raised by ``func`` is raised here, with the worker's
    traceback as a note. As with any forkserver or spawn child, workers import the
    caller's main script, so a script must guard its entry point with
    ``if __name__ == "__main__"`` (``manage.py`` does).
    """
    payload = ForkingPickler.dumps((func, args, kwargs))
    label = _label(func)
    pool = _pool(memory_limit)
    worker = pool.acquire()
    try:
        worker.conn.send_bytes(payload)
        finished = worker.conn.poll(timeout)
        reply = worker.conn.recv() if finished else None
    except (EOFError, OSError):
        how = pool.retire(worker, kill=False)
        if worker.process.exitcode == _MEMORY_EXIT_STATUS:
            raise _out_of_memory(label, memory_limit) from None
        raise SandboxCrash(f"{label} crashed: its worker {how}") from None
    except BaseException:
        pool.retire(worker, kill=True)
        raise
    if reply is None:
        pool.retire(worker, kill=True)
        raise SandboxTimeout(f"{label} stopped after {timeout:.1f} s time limit")
    status, value = reply
    if status == "memory":
        pool.retire(worker, kill=False)
        raise _out_of_memory(label, memory_limit)
    pool.release(worker)
    if status == "error":
        error, remote_traceback = value
        if remote_traceback:
            error.add_note(f"Traceback in the sandbox worker:\n{remote_traceback}")
        raise error
    return value


def shutdown() -> None:
    """Stop this process's idle workers; busy ones stop when their call returns."""
    if os.getpid() != _owner_pid:
        _after_fork_in_child()
        return
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


atexit.register(shutdown)
