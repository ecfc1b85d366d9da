"""The search page of the staff workspace: free text, facets, a map box and saved
searches. Thin: ``search.selectors`` runs the search through the access policy."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST
from wagtail.admin.viewsets.base import ViewSet

from cases.access import visible_cases
from evidence.models import Sensitivity, SourceType
from search import params as search_params
from search import saved, selectors

FACET_TITLES = {
    "type": "Type",
    "source_type": "Source",
    "sensitivity": "Sensitivity",
    "language": "Language",
    "has_gps": "Location",
    "case": "Case",
    "incident": "Incident",
}


def _facet_links(results: selectors.SearchResults) -> list[dict]:
    """Each facet with, per value, the link that adds (or removes) it as a filter."""
    out = []
    for name, title in FACET_TITLES.items():
        buckets = results.facets.get(name) or []
        if not buckets:
            continue
        current = str(getattr(results.params, name) or "")
        if name == "has_gps" and results.params.has_gps is not None:
            current = "yes" if results.params.has_gps else "no"
        rows = []
        for bucket in buckets:
            chosen = current == bucket.value
            value = "" if chosen else bucket.value
            change = {name: value, "page": 1}
            if name == "has_gps":
                change[name] = None if chosen else bucket.value == "yes"
            query = urlencode(search_params.query_string(results.params, **change))
            rows.append({"bucket": bucket, "chosen": chosen, "query": query})
        out.append({"title": title, "rows": rows})
    return out


@require_GET
def index(request):
    form_values = request.GET
    error = ""
    results = None
    try:
        params = search_params.parse(form_values)
    except search_params.SearchError as exc:
        error, params = str(exc), search_params.SearchParams()
    if not error and form_values:
        try:
            results = selectors.search(request.user, params)
        except search_params.SearchError as exc:
            error = str(exc)
    prev_query = next_query = ""
    if results and params.page > 1:
        prev_query = urlencode(search_params.query_string(params, page=params.page - 1))
    if results and params.page < min(results.pages, search_params.MAX_PAGE):
        next_query = urlencode(search_params.query_string(params, page=params.page + 1))
    map_points = [
        {
            "lat": hit.item.gps_latitude,
            "lon": hit.item.gps_longitude,
            "label": hit.item.reference,
            "url": reverse("evidence:item", args=[hit.item.reference]),
        }
        for hit in (results.hits if results else [])
        if hit.item.has_gps
    ]
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "params": params,
            "values": form_values,
            "results": results,
            "error": error,
            "facets": _facet_links(results) if results else [],
            "prev_query": prev_query,
            "next_query": next_query,
            "saved": saved.saved_searches(request.user),
            "current_query": urlencode(search_params.query_string(params)),
            "source_types": SourceType.choices,
            "sensitivities": Sensitivity.choices,
            "types": list(search_params.TYPE_LABELS.items()),
            "orders": search_params.ORDERS,
            "cases": visible_cases(request.user).order_by("reference"),
            "map_points": map_points,
            "map_tile_url": settings.INDISPUTABLE_MAP_TILE_URL,
        },
    )


@require_POST
def saved_search(request):
    """Save the current search, or delete a saved one (``delete`` = its id)."""
    try:
        if request.POST.get("delete"):
            saved.delete_saved_search(
                user=request.user, saved_id=int(request.POST["delete"])
            )
            messages.success(request, "Saved search deleted.")
        else:
            entry = saved.save_search(
                user=request.user,
                name=request.POST.get("name", ""),
                values=request.GET,
            )
            messages.success(request, f"Search saved as {entry.name!r}.")
    except (search_params.SearchError, ValueError) as exc:
        messages.error(request, str(exc))
    query = request.GET.urlencode()
    return redirect(reverse("search:index") + (f"?{query}" if query else ""))


class SearchViewSet(ViewSet):
    name = "search"
    url_prefix = "search"
    icon = "search"
    menu_label = "Search"
    add_to_admin_menu = True
    menu_order = 90

    def get_urlpatterns(self):
        return [
            path("", index, name="index"),
            path("saved/", saved_search, name="saved"),
        ]
