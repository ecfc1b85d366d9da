"""``GET /api/v1/search``: the staff search, as data. A result list records no
custody event; fetching an item (``/api/v1/evidence/{reference}``) does."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema, Status

from search import params as search_params
from search import selectors

router = Router(tags=["search"])


class SearchIn(Schema):
    q: str = ""
    type: str = ""
    source_type: str = ""
    sensitivity: str = ""
    language: str = ""
    captured_from: str = ""
    captured_to: str = ""
    submitted_from: str = ""
    submitted_to: str = ""
    case: str = ""
    incident: str = ""
    has_gps: str = ""
    bbox: str = ""
    hash: str = ""
    duplicates_of: str = ""
    similar_to: str = ""
    order: str = ""
    page: str = ""


class HitOut(Schema):
    reference: str
    title: str
    sha256: str
    mime_type: str
    source_type: str
    sensitivity: str
    language: str
    submitted_at: dt.datetime
    capture_time: dt.datetime | None
    gps_latitude: float | None
    gps_longitude: float | None
    snippet: str
    distance: int | None


class BucketOut(Schema):
    value: str
    label: str
    count: int


class RecordOut(Schema):
    kind: str
    title: str
    case_reference: str


class SearchOut(Schema):
    total: int
    page: int
    pages: int
    hits: list[HitOut]
    facets: dict[str, list[BucketOut]]
    record_total: int
    records: list[RecordOut]


class ErrorOut(Schema):
    detail: str


def _hit(hit: selectors.Hit) -> HitOut:
    item = hit.item
    return HitOut(
        reference=item.reference,
        title=item.title,
        sha256=item.blob.sha256,
        mime_type=item.blob.mime_type,
        source_type=item.source_type,
        sensitivity=item.sensitivity,
        language=item.language,
        submitted_at=item.submitted_at,
        capture_time=item.capture_time,
        gps_latitude=item.gps_latitude,
        gps_longitude=item.gps_longitude,
        snippet=str(hit.snippet),
        distance=hit.distance,
    )


@router.get(
    "",
    response={200: SearchOut, 400: ErrorOut},
    summary="Search the evidence and the records of your cases",
)
def search(request, filters: Query[SearchIn]):
    """Free text (``"phrases"``, ``prefix*``), filters, facet counts and hash
    prefixes, over what the token's user may see. Snippets are HTML, escaped, with
    the matched words in ``<mark>``."""
    try:
        params = search_params.parse(filters.dict())
        results = selectors.search(request.user, params)
    except search_params.SearchError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(
        200,
        SearchOut(
            total=results.total,
            page=params.page,
            pages=results.pages,
            hits=[_hit(h) for h in results.hits],
            facets={
                name: [BucketOut(**vars(b)) for b in buckets]
                for name, buckets in results.facets.items()
            },
            record_total=results.record_total,
            records=[
                RecordOut(kind=r.kind, title=r.title, case_reference=r.case_reference)
                for r in results.records
            ],
        ),
    )
