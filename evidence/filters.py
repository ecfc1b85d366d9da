"""Filters for the evidence list."""

import django_filters
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from evidence.models import EvidenceItem, Sensitivity, SourceType

TYPE_CHOICES = [
    ("image/", "Images"),
    ("video/", "Video"),
    ("audio/", "Audio"),
    ("application/pdf", "PDF"),
    ("text/", "Text"),
]


class EvidenceFilterSet(WagtailFilterSet):
    type = django_filters.ChoiceFilter(
        label="Type", choices=TYPE_CHOICES, method="filter_type", empty_label="All"
    )
    source_type = django_filters.ChoiceFilter(choices=SourceType.choices)
    sensitivity = django_filters.ChoiceFilter(choices=Sensitivity.choices)
    language = django_filters.CharFilter(lookup_expr="iexact")
    submitted_at = django_filters.DateFromToRangeFilter(
        label="Submitted", widget=DateRangePickerWidget
    )
    capture_time = django_filters.DateFromToRangeFilter(
        label="Captured", widget=DateRangePickerWidget
    )
    has_gps = django_filters.BooleanFilter(
        label="Has GPS", field_name="gps_latitude", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = EvidenceItem
        fields = ["type", "source_type", "sensitivity", "language"]

    def filter_type(self, queryset, name, value):
        return queryset.filter(blob__mime_type__startswith=value)
