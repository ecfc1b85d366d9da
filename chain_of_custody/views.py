"""Staff views of the custody log: an item's custody report (page and PDF), and the
log itself for Auditors: its head, signed checkpoints and verifications."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus

from chain_of_custody import signing
from chain_of_custody.models import CustodyHead
from chain_of_custody.report_pdf import render_pdf
from chain_of_custody.reports import custody_report
from chain_of_custody.selectors import recent_checkpoints, recent_verifications
from chain_of_custody.tasks import verification_pending, verify_log_task
from evidence.access import can_audit_custody


def item_report(request: HttpRequest, reference: str) -> TemplateResponse:
    report = custody_report(
        user=request.user, reference=reference, via="custody report"
    )
    return TemplateResponse(
        request, "chain_of_custody/item_report.html", {"report": report}
    )


def item_report_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    report = custody_report(
        user=request.user, reference=reference, via="custody report (PDF)"
    )
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="custody-{report.item.reference}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _require_auditor(request: HttpRequest) -> None:
    if not can_audit_custody(request.user):
        raise PermissionDenied("Only Auditors read and verify the custody log.")


def log_overview(request: HttpRequest) -> TemplateResponse:
    """The log's size, its latest checkpoints and verifications: no item content."""
    _require_auditor(request)
    head = CustodyHead.objects.filter(pk=1).first()
    return TemplateResponse(
        request,
        "chain_of_custody/log.html",
        {
            "size": head.size if head else 0,
            "origin": signing.origin(),
            "checkpoints": recent_checkpoints(),
            "verifications": recent_verifications(),
        },
    )


@require_POST
def verify_now(request: HttpRequest) -> HttpResponse:
    """Start a verification of the whole log (with a re-hash of every blob if asked)."""
    _require_auditor(request)
    if verification_pending():
        # A second click, or a colleague's: one verification of the whole log at
        # a time (with a fixity re-hash it reads every stored byte).
        messages.info(
            request,
            "A verification is already waiting or running. Its result appears "
            "below when it has finished.",
        )
        return redirect("custody_log")
    with_fixity = request.POST.get("fixity") == "on"
    result = verify_log_task.enqueue(request.user.pk, with_fixity)
    if result.status == TaskResultStatus.FAILED:
        messages.error(request, "The verification could not run: see the server log.")
    elif result.is_finished:
        if result.return_value:
            messages.success(request, "The custody log verified: no problems found.")
        else:
            messages.error(
                request, "The custody log did NOT verify: see the problems below."
            )
    else:
        messages.info(
            request,
            "Verification started. Its result appears below when it has finished.",
        )
    return redirect("custody_log")
