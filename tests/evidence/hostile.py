"""Hostile stand-ins for the parsers, importable by sandbox workers."""

import time

from evidence.parsers.sandbox import labelled


@labelled("metadata extraction")
def hanging_extract_metadata(path: str, mime_type: str) -> dict:
    """An EXIF parser caught in an endless loop by a crafted file."""
    time.sleep(3600)
    return {}
