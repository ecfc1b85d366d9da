"""Witnesses: pseudonyms for everyone on the team, identities for a few; and the
consents under which witnesses' accounts and items may be used.

An identity is read only through :func:`read_identity`, which checks the designated
permission and records the reading in the case's audit history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cases import access, history
from cases.models import (
    AuditAction,
    Case,
    Consent,
    ProtectionLevel,
    Witness,
    WitnessIdentity,
)
from cases.teams import CaseError
from chain_of_custody import events
from evidence import access as evidence_access

if TYPE_CHECKING:
    from accounts.models import User
    from evidence.models import EvidenceItem


def register_witness(
    *, case: Case, actor: User, protection_level: str, summary: str = ""
) -> Witness:
    """A new witness under the next free pseudonym of the case (P-0001, P-0002...)."""
    access.require_edit(actor, case)
    if protection_level not in ProtectionLevel.values:
        raise CaseError(f"Unknown protection level {protection_level!r}.")
    with transaction.atomic():
        count = Witness.objects.filter(case=case).count()
        pseudonym = f"P-{count + 1:04d}"
        while Witness.objects.filter(case=case, pseudonym=pseudonym).exists():
            count += 1
            pseudonym = f"P-{count + 1:04d}"
        witness = Witness.objects.create(
            case=case,
            pseudonym=pseudonym,
            protection_level=protection_level,
            summary=summary,
            created_by=actor,
            created_at=timezone.now(),
        )
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.WITNESS_ADDED,
            obj=witness,
            summary=f"Registered witness {pseudonym}",
            after=history.snapshot(witness),
        )
    return witness


def record_identity(
    *, witness: Witness, actor: User, legal_name: str, **fields: Any
) -> WitnessIdentity:
    """Record who a witness is. The audit entry names the witness, not the person."""
    if not access.can_record_witness_identity(actor, witness.case):
        raise Http404("No such witness identity.")
    with transaction.atomic():
        identity = WitnessIdentity.objects.create(
            witness=witness,
            legal_name=legal_name,
            recorded_by=actor,
            recorded_at=timezone.now(),
            **fields,
        )
        history.record(
            case=witness.case,
            actor=actor,
            action=AuditAction.IDENTITY_RECORDED,
            obj=witness,
            summary=f"Recorded the identity of {witness.pseudonym}",
        )
    return identity


def read_identity(*, witness: Witness, actor: User) -> WitnessIdentity:
    """The identity behind a pseudonym, for those with the designated permission;
    404 for everyone else, so the answer does not even say one was recorded."""
    if not access.can_read_witness_identity(actor, witness.case):
        raise Http404("No such witness identity.")
    identity = WitnessIdentity.objects.filter(witness=witness).first()
    if identity is None:
        raise Http404("No such witness identity.")
    with transaction.atomic():
        history.record(
            case=witness.case,
            actor=actor,
            action=AuditAction.IDENTITY_READ,
            obj=witness,
            summary=f"Read the identity of {witness.pseudonym}",
        )
    return identity


def add_statement(*, witness: Witness, item: EvidenceItem, actor: User) -> Witness:
    """Record ``item`` as a statement of ``witness``: it joins the case's items (and
    its court bundles, under the witness's protection and consent), in the case's
    history and, as it changes what the archive records about the item, in the
    item's custody log under the pseudonym only."""
    case = witness.case
    access.require_edit(actor, case)
    if not evidence_access.can_view_item(actor, item):
        raise Http404("No such evidence item.")
    with transaction.atomic():
        # Locked, so that a form sent twice at once records the statement once.
        Witness.objects.select_for_update(no_key=True).filter(pk=witness.pk).first()
        if witness.statements.filter(pk=item.pk).exists():
            raise CaseError(f"{item.reference} is already a statement of {witness}.")
        witness.statements.add(item)
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.STATEMENT_ADDED,
            obj=witness,
            summary=f"{item.reference} recorded as a statement of {witness.pseudonym}",
            after={"item": item.reference, "sha256": item.blob.sha256},
        )
        events.record_analysis(
            item=item,
            actor=actor,
            summary=f"Recorded as a statement of witness {witness.pseudonym} "
            f"in case {case.reference}",
            details={"case": case.reference, "witness": witness.pseudonym},
        )
    return witness


def record_consent(*, witness: Witness, actor: User, **fields: Any) -> Consent:
    """The consent a witness gave (share with which courts, publish)."""
    access.require_edit(actor, witness.case)
    consent = Consent(
        witness=witness, recorded_by=actor, recorded_at=timezone.now(), **fields
    )
    return history.create(
        consent,
        case=witness.case,
        actor=actor,
        action=AuditAction.CONSENT_RECORDED,
        summary=f"Recorded consent of {witness.pseudonym}",
    )


def record_item_consent(
    *, case: Case, item: EvidenceItem, actor: User, **fields: Any
) -> Consent:
    """The consent under which an item of the case may be used, e.g. the signed
    release of a photograph. Entered in the case's history and, as it changes what
    the archive records about the item, in the item's custody log."""
    access.require_edit(actor, case)
    if not evidence_access.can_view_item(actor, item):
        raise Http404("No such evidence item.")
    consent = Consent(
        item=item, recorded_by=actor, recorded_at=timezone.now(), **fields
    )
    consent.full_clean()
    with transaction.atomic():
        consent.save()
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.CONSENT_RECORDED,
            obj=consent,
            summary=f"Recorded consent for {item.reference}",
            after=history.snapshot(consent),
        )
        events.record_analysis(
            item=item,
            actor=actor,
            summary=f"Consent recorded in case {case.reference}",
            details={
                "case": case.reference,
                "consent": consent.pk,
                "share_with_courts": consent.share_with_courts,
                "publish": consent.publish,
                "withdrawn_on": history.snapshot(consent)["withdrawn_on"],
            },
        )
    return consent
