"""The metadata and custody files are streamed a batch at a time: batch edges
change nothing in what is written."""

import csv
import io
import json
from pathlib import Path

import bagit
import pytest
from openpyxl import load_workbook

from cases.exports import custody, ecourt, loadfiles
from cases.exports.operations import export_case
from tests.exports.test_bundle import run_verify


def synthetic_rows(count: int) -> list[ecourt.ItemRow]:
    return [
        ecourt.ItemRow(
            reference=f"IND-2026-{n:06d}",
            ern_first=f"TST-OTP-0001-{n + 1:04d}",
            ern_last=f"TST-OTP-0001-{n + 1:04d}",
            ern_range=f"TST-OTP-0001-{n + 1:04d}",
            title=f"=item {n}\nsecond line & <more>",
            date="2026-01-02",
            type="text/plain",
            author="",
            recipient="",
            pages=1,
            languages="en",
            confidentiality="public",
            source="Witness",
            witness="",
            disclosure="incriminating",
            redaction="original",
            sha256=f"{n:064x}",
            sha512=f"{n:0128x}",
            original_sha256=f"{n:064x}",
            original_sha512=f"{n:0128x}",
            size=n,
            file=f"evidence/TST-OTP-0001-{n + 1:04d}.txt",
        )
        for n in range(count)
    ]


def test_streamed_sheets_hold_every_row_across_batches():
    rows = synthetic_rows(2 * ecourt.BATCH + 7)

    table = list(csv.reader(io.StringIO(ecourt.to_csv(rows).decode("utf-8-sig"))))
    assert table[0] == ecourt.headings()
    assert len(table) == len(rows) + 1
    assert table[-1][0] == rows[-1].ern_range
    assert table[1][1] == "'=item 0\nsecond line & <more>"  # not a formula
    sheet = load_workbook(io.BytesIO(ecourt.to_xlsx(rows))).active
    assert [[c.value or "" for c in row] for row in sheet.iter_rows()] == table
    dat = loadfiles.read_dat(loadfiles.to_dat(rows))
    assert dat[1:] == [loadfiles.dat_values(row) for row in rows]
    opt = loadfiles.read_opt(loadfiles.to_opt(rows))
    assert [line[0] for line in opt] == [row.ern_first for row in rows]


@pytest.mark.django_db
def test_leaves_merged_in_order_from_several_queries(
    case, lead, items, tmp_path, monkeypatch
):
    monkeypatch.setattr(custody, "ITEMS_PER_QUERY", 1)  # a query per item
    monkeypatch.setattr(custody, "MERGE_WIDTH", 2)  # three files: merged in two steps
    monkeypatch.setattr(custody, "PROOF_BATCH", 2)
    monkeypatch.setattr(custody, "DETAILS_PER_QUERY", 2)

    export = export_case(case=case, user=lead, out=tmp_path)

    bag_dir = Path(export.path)
    bagit.Bag(str(bag_dir)).validate()
    assert run_verify(bag_dir).returncode == 0
    lines = (bag_dir / "data/custody/events.jsonl").read_text().splitlines()
    seqs = [json.loads(line)["seq"] for line in lines]
    assert seqs == sorted(set(seqs))
    assert {json.loads(line)["item"] for line in lines} == {i.reference for i in items}
    proofs = sorted(int(p.stem) for p in (bag_dir / "data/custody/proofs").iterdir())
    assert proofs == seqs
    premis = (bag_dir / "data/custody/premis.xml").read_text()
    assert premis.count("<event>") == len(seqs)
    assert premis.count("<object ") == len(items)
    assert premis.count("<eventDetail>") == len(seqs)  # every event's detail found


@pytest.mark.django_db
def test_leaves_spooled_a_query_at_a_time_are_the_same_as_in_one(items, monkeypatch):
    from chain_of_custody.checkpoints import create_checkpoint

    checkpoint = create_checkpoint()
    ids = [item.pk for item in items]
    whole = io.StringIO()
    assert custody.spool_leaves(ids, checkpoint, whole) == checkpoint.size
    monkeypatch.setattr(custody, "ITEMS_PER_QUERY", 1)
    monkeypatch.setattr(custody, "MERGE_WIDTH", 2)
    parts = io.StringIO()
    assert custody.spool_leaves(ids, checkpoint, parts) == checkpoint.size

    assert parts.getvalue() == whole.getvalue()
    seqs = [int(line.split(" ", 1)[0]) for line in whole.getvalue().splitlines()]
    assert seqs == list(range(checkpoint.size))
