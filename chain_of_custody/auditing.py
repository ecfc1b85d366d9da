"""The verify operation: check the log (and optionally every blob), record the result.

Used by ``manage.py custody verify`` and its scheduled runs. The verification event
is appended after the checks, so it is covered by the next verification.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction

from chain_of_custody import events, fixity, notes
from chain_of_custody.models import Outcome
from chain_of_custody.verification import Report, verify_log

if TYPE_CHECKING:
    from accounts.models import User


def run_verification(
    *,
    actor: User | None = None,
    with_fixity: bool = False,
    keys: notes.Keys | None = None,
    outside: Sequence[tuple[str, str]] = (),
    record: bool = True,
) -> Report:
    """Verify the log and, ``with_fixity``, every blob; record the outcome."""
    report = verify_log(keys=keys, outside=outside)
    failures: dict[str, str] = {}
    if with_fixity:
        checked, failures = fixity.failing_blobs()
        report.count("blobs", checked)
        for sha256, problem in failures.items():
            report.fail(f"blob {sha256}", problem)
    if record:
        _record(report, actor=actor, with_fixity=with_fixity, failures=failures)
    return report


def _record(
    report: Report, *, actor: User | None, with_fixity: bool, failures: dict[str, str]
) -> None:
    from evidence.models import EvidenceItem

    outcome = Outcome.SUCCESS if report.ok else Outcome.FAILURE
    with transaction.atomic():
        if with_fixity:
            for item in EvidenceItem.objects.filter(blob__sha256__in=list(failures)):
                events.record_fixity_check(
                    item=item,
                    actor=actor,
                    outcome=Outcome.FAILURE,
                    summary=f"Fixity check failed: {failures[item.blob.sha256]}",
                    details={"sha256": item.blob.sha256},
                )
            events.record_fixity_check(
                item=None,
                actor=actor,
                outcome=Outcome.FAILURE if failures else Outcome.SUCCESS,
                summary=f"{report.checked.get('blobs', 0)} blobs re-hashed, "
                f"{len(failures)} failed",
                details={"checked": report.checked.get("blobs", 0), "failed": failures},
            )
        events.record_verification(
            actor=actor,
            outcome=outcome,
            summary=f"Custody log verified at size {report.size}: "
            f"{len(report.problems)} problems",
            details={
                "size": report.size,
                "root": report.root.hex(),
                "checked": report.checked,
                "problems": [str(p) for p in report.problems[:100]],
            },
        )
