"""Who may see and do what with evidence. Every read of evidence asks here.

Views, the API, search and exports call these functions; nothing else decides.
A refused read of a specific item answers 404, so it does not confirm the item exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

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
    witness-identifying items also need ``view_witness_identifying``.
    """
    if not _is_staff_user(user) or not user.has_perm("evidence.view_evidenceitem"):
        return EvidenceItem.objects.none()
    items = EvidenceItem.objects.all()
    if not user.has_perm("evidence.view_all_evidence"):
        items = items.filter(
            Q(sensitivity__in=[Sensitivity.PUBLIC, Sensitivity.RESTRICTED])
            | Q(submitted_by=user)
            | Q(collected_by=user)
            | Exists(_links_in_cases_of(user))
        )
    if not user.has_perm("evidence.view_witness_identifying"):
        items = items.exclude(sensitivity=Sensitivity.WITNESS_IDENTIFYING)
    return items


def _links_in_cases_of(user: User) -> QuerySet:
    # Looked up by name: cases builds on evidence, not the other way round.
    link_model = apps.get_model("cases", "EvidenceLink")
    return link_model.objects.filter(item=OuterRef("pk"), case__members__user=user)


def can_view_item(user: User | AnonymousUser, item: EvidenceItem) -> bool:
    return visible_items(user).filter(pk=item.pk).exists()


def can_download_original(user: User | AnonymousUser, item: EvidenceItem) -> bool:
    return can_view_item(user, item) and user.has_perm("evidence.download_original")


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
