"""Human-friendly evidence references such as ``IND-2026-000123``."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from evidence.models import ReferenceCounter


def next_reference() -> str:
    """Issue the next reference for this year. Runs inside the intake transaction."""
    prefix = settings.INDISPUTABLE_REFERENCE_PREFIX
    year = timezone.now().year
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("references are issued inside the intake transaction")
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(prefix=prefix, year=year)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:06d}"
