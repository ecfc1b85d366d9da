"""The proof matrix of a large case: 200 element rows, 10,000 links, 5,000 items.

Times the matrix page (the view and its template, as the staff workspace renders it)
and ``build_matrix`` alone, p50 and p95, counts the queries of one render, and times
one raw SQL aggregate of the same counts in the same process. Targets: page p95 at
most 500 ms, a query count that does not depend on the number of links, and
RESULT ratio = page p95 / raw aggregate p95 at most 5.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["INDISPUTABLE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-matrix-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indisputable.settings.local")
if "BENCH_DATABASE_URL" in os.environ:
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.DEBUG = False

from django.contrib.messages.storage.fallback import FallbackStorage  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import ensure_roles  # noqa: E402
from cases import charges, facts, teams  # noqa: E402
from cases.matrix import build_matrix  # noqa: E402
from cases.models import Crime, EvidenceLink, LiabilityMode  # noqa: E402
from cases.views import matrix_page  # noqa: E402
from evidence.models import Blob, EvidenceItem  # noqa: E402

ROWS, LINKS, ITEMS, RUNS = 200, 10_000, 5_000, 40
RAW_SQL = (
    "SELECT charge_id, element_id, "
    "SUM(CASE WHEN stance = 'supports' AND retracted_at IS NULL THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN stance = 'undermines' AND retracted_at IS NULL THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN retracted_at IS NOT NULL THEN 1 ELSE 0 END) "
    "FROM cases_evidencelink WHERE case_id = %s AND charge_id IS NOT NULL "
    "GROUP BY charge_id, element_id"
)


def setup():
    call_command("migrate", "--no-input", verbosity=0)
    user = User.objects.create_user("bench")
    user.groups.add(ensure_roles()["Analysts"], ensure_roles()["Investigators"])
    case = teams.create_case(
        actor=user,
        reference="BENCH-1",
        title="Benchmark case",
        forum_kind="icc",
        forum="ICC",
    )
    modes = list(LiabilityMode.objects.all())
    crimes = list(Crime.objects.all())
    pairs = []
    suspect_no = 0
    while len(build_matrix(case, user, pins="none").rows) < ROWS:
        suspect_no += 1
        suspect = facts.add_person(
            case=case, actor=user, name=f"Suspect {suspect_no}", is_suspect=True
        )
        crime = crimes[suspect_no % len(crimes)]
        mode = modes[suspect_no % len(modes)]
        charge = charges.add_charge(
            case=case, actor=user, suspect=suspect, crime=crime, mode=mode
        )
        pairs += [(charge.pk, e.pk) for e in crime.elements.all()]
        pairs += [(charge.pk, e.pk) for e in mode.elements.all()]
    now = timezone.now()
    with transaction.atomic():
        blobs = Blob.objects.bulk_create(
            Blob(
                sha256=f"{i:064x}",
                sha512=f"{i:0128x}",
                size=1000 + i,
                mime_type="application/pdf",
                store_key=f"sha256/00/00/{i:064x}",
            )
            for i in range(ITEMS)
        )
        items = EvidenceItem.objects.bulk_create(
            EvidenceItem(
                reference=f"IND-2026-{i:06d}",
                blob=blob,
                title=f"Bench item {i}",
                source_type="witness",
                submitted_by=user,
                submitted_at=now,
                page_count=40,
            )
            for i, blob in enumerate(blobs)
        )
        rng = random.Random(5)  # noqa: S311 - synthetic data
        # Leave about a tenth of the pairs without links, so there are gaps.
        linked_pairs = pairs[: int(len(pairs) * 0.9)]
        EvidenceLink.objects.bulk_create(
            EvidenceLink(
                case=case,
                item=rng.choice(items),
                charge_id=charge_id,
                element_id=element_id,
                stance="supports" if rng.random() < 0.8 else "undermines",
                page_from=(page := rng.randint(1, 30)),
                page_to=page + rng.randint(0, 5),
                created_by=user,
                created_at=now,
                retracted_at=now if n % 50 == 0 else None,
                retracted_by=user if n % 50 == 0 else None,
                retraction_reason="bench" if n % 50 == 0 else "",
            )
            for n, (charge_id, element_id) in enumerate(
                rng.choice(linked_pairs) for _ in range(LINKS)
            )
        )
    # Fresh planner statistics after the bulk load, as autovacuum (PostgreSQL) or
    # a routine ANALYZE (SQLite) would give a live archive; the anchor gets them too.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return case, user, len(pairs)


def request_for(user):
    request = RequestFactory().get("/admin/cases/BENCH-1/matrix/")
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def timed(fn, runs=RUNS) -> list[float]:
    fn()  # warm caches and template loading
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main():
    case, user, pairs = setup()

    def render():
        response = matrix_page(request_for(user), reference=case.reference)
        response.render()
        assert response.status_code == 200
        return response

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, [case.pk])
            return cursor.fetchall()

    with CaptureQueriesContext(connection) as ctx:
        body = render().content
    queries = len(ctx.captured_queries)
    page = timed(render)
    build = timed(lambda: build_matrix(case, user))
    sql = timed(raw)
    matrix = build_matrix(case, user)
    print(
        f"case: {len(matrix.rows)} rows ({pairs} charge elements), "
        f"{EvidenceLink.objects.count()} links, {EvidenceItem.objects.count()} items, "
        f"{len(matrix.gaps)} gaps; page {len(body) / 1024:.0f} KiB; "
        f"database {connection.vendor}"
    )
    print(
        f"matrix page: p50 {statistics.median(page):.1f} ms, p95 {p95(page):.1f} ms, "
        f"{queries} queries"
    )
    print(
        f"build_matrix: p50 {statistics.median(build):.1f} ms, p95 {p95(build):.1f} ms"
    )
    print(
        f"raw SQL aggregate: p50 {statistics.median(sql):.2f} ms, "
        f"p95 {p95(sql):.2f} ms, {len(raw())} cells"
    )
    ratio = p95(page) / p95(sql)
    print(
        f"RESULT case_matrix ratio={ratio:.1f} target=5 p95_ms={p95(page):.1f} "
        f"queries={queries}"
    )


if __name__ == "__main__":
    main()
