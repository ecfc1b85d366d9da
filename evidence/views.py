"""The Evidence section of the staff workspace: thin views over the operations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from evidence import access, media_host, protection, redaction, retrieval, selectors
from evidence.filters import EvidenceFilterSet
from evidence.forms import ProtectionForm, SubmissionForm, VersionForm
from evidence.intake import IntakeError, ingest_evidence
from evidence.models import EvidenceItem
from evidence.serving import (
    attachment_response,
    inline_derivative_response,
    safe_download_name,
)
from evidence.uploads import upload_refusal


class ThumbnailColumn(Column):
    cell_template_name = "evidence/thumbnail_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["src"] = media_host.file_url(
            "evidence:derivative", instance.reference, "thumbnail"
        )
        return context


class SizeColumn(Column):
    def get_value(self, instance):
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(instance.blob.size)


class EvidenceIndexView(IndexView):
    model = EvidenceItem
    filterset_class = EvidenceFilterSet
    index_url_name = "evidence:index"
    index_results_url_name = "evidence:index_results"
    page_title = "Evidence"
    header_icon = "doc-full-inverse"
    default_ordering = "-submitted_at"
    paginate_by = 50
    any_permission_required = ["view"]
    permission_policy = ModelPermissionPolicy(EvidenceItem)

    def get_base_queryset(self):
        return selectors.item_listing(self.request.user)

    @property
    def columns(self):
        return [
            ThumbnailColumn("thumbnail", label="", width="90px"),
            TitleColumn(
                "reference",
                label="Reference",
                sort_key="reference",
                get_url=lambda item: reverse("evidence:item", args=[item.reference]),
            ),
            Column("title", sort_key="title"),
            Column("mime_type", label="Type", accessor="blob.mime_type"),
            SizeColumn("size", sort_key="blob__size"),
            Column(
                "capture_time",
                label="Captured (UTC)",
                sort_key="capture_time",
                accessor=lambda item: (
                    item.capture_time.strftime("%Y-%m-%d %H:%M")
                    if item.capture_time
                    else ""
                ),
            ),
            Column(
                "source", accessor="get_source_type_display", sort_key="source_type"
            ),
            Column(
                "sha256",
                label="SHA-256",
                accessor=lambda item: format_html(
                    '<code title="{}">{}…</code>',
                    item.blob.sha256,
                    item.blob.sha256[:12],
                ),
            ),
            DateColumn("submitted_at", label="Submitted", sort_key="submitted_at"),
        ]

    def get_add_url(self):
        return (
            reverse("evidence:upload") if access.can_submit(self.request.user) else None
        )


def item_detail(
    request, reference: str, *, version_form=None, protection_form=None, status=200
):
    item = retrieval.open_item(user=request.user, reference=reference)
    context = selectors.item_context(request.user, item)
    context["map_tile_url"] = settings.INDISPUTABLE_MAP_TILE_URL
    context["version_form"] = version_form or VersionForm()
    context["level_in_force"] = protection.level_in_force(item)
    if protection.can_change_protection(request.user, item):
        context["protection_form"] = protection_form or ProtectionForm(
            initial={"level": item.sensitivity}
        )
    return TemplateResponse(
        request, "evidence/item_detail.html", context, status=status
    )


@require_POST
def make_version(request, reference: str):
    """Make a redacted or public version; a bad recipe shows the page again."""
    item = access.get_visible_item(request.user, reference=reference)
    form = VersionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = redaction.make_version(
                item,
                request.user,
                kind=data["kind"],
                regions=data["regions"],
                crop=data["crop"],
                page=data["page"],
                note=data["note"],
                legal_basis=data["legal_basis"],
            )
        except redaction.RedactionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"{version.get_kind_display()} {version.version} made, SHA-256 "
                f"{version.blob.sha256}. It needs another person's approval.",
            )
            return redirect(_versions_url(item.reference))
    return item_detail(request, reference, version_form=form, status=400)


@require_POST
def change_protection(request, reference: str):
    """Set the item's protection level and lift date; a refusal shows the page."""
    item = access.get_visible_item(request.user, reference=reference)
    form = ProtectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            protection.set_protection(
                item=item,
                actor=request.user,
                level=data["level"],
                until=data["until"],
                after=data["after"] or None,
                reason=data["reason"],
            )
        except access.AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except protection.ProtectionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Protection changed and recorded.")
            return redirect("evidence:item", item.reference)
    return item_detail(request, reference, protection_form=form, status=400)


@require_POST
def approve_version(request, reference: str, version_id: int):
    item = access.get_visible_item(request.user, reference=reference)
    version = redaction.versions(item).filter(pk=version_id).first()
    if version is None:
        raise Http404("This item has no such version.")
    try:
        redaction.approve(version, request.user)
    except access.AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except redaction.RedactionError as exc:
        messages.error(request, f"Not approved: {exc}.")
    else:
        messages.success(
            request, f"{version.get_kind_display()} {version.version} approved."
        )
    return redirect(_versions_url(item.reference))


def download_version(request, reference: str, version_id: int):
    version = redaction.download_version(
        user=request.user, reference=reference, version_id=version_id
    )
    extension = safe_download_name("", version.blob)
    name = f"{version.item.reference}-{version.kind}-v{version.version}{extension}"
    return attachment_response(version.blob, name)


def _versions_url(reference: str) -> str:
    return reverse("evidence:item", args=[reference]) + "#versions"


def download_original(request, reference: str):
    try:
        item = retrieval.download_original(user=request.user, reference=reference)
    except access.AccessDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    return attachment_response(item.blob, safe_download_name(item.reference, item.blob))


def derivative(request, reference: str, kind: str):
    found = retrieval.display_derivative(
        user=request.user, reference=reference, kind=kind
    )
    return inline_derivative_response(found.blob)


@require_http_methods(["GET", "POST"])
def upload(request):
    """The upload page. Each POST may carry one file (the page's script) or many."""
    if not access.can_submit(request.user):
        raise PermissionDenied("You may not submit evidence.")
    wants_json = request.headers.get("Accept") == "application/json"
    if request.method == "GET":
        return TemplateResponse(
            request, "evidence/upload.html", {"form": SubmissionForm()}
        )
    files = request.FILES.getlist("files")  # parses the body, staging each file
    refusal = upload_refusal(request)
    if refusal:
        return _upload_error(request, f"Upload refused: {refusal}.", 413, wants_json)
    form = SubmissionForm(request.POST)
    if not form.is_valid() or not files:
        if wants_json:
            errors = form.errors.get_json_data() if not form.is_valid() else {}
            if not files:
                errors["files"] = [{"message": "Choose at least one file."}]
            return JsonResponse({"errors": errors}, status=400)
        if not files:
            form.add_error(None, "Choose at least one file.")
        return TemplateResponse(
            request, "evidence/upload.html", {"form": form}, status=400
        )
    submission = form.submission(collected_by=request.user)
    results = []
    for upload_file in files:
        try:
            item = ingest_evidence(
                submitted_by=request.user,
                filename=upload_file.name or "",
                submission=submission,
                staged=upload_file.writer,
            )
        except IntakeError as exc:
            return _upload_error(request, str(exc), 400, wants_json)
        results.append(_item_json(item))
    if wants_json:
        return JsonResponse({"items": results}, status=201)
    for result in results:
        messages.success(
            request, f"{result['reference']} stored, SHA-256 {result['sha256']}"
        )
    return redirect("evidence:index")


def _upload_error(request, message: str, status: int, wants_json: bool) -> HttpResponse:
    if wants_json:
        return JsonResponse({"error": message}, status=status)
    form = SubmissionForm(request.POST or None)
    form.add_error(None, message)
    return TemplateResponse(
        request, "evidence/upload.html", {"form": form}, status=status
    )


def _item_json(item: EvidenceItem) -> dict:
    item.refresh_from_db()
    has_thumbnail = item.derivatives.filter(kind="thumbnail").exists()
    return {
        "reference": item.reference,
        "sha256": item.blob.sha256,
        "mime_type": item.blob.mime_type,
        "size": item.blob.size,
        "url": reverse("evidence:item", args=[item.reference]),
        "thumbnail_url": (
            media_host.file_url("evidence:derivative", item.reference, "thumbnail")
            if has_thumbnail
            else None
        ),
    }


class EvidenceViewSet(ViewSet):
    name = "evidence"
    url_prefix = "evidence"
    icon = "doc-full-inverse"
    menu_label = "Evidence"
    add_to_admin_menu = True
    menu_order = 100

    def get_urlpatterns(self):
        return [
            path("", EvidenceIndexView.as_view(), name="index"),
            path(
                "results/",
                EvidenceIndexView.as_view(results_only=True),
                name="index_results",
            ),
            path("upload/", upload, name="upload"),
            path("item/<str:reference>/", item_detail, name="item"),
            path("item/<str:reference>/original/", download_original, name="original"),
            path("item/<str:reference>/versions/", make_version, name="make_version"),
            path(
                "item/<str:reference>/protection/",
                change_protection,
                name="protection",
            ),
            path(
                "item/<str:reference>/versions/<int:version_id>/approve/",
                approve_version,
                name="approve_version",
            ),
            path(
                "item/<str:reference>/versions/<int:version_id>/download/",
                download_version,
                name="download_version",
            ),
            path("item/<str:reference>/<slug:kind>/", derivative, name="derivative"),
        ]
