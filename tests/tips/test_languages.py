"""The tip pages and the guide for sources, in the language of their address."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from markdown_it import MarkdownIt

from tips.models import Tip
from tips.privacy import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db

DOCS = Path(settings.BASE_DIR) / "docs"
GUIDES = {
    "en": DOCS / "for-sources.md",
    "fr": DOCS / "for-sources.fr.md",
    "es": DOCS / "for-sources.es.md",
    "ar": DOCS / "for-sources.ar.md",
}


def assert_tip_headers(response) -> None:
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in response
    assert not response.cookies


@pytest.mark.parametrize(
    ("path", "code", "direction", "heading", "guide_link"),
    [
        ("/tips/", "en", "ltr", "Send a confidential tip", "/tips/about/"),
        ("/tips/fr/", "fr", "ltr", "Envoyer un signalement confidentiel", None),
        ("/tips/es/", "es", "ltr", "Enviar una denuncia confidencial", None),
        ("/tips/ar/", "ar", "rtl", "أرسل بلاغًا سريًا", None),
    ],
)
def test_the_submission_page_is_in_the_language_of_its_address(
    client, path, code, direction, heading, guide_link
):
    # The browser's language is never what decides (the middleware drops it).
    response = client.get(path, headers={"accept-language": "es"})
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert response["Content-Language"] == code
    assert_tip_headers(response)
    prefix = path
    assert f'<form method="post" enctype="multipart/form-data" action="{prefix}">' in (
        html
    )
    assert f'href="{prefix}return/"' in html
    assert f'href="{guide_link or prefix + "about/"}"><strong>' in html
    for other in ("fr", "es", "ar"):
        assert f'<a href="/tips/{other}/" lang="{other}" hreflang="{other}"' in html
    assert '<a href="/tips/" lang="en" hreflang="en"' in html


def test_a_tip_sent_in_arabic_is_thanked_and_refused_in_arabic(client):
    empty = client.post("/tips/ar/", {"message": ""})
    sent = client.post(
        "/tips/ar/",
        {"message": "رسالة", "files": [SimpleUploadedFile("a.txt", b"abc")]},
    )

    assert empty.status_code == 400
    assert "اكتب رسالة أو أرفق ملفًا واحدًا على الأقل." in empty.content.decode()
    assert sent.status_code == 200
    assert "<h1>شكرًا لك. وصلنا بلاغك.</h1>" in sent.content.decode()
    assert Tip.objects.get().parts.count() == 2


def test_a_refusal_sent_before_the_view_is_in_the_page_language(client, settings):
    settings.INDISPUTABLE_TIPS_MAX_FILES = 1
    settings.INDISPUTABLE_TIPS_MAX_FILE_BYTES = 10
    response = client.post(
        "/tips/fr/",
        {"message": "", "files": [SimpleUploadedFile("a.bin", b"x" * 400_000)]},
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert (
        "C’est plus que ce que le canal accepte en une fois (1 fichiers d’au plus "
        "10 octets chacun)."
    ) in html


def test_a_returning_source_stays_in_their_language(client):
    sent = client.post("/tips/es/", {"message": "hola", "codename": "on"})
    codename = re.search(
        r'id="codename" lang="en" dir="ltr">([a-z\- ]+)</p>', sent.content.decode()
    ).group(1)
    client.cookies.clear()

    back = client.post("/tips/es/return/", {"codename": codename})
    away = client.get("/tips/es/source/")
    client.cookies.clear()
    signed_out = client.get("/tips/es/source/")

    assert "<h1>Respuestas</h1>" in back.content.decode()
    assert 'action="/tips/es/source/"' in away.content.decode()
    assert signed_out.status_code == 302
    assert signed_out["Location"] == "/tips/es/return/"


def _outline(text: str) -> list[str]:
    """The guide's shape: its headings' levels, list items and paragraphs."""
    return [
        token.tag
        for token in MarkdownIt("commonmark").parse(text)
        if token.nesting == 1 and token.tag in {"h1", "h2", "li", "ol", "ul", "p"}
    ]


def test_the_guide_is_translated_whole_into_every_language():
    english = _outline(GUIDES["en"].read_text(encoding="utf-8"))

    assert set(GUIDES) == {code for code, _ in settings.LANGUAGES}
    assert english.count("li") == 18
    for code, path in GUIDES.items():
        assert _outline(path.read_text(encoding="utf-8")) == english, code


@pytest.mark.parametrize("code", ["en", "fr", "es", "ar"])
def test_the_guide_is_served_from_the_docs_with_the_tip_headers(client, code):
    path = "/tips/about/" if code == "en" else f"/tips/{code}/about/"
    response = client.get(path)
    html = response.content.decode()
    source = GUIDES[code].read_text(encoding="utf-8")
    headings = re.findall(r"^#+ (.+)$", source, flags=re.MULTILINE)

    assert response.status_code == 200
    assert_tip_headers(response)
    assert f'<html lang="{code}" dir="{"rtl" if code == "ar" else "ltr"}">' in html
    assert f"<h1>{headings[0]}</h1>" in html
    for heading in headings[1:]:
        assert f"<h2>{heading}</h2>" in html
    assert '<a href="https://www.torproject.org">' in html
    assert "<script" not in html


def test_the_guide_renders_no_raw_html(settings, tmp_path, monkeypatch):
    from tips import guide

    (tmp_path / "for-sources.md").write_text(
        "# Title\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n"
    )
    monkeypatch.setattr(guide, "DOCS", tmp_path)
    guide._render.cache_clear()
    try:
        html = guide.rendered("en")
    finally:
        guide._render.cache_clear()

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html


@pytest.mark.parametrize("code", ["en", "fr", "es", "ar"])
def test_the_guide_states_the_configured_retention_period(client, settings, code):
    from tips import guide

    source = GUIDES[code].read_text(encoding="utf-8")
    assert len(guide.RETENTION_AS_WRITTEN.findall(source)) == 1, code
    settings.INDISPUTABLE_TIPS_RETENTION_DAYS = 45

    html = client.get("/tips/about/" if code == "en" else f"/tips/{code}/about/")

    text = html.content.decode()
    assert "45" in text
    assert "90" not in text
