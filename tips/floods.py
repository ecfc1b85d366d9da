"""Flood limits that need no address: global counters per hour in the cache, and
quotas on sizes and on what the store holds.

Counters live in the default cache. With several web processes it must be shared
(database or Redis cache); per-process memory only limits each process.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tips.privacy import current_hour

# Room for multipart boundaries and the message around the files.
MULTIPART_SLACK = 256 * 1024


class FloodRefusal(Exception):
    """A limit was reached; the message is meant for the source."""


def _key(kind: str) -> str:
    return f"tips:{kind}:{current_hour():%Y%m%d%H}"


def _count(kind: str) -> int:
    return int(cache.get(_key(kind), 0))


def _add(kind: str, amount: int) -> int:
    key = _key(kind)
    cache.add(key, 0, timeout=2 * 3600)
    try:
        return cache.incr(key, amount)
    except ValueError:
        cache.set(key, amount, timeout=2 * 3600)
        return amount


def max_request_bytes() -> int:
    return (
        settings.INDISPUTABLE_TIPS_MAX_FILES * settings.INDISPUTABLE_TIPS_MAX_FILE_BYTES
        + MULTIPART_SLACK
    )


def stored_bytes() -> int:
    from tips.models import TipPart

    return TipPart.objects.aggregate(total=Sum("size"))["total"] or 0


def check_submission_allowed(incoming_bytes: int = 0) -> None:
    """Refuse a submission when this hour's or the store's limits are reached."""
    if _count("submissions") >= settings.INDISPUTABLE_TIPS_MAX_SUBMISSIONS_PER_HOUR:
        raise FloodRefusal(
            _(
                "The channel is receiving too many submissions right now. Please "
                "try again in an hour."
            )
        )
    if _count("bytes") + incoming_bytes > settings.INDISPUTABLE_TIPS_MAX_BYTES_PER_HOUR:
        raise FloodRefusal(
            _(
                "The channel has received as much as it can take this hour. Please "
                "try again later, or send smaller files."
            )
        )
    if stored_bytes() + incoming_bytes > settings.INDISPUTABLE_TIPS_MAX_STORED_BYTES:
        raise FloodRefusal(
            _(
                "The channel's storage is full until older tips are handled. "
                "Please try again in a few days."
            )
        )


def count_submission() -> None:
    _add("submissions", 1)


def count_bytes(amount: int) -> int:
    """Add received bytes to this hour's total; return the new total."""
    return _add("bytes", amount)


def bytes_this_hour_exceeded() -> bool:
    return _count("bytes") > settings.INDISPUTABLE_TIPS_MAX_BYTES_PER_HOUR


def check_codename_attempt() -> None:
    """Count one codename sign-in attempt, refusing past the hourly limit."""
    if _add("codename-attempts", 1) > settings.INDISPUTABLE_TIPS_MAX_LOGINS_PER_HOUR:
        raise FloodRefusal(
            _(
                "Too many codename attempts on this channel right now. Please try "
                "again in an hour."
            )
        )


def refuse_before_body(request) -> HttpResponse | None:
    """A 413 or 429 for a POST that must not be read at all, else None."""
    if request.method != "POST":
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_request_bytes():
        return _refusal(
            413,
            _(
                "This is more than the channel accepts at once (%(files)s files of "
                "at most %(bytes)s bytes each)."
            )
            % {
                "files": settings.INDISPUTABLE_TIPS_MAX_FILES,
                "bytes": number_format(
                    settings.INDISPUTABLE_TIPS_MAX_FILE_BYTES, force_grouping=True
                ),
            },
        )
    if request.META.get("CONTENT_TYPE", "").startswith("multipart/"):
        try:
            check_submission_allowed(incoming_bytes=length)
        except FloodRefusal as exc:
            return _refusal(429, str(exc))
    return None


def _refusal(status: int, message: str) -> HttpResponse:
    response = HttpResponse(
        render_to_string("tips/refused.html", {"message": message}), status=status
    )
    if status == 429:
        response["Retry-After"] = "3600"
    return response
