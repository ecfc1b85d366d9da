"""The custody vocabulary: one function per kind of event.

Each is called inside the transaction of the domain operation it records, so the act
and its record commit together or not at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chain_of_custody.ledger import append_event
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
    *, item: EvidenceItem, outcome: str, summary: str, details: dict[str, Any]
) -> CustodyEvent:
    return append_event(
        event_type=EventType.CREATION,
        item=item,
        actor=None,
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
