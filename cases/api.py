"""Case endpoints of the API: read-only, for the case's team. Everyone else gets
404, as in the workspace."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from cases import access, matrix
from cases.models import Case, Incident

router = Router(tags=["cases"])


class CaseOut(Schema):
    reference: str
    title: str
    forum_kind: str
    forum: str
    statute: str
    status: str


class PinOut(Schema):
    reference: str | None
    pinpoint: str
    stance: str


class RowOut(Schema):
    section: str
    charges: list[int]
    element: str
    kind: str
    text: str
    supports: int
    undermines: int
    retracted: int
    gap: bool
    pins: list[PinOut]


class IncidentOut(Schema):
    id: int
    title: str
    start_at: dt.datetime | None
    start_precision: str
    end_at: dt.datetime | None
    place_name: str
    latitude: float | None
    longitude: float | None
    place_precision: str
    victims_estimate: int | None
    victims_min: int | None
    victims_max: int | None


def _case(request, reference: str) -> Case:
    try:
        return access.get_visible_case(request.user, reference=reference)
    except Http404 as exc:
        raise HttpError(404, "No such case.") from exc


def _case_out(case: Case) -> CaseOut:
    return CaseOut(
        reference=case.reference,
        title=case.title,
        forum_kind=case.forum_kind,
        forum=case.forum,
        statute=case.statute.code,
        status=case.status,
    )


@router.get("", response=list[CaseOut], summary="The cases whose team you are on")
def case_list(request):
    return [
        _case_out(c)
        for c in access.visible_cases(request.user).select_related("statute")
    ]


@router.get("/{reference}", response=CaseOut, summary="One case")
def case_detail(request, reference: str):
    return _case_out(_case(request, reference))


@router.get("/{reference}/matrix", response=list[RowOut], summary="The proof matrix")
def case_matrix(request, reference: str):
    case = _case(request, reference)
    result = matrix.build_matrix(case, request.user)
    return [
        RowOut(
            section=section.title,
            charges=[c.position for c in row.charges],
            element=row.element.code,
            kind=row.element.kind,
            text=row.element.text,
            supports=row.supports,
            undermines=row.undermines,
            retracted=row.retracted,
            gap=row.is_gap,
            pins=[
                PinOut(reference=p.reference, pinpoint=p.pinpoint, stance=p.stance)
                for p in row.supporting + row.undermining
            ],
        )
        for section in result.sections
        for row in section.rows
    ]


@router.get(
    "/{reference}/incidents",
    response=list[IncidentOut],
    summary="Incidents in time order",
)
def case_incidents(request, reference: str):
    case = _case(request, reference)
    return list(Incident.objects.filter(case=case).order_by("start_at", "id"))
