"""An export reads, checks and writes its items a chunk at a time: the bundle is
the same whatever the chunk size, a refusal still names every item, and an item
that changes while the bundle is written stops the export, leaving nothing."""

from pathlib import Path

import pytest
from django.utils import timezone

from cases.exports import ern, operations
from cases.exports.disclosure import ExportRefused
from cases.exports.models import ErnAssignment, Export
from cases.exports.operations import export_case
from cases.models import Consent
from chain_of_custody.models import CustodyEvent
from tests.exports.test_bundle import run_verify

pytestmark = pytest.mark.django_db


def _manifest(bag: Path, *prefixes: str) -> list[str]:
    lines = (bag / "manifest-sha256.txt").read_text().splitlines()
    return sorted(line for line in lines if line.split("  ", 1)[1].startswith(prefixes))


def test_chunks_of_one_make_the_same_bundle_as_one_chunk(
    case, lead, items, tmp_path, monkeypatch
):
    monkeypatch.setattr(operations, "CHUNK", 1)
    small = export_case(case=case, user=lead, out=tmp_path / "small")
    monkeypatch.setattr(operations, "CHUNK", 500)
    large = export_case(case=case, user=lead, out=tmp_path / "large")

    # Numbered in chunks of one: still one batch, pages in reference order.
    erns = ErnAssignment.objects.order_by("first_page")
    assert [(a.item_id, a.first_page, a.last_page) for a in erns] == [
        (items[0].pk, 1, 1),
        (items[1].pk, 2, 4),
        (items[2].pk, 5, 5),
    ]
    assert len({a.batch for a in erns}) == 1
    compared = (
        "data/evidence/",
        "data/metadata/items.jsonl",
        "data/metadata/ecourt.csv",
        "data/metadata/loadfile.",
    )
    small_lines = _manifest(Path(small.path), *compared)
    assert len(small_lines) == 3 + 1 + 1 + 1 + 2  # a stamped copy of the PDF
    assert small_lines == _manifest(Path(large.path), *compared)
    assert small.item_count == large.item_count == 3
    assert small.progress_done == 3
    result = run_verify(Path(small.path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_refusal_in_a_later_chunk_names_every_item_and_writes_nothing(
    case, lead, items, tmp_path, monkeypatch
):
    monkeypatch.setattr(operations, "CHUNK", 1)
    items[1].consent_court = False
    items[1].save(update_fields=["consent_court"])
    Consent.objects.create(
        item=items[2],
        share_with_courts=False,
        recorded_by=lead,
        recorded_at=timezone.now(),
    )
    events_before = CustodyEvent.objects.count()

    with pytest.raises(ExportRefused) as refused:
        export_case(case=case, user=lead, out=tmp_path / "out")

    assert str(refused.value) == (
        f"export refused: {items[1].reference}: its source did not consent to "
        f"sharing with courts; {items[2].reference}: consent forbids sharing "
        "with courts"
    )
    assert not (tmp_path / "out").exists()
    assert CustodyEvent.objects.count() == events_before
    assert not ErnAssignment.objects.exists()
    assert Export.objects.get().status == Export.Status.FAILED


def test_consent_withdrawn_while_writing_stops_the_export_cleanly(
    case, lead, items, tmp_path, monkeypatch
):
    """Checked before writing, then withdrawn before its chunk is written."""
    monkeypatch.setattr(operations, "CHUNK", 1)
    number = ern.number

    def number_then_withdraw(ids, *, chunk):
        number(ids, chunk=chunk)
        Consent.objects.create(
            item=items[2],
            share_with_courts=True,
            withdrawn_on=timezone.now().date(),
            recorded_by=lead,
            recorded_at=timezone.now(),
        )

    monkeypatch.setattr(ern, "number", number_then_withdraw)
    events_before = CustodyEvent.objects.count()

    with pytest.raises(ExportRefused) as refused:
        export_case(case=case, user=lead, out=tmp_path / "out")

    assert str(refused.value) == (
        "export stopped, items changed while the bundle was written: "
        f"{items[2].reference}: consent was withdrawn on "
        f"{timezone.now().date():%Y-%m-%d}"
    )
    # The two items before it were written, then removed with the partial bag.
    assert list((tmp_path / "out").iterdir()) == []
    export = Export.objects.get()
    assert export.status == Export.Status.FAILED
    assert export.message == str(refused.value)
    # Only the export's checkpoint came first; no exp, no pac.
    assert not CustodyEvent.objects.filter(
        seq__gte=events_before, event_type__in=["exp", "pac"]
    ).exists()


def test_an_item_numbered_meanwhile_by_another_export_keeps_its_numbers(
    items, monkeypatch
):
    """Pages are counted before the counter is locked; an item another export
    numbered in between keeps its ERNs, and the others still get their pages."""
    real_now = timezone.now
    meanwhile = []

    def now():  # first called once the pages are counted, before the lock
        if not meanwhile:
            meanwhile.append(
                ErnAssignment.objects.create(
                    item=items[0],
                    prefix="OTHER",
                    batch=9,
                    first_page=1,
                    last_page=1,
                    assigned_at=real_now(),
                )
            )
        return real_now()

    monkeypatch.setattr(ern.timezone, "now", now)
    ern.number([item.pk for item in items], chunk=1)

    erns = ErnAssignment.objects.order_by("item__reference")
    assert [(a.item_id, a.prefix, a.first_page, a.last_page) for a in erns] == [
        (items[0].pk, "OTHER", 1, 1),
        (items[1].pk, erns[1].prefix, 1, 3),  # the 3-page PDF
        (items[2].pk, erns[1].prefix, 4, 4),
    ]
    assert erns[1].prefix != "OTHER"
    assert erns[1].batch == erns[2].batch
