"""Exact duplicates (same bytes, another submission) and near duplicates (similar
pixels, by perceptual hash)."""

from django.conf import settings
from django.db.models import Q, QuerySet

from evidence.models import EvidenceItem, ImageFingerprint

BANDS = 8


def fingerprint_fields(phash_hex: str) -> dict[str, object]:
    value = int(phash_hex, 16)
    bands = value.to_bytes(8, "big")
    return {"phash": phash_hex, **{f"band{i}": bands[i] for i in range(BANDS)}}


def exact_duplicates(item: EvidenceItem, among: QuerySet[EvidenceItem]) -> QuerySet:
    """Other submissions of the same bytes, within ``among`` (the visible items)."""
    return among.filter(blob_id=item.blob_id).exclude(pk=item.pk)


def near_duplicates(
    item: EvidenceItem, among: QuerySet[EvidenceItem], max_distance: int | None = None
) -> list[tuple[EvidenceItem, int]]:
    """Visible items whose perceptual hash is within ``max_distance`` bits."""
    max_distance = (
        settings.INDISPUTABLE_NEAR_DUPLICATE_DISTANCE
        if max_distance is None
        else max_distance
    )
    if max_distance >= BANDS:
        raise ValueError(f"near-duplicate distance must be below {BANDS}")
    fingerprint = ImageFingerprint.objects.filter(item=item).first()
    if fingerprint is None:
        return []
    match = Q()
    for i in range(BANDS):
        match |= Q(**{f"band{i}": getattr(fingerprint, f"band{i}")})
    target = int(fingerprint.phash, 16)
    candidates = (
        ImageFingerprint.objects.filter(match)
        .exclude(item_id=item.pk)
        .values_list("item_id", "phash")
    )
    distances = {
        item_id: (int(phash, 16) ^ target).bit_count() for item_id, phash in candidates
    }
    close = {k: d for k, d in distances.items() if d <= max_distance}
    items = (
        among.filter(pk__in=close).exclude(blob_id=item.blob_id).select_related("blob")
    )
    return sorted(((i, close[i.pk]) for i in items), key=lambda pair: pair[1])
