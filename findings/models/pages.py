"""The public page tree: home, findings and situations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from findings.blocks import RICH_TEXT_FEATURES, NarrativeBlock
from findings.forms import FindingPageForm
from findings.stages import AlertLevel


class PublicPage(Page):
    """A page anyone may read: served with cache headers, never with a cookie."""

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        from findings.caching import mark_public

        return mark_public(self, super().serve(request, *args, **kwargs))


class ReviewedPage(PublicPage):
    """A page that goes live only after a second person's approval (publication.py)."""

    class Meta:
        abstract = True

    def publish(self, revision, user=None, **kwargs):
        from findings.publication import publish_reviewed

        return publish_reviewed(
            page=self, revision=revision, user=user, publish=super().publish, **kwargs
        )


class HomePage(PublicPage):
    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["findings.FindingsIndexPage", "findings.SituationsIndexPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["findings"] = (
            FindingPage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-publication_date")[:5]
        )
        context["situations"] = (
            SituationPage.objects.live()
            .public()
            .descendant_of(self)
            .order_by("-assessed_on")
        )
        return context


class FindingsIndexPage(PublicPage):
    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["findings.HomePage"]
    subpage_types = ["findings.FindingPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["findings"] = (
            FindingPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-publication_date")
        )
        return context


class FindingPage(ReviewedPage):
    """A published finding: what happened, on what evidence, found how."""

    summary = models.TextField(help_text=_("Two or three sentences for the index."))
    publication_date = models.DateField()
    narrative = StreamField(NarrativeBlock(), blank=True)
    methodology = RichTextField(features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("publication_date"),
        FieldPanel("narrative"),
        InlinePanel("exhibits", label=_("Exhibits")),
        InlinePanel("incidents", label=_("Incidents")),
        FieldPanel("methodology"),
        InlinePanel("corrections", label=_("Corrections log")),
    ]
    base_form_class = FindingPageForm
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["findings.FindingsIndexPage"]
    subpage_types: list[str] = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["exhibits"] = self.exhibits.select_related(
            "derivative__blob", "derivative__item"
        )
        context["incidents"] = self.incidents.select_related("incident")
        return context


class SituationsIndexPage(PublicPage):
    intro = RichTextField(blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["findings.HomePage"]
    subpage_types = ["findings.SituationPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        situations = list(
            SituationPage.objects.child_of(self).live().public().order_by("title")
        )
        context["situations"] = situations
        context["map_points"] = [
            {
                "title": s.title,
                "url": s.url,
                "lat": s.latitude,
                "lon": s.longitude,
                "level": s.alert_level,
                "label": str(s.get_alert_level_display()),
            }
            for s in situations
            if s.latitude is not None and s.longitude is not None
        ]
        context["map_tile_url"] = settings.INDISPUTABLE_PUBLIC_MAP_TILE_URL
        return context


class SituationPage(ReviewedPage):
    """An early-warning assessment of a country or region."""

    country_or_region = models.CharField(max_length=200)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    alert_level = models.CharField(max_length=20, choices=AlertLevel.choices)
    assessed_on = models.DateField()
    summary = models.TextField()

    content_panels = [
        *Page.content_panels,
        FieldPanel("country_or_region"),
        MultiFieldPanel(
            [FieldPanel("latitude"), FieldPanel("longitude")],
            heading=_("Map position"),
        ),
        FieldPanel("alert_level"),
        FieldPanel("assessed_on"),
        FieldPanel("summary"),
        InlinePanel("stages", label=_("The Ten Stages"), min_num=0, max_num=10),
        InlinePanel("indicators", label=_("Risk indicators")),
        InlinePanel("earlier_assessments", label=_("Earlier assessments")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("country_or_region"),
    ]
    parent_page_types = ["findings.SituationsIndexPage"]
    subpage_types: list[str] = []

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        for field, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            value = getattr(self, field)
            if value is not None and not low <= value <= high:
                raise ValidationError({field: _("Out of range.")})
