"""Creating cases and building their teams."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import access, history
from cases.models import AuditAction, Case, CaseMember, CaseRole, Statute

if TYPE_CHECKING:
    from accounts.models import User

DEFAULT_STATUTE = "RS"


class CaseError(ValueError):
    """The request cannot be carried out as asked; the message is for the user."""


def create_case(
    *,
    actor: User,
    reference: str,
    title: str,
    forum_kind: str,
    forum: str,
    statute: Statute | None = None,
    description: str = "",
) -> Case:
    """A new case with ``actor`` as its lead, the only member until they add more."""
    if not access.can_create_case(actor):
        raise access.AccessDenied("you may not create cases")
    reference = reference.strip()
    if not reference or not title.strip():
        raise CaseError("A case needs a reference and a title.")
    statute = statute or Statute.objects.get(code=DEFAULT_STATUTE)
    action_id = uuid.uuid4()
    now = timezone.now()
    case = Case(
        reference=reference,
        title=title.strip(),
        forum_kind=forum_kind,
        forum=forum.strip(),
        statute=statute,
        description=description,
        created_by=actor,
        created_at=now,
    )
    case.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            case.save()
            member = CaseMember.objects.create(
                case=case, user=actor, role=CaseRole.LEAD, added_by=actor, added_at=now
            )
            history.record(
                case=case,
                actor=actor,
                action=AuditAction.CASE_CREATED,
                obj=case,
                summary=f"Created case {case.reference} ({case.title})",
                after=history.snapshot(case),
                action_id=action_id,
            )
            history.record(
                case=case,
                actor=actor,
                action=AuditAction.MEMBER_ADDED,
                obj=member,
                summary=f"{actor.get_username()} joined as case lead",
                after=history.snapshot(member),
                action_id=action_id,
            )
    except IntegrityError as exc:
        raise CaseError(f"A case with reference {reference} already exists.") from exc
    return case


def add_member(*, case: Case, actor: User, user: User, role: str) -> CaseMember:
    """Put ``user`` on the case's team in ``role``; only the case lead may."""
    access.require_lead(actor, case)
    if role not in CaseRole.values:
        raise CaseError(f"Unknown case role {role!r}.")
    if not user.is_active:
        raise CaseError(f"{user.get_username()} is deactivated.")
    with transaction.atomic():
        if CaseMember.objects.filter(case=case, user=user).exists():
            raise CaseError(f"{user.get_username()} is already on the team.")
        member = CaseMember.objects.create(
            case=case, user=user, role=role, added_by=actor, added_at=timezone.now()
        )
        history.record(
            case=case,
            actor=actor,
            action=AuditAction.MEMBER_ADDED,
            obj=member,
            summary=f"Added {user.get_username()} as {member.get_role_display()}",
            after=history.snapshot(member),
        )
    return member
