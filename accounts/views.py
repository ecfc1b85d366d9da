"""Enrolling and using the second factor."""

import io

import segno
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import second_factor


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return "/admin/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Show a new authenticator secret as a QR code and confirm it with a code."""
    device = second_factor.pending_device(request.user)
    error = ""
    if request.method == "POST":
        codes = second_factor.confirm_enrolment(
            request=request, user=request.user, token=request.POST.get("token", "")
        )
        if codes is not None:
            return TemplateResponse(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        error = "That code is not right. Check the clock on your phone and try again."
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(svg, kind="svg", scale=5)
    return TemplateResponse(
        request,
        "accounts/2fa_setup.html",
        {
            "qr_svg": svg.getvalue().decode(),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "error": error,
            "next": _next(request),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for the code from the authenticator app, or a recovery code."""
    if not second_factor.has_second_factor(request.user):
        return redirect("accounts:2fa_setup")
    error = ""
    if request.method == "POST":
        if second_factor.verify(
            request=request, user=request.user, token=request.POST.get("token", "")
        ):
            return redirect(_next(request))
        error = "That code is not right, or was already used."
    return TemplateResponse(
        request, "accounts/2fa_verify.html", {"error": error, "next": _next(request)}
    )
