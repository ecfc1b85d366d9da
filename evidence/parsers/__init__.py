"""Inspection of untrusted evidence files after they are stored.

Nothing here imports Django: these functions run inside sandbox workers (see
``evidence.parsers.sandbox``) with time and memory limits, and return plain,
JSON-serialisable dicts. The caller passes the MIME type sniffed from the bytes; the
file's name and extension are never consulted.

``extract_metadata`` runs independent steps (image, exif, pdf, text, media) chosen by
the MIME type; one step failing is recorded in ``errors`` and the others still run.
``render_derivatives`` rebuilds a thumbnail and a preview from pixels only.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from evidence.parsers.sandbox import labelled

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "DEFAULT_TEXT_LIMIT",
    "STEPS",
    "ParseError",
    "Source",
    "StepResult",
    "extract_metadata",
    "render_derivatives",
    "steps_for",
]

DEFAULT_TEXT_LIMIT = 1_000_000
STEPS: dict[str, str] = {
    "image": "evidence.parsers.images.read_image",
    "exif": "evidence.parsers.exif.read_exif",
    "pdf": "evidence.parsers.documents.read_pdf",
    "text": "evidence.parsers.documents.read_text",
    "media": "evidence.parsers.media.probe_media",
}
# Read as text although their major type says otherwise.
_TEXT_TYPES = frozenset(
    {
        "application/json",
        "application/xhtml+xml",
        "application/xml",
        "image/svg+xml",
        "message/rfc822",
    }
)
_RAW_VALUE_LIMIT = 65_536


class ParseError(Exception):
    """A step could not read the file; the message is shown to investigators."""


class _AlreadyReported(Exception):
    """The shared image failed to open and an earlier step has said so."""


@dataclass
class StepResult:
    """What one step learnt: normalised fields, raw values, non-fatal problems."""

    fields: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class Source:
    """The file under inspection, shared by the steps of one extraction.

    The image is opened once (headers only) and reused by the image and exif steps;
    ``image_warnings`` holds what Pillow warned about damaged metadata while opening
    it (its decompression-bomb warning is a RuntimeWarning, and not among them).
    """

    path: str
    mime_type: str
    text_limit: int = DEFAULT_TEXT_LIMIT
    image_warnings: list[str] = field(default_factory=list)
    _image: Image.Image | None = None
    _open_error: Exception | None = None
    _open_error_reported: bool = False

    def image(self) -> Image.Image:
        """The opened image; raises an opening error once, then ``_AlreadyReported``."""
        if self._image is not None:
            return self._image
        if self._open_error is None:
            from evidence.parsers.images import open_image

            try:
                # Pillow warns, rather than fails, about damaged metadata it skips
                # while opening; the exif step reports those warnings.
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    self._image = open_image(self.path, self.mime_type)
                self.image_warnings = [
                    str(w.message)
                    for w in caught
                    if issubclass(w.category, UserWarning)
                ]
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - re-raised below, once
                self._open_error = exc
            else:
                return self._image
        if self._open_error_reported:
            raise _AlreadyReported
        self._open_error_reported = True
        raise self._open_error

    def close(self) -> None:
        if self._image is not None:
            self._image.close()
            self._image = None


def steps_for(mime_type: str) -> list[str]:
    """The default steps for a sniffed MIME type."""
    major = mime_type.partition("/")[0]
    if major == "text" or mime_type in _TEXT_TYPES:
        return ["text"]
    if major == "image":
        return ["image", "exif"]
    if mime_type == "application/pdf":
        return ["pdf"]
    if major in ("audio", "video"):
        return ["media"]
    return []


def _resolve(step: str) -> Callable[[Source], StepResult]:
    module_name, _, attr = STEPS.get(step, step).rpartition(".")
    if not module_name:
        raise ParseError(f"unknown step {step!r}")
    func: Callable[[Source], StepResult] = getattr(
        importlib.import_module(module_name), attr
    )
    return func


def describe_error(exc: BaseException) -> str:
    """A one-line message for an error a step raised."""
    if isinstance(exc, ParseError):
        return str(exc)
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def stringify(value: Any, limit: int = _RAW_VALUE_LIMIT) -> Any:
    """A JSON-safe rendering of a raw metadata value, long values cut at ``limit``."""
    if isinstance(value, bool | int | str) or value is None:
        text = value
    elif isinstance(value, float):
        # NaN and infinities are not JSON.
        text = value if value == value and abs(value) != float("inf") else str(value)
    elif isinstance(value, bytes | bytearray):
        text = _bytes_text(bytes(value))
    elif isinstance(value, dict):
        return {str(k): stringify(v, limit) for k, v in value.items()}
    elif isinstance(value, list | tuple):
        return [stringify(v, limit) for v in value[:256]]
    else:
        text = str(value)
    if isinstance(text, str) and len(text) > limit:
        return text[:limit] + f"... [{len(text) - limit} more characters]"
    return text


def _bytes_text(value: bytes) -> str:
    """Readable text when the bytes are UTF-8 text, else hexadecimal."""
    try:
        text = value.rstrip(b"\x00").decode("utf-8")
    except UnicodeDecodeError:
        return value.hex()
    readable = text and all(c.isprintable() or c in "\t\r\n" for c in text)
    return text if readable else value.hex()


@labelled("metadata extraction")
def extract_metadata(
    path: str,
    mime_type: str,
    *,
    steps: Sequence[str] | None = None,
    text_limit: int = DEFAULT_TEXT_LIMIT,
) -> dict[str, Any]:
    """Read what the file says about itself, dispatching on the sniffed MIME type.

    ``steps`` overrides the default steps: names from ``STEPS`` or dotted paths of
    functions taking a ``Source`` and returning a ``StepResult``. A ``MemoryError``
    is not caught, so the sandbox can report the memory limit.
    """
    fields: dict[str, Any] = {}
    raw: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    source = Source(path, mime_type, text_limit)
    try:
        for step in steps_for(mime_type) if steps is None else steps:
            try:
                result = _resolve(step)(source)
            except MemoryError:
                raise
            except _AlreadyReported:
                continue
            except Exception as exc:  # noqa: BLE001 - untrusted input breaks parsers in any way
                errors.append({"step": step, "error": describe_error(exc)})
                continue
            for key, value in result.fields.items():
                # An earlier step wins: image dimensions come before media ones.
                fields.setdefault(key, value)
            if result.raw:
                raw[step] = stringify(result.raw)
            errors.extend({"step": step, "error": p} for p in result.problems)
    finally:
        source.close()
    return {"fields": fields, "raw": raw, "errors": errors}


@labelled("rendering derivatives")
def render_derivatives(
    path: str,
    mime_type: str,
    out_dir: str,
    *,
    thumb_px: int = 256,
    preview_px: int = 1280,
    kinds: Sequence[str] = ("thumbnail", "preview"),
) -> dict[str, Any]:
    """Write ``thumbnail.jpg`` and/or ``preview.jpg`` rebuilt from pixels only.

    Without a preview, the image decodes at the smallest scale the thumbnail
    allows, which for JPEG is several times faster.

    Returns the derivatives made, the 64-bit perceptual hash (16 hex digits), the
    errors, and ``skipped`` with a reason when the type has no renderer.
    """
    # Imported here so that callers which only schedule this function in the
    # sandbox do not load Pillow, NumPy and SciPy themselves.
    from evidence.parsers.images import render

    return render(
        path, mime_type, out_dir, thumb_px=thumb_px, preview_px=preview_px, kinds=kinds
    )
