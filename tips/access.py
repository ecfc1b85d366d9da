"""Who may handle confidential tips: one permission, given by the Tips inbox role."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

HANDLE_TIPS = "tips.handle_tips"


class AccessDenied(Exception):
    """The user may not do this; the message is meant for them."""


def can_handle_tips(user: User | AnonymousUser) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(HANDLE_TIPS)
    )
