"""Linking evidence to what it proves or undermines, and retracting links.

Both are custody events of the item (PREMIS ``mem``, see
``chain_of_custody.events.record_analysis``) and entries in the case's audit
history, written in the same transaction as the link.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cases import access, history
from cases.models import (
    AuditAction,
    Case,
    Charge,
    Element,
    EvidenceLink,
    Incident,
    Person,
    Stance,
)
from cases.models.charges import describe_pinpoint
from cases.teams import CaseError
from chain_of_custody import events
from evidence import access as evidence_access

if TYPE_CHECKING:
    from accounts.models import User
    from evidence.models import EvidenceItem


class LinkError(CaseError):
    """The link cannot be made or retracted as asked; the message is for the user."""


@dataclass(frozen=True)
class Pinpoint:
    """Where in the item: pages, seconds of a recording, a region of an image in
    pixels of the original. Leave all empty for the whole item."""

    page_from: int | None = None
    page_to: int | None = None
    time_from: float | None = None
    time_to: float | None = None
    region_x: int | None = None
    region_y: int | None = None
    region_width: int | None = None
    region_height: int | None = None

    def check_against(self, item: EvidenceItem) -> None:
        """Refuse a pinpoint outside the item, where the item's extent is known."""
        if self.page_to is not None and self.page_from is None:
            raise LinkError("Give the first page of the range.")
        if self.page_from is not None:
            last = self.page_to or self.page_from
            if self.page_from < 1 or last < self.page_from:
                raise LinkError("Pages run from the first page to the last.")
            if item.page_count and last > item.page_count:
                raise LinkError(
                    f"{item.reference} has {item.page_count} pages; "
                    f"page {last} does not exist."
                )
        if self.time_to is not None and self.time_from is None:
            raise LinkError("Give the start time of the range.")
        if self.time_from is not None:
            end = self.time_to if self.time_to is not None else self.time_from
            if self.time_from < 0 or end < self.time_from:
                raise LinkError("A time range runs forward from a time at or after 0.")
            if item.duration_seconds and end > item.duration_seconds + 0.5:
                raise LinkError(
                    f"{item.reference} lasts {item.duration_seconds:.1f} s; "
                    f"{end:.1f} s is past its end."
                )
        region = (self.region_x, self.region_y, self.region_width, self.region_height)
        if any(v is not None for v in region):
            if any(v is None for v in region) or min(region) < 0:
                raise LinkError("A region needs x, y, width and height.")
            if not self.region_width or not self.region_height:
                raise LinkError("A region needs a width and a height above 0.")
            if (
                item.width
                and item.height
                and (
                    self.region_x + self.region_width > item.width
                    or self.region_y + self.region_height > item.height
                )
            ):
                raise LinkError(
                    f"The region lies outside the {item.width}×{item.height} image."
                )


def link_evidence(
    *,
    case: Case,
    item: EvidenceItem,
    actor: User,
    stance: str = Stance.SUPPORTS,
    charge: Charge | None = None,
    element: Element | None = None,
    incident: Incident | None = None,
    person: Person | None = None,
    pinpoint: Pinpoint | None = None,
    probative_note: str = "",
) -> EvidenceLink:
    """Link ``item`` to a charge's element, an incident or a person of ``case``."""
    access.require_edit(actor, case)
    if not evidence_access.can_view_item(actor, item):
        raise Http404("No such evidence item.")
    target, target_label = _target(case, charge, element, incident, person)
    if stance not in Stance.values:
        raise LinkError(f"A link supports or undermines; {stance!r} is neither.")
    pinpoint = pinpoint or Pinpoint()
    pinpoint.check_against(item)
    link = EvidenceLink(
        case=case,
        item=item,
        stance=stance,
        probative_note=probative_note,
        created_by=actor,
        created_at=timezone.now(),
        **target,
        **asdict(pinpoint),
    )
    with transaction.atomic():
        link.save()
        summary = (
            f"Linked to case {case.reference}: {stance} {target_label}, "
            f"{describe_pinpoint(link)}"
        )
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.LINK_ADDED,
            obj=link,
            summary=f"{item.reference} {stance} {target_label}",
            after=history.snapshot(link),
        )
        events.record_analysis(
            item=item,
            actor=actor,
            summary=summary,
            details={
                "case": case.reference,
                "link": link.pk,
                "target": target_label,
                "stance": stance,
                "pinpoint": describe_pinpoint(link),
            },
        )
    return link


def retract_link(*, link: EvidenceLink, actor: User, reason: str) -> EvidenceLink:
    """Retract a link, keeping it visible with who retracted it, when and why."""
    case = link.case
    access.require_edit(actor, case)
    reason = reason.strip()
    if not reason:
        raise LinkError("Say why the link is retracted.")
    with transaction.atomic():
        link = (
            EvidenceLink.objects.select_for_update()
            .select_related("item")
            .get(pk=link.pk)
        )
        if link.retracted_at is not None:
            raise LinkError("This link is already retracted.")
        before = history.snapshot(
            link, "retracted_at", "retracted_by", "retraction_reason"
        )
        link.retracted_at = timezone.now()
        link.retracted_by = actor
        link.retraction_reason = reason
        link.save(update_fields=["retracted_at", "retracted_by", "retraction_reason"])
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.LINK_RETRACTED,
            obj=link,
            summary=f"Retracted link of {link.item.reference}: {reason}",
            before=before,
            after=history.snapshot(
                link, "retracted_at", "retracted_by", "retraction_reason"
            ),
        )
        events.record_analysis(
            item=link.item,
            actor=actor,
            summary=f"Link to case {case.reference} retracted",
            details={"case": case.reference, "link": link.pk, "reason": reason},
        )
    return link


def _target(case, charge, element, incident, person) -> tuple[dict, str]:
    given = [t for t in (charge or element, incident, person) if t is not None]
    if len(given) != 1:
        raise LinkError(
            "Link to exactly one of: a charge element, an incident, a person."
        )
    if charge is not None or element is not None:
        if charge is None or element is None:
            raise LinkError("Choose both the charge and the element.")
        if charge.case_id != case.pk:
            raise LinkError("That charge belongs to another case.")
        if element.crime_id != charge.crime_id and element.mode_id != charge.mode_id:
            raise LinkError(f"{element.code} is not an element of this charge.")
        return {
            "charge": charge,
            "element": element,
        }, f"{element.code} (charge {charge.position})"
    if incident is not None:
        if incident.case_id != case.pk:
            raise LinkError("That incident belongs to another case.")
        return {"incident": incident}, f"incident {incident.title}"
    if person.case_id != case.pk:
        raise LinkError("That person belongs to another case.")
    return {"person": person}, f"person {person.name}"
