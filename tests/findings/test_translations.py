"""The public interface in French, Spanish and Arabic, and catalogues kept complete."""

import re

import pytest

from findings.authoring import draft_translation
from tests.findings.conftest import publish_through_review

pytestmark = pytest.mark.django_db

ARABIC_STAGES = [
    "1. التصنيف",
    "2. الترميز",
    "3. التمييز",
    "4. نزع الصفة الإنسانية",
    "5. التنظيم",
    "6. الاستقطاب",
    "7. التحضير",
    "8. الاضطهاد",
    "9. الإبادة",
    "10. الإنكار",
]


@pytest.mark.parametrize(
    ("code", "direction", "skip_link", "heading"),
    [
        ("en", "ltr", "Skip to main content", "Latest findings"),
        ("fr", "ltr", "Aller au contenu principal", "Dernières constatations"),
        ("es", "ltr", "Ir al contenido principal", "Últimas conclusiones"),
        ("ar", "rtl", "انتقل إلى المحتوى الرئيسي", "أحدث النتائج"),
    ],
)
def test_the_home_page_interface_is_in_the_page_language(
    client, code, direction, skip_link, heading
):
    response = client.get(f"/{code}/")
    html = response.content.decode()

    assert f'<html lang="{code}" dir="{direction}">' in html
    assert f'<a class="skip-link" href="#main">{skip_link}</a>' in html
    assert f'<h2 id="latest-findings">{heading}</h2>' in html
    assert response["Content-Language"] == code


def test_an_arabic_situation_names_the_ten_stages_and_alert_in_arabic(
    client, live_situation, author, reviewer
):
    arabic = draft_translation(
        live_situation, language="ar", author=author, title="جمهورية المثال"
    )
    publish_through_review(arabic, author, reviewer)

    html = client.get("/ar/situations/demo-republic/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html
    assert re.findall(r'<th scope="row">([^<]+)</th>', html) == ARABIC_STAGES
    assert '<span class="alert alert-warning">تحذير من الإبادة الجماعية</span>' in html
    assert '<h2 id="stages-heading">المراحل العشر</h2>' in html
    assert "<td>في تصاعد</td>" in html  # dehumanisation is intensifying


def test_a_french_finding_labels_its_sections_in_french(
    client, live_finding, author, reviewer
):
    french = draft_translation(
        live_finding, language="fr", author=author, title="Bombardement du marché"
    )
    publish_through_review(french, author, reviewer)

    html = client.get("/fr/findings/shelling-of-the-market/").content.decode()

    assert '<h2 id="methodology-heading">Méthodologie</h2>' in html
    assert '<h2 id="exhibits-heading">Pièces</h2>' in html
    assert '<h2 id="corrections-heading">Corrections</h2>' in html
    assert "<p>Aucune correction à ce jour.</p>" in html
    assert "Publié le" in html


def test_the_feeds_are_titled_in_their_language(client):
    rss = client.get("/es/feeds/situations.rss").content.decode()
    feed = client.get("/ar/feeds/findings.json").json()

    assert "<title>Actualizaciones de situaciones · " in rss
    assert feed["title"].startswith("النتائج · ")
    assert feed["language"] == "ar"


@pytest.mark.parametrize(
    ("code", "direction", "heading"),
    [
        ("en", "ltr", "Page not found"),
        ("fr", "ltr", "Page introuvable"),
        ("es", "ltr", "Página no encontrada"),
        ("ar", "rtl", "الصفحة غير موجودة"),
    ],
)
def test_a_missing_public_page_says_so_in_its_language(
    client, code, direction, heading
):
    response = client.get(f"/{code}/no-such-finding/")
    html = response.content.decode()

    assert response.status_code == 404
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<a href="/{code}/">' in html


def test_a_server_error_page_is_in_the_active_language(rf):
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("ar"):
        response = server_error(rf.get("/ar/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>حدث خطأ ما</h1>" in html
