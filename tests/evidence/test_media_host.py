"""INDISPUTABLE_MEDIA_HOST: evidence files answer only on their own host."""

import hashlib

import pytest
from django.urls import reverse

from chain_of_custody.models import CustodyEvent, EventType
from evidence.media_host import file_url

pytestmark = pytest.mark.django_db

MEDIA = "media.testserver"


@pytest.fixture
def media_host(settings):
    settings.INDISPUTABLE_MEDIA_HOST = MEDIA
    settings.ALLOWED_HOSTS = ["testserver", MEDIA]
    return MEDIA


@pytest.fixture
def item(ingest):
    return ingest(b"%PDF-1.4 a statement", "statement.pdf")


def test_files_answer_on_the_media_host_and_are_recorded(
    client, investigator, item, media_host
):
    client.force_login(investigator)
    path = reverse("evidence:original", args=[item.reference])

    response = client.get(path, headers={"host": media_host})

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == item.blob.sha256
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert CustodyEvent.objects.filter(
        item=item, event_type=EventType.DISSEMINATION
    ).exists()


def test_the_workspace_host_refuses_files(client, investigator, item, media_host):
    client.force_login(investigator)
    paths = [
        reverse("evidence:original", args=[item.reference]),
        reverse("evidence:derivative", args=[item.reference, "thumbnail"]),
    ]

    statuses = [client.get(path).status_code for path in paths]

    assert statuses == [404, 404]
    assert not CustodyEvent.objects.filter(
        item=item, event_type=EventType.DISSEMINATION
    ).exists()


def test_the_media_host_serves_nothing_else(client, investigator, item, media_host):
    client.force_login(investigator)

    for path in (
        reverse("evidence:item", args=[item.reference]),
        "/admin/",
        "/api/v1/cases",
        "/tips/",
    ):
        assert client.get(path, headers={"host": media_host}).status_code == 404


def test_pages_link_files_to_the_media_host(client, investigator, item, media_host):
    client.force_login(investigator)

    page = client.get(reverse("evidence:item", args=[item.reference]))

    assert page.status_code == 200
    original = f"//{MEDIA}/admin/evidence/item/{item.reference}/original/"
    assert f'href="{original}"' in page.content.decode()


def test_without_a_media_host_files_stay_on_the_workspace(client, investigator, item):
    client.force_login(investigator)
    path = reverse("evidence:original", args=[item.reference])

    assert file_url("evidence:original", item.reference) == path
    assert client.get(path).status_code == 200
