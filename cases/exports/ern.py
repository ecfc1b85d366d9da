"""Evidence reference numbers: a persistent registry, one ERN per page.

An ERN reads ``PREFIX-BATCH-PAGE`` (``IND-OTP-0003-0017``), as the ICC's
``CAR-OTP-0017-0358``. An item gets its numbers the first time it is exported and
keeps them in every later export; a PDF gets one per page, any other file one.
Each export that numbers new items opens a new batch.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.exports.models import ErnAssignment, ErnCounter
from evidence.models import EvidenceItem
from storage import reading

logger = logging.getLogger(__name__)

PDF = "application/pdf"
PAGES_PER_BATCH = 9999


def is_pdf(item: EvidenceItem) -> bool:
    return item.blob.mime_type == PDF


def pdf_page_count(item: EvidenceItem) -> int | None:
    """The page count of a PDF item, read with pypdf; None if it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if item.page_count:
        return item.page_count
    try:
        with reading.local_copy(item.blob) as copy:
            return len(PdfReader(copy.path).pages)
    except (PyPdfError, OSError, ValueError) as exc:
        logger.warning("cannot count the pages of %s: %s", item.reference, exc)
        return None


def assignments(item_ids: Sequence[int]) -> dict[int, ErnAssignment]:
    """The ERNs of the items ``item_ids`` by item id (those that have some)."""
    return {a.item_id: a for a in ErnAssignment.objects.filter(item__in=item_ids)}


def number(item_ids: Sequence[int], *, chunk: int = 500) -> None:
    """Number those of the items ``item_ids`` that have no ERNs yet, in that order,
    in a new batch.

    The items are read ``chunk`` at a time: first to count the new PDFs' pages
    (reading them, outside any lock), then, with the counter locked in one
    transaction, to number those still without ERNs. Only the page counts of
    PDFs of more than one page are kept between the two (any other item takes
    one ERN), so memory hardly grows with the number of items.
    """
    pages: dict[int, int] = {}
    new_items = False
    for ids in chunked(item_ids, chunk):
        new = EvidenceItem.objects.filter(pk__in=ids, ern__isnull=True)
        for item in new.select_related("blob").defer(
            "extracted_text", "description", "source_note"
        ):
            new_items = True
            if is_pdf(item) and (count := pdf_page_count(item) or 1) > 1:
                pages[item.pk] = count
    if not new_items:
        return
    prefix = settings.INDISPUTABLE_ERN_PREFIX
    now = timezone.now()
    with transaction.atomic():
        counter, _ = ErnCounter.objects.get_or_create(prefix=prefix)
        counter = ErnCounter.objects.select_for_update().get(pk=counter.pk)
        opened = False
        for ids in chunked(item_ids, chunk):
            # Read under the counter's lock: an item numbered meanwhile by another
            # export keeps its numbers.
            new = set(
                EvidenceItem.objects.filter(pk__in=ids, ern__isnull=True).values_list(
                    "pk", flat=True
                )
            )
            made = []
            for pk in ids:
                if pk not in new:
                    continue
                count = pages.get(pk, 1)
                if not opened or counter.last_page + count > PAGES_PER_BATCH:
                    counter.batch += 1
                    counter.last_page = 0
                    opened = True
                made.append(
                    ErnAssignment(
                        item_id=pk,
                        prefix=prefix,
                        batch=counter.batch,
                        first_page=counter.last_page + 1,
                        last_page=counter.last_page + count,
                        assigned_at=now,
                    )
                )
                counter.last_page += count
            ErnAssignment.objects.bulk_create(made, batch_size=1000)
        counter.save(update_fields=["batch", "last_page"])


def chunked(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    """``ids`` in consecutive slices of ``size``."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def stamp_pdf(source, assignment: ErnAssignment) -> bytes:
    """A copy of the PDF at ``source`` with each page's ERN stamped at its foot.

    The stamp is a separate overlay (reportlab) merged onto each page (pypdf); the
    original is never touched.
    """
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    reader = PdfReader(source)
    if len(reader.pages) != assignment.pages:
        raise ValueError(
            f"{assignment.first}: the PDF has {len(reader.pages)} pages, "
            f"{assignment.pages} ERNs were assigned"
        )
    overlay_bytes = io.BytesIO()
    sheet = canvas.Canvas(overlay_bytes)
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        sheet.setPageSize((width, height))
        sheet.setFont("Helvetica-Bold", 9)
        text = assignment.number(number)
        x = float(box.left) + width - 12
        y = float(box.bottom) + 10
        sheet.setFillColorRGB(1, 1, 1)
        width_of_text = sheet.stringWidth(text)
        sheet.rect(
            x - width_of_text - 4, y - 3, width_of_text + 8, 13, fill=1, stroke=0
        )
        sheet.setFillColorRGB(0, 0, 0)
        sheet.drawRightString(x, y, text)
        sheet.showPage()
    sheet.save()
    overlay = PdfReader(io.BytesIO(overlay_bytes.getvalue()))
    writer = PdfWriter(clone_from=reader)
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
