"""Reading the public pages in Chromium: English, Arabic (right to left), axe-core."""

import datetime as dt
import io
from pathlib import Path

import pytest

from evidence.demo import photo
from evidence.intake import Submission, ingest_evidence

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FINDING = "/{}/findings/attacks-on-the-river-villages/"
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))
  }));
}"""


@pytest.fixture
def demo_pages(investigator, django_capture_on_commit_callbacks):
    from findings.demo import load_demo_findings

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            ingest_evidence(
                submitted_by=investigator,
                filename=f"photo{n}.jpg",
                submission=Submission(source_type="witness", title=f"Photo {n}"),
                stream=io.BytesIO(
                    photo(
                        seed=n,
                        latitude=48.5,
                        longitude=35.0,
                        taken=dt.datetime(2026, 3, 14, 9, tzinfo=dt.UTC),
                        size=(480, 360),
                    )
                ),
                ingest_path=f"demo:photo{n}.jpg",
            )
    return load_demo_findings()


def loaded_images(page) -> list[int]:
    return page.locator("main img").evaluate_all(
        "imgs => imgs.map(i => i.complete ? i.naturalWidth : -1)"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_reader_reads_a_finding_in_english_and_in_arabic(
    page, live_server, demo_pages, tmp_path
):
    blocked = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security" in m.text else None,
    )
    page.goto(live_server.url + FINDING.format("en"))
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert (
        page.locator("h1").inner_text() == "Attacks on the river villages (fictional)"
    )
    page.locator("main img").last.scroll_into_view_if_needed()
    for _ in range(50):
        if all(width > 0 for width in loaded_images(page)):
            break
        page.wait_for_timeout(100)
    assert loaded_images(page) == [480, 480]

    # The skip link comes first in the focus order and leads to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.click("a[hreflang=ar]")
    page.wait_for_url(live_server.url + FINDING.format("ar"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() == "الهجمات على قرى النهر (خيالية)"
    shot = tmp_path / "finding-ar.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert blocked == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_pages_have_no_wcag_22_aa_violations(
    browser, live_server, demo_pages
):
    # axe is injected as an inline script, which the pages' CSP rightly refuses.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    failures = {}
    for path in (
        "/en/",
        "/fr/",
        "/es/",
        "/ar/",
        "/en/findings/",
        FINDING.format("en"),
        FINDING.format("ar"),
        "/en/situations/",
        "/en/situations/demo-republic/",
        "/ar/situations/demo-republic/",
    ):
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE, WCAG_22_AA)
        if violations:
            failures[path] = violations
    context.close()
    assert failures == {}
