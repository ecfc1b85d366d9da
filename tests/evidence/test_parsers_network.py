"""Parser workers cannot reach the network, whatever the parser tries."""

import socket
import threading

import pytest

from evidence.parsers import sandbox
from evidence.parsers.isolation import NetworkRefused
from evidence.parsers.sandbox import run_sandboxed
from tests.evidence import network_probes

LIMITS = {"timeout": 10.0, "memory_limit": 256 * 1024**2}


@pytest.fixture(scope="module", autouse=True)
def _stop_workers_afterwards():
    yield
    sandbox.shutdown()


@pytest.fixture
def listener():
    """A server on this machine that counts the connections it accepts."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(5)  # before the thread starts: the test may close it first
    accepted = []

    def accept():
        try:
            accepted.append(server.accept())
        except OSError:
            return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    server.close()
    thread.join()


def test_the_listener_is_reachable_from_outside_the_sandbox(listener):
    port, accepted = listener
    assert network_probes.connect(port) == "connected"


@pytest.mark.parametrize("probe", [network_probes.connect, network_probes.raw_socket])
def test_a_parser_cannot_open_a_socket(listener, probe):
    port, accepted = listener

    with pytest.raises(NetworkRefused, match="parsers may not use the network"):
        run_sandboxed(probe, port, **LIMITS)

    assert accepted == []


def test_a_parser_cannot_resolve_names():
    with pytest.raises(NetworkRefused, match="socket.gethostbyname"):
        run_sandboxed(network_probes.resolve, "example.org", **LIMITS)


def test_workers_have_their_own_empty_network_namespace(listener):
    port, accepted = listener

    # This machine allows unprivileged namespaces (CI does too), so a program the
    # worker runs, outside Python's reach, finds no network either.
    assert run_sandboxed(network_probes.mode, **LIMITS) == "namespace+hook"
    assert run_sandboxed(network_probes.connect_from_a_program, port, **LIMITS) != 0
    assert accepted == []
