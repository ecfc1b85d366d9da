"""Read queries for the staff workspace, always on the user's visible items."""

from __future__ import annotations

import json

from django.db.models import QuerySet

from chain_of_custody.models import CustodyEvent
from evidence import access, duplicates, redaction
from evidence.models import EvidenceItem
from evidence.sniffing import claimed_type


def item_listing(user) -> QuerySet[EvidenceItem]:
    """The evidence list: visible items with what each row shows, in one query."""
    return access.visible_items(user).select_related("blob")


def custody_events(item: EvidenceItem) -> QuerySet[CustodyEvent]:
    return item.custody_events.select_related("detail").order_by("seq")


def item_context(user, item: EvidenceItem) -> dict:
    """Everything an item's page shows."""
    visible = access.visible_items(user)
    return {
        "item": item,
        "blob": item.blob,
        "exact_duplicates": duplicates.exact_duplicates(item, visible).select_related(
            "blob"
        ),
        "near_duplicates": duplicates.near_duplicates(item, visible),
        "derivatives": item.derivatives.select_related("blob").order_by("kind"),
        "custody_events": custody_events(item),
        "can_download": access.can_download_original(user, item),
        "claimed_type": claimed_type(item.original_filename),
        "raw_metadata_json": json.dumps(item.metadata.get("raw", {}), indent=2)[
            :200_000
        ],
        **version_context(user, item),
    }


def version_context(user, item: EvidenceItem) -> dict:
    """The redacted and public versions panel: each version, and who may approve."""
    listed = list(redaction.versions(item))
    return {
        "versions": [(v, redaction.can_approve(user, v)) for v in listed],
        "can_make_version": redaction.can_redact(item.blob.mime_type),
        "pdf_dpi": redaction.PDF_DPI,
    }
