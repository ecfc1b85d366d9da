"""Writing the security audit log, and the request route it cites."""

from __future__ import annotations

import contextvars
from typing import Any

from accounts.models import SecurityEvent

_route: contextvars.ContextVar[str] = contextvars.ContextVar("route", default="")


def record(
    kind: str,
    *,
    user=None,
    username: str = "",
    target: str = "",
    details: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Append one security event; the route comes from the current request."""
    if user is not None and not user.is_authenticated:
        user = None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=username or (user.get_username() if user else ""),
        route=_route.get(),
        target=target[:200],
        details=details or {},
    )


class RouteMiddleware:
    """Remembers the current request's method and path for the audit log."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _route.set(f"{request.method} {request.path}"[:500])
        try:
            return self.get_response(request)
        finally:
            _route.reset(token)


def on_login(sender, request, user, **kwargs) -> None:
    record(SecurityEvent.Kind.LOGIN, user=user)


def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(SecurityEvent.Kind.LOGOUT, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # The password never enters the log; the name tried does.
    record(
        SecurityEvent.Kind.LOGIN_FAILED, username=str(credentials.get("username", ""))
    )


def on_lockout(sender, request, username, **kwargs) -> None:
    record(SecurityEvent.Kind.LOCKOUT, username=username or "")
