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
