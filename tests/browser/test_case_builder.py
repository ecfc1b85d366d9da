"""Legal staff build a small case in the browser: a case, a suspect, a charge, two
items linked to elements from their pages, and the matrix down to one gap."""

import pytest
from playwright.sync_api import expect

from accounts.roles import ensure_roles
from cases import links
from cases.models import Case, Charge, Element, EvidenceLink

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(page, live_server, investigator, client):
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
    page.select_option("#id_charge-suspect", label="Colonel A")
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
