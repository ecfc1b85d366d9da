"""The evidence list with 100,000 items: time to render the first page (p50, p95)
and its query count, which must not grow with the number of items.

Target: p95 under 200 ms. The list has no external anchor; the RESULT ratio is the
p95 over that 200 ms budget (target <= 1.0), and the raw SQL of the page's main
query is timed alongside for comparison.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["INDISPUTABLE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-list-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indisputable.settings.local")
if "BENCH_DATABASE_URL" in os.environ:
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.DEBUG = False  # as in production: no query log, no debug toolbar

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import ensure_roles  # noqa: E402
from evidence.models import Blob, EvidenceItem  # noqa: E402


def populate(count: int, user: User) -> None:
    now = timezone.now()
    batch = 5000
    for start in range(0, count, batch):
        with transaction.atomic():
            blobs = Blob.objects.bulk_create(
                Blob(
                    sha256=f"{i:064x}",
                    sha512=f"{i:0128x}",
                    size=1000 + i,
                    mime_type="image/jpeg",
                    store_key=f"sha256/00/00/{i:064x}",
                )
                for i in range(start, min(start + batch, count))
            )
            EvidenceItem.objects.bulk_create(
                EvidenceItem(
                    reference=f"IND-2026-{blob.size - 1000:06d}",
                    blob=blob,
                    title=f"Synthetic item {blob.size - 1000}",
                    source_type="witness",
                    submitted_by=user,
                    submitted_at=now,
                    metadata_status="done",
                    derivatives_status="done",
                )
                for blob in blobs
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    call_command("migrate", "--no-input", verbosity=0)
    user = User.objects.create_user("bench", password="bench-password-not-secret")  # noqa: S106
    user.groups.add(ensure_roles()["Investigators"])
    started = time.perf_counter()
    populate(args.items, user)
    print(f"{args.items} items inserted in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    # A full staff sign-in: password and second factor.
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.get("/admin/evidence/")  # warm caches and templates
    timings, queries = [], []
    for _ in range(args.requests):
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            response = client.get("/admin/evidence/")
            timings.append(time.perf_counter() - t)
        assert response.status_code == 200
        queries.append(len(captured))
    sql_times = []
    page_sql = str(
        EvidenceItem.objects.select_related("blob")
        .order_by("-submitted_at", "-id")[:50]
        .query
    )
    with connection.cursor() as cursor:
        for _ in range(args.requests):
            t = time.perf_counter()
            cursor.execute(page_sql)
            cursor.fetchall()
            sql_times.append(time.perf_counter() - t)
    p50 = statistics.median(timings) * 1000
    p95 = statistics.quantiles(timings, n=20)[-1] * 1000
    sql_p50 = statistics.median(sql_times) * 1000
    print(
        f"RESULT evidence_list ratio={p95 / 200:.3f} target=1.0 p50_ms={p50:.1f} "
        f"p95_ms={p95:.1f} queries={max(queries)} raw_sql_p50_ms={sql_p50:.2f} "
        f"items={args.items} db={connection.vendor}"
    )


if __name__ == "__main__":
    main()
