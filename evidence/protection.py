"""Protection levels: setting an item's level and the date it lifts, with custody.

A protection level may have a lift date: from then on the item is treated as the
lower level chosen when the date was set (by default the next lower one). Access
applies it in SQL (``access.at_levels``); nothing needs to run on the date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.models import SecurityEvent
from chain_of_custody import events
from evidence import access
from evidence.models import EvidenceItem, Sensitivity

if TYPE_CHECKING:
    from accounts.models import User

LEVELS = [
    Sensitivity.PUBLIC,
    Sensitivity.RESTRICTED,
    Sensitivity.CONFIDENTIAL,
    Sensitivity.WITNESS_IDENTIFYING,
]
"""From the least to the most protected."""


class ProtectionError(ValueError):
    """The change asked for is not possible; the message says why."""


def next_lower(level: str) -> str | None:
    index = LEVELS.index(level)
    return LEVELS[index - 1] if index else None


def level_in_force(item: EvidenceItem, at: dt.datetime | None = None) -> str:
    """The item's level at ``at`` (now by default), its lift date applied."""
    at = at or timezone.now()
    if item.sensitivity_until is not None and item.sensitivity_until <= at:
        return item.sensitivity_after
    return item.sensitivity


def can_change_protection(user: User, item: EvidenceItem) -> bool:
    """Whoever may change the level must see the item and be one of its custodians:
    its submitter or collector, its cases' teams, or a custodian of all evidence."""
    if not user.has_perm("evidence.change_protection"):
        return False
    if not access.can_view_item(user, item):
        return False
    return (
        user.has_perm("evidence.view_all_evidence")
        or user.pk in (item.submitted_by_id, item.collected_by_id)
        or item.case_links.filter(case__members__user=user).exists()
    )


def set_protection(
    *,
    item: EvidenceItem,
    actor: User,
    level: str,
    reason: str,
    until: dt.datetime | None = None,
    after: str | None = None,
) -> EvidenceItem:
    """Set ``item``'s level, and optionally the date from which it lifts to
    ``after`` (the next lower level by default). Recorded in the custody log."""
    if not can_change_protection(actor, item):
        access.deny(actor, target=f"protection of {item.reference}")
        raise access.AccessDenied("you may not change this item's protection")
    if level not in LEVELS:
        raise ProtectionError(f"unknown protection level {level!r}")
    if not reason.strip():
        raise ProtectionError("say why the protection changes")
    if until is None:
        after = ""
    else:
        if timezone.is_naive(until):
            raise ProtectionError("the lift date needs a time zone")
        after = after or next_lower(level)
        if after is None:
            raise ProtectionError("public items have no protection to lift")
        if after not in LEVELS or LEVELS.index(after) >= LEVELS.index(level):
            raise ProtectionError(
                f"a protection lifts to a lower level than {level}, not {after!r}"
            )
    with transaction.atomic():
        item = EvidenceItem.objects.select_for_update().get(pk=item.pk)
        before = {
            "level": item.sensitivity,
            "until": _iso(item.sensitivity_until),
            "after": item.sensitivity_after,
        }
        item.sensitivity, item.sensitivity_until, item.sensitivity_after = (
            level,
            until,
            after,
        )
        item.full_clean(validate_unique=False)
        item.save(
            update_fields=["sensitivity", "sensitivity_until", "sensitivity_after"]
        )
        events.record_protection_change(
            item=item,
            actor=actor,
            details={
                "level": level,
                "until": _iso(until),
                "after": after,
                "before": before,
                "reason": reason,
            },
        )
        audit.record(
            SecurityEvent.Kind.PROTECTION_CHANGED,
            user=actor,
            target=f"{item.reference}: {before['level']} -> {level}",
            details={"until": _iso(until), "after": after},
        )
    return item


def _iso(when: dt.datetime | None) -> str:
    return when.astimezone(dt.UTC).isoformat() if when else ""
