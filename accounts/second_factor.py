"""The mandatory second factor: TOTP (django-otp) with single-use recovery codes."""

from __future__ import annotations

import secrets

from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import audit
from accounts.models import SecurityEvent, User

RECOVERY_CODES = 10


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator the user is enrolling (made on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


def confirm_enrolment(*, request, user: User, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it.

    Returns fresh recovery codes (shown once) on success, None if the code is wrong.
    """
    device = pending_device(user)
    if not device.verify_token(token.strip()):
        audit.record(SecurityEvent.Kind.SECOND_FACTOR_FAILED, user=user)
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = renew_recovery_codes(user=user, record_event=False)
        audit.record(SecurityEvent.Kind.SECOND_FACTOR_ENROLLED, user=user)
    otp_login(request, device)
    return codes


def renew_recovery_codes(*, user: User, record_event: bool = True) -> list[str]:
    """Replace the user's recovery codes with ten new single-use ones."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    if record_event:
        audit.record(SecurityEvent.Kind.RECOVERY_CODES_RENEWED, user=user)
    return codes


def verify(*, request, user: User, token: str) -> bool:
    """Check a TOTP or recovery code; on success the session is fully signed in.

    A TOTP code is accepted once: django-otp remembers the last time step used, so
    a replayed code is refused. A recovery code is deleted when used.
    """
    device = match_token(user, token.strip())
    if device is None:
        audit.record(SecurityEvent.Kind.SECOND_FACTOR_FAILED, user=user)
        return False
    otp_login(request, device)
    kind = (
        SecurityEvent.Kind.RECOVERY_CODE_USED
        if isinstance(device, StaticDevice)
        else SecurityEvent.Kind.SECOND_FACTOR_VERIFIED
    )
    audit.record(kind, user=user)
    return True
