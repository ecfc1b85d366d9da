"""Recording who and what a case is about: persons and their names and posts,
organisations and who commanded whom, incidents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from cases import access, history
from cases.models import (
    AuditAction,
    Case,
    CommandRelationship,
    Crime,
    Incident,
    Organisation,
    Person,
    PersonName,
    Position,
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
    return history.create(
        organisation,
        case=case,
        actor=actor,
        action=AuditAction.ORGANISATION_ADDED,
        summary=f"Added organisation {organisation.name}",
    )


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


def update_person(*, person: Person, actor: User, **fields: Any) -> Person:
    """Change a person's recorded facts (name, suspect, birth date, nationality)."""
    access.require_edit(actor, person.case)
    return history.update(
        person,
        case=person.case,
        actor=actor,
        action=AuditAction.PERSON_CHANGED,
        summary=f"Changed person {fields.get('name', person.name)}",
        **fields,
    )


def update_person_name(
    *, person_name: PersonName, actor: User, **fields: Any
) -> PersonName:
    """Correct a recorded name or alias (its spelling, kind, script, language)."""
    case = person_name.person.case
    access.require_edit(actor, case)
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    return history.update(
        person_name,
        case=case,
        actor=actor,
        action=AuditAction.NAME_CHANGED,
        summary=f"Changed a name of {person_name.person.name}",
        **fields,
    )


def update_organisation(
    *, organisation: Organisation, actor: User, **fields: Any
) -> Organisation:
    """Change an organisation's name, kind, aliases or place in the hierarchy."""
    case = organisation.case
    access.require_edit(actor, case)
    parent = fields.get("parent")
    if parent is not None:
        if parent.case_id != case.pk:
            raise ValueError("The parent organisation belongs to another case.")
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == organisation.pk:
                raise ValueError(
                    "An organisation cannot be placed under itself or its own units."
                )
            ancestor = ancestor.parent
    return history.update(
        organisation,
        case=case,
        actor=actor,
        action=AuditAction.ORGANISATION_CHANGED,
        summary=f"Changed organisation {fields.get('name', organisation.name)}",
        **fields,
    )


def update_position(*, position: Position, actor: User, **fields: Any) -> Position:
    """Correct a post: its organisation, title, command, or dates."""
    case = position.person.case
    access.require_edit(actor, case)
    organisation = fields.get("organisation")
    if organisation is not None and organisation.case_id != case.pk:
        raise ValueError("The organisation belongs to another case.")
    _require_precisions(fields)
    return history.update(
        position,
        case=case,
        actor=actor,
        action=AuditAction.POSITION_CHANGED,
        summary=f"Changed a post of {position.person.name}",
        **fields,
    )


def update_command(
    *, command: CommandRelationship, actor: User, **fields: Any
) -> CommandRelationship:
    """Correct a command relationship: who, on what basis, and when."""
    case = command.superior.case
    access.require_edit(actor, case)
    superior = fields.get("superior", command.superior)
    subordinate = fields.get("subordinate", command.subordinate)
    if superior.case_id != case.pk or subordinate.case_id != case.pk:
        raise ValueError("The organisations belong to different cases.")
    if superior.pk == subordinate.pk:
        raise ValueError("An organisation does not command itself.")
    _require_precisions(fields)
    return history.update(
        command,
        case=case,
        actor=actor,
        action=AuditAction.COMMAND_CHANGED,
        summary=f"Changed: {superior} commands {subordinate}",
        **fields,
    )


def add_person_name(
    *, person: Person, actor: User, name: str, kind: str, **fields: Any
) -> PersonName:
    """Another name of a person: an alias, a spelling in another script."""
    access.require_edit(actor, person.case)
    other = PersonName(person=person, name=name.strip(), kind=kind, **fields)
    return history.create(
        other,
        case=person.case,
        actor=actor,
        action=AuditAction.NAME_ADDED,
        summary=f"Added the name {other.name} ({other.kind}) of {person.name}",
    )


def add_position(
    *, person: Person, actor: User, organisation: Organisation, **fields: Any
) -> Position:
    """A post the person held in an organisation of the same case, for a period."""
    access.require_edit(actor, person.case)
    if organisation.case_id != person.case_id:
        raise ValueError("The organisation belongs to another case.")
    _require_precisions(fields)
    position = Position(person=person, organisation=organisation, **fields)
    return history.create(
        position,
        case=person.case,
        actor=actor,
        action=AuditAction.POSITION_ADDED,
        summary=f"{person.name}: {position.title}, {organisation.name}",
    )


def add_command(
    *,
    actor: User,
    superior: Organisation,
    subordinate: Organisation,
    basis: str,
    **fields: Any,
) -> CommandRelationship:
    """One organisation under another's command for a period, de jure or de facto."""
    case = superior.case
    access.require_edit(actor, case)
    if subordinate.case_id != case.pk:
        raise ValueError("The organisations belong to different cases.")
    if subordinate.pk == superior.pk:
        raise ValueError("An organisation does not command itself.")
    _require_precisions(fields)
    command = CommandRelationship(
        superior=superior, subordinate=subordinate, basis=basis, **fields
    )
    return history.create(
        command,
        case=case,
        actor=actor,
        action=AuditAction.COMMAND_ADDED,
        summary=str(command),
    )


def update_incident(
    *,
    incident: Incident,
    actor: User,
    targeted_groups: Iterable[TargetedGroup] = (),
    crimes: Iterable[Crime] = (),
    **fields: Any,
) -> Incident:
    """Change what is known of an incident; the history keeps the state before."""
    case = incident.case
    access.require_edit(actor, case)
    groups = list(targeted_groups)
    if any(g.case_id != case.pk for g in groups):
        raise ValueError("A targeted group belongs to another case.")
    crimes = list(crimes)
    names = list(fields)
    before = {
        **history.snapshot(incident, *names),
        "targeted_groups": sorted(g.name for g in incident.targeted_groups.all()),
        "crimes": sorted(c.code for c in incident.crimes.all()),
    }
    for name, value in fields.items():
        setattr(incident, name, value)
    incident.full_clean()
    with transaction.atomic():
        incident.save(update_fields=names)
        incident.targeted_groups.set(groups)
        incident.crimes.set(crimes)
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.INCIDENT_CHANGED,
            obj=incident,
            summary=f"Changed incident {incident.title}",
            before=before,
            after={
                **history.snapshot(incident, *names),
                "targeted_groups": sorted(g.name for g in groups),
                "crimes": sorted(c.code for c in crimes),
            },
        )
    return incident


def _require_precisions(fields: dict[str, Any]) -> None:
    for end in ("start", "end"):
        if fields.get(f"{end}_date") and not fields.get(f"{end}_precision"):
            raise ValueError(f"Say how precisely the {end} date is known.")
        if not fields.get(f"{end}_date"):
            fields[f"{end}_precision"] = ""
