"""What a finding page shows beside its narrative: exhibits, incidents, corrections."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class FindingExhibit(Orderable):
    """An approved public derivative of an evidence item, shown on a finding.

    The original and every other derivative stay in the archive; only this file is
    served, and only while the page that shows it is live.
    """

    page = ParentalKey(
        "findings.FindingPage", on_delete=models.CASCADE, related_name="exhibits"
    )
    derivative = models.ForeignKey(
        "evidence.Derivative",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "public", "approved_at__isnull": False},
        help_text=_("An approved public version (redacted, metadata stripped)."),
    )
    # Blank while drafting; publication refuses an exhibit without it.
    alt_text = models.CharField(
        _("alternative text"),
        max_length=500,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = models.TextField(blank=True)

    panels = [FieldPanel("derivative"), FieldPanel("alt_text"), FieldPanel("caption")]

    def __str__(self) -> str:
        return f"Exhibit {self.derivative_id} on page {self.page_id}"


class FindingIncident(Orderable):
    """An incident of a case the finding rests on.

    The page shows the incident's title, date, place and victim estimate only:
    nothing of its witnesses, evidence links or confidential description.
    """

    page = ParentalKey(
        "findings.FindingPage", on_delete=models.CASCADE, related_name="incidents"
    )
    incident = models.ForeignKey(
        "cases.Incident", on_delete=models.PROTECT, related_name="+"
    )
    public_note = models.TextField(
        blank=True, help_text=_("What the public page says about this incident.")
    )

    panels = [FieldPanel("incident"), FieldPanel("public_note")]

    def __str__(self) -> str:
        return f"Incident {self.incident_id} on page {self.page_id}"


class FindingCorrection(Orderable):
    """One entry of a finding's public corrections log."""

    page = ParentalKey(
        "findings.FindingPage", on_delete=models.CASCADE, related_name="corrections"
    )
    corrected_on = models.DateField(_("corrected on"))
    text = models.TextField(_("what was corrected"))

    panels = [FieldPanel("corrected_on"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        ordering = ["-corrected_on", "sort_order"]

    def __str__(self) -> str:
        return f"Correction of {self.corrected_on}"
