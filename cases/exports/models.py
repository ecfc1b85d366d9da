"""The persistent ERN registry, each export's record, and per-case disclosure."""

import uuid

from django.conf import settings
from django.db import models


class ErnCounter(models.Model):
    """The last batch opened and the last page numbered under one ERN prefix."""

    prefix = models.CharField(max_length=40, unique=True)
    batch = models.PositiveIntegerField(default=0)
    last_page = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: batch {self.batch}, page {self.last_page}"


class ErnAssignment(models.Model):
    """An item's evidence reference numbers: one per page, kept across exports."""

    item = models.OneToOneField(
        "evidence.EvidenceItem", on_delete=models.PROTECT, related_name="ern"
    )
    prefix = models.CharField(max_length=40)
    batch = models.PositiveIntegerField()
    first_page = models.PositiveIntegerField()
    last_page = models.PositiveIntegerField()
    assigned_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "batch", "first_page"], name="ern_once"
            ),
            models.CheckConstraint(
                condition=models.Q(first_page__gte=1)
                & models.Q(last_page__gte=models.F("first_page")),
                name="ern_pages_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.first

    def number(self, page: int) -> str:
        """The ERN of the item's ``page`` (1-based)."""
        return f"{self.prefix}-{self.batch:04d}-{self.first_page + page - 1:04d}"

    @property
    def first(self) -> str:
        return self.number(1)

    @property
    def last(self) -> str:
        return self.number(self.pages)

    @property
    def pages(self) -> int:
        return self.last_page - self.first_page + 1

    @property
    def range(self) -> str:
        return self.first if self.pages == 1 else f"{self.first} – {self.last}"


class DisclosureCategory(models.TextChoices):
    INCRIMINATING = "incriminating", "incriminating"
    EXCULPATORY = "exculpatory", "potentially exculpatory (art. 67(2))"
    RULE77 = "rule77", "material to the defence (rule 77)"


class Confidentiality(models.TextChoices):
    PUBLIC = "public", "public"
    CONFIDENTIAL = "confidential", "confidential"
    UNDER_SEAL = "under_seal", "under seal"
    EX_PARTE = "ex_parte", "ex parte"


class CaseItemDisclosure(models.Model):
    """How one item of a case is to be disclosed, where the team has decided it.

    Without a row, the category follows the item's links (an undermining link makes
    it potentially exculpatory) and the confidentiality its sensitivity.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        "evidence.EvidenceItem", on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(max_length=15, choices=DisclosureCategory.choices)
    confidentiality = models.CharField(max_length=15, choices=Confidentiality.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "item"], name="disclosure_once_per_case_item"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=DisclosureCategory.values),
                name="disclosure_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(confidentiality__in=Confidentiality.values),
                name="disclosure_confidentiality_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} in {self.case_id}: {self.category}"


class Export(models.Model):
    """One court bundle: what was asked, how far it got, and where it lies."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        RUNNING = "running", "running"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    options = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    path = models.CharField(max_length=1000, blank=True)
    item_count = models.PositiveIntegerField(default=0)
    size = models.BigIntegerField(default=0)
    bag_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of tagmanifest-sha256.txt."
    )
    file_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the zip, when zipped."
    )
    checkpoint = models.ForeignKey(
        "chain_of_custody.Checkpoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="export_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The bundle's name: case reference and the export's short id."""
        return f"{self.case.reference}-export-{str(self.id)[:8]}"

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.DONE else 0
        return int(100 * self.progress_done / self.progress_total)
