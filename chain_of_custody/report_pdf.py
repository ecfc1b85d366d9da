"""The custody report as a printable PDF (reportlab), for filing with a court."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    Preformatted,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from chain_of_custody.reports import CustodyReport

_STYLES = getSampleStyleSheet()
_CODE = ParagraphStyle("code", parent=_STYLES["Code"], fontSize=6.5, leading=8)
_SMALL = ParagraphStyle("small", parent=_STYLES["BodyText"], fontSize=8, leading=10)

HOW_TO_VERIFY = (
    "Each proof below is a C2SP tlog-proof: the event's leaf (its canonical JSON, "
    "RFC 8785, in the 'extra' line, base64), its index, the RFC 9162 audit path and "
    "the signed checkpoint. To check one without trusting the archive: decode the "
    "leaf, hash it as SHA-256(0x00 || leaf), walk the audit path (RFC 9162 section "
    "2.1.3.2) to a root, and compare it with the root of the checkpoint after "
    "checking the checkpoint's Ed25519 signature with the public key printed here "
    "(C2SP signed-note). docs/custody.md gives a complete procedure. Long lines are "
    "wrapped here; `manage.py custody prove SEQ --out FILE` and the API give each "
    "proof as a file."
)
WRAP = 100
CUSTODY_ONLY = "Custody record only: the content of the item is not shown."


def _p(text: str, style=_SMALL) -> Paragraph:
    return Paragraph(escape(text), style)


def render_pdf(report: CustodyReport) -> bytes:
    """Render ``report``: the item, every event, the checkpoint and each proof."""
    item = report.item
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        title=f"Custody report {item.reference}",
        author="Indisputable",
    )
    story = [
        Paragraph(escape(f"Chain of custody: {item.reference}"), _STYLES["Title"]),
        _p(
            item.title if report.content_visible else CUSTODY_ONLY,
            _STYLES["BodyText"],
        ),
        Spacer(0, 4 * mm),
        _facts(report),
        Spacer(0, 6 * mm),
        Paragraph("Events", _STYLES["Heading2"]),
        _event_table(report),
        Spacer(0, 6 * mm),
        Paragraph("Signed checkpoint", _STYLES["Heading2"]),
    ]
    if report.checkpoint is None:
        story.append(_p("No checkpoint has been signed yet."))
    else:
        story.append(
            Preformatted(
                report.checkpoint.note, _CODE, maxLineLength=WRAP, newLineChars=""
            )
        )
        story.append(_p(f"Public key: {report.public_key}"))
    story += [
        Paragraph("Inclusion proofs", _STYLES["Heading2"]),
        _p(HOW_TO_VERIFY),
    ]
    for event in report.events:
        title = _p(f"Event {event.seq}: leaf hash {event.leaf_hash}")
        if event.proof:
            body = [
                _p("Leaf:"),
                Preformatted(event.leaf, _CODE, maxLineLength=WRAP, newLineChars=""),
                _p("Proof:"),
                Preformatted(event.proof, _CODE, maxLineLength=WRAP, newLineChars=""),
            ]
        else:
            body = [_p("Not yet in a checkpoint: it will be in the next one.")]
        story.append(KeepTogether([Spacer(0, 2 * mm), title, *body]))
    doc.build(story)
    return buffer.getvalue()


def _facts(report: CustodyReport) -> Table:
    item, blob = report.item, report.item.blob
    rows = [
        ("Reference", item.reference),
        ("SHA-256", blob.sha256),
        ("SHA-512", blob.sha512),
        ("Size", f"{blob.size:,} bytes"),
        ("Events", str(len(report.events))),
    ]
    if report.checkpoint is not None:
        rows.append(
            (
                "Checkpoint",
                f"size {report.checkpoint.size}, root {report.checkpoint.root_hash}",
            )
        )
    table = Table([[_p(k), _p(v, _CODE)] for k, v in rows], colWidths=[30 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _event_table(report: CustodyReport) -> Table:
    header = ["Seq", "Time (UTC)", "Event", "Outcome", "Actor", "What"]
    rows = [[_p(h) for h in header]]
    for event in report.events:
        rows.append(
            [
                _p(str(event.seq)),
                _p(event.occurred_at.strftime("%Y-%m-%d %H:%M:%S.%f")),
                _p(f"{event.event_label} ({event.event_type})"),
                _p(event.outcome),
                _p(event.actor_label),
                _p(event.summary),
            ]
        )
    table = Table(
        rows,
        repeatRows=1,
        colWidths=[12 * mm, 34 * mm, 30 * mm, 16 * mm, 28 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
