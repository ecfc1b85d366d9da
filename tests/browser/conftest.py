"""Browser tests drive Debian's Chromium through Playwright against a live server."""

import os

import pytest

from cases.statutes import ROME_STATUTE, load_catalogue, read_catalogue

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def rome_statute(live_server):
    """The crimes catalogue, loaded again: a transactional test before this one
    flushed what the migration loaded (loading is idempotent)."""
    load_catalogue(read_catalogue(ROME_STATUTE))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def logged_in(page, live_server, investigator):
    """Signed in as the investigator: password, then the authenticator code."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=investigator, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", investigator.username)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/account/2fa/verify/**")
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    page.fill("input[name=token]", f"{code:06d}")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page
