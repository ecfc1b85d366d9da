"""Load files for national review platforms (Relativity and others).

Concordance DAT: UTF-8 with a byte-order mark, one line per document ending CRLF,
fields separated by byte 0x14 (DC4) and quoted with þ (U+00FE); a newline inside
a field is written ® (U+00AE); multiple values in one field are separated by ``;``.
The first line names the fields: BEGBATES, ENDBATES, then the e-Court columns
(:mod:`cases.exports.ecourt`), then NATIVEPATH.

Opticon OPT: ``ImageKey,Volume,Path,DocBreak,Folder,Box,PageCount``, one line per
page, ``Y`` on a document's first page with its page count; paths are relative to
the bag's ``data`` folder with backslashes, as review platforms expect.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator

from cases.exports.ecourt import COLUMNS, ItemRow, batches

SEPARATOR = "\x14"
QUOTE = "\u00fe"
NEWLINE = "\u00ae"
VOLUME = "VOL001"


def dat_fields() -> list[str]:
    return ["BEGBATES", "ENDBATES", *(label for _, label in COLUMNS), "NATIVEPATH"]


def _field(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", NEWLINE)
    value = value.replace(QUOTE, "").replace(SEPARATOR, " ")
    return QUOTE + value + QUOTE


def _windows(path: str) -> str:
    return path.replace("/", "\\")


def dat_values(row: ItemRow) -> list[str]:
    return [row.ern_first, row.ern_last, *row.values(), _windows(row.file)]


def _dat_line(values: list[str]) -> str:
    return SEPARATOR.join(_field(v) for v in values) + "\r\n"


def dat_chunks(rows: Iterable[ItemRow]) -> Iterator[bytes]:
    """The DAT file a batch of rows at a time: the byte-order mark, the fields."""
    yield codecs.BOM_UTF8 + _dat_line(dat_fields()).encode()
    for batch in batches(rows):
        yield "".join(_dat_line(dat_values(row)) for row in batch).encode()


def to_dat(rows: Iterable[ItemRow]) -> bytes:
    return b"".join(dat_chunks(rows))


def read_dat(data: bytes) -> list[list[str]]:
    """Parse a DAT file made by :func:`to_dat` back into rows (header first)."""
    text = data.decode("utf-8-sig")
    rows = []
    for line in text.split("\r\n"):
        if not line:
            continue
        fields = line.split(SEPARATOR)
        if any(len(f) < 2 or f[0] != QUOTE or f[-1] != QUOTE for f in fields):
            raise ValueError(f"malformed DAT line: {line[:80]!r}")
        rows.append([f[1:-1].replace(NEWLINE, "\n") for f in fields])
    return rows


def opt_lines(row: ItemRow) -> list[list[str]]:
    path = _windows(row.stamped_file or row.file)
    first, _, _ = row.ern_first.rpartition("-")
    start = int(row.ern_first.rsplit("-", 1)[1])
    lines = []
    for page in range(row.pages):
        key = f"{first}-{start + page:04d}"
        if page == 0:
            lines.append([key, VOLUME, path, "Y", "", "", str(row.pages)])
        else:
            lines.append([key, VOLUME, path, "", "", "", ""])
    return lines


def opt_chunks(rows: Iterable[ItemRow]) -> Iterator[bytes]:
    for batch in batches(rows):
        lines = [line for row in batch for line in opt_lines(row)]
        yield "".join(",".join(line) + "\r\n" for line in lines).encode("utf-8")


def to_opt(rows: Iterable[ItemRow]) -> bytes:
    return b"".join(opt_chunks(rows))


def read_opt(data: bytes) -> list[list[str]]:
    """Parse an OPT file back into its lines of seven fields."""
    rows = []
    for line in data.decode("utf-8").split("\r\n"):
        if line:
            fields = line.split(",")
            if len(fields) != 7:
                raise ValueError(f"malformed OPT line: {line!r}")
            rows.append(fields)
    return rows
