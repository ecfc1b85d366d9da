"""The finding editor offers and accepts only incidents of the editor's cases."""

import pytest

from cases import facts, teams
from findings.models import FindingPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def incidents(author, django_user_model):
    """An incident of a case the author is on, and one of a case they are not."""
    from tests.conftest import make_user

    lead = make_user(django_user_model, "lena", "Analysts")
    mine = teams.create_case(
        actor=lead, reference="MINE-1", title="Mine", forum_kind="icc", forum="ICC"
    )
    teams.add_member(case=mine, actor=lead, user=author, role="observer")
    theirs = teams.create_case(
        actor=lead, reference="THEIRS-1", title="Theirs", forum_kind="icc", forum="ICC"
    )
    return (
        facts.add_incident(case=mine, actor=lead, title="Shelling of the market"),
        facts.add_incident(case=theirs, actor=lead, title="Killings at Site Q"),
    )


def editor_form(page, user, data=None):
    form_class = FindingPage.get_edit_handler().get_form_class()
    return form_class(data, instance=page, parent_page=page.get_parent(), for_user=user)


def test_the_editor_lists_only_incidents_of_the_editors_cases(
    client, author, draft, incidents
):
    mine, theirs = incidents
    client.force_login(author)

    page = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()

    assert "Shelling of the market" in page
    assert "Killings at Site Q" not in page


def test_an_incident_of_another_case_is_refused(author, draft, incidents):
    mine, theirs = incidents
    child_form = editor_form(draft, author).formsets["incidents"].form

    refused = child_form(data={"incident": theirs.pk, "public_note": ""})
    accepted = child_form(data={"incident": mine.pk, "public_note": ""})

    assert not refused.is_valid()
    assert "Select a valid choice" in str(refused.errors["incident"])
    assert accepted.is_valid(), accepted.errors
