"""Running a search: hits, counts, facets, snippets and records, always through
the access policy.

Every number shown comes from the search rows of the items the user may see
(``visible_rows``: the condition of ``evidence.access.visible_items``, on
``search.models.EvidenceRow``) narrowed by the filters, and every case, person,
unit or incident from the cases the user's on (``cases.access.visible_cases``): a
count, a facet or a snippet never reflects what the user may not see. A result
list records no custody event; opening a hit (the item's page) does.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString

from cases import access as case_access
from cases.models import EvidenceLink
from evidence import access, duplicates
from evidence.models import EvidenceItem, Sensitivity, SourceType
from search import fulltext
from search.models import EvidenceRow, RecordDocument
from search.params import PAGE_SIZE, TYPE_LABELS, TYPES, SearchError, SearchParams
from search.snippets import snippet

ORDERINGS = {
    "newest": ("-submitted_at", "-pk"),
    "oldest": ("submitted_at", "pk"),
    "captured": ("-capture_time", "-pk"),
    # Without words to rank by, relevance is newest first.
    "relevance": ("-submitted_at", "-pk"),
}
RECORDS_SHOWN = 20
LANGUAGES_SHOWN = 20


@dataclass
class Bucket:
    value: str
    label: str
    count: int


@dataclass
class Hit:
    item: EvidenceItem
    snippet: SafeString
    distance: int | None = None


@dataclass
class RecordHit:
    kind: str
    kind_label: str
    object_id: int
    title: str
    case_reference: str


@dataclass
class SearchResults:
    params: SearchParams
    total: int
    hits: list[Hit]
    facets: dict[str, list[Bucket]] = field(default_factory=dict)
    records: list[RecordHit] = field(default_factory=list)
    record_total: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _hash_filter(prefix: str) -> Q:
    match = Q()
    for column, length in (("sha256", 64), ("sha512", 128), ("md5", 32)):
        if len(prefix) > length:
            continue
        if connection.vendor == "sqlite":
            # A range, not LIKE: SQLite's LIKE ignores case and so skips the index.
            match |= Q(
                **{f"blob__{column}__gte": prefix, f"blob__{column}__lt": prefix + "g"}
            )
        else:
            match |= Q(**{f"blob__{column}__startswith": prefix})
    return match


def _referenced_item(user, reference: str) -> EvidenceItem:
    try:
        return access.get_visible_item(user, reference=reference)
    except Http404 as exc:
        raise SearchError(f"No evidence item {reference}.") from exc


def visible_rows(user) -> QuerySet[EvidenceRow]:
    """The search rows of the items ``user`` may see: the access policy's own
    condition (``evidence.access.visibility``), on the rows' copies of its columns."""
    condition = access.visibility(user)
    if condition is None:
        return EvidenceRow.objects.none()
    return EvidenceRow.objects.filter(condition)


def filtered_rows(user, params: SearchParams) -> tuple[QuerySet, dict[int, int]]:
    """The rows of the visible items matching every filter, and the perceptual
    distance of each hit of a similar-image search."""
    rows = visible_rows(user)
    distances: dict[int, int] = {}
    if params.clauses:
        rows = rows.filter(
            pk__in=fulltext.matching_keys("search_evidence_fts", params.clauses)
        )
    if params.type:
        rows = rows.filter(kind=params.type)
    for name in ("source_type", "sensitivity"):
        if getattr(params, name):
            rows = rows.filter(**{name: getattr(params, name)})
    if params.language:
        rows = rows.filter(language__iexact=params.language)
    if params.captured_from:
        rows = rows.filter(capture_time__gte=_day_start(params.captured_from))
    if params.captured_to:
        end = _day_start(params.captured_to) + dt.timedelta(days=1)
        rows = rows.filter(capture_time__lt=end)
    if params.submitted_from:
        rows = rows.filter(submitted_at__gte=_day_start(params.submitted_from))
    if params.submitted_to:
        end = _day_start(params.submitted_to) + dt.timedelta(days=1)
        rows = rows.filter(submitted_at__lt=end)
    if params.case or params.incident:
        links = EvidenceLink.objects.filter(
            case__in=case_access.visible_cases(user), retracted_at__isnull=True
        )
        if params.case:
            links = links.filter(case__reference=params.case)
        if params.incident:
            links = links.filter(incident_id=params.incident)
        rows = rows.filter(pk__in=links.order_by().values("item_id"))
    if params.has_gps is not None:
        rows = rows.filter(has_gps=params.has_gps)
    if params.bbox:
        box = params.bbox
        rows = rows.filter(gps_latitude__gte=box.south, gps_latitude__lte=box.north)
        if box.west <= box.east:
            rows = rows.filter(gps_longitude__gte=box.west, gps_longitude__lte=box.east)
        else:  # the box crosses the antimeridian
            rows = rows.filter(
                Q(gps_longitude__gte=box.west) | Q(gps_longitude__lte=box.east)
            )
    if params.hash:
        rows = rows.filter(
            pk__in=EvidenceItem.objects.filter(_hash_filter(params.hash)).values("pk")
        )
    if params.duplicates_of:
        source = _referenced_item(user, params.duplicates_of)
        visible = access.visible_items(user)
        near = duplicates.near_duplicates(source, visible)
        distances.update({i.pk: d for i, d in near})
        exact = duplicates.exact_duplicates(source, visible).values_list(
            "pk", flat=True
        )
        distances.update(dict.fromkeys(exact, 0))
        rows = rows.filter(pk__in=list(distances))
    if params.similar_to:
        source = _referenced_item(user, params.similar_to)
        near = duplicates.near_duplicates(source, access.visible_items(user))
        distances.update({i.pk: d for i, d in near})
        rows = rows.filter(pk__in=[i.pk for i, _ in near])
    return rows, distances


def _buckets(counts: Counter, choices) -> list[Bucket]:
    return [Bucket(v, str(label), counts[v]) for v, label in choices if counts[v]]


def _facets(rows: QuerySet, user) -> tuple[int, dict[str, list[Bucket]]]:
    """The total and the count of every facet value, within the filtered rows.

    One grouped query, in the order of the rows' covering index, gives the total
    and the type, source, sensitivity, GPS and language facets (summed here from
    at most a few hundred groups); one more gives the cases and incidents, among
    the cases the user is on.
    """
    groups = (
        rows.order_by()
        .values_list("kind", "source_type", "sensitivity", "has_gps", "language")
        .annotate(n=Count("pk"))
    )
    facets: dict[str, Counter] = {
        name: Counter()
        for name in ("type", "source_type", "sensitivity", "has_gps", "language")
    }
    total = 0
    for kind, source_type, sensitivity, gps, language, n in groups:
        total += n
        facets["type"][kind] += n
        facets["source_type"][source_type] += n
        facets["sensitivity"][sensitivity] += n
        facets["has_gps"]["yes" if gps else "no"] += n
        if language:
            facets["language"][language] += n
    out = {
        "type": _buckets(facets["type"], [(k, TYPE_LABELS[k]) for k in TYPES]),
        "source_type": _buckets(facets["source_type"], SourceType.choices),
        "sensitivity": _buckets(facets["sensitivity"], Sensitivity.choices),
        "has_gps": _buckets(facets["has_gps"], [("yes", "Has GPS"), ("no", "No GPS")]),
        "language": [
            Bucket(v, v, n)
            for v, n in sorted(facets["language"].items(), key=lambda p: (-p[1], p[0]))
        ][:LANGUAGES_SHOWN],
        "case": [],
        "incident": [],
    }
    if total:
        out["case"], out["incident"] = _link_facets(rows, user)
    return total, out


def _link_facets(rows: QuerySet, user) -> tuple[list[Bucket], list[Bucket]]:
    # From the links of the user's cases, each checked against the filtered rows:
    # a case holds far fewer links than a broad search has hits.
    links = (
        EvidenceLink.objects.filter(
            Exists(rows.order_by().filter(pk=OuterRef("item_id"))),
            case__in=case_access.visible_cases(user),
            retracted_at__isnull=True,
        )
        .order_by()
        .values_list(
            "case__reference",
            "case__title",
            "incident_id",
            "incident__title",
            "item_id",
        )
        .distinct()
    )
    cases: dict[str, set] = {}
    incidents: dict[int, set] = {}
    labels: dict[object, str] = {}
    for reference, title, incident_id, incident_title, item_id in links:
        cases.setdefault(reference, set()).add(item_id)
        labels[reference] = f"{reference} {title}"
        if incident_id is not None:
            incidents.setdefault(incident_id, set()).add(item_id)
            labels[incident_id] = incident_title
    by_count = lambda found: sorted(found.items(), key=lambda p: (-len(p[1]), p[0]))  # noqa: E731
    return (
        [Bucket(k, labels[k], len(v)) for k, v in by_count(cases)],
        [Bucket(str(k), labels[k], len(v)) for k, v in by_count(incidents)][
            :LANGUAGES_SHOWN
        ],
    )


def _records(user, params: SearchParams) -> tuple[int, list[RecordHit]]:
    if not params.clauses or params.filters_evidence_only:
        return 0, []
    records = RecordDocument.objects.filter(
        case__in=case_access.visible_cases(user),
        pk__in=fulltext.matching_keys("search_record_fts", params.clauses),
    )
    if params.case:
        records = records.filter(case__reference=params.case)
    total = records.count()
    labels = dict(RecordDocument.Kind.choices)
    rows = records.select_related("case").order_by("kind", "title", "pk")
    return total, [
        RecordHit(r.kind, labels[r.kind], r.object_id, r.title, r.case.reference)
        for r in rows[:RECORDS_SHOWN]
    ]


def _items(ids: list[int]) -> list[EvidenceItem]:
    """The items of these rows, with their blobs, in this order."""
    found = EvidenceItem.objects.select_related("blob").in_bulk(ids)
    return [found[pk] for pk in ids]


def search(user, params: SearchParams, *, facets: bool = True) -> SearchResults:
    """One page of the visible items matching ``params``, with counts and facets."""
    rows, distances = filtered_rows(user, params)
    if facets:
        total, buckets = _facets(rows, user)
    else:
        total, buckets = rows.count(), {}
    start = (params.page - 1) * PAGE_SIZE
    if params.order == "relevance" and params.clauses:
        among = rows.order_by().values("pk").query.sql_with_params()
        ids = fulltext.ranked_keys(params.clauses, among, start, PAGE_SIZE)
    elif params.similar_to or params.duplicates_of:
        found = sorted(
            rows.values_list("pk", flat=True), key=lambda pk: (distances[pk], pk)
        )
        ids = found[start : start + PAGE_SIZE]
    else:
        ordered = rows.order_by(*ORDERINGS[params.order]).values_list("pk", flat=True)
        ids = list(ordered[start : start + PAGE_SIZE])
    hits = [
        Hit(
            item=item,
            snippet=snippet([item.description, item.extracted_text], params.clauses),
            distance=distances.get(item.pk),
        )
        for item in _items(ids)
    ]
    record_total, records = _records(user, params)
    return SearchResults(
        params=params,
        total=total,
        hits=hits,
        facets=buckets,
        records=records,
        record_total=record_total,
    )
