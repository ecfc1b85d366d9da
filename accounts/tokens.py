"""API tokens: Wagtail's hashed, revocable tokens, with a scope, an expiry and,
optionally, the cases they reach.

A token limited to cases marks the user it authenticates with ``token_cases``, the
ids of those cases; ``evidence.access.visible_items`` and
``cases.access.visible_cases`` then return only those cases and the items linked
to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from accounts import audit
from accounts.models import SecurityEvent, TokenPolicy, User

if TYPE_CHECKING:
    from cases.models import Case

# A token made in the Wagtail admin without a policy may read, for this long.
DEFAULT_LIFETIME = dt.timedelta(days=90)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def issue_token(
    *,
    user: User,
    name: str,
    scope: str = TokenPolicy.Scope.READ,
    days: int = 90,
    cases: Iterable[Case] = (),
) -> tuple[APIToken, str]:
    """Create a token and return it with its secret, which is shown only once.

    ``cases`` limits it to those cases, which must be cases of the user's."""
    from cases.access import visible_cases

    cases = list(cases)
    foreign = {c.pk for c in cases} - set(
        visible_cases(user)
        .filter(pk__in=[c.pk for c in cases])
        .values_list("pk", flat=True)
    )
    if foreign:
        raise ValueError("a token may only be limited to the user's own cases")
    with transaction.atomic():
        token, plaintext = APIToken.create_token(user=user, name=name)
        policy = TokenPolicy.objects.create(
            token=token,
            scope=scope,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        policy.cases.set(cases)
        audit.record(
            SecurityEvent.Kind.TOKEN_ISSUED,
            user=user,
            target=token.prefix,
            details={
                "scope": scope,
                "days": days,
                "cases": [case.reference for case in cases],
            },
        )
    return token, plaintext


def tokens_of(user: User) -> QuerySet[APIToken]:
    """The user's tokens, newest first, with their policies and cases."""
    return (
        APIToken.objects.filter(user=user)
        .select_related("policy")
        .prefetch_related("policy__cases")
        .order_by("-created")
    )


def revoke_token(*, user: User, prefix: str) -> APIToken:
    """Revoke the user's own token ``prefix``; revoking twice changes nothing."""
    token = APIToken.objects.get(user=user, prefix=prefix)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(SecurityEvent.Kind.TOKEN_REVOKED, user=user, target=prefix)
    return token


def policy_of(token: APIToken) -> TokenPolicy:
    try:
        return token.policy
    except TokenPolicy.DoesNotExist:
        pass
    return TokenPolicy(
        token=token,
        scope=TokenPolicy.Scope.READ,
        expires_at=token.created + DEFAULT_LIFETIME,
    )


class ScopedBearerAuth(BearerTokenAuth):
    """Bearer tokens that expire and may be limited to reading."""

    def authenticate(self, request, token: str):
        api_token = super().authenticate(request, token)
        if api_token is None:
            audit.record(
                SecurityEvent.Kind.TOKEN_REFUSED, details={"reason": "unknown"}
            )
            return None
        policy = policy_of(api_token)
        if policy.expires_at <= timezone.now():
            audit.record(
                SecurityEvent.Kind.TOKEN_REFUSED,
                user=api_token.user,
                target=api_token.prefix,
                details={"reason": "expired"},
            )
            return None
        if (
            request.method not in SAFE_METHODS
            and policy.scope != TokenPolicy.Scope.WRITE
        ):
            raise HttpError(403, "this token may only read")
        if policy.pk is not None:
            case_ids = frozenset(policy.cases.values_list("pk", flat=True))
            if case_ids:
                request.user.token_cases = case_ids
        return api_token
