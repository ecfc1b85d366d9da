"""Consent refusals, redacted substitution, selection, and the command."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cases import witnesses
from cases.exports.disclosure import ExportRefused, set_disclosure
from cases.exports.models import Export
from cases.exports.operations import export_case
from cases.models import Consent
from chain_of_custody.models import CustodyEvent
from tests.exports.conftest import approved_redaction
from tests.exports.test_bundle import run_verify

pytestmark = pytest.mark.django_db


def test_refused_when_a_source_did_not_consent_to_courts(case, lead, items, tmp_path):
    items[0].consent_court = False
    items[0].save(update_fields=["consent_court"])
    Consent.objects.create(
        item=items[1],
        share_with_courts=True,
        withdrawn_on=timezone.now().date(),
        recorded_by=lead,
        recorded_at=timezone.now(),
    )
    events_before = CustodyEvent.objects.count()

    with pytest.raises(ExportRefused) as refused:
        export_case(case=case, user=lead, out=tmp_path / "out")

    assert str(refused.value) == (
        f"export refused: {items[0].reference}: its source did not consent to "
        f"sharing with courts; {items[1].reference}: consent was withdrawn on "
        f"{timezone.now().date():%Y-%m-%d}"
    )
    assert not (tmp_path / "out").exists()
    assert CustodyEvent.objects.count() == events_before
    assert Export.objects.get().status == Export.Status.FAILED


def test_consent_limited_to_other_courts_refuses(case, lead, items, tmp_path):
    Consent.objects.create(
        item=items[0],
        share_with_courts=True,
        courts="Koblenz Higher Regional Court",
        recorded_by=lead,
        recorded_at=timezone.now(),
    )

    with pytest.raises(ExportRefused, match="consent is limited to Koblenz"):
        export_case(case=case, user=lead, out=tmp_path)


def test_protected_witness_statement_goes_redacted_or_not_at_all(
    case, lead, items, tmp_path, django_user_model
):
    from tests.conftest import make_user

    witness = witnesses.register_witness(
        case=case, actor=lead, protection_level="redaction"
    )
    witness.statements.add(items[2])

    with pytest.raises(ExportRefused) as refused:
        export_case(case=case, user=lead, out=tmp_path / "a")
    assert str(refused.value) == (
        f"export refused: {items[2].reference}: the original may not be sent "
        "(P-0001 is protected (pseudonym and redaction of identifying "
        "information)) and it has no approved redacted version"
    )

    approver = make_user(django_user_model, "ada", "Analysts")
    redacted = approved_redaction(
        items[2], made_by=lead, approved_by=approver, content=b"I saw [REDACTED].\n"
    )
    bag = Path(export_case(case=case, user=lead, out=tmp_path / "b").path)

    sent = bag / "data/evidence/TST-OTP-0001-0005.redacted-v1.txt"
    assert sent.read_bytes() == b"I saw [REDACTED].\n"
    assert not (bag / "data/evidence/TST-OTP-0001-0005.txt").exists()
    original = items[2].blob
    for path in (bag / "data").rglob("*"):
        if path.is_file():
            assert b"I saw the shells fall." not in path.read_bytes(), path
    row = json.loads((bag / "data/metadata/items.jsonl").read_text().splitlines()[2])
    assert row["redaction"] == "redacted version 1"
    assert row["sha256"] == redacted.blob.sha256
    assert row["original_sha256"] == original.sha256
    assert row["witness"] == "P-0001"
    assert run_verify(bag).returncode == 0


def test_selection_by_disclosure_category_and_confidentiality(
    case, lead, items, tmp_path
):
    set_disclosure(
        case=case,
        item=items[0],
        actor=lead,
        category="rule77",
        confidentiality="under_seal",
    )

    rule77 = export_case(
        case=case, user=lead, out=tmp_path / "a", disclosure_category="rule77"
    )
    exculpatory = export_case(
        case=case, user=lead, out=tmp_path / "b", disclosure_category="exculpatory"
    )
    confidential = export_case(
        case=case, user=lead, out=tmp_path / "c", confidentiality=["confidential"]
    )

    def refs(export):
        text = (Path(export.path) / "data/metadata/items.jsonl").read_text()
        return [json.loads(line)["reference"] for line in text.splitlines()]

    assert refs(rule77) == [items[0].reference]
    assert refs(exculpatory) == [items[2].reference]
    assert refs(confidential) == [items[1].reference, items[2].reference]


def test_a_non_member_cannot_export(case, outsider_analyst, items, tmp_path):
    from django.http import Http404

    with pytest.raises(Http404):
        export_case(case=case, user=outsider_analyst, out=tmp_path)


def test_command_writes_a_bundle_and_exits_non_zero_on_refusal(
    case, lead, items, tmp_path, capsys
):
    call_command(
        "export_case",
        case.reference,
        "--out",
        str(tmp_path / "ok"),
        "--as",
        lead.username,
        "--items",
        items[0].reference,
        "--zip",
    )
    assert "Exported 1 item(s) of CASE-2026-006" in capsys.readouterr().out
    assert len(list((tmp_path / "ok").glob("*.zip"))) == 1

    items[0].consent_court = False
    items[0].save(update_fields=["consent_court"])
    with pytest.raises(CommandError) as refused:
        call_command(
            "export_case",
            case.reference,
            "--out",
            str(tmp_path / "no"),
            "--as",
            lead.username,
        )
    assert refused.value.returncode == 1  # the exit status manage.py returns
    assert "its source did not consent to sharing with courts" in str(refused.value)
    with pytest.raises(CommandError, match="not items of this case"):
        call_command(
            "export_case",
            case.reference,
            "--out",
            str(tmp_path / "x"),
            "--as",
            lead.username,
            "--items",
            "IND-1999-999999",
        )


def _decide(case, item, actor, category, barrier, outcomes):
    from django.db import connections

    from cases.exports.disclosure import decide_disclosure

    try:
        barrier.wait()
        decide_disclosure(
            case=case,
            items=[item],
            actor=actor,
            category=category,
            confidentiality="public",
        )
        outcomes.append(category)
    except Exception as error:  # noqa: BLE001 (reported to the test thread)
        outcomes.append(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("rome_statute")
def test_first_decisions_sent_at_once_are_both_kept_one_after_the_other(
    case, lead, items
):
    """Two members decide the same item at once: neither fails on the one-decision-
    per-item constraint, and the history chains them (the second replaced the
    first)."""
    import threading

    from cases.exports.models import CaseItemDisclosure
    from cases.models import AuditAction, CaseAuditEntry

    categories = ["rule77", "exculpatory", "incriminating"]
    barrier = threading.Barrier(len(categories))
    outcomes: list[str] = []
    threads = [
        threading.Thread(
            target=_decide, args=(case, items[1], lead, c, barrier, outcomes)
        )
        for c in categories
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted(categories)
    decision = CaseItemDisclosure.objects.get(case=case, item=items[1])
    entries = list(
        CaseAuditEntry.objects.filter(action=AuditAction.DISCLOSURE_DECIDED).order_by(
            "pk"
        )
    )
    assert [e.before for e in entries] == [None] + [e.after for e in entries[:-1]]
    assert entries[-1].after["category"] == decision.category
