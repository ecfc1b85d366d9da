"""Evidence items, the blobs holding their bytes, and derivatives made from them."""

from django.conf import settings
from django.db import models


class Blob(models.Model):
    """Bytes stored once under their SHA-256, shared by every item that has them."""

    sha256 = models.CharField(max_length=64, unique=True)
    sha512 = models.CharField(max_length=128)
    md5 = models.CharField(max_length=32, blank=True)
    size = models.BigIntegerField()
    mime_type = models.CharField(max_length=255, help_text="Sniffed from the bytes.")
    mime_description = models.CharField(max_length=500, blank=True)
    store_key = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__gte=0), name="blob_size_gte_0"
            )
        ]

    def __str__(self) -> str:
        return self.sha256


class SourceType(models.TextChoices):
    WITNESS = "witness", "Witness"
    OPEN_SOURCE = "open_source", "Open-source (URL)"
    PARTNER = "partner", "Partner organisation"
    CONFIDENTIAL_TIP = "confidential_tip", "Confidential tip"
    OTHER = "other", "Other"


class Sensitivity(models.TextChoices):
    PUBLIC = "public", "Public"
    RESTRICTED = "restricted", "Restricted"
    CONFIDENTIAL = "confidential", "Confidential"
    WITNESS_IDENTIFYING = "witness", "Witness-identifying"


class ProcessingStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    NOT_APPLICABLE = "n/a", "Not applicable"


class EvidenceItem(models.Model):
    """One submission of evidence: who gave which bytes, when, and on what terms.

    The same bytes received from two sources are two items sharing one blob: each
    source independently corroborates the other.
    """

    reference = models.CharField(max_length=40, unique=True)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="items")
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    original_filename = models.CharField(
        max_length=1024,
        blank=True,
        help_text="As claimed by the uploader; never trusted.",
    )

    source_type = models.CharField(max_length=20, choices=SourceType.choices)
    source_note = models.TextField(blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collected_items",
    )
    collected_at = models.DateTimeField(null=True, blank=True)
    collected_place = models.CharField(max_length=500, blank=True)
    consent_court = models.BooleanField("may be shared with courts", default=False)
    consent_publish = models.BooleanField("may be published", default=False)
    language = models.CharField(max_length=35, blank=True, help_text="BCP 47 tag.")
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.RESTRICTED
    )
    # A protection level may lapse: from ``sensitivity_until`` on, the item is
    # treated as ``sensitivity_after`` (a lower level). evidence/access.py applies
    # it in SQL; evidence/protection.py sets both, with a custody event.
    sensitivity_until = models.DateTimeField(
        "protection lifted at", null=True, blank=True, db_index=True
    )
    sensitivity_after = models.CharField(
        "level once lifted", max_length=20, choices=Sensitivity.choices, blank=True
    )

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submitted_items",
    )
    submitted_at = models.DateTimeField(db_index=True)
    # Where a bulk ingest read the file from, so a re-run can skip what it has done.
    ingest_path = models.CharField(max_length=4096, blank=True, db_index=True)

    metadata_status = models.CharField(
        max_length=10,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.PENDING,
    )
    derivatives_status = models.CharField(
        max_length=10,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.PENDING,
    )
    metadata = models.JSONField(default=dict, blank=True)
    capture_time = models.DateTimeField(null=True, blank=True, db_index=True)
    capture_utc_offset = models.CharField(max_length=6, blank=True)
    gps_latitude = models.FloatField(null=True, blank=True)
    gps_longitude = models.FloatField(null=True, blank=True)
    gps_altitude = models.FloatField(null=True, blank=True)
    device_make = models.CharField(max_length=200, blank=True)
    device_model = models.CharField(max_length=200, blank=True)
    device_serial = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    extracted_text = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("view_witness_identifying", "Can view witness-identifying evidence"),
            ("download_original", "Can download original evidence files"),
            ("view_all_evidence", "Can see every item, whatever its case"),
            ("change_protection", "Can change an item's protection level"),
        ]
        indexes = [models.Index(fields=["source_type", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gps_latitude__isnull=True)
                | models.Q(gps_latitude__gte=-90, gps_latitude__lte=90),
                name="item_gps_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(gps_longitude__isnull=True)
                | models.Q(gps_longitude__gte=-180, gps_longitude__lte=180),
                name="item_gps_longitude_range",
            ),
            # A lift date comes with the lower level it lifts to, and only with it.
            models.CheckConstraint(
                condition=models.Q(sensitivity_until__isnull=True, sensitivity_after="")
                | models.Q(
                    sensitivity_until__isnull=False,
                    sensitivity="restricted",
                    sensitivity_after="public",
                )
                | models.Q(
                    sensitivity_until__isnull=False,
                    sensitivity="confidential",
                    sensitivity_after__in=["public", "restricted"],
                )
                | models.Q(
                    sensitivity_until__isnull=False,
                    sensitivity="witness",
                    sensitivity_after__in=["public", "restricted", "confidential"],
                ),
                name="item_protection_lifts_to_a_lower_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def has_gps(self) -> bool:
        return self.gps_latitude is not None and self.gps_longitude is not None


class Derivative(models.Model):
    """A file made from an item's original by a recorded recipe (never the original)."""

    class Kind(models.TextChoices):
        THUMBNAIL = "thumbnail", "Thumbnail"
        PREVIEW = "preview", "Preview"
        REDACTED = "redacted", "Redacted version"
        PUBLIC = "public", "Public exhibit"

    item = models.ForeignKey(
        EvidenceItem, on_delete=models.PROTECT, related_name="derivatives"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="derived_as")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    recipe = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # Redacted and public versions are numbered, made by one person and approved by
    # another before they may leave the archive; made-by-machine kinds stay version 1.
    version = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        permissions = [
            (
                "approve_redaction",
                "Can approve another person's redacted or public version",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "version"], name="derivative_item_kind_version"
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("created_by")),
                name="derivative_approved_by_another",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.item.reference}"


class ImageFingerprint(models.Model):
    """An image's 64-bit perceptual hash, split into eight bytes for lookup.

    Two hashes within Hamming distance 7 share at least one byte in the same place
    (pigeonhole), so near duplicates are found through eight indexed equality
    lookups instead of a scan of every image.
    """

    item = models.OneToOneField(
        EvidenceItem,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="fingerprint",
    )
    phash = models.CharField(max_length=16)
    band0 = models.PositiveSmallIntegerField(db_index=True)
    band1 = models.PositiveSmallIntegerField(db_index=True)
    band2 = models.PositiveSmallIntegerField(db_index=True)
    band3 = models.PositiveSmallIntegerField(db_index=True)
    band4 = models.PositiveSmallIntegerField(db_index=True)
    band5 = models.PositiveSmallIntegerField(db_index=True)
    band6 = models.PositiveSmallIntegerField(db_index=True)
    band7 = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self) -> str:
        return self.phash


class ReferenceCounter(models.Model):
    """The last reference number issued for a prefix and year."""

    prefix = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="reference_prefix_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"
