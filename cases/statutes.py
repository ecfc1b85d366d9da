"""Loading a statute's crimes catalogue from a data file, idempotently.

The file names a statute, its crimes and its modes of liability, each with its
elements (see ``cases/catalogue/rome_statute.json``). Rows are matched by code and
updated in place, so loading the same file twice changes nothing, and a corrected
summary reaches every case that cites the element. Elements missing from a newer
file are kept (evidence may be linked to them) and reported as stale.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
ROME_STATUTE = CATALOGUE_DIR / "rome_statute.json"
FORMAT = "indisputable-catalogue/1"
KINDS = {"material", "mental", "contextual"}


class CatalogueError(ValueError):
    """The file is not a catalogue this version can load; the message says why."""


@dataclass
class LoadReport:
    statute: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: list[str] = field(default_factory=list)


def read_catalogue(path: Path | str) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    validate(data)
    return data


def validate(data: dict[str, Any]) -> None:
    """Refuse a file with unknown format, duplicate codes or malformed elements."""
    if data.get("format") != FORMAT:
        raise CatalogueError(f"unknown catalogue format {data.get('format')!r}")
    statute = data.get("statute") or {}
    if not statute.get("code") or not statute.get("title"):
        raise CatalogueError("the statute needs a code and a title")
    seen: set[str] = set()
    for entry in [*data.get("crimes", []), *data.get("modes", [])]:
        codes = [entry.get("code")] + [e.get("code") for e in entry.get("elements", [])]
        for code in codes:
            if not code:
                raise CatalogueError(f"an entry or element of {entry!r} has no code")
            if code in seen:
                raise CatalogueError(f"code {code} appears twice")
            seen.add(code)
        if not entry.get("elements"):
            raise CatalogueError(f"{entry['code']} has no elements")
        for element in entry["elements"]:
            if element.get("kind") not in KINDS:
                raise CatalogueError(
                    f"{element['code']} has kind {element.get('kind')!r}"
                )
            if not element.get("text"):
                raise CatalogueError(f"{element['code']} has no text")


def load_catalogue(data: dict[str, Any], *, models: Any = None) -> LoadReport:
    """Upsert the catalogue in ``data``. ``models`` gives the model classes (the
    historical ones in a migration); by default the app's own."""
    validate(data)
    if models is None:
        from cases import models as models_module

        models = models_module
    with transaction.atomic():
        return _Loader(models, data).run()


def load_rome_statute(apps=None, schema_editor=None) -> LoadReport:
    """The Rome Statute catalogue shipped with the code; a migration's operation."""

    class Historical:
        Statute = apps.get_model("cases", "Statute")
        Crime = apps.get_model("cases", "Crime")
        LiabilityMode = apps.get_model("cases", "LiabilityMode")
        Element = apps.get_model("cases", "Element")

    return load_catalogue(
        read_catalogue(ROME_STATUTE), models=Historical if apps else None
    )


class _Loader:
    def __init__(self, models: Any, data: dict[str, Any]) -> None:
        self.m = models
        self.data = data
        self.report = LoadReport(statute=data["statute"]["code"])

    def run(self) -> LoadReport:
        meta = self.data["statute"]
        statute = self._upsert(
            self.m.Statute,
            meta["code"],
            {
                "title": meta["title"],
                "citation": meta.get("citation", ""),
                "note": meta.get("note", ""),
            },
        )
        wanted: set[str] = set()
        for position, entry in enumerate(self.data.get("crimes", [])):
            crime = self._upsert(
                self.m.Crime,
                entry["code"],
                {
                    "statute": statute,
                    "article": entry["article"],
                    "category": entry["category"],
                    "conflict": entry.get("conflict", ""),
                    "title": entry["title"],
                    "note": entry.get("note", ""),
                    "position": position,
                },
            )
            wanted |= self._elements(entry["elements"], crime=crime, mode=None)
        for position, entry in enumerate(self.data.get("modes", [])):
            mode = self._upsert(
                self.m.LiabilityMode,
                entry["code"],
                {
                    "statute": statute,
                    "article": entry["article"],
                    "title": entry["title"],
                    "summary": entry.get("summary", ""),
                    "position": position,
                },
            )
            wanted |= self._elements(entry["elements"], crime=None, mode=mode)
        existing = self.m.Element.objects.filter(
            Q(crime__statute=statute) | Q(mode__statute=statute)
        ).values_list("code", flat=True)
        self.report.stale = sorted(set(existing) - wanted)
        return self.report

    def _elements(self, elements, *, crime, mode) -> set[str]:
        codes = {e["code"] for e in elements}
        numbers = {e["code"]: e.get("number") for e in elements}
        owner = {"crime": crime} if crime is not None else {"mode": mode}
        current = {
            e.code: e
            for e in self.m.Element.objects.filter(Q(code__in=codes) | Q(**owner))
        }
        # Numbers are unique per crime: clear those that move or leave before
        # setting the new ones, so a renumbered file never trips the constraint.
        moving = [
            e.pk
            for code, e in current.items()
            if e.number is not None and numbers.get(code) != e.number
        ]
        if moving:
            self.m.Element.objects.filter(pk__in=moving).update(number=None)
            for e in current.values():
                if e.pk in moving:
                    e.number = None
        for position, element in enumerate(elements):
            self._upsert(
                self.m.Element,
                element["code"],
                {
                    "crime": crime,
                    "mode": mode,
                    "number": element.get("number"),
                    "position": position,
                    "kind": element["kind"],
                    "text": element["text"],
                    "shared_key": element.get("shared_key", ""),
                    "shared_per": element.get("shared_per", ""),
                },
                current=current.get(element["code"]),
            )
        return codes

    def _upsert(self, model, code: str, values: dict[str, Any], current=None):
        obj = current or model.objects.filter(code=code).first()
        if obj is None:
            self.report.created += 1
            return model.objects.create(code=code, **values)
        changed = [
            name
            for name, value in values.items()
            if _field_value(obj, name) != _key(value)
        ]
        if not changed:
            self.report.unchanged += 1
            return obj
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        self.report.updated += 1
        return obj


def _field_value(obj, name: str):
    field_obj = obj._meta.get_field(name)
    if field_obj.is_relation:
        return getattr(obj, field_obj.attname)
    return getattr(obj, name)


def _key(value):
    return getattr(value, "pk", value)
