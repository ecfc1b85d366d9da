"""Fixtures of the public pages: two Publishers, an approved public version, a draft."""

import datetime as dt

import pytest

from evidence.demo import photo
from evidence.redaction import Region, approve, make_version
from findings.authoring import Exhibit, draft_finding
from findings.models import FindingsIndexPage
from tests.conftest import make_user


@pytest.fixture(autouse=True)
def _empty_origin_cache():
    """Rolled-back tests reuse page log ids; start each test with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def author(django_user_model):
    return make_user(django_user_model, "alma", "Publishers")


@pytest.fixture
def reviewer(django_user_model):
    return make_user(django_user_model, "rafael", "Publishers")


@pytest.fixture
def camera_photo():
    """A JPEG with GPS, a device serial and a capture time in its EXIF."""
    return photo(
        seed=7,
        latitude=48.5123,
        longitude=35.0412,
        taken=dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC),
        size=(320, 240),
        serial="SERIAL-4711",
    )


@pytest.fixture
def public_version(
    ingest, camera_photo, author, reviewer, django_capture_on_commit_callbacks
):
    """A public version of a photo, made by the author, approved by another."""
    with django_capture_on_commit_callbacks(execute=True):
        item = ingest(camera_photo, "photo.jpg", title="Market, morning")
    version = make_version(
        item, author, kind="public", regions=[Region(10, 10, 40, 40, mode="blur")]
    )
    return approve(version, reviewer)


@pytest.fixture
def findings_index():
    return FindingsIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def draft(findings_index, author, public_version):
    return draft_finding(
        index=findings_index,
        author=author,
        title="Shelling of the market",
        slug="shelling-of-the-market",
        summary="The market was shelled on 14 March.",
        publication_date=dt.date(2026, 4, 1),
        methodology="<p>Open-source photographs, verified.</p>",
        narrative=[("heading", "The morning"), ("paragraph", "<p>At nine.</p>")],
        exhibits=[Exhibit(public_version, "The market square after the shelling")],
    )


def publish_through_review(page, author, reviewer):
    """The author submits, a second Publisher approves: the page goes live."""
    from findings.authoring import review, submit_for_review

    submit_for_review(page, author)
    review(page, reviewer)
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def live_finding(draft, author, reviewer):
    return publish_through_review(draft, author, reviewer)


ALL_STAGES = {
    "classification": ("present", "Official registers divide villagers by origin."),
    "symbolisation": ("present", "Armbands ordered for one group."),
    "discrimination": ("present", "Land titles revoked by decree."),
    "dehumanisation": ("intensifying", "Broadcasts call the villagers vermin."),
    "organisation": ("present", "Militia units armed by the district."),
    "polarisation": ("present", "Moderates arrested."),
    "preparation": ("present", "Lists of names compiled."),
    "persecution": ("intensifying", "Detentions at the school."),
    "extermination": ("not_observed", "No mass killing documented yet."),
    "denial": ("present", "Authorities deny the detentions."),
}


@pytest.fixture
def live_situation(author, reviewer):
    from findings.authoring import draft_situation
    from findings.models import SituationsIndexPage

    page = draft_situation(
        index=SituationsIndexPage.objects.get(locale__language_code="en"),
        author=author,
        title="Demo Republic",
        slug="demo-republic",
        country_or_region="Demo Republic (fictional)",
        alert_level="warning",
        assessed_on=dt.date(2026, 4, 1),
        summary="Eight of the ten stages are present.",
        stages=ALL_STAGES,
        indicators=[("Statistical risk of mass killing", "7.1%", "Demo model")],
        earlier=[(dt.date(2025, 10, 1), "watch", "Registers and broadcasts.")],
        latitude=48.5,
        longitude=35.0,
    )
    return publish_through_review(page, author, reviewer)
