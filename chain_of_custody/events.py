"""The custody vocabulary: one function per kind of event.

Each is called inside the transaction of the domain operation it records, so the act
and its record commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from chain_of_custody.ledger import NewEvent, append_event, append_events
from chain_of_custody.models import CustodyEvent, EventType, Outcome

if TYPE_CHECKING:
    from accounts.models import User
    from evidence.models import Blob, EvidenceItem


def record_ingestion(
    *, item: EvidenceItem, actor: User | None, details: dict[str, Any]
) -> CustodyEvent:
    """The item entered the archive; ``details`` holds every digest and the claim."""
    return append_event(
        event_type=EventType.INGESTION,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Ingested {item.reference} ({item.blob.size:,} bytes)",
        details=details,
    )


def record_refused_ingestion(
    *, actor: User | None, reason: str, details: dict[str, Any]
) -> CustodyEvent:
    """An attempted intake that registered nothing (for example a hash mismatch)."""
    return append_event(
        event_type=EventType.INGESTION,
        item=None,
        actor=actor,
        outcome=Outcome.FAILURE,
        summary=f"Intake refused: {reason}",
        details=details,
        item_sha256=details.get("sha256", ""),
    )


def record_metadata_extraction(
    *, item: EvidenceItem, outcome: str, summary: str, details: dict[str, Any]
) -> CustodyEvent:
    return append_event(
        event_type=EventType.METADATA_EXTRACTION,
        item=item,
        actor=None,
        outcome=outcome,
        summary=summary,
        details=details,
    )


def record_derivative_creation(
    *,
    item: EvidenceItem,
    outcome: str,
    summary: str,
    details: dict[str, Any],
    actor: User | None = None,
) -> CustodyEvent:
    """A derivative was made (or failed to be); ``actor`` is None for the system."""
    return append_event(
        event_type=EventType.CREATION,
        item=item,
        actor=actor,
        outcome=outcome,
        summary=summary,
        details=details,
    )


def record_view(*, item: EvidenceItem, actor: User, what: str) -> CustodyEvent:
    """Someone displayed the item (its page, or a derivative such as a preview)."""
    return append_event(
        event_type=EventType.DISPLAYING,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Displayed {what}",
        details={"what": what},
    )


def record_download(
    *, item: EvidenceItem, actor: User, blob: Blob, what: str
) -> CustodyEvent:
    """Someone downloaded a file of the item: the original or a derivative."""
    return append_event(
        event_type=EventType.DISSEMINATION,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Downloaded {what}",
        details={"what": what, "sha256": blob.sha256, "size": blob.size},
    )


def record_dissemination(
    *, item: EvidenceItem, actor: User | None, blob: Blob, where: str
) -> CustodyEvent:
    """A public version of the item was published (a page showing it went live)."""
    return append_event(
        event_type=EventType.DISSEMINATION,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Published a public version on {where}",
        details={"what": "public version", "sha256": blob.sha256, "where": where},
    )


def record_transfer(
    *,
    item: EvidenceItem,
    actor: User,
    from_custodian: str,
    to_custodian: str,
    note: str = "",
) -> CustodyEvent:
    """Custody passed between two parties (for example physical media handed over)."""
    return append_event(
        event_type=EventType.TRANSFER,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Custody transferred from {from_custodian} to {to_custodian}",
        details={"from": from_custodian, "to": to_custodian, "note": note},
    )


def record_redaction(
    *,
    item: EvidenceItem,
    actor: User,
    derivative: Blob,
    legal_basis: str,
    approved_by: str = "",
    note: str = "",
    details: dict[str, Any] | None = None,
) -> CustodyEvent:
    """A redacted derivative was made; the original is untouched.

    ``approved_by`` is empty when the version awaits a second person's approval,
    which is then its own event (``record_redaction_approval``).
    """
    basis = f" ({legal_basis})" if legal_basis else ""
    approval = f", approved by {approved_by}" if approved_by else ", awaiting approval"
    return append_event(
        event_type=EventType.REDACTION,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Redacted version made{basis}{approval}",
        details={
            **(details or {}),
            "act": "redaction",
            "derivative_sha256": derivative.sha256,
            "legal_basis": legal_basis,
            "approved_by": approved_by,
            "note": note,
        },
    )


def record_redaction_approval(
    *, item: EvidenceItem, actor: User, derivative: Blob, kind: str, version: int
) -> CustodyEvent:
    """A second person approved a redacted or public version for release."""
    return append_event(
        event_type=EventType.REDACTION,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Approved {kind} version {version} for release",
        details={
            "act": "approval",
            "kind": kind,
            "version": version,
            "derivative_sha256": derivative.sha256,
        },
    )


def record_protection_change(
    *, item: EvidenceItem, actor: User, details: dict[str, Any]
) -> CustodyEvent:
    """The item's protection level or its lift date changed (PREMIS policy
    assignment); ``details`` holds the levels and dates before and after, and why."""
    lift = (
        f", lifted to {details['after']} from {details['until']}"
        if details.get("until")
        else ""
    )
    return append_event(
        event_type=EventType.POLICY_ASSIGNMENT,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Protection set to {details['level']}{lift}",
        details=details,
    )


def record_exports(
    *, items: Iterable[EvidenceItem], actor: User, export: str, destination: str
) -> None:
    """Each of ``items`` left the archive in an export (a court bundle, a load
    file): one event per item, appended in one batch."""
    append_events(
        NewEvent(
            event_type=EventType.EXPORTING,
            item=item,
            actor=actor,
            outcome=Outcome.SUCCESS,
            summary=f"Exported in {export} for {destination}",
            details={"export": export, "destination": destination},
        )
        for item in items
    )


def record_packing(
    *, item: EvidenceItem | None, actor: User | None, package: str, package_sha256: str
) -> CustodyEvent:
    """The item (or, with ``item`` None, a whole bundle) was put into a package,
    such as a BagIt bag; a bundle's event carries the package's SHA-256."""
    return append_event(
        event_type=EventType.PACKING,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Packed into {package}",
        details={"package": package, "package_sha256": package_sha256},
        item_sha256=package_sha256 if item is None else None,
    )


def record_fixity_check(
    *,
    item: EvidenceItem | None,
    actor: User | None,
    outcome: str,
    summary: str,
    details: dict[str, Any],
) -> CustodyEvent:
    """Stored bytes were re-hashed; ``item`` is None for a check of the whole store."""
    return append_event(
        event_type=EventType.FIXITY_CHECK,
        item=item,
        actor=actor,
        outcome=outcome,
        summary=summary,
        details=details,
    )


def record_verification(
    *, actor: User | None, outcome: str, summary: str, details: dict[str, Any]
) -> CustodyEvent:
    """The custody log itself was verified (leaves, root, checkpoints)."""
    return append_event(
        event_type=EventType.VALIDATION,
        item=None,
        actor=actor,
        outcome=outcome,
        summary=summary,
        details=details,
    )


def record_replication(
    *, item: EvidenceItem, actor: User | None, blob: Blob, store: str, outcome: str
) -> CustodyEvent:
    """A copy of one of the item's blobs was written to another store."""
    return append_event(
        event_type=EventType.REPLICATION,
        item=item,
        actor=actor,
        outcome=outcome,
        summary=f"Replicated {blob.sha256[:12]}… to {store}",
        details={"sha256": blob.sha256, "store": store},
        item_sha256=item.blob.sha256,
    )


def record_quarantine(
    *,
    item: EvidenceItem | None,
    blob: Blob,
    store: str,
    problem: str,
    details: dict[str, Any],
) -> CustodyEvent:
    """A copy of a blob was found missing or changed and taken out of service."""
    return append_event(
        event_type=EventType.QUARANTINE,
        item=item,
        actor=None,
        outcome=Outcome.WARNING,
        summary=f"Quarantined the copy of {blob.sha256[:12]}… in {store}: {problem}",
        details={"sha256": blob.sha256, "store": store, "problem": problem, **details},
        item_sha256=blob.sha256,
    )


def record_repair(
    *,
    item: EvidenceItem | None,
    blob: Blob,
    store: str,
    source: str,
    outcome: str,
    details: dict[str, Any],
) -> CustodyEvent:
    """A quarantined copy was rewritten from a good copy (a replication to it)."""
    verb = "Repaired" if outcome == Outcome.SUCCESS else "Could not repair"
    return append_event(
        event_type=EventType.REPLICATION,
        item=item,
        actor=None,
        outcome=outcome,
        summary=f"{verb} the copy of {blob.sha256[:12]}… in {store} from {source}",
        details={
            "sha256": blob.sha256,
            "store": store,
            "source": source,
            "repair": True,
            **details,
        },
        item_sha256=blob.sha256,
    )


def record_blob_fixity(
    *, item: EvidenceItem | None, blob: Blob, store: str, outcome: str, problem: str
) -> CustodyEvent:
    """One copy of one blob was re-hashed by a scheduled fixity audit."""
    summary = (
        f"Fixity of {blob.sha256[:12]}… in {store} holds"
        if outcome == Outcome.SUCCESS
        else f"Fixity of {blob.sha256[:12]}… in {store} failed: {problem}"
    )
    return append_event(
        event_type=EventType.FIXITY_CHECK,
        item=item,
        actor=None,
        outcome=outcome,
        summary=summary,
        details={"sha256": blob.sha256, "store": store, "problem": problem},
        item_sha256=blob.sha256,
    )


# PREMIS has no "analysis" event type. Linking an item to a case (or retracting the
# link) leaves its bytes untouched and records an assessment about it: descriptive
# metadata of the item. The id.loc.gov eventType vocabulary calls that "metadata
# modification" (``mem``); "appraisal" (``app``) is about whether an archive keeps
# an object, and "validation" (``val``) about conformance to a format, so neither
# fits. A PREMIS reader sees the link as a change to what the archive records
# about the item, which is what it is.
METADATA_MODIFICATION = "mem"


def record_analysis(
    *, item: EvidenceItem, actor: User, summary: str, details: dict[str, Any]
) -> CustodyEvent:
    """Legal staff assessed the item: linked it to a case, or retracted a link."""
    return append_event(
        event_type=METADATA_MODIFICATION,
        item=item,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=summary,
        details=details,
    )


def record_tip_accession(*, sha256: str, size: int, kind: str) -> CustodyEvent:
    """A confidential tip's part (its message or one file) arrived, encrypted on
    arrival. Nothing about who sent it: only the plaintext's SHA-256 and size."""
    return append_event(
        event_type=EventType.ACCESSION,
        item=None,
        actor=None,
        outcome=Outcome.SUCCESS,
        summary=f"Confidential tip {kind} received, encrypted on arrival",
        details={"sha256": sha256, "size": size, "kind": kind},
        item_sha256=sha256,
        hour_only=True,
    )


def _tip_part_event(
    *,
    event_type: str,
    accession: CustodyEvent,
    actor: User | None,
    happened: str,
    **details: str,
) -> CustodyEvent:
    """An act on a tip part, named by its accession event and plaintext SHA-256
    only: no designation, file name or content, nothing that could point to the
    source."""
    return append_event(
        event_type=event_type,
        item=None,
        actor=actor,
        outcome=Outcome.SUCCESS,
        summary=f"Confidential tip part accessioned as #{accession.seq} {happened}",
        details={
            "accession_seq": accession.seq,
            "sha256": accession.item_sha256,
            **details,
        },
        item_sha256=accession.item_sha256,
    )


def record_tip_display(
    *, accession: CustodyEvent, actor: User, what: str
) -> CustodyEvent:
    """A member of staff decrypted a tip part in the workspace and was shown
    ``what``: ``"message"`` (the text) or ``"file entry"`` (a file's name and type)."""
    return _tip_part_event(
        event_type=EventType.DISPLAYING,
        accession=accession,
        actor=actor,
        happened=f"decrypted: {what} shown",
        what=what,
    )


def record_tip_download(*, accession: CustodyEvent, actor: User) -> CustodyEvent:
    """A member of staff downloaded a tip file's plaintext, decrypted as it was
    sent."""
    return _tip_part_event(
        event_type=EventType.DISSEMINATION,
        accession=accession,
        actor=actor,
        happened="downloaded, decrypted",
        what="file",
    )


def record_tip_export(*, accession: CustodyEvent, actor: User | None) -> CustodyEvent:
    """A tip part's ciphertext was copied out for offline decryption (``manage.py
    tips export``); what happens to it there is outside the archive's sight."""
    return _tip_part_event(
        event_type=EventType.EXPORTING,
        accession=accession,
        actor=actor,
        happened="exported as ciphertext for offline decryption",
        what="ciphertext",
    )


def record_tip_deletion(
    *, accession: CustodyEvent, actor: User | None, reason: str
) -> CustodyEvent:
    """A tip part's ciphertext was deleted (retention); only ciphertext existed."""
    return _tip_part_event(
        event_type=EventType.DELETION,
        accession=accession,
        actor=actor,
        happened=f"deleted: {reason}",
        reason=reason,
    )
