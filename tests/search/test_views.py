"""The search page of the staff workspace, and saved searches."""

import pytest
from django.urls import reverse

from chain_of_custody.models import CustodyEvent
from search.models import SavedSearch
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_page_lists_hits_with_facets_and_records_no_view(client, indexed, analyst):
    item = indexed(b"1", "a.txt", title="شهادة", description="رأى مُحَمَّد المدرسة")
    client.force_login(analyst)
    before = CustodyEvent.objects.count()

    page = client.get("/admin/search/", {"q": "محمد"}).content.decode()

    assert f'href="{reverse("evidence:item", args=[item.reference])}"' in page
    assert "<mark>مُحَمَّد</mark>" in page
    assert 'Witness</a> <span class="search-count">1</span>' in page
    assert CustodyEvent.objects.count() == before


def test_opening_a_hit_is_a_view_in_the_custody_log(client, indexed, investigator):
    item = indexed(b"1", "a.txt", title="Statement")
    client.force_login(investigator)

    client.get(reverse("evidence:item", args=[item.reference]))

    assert CustodyEvent.objects.filter(item=item, event_type="dsp").exists()


def test_a_bad_filter_shows_its_message(client, analyst):
    client.force_login(analyst)
    page = client.get("/admin/search/", {"captured_from": "soon"}).content.decode()
    assert "Captured from must be a date like 2024-03-31." in page


def test_save_run_and_delete_a_search(client, indexed, analyst, django_user_model):
    client.force_login(analyst)
    response = client.post(
        "/admin/search/saved/?q=grave&type=image", {"name": "Graves, photos"}
    )
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=analyst)
    assert (saved.name, saved.query_string) == ("Graves, photos", "q=grave&type=image")
    page = client.get("/admin/search/").content.decode()
    assert 'href="?q=grave&amp;type=image">Graves, photos</a>' in page

    again = client.post("/admin/search/saved/?q=x", {"name": "Graves, photos"})
    assert again.status_code == 302
    assert SavedSearch.objects.count() == 1
    refusal = client.get("/admin/search/").content.decode()
    named = "&#x27;Graves, photos&#x27;"
    assert f"You already have a saved search named {named}." in refusal

    other = make_user(django_user_model, "other", "Analysts")
    client.force_login(other)
    assert ">Graves, photos</a>" not in client.get("/admin/search/").content.decode()
    client.post("/admin/search/saved/", {"delete": str(saved.pk)})
    assert SavedSearch.objects.filter(pk=saved.pk).exists()

    client.force_login(analyst)
    client.post("/admin/search/saved/", {"delete": str(saved.pk)})
    assert not SavedSearch.objects.exists()
