"""The e-Court metadata sheet: THE one place that defines its columns.

The ICC's e-Court Protocol asks for each item's metadata in a fixed table. Its
annex varies by chamber and year, so the columns are this one list: to match the
version a chamber orders, change :data:`COLUMNS` (label, and the ``ItemRow`` field
it reads) and every output follows: ``ecourt.csv``, ``ecourt.xlsx``, the
Concordance DAT load file and ``items.jsonl``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

BATCH = 500  # rows formatted at a time by the streaming writers

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
        return dict(vars(self))  # every field is a str or an int: no deep copy


def headings() -> list[str]:
    return [label for _, label in COLUMNS]


def _safe(value: str) -> str:
    # A text starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def batches(rows: Iterable[ItemRow]) -> Iterator[list[ItemRow]]:
    batch: list[ItemRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def csv_chunks(rows: Iterable[ItemRow]) -> Iterator[bytes]:
    """ecourt.csv, a batch of rows at a time: UTF-8 with a byte-order mark (by which
    spreadsheets detect UTF-8), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings())
    yield codecs.BOM_UTF8 + out.getvalue().encode()
    for batch in batches(rows):
        out.seek(0)
        out.truncate()
        writer.writerows([_safe(v) for v in row.values()] for row in batch)
        yield out.getvalue().encode()


def to_csv(rows: Iterable[ItemRow]) -> bytes:
    return b"".join(csv_chunks(rows))


# ecourt.xlsx is written here rather than with openpyxl: the smallest workbook
# Excel and LibreOffice open (one sheet of inline strings, header row frozen),
# streamed into its zip a batch of rows at a time, several times faster.
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_XLSX_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        f'ContentType="{_TYPE}.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        f'sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/><Override PartName="/xl/'
        f'styles.xml" ContentType="{_TYPE}.styles+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets><sheet '
        'name="e-Court" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
        f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
        f'Id="rId2" Type="{_DOC}/styles" Target="styles.xml"/></Relationships>'
    ),
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/>'
        '<name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill '
        'patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
        '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" '
        'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>"
    ),
}
_SHEET_HEAD = (
    f'{_XML}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews><sheetData>"
)
_SHEET_TAIL = "</sheetData></worksheet>"
# Characters XML 1.0 forbids (a spreadsheet would refuse the file).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(value: str) -> str:
    value = _NOT_XML.sub("", value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def _sheet_row(number: int, values: list[str], columns: list[str]) -> str:
    cells = "".join(
        f'<c r="{column}{number}" t="inlineStr"><is><t xml:space="preserve">'
        f"{_xml_text(value)}</t></is></c>"
        for column, value in zip(columns, values, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'


def write_xlsx(rows: Iterable[ItemRow], out: BinaryIO) -> None:
    """Write ecourt.xlsx to ``out``, a batch of rows at a time."""
    columns = [_column(i) for i in range(len(COLUMNS))]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        for name, text in _XLSX_PARTS.items():
            book.writestr(_member(name), text)
        with book.open(_member("xl/worksheets/sheet1.xml"), "w") as sheet:
            sheet.write((_SHEET_HEAD + _sheet_row(1, headings(), columns)).encode())
            number = 1
            for batch in batches(rows):
                lines = []
                for row in batch:
                    number += 1
                    values = [_safe(v) for v in row.values()]
                    lines.append(_sheet_row(number, values, columns))
                sheet.write("".join(lines).encode())
            sheet.write(_SHEET_TAIL.encode())


def _member(name: str) -> zipfile.ZipInfo:
    # A fixed date, so the same rows give the same file.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def to_xlsx(rows: Iterable[ItemRow]) -> bytes:
    out = io.BytesIO()
    write_xlsx(rows, out)
    return out.getvalue()
