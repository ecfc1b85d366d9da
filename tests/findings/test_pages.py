"""The public pages: situations, the map, languages and right-to-left Arabic."""

import datetime as dt
import json
import re

import pytest

from findings.authoring import draft_translation
from findings.models import FindingPage, SituationPage
from tests.findings.conftest import publish_through_review

pytestmark = pytest.mark.django_db


def test_a_situation_page_shows_the_ten_stages_and_the_alert_level(
    client, live_situation
):
    html = client.get("/en/situations/demo-republic/").content.decode()

    assert '<span class="alert alert-warning">Genocide Warning</span>' in html
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert rows == [
        "1. Classification",
        "2. Symbolisation",
        "3. Discrimination",
        "4. Dehumanisation",
        "5. Organisation",
        "6. Polarisation",
        "7. Preparation",
        "8. Persecution",
        "9. Extermination",
        "10. Denial",
    ]
    assert "Broadcasts call the villagers vermin." in html
    assert "Statistical risk of mass killing" in html
    assert "Registers and broadcasts." in html


def test_a_situation_needs_all_ten_stages_to_go_live(author, reviewer):

    from findings.authoring import draft_situation, review, submit_for_review
    from findings.models import SituationsIndexPage
    from findings.publication import PublicationRefused

    page = draft_situation(
        index=SituationsIndexPage.objects.get(locale__language_code="en"),
        author=author,
        title="Half assessed",
        country_or_region="Somewhere",
        alert_level="watch",
        assessed_on=dt.date(2026, 4, 1),
        summary="s",
        stages={"classification": ("present", "note")},
    )
    submit_for_review(page, author)

    with pytest.raises(PublicationRefused) as refused:
        review(page, reviewer)

    assert str(refused.value) == (
        "A situation needs an assessment of each of the Ten Stages; missing: "
        "2. Symbolisation, 3. Discrimination, 4. Dehumanisation, 5. Organisation, "
        "6. Polarisation, 7. Preparation, 8. Persecution, 9. Extermination, "
        "10. Denial."
    )
    assert not SituationPage.objects.get(pk=page.pk).live


def test_the_situations_index_maps_its_situations(client, live_situation):
    html = client.get("/en/situations/").content.decode()

    points = json.loads(
        re.search(
            r'<script id="situations-map-points" type="application/json">'
            r"(.*?)</script>",
            html,
        ).group(1)
    )
    assert points == [
        {
            "title": "Demo Republic",
            "url": "/en/situations/demo-republic/",
            "lat": 48.5,
            "lon": 35.0,
            "level": "warning",
            "label": "Genocide Warning",
        }
    ]
    assert 'data-tiles=""' in html
    assert "vendor/leaflet/leaflet.js" in html


def test_an_arabic_translation_is_right_to_left(client, live_finding, author, reviewer):
    arabic = draft_translation(
        live_finding,
        language="ar",
        author=author,
        title="قصف السوق",
        summary="قُصف السوق في 14 آذار.",
    )
    assert client.get(arabic.url).status_code == 404  # a draft until reviewed
    arabic = publish_through_review(arabic, author, reviewer)

    html = client.get("/ar/findings/shelling-of-the-market/").content.decode()
    english = client.get(live_finding.url).content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert "قصف السوق" in html
    assert '<html lang="en" dir="ltr">' in english
    assert 'hreflang="ar"' in english
    assert 'hreflang="en"' in html
    assert FindingPage.objects.get(pk=arabic.pk).exhibits.count() == 1


def test_every_language_has_a_home_page(client):
    for code, direction in (("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("ar", "rtl")):
        html = client.get(f"/{code}/").content.decode()
        assert f'<html lang="{code}" dir="{direction}">' in html
        assert 'href="#main"' in html
        assert '<main id="main"' in html
