"""Reading evidence: each operation checks access and records the custody event.

A listing is not a view of any one item and records nothing; opening an item's page,
displaying a derivative or downloading a file is recorded, in the same transaction
that decides to serve it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404

from chain_of_custody import events
from evidence import access, analysis
from evidence.models import Derivative, EvidenceItem, ProcessingStatus

if TYPE_CHECKING:
    from accounts.models import User


def open_item(*, user: User, reference: str, via: str = "item page") -> EvidenceItem:
    """The item for display to ``user``, with its view recorded."""
    item = access.get_visible_item(user, reference=reference)
    with transaction.atomic():
        events.record_view(item=item, actor=user, what=via)
    return item


def open_custody_record(*, user: User, reference: str, via: str) -> EvidenceItem:
    """The item whose custody record ``user`` reads (an auditor's need not be
    visible to them), with the reading recorded."""
    item = access.get_custody_item(user, reference=reference)
    with transaction.atomic():
        events.record_view(item=item, actor=user, what=via)
    return item


def download_original(*, user: User, reference: str) -> EvidenceItem:
    """The item whose original ``user`` may download, with the download recorded."""
    item = access.get_visible_item(user, reference=reference)
    if not access.can_download_original(user, item):
        access.deny(user, target=f"original of {item.reference}")
        raise access.AccessDenied("you may not download original evidence files")
    with transaction.atomic():
        events.record_download(item=item, actor=user, blob=item.blob, what="original")
    return item


def display_derivative(*, user: User, reference: str, kind: str) -> Derivative:
    """A derivative (thumbnail, preview) for display, with the display recorded."""
    item = access.get_visible_item(user, reference=reference)
    derivative = _derivative(item, kind)
    if (
        derivative is None
        and kind == Derivative.Kind.PREVIEW
        and item.derivatives_status == ProcessingStatus.DONE
    ):
        analysis.render_item_derivatives(item, kinds=(kind,))
        derivative = _derivative(item, kind)
    if derivative is None:
        raise Http404("This item has no such derivative.")
    with transaction.atomic():
        events.record_view(item=item, actor=user, what=kind)
    return derivative


def _derivative(item: EvidenceItem, kind: str) -> Derivative | None:
    return (
        Derivative.objects.select_related("blob")
        .filter(item=item, kind=kind)
        .order_by("-version")
        .first()
    )
