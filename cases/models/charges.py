"""Charges and the evidence links that prove or undermine them."""

from django.conf import settings
from django.db import models


class Charge(models.Model):
    """A suspect, a crime from the catalogue, a mode of liability, and the incidents
    it rests on. Its elements are the crime's and the mode's."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="charges"
    )
    suspect = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, related_name="charges"
    )
    crime = models.ForeignKey("cases.Crime", on_delete=models.PROTECT, related_name="+")
    mode = models.ForeignKey(
        "cases.LiabilityMode", on_delete=models.PROTECT, related_name="+"
    )
    incidents = models.ManyToManyField(
        "cases.Incident", blank=True, related_name="charges"
    )
    particulars = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "suspect", "crime", "mode"], name="charge_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.suspect}: {self.crime} ({self.mode.article})"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "supports"
    UNDERMINES = "undermines", "undermines"


def _all_or_none(*fields: str) -> models.Q:
    return models.Q(**{f"{f}__isnull": True for f in fields}) | models.Q(
        **{f"{f}__isnull": False for f in fields}
    )


class EvidenceLink(models.Model):
    """An item, pinpointed, that supports or undermines one target: an element of a
    charge, an incident or a person. Never deleted: a retraction keeps the link
    visible with who retracted it, when and why."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="evidence_links"
    )
    item = models.ForeignKey(
        "evidence.EvidenceItem", on_delete=models.PROTECT, related_name="case_links"
    )
    charge = models.ForeignKey(
        Charge, on_delete=models.PROTECT, null=True, blank=True, related_name="links"
    )
    element = models.ForeignKey(
        "cases.Element",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="links",
    )
    incident = models.ForeignKey(
        "cases.Incident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="links",
    )
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="links",
    )
    stance = models.CharField(max_length=10, choices=Stance.choices)

    # The pinpoint: pages of a document, seconds of a recording, a region of an
    # image in pixels of the original. Any combination, or none for the whole item.
    page_from = models.PositiveIntegerField(null=True, blank=True)
    page_to = models.PositiveIntegerField(null=True, blank=True)
    time_from = models.FloatField(null=True, blank=True, help_text="Seconds.")
    time_to = models.FloatField(null=True, blank=True, help_text="Seconds.")
    region_x = models.PositiveIntegerField(null=True, blank=True)
    region_y = models.PositiveIntegerField(null=True, blank=True)
    region_width = models.PositiveIntegerField(null=True, blank=True)
    region_height = models.PositiveIntegerField(null=True, blank=True)

    probative_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    retracted_at = models.DateTimeField(null=True, blank=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    retraction_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["case", "charge", "element", "stance"], name="link_matrix_cell"
            ),
            models.Index(fields=["item", "case"], name="link_item_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    charge__isnull=False,
                    element__isnull=False,
                    incident__isnull=True,
                    person__isnull=True,
                )
                | models.Q(
                    charge__isnull=True,
                    element__isnull=True,
                    incident__isnull=False,
                    person__isnull=True,
                )
                | models.Q(
                    charge__isnull=True,
                    element__isnull=True,
                    incident__isnull=True,
                    person__isnull=False,
                ),
                name="link_has_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(stance__in=Stance.values), name="link_stance_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(page_from__isnull=True, page_to__isnull=True)
                | models.Q(page_from__gte=1, page_to__isnull=True)
                | models.Q(page_from__gte=1, page_to__gte=models.F("page_from")),
                name="link_pages_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(time_from__isnull=True, time_to__isnull=True)
                | models.Q(time_from__gte=0, time_to__isnull=True)
                | models.Q(time_from__gte=0, time_to__gte=models.F("time_from")),
                name="link_times_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(region_x__isnull=True)
                & _all_or_none("region_x", "region_y", "region_width", "region_height")
                | models.Q(
                    region_x__isnull=False,
                    region_y__isnull=False,
                    region_width__gt=0,
                    region_height__gt=0,
                ),
                name="link_region_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    retracted_at__isnull=True,
                    retracted_by__isnull=True,
                    retraction_reason="",
                )
                | (
                    models.Q(retracted_at__isnull=False, retracted_by__isnull=False)
                    & ~models.Q(retraction_reason="")
                ),
                name="link_retraction_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.stance} link {self.pk}"

    def delete(self, *args, **kwargs):
        raise RuntimeError("evidence links are retracted, never deleted")

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def pinpoint(self) -> str:
        return describe_pinpoint(self)


def describe_pinpoint(link) -> str:
    """The pinpoint as a lawyer cites it: "pp. 3-5", "00:01:10-00:02:00", "region"."""
    parts = []
    if link.page_from is not None:
        if link.page_to is not None and link.page_to != link.page_from:
            parts.append(f"pp. {link.page_from}-{link.page_to}")
        else:
            parts.append(f"p. {link.page_from}")
    if link.time_from is not None:
        span = _clock(link.time_from)
        if link.time_to is not None and link.time_to != link.time_from:
            span += f"-{_clock(link.time_to)}"
        parts.append(span)
    if link.region_x is not None:
        parts.append(
            f"region {link.region_width}×{link.region_height}"
            f"+{link.region_x}+{link.region_y}"
        )
    return ", ".join(parts) or "whole item"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
