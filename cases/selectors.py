"""Read queries of the case workspace; the caller has checked team membership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q

from cases import access
from cases.models import (
    Case,
    CaseAuditEntry,
    CaseMember,
    Charge,
    EvidenceLink,
    Incident,
    Person,
    Witness,
)
from evidence import access as evidence_access

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User
    from cases.models import Element


def case_listing(user: User) -> QuerySet[Case]:
    return (
        access.visible_cases(user)
        .select_related("statute")
        .annotate(
            charge_count=Count("charges", distinct=True),
            link_count=Count(
                "evidence_links",
                filter=Q(evidence_links__retracted_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("reference")
    )


def dashboard(case: Case, user: User) -> dict:
    from cases.matrix import NONE, build_matrix

    proof = build_matrix(case, user, pins=NONE)
    return {
        "case": case,
        "members": CaseMember.objects.filter(case=case).select_related("user"),
        "persons": Person.objects.filter(case=case).prefetch_related("names"),
        "charges": Charge.objects.filter(case=case).select_related(
            "suspect", "crime", "mode"
        ),
        "incident_count": Incident.objects.filter(case=case).count(),
        "witnesses": Witness.objects.filter(case=case),
        "row_count": len(proof.rows),
        "gap_count": len(proof.gaps),
        "recent": CaseAuditEntry.objects.filter(case=case).order_by("-at", "-id")[:10],
    }


def element_links(case: Case, user: User, charge: Charge, element: Element) -> list:
    visible = Exists(evidence_access.visible_items(user).filter(pk=OuterRef("item_id")))
    return list(
        EvidenceLink.objects.filter(case=case, charge=charge, element=element)
        .annotate(item_visible=visible)
        .select_related("item", "created_by", "retracted_by")
        .order_by("created_at", "id")
    )


def incidents(case: Case) -> dict:
    """Incidents in time order for the timeline, and those with coordinates for
    the map (as data the page's script reads)."""
    rows = list(
        Incident.objects.filter(case=case)
        .prefetch_related("targeted_groups")
        .order_by("start_at", "id")
    )
    points = [
        {
            "title": i.title,
            "lat": i.latitude,
            "lon": i.longitude,
            "when": i.start_at.isoformat() if i.start_at else "",
            "precision": i.place_precision,
        }
        for i in rows
        if i.has_coordinates
    ]
    return {"incidents": rows, "points": points}


def history(case: Case) -> QuerySet[CaseAuditEntry]:
    return CaseAuditEntry.objects.filter(case=case).order_by("-at", "-id")


def item_links_for(user: User, item) -> list[EvidenceLink]:
    """The links of ``item`` in the cases whose team ``user`` is on."""
    return list(
        EvidenceLink.objects.filter(item=item, case__in=access.visible_cases(user))
        .select_related("case", "charge", "element", "incident", "person")
        .order_by("-created_at")
    )
