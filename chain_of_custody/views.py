"""Staff views of the custody log: an item's custody report, as a page and a PDF."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from chain_of_custody.report_pdf import render_pdf
from chain_of_custody.reports import custody_report


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
