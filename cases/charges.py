"""Charging a suspect with a crime under a mode of liability."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cases import access, history
from cases.models import (
    AuditAction,
    Case,
    Charge,
    Crime,
    Element,
    Incident,
    LiabilityMode,
    Person,
)
from cases.teams import CaseError

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User


def add_charge(
    *,
    case: Case,
    actor: User,
    suspect: Person,
    crime: Crime,
    mode: LiabilityMode,
    incidents: Iterable[Incident] = (),
    particulars: str = "",
) -> Charge:
    access.require_edit(actor, case)
    incidents = list(incidents)
    if suspect.case_id != case.pk or any(i.case_id != case.pk for i in incidents):
        raise CaseError("The suspect and incidents must belong to this case.")
    if crime.statute_id != case.statute_id or mode.statute_id != case.statute_id:
        raise CaseError(f"Charges in this case apply {case.statute}.")
    with transaction.atomic():
        if Charge.objects.filter(
            case=case, suspect=suspect, crime=crime, mode=mode
        ).exists():
            raise CaseError(
                f"{suspect} is already charged with {crime} under {mode.article}."
            )
        charge = Charge.objects.create(
            case=case,
            suspect=suspect,
            crime=crime,
            mode=mode,
            particulars=particulars,
            position=Charge.objects.filter(case=case).count() + 1,
            created_by=actor,
            created_at=timezone.now(),
        )
        charge.incidents.set(incidents)
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.CHARGE_ADDED,
            obj=charge,
            summary=f"Charged {suspect}: {crime.code} under {mode.code}",
            after={
                **history.snapshot(charge),
                "incidents": [i.pk for i in incidents],
            },
        )
    return charge


def charge_elements(charge: Charge) -> QuerySet[Element]:
    """The elements to prove for a charge: the crime's, then the mode's."""
    return Element.objects.filter(crime_id=charge.crime_id) | Element.objects.filter(
        mode_id=charge.mode_id
    )
