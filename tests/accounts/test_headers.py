"""Security headers on every kind of response, and refusals in the audit log."""

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent
from accounts.tokens import issue_token


def assert_hardened(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_staff_page_has_a_strict_policy(client, investigator):
    client.force_login(investigator)
    response = client.get("/admin/evidence/")

    assert_hardened(response)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_file_responses_keep_their_sandbox_policy(client, investigator, ingest):
    item = ingest(b"<html>x</html>", name="a.html")
    client.force_login(investigator)

    response = client.get(reverse("evidence:original", args=[item.reference]))

    assert_hardened(response)
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.django_db
def test_api_and_error_responses_are_hardened(client, investigator):
    _, plaintext = issue_token(user=investigator, name="t")
    api = client.get(
        "/api/v1/evidence?sha256=00", headers={"authorization": f"Bearer {plaintext}"}
    )
    missing = client.get("/no/such/page/")
    login = client.get(reverse("wagtailadmin_login"))

    for response in (api, missing, login):
        assert_hardened(response)
    assert missing.status_code == 404


@pytest.mark.django_db
def test_a_refused_evidence_read_is_in_the_security_log(client, analyst, ingest):
    item = ingest(b"identity", sensitivity="witness")
    client.force_login(analyst)

    response = client.get(reverse("evidence:item", args=[item.reference]))

    assert response.status_code == 404
    event = SecurityEvent.objects.get(kind="access_denied")
    assert event.user == analyst
    assert event.target == f"evidence reference={item.reference}"
    assert event.route == f"GET /admin/evidence/item/{item.reference}/"


@pytest.fixture
def every_kind_of_response(client, investigator, ingest, settings):
    """A staff page, a public page, a file, an API answer, a 404 and a 500, over
    HTTPS with production's HSTS setting."""
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.ROOT_URLCONF = "tests.accounts.failing_urls"
    item = ingest(b"<html>x</html>", name="a.html")
    _, plaintext = issue_token(user=investigator, name="t")
    client.raise_request_exception = False
    public = client.get("/tips/", secure=True)
    api = client.get(
        f"/api/v1/evidence/{item.reference}",
        headers={"authorization": f"Bearer {plaintext}"},
        secure=True,
    )
    broken = client.get("/broken/", secure=True)
    client.force_login(investigator)
    missing = client.get("/admin/evidence/item/NO-SUCH/", secure=True)
    page = client.get("/admin/evidence/", secure=True)
    file = client.get(reverse("evidence:original", args=[item.reference]), secure=True)
    return {
        "page": page,
        "public": public,
        "file": file,
        "api": api,
        "404": missing,
        "500": broken,
    }


@pytest.mark.django_db
def test_every_response_type_carries_the_security_headers(every_kind_of_response):
    statuses = {k: r.status_code for k, r in every_kind_of_response.items()}

    assert statuses == {
        "page": 200,
        "public": 200,
        "file": 200,
        "api": 200,
        "404": 404,
        "500": 500,
    }
    for kind, response in every_kind_of_response.items():
        assert response["X-Content-Type-Options"] == "nosniff", kind
        # The tip pages for sources send no referrer at all.
        assert response["Referrer-Policy"] in ("same-origin", "no-referrer"), kind
        assert response["Strict-Transport-Security"] == (
            "max-age=63072000; includeSubDomains"
        ), kind
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy or "default-src 'self'" in policy, kind
        assert "frame-ancestors 'none'" in policy or "sandbox" in policy, kind
