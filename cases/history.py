"""Writing a case's audit history, inside each operation's transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from cases.models import CaseAuditEntry

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case


def record(
    *,
    case: Case,
    actor: User | None,
    action: str,
    obj: models.Model,
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    action_id: uuid.UUID | None = None,
) -> CaseAuditEntry:
    """One audit entry: who did ``action`` to ``obj``, when, and what changed."""
    entry = CaseAuditEntry(
        action_id=action_id or uuid.uuid4(),
        case=case,
        action=action,
        actor=actor,
        actor_label=actor.get_username() if actor is not None else "system",
        at=timezone.now(),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:500],
        before=before,
        after=after,
    )
    entry.save()
    return entry


def create(
    obj: models.Model, *, case: Case, actor: User, action: str, summary: str
) -> models.Model:
    """Validate and save a new ``obj`` with its audit entry, in one transaction."""
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        record(
            case=case,
            actor=actor,
            action=action,
            obj=obj,
            summary=summary,
            after=snapshot(obj),
        )
    return obj


def update(
    obj: models.Model,
    *,
    case: Case,
    actor: User,
    action: str,
    summary: str,
    **fields: Any,
) -> models.Model:
    """Change ``fields`` of ``obj``, validated, with an audit entry holding the
    values before and after, in one transaction.

    "Before" is what is stored when the change is made, read under a lock, not what
    the caller loaded: of two corrections made at once, the history shows the
    second replacing the first.
    """
    names = list(fields)
    with transaction.atomic():
        stored = (
            type(obj)._default_manager.select_for_update(no_key=True).get(pk=obj.pk)
        )
        before = snapshot(stored, *names)
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save(update_fields=names)
        record(
            case=case,
            actor=actor,
            action=action,
            obj=obj,
            summary=summary,
            before=before,
            after=snapshot(obj, *names),
        )
    return obj


def snapshot(obj: models.Model, *names: str) -> dict[str, Any]:
    """The named fields of ``obj`` (all concrete fields by default) as JSON values."""
    fields = obj._meta.concrete_fields
    if names:
        fields = [f for f in fields if f.name in names]
    return {f.attname: _json(getattr(obj, f.attname)) for f in fields}


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    return value
