"""How precisely a date or a place is known: investigators rarely know either exactly,
and a court must not be shown more precision than the evidence gives."""

from django.db import models


class Precision(models.TextChoices):
    MINUTE = "minute", "to the minute"
    HOUR = "hour", "to the hour"
    DAY = "day", "to the day"
    MONTH = "month", "to the month"
    YEAR = "year", "to the year"
    DECADE = "decade", "to the decade"


class PlacePrecision(models.TextChoices):
    EXACT = "exact", "exact (within 100 m)"
    SITE = "site", "site (within 1 km)"
    SETTLEMENT = "settlement", "town or village"
    DISTRICT = "district", "district"
    REGION = "region", "region or province"
    COUNTRY = "country", "country"


def ends_after_starts(prefix: str, start: str, end: str) -> models.CheckConstraint:
    """A period whose end, when known, is not before its start."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=f"{prefix}_{end}_after_{start}",
    )
