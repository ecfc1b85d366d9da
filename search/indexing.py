"""Keeping the index fresh: on commit of a change, a task re-indexes the object.

``rebuild`` re-indexes everything in batches (``manage.py rebuild_search_index``).
The search rows (``search/rows.py``) are not this module's: database triggers write
them with every change of an item.
The index is this app's own folded-text tables (see ``search/fulltext.py`` for why
not Wagtail's index tables): folding in Python once per object, one bulk upsert per
batch, and the database's own full-text index kept in step by triggers (SQLite) or a
generated column (PostgreSQL), which indexes well over 1,000 items a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from cases.models import Case, Incident, Organisation, Person, PersonName
from evidence.models import EvidenceItem
from search import documents, rows
from search.models import EvidenceDocument, RecordDocument

BATCH = 2000

RECORD_MODELS = {
    RecordDocument.Kind.CASE: (Case, documents.case_document),
    RecordDocument.Kind.PERSON: (Person, documents.person_document),
    RecordDocument.Kind.ORGANISATION: (
        Organisation,
        documents.organisation_document,
    ),
    RecordDocument.Kind.INCIDENT: (Incident, documents.incident_document),
}
EVIDENCE = "evidence"


def index_items(item_ids: Iterable[int]) -> int:
    """(Re-)index these evidence items; returns how many were indexed."""
    rows = EvidenceItem.objects.filter(pk__in=list(item_ids)).values(
        *documents.EVIDENCE_FIELDS
    )
    docs = [
        EvidenceDocument(item_id=row["pk"], document=documents.evidence_document(row))
        for row in rows
    ]
    EvidenceDocument.objects.bulk_create(
        docs,
        update_conflicts=True,
        unique_fields=["item"],
        update_fields=["document"],
    )
    return len(docs)


def index_records(kind: str, object_ids: Iterable[int]) -> int:
    """(Re-)index these cases, persons, units or incidents; drop the gone ones."""
    model, build = RECORD_MODELS[kind]
    ids = list(object_ids)
    objects = model.objects.filter(pk__in=ids)
    if kind == RecordDocument.Kind.PERSON:
        objects = objects.prefetch_related("names")
    docs = []
    for obj in objects:
        title, text = build(obj)
        case_id = obj.pk if kind == RecordDocument.Kind.CASE else obj.case_id
        docs.append(
            RecordDocument(
                kind=kind,
                object_id=obj.pk,
                case_id=case_id,
                title=title[:500],
                document=text,
            )
        )
    found = {d.object_id for d in docs}
    RecordDocument.objects.filter(kind=kind, object_id__in=set(ids) - found).delete()
    RecordDocument.objects.bulk_create(
        docs,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["case", "title", "document"],
    )
    return len(docs)


def index_objects(kind: str, object_ids: list[int]) -> int:
    if kind == EVIDENCE:
        return index_items(object_ids)
    return index_records(kind, object_ids)


def rebuild(progress: Callable[[str, int, int], None] | None = None) -> dict:
    """Re-index every object, batch by batch, reporting (kind, done, total).

    The search rows (``search/rows.py``) are written again from the items first,
    in one transaction: triggers keep them in step, and this repairs them after a
    restore that bypassed the triggers.
    """
    with transaction.atomic():
        rows.resync()
    counts = {}
    plan = [(EVIDENCE, EvidenceItem)] + [(k, m) for k, (m, _) in RECORD_MODELS.items()]
    for kind, model in plan:
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                done += index_objects(kind, ids[start : start + BATCH])
            if progress:
                progress(kind, done, len(ids))
        if kind != EVIDENCE:
            RecordDocument.objects.filter(kind=kind).exclude(
                object_id__in=model.objects.values("pk")
            ).delete()
        counts[kind] = done
    return counts


def _enqueue(kind: str, object_id: int) -> None:
    from search.tasks import index_objects_task

    transaction.on_commit(lambda: index_objects_task.enqueue(kind, [object_id]))


def _on_item_saved(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _enqueue(EVIDENCE, instance.pk)


def _record_handler(kind: str, key: Callable) -> Callable:
    def handler(sender, instance, raw=False, **kwargs) -> None:
        if not raw:
            _enqueue(kind, key(instance))

    return handler


_HANDLERS = [
    (EvidenceItem, _on_item_saved, False),
    (Case, _record_handler(RecordDocument.Kind.CASE, lambda o: o.pk), False),
    (Person, _record_handler(RecordDocument.Kind.PERSON, lambda o: o.pk), True),
    (
        PersonName,
        _record_handler(RecordDocument.Kind.PERSON, lambda o: o.person_id),
        True,
    ),
    (
        Organisation,
        _record_handler(RecordDocument.Kind.ORGANISATION, lambda o: o.pk),
        True,
    ),
    (Incident, _record_handler(RecordDocument.Kind.INCIDENT, lambda o: o.pk), True),
]


def connect_signals() -> None:
    """Wired in ``SearchConfig.ready``: index on commit of every change."""
    for model, handler, on_delete in _HANDLERS:
        uid = f"search-index-{model._meta.label}"
        post_save.connect(handler, sender=model, dispatch_uid=uid)
        if on_delete:
            post_delete.connect(handler, sender=model, dispatch_uid=uid + "-delete")
