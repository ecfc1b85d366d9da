"""Exports in the staff workspace: start one, watch its progress, download it.

Thin views over :mod:`cases.exports.operations`; every view finds its case through
``cases.access``, so anyone off the team gets 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin.viewsets.base import ViewSet

from cases import access
from cases.exports import downloads
from cases.exports.models import Confidentiality, DisclosureCategory, Export
from cases.exports.tasks import run_export


class ExportForm(forms.Form):
    disclosure = forms.ChoiceField(
        choices=[("", "every category"), *DisclosureCategory.choices], required=False
    )
    confidentiality = forms.MultipleChoiceField(
        choices=Confidentiality.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every level.",
    )
    items = forms.CharField(
        required=False,
        help_text="Archive references separated by spaces; empty: every item.",
    )


def editable_case(request, reference):
    """The case if the user is on its team (404 otherwise) and may change it (403)."""
    case = access.get_visible_case(request.user, reference=reference)
    try:
        access.require_edit(request.user, case)
    except access.AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return case


@require_http_methods(["GET", "POST"])
def index(request, reference: str):
    case = editable_case(request, reference)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = Export.objects.create(
            case=case,
            created_by=request.user,
            created_at=timezone.now(),
            options={
                "items": form.cleaned_data["items"].split(),
                "disclosure": form.cleaned_data["disclosure"],
                "confidentiality": form.cleaned_data["confidentiality"],
                "zip": True,
            },
        )
        transaction.on_commit(lambda: run_export.enqueue(str(export.id)))
        messages.success(request, "Export started.")
        return redirect("exports:status", case.reference, export.id)
    return TemplateResponse(
        request,
        "exports/index.html",
        {
            "case": case,
            "form": form,
            "exports": Export.objects.filter(case=case).select_related("created_by"),
        },
    )


def _export(request, reference, export_id) -> Export:
    case = editable_case(request, reference)
    export = Export.objects.filter(case=case, pk=export_id).first()
    if export is None:
        raise Http404("No such export.")
    return export


@require_GET
def status(request, reference: str, export_id):
    export = _export(request, reference, export_id)
    return TemplateResponse(
        request, "exports/status.html", {"case": export.case, "export": export}
    )


@require_GET
def download(request, reference: str, export_id):
    export = _export(request, reference, export_id)
    stream = downloads.open_bundle(export=export, user=request.user)
    response = FileResponse(stream, as_attachment=True, filename=f"{export.name}.zip")
    response["X-Content-Type-Options"] = "nosniff"
    return response


class ExportsViewSet(ViewSet):
    name = "exports"
    url_prefix = "exports"
    icon = "download"
    menu_label = "Court exports"
    add_to_admin_menu = False

    def get_urlpatterns(self):
        from cases.exports import disclosure_views  # it imports this module

        return [
            path("<str:reference>/", index, name="index"),
            path(
                "<str:reference>/disclosure/",
                disclosure_views.decisions,
                name="disclosure",
            ),
            path("<str:reference>/<uuid:export_id>/", status, name="status"),
            path(
                "<str:reference>/<uuid:export_id>/download/",
                download,
                name="download",
            ),
        ]
