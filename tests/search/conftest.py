"""Items ingested the way users ingest them, indexed on commit as in production."""

import pytest

from search import params as search_params
from search import selectors


@pytest.fixture
def indexed(ingest, django_capture_on_commit_callbacks):
    """Ingest and let the on-commit work (analysis, indexing) run."""

    def _indexed(content: bytes, name: str = "file.txt", **submission):
        with django_capture_on_commit_callbacks(execute=True):
            item = ingest(content, name=name, **submission)
        item.refresh_from_db()
        return item

    return _indexed


def find(user, **values):
    """The results of a search, as the page and the API run it."""
    return selectors.search(user, search_params.parse(values))


def refs(results) -> list[str]:
    return [hit.item.reference for hit in results.hits]
