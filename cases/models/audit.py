"""A case's audit history: who did what, when, with the state before and after.

Entries outlive their subjects (no cascades) and are never changed once written. An
action id groups the entries one user action wrote.
"""

import uuid

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CASE_CREATED = "case.created", "case created"
    MEMBER_ADDED = "member.added", "member added"
    PERSON_ADDED = "person.added", "person added"
    PERSON_CHANGED = "person.changed", "person changed"
    NAME_ADDED = "person.name_added", "name or alias added"
    NAME_CHANGED = "person.name_changed", "name or alias changed"
    POSITION_ADDED = "position.added", "position added"
    POSITION_CHANGED = "position.changed", "position changed"
    ORGANISATION_ADDED = "organisation.added", "organisation added"
    ORGANISATION_CHANGED = "organisation.changed", "organisation changed"
    COMMAND_ADDED = "command.added", "command relationship added"
    COMMAND_CHANGED = "command.changed", "command relationship changed"
    INCIDENT_ADDED = "incident.added", "incident added"
    INCIDENT_CHANGED = "incident.changed", "incident changed"
    CHARGE_ADDED = "charge.added", "charge added"
    LINK_ADDED = "link.added", "evidence linked"
    LINK_RETRACTED = "link.retracted", "evidence link retracted"
    WITNESS_ADDED = "witness.added", "witness registered"
    IDENTITY_RECORDED = "identity.recorded", "witness identity recorded"
    IDENTITY_READ = "identity.read", "witness identity read"
    CONSENT_RECORDED = "consent.recorded", "consent recorded"
    EXPORTED = "matrix.exported", "proof matrix exported"
    DISCLOSURE_DECIDED = "disclosure.decided", "disclosure decided"
    STATEMENT_ADDED = "statement.added", "witness statement added"


class CaseAuditEntry(models.Model):
    action_id = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="audit_entries"
    )
    action = models.CharField(max_length=30, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(editable=False, db_index=True)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    summary = models.CharField(max_length=500)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "case audit entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AuditAction.values),
                name="audit_action_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.summary}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("audit entries are written once, never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit entries are never deleted")
