"""The proof matrix: per charge and element, the evidence that supports or
undermines it, and the gaps.

One row per charge × element, in the order of the catalogue: the crime's elements,
then the mode of liability's. A contextual element that several charges share (the
same attack, the same armed conflict; what one suspect knew of it) is one row in
the "Context" section, listing the charges it serves, and is left out of each
charge's own rows.

The counts are aggregated in the database, and the pinpoints listed per row are the
first few of each stance, picked by a window function: the number of queries does
not depend on the number of links. A linked item's reference is shown only to those
who may see the item (``evidence/access.py``); the link still counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber

from cases.models import Charge, Element, ElementKind, EvidenceLink, Stance
from cases.models.charges import describe_pinpoint
from evidence import access as evidence_access

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case

PINS_PER_ROW = 5


@dataclass
class Pin:
    """One linked item in a row, pinpointed."""

    link_id: int
    stance: str
    reference: str | None  # None: the user may not see the item
    title: str
    pinpoint: str
    note: str


@dataclass
class Row:
    element: Element
    charges: list[Charge]
    shared: bool = False
    supports: int = 0
    undermines: int = 0
    retracted: int = 0
    supporting: list[Pin] = field(default_factory=list)
    undermining: list[Pin] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return self.supports == 0

    @property
    def label(self) -> str:
        return ", ".join(str(c.position) for c in self.charges)


@dataclass
class Section:
    title: str
    charge: Charge | None
    rows: list[Row]


@dataclass
class Matrix:
    case: Case
    sections: list[Section]

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    @property
    def gaps(self) -> list[Row]:
        return [row for row in self.rows if row.is_gap]


def build_matrix(
    case: Case, user: User, *, pins_per_row: int | None = PINS_PER_ROW
) -> Matrix:
    """The case's proof matrix as ``user`` may see it (``None`` lists every pin).

    The caller has checked that ``user`` is on the case's team.
    """
    charges = list(
        Charge.objects.filter(case=case)
        .select_related("suspect", "crime", "mode")
        .order_by("position", "id")
    )
    elements_by_owner = _elements(charges)
    rows, sections = _layout(charges, elements_by_owner)
    _count(case, rows)
    _pin(case, user, rows, pins_per_row)
    return Matrix(case=case, sections=sections)


def _elements(charges: list[Charge]) -> dict[tuple[str, int], list[Element]]:
    crimes = {c.crime_id for c in charges}
    modes = {c.mode_id for c in charges}
    owned: dict[tuple[str, int], list[Element]] = defaultdict(list)
    if not charges:
        return owned
    for element in Element.objects.filter(
        Q(crime_id__in=crimes) | Q(mode_id__in=modes)
    ).order_by("position", "id"):
        if element.crime_id is not None:
            owned[("crime", element.crime_id)].append(element)
        else:
            owned[("mode", element.mode_id)].append(element)
    return owned


def _share_key(charge: Charge, element: Element) -> tuple | None:
    if element.kind != ElementKind.CONTEXTUAL or not element.shared_key:
        return None
    if element.shared_per == Element.SharedPer.SUSPECT:
        return (element.shared_key, charge.suspect_id)
    return (element.shared_key,)


def _layout(charges, owned) -> tuple[dict[tuple[int, int], Row], list[Section]]:
    """Rows keyed by (charge id, element id); shared context rows appear under
    several keys but once in the sections."""
    users_of: dict[tuple, list[tuple[Charge, Element]]] = defaultdict(list)
    for charge in charges:
        for element in owned[("crime", charge.crime_id)]:
            key = _share_key(charge, element)
            if key is not None:
                users_of[key].append((charge, element))
    rows: dict[tuple[int, int], Row] = {}
    context_rows: list[Row] = []
    for pairs in users_of.values():
        if len(pairs) < 2:
            continue
        row = Row(element=pairs[0][1], charges=[c for c, _ in pairs], shared=True)
        context_rows.append(row)
        for charge, element in pairs:
            rows[(charge.pk, element.pk)] = row
    sections = []
    if context_rows:
        sections.append(Section(title="Context", charge=None, rows=context_rows))
    for charge in charges:
        own = []
        for element in (
            owned[("crime", charge.crime_id)] + owned[("mode", charge.mode_id)]
        ):
            if (charge.pk, element.pk) in rows:
                continue
            row = Row(element=element, charges=[charge])
            rows[(charge.pk, element.pk)] = row
            own.append(row)
        sections.append(
            Section(
                title=f"Charge {charge.position}: {charge.suspect.name}, "
                f"{charge.crime} — {charge.mode}",
                charge=charge,
                rows=own,
            )
        )
    return rows, sections


def _count(case: Case, rows: dict[tuple[int, int], Row]) -> None:
    live = Q(retracted_at__isnull=True)
    counts = (
        EvidenceLink.objects.filter(case=case, charge__isnull=False)
        .values("charge_id", "element_id")
        .annotate(
            supports=Count("id", filter=live & Q(stance=Stance.SUPPORTS)),
            undermines=Count("id", filter=live & Q(stance=Stance.UNDERMINES)),
            retracted=Count("id", filter=Q(retracted_at__isnull=False)),
        )
        .order_by()
    )
    for cell in counts:
        row = rows.get((cell["charge_id"], cell["element_id"]))
        if row is None:  # an element no longer in the catalogue
            continue
        row.supports += cell["supports"]
        row.undermines += cell["undermines"]
        row.retracted += cell["retracted"]


def _pin(case, user, rows, pins_per_row: int | None) -> None:
    visible = Exists(evidence_access.visible_items(user).filter(pk=OuterRef("item_id")))
    links = (
        EvidenceLink.objects.filter(
            case=case, charge__isnull=False, retracted_at__isnull=True
        )
        .annotate(visible=visible)
        .values(
            "id",
            "charge_id",
            "element_id",
            "stance",
            "page_from",
            "page_to",
            "time_from",
            "time_to",
            "region_x",
            "region_y",
            "region_width",
            "region_height",
            "probative_note",
            "visible",
            reference=F("item__reference"),
            title=F("item__title"),
        )
    )
    if pins_per_row is not None:
        links = links.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("charge_id"), F("element_id"), F("stance")],
                order_by=[F("created_at").asc(), F("id").asc()],
            )
        ).filter(rank__lte=pins_per_row)
    for link in links.order_by("created_at", "id"):
        row = rows.get((link["charge_id"], link["element_id"]))
        if row is None:
            continue
        pins = row.supporting if link["stance"] == Stance.SUPPORTS else row.undermining
        if pins_per_row is not None and len(pins) >= pins_per_row:
            continue  # a shared row collects from several charges
        pins.append(
            Pin(
                link_id=link["id"],
                stance=link["stance"],
                reference=link["reference"] if link["visible"] else None,
                title=link["title"] if link["visible"] else "",
                pinpoint=describe_pinpoint(_PinpointView(link)),
                note=link["probative_note"],
            )
        )


class _PinpointView:
    """A values() row seen through the attribute names ``describe_pinpoint`` reads."""

    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)
