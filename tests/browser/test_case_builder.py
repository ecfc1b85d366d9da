"""Legal staff build a small case in the browser: a case, a suspect, a charge, two
items linked to elements from their pages, and the matrix down to one gap; then a
person and an incident on their own screens, and an item linked to the incident
through the chooser."""

import pytest
from playwright.sync_api import expect

from accounts.roles import ensure_roles
from cases import facts, links, teams
from cases.models import (
    Case,
    CaseAuditEntry,
    Charge,
    Element,
    EvidenceLink,
    Incident,
    Person,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(page, live_server, investigator, client, rome_statute):
    """The investigator's browser, signed in through the test client's session (a
    complete sign-in, second factor included, as ``force_login`` stands for)."""
    client.force_login(investigator)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.mark.django_db(transaction=True)
def test_build_a_case_and_watch_the_matrix(
    signed_in, live_server, investigator, ingest
):
    page = signed_in
    investigator.groups.add(ensure_roles()["Analysts"])  # may create cases
    video = ingest(b"video of the square", "square.mp4", title="Video of the square")
    report = ingest(b"autopsy report", "autopsy.txt", title="Autopsy report")

    page.goto(f"{live_server.url}/admin/cases/")
    page.fill("#id_reference", "CASE-2026-042")
    page.fill("#id_title", "Killings in the square")
    page.select_option("#id_forum_kind", "icc")
    page.fill("#id_forum", "ICC, Situation in the demo republic")
    page.click("#case-create-submit")
    page.wait_for_url("**/admin/cases/CASE-2026-042/")

    page.click("text=Add a person")
    page.fill("#id_person-name", "Colonel A")
    page.check("#id_person-is_suspect")
    page.click("#person-submit")
    page.wait_for_url("**/admin/cases/CASE-2026-042/")

    page.click("text=Add a charge")
    page.click("#id_charge-suspect-chooser .chooser__choose-button")
    page.locator(".modal-content #id_q").fill("Colonel")
    suspect = page.locator(".modal-content a[data-chooser-modal-choice]")
    expect(suspect).to_have_text("Colonel A")
    suspect.click()
    page.select_option("#id_charge-crime", label="Art. 7(1)(a) Murder")
    page.select_option(
        "#id_charge-mode", label="Art. 25(3)(a) Commission: direct perpetration"
    )
    page.click("#charge-submit")
    expect(page.locator("#case-charges li")).to_have_text(
        "Colonel A: Art. 7(1)(a) Murder — Art. 25(3)(a) Commission: direct perpetration"
    )

    case = Case.objects.get(reference="CASE-2026-042")
    charge = Charge.objects.get(case=case)
    # Colleagues have already charted the context and the mental element.
    for code in ("RS-7-1-a-A30", "RS-7-1-a-2", "RS-7-1-a-3"):
        links.link_evidence(
            case=case,
            item=report,
            actor=investigator,
            charge=charge,
            element=Element.objects.get(code=code),
        )
    page.goto(f"{live_server.url}/admin/cases/CASE-2026-042/matrix/")
    expect(page.locator("#matrix-summary strong")).to_have_text("3")

    for item, code, pages in (
        (video, "RS-7-1-a-1", None),
        (report, "RS-25-3-a-DIR-1", ("2", "3")),
    ):
        page.goto(f"{live_server.url}/admin/evidence/item/{item.reference}/")
        page.click("#add-to-case")
        element = Element.objects.get(code=code)
        page.select_option("#id_target", f"{charge.pk}:{element.pk}")
        if pages:
            page.fill("#id_page_from", pages[0])
            page.fill("#id_page_to", pages[1])
        page.fill("#id_probative_note", f"Charted from {item.reference}.")
        page.click("#link-submit")
        page.wait_for_url("**/admin/cases/CASE-2026-042/matrix/")

    expect(page.locator("#matrix-summary strong")).to_have_text("1")
    gap = page.locator("tr.cases-gap")
    expect(gap).to_have_count(1)
    expect(gap).to_have_attribute("data-element", "RS-25-3-a-DIR-2")
    expect(page.locator('tr[data-element="RS-7-1-a-1"] a').first).to_have_text(
        video.reference
    )
    assert EvidenceLink.objects.filter(case=case).count() == 5
    assert video.custody_events.filter(event_type="mem").count() == 1


@pytest.mark.django_db(transaction=True)
def test_person_and_incident_through_the_screens_and_a_chosen_link(
    signed_in, live_server, investigator, ingest
):
    """A person and an incident made on their screens; an item linked to the
    incident from its page, the incident picked in the chooser by searching."""
    page = signed_in
    investigator.groups.add(ensure_roles()["Analysts"])
    case = teams.create_case(
        actor=type(investigator).objects.get(pk=investigator.pk),
        reference="CASE-2026-043",
        title="The mill",
        forum_kind="icc",
        forum="ICC",
    )
    facts.add_incident(case=case, actor=investigator, title="Shelling of the market")
    photo = ingest(b"photo of the mill", "mill.jpg", title="Photo of the mill")
    base = f"{live_server.url}/admin/cases/CASE-2026-043"

    page.goto(f"{base}/persons/")
    page.fill("#id_person-name", "Colonel B")
    page.check("#id_person-is_suspect")
    page.fill("#id_person-birth_date", "1971-01-01")
    page.select_option("#id_person-birth_date_precision", "year")
    page.click("#person-form-submit")
    page.wait_for_url(f"{base}/persons/*/")
    page.click("text=Add a name or alias")
    page.fill("#id_name-name", "العقيد ب")
    page.select_option("#id_name-kind", "legal")
    page.fill("#id_name-script", "Arab")
    page.click("#name-form-submit")
    expect(page.locator("#person-names")).to_contain_text("العقيد ب — legal name")

    page.goto(f"{base}/incidents/")
    page.click("#incident-add")
    page.fill("#id_incident-title", "Burning of the mill")
    page.fill("#id_incident-start_at", "2026-03-14T09:00")
    page.select_option("#id_incident-start_precision", "hour")
    page.fill("#id_incident-place_name", "Mill by the ford")
    page.fill("#id_incident-latitude", "48.5")
    page.fill("#id_incident-longitude", "35.1")
    page.select_option("#id_incident-place_precision", "site")
    page.fill("#id_incident-victims_estimate", "12")
    page.fill("#id_incident-new_group", "River villagers")
    page.select_option("#id_incident-new_group_kind", "ethnical")
    page.click("#incident-form-submit")
    page.wait_for_url(f"{base}/incidents/*/")
    incident = Incident.objects.get(case=case, title="Burning of the mill")

    page.goto(f"{live_server.url}/admin/evidence/item/{photo.reference}/")
    page.click("#add-to-case")
    page.check("input[name=target_kind][value=incident]")
    page.click("#id_incident-chooser .chooser__choose-button")
    modal = page.locator(".modal-content")
    modal.locator("#id_q").fill("mill")
    choice = modal.locator("a[data-chooser-modal-choice]")
    expect(choice).to_have_count(1)
    expect(choice).to_have_text("Burning of the mill")
    choice.click()
    expect(page.locator("#id_incident-chooser [data-chooser-title]")).to_have_text(
        "Burning of the mill"
    )
    page.fill("#id_probative_note", "The mill burning.")
    page.click("#link-submit")
    page.wait_for_url(f"{base}/incidents/{incident.pk}/")
    expect(page.locator(".cases-links")).to_contain_text(photo.reference)

    person = Person.objects.get(case=case)
    assert (person.birth_date_precision, person.names.get().script) == ("year", "Arab")
    assert incident.targeted_groups.get().kind == "ethnical"
    link = EvidenceLink.objects.get(item=photo)
    assert (link.incident, link.probative_note) == (incident, "The mill burning.")
    assert photo.custody_events.filter(event_type="mem").count() == 1
    assert set(
        CaseAuditEntry.objects.filter(case=case).values_list("action", flat=True)
    ) >= {"person.added", "person.name_added", "incident.added", "link.added"}
