"""ERNs kept across exports and per PDF page, e-Court sheet, DAT and OPT."""

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from cases import links
from cases.exports import loadfiles
from cases.exports.ecourt import ItemRow, headings
from cases.exports.models import ErnAssignment
from cases.exports.operations import export_case
from cases.links import Pinpoint
from cases.models import Charge, Element

pytestmark = pytest.mark.django_db


def rows_of(bag: Path) -> list[ItemRow]:
    text = (bag / "data/metadata/items.jsonl").read_text()
    return [ItemRow(**json.loads(line)) for line in text.splitlines()]


def test_erns_persist_across_exports_and_new_items_get_a_new_batch(
    case, lead, items, ingest, tmp_path
):
    first = rows_of(Path(export_case(case=case, user=lead, out=tmp_path / "a").path))
    late = ingest(
        b"a later photo", "late.jpg", user=lead, title="Late", consent_court=True
    )
    links.link_evidence(
        case=case,
        item=late,
        actor=lead,
        charge=Charge.objects.get(case=case),
        element=Element.objects.get(code="RS-7-1-a-1"),
        stance="supports",
        pinpoint=Pinpoint(),
        probative_note="",
    )

    second = rows_of(Path(export_case(case=case, user=lead, out=tmp_path / "b").path))

    assert [r.ern_range for r in first] == [
        "TST-OTP-0001-0001",
        "TST-OTP-0001-0002 – TST-OTP-0001-0004",
        "TST-OTP-0001-0005",
    ]
    assert {r.reference: r.ern_range for r in second} == {
        **{r.reference: r.ern_range for r in first},
        late.reference: "TST-OTP-0002-0001",
    }
    assert ErnAssignment.objects.count() == 4


def test_a_pdf_gets_an_ern_per_page_on_a_stamped_copy_beside_the_original(
    case, lead, items, tmp_path
):
    bag = Path(export_case(case=case, user=lead, out=tmp_path).path)

    report = next(r for r in rows_of(bag) if r.reference == items[1].reference)
    assert report.pages == 3
    assert (report.ern_first, report.ern_last) == (
        "TST-OTP-0001-0002",
        "TST-OTP-0001-0004",
    )
    original = bag / "data" / report.file
    assert hashlib.sha256(original.read_bytes()).hexdigest() == items[1].blob.sha256
    stamped = bag / "data" / report.stamped_file
    assert hashlib.sha256(stamped.read_bytes()).hexdigest() == report.stamped_sha256
    pages = PdfReader(stamped).pages
    for number, page in enumerate(pages, start=2):
        text = page.extract_text()
        assert f"TST-OTP-0001-{number:04d}" in text
        assert f"page {number - 1}" in text


def test_ecourt_sheet_has_the_documented_columns(case, lead, items, tmp_path):
    bag = Path(export_case(case=case, user=lead, out=tmp_path).path)

    raw = (bag / "data/metadata/ecourt.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == headings()
    assert [r[0] for r in table[1:]] == [r.ern_range for r in rows_of(bag)]
    statement = table[3]
    assert statement[headings().index("Disclosure category")] == "exculpatory"
    assert statement[headings().index("Confidentiality")] == "confidential"
    from openpyxl import load_workbook

    sheet = load_workbook(bag / "data/metadata/ecourt.xlsx").active
    assert sheet.title == "e-Court"
    assert sheet.freeze_panes == "A2"
    cells = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert cells == table  # the same text as the CSV, cell for cell
    assert statement[headings().index("Title")] == "Statement\n(translated þ)"


def test_dat_and_opt_parse_back_to_the_same_rows(case, lead, items, tmp_path):
    bag = Path(export_case(case=case, user=lead, out=tmp_path).path)
    rows = rows_of(bag)

    dat = (bag / "data/metadata/loadfile.dat").read_bytes()
    assert dat.startswith(b"\xef\xbb\xbf\xc3\xbe")  # BOM, then þ
    assert b"\x14" in dat
    assert "®".encode() in dat
    parsed = loadfiles.read_dat(dat)
    assert parsed[0] == loadfiles.dat_fields()
    expected = [loadfiles.dat_values(r) for r in rows]
    expected[2] = [v.replace("þ", "") for v in expected[2]]
    assert parsed[1:] == expected
    assert (
        parsed[3][loadfiles.dat_fields().index("Title")] == "Statement\n(translated )"
    )

    opt = loadfiles.read_opt((bag / "data/metadata/loadfile.opt").read_bytes())
    assert opt == [
        [
            "TST-OTP-0001-0001",
            "VOL001",
            "evidence\\TST-OTP-0001-0001.jpg",
            "Y",
            "",
            "",
            "1",
        ],
        [
            "TST-OTP-0001-0002",
            "VOL001",
            "evidence\\TST-OTP-0001-0002.stamped.pdf",
            "Y",
            "",
            "",
            "3",
        ],
        [
            "TST-OTP-0001-0003",
            "VOL001",
            "evidence\\TST-OTP-0001-0002.stamped.pdf",
            "",
            "",
            "",
            "",
        ],
        [
            "TST-OTP-0001-0004",
            "VOL001",
            "evidence\\TST-OTP-0001-0002.stamped.pdf",
            "",
            "",
            "",
            "",
        ],
        [
            "TST-OTP-0001-0005",
            "VOL001",
            "evidence\\TST-OTP-0001-0005.txt",
            "Y",
            "",
            "",
            "1",
        ],
    ]
