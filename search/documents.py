"""What is searchable of each kind of object, as one folded document.

Witnesses and their identities are never indexed: nothing that identifies a
witness can come back from a search.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from search.folding import fold
from search.fulltext import MAX_DOCUMENT_CHARS

# Metadata values past this depth or length add nothing a searcher types.
_MAX_METADATA_VALUE = 500


def _metadata_values(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 4:
        return
    if isinstance(value, dict):
        for inner in value.values():
            yield from _metadata_values(inner, depth + 1)
    elif isinstance(value, list):
        for inner in value[:50]:
            yield from _metadata_values(inner, depth + 1)
    elif isinstance(value, str) and len(value) <= _MAX_METADATA_VALUE:
        yield value


def _join(parts: Iterable[str]) -> str:
    return fold("\n".join(p for p in parts if p))[:MAX_DOCUMENT_CHARS]


# The evidence columns a document reads, so bulk indexing loads nothing else.
EVIDENCE_FIELDS = (
    "pk",
    "reference",
    "title",
    "description",
    "original_filename",
    "source_note",
    "collected_place",
    "device_make",
    "device_model",
    "device_serial",
    "metadata",
    "extracted_text",
)


def evidence_document(row: dict[str, Any]) -> str:
    """An item's document from its ``EVIDENCE_FIELDS`` values: reference, title,
    description, filename, source note, place, device, metadata values and the
    extracted text (last, so a cut takes only its end)."""
    metadata = row.get("metadata") or {}
    return _join(
        [
            row["reference"],
            row["title"],
            row["description"],
            row["original_filename"],
            row["source_note"],
            row["collected_place"],
            row["device_make"],
            row["device_model"],
            row["device_serial"],
            *_metadata_values(metadata.get("fields", {})),
            *_metadata_values(metadata.get("raw", {})),
            row["extracted_text"][:MAX_DOCUMENT_CHARS],
        ]
    )


def case_document(case) -> tuple[str, str]:
    return case.reference + " " + case.title, _join(
        [case.reference, case.title, case.forum, case.description]
    )


def person_document(person) -> tuple[str, str]:
    names = [n.name for n in person.names.all()]
    return person.name, _join([person.name, *names, person.nationality, person.notes])


def organisation_document(organisation) -> tuple[str, str]:
    return organisation.name, _join(
        [organisation.name, organisation.aliases, organisation.notes]
    )


def incident_document(incident) -> tuple[str, str]:
    return incident.title, _join(
        [incident.title, incident.description, incident.place_name]
    )
