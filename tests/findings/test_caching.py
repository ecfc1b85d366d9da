"""Public pages behind a CDN: cache headers, validators, no cookies, origin cache."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from findings.caching import GENERATION_KEY, _stamp_path, _storable
from findings.models import FindingPage
from tests.findings.conftest import publish_through_review

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


def test_a_repeated_request_is_served_from_the_origin_cache(
    client, live_finding, django_assert_num_queries
):
    first = client.get(live_finding.url)

    with django_assert_num_queries(0):
        second = client.get(live_finding.url)

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=300, s-maxage=3600"
    assert second["Content-Language"] == "en"
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["Referrer-Policy"] == "same-origin"
    assert second["X-Frame-Options"] == "DENY"
    assert not second.cookies
    assert "cookie" not in second.get("Vary", "").lower()


def test_a_cached_page_answers_304_without_a_query(
    client, live_finding, django_assert_num_queries
):
    etag = client.get(live_finding.url)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(live_finding.url, headers={"if-none-match": etag})

    assert response.status_code == 304


def _retitle_without_signals(page, title):
    """Change the live page as another process would, unseen by this one's signals."""
    FindingPage.objects.filter(pk=page.pk).update(title=title)


def test_a_generation_started_by_another_process_on_this_host_is_seen(
    client, live_finding
):
    assert "Shelling of the market" in client.get(live_finding.url).content.decode()
    _retitle_without_signals(live_finding, "Retitled elsewhere")
    # Another web process with its own (process-local) cache renews only the stamp.
    _stamp_path().write_text("from-another-process")

    assert "Retitled elsewhere" in client.get(live_finding.url).content.decode()


def test_a_generation_started_on_another_host_through_a_shared_cache_is_seen(
    client, live_finding
):
    assert "Shelling of the market" in client.get(live_finding.url).content.decode()
    _retitle_without_signals(live_finding, "Retitled on another host")
    cache.set(GENERATION_KEY, "from-another-host", None)

    assert "Retitled on another host" in client.get(live_finding.url).content.decode()


def test_a_new_revision_is_served_on_the_next_request(
    client, live_finding, author, reviewer
):
    client.get(live_finding.url)  # cached
    page = FindingPage.objects.get(pk=live_finding.pk)
    page.title = "Shelling of the market, corrected"
    page.save_revision(user=author)
    publish_through_review(page, author, reviewer)

    assert (
        "Shelling of the market, corrected"
        in client.get(live_finding.url).content.decode()
    )


def test_the_generation_is_renewed_again_when_the_transaction_commits(
    live_finding, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        live_finding.unpublish(user=author)
    before_commit = _stamp_path().read_text()

    for callback in callbacks:
        callback()

    assert callbacks
    assert _stamp_path().read_text() != before_commit


def test_a_reader_with_a_session_is_not_served_the_cached_copy(
    client, live_finding, author
):
    client.get(live_finding.url)  # cached for readers without a session
    _retitle_without_signals(live_finding, "Rendered for this reader")
    client.force_login(author)

    response = client.get(live_finding.url)

    assert "Rendered for this reader" in response.content.decode()
    client.logout()
    anonymous = client.get(live_finding.url).content.decode()
    assert "Shelling of the market" in anonymous  # the copy cached before


def test_a_page_rendered_for_a_session_is_not_cached_for_others(
    client, live_finding, author
):
    client.force_login(author)
    client.get(live_finding.url)
    client.logout()
    _retitle_without_signals(live_finding, "Rendered for the anonymous reader")

    assert (
        "Rendered for the anonymous reader"
        in client.get(live_finding.url).content.decode()
    )


def test_a_known_etag_gets_304(client, live_finding):
    etag = client.get(live_finding.url)["ETag"]

    response = client.get(live_finding.url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_new_publication_refreshes_the_cached_page(client, live_finding):
    client.get("/en/findings/")  # cached
    live_finding.unpublish()

    assert "Shelling of the market" not in client.get("/en/findings/").content.decode()


def test_the_site_root_redirects_to_a_language(client, live_finding):
    response = client.get("/", headers={"accept-language": "ar"})

    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert not response.cookies


def test_a_page_whose_policy_has_a_nonce_is_not_kept():
    page = HttpResponse("<p>Page</p>")
    page["Cache-Control"] = "public, max-age=300, s-maxage=3600"
    page["Content-Security-Policy"] = "script-src 'self'"
    with_nonce = HttpResponse("<p>Page</p>")
    with_nonce["Cache-Control"] = "public, max-age=300, s-maxage=3600"
    with_nonce["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"

    assert _storable(page)
    assert not _storable(with_nonce)
