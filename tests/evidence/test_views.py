"""The staff workspace: access, custody on every read, safe file responses."""

import pytest
from django.urls import reverse

from chain_of_custody.models import CustodyEvent
from evidence.models import EvidenceItem
from storage.handler import primary_store

HTML = (
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
)


@pytest.fixture
def staff_client(client, investigator):
    client.force_login(investigator)
    return client


@pytest.mark.django_db
def test_upload_page_stores_each_file_and_answers_json(staff_client, investigator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(
        reverse("evidence:upload"),
        {
            "source_type": "witness",
            "sensitivity": "restricted",
            "language": "ar",
            "consent_court": "on",
            "files": [
                SimpleUploadedFile("note.txt", b"abc", content_type="text/plain")
            ],
        },
        headers={"accept": "application/json"},
    )

    assert response.status_code == 201
    body = response.json()["items"][0]
    assert body["sha256"] == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    item = EvidenceItem.objects.get(reference=body["reference"])
    assert (item.language, item.consent_court, item.consent_publish) == (
        "ar",
        True,
        False,
    )
    assert item.collected_by == investigator
    assert list((primary_store().root / "staging").iterdir()) == []


@pytest.mark.django_db
def test_upload_over_the_limit_is_a_413_and_leaves_nothing(staff_client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.INDISPUTABLE_MAX_UPLOAD_BYTES = 100
    response = staff_client.post(
        reverse("evidence:upload"),
        {
            "source_type": "other",
            "sensitivity": "restricted",
            "files": [SimpleUploadedFile("big.bin", b"x" * 5000)],
        },
        headers={"accept": "application/json"},
    )

    assert response.status_code == 413
    assert response.json()["error"] == (
        "Upload refused: file is larger than the limit of 100 bytes."
    )
    assert EvidenceItem.objects.count() == 0
    assert list((primary_store().root / "staging").iterdir()) == []


@pytest.mark.django_db
def test_a_refused_form_discards_the_staged_upload(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(
        reverse("evidence:upload"),
        {"source_type": "not-a-type", "files": [SimpleUploadedFile("a.txt", b"abc")]},
    )

    assert response.status_code == 400
    assert EvidenceItem.objects.count() == 0
    assert list((primary_store().root / "staging").iterdir()) == []


@pytest.mark.django_db
def test_item_page_shows_hashes_and_records_a_view(staff_client, ingest, investigator):
    item = ingest(b"abc", name="../../etc/passwd")

    response = staff_client.get(reverse("evidence:item", args=[item.reference]))

    assert response.status_code == 200
    html = response.content.decode()
    assert item.blob.sha256 in html
    assert item.blob.sha512 in html
    assert "../../etc/passwd" in html
    view = CustodyEvent.objects.get(item=item, event_type="dsp")
    assert view.actor_pid == str(investigator.custody_pid)
    assert view.detail.details == {"what": "item page"}


@pytest.mark.django_db
def test_hostile_names_are_escaped_on_the_page(staff_client, ingest):
    item = ingest(b"x", name="<img src=x onerror=alert(1)>.jpg")

    html = staff_client.get(reverse("evidence:item", args=[item.reference])).content
    assert b"<img src=x onerror" not in html
    assert b"&lt;img src=x onerror=alert(1)&gt;.jpg" in html


@pytest.mark.django_db
def test_html_named_as_a_photo_is_sniffed_and_never_served_inline(staff_client, ingest):
    item = ingest(HTML, name="photo.jpg")
    assert item.blob.mime_type == "text/html"

    response = staff_client.get(reverse("evidence:original", args=[item.reference]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{item.reference}.html"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == HTML
    event = CustodyEvent.objects.get(item=item, event_type="dis")
    assert event.detail.details["sha256"] == item.blob.sha256


@pytest.mark.django_db
def test_listing_shows_visible_items_without_recording_views(staff_client, ingest):
    first = ingest(b"1", name="one.txt", title="First statement")
    ingest(b"2", name="two.txt", title="Second statement")

    response = staff_client.get(reverse("evidence:index"))

    assert response.status_code == 200
    assert first.reference.encode() in response.content
    assert b"Second statement" in response.content
    assert first.blob.sha256[:12].encode() in response.content
    assert not CustodyEvent.objects.filter(event_type="dsp").exists()


@pytest.mark.django_db
def test_listing_filters_and_sorts(staff_client, ingest):
    ingest(b"1", name="w.txt", title="Witness file", source_type="witness")
    ingest(b"2", name="p.txt", title="Partner file", source_type="partner")

    response = staff_client.get(reverse("evidence:index"), {"source_type": "partner"})
    assert b"Partner file" in response.content
    assert b"Witness file" not in response.content
    response = staff_client.get(reverse("evidence:index"), {"ordering": "title"})
    html = response.content.decode()
    assert html.index("Partner file") < html.index("Witness file")


@pytest.mark.django_db
def test_people_without_access_get_404_and_no_custody_event(client, ingest, outsider):
    item = ingest(b"secret")
    client.force_login(outsider)

    for name in ("evidence:item", "evidence:original"):
        response = client.get(reverse(name, args=[item.reference]))
        assert response.status_code in (302, 403, 404)
    assert not CustodyEvent.objects.exclude(event_type="ing").exists()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client, ingest):
    item = ingest(b"secret")
    response = client.get(reverse("evidence:original", args=[item.reference]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_witness_identifying_items_need_their_own_permission(client, ingest, analyst):
    hidden = ingest(b"identity", sensitivity="witness")
    shown = ingest(b"ordinary")
    client.force_login(analyst)

    listing = client.get(reverse("evidence:index")).content
    assert shown.reference.encode() in listing
    assert hidden.reference.encode() not in listing
    response = client.get(reverse("evidence:item", args=[hidden.reference]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_listing_query_count_does_not_grow_with_items(
    staff_client, ingest, django_assert_max_num_queries
):
    for i in range(3):
        ingest(str(i).encode())
    with django_assert_max_num_queries(30) as few:
        staff_client.get(reverse("evidence:index"))
    for i in range(3, 40):
        ingest(str(i).encode())
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(reverse("evidence:index"))


@pytest.mark.django_db
def test_an_upload_cut_off_half_way_registers_nothing(staff_client):
    boundary = "XyZzY"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="source_type"\r\n\r\n'
        f'other\r\n--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        'filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    # The connection drops mid-file: no closing boundary ever arrives.
    response = staff_client.generic(
        "POST",
        reverse("evidence:upload"),
        head + b"A" * 300_000,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"accept": "application/json"},
    )

    assert response.status_code == 400
    assert response.json()["errors"]["files"] == [
        {"message": "Choose at least one file."}
    ]
    assert EvidenceItem.objects.count() == 0
    assert CustodyEvent.objects.count() == 0
    assert list((primary_store().root / "staging").iterdir()) == []
