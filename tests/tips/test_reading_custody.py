"""Reading a tip is recorded in the custody log, without anything about its source."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from pyrage import x25519

from chain_of_custody.models import CustodyEvent
from tips.inbox import accession_event
from tips.models import Tip

pytestmark = pytest.mark.django_db

PHOTO = bytes(range(256)) * 50
MESSAGE = "The depot behind the mill holds prisoners"


@pytest.fixture
def tip(client):
    client.post(
        "/tips/",
        {"message": MESSAGE, "files": [SimpleUploadedFile("mill-depot.jpg", PHOTO)]},
    )
    return Tip.objects.get()


@pytest.fixture
def officer_client(client, tips_officer):
    client.force_login(tips_officer)
    return client


def _after(event: CustodyEvent):
    return CustodyEvent.objects.filter(seq__gt=event.seq).select_related("detail")


def _assert_nothing_about_the_source(event: CustodyEvent, tip: Tip) -> None:
    written = json.dumps(
        {"summary": event.detail.summary, "details": event.detail.details},
        ensure_ascii=False,
    )
    for secret in (tip.source.designation, "mill-depot", MESSAGE, "prisoners"):
        assert secret not in written
    assert event.item_id is None


def test_decrypting_a_tip_records_a_display_of_each_part(
    officer_client, tips_officer, tip, org_key
):
    message, photo = tip.parts.order_by("index")
    last = CustodyEvent.objects.order_by("seq").last()

    response = officer_client.post(f"/admin/tips/{tip.pk}/", {"identity": org_key})

    assert response.status_code == 200
    recorded = list(_after(last))
    assert [(e.event_type, e.outcome, e.item_sha256) for e in recorded] == [
        ("dsp", "success", message.sha256),
        ("dsp", "success", photo.sha256),
    ]
    shown = accession_event(message)
    assert recorded[0].actor_pid == str(tips_officer.custody_pid)
    assert recorded[0].detail.actor == tips_officer
    assert recorded[0].detail.summary == (
        f"Confidential tip part accessioned as #{shown.seq} decrypted: message shown"
    )
    assert recorded[0].detail.details == {
        "accession_seq": shown.seq,
        "sha256": message.sha256,
        "what": "message",
    }
    assert recorded[1].detail.details == {
        "accession_seq": accession_event(photo).seq,
        "sha256": photo.sha256,
        "what": "file entry",
    }
    for event in recorded:
        _assert_nothing_about_the_source(event, tip)


def test_downloading_a_tip_file_records_its_dissemination(
    officer_client, tips_officer, tip, org_key
):
    photo = tip.parts.get(index=1)
    last = CustodyEvent.objects.order_by("seq").last()

    response = officer_client.post(
        f"/admin/tips/{tip.pk}/part/1/download/", {"identity": org_key}
    )

    assert b"".join(response.streaming_content) == PHOTO
    (event,) = _after(last)
    accession = accession_event(photo)
    assert (event.event_type, event.outcome, event.item_sha256) == (
        "dis",
        "success",
        photo.sha256,
    )
    assert event.actor_pid == str(tips_officer.custody_pid)
    assert event.detail.summary == (
        f"Confidential tip part accessioned as #{accession.seq} downloaded, decrypted"
    )
    assert event.detail.details == {
        "accession_seq": accession.seq,
        "sha256": photo.sha256,
        "what": "file",
    }
    _assert_nothing_about_the_source(event, tip)


def test_a_wrong_key_reads_nothing_and_records_nothing(officer_client, tip):
    wrong = str(x25519.Identity.generate())
    last = CustodyEvent.objects.order_by("seq").last()

    for url in (f"/admin/tips/{tip.pk}/", f"/admin/tips/{tip.pk}/part/1/download/"):
        assert officer_client.post(url, {"identity": wrong}).status_code == 400

    assert not _after(last).exists()


def test_an_offline_export_records_each_part_leaving_as_ciphertext(
    tip, tips_officer, tmp_path
):
    last = CustodyEvent.objects.order_by("seq").last()

    call_command("tips", "export", str(tmp_path / "export"), "--as", "tess")

    recorded = list(_after(last))
    parts = list(tip.parts.order_by("index"))
    assert [(e.event_type, e.item_sha256) for e in recorded] == [
        ("exp", part.sha256) for part in parts
    ]
    for event, part in zip(recorded, parts, strict=True):
        assert event.actor_pid == str(tips_officer.custody_pid)
        assert event.detail.details == {
            "accession_seq": accession_event(part).seq,
            "sha256": part.sha256,
            "what": "ciphertext",
        }
        _assert_nothing_about_the_source(event, tip)


def test_only_tips_staff_may_be_named_as_exporting(tip, analyst, tmp_path):
    last = CustodyEvent.objects.order_by("seq").last()

    with pytest.raises(CommandError, match="may not handle confidential tips"):
        call_command(
            "tips", "export", str(tmp_path / "export"), "--as", analyst.username
        )

    assert not _after(last).exists()
