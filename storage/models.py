"""Where each blob's copies are, how recently each was re-hashed, what was found bad.

Rows here describe copies; the bytes live in the stores and the acts on them
(replication, fixity checks, quarantine, repair) in the custody log.
"""

from django.db import models


class CopyStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PRESENT = "present", "Present"
    QUARANTINED = "quarantined", "Quarantined"


class BlobCopy(models.Model):
    """One blob in one store: the primary copy or a replica."""

    blob = models.ForeignKey(
        "evidence.Blob", on_delete=models.PROTECT, related_name="copies"
    )
    store = models.CharField(max_length=64, help_text="Alias of the blob store.")
    status = models.CharField(
        max_length=12, choices=CopyStatus.choices, default=CopyStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    copied_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_fixity_at = models.DateTimeField(null=True, blank=True)
    last_fixity_ok = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blob", "store"], name="blob_copy_unique")
        ]
        indexes = [
            models.Index(fields=["store", "status", "last_fixity_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.blob_id} in {self.store} ({self.status})"


class Quarantine(models.Model):
    """A copy found missing or changed: taken out of service, kept, then repaired."""

    blob = models.ForeignKey(
        "evidence.Blob", on_delete=models.PROTECT, related_name="quarantines"
    )
    store = models.CharField(max_length=64)
    detected_at = models.DateTimeField()
    problem = models.TextField()
    found_sha256 = models.CharField(max_length=64, blank=True)
    kept_at = models.TextField(
        blank=True, help_text="Where the bad copy is kept, as found."
    )
    repaired_at = models.DateTimeField(null=True, blank=True)
    repaired_from = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-detected_at"]

    def __str__(self) -> str:
        return f"{self.blob_id} in {self.store}: {self.problem}"
