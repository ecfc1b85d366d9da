"""The proof matrix's table rows as HTML, written directly rather than through the
template engine: a large case has hundreds of rows, and the page must stay fast
(see ``bench/case_matrix.py``). Every value is escaped here."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from cases.matrix import Pin, Section

_REF, _CHARGE, _ELEMENT = "--ref--", "1111111111", "2222222222"


def url_patterns(case_reference: str) -> tuple[str, str]:
    """The item and row URLs with placeholders, reversed once per page rather than
    once per section."""
    return (
        reverse("evidence:item", args=[_REF]),
        reverse("cases:row", args=[case_reference, _CHARGE, _ELEMENT]),
    )


def section_rows(
    section: Section, *, case_reference: str, urls: tuple[str, str] | None = None
) -> SafeString:
    """The ``<tr>`` of each row of ``section``, as the matrix page shows them.
    ``urls``: ``url_patterns(case_reference)``, if the caller has them already."""
    item_url, row_url = urls or url_patterns(case_reference)
    out = []
    for row in section.rows:
        element = row.element
        pins = "".join(
            [_pin(p, "+ ", "cases-pin", item_url) for p in row.supporting]
            + [
                _pin(p, "− ", "cases-pin cases-pin-against", item_url)
                for p in row.undermining
            ]
        )
        all_links = row_url.replace(_CHARGE, str(row.charges[0].pk)).replace(
            _ELEMENT, str(element.pk)
        )
        code = escape(element.code)
        out.append(
            f'<tr class="cases-row{" cases-gap" if row.is_gap else ""}" '
            f'data-element="{code}" data-supports="{row.supports}" '
            f'data-undermines="{row.undermines}">'
            f"<td><code>{code}</code></td><td>{escape(element.kind)}</td>"
            f"<td>{escape(element.text)}</td>"
            + ("" if section.charge else f"<td>{escape(row.label)}</td>")
            + f"<td>{row.supports}"
            + (' <strong class="cases-gap-flag">gap</strong>' if row.is_gap else "")
            + f"</td><td>{row.undermines}"
            + (f" <small>({row.retracted} retracted)</small>" if row.retracted else "")
            + f'</td><td>{pins}<a class="cases-row-all" href="{escape(all_links)}">'
            f"all links</a></td></tr>"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def _pin(pin: Pin, sign: str, css: str, item_url: str) -> str:
    if pin.reference:
        url = item_url.replace(_REF, quote(pin.reference, safe=""))
        item = f'<a href="{escape(url)}">{escape(pin.reference)}</a>'
    else:
        item = "<em>an item you may not open</em>"
    return (
        f'<div class="{css}">{sign}{item} <small>{escape(pin.pinpoint)}</small></div>'
    )
