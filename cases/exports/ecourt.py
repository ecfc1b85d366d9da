"""The e-Court metadata sheet: THE one place that defines its columns.

The ICC's e-Court Protocol asks for each item's metadata in a fixed table. Its
annex varies by chamber and year, so the columns are this one list: to match the
version a chamber orders, change :data:`COLUMNS` (label, and the ``ItemRow`` field
it reads) and every output follows: ``ecourt.csv``, ``ecourt.xlsx``, the
Concordance DAT load file and ``items.jsonl``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass

COLUMNS: list[tuple[str, str]] = [
    ("ern_range", "ERN range"),
    ("title", "Title"),
    ("date", "Date"),
    ("type", "Type"),
    ("author", "Author"),
    ("recipient", "Recipient"),
    ("pages", "Pages"),
    ("languages", "Languages"),
    ("confidentiality", "Confidentiality"),
    ("source", "Source"),
    ("witness", "Linked witness"),
    ("disclosure", "Disclosure category"),
    ("redaction", "Redaction version"),
    ("sha256", "SHA-256"),
    ("original_sha256", "Original SHA-256"),
    ("stamped_sha256", "Stamped copy SHA-256"),
    ("file", "File"),
    ("stamped_file", "Stamped copy"),
    ("reference", "Archive reference"),
]
"""(field of :class:`ItemRow`, column heading), in order."""


@dataclass
class ItemRow:
    """One item as the bundle describes it. ``sha256`` is of the file sent (the
    redacted version where one stands in); ``original_sha256`` always the original's."""

    reference: str
    ern_first: str
    ern_last: str
    ern_range: str
    title: str
    date: str
    type: str
    author: str
    recipient: str
    pages: int
    languages: str
    confidentiality: str
    source: str
    witness: str
    disclosure: str
    redaction: str
    sha256: str
    sha512: str
    original_sha256: str
    original_sha512: str
    size: int
    file: str
    stamped_file: str = ""
    stamped_sha256: str = ""
    stamped_sha512: str = ""

    def values(self) -> list[str]:
        return [str(getattr(self, name)) for name, _ in COLUMNS]

    def as_json(self) -> dict:
        return asdict(self)


def headings() -> list[str]:
    return [label for _, label in COLUMNS]


def _safe(value: str) -> str:
    # A text starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def to_csv(rows: list[ItemRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings())
    for row in rows:
        writer.writerow([_safe(v) for v in row.values()])
    return out.getvalue().encode("utf-8-sig")  # spreadsheets detect UTF-8 by BOM


def to_xlsx(rows: list[ItemRow]) -> bytes:
    """The sheet in openpyxl's write-only mode, which streams rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("e-Court")
    sheet.freeze_panes = "A2"
    sheet.append(headings())
    for row in rows:
        sheet.append([_safe(v) for v in row.values()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
