"""The tip pages' language: chosen by the address alone.

A source's browser language is not used: ``Accept-Language`` narrows down who is
asking, so the privacy middleware drops it with the other identifying headers, and
no language cookie is ever set. English lives at ``/tips/``; the other languages of
the site under ``/tips/<code>/`` (``/tips/ar/``), which keeps every tip route under
the one prefix the privacy middleware and a tips-only host rely on.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from tips.privacy import TIPS_PREFIX


def other_languages() -> list[str]:
    """The site's languages that have a prefix under /tips/ (all but the default)."""
    return [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class LanguageConverter:
    """A language code of the site other than the default one (``fr``, ``ar``)."""

    regex = "|".join(re.escape(code) for code in other_languages())

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def language_of(path: str) -> str:
    """The language a tip path is in: its prefix after /tips/, else the default."""
    first = path[len(TIPS_PREFIX) :].split("/", 1)[0]
    return first if first in other_languages() else settings.LANGUAGE_CODE


def activate_for(path: str) -> str:
    language = language_of(path)
    translation.activate(language)
    return language


def in_path_language(view):
    """Serve the view in the language of its address (the ``language`` argument
    the prefixed routes pass), whatever Django's locale middleware picked."""

    @functools.wraps(view)
    def wrapped(request, *args, language: str | None = None, **kwargs):
        code = language or settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        return view(request, *args, **kwargs)

    return wrapped


def tip_url(name: str, language: str | None = None) -> str:
    """The address of the tip page ``name`` in ``language`` (default: the active)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language not in other_languages():
        return reverse(f"tips:{name}")
    return reverse(f"tips:{name}", kwargs={"language": language})


def switcher(url_name: str) -> list[dict]:
    """The same page in every language, for the language menu."""
    current = translation.get_language()
    rows = []
    for code, _ in settings.LANGUAGES:
        info = get_language_info(code)
        rows.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": tip_url(url_name, code),
                "current": code == current,
            }
        )
    return rows
