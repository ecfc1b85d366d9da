"""Public pages behind a CDN: cache headers, validators, no cookies, origin cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_public_pages_are_cacheable_and_set_no_cookie(client, live_finding):
    for url in ("/en/", "/en/findings/", live_finding.url, "/en/situations/"):
        response = client.get(url)

        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300, s-maxage=3600"
        assert response["ETag"].startswith('"')
        assert "Last-Modified" in response
        assert "cookie" not in response.get("Vary", "").lower()
        assert not response.cookies, url
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_a_repeated_request_is_served_from_the_origin_cache(client, live_finding):
    first = client.get(live_finding.url)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(live_finding.url)

    assert second.content == first.content
    assert len(queries) == 1  # the publication generation


def test_a_known_etag_gets_304(client, live_finding):
    etag = client.get(live_finding.url)["ETag"]

    response = client.get(live_finding.url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_a_new_publication_refreshes_the_cached_page(client, live_finding):
    client.get("/en/findings/")  # cached
    live_finding.unpublish()

    assert "Shelling of the market" not in client.get("/en/findings/").content.decode()


def test_the_site_root_redirects_to_a_language(client, live_finding):
    response = client.get("/", headers={"accept-language": "ar"})

    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert not response.cookies
