"""The custody log page: Auditors read checkpoints and verifications and start one."""

import pytest
from custody_testing import triggers_bypassed

from chain_of_custody.checkpoints import create_checkpoint
from chain_of_custody.models import CustodyEvent, EventType
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(django_user_model):
    return make_user(django_user_model, "audrey", "Auditors")


@pytest.fixture
def log(signing_key, ingest):
    items = [ingest(b"first file"), ingest(b"second file")]
    return items, create_checkpoint()


def _validations():
    return CustodyEvent.objects.filter(
        event_type=EventType.VALIDATION, item=None
    ).select_related("detail")


def test_an_auditor_reads_the_checkpoints_of_the_log(client, auditor, log):
    _, checkpoint = log
    client.force_login(auditor)

    page = client.get("/admin/custody/").content.decode()

    assert checkpoint.root_hash in page
    assert f"<td>{checkpoint.size}</td>" in page
    assert "The log has not been verified yet." in page
    # The page shows no item content: neither titles nor file names.
    assert "file.bin" not in page


def test_verify_now_records_a_successful_verification_by_the_auditor(
    client, auditor, log
):
    client.force_login(auditor)
    size = CustodyEvent.objects.count()

    response = client.post("/admin/custody/verify/", follow=True)

    (event,) = _validations()
    assert event.outcome == "success"
    assert event.detail.actor_id == auditor.pk
    assert event.detail.details["size"] == size
    assert event.detail.details["problems"] == []
    page = response.content.decode()
    assert "The custody log verified: no problems found." in page
    assert f"<td>{event.seq}</td>" in page


def test_a_tampered_log_fails_verification_and_the_page_names_the_event(
    client, auditor, log
):
    with triggers_bypassed() as cursor:
        cursor.execute(
            "UPDATE chain_of_custody_custodyevent SET outcome = 'failure' WHERE seq = 1"
        )
    client.force_login(auditor)

    page = client.post("/admin/custody/verify/", follow=True).content.decode()

    (event,) = _validations()
    assert event.outcome == "failure"
    assert any(p.startswith("seq 1:") for p in event.detail.details["problems"])
    assert "did NOT verify" in page
    assert "seq 1:" in page


def test_verify_with_fixity_rehashes_every_blob(client, auditor, log):
    client.force_login(auditor)

    client.post("/admin/custody/verify/", {"fixity": "on"})

    fixity = CustodyEvent.objects.select_related("detail").get(
        event_type=EventType.FIXITY_CHECK, item=None
    )
    assert fixity.outcome == "success"
    assert fixity.detail.details == {"checked": 2, "failed": {}}


def test_staff_who_are_not_auditors_can_neither_read_nor_verify(
    client, investigator, log
):
    client.force_login(investigator)

    assert client.get("/admin/custody/").status_code == 302
    assert client.post("/admin/custody/verify/").status_code == 302
    assert not _validations().exists()


def test_the_menu_shows_the_custody_log_to_auditors_only(
    client, auditor, investigator, log
):
    client.force_login(auditor)
    assert '"/admin/custody/"' in client.get("/admin/").content.decode()
    client.force_login(investigator)
    assert '"/admin/custody/"' not in client.get("/admin/").content.decode()


def test_a_second_click_while_one_waits_queues_nothing(client, auditor, log, settings):
    """With a real queue (production's database backend), a verification already
    waiting is not queued again by a double click or a colleague."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(auditor)

    first = client.post("/admin/custody/verify/", follow=True).content.decode()
    second = client.post("/admin/custody/verify/", follow=True).content.decode()

    assert "Verification started." in first
    assert "A verification is already waiting or running." in second
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "chain_of_custody.tasks.verify_log_task"
    assert queued.args_kwargs["args"] == [auditor.pk, False]
    assert not _validations().exists()  # nothing ran: no worker in this test
