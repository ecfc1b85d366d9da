"""What happened, when, where and to whom."""

from django.db import models

from cases.models.precision import PlacePrecision, Precision, ends_after_starts


class TargetedGroup(models.Model):
    """A group targeted in a case. The kind matters in law: genocide protects only
    national, ethnical, racial and religious groups; persecution protects more."""

    class Kind(models.TextChoices):
        NATIONAL = "national", "national"
        ETHNICAL = "ethnical", "ethnical"
        RACIAL = "racial", "racial"
        RELIGIOUS = "religious", "religious"
        POLITICAL = "political", "political"
        OTHER = "other", "other"

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="targeted_groups"
    )
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["case", "name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="targeted_group_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class Incident(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="incidents"
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    start_at = models.DateTimeField(null=True, blank=True)
    start_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )
    end_at = models.DateTimeField(null=True, blank=True)
    end_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )
    place_name = models.CharField(max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    place_precision = models.CharField(
        max_length=12, choices=PlacePrecision.choices, blank=True
    )
    victims_estimate = models.PositiveIntegerField(null=True, blank=True)
    victims_min = models.PositiveIntegerField(null=True, blank=True)
    victims_max = models.PositiveIntegerField(null=True, blank=True)
    targeted_groups = models.ManyToManyField(
        TargetedGroup, blank=True, related_name="incidents"
    )
    crimes = models.ManyToManyField(
        "cases.Crime",
        blank=True,
        related_name="+",
        help_text="The crimes the incident may amount to.",
    )

    class Meta:
        ordering = ["case", "start_at", "id"]
        constraints = [
            ends_after_starts("incident", "start_at", "end_at"),
            models.CheckConstraint(
                condition=models.Q(start_at__isnull=True, start_precision="")
                | models.Q(start_at__isnull=False) & ~models.Q(start_precision=""),
                name="incident_start_has_precision",
            ),
            models.CheckConstraint(
                condition=models.Q(end_at__isnull=True, end_precision="")
                | models.Q(end_at__isnull=False) & ~models.Q(end_precision=""),
                name="incident_end_has_precision",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="incident_coordinates_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | ~models.Q(place_precision=""),
                name="incident_coordinates_have_precision",
            ),
            models.CheckConstraint(
                condition=models.Q(victims_min__isnull=True)
                | models.Q(victims_max__isnull=True)
                | models.Q(victims_min__lte=models.F("victims_max")),
                name="incident_victims_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(victims_estimate__isnull=True)
                | (
                    (
                        models.Q(victims_min__isnull=True)
                        | models.Q(victims_min__lte=models.F("victims_estimate"))
                    )
                    & (
                        models.Q(victims_max__isnull=True)
                        | models.Q(victims_max__gte=models.F("victims_estimate"))
                    )
                ),
                name="incident_victims_estimate_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None
