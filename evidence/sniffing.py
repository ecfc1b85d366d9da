"""The type of a file, read from its bytes by libmagic; its name is only a claim."""

import mimetypes
from dataclasses import dataclass

import magic


@dataclass(frozen=True)
class SniffedType:
    mime_type: str
    description: str


def sniff(path: str) -> SniffedType:
    return SniffedType(
        mime_type=magic.from_file(path, mime=True),
        description=magic.from_file(path)[:500],
    )


def claimed_type(filename: str) -> str:
    """The type the file's name claims, for showing beside the sniffed type."""
    return mimetypes.guess_type(filename, strict=False)[0] or ""
