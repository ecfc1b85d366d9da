"""The pages a source sees. They work without JavaScript, load nothing from
elsewhere, and set no cookie until the source asks for a codename.

``TipsPrivacyMiddleware`` has already scrubbed the request, installed the
encrypting upload handler and checked the flood limits; it also sets the headers.

Django's CSRF check does not fit these pages: it needs a cookie (there is none
before a codename), and under ``Referrer-Policy: no-referrer`` browsers send
``Origin: null``, which it refuses. So every form is guarded by the browser's
``Sec-Fetch-Site`` and ``Origin`` headers, and the pages behind a codename also by a
token kept in the source's session and echoed by the form.

Each page is in the language of its address (``/tips/`` English, ``/tips/ar/``
Arabic: see :mod:`tips.languages`), never the browser's.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from pathlib import Path

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tips import guide, sources
from tips.languages import in_path_language, tip_url
from tips.models import Source
from tips.privacy import current_hour
from tips.submission import TipRefused, receive_tip
from tips.uploads import upload_refusal

SESSION_KEY = "tips_source"
TOKEN_KEY = "tips_form_token"  # noqa: S105 - a session key's name
STYLESHEET = Path(__file__).resolve().parent / "assets" / "tips.css"


class MessageForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Your message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 60}),
    )


class SubmitForm(MessageForm):
    codename = forms.BooleanField(
        label=gettext_lazy(
            "Give me a codename so I can read replies and send more later"
        ),
        required=False,
    )


class CodenameForm(forms.Form):
    codename = forms.CharField(
        label=gettext_lazy("Your codename"),
        max_length=400,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "size": 60}),
    )


def same_origin_only(view):
    """Refuse a POST that a browser says came from another site (cookie-less CSRF)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            site = request.META.get("HTTP_SEC_FETCH_SITE", "")
            origin = request.META.get("HTTP_ORIGIN", "")
            own = f"{request.scheme}://{request.get_host()}"
            if site in ("cross-site", "same-site") or (
                origin and origin not in (own, "null")
            ):
                return _page(
                    request,
                    "tips/refused.html",
                    {"message": _("This form can only be sent from this site.")},
                    status=403,
                )
        return view(request, *args, **kwargs)

    return wrapped


def _page(request, template: str, context: dict, status: int = 200):
    session = getattr(request, "session", None)
    token = session.get(TOKEN_KEY, "") if session is not None else ""
    return TemplateResponse(
        request,
        template,
        {"limits": _limits(), "form_token": token, **context},
        status=status,
    )


def _limits() -> dict:
    return {
        "files": settings.INDISPUTABLE_TIPS_MAX_FILES,
        "file_bytes": settings.INDISPUTABLE_TIPS_MAX_FILE_BYTES,
        "message_chars": settings.INDISPUTABLE_TIPS_MAX_MESSAGE_CHARS,
    }


def _read(request, form_class):
    """The valid form and the encrypted uploads, or the form and an error."""
    form = form_class(request.POST)
    uploads = request.FILES.getlist("files")
    refusal = upload_refusal(request)
    if refusal:
        return form, uploads, _("Nothing was kept: %(reason)s.") % {"reason": refusal}
    if not form.is_valid():
        return form, uploads, _("Please check the form.")
    return form, uploads, None


def _sign_in_session(request, source: Source) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = source.pk
    request.session[TOKEN_KEY] = secrets.token_urlsafe(32)
    # The expiry is stored; an hour boundary says nothing finer about the visit.
    request.session.set_expiry(current_hour() + dt.timedelta(hours=2))


@in_path_language
@csrf_exempt
@same_origin_only
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method == "GET":
        return _page(request, "tips/submit.html", {"form": SubmitForm()})
    form, uploads, error = _read(request, SubmitForm)
    source = codename = None
    if error is None:
        if form.cleaned_data["codename"]:
            source, codename = sources.new_source_with_codename()
        try:
            receive_tip(
                message=form.cleaned_data["message"], uploads=uploads, source=source
            )
        except TipRefused as exc:
            error = str(exc)
            if source is not None:
                source.delete()
    if error:
        return _page(
            request, "tips/submit.html", {"form": form, "error": error}, status=400
        )
    if source is not None:
        _sign_in_session(request, source)
    return _page(request, "tips/thanks.html", {"codename": codename})


@in_path_language
@csrf_exempt
@same_origin_only
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.method == "GET":
        return _page(request, "tips/sign_in.html", {"form": CodenameForm()})
    form = CodenameForm(request.POST)
    if not form.is_valid():
        return _page(
            request,
            "tips/sign_in.html",
            {"form": CodenameForm(), "error": str(sources.SIGN_IN_FAILED)},
            status=400,
        )
    try:
        source, replies = sources.sign_in(form.cleaned_data["codename"])
    except sources.SignInRefused as exc:
        return _page(
            request,
            "tips/sign_in.html",
            {"form": CodenameForm(), "error": str(exc)},
            status=400,
        )
    _sign_in_session(request, source)
    return _page(
        request,
        "tips/source.html",
        {"form": MessageForm(), "replies": replies, "just_signed_in": True},
    )


def _session_source(request) -> Source | None:
    source_id = request.session.get(SESSION_KEY)
    if source_id is None:
        return None
    return Source.objects.filter(pk=source_id).exclude(codename_lookup=None).first()


def _token_ok(request) -> bool:
    expected = request.session.get(TOKEN_KEY, "")
    given = request.POST.get("form_token", "")
    return bool(expected) and secrets.compare_digest(expected, given)


@in_path_language
@csrf_exempt
@same_origin_only
@require_http_methods(["GET", "POST"])
def source_page(request):
    """Sending more, for a source signed in with a codename."""
    source = _session_source(request)
    if source is None:
        return redirect(tip_url("sign_in"))
    if request.method == "POST" and not _token_ok(request):
        return _page(
            request,
            "tips/source.html",
            {
                "form": MessageForm(),
                "error": _("The form expired. Please send again."),
            },
            status=403,
        )
    if request.method == "GET":
        return _page(request, "tips/source.html", {"form": MessageForm()})
    form, uploads, error = _read(request, MessageForm)
    if error is None:
        try:
            receive_tip(
                message=form.cleaned_data["message"], uploads=uploads, source=source
            )
        except TipRefused as exc:
            error = str(exc)
    if error:
        return _page(
            request, "tips/source.html", {"form": form, "error": error}, status=400
        )
    return _page(request, "tips/source.html", {"form": MessageForm(), "sent": True})


@in_path_language
@csrf_exempt
@same_origin_only
@require_POST
def sign_out(request):
    if _token_ok(request):
        request.session.flush()
    return redirect(tip_url("submit"))


@in_path_language
@require_GET
def for_sources(request):
    """What the channel protects and what it does not (docs/for-sources.md), in
    the page's language."""
    return _page(request, "tips/for_sources.html", {"guide": guide.rendered()})


@require_GET
def stylesheet(request):
    return HttpResponse(STYLESHEET.read_bytes(), content_type="text/css")
