"""A situation's assessment: the Ten Stages, risk indicators, earlier assessments."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from findings.stages import AlertLevel, Stage, StageStatus


class StageAssessment(Orderable):
    """Where the situation stands on one of the Ten Stages, and on what evidence."""

    page = ParentalKey(
        "findings.SituationPage", on_delete=models.CASCADE, related_name="stages"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    status = models.CharField(max_length=20, choices=StageStatus.choices)
    note = models.TextField(
        _("evidence-based note"),
        help_text=_("What was observed, and the public sources or findings behind it."),
    )

    panels = [FieldPanel("stage"), FieldPanel("status"), FieldPanel("note")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_status_display()}"


class RiskIndicator(Orderable):
    """A measured risk factor, such as a statistical risk of mass killing."""

    page = ParentalKey(
        "findings.SituationPage", on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(max_length=200)
    value = models.CharField(max_length=100)
    source = models.CharField(max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("value"), FieldPanel("source")]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class EarlierAssessment(Orderable):
    """A past assessment of the situation, kept public as its history."""

    page = ParentalKey(
        "findings.SituationPage",
        on_delete=models.CASCADE,
        related_name="earlier_assessments",
    )
    assessed_on = models.DateField()
    alert_level = models.CharField(max_length=20, choices=AlertLevel.choices)
    summary = models.TextField()

    panels = [
        FieldPanel("assessed_on"),
        FieldPanel("alert_level"),
        FieldPanel("summary"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["-assessed_on", "sort_order"]

    def __str__(self) -> str:
        return f"{self.assessed_on}: {self.alert_level}"
