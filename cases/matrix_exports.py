"""The proof matrix as CSV, XLSX (openpyxl) and PDF (reportlab), every pin listed.

All three carry the same columns, defined once in :data:`COLUMNS`.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from cases.matrix import Matrix, Pin, Row

COLUMNS = [
    "section",
    "charges",
    "element",
    "kind",
    "element text",
    "supports",
    "undermines",
    "retracted",
    "gap",
    "supporting evidence",
    "undermining evidence",
]


def _pins(pins: list[Pin]) -> str:
    return "; ".join(
        f"{pin.reference or '(item you may not open)'} [{pin.pinpoint}]" for pin in pins
    )


def table(matrix: Matrix) -> list[list[object]]:
    rows: list[list[object]] = []
    for section in matrix.sections:
        for row in section.rows:
            rows.append(_cells(section.title, row))
    return rows


def _cells(section: str, row: Row) -> list[object]:
    return [
        section,
        row.label,
        row.element.code,
        row.element.kind,
        row.element.text,
        row.supports,
        row.undermines,
        row.retracted,
        "GAP" if row.is_gap else "",
        _pins(row.supporting),
        _pins(row.undermining),
    ]


def to_csv(matrix: Matrix) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(table(matrix))
    return out.getvalue().encode("utf-8-sig")  # spreadsheets detect UTF-8 by BOM


def to_xlsx(matrix: Matrix) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "Proof matrix"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    gap_fill = PatternFill("solid", fgColor="FDE2E1")
    for values in table(matrix):
        sheet.append([_safe_cell(v) for v in values])
        if values[8]:
            for cell in sheet[sheet.max_row]:
                cell.fill = gap_fill
    widths = [28, 10, 22, 11, 60, 9, 11, 9, 6, 50, 50]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe_cell(value: object) -> object:
    # A text starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_pdf(matrix: Matrix) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=f"Proof matrix {matrix.case.reference}",
    )
    story = [
        Paragraph(
            f"Proof matrix — {_esc(matrix.case.reference)} {_esc(matrix.case.title)}",
            styles["Title"],
        ),
        Paragraph(
            f"Generated {timezone.now():%Y-%m-%d %H:%M} UTC. "
            f"{len(matrix.gaps)} of {len(matrix.rows)} elements have no supporting "
            "evidence (gaps).",
            styles["BodyText"],
        ),
    ]
    for section in matrix.sections:
        story += [Spacer(1, 4 * mm), Paragraph(_esc(section.title), styles["Heading3"])]
        data = [["Element", "Kind", "Text", "+", "−", "Supporting", "Undermining"]]
        style = [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTSIZE", (0, 0), (-1, -1), 7),
            ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ]
        for index, row in enumerate(section.rows, start=1):
            data.append(
                [
                    Paragraph(_esc(row.element.code), small),
                    row.element.kind,
                    Paragraph(_esc(row.element.text), small),
                    str(row.supports),
                    str(row.undermines),
                    Paragraph(_esc(_pins(row.supporting)) or "GAP", small),
                    Paragraph(_esc(_pins(row.undermining)), small),
                ]
            )
            if row.is_gap:
                style.append(("BACKGROUND", (0, index), (-1, index), colors.mistyrose))
        widths = [32 * mm, 16 * mm, 85 * mm, 8 * mm, 8 * mm, 64 * mm, 64 * mm]
        story.append(Table(data, colWidths=widths, repeatRows=1, style=style))
    doc.build(story)
    return out.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
