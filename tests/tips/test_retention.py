"""Tips nobody promoted are deleted after the retention period, in custody."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from chain_of_custody.models import CustodyEvent
from tips.inbox import accession_event
from tips.models import Reply, Source, Tip, TipPart
from tips.promotion import promote_part
from tips.retention import purge_expired
from tips.sources import send_reply
from tips.store import tips_store

pytestmark = pytest.mark.django_db


def _send(client, text, **data):
    client.post(
        "/tips/",
        {
            "message": text,
            "files": [SimpleUploadedFile("f.bin", text.encode())],
            **data,
        },
    )
    return Tip.objects.order_by("-pk").first()


def _age(tip, days):
    Tip.objects.filter(pk=tip.pk).update(
        received_hour=tip.received_hour - dt.timedelta(days=days)
    )
    Source.objects.filter(pk=tip.source_id).update(
        last_seen_hour=tip.received_hour - dt.timedelta(days=days)
    )


def test_expired_tips_are_deleted_and_the_deletion_is_recorded(
    client, settings, django_capture_on_commit_callbacks
):
    settings.INDISPUTABLE_TIPS_RETENTION_DAYS = 30
    old = _send(client, "old news")
    recent = _send(client, "fresh news")
    _age(old, 31)
    _age(recent, 29)
    old_parts = list(old.parts.all())
    old_files = [old.manifest_name, *(p.ciphertext_name for p in old_parts)]
    accessions = {accession_event(p).seq: p.sha256 for p in old_parts}

    with django_capture_on_commit_callbacks(execute=True):
        result = purge_expired()

    assert (result.tips, result.parts, result.sources) == (1, 2, 1)
    assert list(Tip.objects.all()) == [recent]
    assert not TipPart.objects.filter(tip_id=old.pk).exists()
    for name in old_files:
        assert not tips_store().path(name).exists()
    assert len(tips_store().names()) == 3  # the recent tip's manifest and parts
    deletions = CustodyEvent.objects.filter(event_type="del").order_by("seq")
    assert {e.detail.details["accession_seq"]: e.item_sha256 for e in deletions} == (
        accessions
    )
    for event in deletions:
        assert event.detail.details["reason"] == (
            "retention period of 30 days ended, never promoted"
        )
        assert event.actor_pid == "system"


def test_promoted_tips_are_kept(client, org_key, tips_officer):
    tip = _send(client, "important")
    promote_part(part=tip.parts.get(index=1), key_text=org_key, actor=tips_officer)
    _age(tip, 365)
    assert purge_expired().tips == 0
    assert Tip.objects.filter(pk=tip.pk).exists()
    assert not CustodyEvent.objects.filter(event_type="del").exists()


def test_old_replies_go_and_so_do_sources_with_nothing_left(client, tips_officer):
    tip = _send(client, "with codename", codename="on")
    send_reply(source=tip.source, text="noted", actor=tips_officer)
    Reply.objects.update(created_hour=timezone.now() - dt.timedelta(days=100))
    _age(tip, 100)
    result = purge_expired()
    assert (result.tips, result.replies, result.sources) == (1, 1, 1)
    assert not Source.objects.exists()


def test_the_purge_command(client, settings):
    settings.INDISPUTABLE_TIPS_RETENTION_DAYS = 1
    _age(_send(client, "x"), 2)
    call_command("tips", "purge")
    assert not Tip.objects.exists()
