"""API tokens: Wagtail's hashed, revocable tokens, with a scope and an expiry."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from accounts import audit
from accounts.models import SecurityEvent, TokenPolicy, User

# A token made in the Wagtail admin without a policy may read, for this long.
DEFAULT_LIFETIME = dt.timedelta(days=90)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def issue_token(
    *, user: User, name: str, scope: str = TokenPolicy.Scope.READ, days: int = 90
) -> tuple[APIToken, str]:
    """Create a token and return it with its secret, which is shown only once."""
    token, plaintext = APIToken.create_token(user=user, name=name)
    TokenPolicy.objects.create(
        token=token, scope=scope, expires_at=timezone.now() + dt.timedelta(days=days)
    )
    return token, plaintext


def policy_of(token: APIToken) -> TokenPolicy:
    policy = TokenPolicy.objects.filter(token=token).first()
    return policy or TokenPolicy(
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
        return api_token
