"""Cutting a parser worker off the network before it touches an untrusted file.

Two layers, applied once when a worker starts:

1. A network namespace of its own (``unshare(CLONE_NEWUSER | CLONE_NEWNET)``), with
   only a loopback interface that is down: no socket can reach anything, from Python,
   from a C library, or from a program the worker runs (ffprobe). Where the kernel or
   the container forbids unprivileged namespaces, this layer is missing and the
   worker says so in ``isolation_mode()``.
2. Always, a Python audit hook that refuses to create, connect or resolve any socket
   (PEP 578 events ``socket.*``), so that even without a namespace no Python parser
   opens a connection; and a low ``RLIMIT_NOFILE``.

The hook cannot be removed once added. It does not bind ffprobe, which is told to
read only local files (``-protocol_whitelist file``).
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
MAX_OPEN_FILES = 256
"""Open files a worker may hold: parsers need a handful."""

_REFUSED_EVENTS = frozenset(
    {
        "socket.__new__",
        "socket.connect",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.getnameinfo",
    }
)

_mode = "none"


class NetworkRefused(PermissionError):
    """A parser tried to use the network, which workers may not."""


def isolation_mode() -> str:
    """``"namespace+hook"`` when the worker has no network at all, ``"hook"`` when
    only Python's sockets are refused, ``"none"`` outside a worker."""
    return _mode


def _refuse_sockets(event: str, args: tuple) -> None:
    if event in _REFUSED_EVENTS:
        raise NetworkRefused(f"parsers may not use the network ({event})")


def _unshare_network() -> bool:
    """Move this (single-threaded) process into a new user and network namespace."""
    uid, gid = os.getuid(), os.getgid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
            return False
    except (AttributeError, OSError):
        return False
    # Keep the same ids inside, so files read and written keep their owner.
    for path, text in (
        ("/proc/self/setgroups", "deny"),
        ("/proc/self/uid_map", f"{uid} {uid} 1"),
        ("/proc/self/gid_map", f"{gid} {gid} 1"),
    ):
        try:
            with open(path, "w") as proc_file:
                proc_file.write(text)
        except OSError:
            pass  # unmapped ids read and write as before; only their names differ
    return True


def cut_off_network() -> str:
    """Isolate this worker from the network; return the mode reached."""
    global _mode
    namespaced = _unshare_network()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = MAX_OPEN_FILES
    if hard != resource.RLIM_INFINITY:
        limit = min(hard, limit)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, limit), limit))
    sys.addaudithook(_refuse_sockets)
    _mode = "namespace+hook" if namespaced else "hook"
    return _mode
