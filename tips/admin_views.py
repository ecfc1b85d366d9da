"""The Tips inbox in the staff workspace: thin views over the tip operations.

A private key pasted into a form is used for that one request: the views are
``never_cache``, the key is a sensitive POST parameter (kept out of error reports)
and nothing puts it in the session, the database or a log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from tips import access, inbox, sources
from tips.crypto import TipDecryptionError
from tips.models import Tip, TipPart
from tips.promotion import PromotionRefused, promote_part

KEY_FIELD = "identity"


def _require(request) -> None:
    if not access.can_handle_tips(request.user):
        raise PermissionDenied("You may not handle confidential tips.")


@never_cache
@require_GET
def index(request):
    _require(request)
    tips = (
        Tip.objects.select_related("source")
        .prefetch_related("parts")
        .order_by("-received_hour", "-id")[:500]
    )
    return TemplateResponse(request, "tips/admin/index.html", {"tips": tips})


def _detail(request, tip: Tip, *, read=None, error: str = "", status: int = 200):
    parts = list(tip.parts.select_related("promoted_item"))
    for part in parts:
        part.accession = inbox.accession_event(part)
    return TemplateResponse(
        request,
        "tips/admin/detail.html",
        {
            "tip": tip,
            "parts": parts,
            "read": read,
            "error": error,
            "replies": tip.source.replies.select_related("author"),
        },
        status=status,
    )


@never_cache
@sensitive_post_parameters(KEY_FIELD)
def detail(request, tip_id: int):
    """The tip's parts; POSTing a key shows its manifest and message."""
    _require(request)
    tip = get_object_or_404(Tip.objects.select_related("source"), pk=tip_id)
    if request.method != "POST":
        return _detail(request, tip)
    try:
        read = inbox.read_tip(
            tip=tip, key_text=request.POST.get(KEY_FIELD, ""), actor=request.user
        )
    except TipDecryptionError as exc:
        return _detail(request, tip, error=str(exc), status=400)
    return _detail(request, tip, read=read)


@never_cache
@sensitive_post_parameters(KEY_FIELD)
@require_POST
def download(request, tip_id: int, index: int):
    """One decrypted part, streamed as an attachment; never written anywhere."""
    _require(request)
    part = get_object_or_404(TipPart, tip_id=tip_id, index=index)
    try:
        filename, chunks = inbox.open_part(
            part=part, key_text=request.POST.get(KEY_FIELD, ""), actor=request.user
        )
    except TipDecryptionError as exc:
        return _detail(request, part.tip, error=str(exc), status=400)
    response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
    response["Content-Disposition"] = _attachment(
        f"tip-{tip_id}-part-{index}", filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _attachment(stem: str, claimed: str) -> str:
    # The claimed name may be anything; only a safe extension is kept from it.
    suffix = ""
    if "." in claimed:
        tail = claimed.rsplit(".", 1)[1]
        if tail.isalnum() and len(tail) <= 10:
            suffix = "." + tail.lower()
    return f'attachment; filename="{stem}{suffix}"'


@never_cache
@sensitive_post_parameters(KEY_FIELD)
@require_POST
def promote(request, tip_id: int, index: int):
    _require(request)
    part = get_object_or_404(
        TipPart.objects.select_related("tip__source"), tip_id=tip_id, index=index
    )
    try:
        item = promote_part(
            part=part,
            key_text=request.POST.get(KEY_FIELD, ""),
            actor=request.user,
            title=request.POST.get("title", "").strip(),
        )
    except (TipDecryptionError, PromotionRefused) as exc:
        return _detail(request, part.tip, error=str(exc), status=400)
    messages.success(
        request,
        gettext(
            "Part %(index)s is now evidence item %(reference)s (SHA-256 %(sha256)s)."
        )
        % {"index": index, "reference": item.reference, "sha256": item.blob.sha256},
    )
    return redirect("tips_detail", tip_id=tip_id)


@never_cache
@require_POST
def reply(request, tip_id: int):
    _require(request)
    tip = get_object_or_404(Tip.objects.select_related("source"), pk=tip_id)
    try:
        sources.send_reply(
            source=tip.source, text=request.POST.get("text", ""), actor=request.user
        )
    except ValueError as exc:
        return _detail(request, tip, error=str(exc), status=400)
    messages.success(
        request, gettext("Reply stored, encrypted to the source's codename.")
    )
    return redirect("tips_detail", tip_id=tip_id)
