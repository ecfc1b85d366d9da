"""Choosers with search for the case workspace: persons, incidents and evidence items.

Each is a Wagtail chooser (a modal with a search box and a paged list). Persons and
incidents come only from the cases whose team the user is on, narrowed to one case by
the ``case`` URL parameter the form's widget adds; items come only from
``evidence.access.visible_items``. The search is a plain case-insensitive match on
names, titles and references.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from cases import access
from cases.models import Incident, Person
from evidence import access as evidence_access
from evidence.models import EvidenceItem


class SearchForm(BaseFilterForm):
    """A search box; the view says which fields it matches."""

    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Search"}),
    )

    def __init__(self, *args, lookups: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = lookups

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if not query:
            return objects
        self.is_searching = True
        self.search_query = query
        match = Q()
        for lookup in self.lookups:
            match |= Q(**{lookup: query})
        return objects.filter(match).distinct()


class ScopedChooseMixin:
    """The objects the user may choose from, searched by ``search_lookups``."""

    search_lookups: tuple[str, ...] = ()
    columns_spec: tuple[tuple[str, str], ...] = ()

    def get_filter_form(self):
        return SearchForm(self.request.GET, lookups=self.search_lookups)

    def get_object_list(self):
        return chooseable(self.model_class, self.request)

    @property
    def columns(self):
        return [
            self.title_column,
            *(Column(name, label=label) for name, label in self.columns_spec),
        ]

    def can_create(self):
        return False  # everything is created through an audited operation


class ChosenView(chooser_views.ChosenView):
    search_lookups: tuple[str, ...] = ()
    columns_spec: tuple[tuple[str, str], ...] = ()

    def get_object(self, pk):
        obj = chooseable(self.model_class, self.request).filter(pk=pk).first()
        if obj is None:
            raise Http404("Nothing to choose by that id.")
        return obj

    def get_edit_item_url(self, instance):
        return None


def chooseable(model, request):
    """What ``request.user`` may choose of ``model``: persons and incidents of the
    user's cases (of one, with ``?case=REFERENCE``), items they may see."""
    user = request.user
    if model is EvidenceItem:
        return evidence_access.visible_items(user).order_by("-submitted_at", "-id")
    cases = access.visible_cases(user)
    reference = request.GET.get("case")
    if reference:
        cases = cases.filter(reference=reference)
    objects = model.objects.filter(case__in=cases).select_related("case")
    if model is Incident:
        return objects.order_by("start_at", "id")
    return objects.order_by("name", "id")


class CaseChooserWidget(BaseChooser):
    """A chooser bound to one case. ``cases/static/cases/choosers.js`` starts it,
    not an inline script, which the Content-Security-Policy forbids."""

    def __init__(self, *, case=None, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def get_chooser_modal_url(self):
        url = reverse(self.chooser_modal_url_name)
        if self.case is not None:
            url += "?" + urlencode({"case": self.case.reference})
        return url

    def get_instance(self, value):
        if value is None or isinstance(value, self.model_class):
            return value
        objects = self.model_class.objects
        if self.case is not None and self.model_class is not EvidenceItem:
            objects = objects.filter(case=self.case)
        return objects.filter(pk=value).first()

    def get_value_data_from_instance(self, instance):
        return {"id": instance.pk, "edit_url": "", "title": str(instance)}

    def render(self, name, value, attrs=None, renderer=None):
        html = self.render_html(name, self.get_value_data(value), attrs)
        options = json.dumps(self.base_js_init_options)
        return mark_safe(  # noqa: S308 - the widget's own template, options escaped
            f'<div data-cases-chooser="{escape(attrs["id"])}" '
            f'data-cases-chooser-options="{escape(options)}">{html}</div>'
        )

    @property
    def media(self):
        return forms.Media(
            js=["wagtailadmin/js/chooser-widget.js", "cases/choosers.js"]
        )


class ChooseView(ScopedChooseMixin, chooser_views.ChooseView):
    pass


class ChooseResultsView(ScopedChooseMixin, chooser_views.ChooseResultsView):
    pass


class _CaseChooserViewSet(ChooserViewSet):
    base_widget_class = CaseChooserWidget
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    preserve_url_parameters = ["multiple", "case"]
    register_widget = False
    per_page = 20
    search_lookups: tuple[str, ...] = ()
    columns_spec: tuple[tuple[str, str], ...] = ()

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            search_lookups=self.search_lookups, columns_spec=self.columns_spec, **kwargs
        )

    def get_urlpatterns(self):
        # Only choosing: nothing is created or chosen in bulk from here.
        return [
            p
            for p in super().get_urlpatterns()
            if p.name in ("choose", "choose_results", "chosen")
        ]


class PersonChooserViewSet(_CaseChooserViewSet):
    model = Person
    url_prefix = "choose/persons"
    icon = "user"
    choose_one_text = "Choose a person"
    choose_another_text = "Choose another person"
    search_lookups = ("name__icontains", "names__name__icontains")
    columns_spec = (("case", "Case"),)


class IncidentChooserViewSet(_CaseChooserViewSet):
    model = Incident
    url_prefix = "choose/incidents"
    icon = "date"
    choose_one_text = "Choose an incident"
    choose_another_text = "Choose another incident"
    search_lookups = ("title__icontains", "place_name__icontains")
    columns_spec = (("place_name", "Place"), ("start_at", "Start"), ("case", "Case"))


class ItemChooserViewSet(_CaseChooserViewSet):
    model = EvidenceItem
    url_prefix = "choose/items"
    icon = "doc-full"
    choose_one_text = "Choose an evidence item"
    choose_another_text = "Choose another item"
    search_lookups = ("reference__istartswith", "title__icontains")
    columns_spec = (("reference", "Reference"), ("submitted_at", "Submitted"))


person_chooser = PersonChooserViewSet("case_person_chooser")
incident_chooser = IncidentChooserViewSet("case_incident_chooser")
item_chooser = ItemChooserViewSet("case_item_chooser")
