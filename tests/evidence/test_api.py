"""The evidence API: bearer tokens, claimed hashes, views and downloads recorded."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import APIToken

from accounts.models import SecurityEvent
from accounts.tokens import issue_token
from chain_of_custody.models import CustodyEvent
from evidence.models import Blob, EvidenceItem
from storage.handler import primary_store

CONTENT = b"statement of P-0042, page 1"
SHA256 = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def token(investigator):
    _, plaintext = issue_token(user=investigator, name="field laptop", scope="write")
    return plaintext


@pytest.fixture
def api(client, token):
    def call(method, path, **kwargs):
        return getattr(client, method)(
            f"/api/v1{path}", headers={"authorization": f"Bearer {token}"}, **kwargs
        )

    return call


@pytest.mark.django_db
def test_post_evidence_with_matching_sha256(api):
    response = api(
        "post",
        "/evidence",
        data={
            "file": SimpleUploadedFile("s.txt", CONTENT),
            "sha256": SHA256.upper(),
            "source_type": "witness",
            "language": "fr",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sha256"] == SHA256
    assert body["mime_type"] == "text/plain"
    assert body["language"] == "fr"
    assert EvidenceItem.objects.get(reference=body["reference"]).blob.sha256 == SHA256


@pytest.mark.django_db
def test_a_sha256_mismatch_is_422_registers_nothing_and_is_logged(api, investigator):
    wrong = "0" * 64
    response = api(
        "post",
        "/evidence",
        data={"file": SimpleUploadedFile("s.txt", CONTENT), "sha256": wrong},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"SHA-256 mismatch: you sent '{wrong}' but the bytes received hash to "
        f"'{SHA256}'; nothing was registered"
    )
    assert EvidenceItem.objects.count() == 0
    assert Blob.objects.count() == 0
    assert not primary_store().exists(f"sha256/{SHA256[:2]}/{SHA256[2:4]}/{SHA256}")
    assert list((primary_store().root / "staging").iterdir()) == []
    attempt = CustodyEvent.objects.get()
    assert (attempt.event_type, attempt.outcome, attempt.item) == (
        "ing",
        "failure",
        None,
    )
    assert attempt.detail.details["claimed_sha256"] == wrong
    assert attempt.detail.actor == investigator


@pytest.mark.django_db
def test_get_by_sha256_lists_without_recording_views(api, ingest):
    item = ingest(CONTENT)
    ingest(b"other")

    response = api("get", f"/evidence?sha256={SHA256}")

    assert response.status_code == 200
    assert [row["reference"] for row in response.json()] == [item.reference]
    assert not CustodyEvent.objects.filter(event_type="dsp").exists()


@pytest.mark.django_db
def test_get_one_item_is_a_recorded_view(api, ingest, investigator):
    item = ingest(CONTENT)

    response = api("get", f"/evidence/{item.reference}")

    assert response.status_code == 200
    assert response.json()["sha512"] == item.blob.sha512
    event = CustodyEvent.objects.get(event_type="dsp")
    assert event.detail.details == {"what": "API"}


@pytest.mark.django_db
def test_download_original_through_the_api_is_recorded(api, ingest):
    item = ingest(CONTENT)

    response = api("get", f"/evidence/{item.reference}/original")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/octet-stream"
    assert CustodyEvent.objects.filter(event_type="dis", item=item).count() == 1


@pytest.mark.django_db
def test_requests_without_a_valid_token_are_refused(client, ingest):
    item = ingest(CONTENT)

    assert client.get(f"/api/v1/evidence/{item.reference}").status_code == 401
    response = client.get(
        f"/api/v1/evidence/{item.reference}",
        headers={"authorization": "Bearer wagtail_not-a-real-token"},
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_revoked_token_is_refused(client, investigator, ingest):
    item = ingest(CONTENT)
    token, plaintext = APIToken.create_token(user=investigator, name="lost laptop")
    token.revoke()

    response = client.get(
        f"/api/v1/evidence/{item.reference}",
        headers={"authorization": f"Bearer {plaintext}"},
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_token_of_someone_without_access_sees_404(client, outsider, ingest):
    item = ingest(CONTENT)
    _, plaintext = APIToken.create_token(user=outsider, name="x")
    headers = {"authorization": f"Bearer {plaintext}"}

    assert (
        client.get(f"/api/v1/evidence/{item.reference}", headers=headers).status_code
        == 404
    )
    assert client.get(f"/api/v1/evidence?sha256={SHA256}", headers=headers).json() == []
    response = client.post(
        "/api/v1/evidence", {"file": SimpleUploadedFile("a", b"a")}, headers=headers
    )
    assert response.status_code == 403
    assert EvidenceItem.objects.count() == 1


@pytest.mark.django_db
def test_openapi_docs_are_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/evidence" in response.json()["paths"]


@pytest.mark.django_db
def test_a_read_only_token_cannot_submit(client, investigator):
    _, plaintext = issue_token(user=investigator, name="reader", scope="read")

    response = client.post(
        "/api/v1/evidence",
        {"file": SimpleUploadedFile("a.txt", b"a")},
        headers={"authorization": f"Bearer {plaintext}"},
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "this token may only read"}
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db
def test_an_expired_token_is_refused_and_logged(client, investigator, ingest):
    item = ingest(CONTENT)
    token, plaintext = issue_token(user=investigator, name="old", days=0)

    response = client.get(
        f"/api/v1/evidence/{item.reference}",
        headers={"authorization": f"Bearer {plaintext}"},
    )

    assert response.status_code == 401
    refused = SecurityEvent.objects.get(kind="token_refused")
    assert (refused.user, refused.target, refused.details) == (
        investigator,
        token.prefix,
        {"reason": "expired"},
    )
