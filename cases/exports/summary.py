"""The case part of a bundle: the proof matrix (PDF and CSV) and a case summary.

Nothing here names a witness: witnesses appear only by pseudonym and count.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from cases import matrix, matrix_exports
from cases.exports.bag import Payload
from cases.models import Charge, Incident, Witness


def case_files(case, user) -> Iterator[Payload]:
    # Every pin of every row. The case builder is changing how that is asked for
    # (``pins=ALL`` replacing ``pins_per_row=None``); either works here.
    every_pin = (
        {"pins": matrix.ALL} if hasattr(matrix, "ALL") else {"pins_per_row": None}
    )
    proof_matrix = matrix.build_matrix(case, user, **every_pin)
    yield Payload("case/matrix.pdf", data=matrix_exports.to_pdf(proof_matrix))
    yield Payload("case/matrix.csv", data=matrix_exports.to_csv(proof_matrix))
    yield Payload("case/summary.txt", data=summary_text(case, proof_matrix).encode())


def summary_text(case, proof_matrix) -> str:
    lines = [
        f"Case {case.reference}: {case.title}",
        f"Forum: {case.forum} ({case.get_forum_kind_display()})",
        f"Statute: {case.statute}",
        f"Status: {case.get_status_display()}",
        f"Summary made: {timezone.now():%Y-%m-%d %H:%M} UTC",
        "",
        case.description,
        "",
        "Charges:",
    ]
    charges = Charge.objects.filter(case=case).select_related(
        "suspect", "crime", "mode"
    )
    for number, charge in enumerate(charges, start=1):
        lines.append(
            f"  {number}. {charge.suspect}: {charge.crime} ({charge.mode.article})"
        )
    lines += [
        "",
        f"Incidents: {Incident.objects.filter(case=case).count()}",
        "Witnesses (by pseudonym): "
        + (
            ", ".join(
                Witness.objects.filter(case=case).values_list("pseudonym", flat=True)
            )
            or "none"
        ),
        f"Proof matrix: {len(proof_matrix.rows)} elements, "
        f"{len(proof_matrix.gaps)} without supporting evidence (gaps).",
        "",
    ]
    return "\n".join(lines)
