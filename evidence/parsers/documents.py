"""Documents: PDF page count, metadata and text; the text of plain text and HTML."""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from evidence.parsers import ParseError, Source, StepResult, describe_error

ENCRYPTED_PDF = "PDF is encrypted with a password; pages and text not read"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PDF_WARNINGS_KEPT = 50


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < _PDF_WARNINGS_KEPT:
            self.messages.append(record.getMessage())


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    """pypdf's warnings about a damaged file, kept as raw facts rather than logged."""
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def read_pdf(source: Source) -> StepResult:
    """Page count, document information and the text of every page, up to the cap."""
    result = StepResult()
    with _pypdf_warnings() as warnings:
        try:
            reader = PdfReader(source.path)
        except PdfReadError as exc:
            raise ParseError(f"the bytes are not a readable PDF: {exc}") from None
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError(ENCRYPTED_PDF)
        result.fields["page_count"] = len(reader.pages)
        result.raw = {
            "header": reader.pdf_header,
            "encrypted": reader.is_encrypted,
            "document_info": dict(reader.metadata or {}),
        }
        text, truncated = _pdf_text(reader, source.text_limit, result.problems)
    result.fields["text"] = text
    result.raw["text_truncated"] = truncated
    if warnings:
        result.raw["warnings"] = warnings
    return result


def _pdf_text(reader: PdfReader, limit: int, problems: list[str]) -> tuple[str, bool]:
    pieces: list[str] = []
    length = 0
    for number, page in enumerate(reader.pages, start=1):
        if length >= limit:
            return "\n\n".join(pieces)[:limit], True
        try:
            piece = page.extract_text()
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the rest
            problems.append(f"page {number}: text not extracted: {describe_error(exc)}")
            continue
        pieces.append(piece.strip("\n"))
        length += len(piece) + 2
    text = "\n\n".join(pieces)
    return text[:limit], len(text) > limit


def read_text(source: Source) -> StepResult:
    """The text of a plain-text or HTML file, decoded and capped at the limit."""
    limit = source.text_limit
    with open(source.path, "rb") as file:
        # Four bytes per character is the most any supported encoding needs.
        data = file.read(limit * 4 + 4)
        more = bool(file.read(1))
    text, encoding = _decode(data, final=not more)
    raw: dict[str, Any] = {"encoding": encoding}
    if source.mime_type in _HTML_TYPES:
        page = _HtmlText()
        page.feed(text)
        page.close()
        text = page.text()
        raw.update(title=page.title.strip(), meta=page.meta)
    raw["text_truncated"] = more or len(text) > limit
    return StepResult(fields={"text": text[:limit]}, raw=raw)


def _decode(data: bytes, *, final: bool) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            decoder = codecs.getincrementaldecoder(encoding)("replace")
            return decoder.decode(data, final=final), encoding
    try:
        # Incremental, so a character cut in two at the read limit is not an error.
        text = codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace"), "cp1252 (guessed)"
    return text, "utf-8"


class _HtmlText(HTMLParser):
    """The readable text of a page, its title and its meta tags."""

    _HIDDEN = frozenset({"script", "style", "template"})
    _BLOCKS = frozenset(
        {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"}
        | {"figcaption", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"}
        | {"header", "hr", "li", "main", "nav", "ol", "p", "pre", "section"}
        | {"table", "td", "th", "tr", "ul"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self._parts: list[str] = []
        self._hidden: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and len(self.meta) < 200:
            key = (
                values.get("name") or values.get("property") or values.get("http-equiv")
            )
            if key:
                self.meta[key] = values.get("content") or ""
            elif values.get("charset"):
                self.meta["charset"] = values["charset"] or ""
        elif tag == "title":
            self._in_title = True
        if tag in self._HIDDEN:
            self._hidden.append(tag)
        if tag in self._BLOCKS:
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self._hidden:
            del self._hidden[self._hidden.index(tag) :]
        if tag in self._BLOCKS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._hidden:
            self._parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self._parts).splitlines())
        return "\n".join(line for line in lines if line)
