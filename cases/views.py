"""The Cases section of the staff workspace: thin views over the operations.

Every view finds its case through ``cases.access.get_visible_case``, so anyone off
the team gets 404 on every case URL.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.viewsets.base import ViewSet

from cases import (
    access,
    charges,
    facts,
    links,
    matrix,
    matrix_exports,
    selectors,
    teams,
    witnesses,
)
from cases.forms import (
    CaseForm,
    ChargeForm,
    IncidentForm,
    LinkForm,
    MemberForm,
    PersonForm,
    RetractForm,
    elements_of,
)
from cases.history import record
from cases.models import AuditAction, Charge, Element, EvidenceLink, Witness
from cases.teams import CaseError
from evidence import access as evidence_access


def _guard(func):
    """Turn a refusal for a team member into 403 and a bad request into a message."""

    def wrapper(request, *args, **kwargs):
        try:
            return func(request, *args, **kwargs)
        except access.AccessDenied as exc:
            raise PermissionDenied(str(exc)) from exc

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


@require_http_methods(["GET", "POST"])
@_guard
def index(request):
    form = CaseForm(request.POST or None)
    can_create = access.can_create_case(request.user)
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied("You may not create cases.")
        if form.is_valid():
            try:
                case = teams.create_case(actor=request.user, **form.cleaned_data)
            except (CaseError, ValidationError) as exc:
                form.add_error(None, _message(exc))
            else:
                messages.success(request, f"Case {case.reference} created.")
                return redirect("cases:case", case.reference)
    return TemplateResponse(
        request,
        "cases/index.html",
        {
            "cases": selectors.case_listing(request.user),
            "form": form if can_create else None,
        },
    )


@require_http_methods(["GET", "POST"])
@_guard
def case_dashboard(request, reference: str):
    case = access.get_visible_case(request.user, reference=reference)
    role = access.require_member(request.user, case)
    forms = {
        "member_form": MemberForm(prefix="member"),
        "person_form": PersonForm(prefix="person"),
        "incident_form": IncidentForm(prefix="incident"),
        "charge_form": ChargeForm(prefix="charge", case=case),
    }
    if request.method == "POST":
        done = _dashboard_post(request, case, forms)
        if done:
            return redirect("cases:case", case.reference)
    context = selectors.dashboard(case, request.user)
    context.update(forms, role=role, can_edit=access.can_edit(request.user, case))
    return TemplateResponse(request, "cases/dashboard.html", context)


def _dashboard_post(request, case, forms) -> bool:
    action = request.POST.get("action")
    user = request.user
    try:
        if action == "member":
            form = forms["member_form"] = MemberForm(request.POST, prefix="member")
            if form.is_valid():
                teams.add_member(
                    case=case,
                    actor=user,
                    user=form.cleaned_data["username"],
                    role=form.cleaned_data["role"],
                )
                return True
        elif action == "person":
            form = forms["person_form"] = PersonForm(request.POST, prefix="person")
            if form.is_valid():
                data = dict(form.cleaned_data)
                aliases = [a.strip() for a in data.pop("aliases").splitlines()]
                facts.add_person(
                    case=case,
                    actor=user,
                    other_names=[{"name": a, "kind": "alias"} for a in aliases if a],
                    **data,
                )
                return True
        elif action == "incident":
            form = forms["incident_form"] = IncidentForm(
                request.POST, prefix="incident"
            )
            if form.is_valid():
                facts.add_incident(case=case, actor=user, **_blank_to_none(form))
                return True
        elif action == "charge":
            form = forms["charge_form"] = ChargeForm(
                request.POST, prefix="charge", case=case
            )
            if form.is_valid():
                charges.add_charge(case=case, actor=user, **form.cleaned_data)
                return True
        else:
            return False
    except (CaseError, ValidationError, ValueError) as exc:
        form.add_error(None, _message(exc))
    return False


def _blank_to_none(form) -> dict:
    data = dict(form.cleaned_data)
    for name in ("start_precision", "place_precision"):
        data[name] = data.get(name) or ""
    return data


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


@_guard
def matrix_page(request, reference: str):
    case = access.get_visible_case(request.user, reference=reference)
    role = access.require_member(request.user, case)
    return TemplateResponse(
        request,
        "cases/matrix.html",
        {
            "case": case,
            "matrix": matrix.build_matrix(case, request.user),
            "can_edit": role in access.EDITING_ROLES,
        },
    )


EXPORTS = {
    "csv": (matrix_exports.to_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        matrix_exports.to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pdf": (matrix_exports.to_pdf, "application/pdf"),
}


@_guard
def matrix_export(request, reference: str, fmt: str):
    case = access.get_visible_case(request.user, reference=reference)
    access.require_member(request.user, case)
    if fmt not in EXPORTS:
        raise Http404("No such export format.")
    render, content_type = EXPORTS[fmt]
    body = render(matrix.build_matrix(case, request.user, pins=matrix.ALL))
    record(
        case=case,
        actor=request.user,
        action=AuditAction.EXPORTED,
        obj=case,
        summary=f"Exported the proof matrix as {fmt.upper()}",
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{case.reference}-proof-matrix.{fmt}"'
    )
    return response


@_guard
def row_links(request, reference: str, charge_id: int, element_id: int):
    """Every link of one charge element, retracted ones included."""
    case = access.get_visible_case(request.user, reference=reference)
    access.require_member(request.user, case)
    charge = get_object_or_404(Charge, case=case, pk=charge_id)
    element = get_object_or_404(Element, pk=element_id)
    return TemplateResponse(
        request,
        "cases/row_links.html",
        {
            "case": case,
            "charge": charge,
            "element": element,
            "links": selectors.element_links(case, request.user, charge, element),
            "retract_form": RetractForm(),
            "can_edit": access.can_edit(request.user, case),
        },
    )


@require_POST
@_guard
def retract(request, reference: str, link_id: int):
    case = access.get_visible_case(request.user, reference=reference)
    link = get_object_or_404(EvidenceLink, case=case, pk=link_id)
    form = RetractForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the link is retracted.")
    else:
        try:
            links.retract_link(link=link, actor=request.user, **form.cleaned_data)
            messages.success(request, "Link retracted; it stays on record.")
        except CaseError as exc:
            messages.error(request, str(exc))
    if link.charge_id:
        return redirect("cases:row", case.reference, link.charge_id, link.element_id)
    if link.incident_id:
        return redirect("cases:incident", case.reference, link.incident_id)
    return redirect("cases:person", case.reference, link.person_id)


@_guard
def incidents_page(request, reference: str):
    case = access.get_visible_case(request.user, reference=reference)
    access.require_member(request.user, case)
    return TemplateResponse(
        request,
        "cases/incidents.html",
        {
            **selectors.incidents(case),
            "case": case,
            "map_tile_url": settings.INDISPUTABLE_MAP_TILE_URL,
        },
    )


@_guard
def history_page(request, reference: str):
    case = access.get_visible_case(request.user, reference=reference)
    access.require_member(request.user, case)
    return TemplateResponse(
        request,
        "cases/history.html",
        {"case": case, "entries": selectors.history(case)},
    )


@_guard
def witness_identity(request, reference: str, pseudonym: str):
    case = access.get_visible_case(request.user, reference=reference)
    witness = get_object_or_404(Witness, case=case, pseudonym=pseudonym)
    identity = witnesses.read_identity(witness=witness, actor=request.user)
    return TemplateResponse(
        request,
        "cases/witness_identity.html",
        {"case": case, "witness": witness, "identity": identity},
    )


@require_http_methods(["GET", "POST"])
@_guard
def add_to_case(request, item_reference: str):
    """From an item's page: pick a case, a charge element and a pinpoint."""
    item = evidence_access.get_visible_item(request.user, reference=item_reference)
    cases = [
        c
        for c in selectors.case_listing(request.user)
        if access.can_edit(request.user, c)
    ]
    chosen = request.POST.get("case") or request.GET.get("case")
    case = next((c for c in cases if c.reference == chosen), None)
    if case is None and len(cases) == 1:
        case = cases[0]
    form = None
    if case is not None:
        case_charges = list(
            Charge.objects.filter(case=case).select_related("suspect", "crime", "mode")
        )
        by_charge = elements_of(case_charges)
        form = LinkForm(
            request.POST if request.method == "POST" else None,
            case=case,
            charges=case_charges,
            elements_by_charge=by_charge,
        )
        if request.method == "POST" and form.is_valid():
            target = _link_target(form, case_charges, by_charge)
            try:
                link = links.link_evidence(
                    case=case,
                    item=item,
                    actor=request.user,
                    stance=form.cleaned_data["stance"],
                    pinpoint=form.pinpoint(),
                    probative_note=form.cleaned_data["probative_note"],
                    **target,
                )
            except CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{item.reference} linked in {case}.")
                if link.charge_id:
                    return redirect(reverse("cases:matrix", args=[case.reference]))
                if link.incident_id:
                    return redirect("cases:incident", case.reference, link.incident_id)
                return redirect("cases:person", case.reference, link.person_id)
    return TemplateResponse(
        request,
        "cases/add_to_case.html",
        {"item": item, "cases": cases, "case": case, "form": form},
    )


def _link_target(form: LinkForm, case_charges, by_charge) -> dict:
    """The link's target as ``link_evidence`` takes it."""
    kind = form.cleaned_data["target_kind"]
    if kind == LinkForm.INCIDENT:
        return {"incident": form.cleaned_data["incident"]}
    if kind == LinkForm.PERSON:
        return {"person": form.cleaned_data["person"]}
    charge_id, element_id = form.target_ids()
    charge = next(c for c in case_charges if c.pk == charge_id)
    element = next(e for e in by_charge[charge_id] if e.pk == element_id)
    return {"charge": charge, "element": element}


class CasesViewSet(ViewSet):
    name = "cases"
    url_prefix = "cases"
    icon = "folder-open-inverse"
    menu_label = "Cases"
    add_to_admin_menu = True
    menu_order = 110

    def get_urlpatterns(self):
        from cases import fact_views as facts_

        return [
            path("", index, name="index"),
            path("link/<str:item_reference>/", add_to_case, name="add_to_case"),
            path(
                "consent/<str:item_reference>/",
                facts_.item_consent,
                name="item_consent",
            ),
            path("<str:reference>/", case_dashboard, name="case"),
            path("<str:reference>/matrix/", matrix_page, name="matrix"),
            path(
                "<str:reference>/matrix/export.<str:fmt>",
                matrix_export,
                name="matrix_export",
            ),
            path(
                "<str:reference>/matrix/<int:charge_id>/<int:element_id>/",
                row_links,
                name="row",
            ),
            path(
                "<str:reference>/links/<int:link_id>/retract/", retract, name="retract"
            ),
            path("<str:reference>/incidents/", incidents_page, name="incidents"),
            path(
                "<str:reference>/incidents/new/",
                facts_.incident_add,
                name="incident_add",
            ),
            path(
                "<str:reference>/incidents/<int:incident_id>/",
                facts_.incident,
                name="incident",
            ),
            path("<str:reference>/persons/", facts_.persons, name="persons"),
            path(
                "<str:reference>/persons/<int:person_id>/",
                facts_.person,
                name="person",
            ),
            path(
                "<str:reference>/organisations/",
                facts_.organisations,
                name="organisations",
            ),
            *(
                path(
                    f"<str:reference>/{kind}s/<int:pk>/edit/",
                    facts_.fact_edit,
                    {"kind": kind},
                    name=f"{kind}_edit",
                )
                for kind in facts_.EDITABLE
            ),
            path("<str:reference>/witnesses/", facts_.witness_list, name="witnesses"),
            path(
                "<str:reference>/witnesses/<str:pseudonym>/",
                facts_.witness,
                name="witness",
            ),
            path("<str:reference>/history/", history_page, name="history"),
            path(
                "<str:reference>/witnesses/<str:pseudonym>/identity/",
                witness_identity,
                name="witness_identity",
            ),
        ]
