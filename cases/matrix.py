"""The proof matrix: per charge and element, the evidence that supports or
undermines it, and the gaps.

One row per charge × element, in the order of the catalogue: the crime's elements,
then the mode of liability's. A contextual element that several charges share (the
same attack, the same armed conflict; what one suspect knew of it) is one row in
the "Context" section, listing the charges it serves, and is left out of each
charge's own rows.

One aggregate query gives every row's counts and the first live link of each
stance; two more fetch those few links with their pinpoints and which of their items
the user may see. The number of queries and the rows fetched do not depend on the
number of links (the row view lists every link of a row). A linked item's reference
is shown only to those who may see the item (``evidence/access.py``); the link still
counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, Lookup, Min, OuterRef, Q
from django.db.models.lookups import In

from cases.models import Charge, Element, ElementKind, EvidenceLink, Stance
from cases.models.charges import describe_pinpoint
from evidence import access as evidence_access

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case

# Which links a row lists (see ``build_matrix``).
FIRST, ALL, NONE = "first", "all", "none"


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


def build_matrix(case: Case, user: User, *, pins: str = FIRST) -> Matrix:
    """The case's proof matrix as ``user`` may see it.

    ``pins`` says which links each row lists: ``FIRST``, the first link of each
    stance (the page; the row view lists them all); ``ALL`` (exports); ``NONE``
    (counts only). The caller has checked that ``user`` is on the team.
    """
    if pins not in (FIRST, ALL, NONE):
        raise ValueError(f"pins is one of {FIRST!r}, {ALL!r}, {NONE!r}")
    charges = list(
        Charge.objects.filter(case=case)
        .select_related("suspect", "crime", "mode")
        .order_by("position", "id")
    )
    elements_by_owner = _elements(charges)
    rows, sections = _layout(charges, elements_by_owner)
    firsts = _count(case, rows)
    if pins == FIRST:
        _pin(case, user, rows, ids=firsts)
    elif pins == ALL:
        _pin(case, user, rows)
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


def _count(case: Case, rows: dict[tuple[int, int], Row]) -> set[int]:
    """Fill in each row's counts; return the ids of the first live link of each
    stance of each row, picked by the same aggregate."""
    live = Q(retracted_at__isnull=True)
    supports = live & Q(stance=Stance.SUPPORTS)
    undermines = live & Q(stance=Stance.UNDERMINES)
    cells = (
        EvidenceLink.objects.filter(case=case, charge__isnull=False)
        .values("charge_id", "element_id")
        .annotate(
            pro=Count("id", filter=supports),
            contra=Count("id", filter=undermines),
            retracted=Count("id", filter=~live),
            first_pro=Min("id", filter=supports),
            first_contra=Min("id", filter=undermines),
        )
        .values_list(
            "charge_id",
            "element_id",
            "pro",
            "contra",
            "retracted",
            "first_pro",
            "first_contra",
        )
        .order_by()
    )
    firsts: dict[tuple[int, str], int] = {}
    for charge_id, element_id, pro, contra, retracted, first_pro, first_contra in cells:
        row = rows.get((charge_id, element_id))
        if row is None:  # an element no longer in the catalogue
            continue
        row.supports += pro
        row.undermines += contra
        row.retracted += retracted
        # A shared row gathers several cells: keep the first of them all.
        for stance, link_id in (
            (Stance.SUPPORTS, first_pro),
            (Stance.UNDERMINES, first_contra),
        ):
            if link_id is not None:
                key = (id(row), stance)
                firsts[key] = min(firsts.get(key, link_id), link_id)
    return set(firsts.values())


def _pin(case, user, rows, *, ids: set[int] | None = None) -> None:
    """List the live links of each row (only ``ids``, if given), in link order.
    An item's reference and title show only if ``user`` may see the item."""
    if ids is None:
        links = EvidenceLink.objects.filter(
            case=case, charge__isnull=False, retracted_at__isnull=True
        )
    elif ids:
        # By primary key alone: the ids are the case's live links already, and
        # any other condition may lead the planner to scan the case's links.
        links = EvidenceLink.objects.filter(_PkIn(F("pk"), sorted(ids)))
    else:
        return
    links = list(
        links.values_list(
            "id",
            "charge_id",
            "element_id",
            "stance",
            "item_id",
            "probative_note",
            *PINPOINT_FIELDS,
        ).order_by("created_at", "id")
    )
    if ids is None:
        visible = evidence_access.visible_items(user).filter(
            Exists(EvidenceLink.objects.filter(case=case, item=OuterRef("pk")))
        )
    else:
        visible = evidence_access.visible_items(user).filter(
            _PkIn(F("pk"), sorted({link[4] for link in links}))
        )
    shown = {
        pk: (ref, title)
        for pk, ref, title in visible.order_by().values_list("pk", "reference", "title")
    }
    for link_id, charge_id, element_id, stance, item_id, note, *pinpoint in links:
        row = rows.get((charge_id, element_id))
        if row is None:
            continue
        reference, title = shown.get(item_id, (None, ""))
        pins = row.supporting if stance == Stance.SUPPORTS else row.undermining
        pins.append(
            Pin(
                link_id=link_id,
                stance=stance,
                reference=reference,
                title=title,
                pinpoint=describe_pinpoint(
                    SimpleNamespace(**dict(zip(PINPOINT_FIELDS, pinpoint, strict=True)))
                ),
                note=note,
            )
        )


class _PkIn(Lookup):
    """``pk IN (...)``, sent to PostgreSQL as one array parameter (``= ANY(%s)``).

    A list of a few hundred ids as as many parameters costs PostgreSQL and psycopg
    more than the query itself (about 3 ms on the matrix page); SQLite gets the
    plain ``IN``.
    """

    lookup_name = "pk_in"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.rhs)


PINPOINT_FIELDS = (
    "page_from",
    "page_to",
    "time_from",
    "time_to",
    "region_x",
    "region_y",
    "region_width",
    "region_height",
)
