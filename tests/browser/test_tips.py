"""A source with JavaScript disabled (Tor Browser's safest mode) sends a tip."""

import hashlib

import pytest
from pyrage import x25519

from tips.models import Tip

pytestmark = pytest.mark.browser

ORG = x25519.Identity.generate()


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page, context
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_tip_is_sent_with_javascript_disabled(
    no_script_page, live_server, settings, tmp_path
):
    settings.INDISPUTABLE_TIPS_RECIPIENTS = [str(ORG.to_public())]
    settings.INDISPUTABLE_TIPS_DIR = tmp_path / "tips"
    page, context = no_script_page
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(live_server.url) else None
        ),
    )
    evidence = tmp_path / "checkpoint-photo.jpg"
    evidence.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg " * 100)

    page.goto(f"{live_server.url}/tips/")
    assert context.cookies() == []
    page.fill("#id_message", "Checkpoint moved to the bridge")
    page.set_input_files("#id_files", str(evidence))
    page.click("button[type=submit]")

    page.wait_for_selector("text=Your tip was received")
    assert context.cookies() == []
    assert outside == []
    tip = Tip.objects.get()
    sha = hashlib.sha256(evidence.read_bytes()).hexdigest()
    assert [p.sha256 for p in tip.parts.order_by("index")][1] == sha


@pytest.mark.django_db(transaction=True)
def test_a_codename_is_given_and_works_with_javascript_disabled(
    no_script_page, live_server, settings, tmp_path
):
    settings.INDISPUTABLE_TIPS_RECIPIENTS = [str(ORG.to_public())]
    settings.INDISPUTABLE_TIPS_DIR = tmp_path / "tips"
    page, context = no_script_page
    page.goto(f"{live_server.url}/tips/")
    page.fill("#id_message", "I can say more later")
    page.check("#id_codename")
    page.click("button[type=submit]")
    codename = page.inner_text("#codename")
    assert len(codename.split()) == 7
    assert context.cookies() != []

    context.clear_cookies()
    page.goto(f"{live_server.url}/tips/return/")
    page.fill("#id_codename", codename)
    page.click("button[type=submit]")
    page.wait_for_selector("#no-replies")
    page.fill("#id_message", "Here is more")
    page.click("form[action='/tips/source/'] button[type=submit]")
    page.wait_for_selector("#sent")
    assert Tip.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_tip_pages_have_no_wcag_22_aa_violations_in_any_language(
    browser, live_server
):
    from tests.browser.test_findings import AXE, RUN_AXE, WCAG_22_AA

    # axe is injected as a script, which the tip pages' CSP rightly refuses.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    failures = {}
    for path in (
        "/tips/",
        "/tips/about/",
        "/tips/fr/",
        "/tips/es/return/",
        "/tips/ar/",
        "/tips/ar/about/",
    ):
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE, WCAG_22_AA)
        if violations:
            failures[path] = violations
    if page.locator("html").get_attribute("dir") != "rtl":
        failures["/tips/ar/about/"] = "not laid out right to left"
    context.close()
    assert failures == {}
