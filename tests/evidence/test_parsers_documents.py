"""extract_metadata on PDFs, plain text and HTML."""

import codecs

from pypdf import PdfReader, PdfWriter

from evidence.parsers import extract_metadata
from evidence.parsers.documents import ENCRYPTED_PDF
from tests.evidence import samples

PDF_TEXT = "\n\n".join(samples.PDF_PAGES)


def test_pdf_gives_page_count_text_and_document_info(tmp_path):
    result = extract_metadata(
        str(samples.pdf_with_text(tmp_path / "a.pdf")), "application/pdf"
    )

    assert result["errors"] == []
    assert result["fields"] == {"page_count": 3, "text": PDF_TEXT}
    assert result["raw"]["pdf"]["document_info"]["/Author"] == "Investigator 7"
    assert result["raw"]["pdf"]["text_truncated"] is False


def test_pdf_text_stops_at_the_limit(tmp_path):
    path = samples.pdf_with_text(tmp_path / "a.pdf")

    result = extract_metadata(str(path), "application/pdf", text_limit=40)

    assert result["fields"]["text"] == PDF_TEXT[:40]
    assert result["fields"]["page_count"] == 3
    assert result["raw"]["pdf"]["text_truncated"] is True


def test_damaged_pdf_is_reported(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 20)

    result = extract_metadata(str(path), "application/pdf")

    assert result == {
        "fields": {},
        "raw": {},
        "errors": [
            {
                "step": "pdf",
                "error": "the bytes are not a readable PDF: "
                "Stream has ended unexpectedly",
            }
        ],
    }


def test_password_protected_pdf_is_reported(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(samples.pdf_with_text(tmp_path / "a.pdf")))
    writer.encrypt(user_password="witness", owner_password="archive")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as file:
        writer.write(file)

    result = extract_metadata(str(locked), "application/pdf")

    assert result["errors"] == [{"step": "pdf", "error": ENCRYPTED_PDF}]
    assert "page_count" not in result["fields"]


def test_utf8_text_is_cut_at_the_limit_even_inside_a_character(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Свідчення " * 1000, encoding="utf-8")

    result = extract_metadata(str(path), "text/plain", text_limit=15)

    assert result == {
        "fields": {"text": "Свідчення Свідч"},
        "raw": {"text": {"encoding": "utf-8", "text_truncated": True}},
        "errors": [],
    }


def test_utf16_with_bom_and_unknown_single_byte_text_are_decoded(tmp_path):
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + "Kharkiv – 5 May".encode("utf-16-le"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Café – 5 May".encode("cp1252"))

    first = extract_metadata(str(utf16), "text/plain")
    second = extract_metadata(str(legacy), "text/plain")

    assert first["fields"] == {"text": "Kharkiv – 5 May"}
    assert first["raw"]["text"]["encoding"] == "utf-16"
    assert second["fields"] == {"text": "Café – 5 May"}
    assert second["raw"]["text"]["encoding"] == "cp1252 (guessed)"


def test_html_gives_readable_text_without_scripts_or_styles(tmp_path):
    result = extract_metadata(
        str(samples.html_file(tmp_path / "page.html")), "text/html"
    )

    text = result["fields"]["text"]
    assert text == samples.HTML_TEXT
    assert "secret" not in text
    assert "color" not in text
    assert result["raw"]["text"]["title"] == "Field report"


def test_svg_and_email_are_read_as_text(tmp_path):
    svg = tmp_path / "map.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>Sector 4</text></svg>'
    )
    email = tmp_path / "message.eml"
    email.write_text("From: a@example.org\nSubject: Convoy\n\nSeen at 06:40.\n")

    assert extract_metadata(str(svg), "image/svg+xml")["fields"] == {
        "text": svg.read_text()
    }
    assert extract_metadata(str(email), "message/rfc822")["fields"] == {
        "text": email.read_text()
    }
