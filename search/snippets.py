"""Snippets: a few words of a visible item's own text around what matched."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.folding import words
from search.fulltext import Clause

_CONTEXT = 12
# Past this many characters of a field, a snippet is not worth the time it takes.
_SCAN_CHARS = 20_000


def _matches(chunk_words: list[str], clauses: list[Clause]) -> bool:
    for clause in clauses:
        for i, word in enumerate(clause.words):
            last = i == len(clause.words) - 1
            for w in chunk_words:
                if w == word or (clause.prefix and last and w.startswith(word)):
                    return True
    return False


def snippet(texts: list[str], clauses: list[Clause]) -> SafeString:
    """The first passage of ``texts`` holding a query word, the words marked;
    empty when no passage does (the match was in metadata or past the scan)."""
    if not clauses:
        return mark_safe("")  # noqa: S308 - empty
    for text in texts:
        chunks = re.findall(r"\S+", text[:_SCAN_CHARS])
        for index, chunk in enumerate(chunks):
            if not _matches(words(chunk), clauses):
                continue
            start, end = max(0, index - _CONTEXT), index + _CONTEXT + 1
            parts = []
            for j, part in enumerate(chunks[start:end], start):
                marked = j == index or _matches(words(part), clauses)
                parts.append(f"<mark>{escape(part)}</mark>" if marked else escape(part))
            lead = "… " if start > 0 else ""
            tail = " …" if end < len(chunks) else ""
            return mark_safe(lead + " ".join(parts) + tail)  # noqa: S308 - escaped
    return mark_safe("")  # noqa: S308 - empty
