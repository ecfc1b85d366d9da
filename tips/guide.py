"""The guide for sources (docs/for-sources.md and its translations), as a page.

The documentation is the one text: English in ``docs/for-sources.md``, the other
languages in ``docs/for-sources.<code>.md``. It is rendered with markdown-it-py in
CommonMark mode with raw HTML off, so the page carries only what Markdown makes.

Each text states the default retention period, "90" days, once; the page says
the period this archive is configured with (``INDISPUTABLE_TIPS_RETENTION_DAYS``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

DOCS = Path(settings.BASE_DIR) / "docs"
RETENTION_AS_WRITTEN = re.compile(r"(?<!\d)90(?!\d)")


def source_file(language: str) -> Path:
    if language == settings.LANGUAGE_CODE:
        return DOCS / "for-sources.md"
    return DOCS / f"for-sources.{language}.md"


@functools.cache
def _render(language: str, retention_days: int) -> str:
    markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
    text = source_file(language).read_text(encoding="utf-8")
    text = RETENTION_AS_WRITTEN.sub(str(retention_days), text, count=1)
    return markdown.render(text)


def rendered(language: str | None = None) -> SafeString:
    """The guide in ``language`` (default: the active one) as HTML."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if not source_file(language).exists():
        language = settings.LANGUAGE_CODE
    html = _render(language, settings.INDISPUTABLE_TIPS_RETENTION_DAYS)
    return mark_safe(html)  # noqa: S308 - Markdown with raw HTML off
