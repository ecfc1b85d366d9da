"""What a hostile parser might try inside a sandbox worker: reach the network."""

import socket
import subprocess
import sys

from evidence.parsers import isolation


def connect(port: int) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        return "connected"


def raw_socket(port: int) -> str:
    import _socket

    sock = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    sock.connect(("127.0.0.1", port))
    return "connected"


def resolve(name: str) -> str:
    return socket.gethostbyname(name)


def connect_from_a_program(port: int) -> int:
    """A program the worker runs (as it runs ffprobe) tries to connect."""
    code = f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=2)"
    return subprocess.run(  # noqa: S603 - the test's own interpreter and code
        [sys.executable, "-c", code], capture_output=True, check=False
    ).returncode


def mode() -> str:
    return isolation.isolation_mode()
