"""Redacted and public versions of evidence: made by one person, approved by another.

A version is a new derivative drawn from the untouched original by a recorded
recipe (boxes filled or blurred, an optional crop, a PDF's pages rendered to
images), encoded afresh from pixels and checked to carry no metadata before it is
stored. Court exports send the latest approved ``REDACTED`` version of an item
whose original may not leave; public pages show the latest approved ``PUBLIC`` one.

Output formats: an image becomes a PNG for a redacted version (lossless, for the
court) and a JPEG for a public one (light for the web). A whole PDF becomes a PDF
of its redacted page images; ``page=N`` makes an image of that page alone, which
is what a public exhibit shows. Coordinates are pixels of the upright original, or
of a page rendered at ``PDF_DPI``.
"""

from __future__ import annotations

import dataclasses
import tempfile
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from chain_of_custody import events
from chain_of_custody.models import Outcome
from evidence import access
from evidence.models import Blob, Derivative, EvidenceItem
from evidence.parsers import ParseError, leaks
from evidence.parsers.images import IMAGE_FORMATS
from evidence.parsers.redact import RecipeError, render_version
from evidence.parsers.sandbox import SandboxError, run_sandboxed
from storage import reading
from storage.handler import primary_store

if TYPE_CHECKING:
    from accounts.models import User

PDF_DPI = 150
VERSION_KINDS = (Derivative.Kind.REDACTED, Derivative.Kind.PUBLIC)
_IMAGE_FORMAT = {Derivative.Kind.REDACTED: "PNG", Derivative.Kind.PUBLIC: "JPEG"}
_DESCRIPTIONS = {
    "image/png": "PNG version made by Indisputable",
    "image/jpeg": "JPEG version made by Indisputable",
    "application/pdf": "PDF of page images made by Indisputable",
}


class RedactionError(Exception):
    """A version could not be made or approved; the message is for the user."""


class InvalidRegion(RedactionError, ValueError):
    """A box or crop that is malformed or does not fit the original."""


class RedactionRefused(RedactionError):
    """The version was refused (undecodable original, metadata left, wrong approver)."""


@dataclasses.dataclass(frozen=True)
class Region:
    """A box in pixels of the upright original (or of a PDF page at ``PDF_DPI``).

    ``mode`` "box" fills it solid black; "blur" pixelates it into a few blocks and
    blurs them, past recovery. ``page`` (1-based) limits it to one PDF page;
    ``None`` applies it to every page.
    """

    x: int
    y: int
    width: int
    height: int
    mode: Literal["box", "blur"] = "box"
    page: int | None = None

    def __post_init__(self) -> None:
        for name in ("x", "y", "width", "height"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise InvalidRegion(f"{name} must be a whole number of pixels")
        if self.x < 0 or self.y < 0:
            raise InvalidRegion(
                f"x and y must not be negative (got {self.x}, {self.y})"
            )
        if self.width <= 0 or self.height <= 0:
            raise InvalidRegion(
                f"width and height must be positive (got {self.width}×{self.height})"
            )
        if self.mode not in ("box", "blur"):
            raise InvalidRegion(f'mode must be "box" or "blur", not "{self.mode}"')
        if self.page is not None and (not isinstance(self.page, int) or self.page < 1):
            raise InvalidRegion(f"page must be 1 or more (got {self.page})")

    def as_recipe(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def can_redact(mime_type: str) -> bool:
    """Whether versions can be made of an original of this sniffed type."""
    return mime_type == "application/pdf" or bool(IMAGE_FORMATS.get(mime_type))


def make_version(
    item: EvidenceItem,
    user: User,
    *,
    kind: str,
    regions: tuple[Region, ...] | list[Region] = (),
    crop: Region | None = None,
    page: int | None = None,
    note: str = "",
    legal_basis: str = "",
) -> Derivative:
    """Make the next ``kind`` version of ``item`` from its original, unapproved.

    Raises Http404 (and logs the refusal) if ``user`` may not see the item,
    ``InvalidRegion`` for a recipe that does not fit, and ``RedactionRefused``
    (recorded as a failed ``cre`` event) if the original cannot be decoded or the
    new file still carries metadata. Nothing is stored as a version then.
    """
    item = access.get_visible_item(user, pk=item.pk)
    if kind not in VERSION_KINDS:
        raise RedactionError(f'kind must be "redacted" or "public", not "{kind}"')
    regions = tuple(regions)
    recipe: dict[str, Any] = {
        "tool": "Pillow, PDFium",
        "source_sha256": item.blob.sha256,
        "regions": [region.as_recipe() for region in regions],
        "crop": crop.as_recipe() if crop else None,
        "page": page,
        "pdf_dpi": PDF_DPI,
        "image_format": _IMAGE_FORMAT[kind],
        "fill": "black",
        "metadata_copied": False,
    }
    if not can_redact(item.blob.mime_type):
        _refuse(
            item, user, kind, f"{item.blob.mime_type} files cannot be redacted here"
        )
    with tempfile.TemporaryDirectory(prefix="indisputable-redact-") as out_dir:
        result = _render(item, user, kind, recipe, out_dir)
        with open(result["path"], "rb") as fh:
            data = fh.read()
        found = verify_no_metadata(data)
        if found:
            _refuse(item, user, kind, "the new file still carries " + "; ".join(found))
        with open(result["path"], "rb") as fh:
            blob = _store(fh, result["mime_type"])
    recipe["pages"] = result["pages"]
    return _register(item, user, kind, blob, result, recipe, note, legal_basis)


def _render(
    item: EvidenceItem, user: User, kind: str, recipe: dict[str, Any], out_dir: str
) -> dict[str, Any]:
    try:
        with reading.local_copy(item.blob) as copy:
            return run_sandboxed(
                render_version,
                copy.path,
                item.blob.mime_type,
                out_dir,
                regions=recipe["regions"],
                crop=recipe["crop"],
                page=recipe["page"],
                image_format=recipe["image_format"],
                dpi=PDF_DPI,
                timeout=settings.INDISPUTABLE_PARSER_TIMEOUT,
                memory_limit=settings.INDISPUTABLE_PARSER_MEMORY_LIMIT,
            )
    except RecipeError as exc:
        raise InvalidRegion(str(exc)) from None
    except (SandboxError, ParseError) as exc:
        reason = f"the original could not be decoded: {exc}"
    except Exception as exc:  # noqa: BLE001 - a decoder of untrusted bytes fails anyhow
        reason = f"the original could not be decoded: {type(exc).__name__}: {exc}"
    _refuse(item, user, kind, reason)
    raise AssertionError("unreachable")  # pragma: no cover - _refuse raises


def _refuse(item: EvidenceItem, user: User, kind: str, reason: str) -> None:
    """Record the failed attempt and raise; the original is untouched."""
    with transaction.atomic():
        events.record_derivative_creation(
            item=item,
            actor=user,
            outcome=Outcome.FAILURE,
            summary=f"No {kind} version made: {reason}",
            details={"kind": kind, "error": reason},
        )
    raise RedactionRefused(
        f"No {kind} version was made: {reason}. The original is unchanged."
    )


def _store(stream, mime_type: str) -> Blob:
    stored = primary_store().write_once(stream)
    digests = stored.digests
    blob, _ = Blob.objects.get_or_create(
        sha256=digests.sha256,
        defaults={
            "sha512": digests.sha512,
            "size": digests.size,
            "mime_type": mime_type,
            "mime_description": _DESCRIPTIONS[mime_type],
            "store_key": stored.key,
        },
    )
    return blob


def _register(
    item: EvidenceItem,
    user: User,
    kind: str,
    blob: Blob,
    result: dict[str, Any],
    recipe: dict[str, Any],
    note: str,
    legal_basis: str,
) -> Derivative:
    with transaction.atomic():
        # The item's row serialises concurrent makers, so version numbers never clash.
        EvidenceItem.objects.select_for_update().filter(pk=item.pk).first()
        last = Derivative.objects.filter(item=item, kind=kind).aggregate(
            last=Max("version")
        )["last"]
        derivative = Derivative.objects.create(
            item=item,
            kind=kind,
            blob=blob,
            width=result["width"],
            height=result["height"],
            recipe={**recipe, "legal_basis": legal_basis},
            version=(last or 0) + 1,
            created_by=user,
            note=note,
        )
        details = {
            "kind": kind,
            "version": derivative.version,
            "sha256": blob.sha256,
            "sha512": blob.sha512,
            "size": blob.size,
            "mime_type": blob.mime_type,
            "recipe": recipe,
            "problems": result.get("problems", []),
        }
        events.record_derivative_creation(
            item=item,
            actor=user,
            outcome=Outcome.SUCCESS,
            summary=f"Created {kind} version {derivative.version}",
            details=details,
        )
        if recipe["regions"]:
            events.record_redaction(
                item=item,
                actor=user,
                derivative=blob,
                legal_basis=legal_basis,
                note=note,
                details={"kind": kind, "version": derivative.version},
            )
    return derivative


def verify_no_metadata(data: bytes) -> list[str]:
    """What metadata the bytes of a version carry (EXIF, GPS, XMP, IPTC, ICC
    profile, comment, PDF information or XMP); an empty list if none."""
    return leaks.find_metadata(data)


def can_approve(user: User, derivative: Derivative) -> bool:
    """Whether ``user`` may approve this version (never its own maker)."""
    return (
        derivative.kind in VERSION_KINDS
        and derivative.approved_by_id is None
        and derivative.created_by_id != user.pk
        and user.has_perm("evidence.approve_redaction")
        and access.can_view_item(user, derivative.item)
    )


def approve(derivative: Derivative, user: User) -> Derivative:
    """A second person approves a version for release, with a custody event."""
    access.get_visible_item(user, pk=derivative.item_id)
    if derivative.kind not in VERSION_KINDS:
        raise RedactionRefused(f"a {derivative.kind} is not a version to approve")
    if derivative.created_by_id == user.pk:
        raise RedactionRefused(
            "a version must be approved by someone other than the person who made it"
        )
    if not user.has_perm("evidence.approve_redaction"):
        access.deny(user, target=f"approval of {derivative}")
        raise access.AccessDenied("you may not approve redacted or public versions")
    with transaction.atomic():
        locked = (
            Derivative.objects.select_for_update()
            .select_related("item__blob", "blob")
            .get(pk=derivative.pk)
        )
        if locked.approved_by_id is not None:
            raise RedactionRefused(
                f"version {locked.version} was already approved by {locked.approved_by}"
            )
        locked.approved_by = user
        locked.approved_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["approved_by", "approved_at"])
        events.record_redaction_approval(
            item=locked.item,
            actor=user,
            derivative=locked.blob,
            kind=locked.kind,
            version=locked.version,
        )
    return locked


def approved_version(item: EvidenceItem, kind: str) -> Derivative | None:
    """The latest approved version of ``kind``, or None if none is approved."""
    return (
        Derivative.objects.select_related("blob")
        .filter(item=item, kind=kind, approved_by__isnull=False)
        .order_by("-version")
        .first()
    )


def versions(item: EvidenceItem):
    """Every redacted and public version of ``item``, newest first."""
    return (
        Derivative.objects.select_related("blob", "created_by", "approved_by")
        .filter(item=item, kind__in=VERSION_KINDS)
        .order_by("-created_at", "-version")
    )


def download_version(*, user: User, reference: str, version_id: int) -> Derivative:
    """A redacted or public version for ``user`` to download, the download recorded."""
    item = access.get_visible_item(user, reference=reference)
    derivative = (
        versions(item).filter(pk=version_id).first()
        if isinstance(version_id, int)
        else None
    )
    if derivative is None:
        raise Http404("This item has no such version.")
    with transaction.atomic():
        events.record_download(
            item=item,
            actor=user,
            blob=derivative.blob,
            what=f"{derivative.kind} version {derivative.version}",
        )
    return derivative
