"""What a search asks for: parsed and checked once, for the staff page and the API.

A bad value is a ``SearchError`` whose message is meant for the user.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from evidence.models import Sensitivity, SourceType
from search.folding import words
from search.fulltext import Clause

# Facet value -> how a type is recognised from the sniffed MIME type.
TYPES = {
    "image": "image/",
    "video": "video/",
    "audio": "audio/",
    "pdf": "application/pdf",
    "text": "text/",
}
TYPE_LABELS = {
    "image": "Images",
    "video": "Video",
    "audio": "Audio",
    "pdf": "PDF",
    "text": "Text",
}
ORDERS = ("newest", "oldest", "captured", "relevance")
HASH = re.compile(r"[0-9a-f]{8,128}")
PAGE_SIZE = 20
MAX_PAGE = 500


class SearchError(ValueError):
    """A search that cannot run as asked; the message is meant for the user."""


@dataclass(frozen=True)
class BoundingBox:
    west: float
    south: float
    east: float
    north: float


@dataclass
class SearchParams:
    q: str = ""
    type: str = ""
    source_type: str = ""
    sensitivity: str = ""
    language: str = ""
    captured_from: dt.date | None = None
    captured_to: dt.date | None = None
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    case: str = ""
    incident: int | None = None
    has_gps: bool | None = None
    bbox: BoundingBox | None = None
    hash: str = ""
    duplicates_of: str = ""
    similar_to: str = ""
    order: str = "newest"
    page: int = 1
    clauses: list[Clause] = field(default_factory=list)

    @property
    def filters_evidence_only(self) -> bool:
        """Whether a filter applies that persons, units and incidents lack."""
        return (
            any(
                getattr(self, name)
                for name in (
                    "type",
                    "source_type",
                    "sensitivity",
                    "language",
                    "captured_from",
                    "captured_to",
                    "submitted_from",
                    "submitted_to",
                    "incident",
                    "bbox",
                    "hash",
                    "duplicates_of",
                    "similar_to",
                )
            )
            or self.has_gps is not None
        )


def parse_clauses(text: str) -> list[Clause]:
    """Free text into clauses: ``"a phrase"`` in quotes, ``prefix*``, other words.

    Every clause must match (AND). A word that folds into several (``Šešelj-Vučić``,
    a Burmese word of several syllables) is a phrase of them.
    """
    clauses = []
    for match in re.finditer(r'"([^"]*)"?|(\S+)', text):
        chunk = match.group(1) if match.group(1) is not None else match.group(2)
        found = words(chunk)
        if not found:
            continue
        prefix = match.group(2) is not None and chunk.endswith("*")
        clauses.append(Clause(tuple(found), prefix=prefix))
    return clauses[:20]


def _choice(value: str, allowed, label: str) -> str:
    if value and value not in allowed:
        raise SearchError(f"Unknown {label}: {value}.")
    return value


def _date(value: str, label: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise SearchError(f"{label} must be a date like 2024-03-31.") from exc


def _bbox(value: str) -> BoundingBox | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError as exc:
        raise SearchError(
            "The map box must be four numbers: west,south,east,north."
        ) from exc
    if not (
        -90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180
    ):
        raise SearchError("The map box lies outside the map.")
    return BoundingBox(west, south, east, north)


def _bool(value: str) -> bool | None:
    if value in ("", None):
        return None
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise SearchError("Has GPS must be yes or no.")


def _int(value: str, label: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise SearchError(f"{label} must be a number.") from exc


def parse(data: Mapping[str, str]) -> SearchParams:
    """Check and parse a query string's values (missing ones take defaults)."""
    get = lambda name: (data.get(name) or "").strip()  # noqa: E731
    q = get("q")[:1000]
    hash_value = get("hash").lower()
    if not hash_value and HASH.fullmatch(q.lower()):
        hash_value, q = q.lower(), ""
    if hash_value and not HASH.fullmatch(hash_value):
        raise SearchError(
            "A hash is 8 to 128 hexadecimal digits (SHA-256, SHA-512 or MD5)."
        )
    page = _int(get("page"), "Page") or 1
    if not 1 <= page <= MAX_PAGE:
        raise SearchError(f"Page must be between 1 and {MAX_PAGE}.")
    params = SearchParams(
        q=q,
        type=_choice(get("type"), TYPES, "type"),
        source_type=_choice(get("source_type"), SourceType.values, "source type"),
        sensitivity=_choice(get("sensitivity"), Sensitivity.values, "sensitivity"),
        language=get("language")[:35],
        captured_from=_date(get("captured_from"), "Captured from"),
        captured_to=_date(get("captured_to"), "Captured to"),
        submitted_from=_date(get("submitted_from"), "Submitted from"),
        submitted_to=_date(get("submitted_to"), "Submitted to"),
        case=get("case")[:40],
        incident=_int(get("incident"), "Incident"),
        has_gps=_bool(get("has_gps")),
        bbox=_bbox(get("bbox")),
        hash=hash_value,
        duplicates_of=get("duplicates_of")[:40],
        similar_to=get("similar_to")[:40],
        order=_choice(get("order") or "newest", ORDERS, "order"),
        page=page,
    )
    params.clauses = parse_clauses(q)
    return params


def query_string(params: SearchParams, **changes: object) -> dict[str, str]:
    """The query-string values that ask for ``params`` (with ``changes``)."""
    out = {}
    for f in fields(params):
        if f.name == "clauses":
            continue
        value = changes.get(f.name, getattr(params, f.name))
        if (
            value is None
            or value == ""
            or (f.name, value) in (("order", "newest"), ("page", 1))
        ):
            continue
        if isinstance(value, BoundingBox):
            value = f"{value.west},{value.south},{value.east},{value.north}"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        out[f.name] = str(value)
    return out
