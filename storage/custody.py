"""Which items the custody events about a blob's copies are recorded against.

An event names an item. A blob is shared by every item that has its bytes, so an
act on a copy is recorded for each of them; a derivative's blob is recorded
against the item it was made from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidence.models import EvidenceItem


def items_by_blob(blob_ids: Iterable[int]) -> dict[int, list[EvidenceItem]]:
    """The items to record events against, per blob id (possibly none)."""
    from evidence.models import Derivative, EvidenceItem

    wanted = set(blob_ids)
    found: dict[int, list[EvidenceItem]] = defaultdict(list)
    for item in EvidenceItem.objects.filter(blob_id__in=wanted).order_by("pk"):
        found[item.blob_id].append(item)
    rest = wanted - set(found)
    if rest:
        derived = Derivative.objects.filter(blob_id__in=rest).select_related("item")
        for derivative in derived.order_by("pk"):
            if derivative.item not in found[derivative.blob_id]:
                found[derivative.blob_id].append(derivative.item)
    return found
