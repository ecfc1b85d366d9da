"""A case and its team. Only the team sees a case (``cases/access.py``)."""

from django.conf import settings
from django.db import models


class Case(models.Model):
    class ForumKind(models.TextChoices):
        ICC = "icc", "ICC situation"
        NATIONAL = "national", "national court (universal jurisdiction)"
        OTHER = "other", "other tribunal or mechanism"

    class Status(models.TextChoices):
        INVESTIGATION = "investigation", "investigation"
        PRE_TRIAL = "pre_trial", "pre-trial"
        TRIAL = "trial", "trial"
        APPEAL = "appeal", "appeal"
        CLOSED = "closed", "closed"

    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    forum_kind = models.CharField(max_length=10, choices=ForumKind.choices)
    forum = models.CharField(
        max_length=300, help_text="The situation, or the court and its statute."
    )
    statute = models.ForeignKey(
        "cases.Statute", on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.INVESTIGATION
    )
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(forum_kind__in=["icc", "national", "other"]),
                name="case_forum_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(reference=""), name="case_reference_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class CaseRole(models.TextChoices):
    LEAD = "lead", "case lead"
    LAWYER = "lawyer", "lawyer"
    ANALYST = "analyst", "analyst"
    INVESTIGATOR = "investigator", "investigator"
    WITNESS_PROTECTION = "witness_protection", "witness protection officer"
    OBSERVER = "observer", "observer (read only)"


class CaseMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_roles"
    )
    role = models.CharField(max_length=20, choices=CaseRole.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "added_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_member_once"),
            models.CheckConstraint(
                condition=models.Q(role__in=CaseRole.values), name="case_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.case.reference}"
