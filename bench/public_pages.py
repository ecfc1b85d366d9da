"""A finding page with 20 exhibits under load: p95 latency and errors, with wrk.

A real server (the standard library's threaded WSGI server, through Django's
handler and the whole middleware stack) serves the published page; wrk loads it
and, in alternating rounds, a static file of the same size served by the same
server. Targets: page p95 at most 50 ms with 0 errors; RESULT ratio = page p95 /
static file p95 at most 3. Medians of several rounds.
"""

import argparse
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import PYTHON, fresh_archive, median  # noqa: E402

WRK = "/usr/bin/wrk"
EXHIBITS = 20
ANCHOR_PATH = "/anchor.html"
# wrk prints the 95th percentile and the error counts this way.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("REQUESTS %d\\n", summary.requests))
  io.write(string.format("ERRORS %d\\n",
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def setup() -> None:
    """In the archive: publish a finding with 20 exhibits; print its URL."""
    import datetime as dt
    import io

    import django

    django.setup()
    from accounts.models import User
    from accounts.roles import ensure_roles
    from evidence.demo import photo
    from evidence.intake import Submission, ingest_evidence
    from evidence.redaction import approve, make_version
    from findings.authoring import Exhibit, draft_finding, review, submit_for_review
    from findings.models import FindingsIndexPage

    groups = ensure_roles()
    author, reviewer = (
        User.objects.create_user(name, password="bench-password-not-secret")  # noqa: S106
        for name in ("bench-author", "bench-reviewer")
    )
    for user in (author, reviewer):
        user.groups.add(groups["Publishers"], groups["Investigators"])
    author, reviewer = (User.objects.get(pk=u.pk) for u in (author, reviewer))
    exhibits = []
    for n in range(EXHIBITS):
        item = ingest_evidence(
            submitted_by=author,
            filename=f"photo{n}.jpg",
            submission=Submission(source_type="witness", title=f"Photo {n}"),
            stream=io.BytesIO(
                photo(
                    seed=n,
                    latitude=48.5,
                    longitude=35.0,
                    taken=dt.datetime(2026, 3, 14, 9, tzinfo=dt.UTC),
                    size=(320, 240),
                )
            ),
        )
        version = approve(make_version(item, author, kind="public"), reviewer)
        exhibits.append(
            Exhibit(version, f"Photograph {n + 1} of the market", f"Caption {n + 1}")
        )
    page = draft_finding(
        index=FindingsIndexPage.objects.get(locale__language_code="en"),
        author=author,
        title="Bench finding with twenty exhibits",
        slug="bench",
        summary="A finding with twenty exhibits.",
        publication_date=dt.date(2026, 4, 1),
        methodology="<p>Benchmark.</p>",
        narrative=[("paragraph", "<p>Text.</p>")] * 10,
        exhibits=exhibits,
    )
    submit_for_review(page, author)
    review(page, reviewer)
    print(f"URL {page.get_url()}")


def serve(port: int, anchor_file: str) -> None:
    """Django's WSGI application behind a threaded stdlib server, plus one file."""
    import django
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    django.setup()
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    django_app = WSGIHandler()
    anchor = Path(anchor_file)

    def application(environ, start_response):
        if environ["PATH_INFO"] == ANCHOR_PATH:
            # A static file served as a file server would: read, send.
            body = anchor.read_bytes()
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                ],
            )
            return [body]
        return django_app(environ, start_response)

    class QuietHandler(WSGIRequestHandler):
        def setup(self):
            super().setup()
            # Headers and body go out in separate writes; without this, Nagle's
            # algorithm and delayed ACKs add ~40 ms to every keep-alive response.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", port), QuietHandler)
    server.daemon_threads = True
    server.set_app(application)
    server.serve_forever()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url: str, script: str, seconds: int, connections: int) -> dict[str, int]:
    out = subprocess.run(
        [
            WRK,
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            script,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {key: int(value) for key, value in re.findall(r"^(\w+) (\d+)$", out, re.M)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        return setup()
    if args.serve:
        return serve(int(args.serve[0]), args.serve[1])

    env = fresh_archive("bench-public-")
    made = subprocess.run(
        [PYTHON, __file__, "--setup"], env=env, capture_output=True, text=True
    )
    if made.returncode:
        raise SystemExit(made.stderr)
    path = re.search(r"^URL (\S+)$", made.stdout, re.M).group(1)
    work = Path(tempfile.mkdtemp(prefix="bench-public-wrk-"))
    script = work / "p95.lua"
    script.write_text(WRK_SCRIPT)
    anchor = work / "anchor.html"
    port = free_port()
    anchor.write_bytes(b"")
    server = subprocess.Popen(
        [PYTHON, __file__, "--serve", str(port), str(anchor)], env=env
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        import urllib.request

        with urllib.request.urlopen(base + path) as response:  # noqa: S310
            body = response.read()
            cache_control = response.headers["Cache-Control"]
        images = len(re.findall(rb"<img ", body))
        anchor.write_bytes(body)  # the same size, as a plain file
        pages, statics, errors, requests = [], [], 0, 0
        for _ in range(args.rounds):
            page = wrk(base + path, str(script), args.seconds, args.connections)
            static = wrk(
                base + ANCHOR_PATH, str(script), args.seconds, args.connections
            )
            pages.append(page["P95_US"] / 1000)
            statics.append(static["P95_US"] / 1000)
            errors += page["ERRORS"] + static["ERRORS"]
            requests += page["REQUESTS"]
    finally:
        server.terminate()
        server.wait()
    page_p95, static_p95 = median(pages), median(statics)
    print(
        f"finding page: {len(body):,} bytes, {images} exhibits, "
        f"Cache-Control: {cache_control}; wrk -c{args.connections}, "
        f"{args.rounds} rounds of {args.seconds} s; {requests:,} page requests"
    )
    print(f"page p95 per round (ms): {', '.join(f'{p:.2f}' for p in pages)}")
    print(f"static file p95 per round (ms): {', '.join(f'{s:.2f}' for s in statics)}")
    print(
        f"RESULT public_pages ratio={page_p95 / static_p95:.2f} target=3 "
        f"p95_ms={page_p95:.2f} static_p95_ms={static_p95:.2f} errors={errors}"
    )
    return None


if __name__ == "__main__":
    main()
