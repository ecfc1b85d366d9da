"""Saved searches: a user names a search to run again. Only the owner sees them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import IntegrityError, transaction

from search import params as search_params
from search.models import SavedSearch


def saved_searches(user) -> list[SavedSearch]:
    return list(SavedSearch.objects.filter(owner=user))


def save_search(*, user, name: str, values) -> SavedSearch:
    """Save the search ``values`` asks for under ``name`` (checked as a search is)."""
    name = name.strip()
    if not name:
        raise search_params.SearchError("Give the search a name.")
    parsed = search_params.parse(values)
    query = urlencode(search_params.query_string(parsed, page=1))
    if not query:
        raise search_params.SearchError("There is nothing to save: no text, no filter.")
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(
                owner=user, name=name[:200], query_string=query
            )
    except IntegrityError as exc:
        raise search_params.SearchError(
            f"You already have a saved search named {name!r}."
        ) from exc


def delete_saved_search(*, user, saved_id: int) -> None:
    """Delete one of the user's saved searches; another's is not found."""
    deleted, _ = SavedSearch.objects.filter(owner=user, pk=saved_id).delete()
    if not deleted:
        raise search_params.SearchError("No such saved search.")
