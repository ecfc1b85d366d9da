"""The screens of a case's facts (persons, organisations, incidents, witnesses,
consents) and the choosers: each write goes through an operation and is in the
audit history; choosers offer only what the user may choose."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from cases import facts, teams
from cases.models import (
    AuditAction,
    CaseAuditEntry,
    CommandRelationship,
    Consent,
    EvidenceLink,
    Incident,
    Person,
    Position,
    Witness,
    WitnessIdentity,
)
from chain_of_custody.models import CustodyEvent
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def audit(case, action):
    return list(CaseAuditEntry.objects.filter(case=case, action=action))


def test_person_screens_record_names_posts_and_changes(client, case, lawyer):
    client.force_login(lawyer)
    response = client.post(
        reverse("cases:persons", args=[case.reference]),
        {
            "action": "person",
            "person-name": "Major B",
            "person-is_suspect": "on",
            "person-birth_date": "1970-01-01",
            "person-birth_date_precision": "year",
            "person-nationality": "XD",
        },
    )
    person = Person.objects.get(case=case, name="Major B")
    page = reverse("cases:person", args=[case.reference, person.pk])
    assert response["Location"] == page
    assert (person.is_suspect, person.birth_date_precision) == (True, "year")

    client.post(
        page,
        {
            "action": "name",
            "name-name": "الرائد ب",
            "name-kind": "legal",
            "name-script": "Arab",
            "name-language": "ar",
        },
    )
    unit = facts.add_organisation(
        case=case, actor=lawyer, name="3rd Brigade", kind="armed_force"
    )
    client.post(
        page,
        {
            "action": "position",
            "position-organisation": unit.pk,
            "position-title": "Commander",
            "position-is_command": "on",
            "position-start_date": "2025-06-01",
            "position-start_precision": "month",
        },
    )
    client.post(
        page,
        {
            "action": "facts",
            "facts-name": "Major B.",
            "facts-is_suspect": "on",
            "facts-nationality": "XD XE",
        },
    )

    shown = client.get(page).content.decode()
    assert "الرائد ب" in shown
    assert "Commander, 3rd Brigade (command)" in shown
    position = Position.objects.get(person=person)
    assert (position.start_date, position.start_precision) == (
        dt.date(2025, 6, 1),
        "month",
    )
    (changed,) = audit(case, AuditAction.PERSON_CHANGED)
    assert changed.before["name"] == "Major B"
    assert changed.after["name"] == "Major B."
    assert changed.before["birth_date"] == "1970-01-01"
    assert changed.after["birth_date"] is None
    assert audit(case, AuditAction.NAME_ADDED)[0].summary == (
        "Added the name الرائد ب (legal) of Major B"
    )
    assert len(audit(case, AuditAction.POSITION_ADDED)) == 1


def test_a_date_without_its_precision_is_refused(client, case, lawyer):
    client.force_login(lawyer)
    response = client.post(
        reverse("cases:persons", args=[case.reference]),
        {"action": "person", "person-name": "C", "person-birth_date": "1980-02-03"},
    )
    assert response.status_code == 200
    assert "Say how precisely this date is known." in response.content.decode()
    assert not Person.objects.filter(name="C").exists()


def test_organisations_hierarchy_and_command_over_time(client, case, lawyer):
    client.force_login(lawyer)
    url = reverse("cases:organisations", args=[case.reference])
    client.post(
        url,
        {
            "action": "organisation",
            "organisation-name": "Army",
            "organisation-kind": "armed_force",
        },
    )
    army = case.organisations.get(name="Army")
    client.post(
        url,
        {
            "action": "organisation",
            "organisation-name": "3rd Brigade",
            "organisation-kind": "armed_force",
            "organisation-parent": army.pk,
        },
    )
    militia = facts.add_organisation(
        case=case, actor=lawyer, name="Valley militia", kind="armed_group"
    )
    client.post(
        url,
        {
            "action": "command",
            "command-superior": army.pk,
            "command-subordinate": militia.pk,
            "command-basis": "de_facto",
            "command-start_date": "2025-03-01",
            "command-start_precision": "month",
        },
    )
    command = CommandRelationship.objects.get()
    assert (command.superior, command.subordinate, command.basis) == (
        army,
        militia,
        "de_facto",
    )
    page = client.get(url).content.decode()
    assert page.index("Army") < page.index("└ <strong>3rd Brigade")
    assert "commands Valley militia (de facto) 2025-03-01" in page
    assert len(audit(case, AuditAction.ORGANISATION_ADDED)) == 3
    assert audit(case, AuditAction.COMMAND_ADDED)[0].after["basis"] == "de_facto"

    refused = client.post(
        url,
        {
            "action": "command",
            "command-superior": army.pk,
            "command-subordinate": army.pk,
            "command-basis": "de_jure",
        },
    )
    assert "An organisation does not command itself." in refused.content.decode()


def incident_post(**extra):
    return {
        "action": "incident",
        "incident-title": "Burning of the mill",
        "incident-start_at": "2026-03-14T09:00",
        "incident-start_precision": "hour",
        "incident-place_name": "Mill by the ford",
        "incident-latitude": "48.5",
        "incident-longitude": "35.1",
        "incident-place_precision": "site",
        "incident-victims_estimate": "12",
        "incident-victims_min": "9",
        "incident-victims_max": "20",
        "incident-new_group": "River villagers",
        "incident-new_group_kind": "ethnical",
        **extra,
    }


def test_incident_created_edited_and_an_item_linked_to_it(client, case, lawyer, ingest):
    client.force_login(lawyer)
    response = client.post(
        reverse("cases:incident_add", args=[case.reference]), incident_post()
    )
    incident = Incident.objects.get(case=case)
    page = reverse("cases:incident", args=[case.reference, incident.pk])
    assert response["Location"] == page
    assert [str(g) for g in incident.targeted_groups.all()] == [
        "River villagers (ethnical)"
    ]
    group = incident.targeted_groups.get()

    client.post(
        page,
        incident_post(
            **{
                "incident-victims_estimate": "15",
                "incident-new_group": "",
                "incident-new_group_kind": "",
                "incident-targeted_groups": [group.pk],
                "incident-crimes": [case.statute.crimes.get(code="RS-7-1-a").pk],
            }
        ),
    )
    incident.refresh_from_db()
    assert incident.victims_estimate == 15
    (changed,) = audit(case, AuditAction.INCIDENT_CHANGED)
    assert (changed.before["victims_estimate"], changed.after["victims_estimate"]) == (
        12,
        15,
    )
    assert changed.after["crimes"] == ["RS-7-1-a"]

    photo = ingest(b"photo of the mill", "mill.jpg")
    client.post(
        page,
        {
            "action": "link",
            "link-item": photo.pk,
            "link-stance": "supports",
            "link-probative_note": "The mill burning.",
        },
    )
    link = EvidenceLink.objects.get(item=photo)
    assert (link.incident, link.charge) == (incident, None)
    assert CustodyEvent.objects.filter(item=photo, event_type="mem").count() == 1
    assert photo.reference in client.get(page).content.decode()

    retracted = client.post(
        reverse("cases:retract", args=[case.reference, link.pk]),
        {"reason": "Another mill."},
    )
    assert retracted["Location"] == page
    link.refresh_from_db()
    assert link.retraction_reason == "Another mill."
    assert (
        "retracted</strong> by lena: Another mill." in client.get(page).content.decode()
    )


def test_incident_form_errors_are_said_and_nothing_saved(client, case, lawyer):
    client.force_login(lawyer)
    response = client.post(
        reverse("cases:incident_add", args=[case.reference]),
        incident_post(
            **{
                "incident-place_precision": "",
                "incident-victims_estimate": "30",
                "incident-new_group_kind": "",
            }
        ),
    )
    body = response.content.decode()
    assert "Say how precise the coordinates are." in body
    assert "The estimate lies outside the range." in body
    assert "Say what kind of group it is." in body
    assert not Incident.objects.exists()


def test_an_observer_may_read_the_screens_but_not_write(client, case, lawyer):
    observer = make_user(type(lawyer), "olga", "Analysts")
    teams.add_member(case=case, actor=lawyer, user=observer, role="observer")
    client.force_login(observer)
    url = reverse("cases:persons", args=[case.reference])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "person", "person-name": "X"})
    # The admin turns the refusal into a redirect with the reason as a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Person.objects.filter(name="X").exists()


def test_witnesses_consent_and_identity_for_the_protection_role_only(
    client, case, lawyer, protector
):
    teams.add_member(case=case, actor=lawyer, user=protector, role="witness_protection")
    client.force_login(lawyer)
    response = client.post(
        reverse("cases:witnesses", args=[case.reference]),
        {"action": "witness", "witness-protection_level": "redaction"},
    )
    witness = Witness.objects.get(case=case)
    page = reverse("cases:witness", args=[case.reference, "P-0001"])
    assert (witness.pseudonym, response["Location"]) == ("P-0001", page)
    client.post(
        page,
        {
            "action": "consent",
            "consent-share_with_courts": "on",
            "consent-courts": "ICC",
            "consent-given_on": "2026-04-01",
        },
    )
    assert Consent.objects.get(witness=witness).courts == "ICC"
    assert "may be shared with ICC" in client.get(page).content.decode()
    # The lead gets no identity form, and posting one records nothing.
    assert 'id="identity-form"' not in client.get(page).content.decode()
    client.post(page, {"action": "identity", "identity-legal_name": "Secret"})
    assert not WitnessIdentity.objects.exists()

    client.force_login(protector)
    assert 'id="identity-form"' in client.get(page).content.decode()
    client.post(page, {"action": "identity", "identity-legal_name": "A. Person"})
    assert WitnessIdentity.objects.get(witness=witness).legal_name == "A. Person"
    recorded = audit(case, AuditAction.IDENTITY_RECORDED)
    assert [e.summary for e in recorded] == ["Recorded the identity of P-0001"]
    assert "A. Person" not in json.dumps([e.after for e in recorded])


def test_consent_for_an_item_is_in_the_history_and_custody(
    client, case, lawyer, ingest
):
    item = ingest(b"signed release", "release.pdf")
    client.force_login(lawyer)
    url = reverse("cases:item_consent", args=[item.reference])
    response = client.post(
        url,
        {
            "case": case.reference,
            "action": "consent",
            "consent-publish": "on",
            "consent-form_reference": "CF-12",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(item=item)
    assert (consent.publish, consent.form_reference) == (True, "CF-12")
    assert audit(case, AuditAction.CONSENT_RECORDED)[0].summary == (
        f"Recorded consent for {item.reference}"
    )
    event = CustodyEvent.objects.get(item=item, event_type="mem")
    assert event.get_event_type_display() == "metadata modification"


def test_add_to_case_links_to_an_incident_or_a_person(client, case, lawyer, ingest):
    incident = facts.add_incident(case=case, actor=lawyer, title="Shelling")
    person = facts.add_person(case=case, actor=lawyer, name="Colonel C")
    item = ingest(b"clip", "clip.mp4")
    client.force_login(lawyer)
    url = reverse("cases:add_to_case", args=[item.reference])
    form = client.get(url, {"case": case.reference}).content.decode()
    assert f"/admin/choose/incidents/?case={case.reference}" in form
    client.post(
        url,
        {
            "case": case.reference,
            "target_kind": "incident",
            "incident": incident.pk,
            "stance": "undermines",
        },
    )
    missing = client.post(
        url, {"case": case.reference, "target_kind": "person", "stance": "supports"}
    )
    assert "Choose what the item is linked to." in missing.content.decode()
    client.post(
        url,
        {
            "case": case.reference,
            "target_kind": "person",
            "person": person.pk,
            "stance": "supports",
        },
    )
    assert {(k.incident, k.person, k.stance) for k in item.case_links.all()} == {
        (incident, None, "undermines"),
        (None, person, "supports"),
    }


def chooser_results(client, name, **params):
    response = client.get(reverse(f"{name}:choose_results"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_choosers_search_and_offer_only_what_the_user_may_choose(
    client, case, lawyer, suspect, ingest, django_user_model
):
    facts.add_person(case=case, actor=lawyer, name="Private D")
    stranger = make_user(django_user_model, "sam", "Analysts", "Investigators")
    other = teams.create_case(
        actor=stranger, reference="OTHER-9", title="x", forum_kind="icc", forum="x"
    )
    facts.add_person(case=other, actor=stranger, name="Colonel Elsewhere")
    mine = ingest(b"report", "report.pdf", title="Autopsy report")
    hidden = ingest(
        b"secret",
        "secret.pdf",
        title="Autopsy of a protected source",
        user=stranger,
        sensitivity="confidential",
    )
    client.force_login(lawyer)

    by_alias = chooser_results(client, "case_person_chooser", q="العقيد")
    assert "Colonel A" in by_alias
    assert "Private D" not in by_alias
    everyone = chooser_results(client, "case_person_chooser", case=case.reference)
    assert "Private D" in everyone
    assert "Colonel Elsewhere" not in everyone
    assert "Colonel Elsewhere" not in chooser_results(
        client, "case_person_chooser", q="Colonel"
    )
    items = chooser_results(client, "case_item_chooser", q="autopsy")
    assert mine.reference in items
    assert hidden.reference not in items
    assert (
        client.get(reverse("case_item_chooser:chosen", args=[hidden.pk])).status_code
        == 404
    )
    chosen = client.get(reverse("case_item_chooser:chosen", args=[mine.pk]))
    assert json.loads(chosen.content)["result"]["title"] == str(mine)
    elsewhere = other.persons.get()
    assert (
        client.get(
            reverse("case_person_chooser:chosen", args=[elsewhere.pk])
        ).status_code
        == 404
    )


def test_a_statement_is_added_to_a_witness_with_history_and_custody(
    client, case, lawyer, ingest
):
    from cases import witnesses

    witness = witnesses.register_witness(
        case=case, actor=lawyer, protection_level="pseudonym"
    )
    item = ingest(b"I saw the convoy.", "statement.txt")
    page = reverse("cases:witness", args=[case.reference, witness.pseudonym])
    client.force_login(lawyer)

    response = client.post(page, {"action": "statement", "statement-item": item.pk})

    assert response.status_code == 302
    assert list(witness.statements.all()) == [item]
    (entry,) = audit(case, AuditAction.STATEMENT_ADDED)
    assert entry.after == {"item": item.reference, "sha256": item.blob.sha256}
    event = CustodyEvent.objects.select_related("detail").get(
        item=item, event_type="mem"
    )
    assert event.detail.details == {"case": case.reference, "witness": "P-0001"}
    assert item.reference in client.get(page).content.decode()

    again = client.post(page, {"action": "statement", "statement-item": item.pk})
    assert f"{item.reference} is already a statement of P-0001." in (
        again.content.decode()
    )
    assert len(audit(case, AuditAction.STATEMENT_ADDED)) == 1


def test_a_statement_the_user_may_not_see_cannot_be_added(
    client, case, lawyer, ingest, investigator
):
    from cases import witnesses

    witness = witnesses.register_witness(
        case=case, actor=lawyer, protection_level="pseudonym"
    )
    hidden = ingest(
        b"confidential", "c.txt", user=investigator, sensitivity="confidential"
    )
    client.force_login(lawyer)

    response = client.post(
        reverse("cases:witness", args=[case.reference, witness.pseudonym]),
        {"action": "statement", "statement-item": hidden.pk},
    )

    assert "Select a valid choice" in response.content.decode()
    assert not witness.statements.exists()


@pytest.fixture
def unit_facts(case, lawyer):
    """An army with a brigade under it, a commander's name and post."""
    army = facts.add_organisation(
        case=case, actor=lawyer, name="Army", kind="armed_force"
    )
    brigade = facts.add_organisation(
        case=case, actor=lawyer, name="3rd Brigade", kind="armed_force", parent=army
    )
    person = facts.add_person(case=case, actor=lawyer, name="Major B")
    name = facts.add_person_name(
        person=person, actor=lawyer, name="Majr B", kind="alias"
    )
    post = facts.add_position(
        person=person, actor=lawyer, organisation=brigade, title="Commander"
    )
    command = facts.add_command(
        actor=lawyer, superior=army, subordinate=brigade, basis="de_jure"
    )
    return {
        "army": army,
        "brigade": brigade,
        "name": name,
        "post": post,
        "command": command,
    }


def test_a_misspelt_alias_is_corrected_and_the_history_keeps_the_old_one(
    client, case, lawyer, unit_facts
):
    name = unit_facts["name"]
    client.force_login(lawyer)
    person_page = reverse("cases:person", args=[case.reference, name.person_id])
    edit = reverse("cases:name_edit", args=[case.reference, name.pk])
    assert f'href="{edit}"' in client.get(person_page).content.decode()

    response = client.post(
        edit,
        {
            "action": "edit",
            "edit-name": " الرائد ب ",
            "edit-kind": "alias",
            "edit-script": "Arab",
            "edit-language": "ar",
        },
    )

    assert response["Location"] == person_page
    name.refresh_from_db()
    assert (name.name, name.script, name.language) == ("الرائد ب", "Arab", "ar")
    (entry,) = audit(case, AuditAction.NAME_CHANGED)
    assert entry.before == {
        "name": "Majr B",
        "kind": "alias",
        "script": "",
        "language": "",
    }
    assert entry.after["name"] == "الرائد ب"


def test_a_post_and_a_command_are_corrected_with_their_dates(
    client, case, lawyer, unit_facts
):
    client.force_login(lawyer)
    post, command = unit_facts["post"], unit_facts["command"]
    client.post(
        reverse("cases:position_edit", args=[case.reference, post.pk]),
        {
            "action": "edit",
            "edit-organisation": unit_facts["army"].pk,
            "edit-title": "Deputy commander",
            "edit-start_date": "2024-03-01",
            "edit-start_precision": "month",
        },
    )
    client.post(
        reverse("cases:command_edit", args=[case.reference, command.pk]),
        {
            "action": "edit",
            "edit-superior": unit_facts["army"].pk,
            "edit-subordinate": unit_facts["brigade"].pk,
            "edit-basis": "de_facto",
            "edit-end_date": "2025-12-31",
            "edit-end_precision": "day",
        },
    )

    post.refresh_from_db()
    command.refresh_from_db()
    assert (post.title, post.organisation_id, post.start_date) == (
        "Deputy commander",
        unit_facts["army"].pk,
        dt.date(2024, 3, 1),
    )
    assert (command.basis, command.end_date) == ("de_facto", dt.date(2025, 12, 31))
    (moved,) = audit(case, AuditAction.POSITION_CHANGED)
    assert moved.before["organisation_id"] == unit_facts["brigade"].pk
    assert moved.after["organisation_id"] == unit_facts["army"].pk
    (basis,) = audit(case, AuditAction.COMMAND_CHANGED)
    assert (basis.before["basis"], basis.after["basis"]) == ("de_jure", "de_facto")


def test_an_organisation_cannot_be_put_under_its_own_unit(
    client, case, lawyer, unit_facts
):
    client.force_login(lawyer)
    army = unit_facts["army"]

    response = client.post(
        reverse("cases:organisation_edit", args=[case.reference, army.pk]),
        {
            "action": "edit",
            "edit-name": "Army",
            "edit-kind": "armed_force",
            "edit-parent": unit_facts["brigade"].pk,
        },
    )

    assert response.status_code == 200
    assert "cannot be placed under itself or its own units" in response.content.decode()
    army.refresh_from_db()
    assert army.parent_id is None
    assert not audit(case, AuditAction.ORGANISATION_CHANGED)


def test_corrections_are_refused_to_readers_and_hidden_from_other_cases(
    client, case, lawyer, colleague, unit_facts
):
    teams.add_member(case=case, actor=lawyer, user=colleague, role="observer")
    url = reverse(
        "cases:organisation_edit", args=[case.reference, unit_facts["army"].pk]
    )
    outsider = make_user(type(lawyer), "olga", "Analysts")

    client.force_login(colleague)
    refused = client.post(
        url, {"action": "edit", "edit-name": "X", "edit-kind": "armed_force"}
    )
    client.force_login(outsider)
    hidden = client.get(url)

    assert refused.status_code == 302  # the admin's refusal, with the reason
    assert hidden.status_code == 404
    assert case.organisations.filter(name="X").count() == 0


def test_a_record_of_another_case_is_neither_found_nor_offered(
    client, case, lawyer, unit_facts
):
    """The lead of two cases corrects through one case's address: the other case's
    records are not found there, and its organisations are not valid choices."""
    other = teams.create_case(
        actor=lawyer,
        reference="CASE-2026-002",
        title="Another case",
        forum_kind="icc",
        forum="ICC",
    )
    stranger = facts.add_organisation(
        case=other, actor=lawyer, name="Other army", kind="armed_force"
    )
    client.force_login(lawyer)

    through_this_case = reverse(
        "cases:organisation_edit", args=[case.reference, stranger.pk]
    )
    assert client.get(through_this_case).status_code == 404
    posted = client.post(
        through_this_case,
        {"action": "edit", "edit-name": "Renamed", "edit-kind": "armed_force"},
    )
    assert posted.status_code == 404
    moved = client.post(
        reverse("cases:position_edit", args=[case.reference, unit_facts["post"].pk]),
        {
            "action": "edit",
            "edit-organisation": stranger.pk,
            "edit-title": "Commander",
        },
    )
    commanded = client.post(
        reverse("cases:command_edit", args=[case.reference, unit_facts["command"].pk]),
        {
            "action": "edit",
            "edit-superior": unit_facts["army"].pk,
            "edit-subordinate": stranger.pk,
            "edit-basis": "de_jure",
        },
    )

    for response in (moved, commanded):
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.name == "Other army"
    assert Position.objects.get(pk=unit_facts["post"].pk).organisation_id == (
        unit_facts["brigade"].pk
    )
    assert CommandRelationship.objects.get(
        pk=unit_facts["command"].pk
    ).subordinate_id == (unit_facts["brigade"].pk)
    assert not CaseAuditEntry.objects.filter(
        action__in=[
            AuditAction.ORGANISATION_CHANGED,
            AuditAction.POSITION_CHANGED,
            AuditAction.COMMAND_CHANGED,
        ]
    ).exists()
    # The operations refuse it too, whoever calls them.
    with pytest.raises(ValueError, match="belongs to another case"):
        facts.update_organisation(
            organisation=unit_facts["army"], actor=lawyer, parent=stranger
        )
    with pytest.raises(ValueError, match="belong to different cases"):
        facts.update_command(
            command=unit_facts["command"], actor=lawyer, subordinate=stranger
        )
