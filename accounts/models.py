"""Staff accounts. API tokens are Wagtail's ``APIToken`` (hashed, revocable)."""

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A member of staff. Deactivated, never deleted: custody records cite them."""

    # The only actor identifier that enters the custody ledger: it says the same
    # person acted twice without saying who they are.
    custody_pid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        db_table = "accounts_user"


class SecurityEvent(models.Model):
    """The security audit log: sign-ins, lockouts, second-factor changes, refusals.

    Separate from the custody ledger: these rows concern people, not evidence, and
    administrators read them to spot attacks on accounts.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", "signed in"
        LOGIN_FAILED = "login_failed", "sign-in failed"
        LOGOUT = "logout", "signed out"
        LOCKOUT = "lockout", "account locked"
        SECOND_FACTOR_ENROLLED = "2fa_enrolled", "second factor enrolled"
        SECOND_FACTOR_VERIFIED = "2fa_verified", "second factor verified"
        SECOND_FACTOR_FAILED = "2fa_failed", "second factor refused"
        RECOVERY_CODE_USED = "recovery_used", "recovery code used"
        RECOVERY_CODES_RENEWED = "recovery_renewed", "recovery codes renewed"
        ACCESS_DENIED = "access_denied", "access denied"
        TOKEN_REFUSED = "token_refused", "API token refused"
        TOKEN_ISSUED = "token_issued", "API token issued"
        TOKEN_REVOKED = "token_revoked", "API token revoked"
        PROTECTION_CHANGED = "protection", "protection level changed"

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    route = models.CharField(max_length=500, blank=True)
    target = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class TokenPolicy(models.Model):
    """What a Wagtail API token may do, and until when."""

    class Scope(models.TextChoices):
        READ = "read", "read"
        WRITE = "write", "read and write"

    token = models.OneToOneField(
        "wagtailcore.APIToken", on_delete=models.CASCADE, related_name="policy"
    )
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField()
    cases = models.ManyToManyField(
        "cases.Case",
        blank=True,
        related_name="+",
        help_text="If any, the token reaches only these cases and their evidence.",
    )

    def __str__(self) -> str:
        return f"{self.scope} until {self.expires_at:%Y-%m-%d}"
