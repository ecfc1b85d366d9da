"""Recording who and what a case is about: persons, organisations, incidents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from cases import access, history
from cases.models import (
    AuditAction,
    Case,
    Crime,
    Incident,
    Organisation,
    Person,
    PersonName,
    TargetedGroup,
)

if TYPE_CHECKING:
    from accounts.models import User


def add_person(
    *,
    case: Case,
    actor: User,
    name: str,
    other_names: Iterable[dict[str, str]] = (),
    **fields: Any,
) -> Person:
    """A person of the case; ``other_names`` are dicts of PersonName fields."""
    access.require_edit(actor, case)
    person = Person(case=case, name=name, **fields)
    person.full_clean()
    with transaction.atomic():
        person.save()
        for other in other_names:
            PersonName.objects.create(person=person, **other)
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.PERSON_ADDED,
            obj=person,
            summary=f"Added person {person.name}",
            after={
                **history.snapshot(person),
                "names": [n["name"] for n in other_names],
            },
        )
    return person


def add_organisation(
    *, case: Case, actor: User, name: str, kind: str, **fields: Any
) -> Organisation:
    access.require_edit(actor, case)
    parent = fields.get("parent")
    if parent is not None and parent.case_id != case.pk:
        raise ValueError("The parent organisation belongs to another case.")
    organisation = Organisation(case=case, name=name, kind=kind, **fields)
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.ORGANISATION_ADDED,
            obj=organisation,
            summary=f"Added organisation {organisation.name}",
            after=history.snapshot(organisation),
        )
    return organisation


def add_incident(
    *,
    case: Case,
    actor: User,
    title: str,
    targeted_groups: Iterable[TargetedGroup] = (),
    crimes: Iterable[Crime] = (),
    **fields: Any,
) -> Incident:
    access.require_edit(actor, case)
    groups = list(targeted_groups)
    if any(g.case_id != case.pk for g in groups):
        raise ValueError("A targeted group belongs to another case.")
    incident = Incident(case=case, title=title, **fields)
    incident.full_clean()
    with transaction.atomic():
        incident.save()
        incident.targeted_groups.set(groups)
        incident.crimes.set(list(crimes))
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.INCIDENT_ADDED,
            obj=incident,
            summary=f"Added incident {incident.title}",
            after={
                **history.snapshot(incident),
                "targeted_groups": [g.name for g in groups],
            },
        )
    return incident


def add_targeted_group(
    *, case: Case, actor: User, name: str, kind: str
) -> TargetedGroup:
    access.require_edit(actor, case)
    group, _ = TargetedGroup.objects.get_or_create(
        case=case, name=name, defaults={"kind": kind}
    )
    return group
