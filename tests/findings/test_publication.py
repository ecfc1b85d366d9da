"""Publication: a second Publisher's approval, exhibit checks, dissemination events."""

import pytest
from django.core.exceptions import PermissionDenied

from chain_of_custody.models import CustodyEvent, EventType
from evidence.redaction import make_version
from findings.authoring import Exhibit, draft_finding, review, submit_for_review
from findings.models import FindingPage
from findings.publication import PublicationRefused
from tests.findings.conftest import publish_through_review

pytestmark = pytest.mark.django_db


def dissemination_events(item):
    return CustodyEvent.objects.filter(item=item, event_type=EventType.DISSEMINATION)


def test_a_workflow_without_the_second_approval_does_not_publish(
    client, draft, author, public_version
):
    submit_for_review(draft, author)

    assert (
        FindingPage.objects.get(pk=draft.pk).current_workflow_task.get_actions(
            draft, author
        )
        == []
    )
    with pytest.raises(PermissionDenied, match="may not approve"):
        review(draft, author)
    with pytest.raises(PublicationRefused, match="Publisher other than its author"):
        draft.get_latest_revision().publish(user=author)

    page = FindingPage.objects.get(pk=draft.pk)
    assert not page.live
    assert client.get("/en/findings/shelling-of-the-market/").status_code == 404
    assert not dissemination_events(public_version.item).exists()


def test_the_author_cannot_approve_even_by_calling_the_task(draft, author):
    submit_for_review(draft, author)
    page = FindingPage.objects.get(pk=draft.pk)
    state = page.current_workflow_task_state

    with pytest.raises(PermissionDenied, match="cannot approve their own page"):
        state.task.specific.on_action(state.specific, author, "approve")

    assert not FindingPage.objects.get(pk=draft.pk).live


def test_a_superuser_cannot_publish_without_a_review(draft, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="x" * 16)

    with pytest.raises(PublicationRefused):
        draft.get_latest_revision().publish(user=boss)

    assert not FindingPage.objects.get(pk=draft.pk).live


def test_a_second_publishers_approval_publishes_and_records_dissemination(
    client, draft, author, reviewer, public_version
):
    page = publish_through_review(draft, author, reviewer)

    assert page.live
    assert client.get(page.url).status_code == 200
    (event,) = dissemination_events(public_version.item)
    assert event.detail.actor == reviewer
    assert event.detail.details == {
        "what": "public version",
        "sha256": public_version.blob.sha256,
        "where": f"public page {page.url_path} (page {page.pk})",
    }


def test_an_exhibit_without_alt_text_is_refused(
    findings_index, author, reviewer, public_version
):
    page = draft_finding(
        index=findings_index,
        author=author,
        title="No alt text",
        summary="s",
        publication_date=public_version.created_at.date(),
        methodology="<p>m</p>",
        exhibits=[Exhibit(public_version, alt_text="  ")],
    )
    submit_for_review(page, author)

    with pytest.raises(PublicationRefused) as refused:
        review(page, reviewer)

    assert str(refused.value) == "Exhibit 1 needs alternative text."
    assert not FindingPage.objects.get(pk=page.pk).live
    assert not dissemination_events(public_version.item).exists()


def test_an_unapproved_version_is_refused(
    findings_index, author, reviewer, public_version
):
    unapproved = make_version(public_version.item, author, kind="public")
    page = draft_finding(
        index=findings_index,
        author=author,
        title="Unapproved",
        summary="s",
        publication_date=public_version.created_at.date(),
        methodology="<p>m</p>",
        exhibits=[Exhibit(public_version, "ok"), Exhibit(unapproved, "also ok")],
    )
    submit_for_review(page, author)

    with pytest.raises(PublicationRefused) as refused:
        review(page, reviewer)

    assert str(refused.value) == "Exhibit 2 is a version nobody has approved yet."
    assert not FindingPage.objects.get(pk=page.pk).live


def test_an_edit_after_approval_needs_a_new_approval(live_finding, author):
    live_finding.summary = "Changed after approval."
    revision = live_finding.save_revision(user=author)

    with pytest.raises(PublicationRefused):
        revision.publish(user=author)

    assert (
        FindingPage.objects.get(pk=live_finding.pk).summary != "Changed after approval."
    )
