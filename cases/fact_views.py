"""Screens of a case's facts: persons (names, posts), organisations (hierarchy and
command), incidents, witnesses and consents. Thin views over ``cases/facts.py``,
``cases/links.py`` and ``cases/witnesses.py``, which check access and write the
audit history; every case is found through ``cases.access``, so anyone off the
team gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from cases import access, facts, links, witnesses
from cases.fact_forms import (
    CommandForm,
    ConsentForm,
    IdentityForm,
    IncidentFactsForm,
    OrganisationForm,
    PersonFactsForm,
    PersonNameForm,
    PositionForm,
    StatementForm,
    WitnessForm,
    item_field,
)
from cases.forms import PinpointForm
from cases.models import (
    CommandRelationship,
    Consent,
    EvidenceLink,
    Incident,
    Organisation,
    Person,
    PersonName,
    Position,
    Witness,
    WitnessIdentity,
)
from cases.teams import CaseError
from cases.views import _guard, _message
from evidence import access as evidence_access

ERRORS = (CaseError, ValidationError, ValueError)


def _case(request, reference):
    case = access.get_visible_case(request.user, reference=reference)
    role = access.require_member(request.user, case)
    return case, role in access.EDITING_ROLES


def _bound(request, action: str, form_class, **kwargs):
    """``form_class`` bound to the POST if it is for ``action``, else unbound."""
    data = request.POST if request.POST.get("action") == action else None
    return form_class(data, prefix=action, **kwargs)


def _run(form, operation):
    """What ``operation`` returns if the bound form is valid and the operation
    agrees; ``None`` otherwise, with the refusal on the form."""
    if form is None or not form.is_bound or not form.is_valid():
        return None
    try:
        return operation(form.cleaned_data)
    except ERRORS as exc:
        form.add_error(None, _message(exc))
        return None


class ItemLinkForm(PinpointForm):
    """Link an evidence item, chosen with search, to an incident or a person."""

    field_order = ["item"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"] = item_field(user, label="Evidence item")
        self.order_fields(self.field_order)


def _links_of(user, **target):
    visible = Exists(evidence_access.visible_items(user).filter(pk=OuterRef("item_id")))
    return (
        EvidenceLink.objects.filter(**target)
        .annotate(item_visible=visible)
        .select_related("item", "created_by", "retracted_by")
        .order_by("created_at", "id")
    )


def _link(request, case, form, **target):
    def operation(data):
        return links.link_evidence(
            case=case,
            item=data["item"],
            actor=request.user,
            stance=data["stance"],
            pinpoint=form.pinpoint(),
            probative_note=data["probative_note"],
            **target,
        )

    return _run(form, operation)


@require_http_methods(["GET", "POST"])
@_guard
def persons(request, reference: str):
    case, can_edit = _case(request, reference)
    form = _bound(request, "person", PersonFactsForm)
    added = _run(form, lambda d: facts.add_person(case=case, actor=request.user, **d))
    if added:
        return redirect("cases:person", case.reference, added.pk)
    return TemplateResponse(
        request,
        "cases/persons.html",
        {
            "case": case,
            "can_edit": can_edit,
            "persons": Person.objects.filter(case=case).prefetch_related(
                "names", "positions__organisation"
            ),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@_guard
def person(request, reference: str, person_id: int):
    case, can_edit = _case(request, reference)
    subject = get_object_or_404(Person, case=case, pk=person_id)
    initial = {f: getattr(subject, f) for f in PersonFactsForm.base_fields}
    forms = {
        "facts_form": _bound(request, "facts", PersonFactsForm, initial=initial),
        "name_form": _bound(request, "name", PersonNameForm),
        "position_form": _bound(request, "position", PositionForm, case=case),
        "link_form": _bound(request, "link", ItemLinkForm, user=request.user),
    }
    user = request.user
    done = (
        _run(
            forms["facts_form"],
            lambda d: facts.update_person(person=subject, actor=user, **d),
        )
        or _run(
            forms["name_form"],
            lambda d: facts.add_person_name(person=subject, actor=user, **d),
        )
        or _run(
            forms["position_form"],
            lambda d: facts.add_position(person=subject, actor=user, **d),
        )
        or _link(request, case, forms["link_form"], person=subject)
    )
    if done:
        messages.success(request, "Saved; the change is in the audit history.")
        return redirect("cases:person", case.reference, subject.pk)
    return TemplateResponse(
        request,
        "cases/person.html",
        {
            "case": case,
            "can_edit": can_edit,
            "person": subject,
            "names": subject.names.all(),
            "positions": subject.positions.select_related("organisation"),
            "links": _links_of(user, case=case, person=subject),
            **forms,
        },
    )


@require_http_methods(["GET", "POST"])
@_guard
def organisations(request, reference: str):
    case, can_edit = _case(request, reference)
    user = request.user
    forms = {
        "organisation_form": _bound(
            request, "organisation", OrganisationForm, case=case
        ),
        "command_form": _bound(request, "command", CommandForm, case=case),
    }
    done = _run(
        forms["organisation_form"],
        lambda d: facts.add_organisation(case=case, actor=user, **d),
    ) or _run(forms["command_form"], lambda d: facts.add_command(actor=user, **d))
    if done:
        messages.success(request, "Saved; the change is in the audit history.")
        return redirect("cases:organisations", case.reference)
    units = list(
        Organisation.objects.filter(case=case).prefetch_related(
            "commands__subordinate", "positions__person"
        )
    )
    return TemplateResponse(
        request,
        "cases/organisations.html",
        {
            "case": case,
            "can_edit": can_edit,
            "tree": _tree(units),
            **forms,
        },
    )


def _tree(units: list[Organisation]) -> list[tuple[int, Organisation]]:
    """The organisations depth first under their parents, with their depth."""
    children: dict[int | None, list[Organisation]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    out: list[tuple[int, Organisation]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            out.append((depth, unit))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return out


@require_http_methods(["GET", "POST"])
@_guard
def incident_add(request, reference: str):
    case, can_edit = _case(request, reference)
    form = _bound(request, "incident", IncidentFactsForm, case=case)
    added = _run(form, lambda d: _save_incident(request, case, form))
    if added:
        messages.success(request, "Incident added.")
        return redirect("cases:incident", case.reference, added.pk)
    return TemplateResponse(
        request,
        "cases/incident_form.html",
        {"case": case, "can_edit": can_edit, "form": form, "incident": None},
    )


def _save_incident(request, case, form, incident=None):
    data = form.facts()
    groups = list(data.pop("targeted_groups"))
    if form.cleaned_data["new_group"]:
        groups.append(
            facts.add_targeted_group(
                case=case,
                actor=request.user,
                name=form.cleaned_data["new_group"],
                kind=form.cleaned_data["new_group_kind"],
            )
        )
    if incident is None:
        return facts.add_incident(
            case=case, actor=request.user, targeted_groups=groups, **data
        )
    return facts.update_incident(
        incident=incident, actor=request.user, targeted_groups=groups, **data
    )


@require_http_methods(["GET", "POST"])
@_guard
def incident(request, reference: str, incident_id: int):
    case, can_edit = _case(request, reference)
    subject = get_object_or_404(Incident, case=case, pk=incident_id)
    initial = {
        **{
            f: getattr(subject, f)
            for f in IncidentFactsForm.base_fields
            if f not in ("targeted_groups", "crimes") and hasattr(subject, f)
        },
        "targeted_groups": list(subject.targeted_groups.all()),
        "crimes": list(subject.crimes.all()),
    }
    form = _bound(request, "incident", IncidentFactsForm, case=case, initial=initial)
    link_form = _bound(request, "link", ItemLinkForm, user=request.user)
    if _run(form, lambda d: _save_incident(request, case, form, subject)) or _link(
        request, case, link_form, incident=subject
    ):
        messages.success(request, "Saved; the change is in the audit history.")
        return redirect("cases:incident", case.reference, subject.pk)
    return TemplateResponse(
        request,
        "cases/incident_form.html",
        {
            "case": case,
            "can_edit": can_edit,
            "form": form,
            "incident": subject,
            "link_form": link_form,
            "links": _links_of(request.user, case=case, incident=subject),
        },
    )


@require_http_methods(["GET", "POST"])
@_guard
def witness_list(request, reference: str):
    case, can_edit = _case(request, reference)
    form = _bound(request, "witness", WitnessForm)
    added = _run(
        form,
        lambda d: witnesses.register_witness(case=case, actor=request.user, **d),
    )
    if added:
        messages.success(request, f"Registered witness {added}.")
        return redirect("cases:witness", case.reference, added.pseudonym)
    return TemplateResponse(
        request,
        "cases/witnesses.html",
        {
            "case": case,
            "can_edit": can_edit,
            "witnesses": Witness.objects.filter(case=case),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@_guard
def witness(request, reference: str, pseudonym: str):
    case, can_edit = _case(request, reference)
    subject = get_object_or_404(Witness, case=case, pseudonym=pseudonym)
    user = request.user
    may_record = access.can_record_witness_identity(user, case) and not (
        WitnessIdentity.objects.filter(witness=subject).exists()
    )
    consent_form = _bound(request, "consent", ConsentForm)
    identity_form = _bound(request, "identity", IdentityForm) if may_record else None
    statement_form = _bound(request, "statement", StatementForm, user=user)
    done = (
        _run(
            consent_form,
            lambda d: witnesses.record_consent(witness=subject, actor=user, **d),
        )
        or _run(
            statement_form,
            lambda d: witnesses.add_statement(
                witness=subject, item=d["item"], actor=user
            ),
        )
        or _run(
            identity_form,
            lambda d: witnesses.record_identity(witness=subject, actor=user, **d),
        )
    )
    if done:
        messages.success(request, "Saved; the change is in the audit history.")
        return redirect("cases:witness", case.reference, subject.pseudonym)
    return TemplateResponse(
        request,
        "cases/witness.html",
        {
            "case": case,
            "can_edit": can_edit,
            "witness": subject,
            "consents": Consent.objects.filter(witness=subject),
            "statements": subject.statements.annotate(
                visible=Exists(
                    evidence_access.visible_items(user).filter(pk=OuterRef("pk"))
                )
            ).order_by("reference"),
            "statement_form": statement_form,
            "consent_form": consent_form,
            "identity_form": identity_form,
            "may_read_identity": access.can_read_witness_identity(user, case),
        },
    )


@require_http_methods(["GET", "POST"])
@_guard
def item_consent(request, item_reference: str):
    """From an item's page: the consent under which the item may be used."""
    item = evidence_access.get_visible_item(request.user, reference=item_reference)
    cases = [
        c
        for c in access.visible_cases(request.user).order_by("reference")
        if access.can_edit(request.user, c)
    ]
    chosen = request.POST.get("case") or request.GET.get("case")
    case = next((c for c in cases if c.reference == chosen), None)
    if case is None and len(cases) == 1:
        case = cases[0]
    form = _bound(request, "consent", ConsentForm) if case else None
    if form is not None and _run(
        form,
        lambda d: witnesses.record_item_consent(
            case=case, item=item, actor=request.user, **d
        ),
    ):
        messages.success(request, f"Consent for {item.reference} recorded.")
        return redirect("evidence:item", item.reference)
    return TemplateResponse(
        request,
        "cases/item_consent.html",
        {
            "item": item,
            "cases": cases,
            "case": case,
            "form": form,
            "consents": Consent.objects.filter(item=item).select_related("recorded_by"),
        },
    )


# Corrections of recorded facts: what can be edited, where it is found in the case,
# its form, its operation, and the page to go back to.
EDITABLE = {
    "organisation": (
        Organisation,
        "case",
        OrganisationForm,
        lambda obj, user, d: facts.update_organisation(
            organisation=obj, actor=user, **d
        ),
        lambda obj: ("cases:organisations", ()),
    ),
    "command": (
        CommandRelationship,
        "superior__case",
        CommandForm,
        lambda obj, user, d: facts.update_command(command=obj, actor=user, **d),
        lambda obj: ("cases:organisations", ()),
    ),
    "name": (
        PersonName,
        "person__case",
        PersonNameForm,
        lambda obj, user, d: facts.update_person_name(person_name=obj, actor=user, **d),
        lambda obj: ("cases:person", (obj.person_id,)),
    ),
    "position": (
        Position,
        "person__case",
        PositionForm,
        lambda obj, user, d: facts.update_position(position=obj, actor=user, **d),
        lambda obj: ("cases:person", (obj.person_id,)),
    ),
}


@require_http_methods(["GET", "POST"])
@_guard
def fact_edit(request, reference: str, kind: str, pk: int):
    """Correct one recorded organisation, command relationship, name or post; the
    history keeps what it replaced."""
    case, can_edit = _case(request, reference)
    model, in_case, form_class, operation, back = EDITABLE[kind]
    subject = get_object_or_404(model, pk=pk, **{in_case: case})
    access.require_edit(request.user, case)
    extra = {} if form_class is PersonNameForm else {"case": case}
    initial = {f: getattr(subject, f) for f in form_class.base_fields}
    form = _bound(request, "edit", form_class, initial=initial, **extra)
    if form_class is OrganisationForm:
        form.fields["parent"].queryset = form.fields["parent"].queryset.exclude(
            pk=subject.pk
        )
    if _run(form, lambda d: operation(subject, request.user, d)):
        messages.success(request, "Saved; the change is in the audit history.")
        name, args = back(subject)
        return redirect(name, case.reference, *args)
    return TemplateResponse(
        request,
        "cases/fact_edit.html",
        {"case": case, "subject": subject, "kind": kind, "form": form},
    )
