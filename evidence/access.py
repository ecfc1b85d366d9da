"""Who may see and do what with evidence. Every read of evidence asks here.

Views, the API, search and exports call these functions; nothing else decides.
A refused read of a specific item answers 404, so it does not confirm the item exists.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from evidence.models import EvidenceItem, Sensitivity

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class AccessDenied(Exception):
    """The user may not do this; the message is meant for them."""


def _is_staff_user(user: User | AnonymousUser) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_submit(user: User | AnonymousUser) -> bool:
    return _is_staff_user(user) and user.has_perm("evidence.add_evidenceitem")


def visible_items(user: User | AnonymousUser) -> QuerySet[EvidenceItem]:
    """Every item the user may see; the base of every evidence listing and search.

    Public and restricted items are open to all staff who read evidence, so that
    analysts can find what to build cases on. A confidential or witness-identifying
    item is open only to whoever submitted or collected it, to the team of every
    case it is linked to, and to custodians holding ``view_all_evidence``;
    witness-identifying items also need ``view_witness_identifying``. The level
    is the one in force now: a lifted protection counts as the lower level. A
    caller signed in with a case-scoped API token (``user.token_cases``) sees only
    the items linked to those cases.
    """
    condition = visibility(user)
    if condition is None:
        return EvidenceItem.objects.none()
    return EvidenceItem.objects.filter(condition)


def visibility(user: User | AnonymousUser) -> Q | None:
    """The condition of ``visible_items`` (``None``: the user sees no item).

    It reads only the item's primary key and its ``sensitivity``,
    ``sensitivity_until``, ``sensitivity_after``, ``submitted_by`` and
    ``collected_by`` columns, so that search applies the very same condition to
    its rows, which mirror these columns under the same names
    (``search.models.EvidenceRow``). A condition on any other column makes
    search fail loudly (a ``FieldError``), never answer more than this allows.
    """
    if not _is_staff_user(user) or not user.has_perm("evidence.view_evidenceitem"):
        return None
    now = timezone.now()
    condition = Q()
    if not user.has_perm("evidence.view_all_evidence"):
        condition &= (
            at_levels([Sensitivity.PUBLIC, Sensitivity.RESTRICTED], now)
            | Q(submitted_by=user)
            | Q(collected_by=user)
            | Exists(_links_in_cases_of(user))
        )
    token_cases = getattr(user, "token_cases", None)
    if token_cases is not None:
        condition &= Q(Exists(_links_in(token_cases)))
    if not user.has_perm("evidence.view_witness_identifying"):
        condition &= at_levels(
            [Sensitivity.PUBLIC, Sensitivity.RESTRICTED, Sensitivity.CONFIDENTIAL],
            now,
        )
    return condition


def at_levels(levels: list[str], now: dt.datetime) -> Q:
    """Items whose protection level in force at ``now`` is one of ``levels``.

    Until its lift date an item is at ``sensitivity``; from that date on, at
    ``sensitivity_after``.
    """
    in_force = Q(sensitivity_until__isnull=True) | Q(sensitivity_until__gt=now)
    return (in_force & Q(sensitivity__in=levels)) | Q(
        sensitivity_until__lte=now, sensitivity_after__in=levels
    )


def _links_in_cases_of(user: User) -> QuerySet:
    # Looked up by name: cases builds on evidence, not the other way round.
    link_model = apps.get_model("cases", "EvidenceLink")
    return link_model.objects.filter(item=OuterRef("pk"), case__members__user=user)


def _links_in(case_ids: frozenset[int]) -> QuerySet:
    link_model = apps.get_model("cases", "EvidenceLink")
    return link_model.objects.filter(item=OuterRef("pk"), case_id__in=case_ids)


def can_view_item(user: User | AnonymousUser, item: EvidenceItem) -> bool:
    return visible_items(user).filter(pk=item.pk).exists()


def can_download_original(user: User | AnonymousUser, item: EvidenceItem) -> bool:
    return can_view_item(user, item) and user.has_perm("evidence.download_original")


def can_audit_custody(user: User | AnonymousUser) -> bool:
    """Auditors read the custody record of every item without opening any content."""
    return _is_staff_user(user) and user.has_perm("chain_of_custody.view_custodyevent")


def can_read_custody(user: User | AnonymousUser, item: EvidenceItem) -> bool:
    """Whether ``user`` may read the custody record (events, hashes) of ``item``."""
    return can_audit_custody(user) or can_view_item(user, item)


def get_custody_item(user: User | AnonymousUser, **lookup: object) -> EvidenceItem:
    """The item whose custody record ``user`` may read; 404 otherwise.

    The caller shows only what custody holds (reference, hashes, events) unless
    ``can_view_item`` also allows the content.
    """
    item = EvidenceItem.objects.select_related("blob").filter(**lookup).first()
    if item is None or not can_read_custody(user, item):
        deny(
            user,
            target="custody of evidence "
            + ", ".join(f"{k}={v}" for k, v in lookup.items()),
        )
        raise Http404("No such evidence item.")
    return item


def get_visible_item(user: User | AnonymousUser, **lookup: object) -> EvidenceItem:
    """The item matching ``lookup`` if the user may see it; 404 otherwise."""
    item = (
        EvidenceItem.objects.select_related("blob", "submitted_by", "collected_by")
        .filter(**lookup)
        .first()
    )
    if item is None or not can_view_item(user, item):
        deny(
            user, target="evidence " + ", ".join(f"{k}={v}" for k, v in lookup.items())
        )
        raise Http404("No such evidence item.")
    return item


def deny(user: User | AnonymousUser, *, target: str) -> None:
    """Record a refused read in the security audit log (who, what, which route)."""
    from accounts import audit
    from accounts.models import SecurityEvent

    audit.record(SecurityEvent.Kind.ACCESS_DENIED, user=user, target=target)
