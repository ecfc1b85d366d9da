"""A real S3 endpoint for tests and benchmarks: moto's ThreadedMotoServer.

It runs in a child process, so its memory and CPU are not counted as ours, and
can be stopped and started again on the same port with its buckets intact, the
way a real endpoint goes down and comes back.
"""

from __future__ import annotations

import multiprocessing

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _serve(conn, port: int) -> None:
    import contextlib
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = None
    while True:
        command = conn.recv()
        if command == "start" and server is None:
            server = ThreadedMotoServer(
                ip_address="127.0.0.1", port=port, verbose=False
            )
            server.start()
            port = server.get_host_and_port()[1]
            conn.send(port)
        elif command == "stop" and server is not None:
            server.stop()
            # ThreadedMotoServer leaves its socket listening; close it, so
            # clients are refused as by a server that is down.
            with contextlib.suppress(OSError):
                server._server.server_close()
            server = None
            conn.send(port)
        elif command == "exit":
            if server is not None:
                server.stop()
            conn.send(port)
            return
        else:
            conn.send(port)


class MotoProcess:
    """Start, stop and restart an S3 endpoint on 127.0.0.1."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self.port = 0
        self._process = context.Process(target=_serve, args=(child, 0), daemon=True)
        self._process.start()

    def _ask(self, command: str) -> int:
        self._conn.send(command)
        if not self._conn.poll(60):
            raise RuntimeError(f"moto server did not answer {command!r}")
        return self._conn.recv()

    def start(self) -> str:
        self.port = self._ask("start")
        return self.url

    def stop(self) -> None:
        self._ask("stop")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        try:
            self._ask("exit")
        finally:
            self._process.join(10)
            if self._process.is_alive():
                self._process.kill()

    def client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.url, region_name=REGION, **CREDENTIALS
        )
