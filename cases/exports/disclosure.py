"""What a bundle may hold: selection, consent, and redacted substitution.

The rules, also in docs/exports-sender.md:

- A case's items are those with a standing (unretracted) evidence link in the case
  and the statements of its witnesses.
- Consent: an item's latest recorded consent (cases' ``Consent``) decides whether
  it may go to a court (withdrawn, not for courts, or naming other courts: refused);
  without one, the item's own "may be shared with courts". Every witness whose
  statement it is must also not have refused. A refused item stops the export.
- Protection: the original of an item marked witness-identifying, or the statement
  of a witness under redaction, in-court or programme measures, never leaves the
  archive. It goes as its latest approved redacted version, marked as such; with
  none, the export stops.
- Disclosure category and confidentiality come from the team's decision for the
  case (``CaseItemDisclosure``); without one, an item with an undermining link is
  potentially exculpatory and the rest incriminating, and the confidentiality
  follows the item's sensitivity.
"""

from __future__ import annotations

import re
import uuid
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cases import access as case_access
from cases import history
from cases.exports.ern import chunked
from cases.exports.models import CaseItemDisclosure, Confidentiality, DisclosureCategory
from cases.models import (
    AuditAction,
    Case,
    Consent,
    EvidenceLink,
    ProtectionLevel,
    Stance,
    Witness,
)
from evidence import access as evidence_access
from evidence.models import Derivative, EvidenceItem, Sensitivity

if TYPE_CHECKING:
    from accounts.models import User

PROTECTED_WITNESS_LEVELS = {
    ProtectionLevel.REDACTION,
    ProtectionLevel.IN_COURT,
    ProtectionLevel.PROTECTION_PROGRAMME,
}
CONFIDENTIALITY_OF_SENSITIVITY = {
    Sensitivity.PUBLIC: Confidentiality.PUBLIC,
    Sensitivity.RESTRICTED: Confidentiality.CONFIDENTIAL,
    Sensitivity.CONFIDENTIAL: Confidentiality.CONFIDENTIAL,
    Sensitivity.WITNESS_IDENTIFYING: Confidentiality.UNDER_SEAL,
}


class ExportRefused(Exception):
    """The export cannot go ahead; the message names every item and why."""


@dataclass
class Planned:
    """One item as it will go into the bundle."""

    item: EvidenceItem
    category: str
    confidentiality: str
    witnesses: list[str] = field(default_factory=list)
    redacted: Derivative | None = None
    protection: str = ""

    @property
    def blob(self):
        """The bytes that are sent: the original, or the approved redacted version."""
        return self.redacted.blob if self.redacted else self.item.blob


def case_items(case: Case) -> QuerySet[EvidenceItem]:
    linked = EvidenceLink.objects.filter(case=case, retracted_at__isnull=True)
    return (
        EvidenceItem.objects.filter(
            Q(pk__in=linked.values("item")) | Q(witnesses__case=case)
        )
        .distinct()
        .select_related("blob")
        .order_by("reference")
    )


def set_disclosure(
    *, case: Case, item: EvidenceItem, actor: User, category: str, confidentiality: str
) -> CaseItemDisclosure:
    """Record the team's disclosure decision for one item of the case."""
    (decision,) = decide_disclosure(
        case=case,
        items=[item],
        actor=actor,
        category=category,
        confidentiality=confidentiality,
    )
    return decision


def decide_disclosure(
    *,
    case: Case,
    items: list[EvidenceItem],
    actor: User,
    category: str,
    confidentiality: str,
) -> list[CaseItemDisclosure]:
    """Record one disclosure decision for ``items`` of the case, each in the case's
    history with what it replaced, as one action; return the decisions that
    changed (an item that already had this decision keeps it, and its history
    gains no entry)."""
    case_access.require_edit(actor, case)
    category = DisclosureCategory(category)
    confidentiality = Confidentiality(confidentiality)
    ids = {i.pk for i in items}
    of_case = set(case_items(case).filter(pk__in=ids).values_list("pk", flat=True))
    if outside := sorted(i.reference for i in items if i.pk not in of_case):
        raise ExportRefused(f"not items of {case.reference}: " + ", ".join(outside))
    action_id = uuid.uuid4()
    decided = []
    with transaction.atomic():
        # The case's decisions are made one at a time: two sent at once would
        # otherwise both insert an item's first decision, or both read the same
        # decision as the one they replace. NO KEY, so that rows pointing at the
        # case can still be added meanwhile.
        Case.objects.select_for_update(no_key=True).filter(pk=case.pk).first()
        previous = {
            d.item_id: d
            for d in CaseItemDisclosure.objects.filter(case=case, item__in=ids)
        }
        for item in items:
            decision = previous.get(item.pk) or CaseItemDisclosure(case=case, item=item)
            before = (
                history.snapshot(decision, "category", "confidentiality")
                if decision.pk
                else None
            )
            if (
                decision.pk
                and decision.category == category
                and decision.confidentiality == confidentiality
            ):
                continue
            decision.category = category
            decision.confidentiality = confidentiality
            decision.decided_by = actor
            decision.decided_at = timezone.now()
            decision.save()
            history.record(
                case=case,
                actor=actor,
                action=AuditAction.DISCLOSURE_DECIDED,
                obj=decision,
                summary=f"{item.reference}: {category.label}, {confidentiality.label}",
                before=before,
                after=history.snapshot(decision, "category", "confidentiality"),
                action_id=action_id,
            )
            decided.append(decision)
    return decided


def disclosure_table(case: Case, items: list[EvidenceItem]) -> list[Planned]:
    """Each item's disclosure category and confidentiality as an export would use
    them: the team's decision, or the default (see the module's rules)."""
    return _classify(case, items)


def approved_redaction(item: EvidenceItem) -> Derivative | None:
    """The latest redacted version of ``item`` that a second person approved."""
    return (
        Derivative.objects.filter(
            item=item, kind=Derivative.Kind.REDACTED, approved_at__isnull=False
        )
        .select_related("blob")
        .order_by("-version")
        .first()
    )


def selection(
    *,
    case: Case,
    user: User,
    references: list[str] | None = None,
    category: str | None = None,
    confidentiality: list[str] | None = None,
    chunk: int = 500,
) -> Sequence[int]:
    """The ids of the items of the bundle, in reference order (or the order of
    ``references``); raise ExportRefused if any may not go, naming each.

    Every item is checked before anything is written, but ``chunk`` items at a
    time, each chunk fetched afresh: only the ids are kept, so memory does not
    grow with the number of items.
    """
    case_access.require_edit(user, case)
    candidates = _candidate_ids(case, user, references, chunk)
    kept = array("q")  # 8 bytes an item, not a list's 40
    problems: list[str] = []
    for ids in chunked(candidates, chunk):
        planned = _matching(
            _classify(case, _fetch(case, ids)), category, confidentiality
        )
        problems.extend(_problems(case, user, planned))
        kept.extend(entry.item.pk for entry in planned)
    if problems:
        raise ExportRefused("export refused: " + "; ".join(problems))
    return kept


def planned_again(
    *,
    case: Case,
    user: User,
    ids: Sequence[int],
    category: str | None = None,
    confidentiality: list[str] | None = None,
) -> list[Planned]:
    """The items ``ids`` (a chunk of a :func:`selection`) as they go into the
    bundle, fetched, classified and checked again as it is written; raise
    ExportRefused, naming each, if any has changed so that it may no longer go
    (consent withdrawn, redaction gone, no longer of the case or of the selection).
    """
    planned = _classify(case, _fetch(case, ids))
    found = {entry.item.pk for entry in planned}
    problems = [
        f"item #{pk}: no longer an item of {case.reference}"
        for pk in ids
        if pk not in found
    ]
    matching = {id(entry) for entry in _matching(planned, category, confidentiality)}
    problems.extend(
        f"{entry.item.reference}: its disclosure category or confidentiality "
        "no longer matches the selection"
        for entry in planned
        if id(entry) not in matching
    )
    problems.extend(_problems(case, user, planned))
    if problems:
        raise ExportRefused(
            "export stopped, items changed while the bundle was written: "
            + "; ".join(problems)
        )
    return planned


def _candidate_ids(
    case: Case, user: User, references: list[str] | None, chunk: int
) -> Sequence[int]:
    """The ids of the case's items (or of those named) that ``user`` may see:
    every item of the case unless ``references`` name some."""
    visible = evidence_access.visible_items(user)
    if references:
        wanted = list(dict.fromkeys(references))
        by_ref: dict[str, int] = {}
        for refs in chunked(wanted, chunk):
            found = dict(
                case_items(case)
                .filter(reference__in=refs)
                .values_list("reference", "pk")
            )
            seen = set(
                visible.filter(pk__in=found.values()).values_list("pk", flat=True)
            )
            by_ref.update((r, pk) for r, pk in found.items() if pk in seen)
        if unknown := [r for r in references if r not in by_ref]:
            raise ExportRefused(
                "not items of this case that you may see: " + ", ".join(unknown)
            )
        return [by_ref[r] for r in wanted]
    rows = case_items(case).values_list("pk", "reference")  # reference: the order
    ids = array("q", (pk for pk, _ in rows.iterator(chunk_size=chunk)))
    hidden = 0
    for part in chunked(ids, chunk):
        hidden += len(part) - visible.filter(pk__in=part).count()
    if hidden:
        raise ExportRefused(
            f"{hidden} item(s) of this case are hidden from you; a bundle "
            "must be complete, so ask someone who may see them to export"
        )
    return ids


def _fetch(case: Case, ids: Sequence[int]) -> list[EvidenceItem]:
    """The items ``ids`` that are still the case's, in the order of ``ids``;
    not their texts."""
    rows = case_items(case).filter(pk__in=ids)
    by_id = {
        i.pk: i for i in rows.defer("extracted_text", "description", "source_note")
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def _matching(
    planned: list[Planned], category: str | None, confidentiality: list[str] | None
) -> list[Planned]:
    if category:
        planned = [p for p in planned if p.category == DisclosureCategory(category)]
    if confidentiality:
        wanted = {Confidentiality(c) for c in confidentiality}
        planned = [p for p in planned if p.confidentiality in wanted]
    return planned


def _classify(case: Case, items: list[EvidenceItem]) -> list[Planned]:
    ids = [i.pk for i in items]
    decisions = {
        d.item_id: d for d in CaseItemDisclosure.objects.filter(case=case, item__in=ids)
    }
    undermining = set(
        EvidenceLink.objects.filter(
            case=case, item__in=ids, retracted_at__isnull=True, stance=Stance.UNDERMINES
        ).values_list("item", flat=True)
    )
    witnesses: dict[int, list[Witness]] = {}
    for witness in Witness.objects.filter(statements__in=ids).distinct():
        for item_id in witness.statements.filter(pk__in=ids).values_list(
            "pk", flat=True
        ):
            witnesses.setdefault(item_id, []).append(witness)
    planned = []
    for item in items:
        decision = decisions.get(item.pk)
        planned.append(
            Planned(
                item=item,
                category=decision.category
                if decision
                else DisclosureCategory.EXCULPATORY
                if item.pk in undermining
                else DisclosureCategory.INCRIMINATING,
                confidentiality=decision.confidentiality
                if decision
                else CONFIDENTIALITY_OF_SENSITIVITY[item.sensitivity],
                witnesses=[w.pseudonym for w in witnesses.get(item.pk, [])],
                protection=_protection(item, witnesses.get(item.pk, [])),
            )
        )
    return planned


def _protection(item: EvidenceItem, witnesses: list[Witness]) -> str:
    """Why the original may not leave the archive, or "" if it may."""
    if item.sensitivity == Sensitivity.WITNESS_IDENTIFYING:
        return "the item identifies a witness"
    for witness in witnesses:
        if witness.protection_level in PROTECTED_WITNESS_LEVELS:
            return (
                f"{witness.pseudonym} is protected "
                f"({witness.get_protection_level_display()})"
            )
    return ""


def _problems(case: Case, user: User, planned: list[Planned]) -> list[str]:
    """Why each of ``planned`` may not go (none: it may); notes the redacted
    version of those whose original may not leave the archive."""
    problems = []
    ids = [entry.item.pk for entry in planned]
    downloadable = (
        set(
            evidence_access.visible_items(user)
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        if user.has_perm("evidence.download_original")
        else set()
    )
    consents = _latest_consents(ids)
    for entry in planned:
        item = entry.item
        refusal = consent_refusal(case, item, consents=consents)
        if refusal:
            problems.append(f"{item.reference}: {refusal}")
            continue
        if entry.protection:
            entry.redacted = approved_redaction(item)
            if entry.redacted is None:
                problems.append(
                    f"{item.reference}: the original may not be sent "
                    f"({entry.protection}) and it has no approved redacted version"
                )
        elif item.pk not in downloadable:
            problems.append(f"{item.reference}: you may not send originals")
    return problems


def _latest_consents(ids: Sequence[int]) -> dict:
    """The latest consent of each item, and of each witness whose statement one
    is, keyed ``("item", id)`` and ``("witness", id)``; witnesses by item under
    ``("statements", item id)``. Two queries, whatever the number of items."""
    found: dict = {}
    rows = Consent.objects.filter(
        Q(item__in=ids) | Q(witness__statements__in=ids)
    ).order_by("recorded_at", "id")
    for consent in rows.select_related("witness").distinct():
        key = (
            ("item", consent.item_id)
            if consent.item_id
            else ("witness", consent.witness_id)
        )
        found[key] = consent
    links = Witness.statements.through.objects.filter(evidenceitem__in=ids)
    for item_id, pseudonym, witness_id in links.values_list(
        "evidenceitem_id", "witness__pseudonym", "witness_id"
    ):
        found.setdefault(("statements", item_id), []).append((pseudonym, witness_id))
    return found


def consent_refusal(
    case: Case, item: EvidenceItem, *, consents: dict | None = None
) -> str:
    """Why consent forbids sending ``item`` to this case's court, or ""."""
    if consents is None:
        consents = _latest_consents([item.pk])
    latest = consents.get(("item", item.pk))
    if latest is not None:
        why = _consent_says_no(latest, case)
        if why:
            return why
    elif not item.consent_court:
        return "its source did not consent to sharing with courts"
    for pseudonym, witness_id in consents.get(("statements", item.pk), []):
        given = consents.get(("witness", witness_id))
        why = given and _consent_says_no(given, case)
        if why:
            return f"witness {pseudonym}: {why}"
    return ""


def _consent_says_no(consent: Consent, case: Case) -> str:
    if consent.withdrawn_on is not None:
        return f"consent was withdrawn on {consent.withdrawn_on:%Y-%m-%d}"
    if not consent.share_with_courts:
        return "consent forbids sharing with courts"
    courts = [c.strip() for c in re.split(r"[,;\n]", consent.courts) if c.strip()]
    if courts and not any(c.lower() in case.forum.lower() for c in courts):
        return f"consent is limited to {', '.join(courts)}, not {case.forum}"
    return ""
