"""The search index (folded documents with a full-text index per database) and
saved searches.

The full-text structures are not Django fields: an FTS5 virtual table kept in step
by triggers on SQLite, a generated ``tsvector`` column with a GIN index on
PostgreSQL (``search/fulltext.py`` creates and queries both).

``EvidenceRow`` is a narrow copy of the columns a search filters, counts and
orders on, kept in step with the item by database triggers (``search/rows.py``)
in the same transaction as every change.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper


class EvidenceDocument(models.Model):
    """An evidence item's searchable text, folded (``search/folding.py``)."""

    item = models.OneToOneField(
        "evidence.EvidenceItem",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    document = models.TextField()

    def __str__(self) -> str:
        return f"search document of item {self.item_id}"


class EvidenceRow(models.Model):
    """An evidence item's filter, facet, order and access columns, one narrow row.

    Database triggers (``search/rows.py``) write it in the same statement as every
    insert, update or delete of the item (and of its blob's MIME type), so it is
    never behind the item: the access policy (``evidence.access.visibility``)
    applies to it as to the item, under the same column names. A search counts
    and groups these rows through one covering index instead of reading the wide
    item rows and their blobs. Never written by Python.
    """

    item = models.OneToOneField(
        "evidence.EvidenceItem",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="+",
    )
    # The type facet of the blob's sniffed MIME type (``search.params.TYPES``).
    kind = models.CharField(max_length=8)
    source_type = models.CharField(max_length=20)
    sensitivity = models.CharField(max_length=20)
    sensitivity_until = models.DateTimeField(null=True)
    sensitivity_after = models.CharField(max_length=20)
    language = models.CharField(max_length=35)
    has_gps = models.BooleanField()
    gps_latitude = models.FloatField(null=True)
    gps_longitude = models.FloatField(null=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField()
    capture_time = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            # Facets and totals: grouped in index order, with the access
            # columns and the key, so that no table row is read.
            models.Index(
                fields=[
                    "kind",
                    "source_type",
                    "sensitivity",
                    "has_gps",
                    "language",
                    "sensitivity_until",
                    "sensitivity_after",
                    "submitted_by",
                    "collected_by",
                    "item",
                ],
                name="search_row_facets",
            ),
            models.Index(fields=["submitted_at", "item"], name="search_row_submitted"),
            models.Index(fields=["capture_time", "item"], name="search_row_captured"),
            models.Index(
                fields=["gps_latitude", "gps_longitude"], name="search_row_gps"
            ),
            # The language filter ignores case: this gives PostgreSQL's planner
            # the statistics of the folded value.
            models.Index(Upper("language"), name="search_row_language"),
        ]

    def __str__(self) -> str:
        return f"search row of item {self.item_id}"


class RecordDocument(models.Model):
    """The searchable text of a case, person, unit or incident. Only the team of
    ``case`` may find it."""

    class Kind(models.TextChoices):
        CASE = "case", "Case"
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Unit or organisation"
        INCIDENT = "incident", "Incident"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="search_documents"
    )
    title = models.CharField(max_length=500)
    document = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="record_document_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class SavedSearch(models.Model):
    """A search a user named to run again; only its owner sees it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=200)
    query_string = models.CharField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "name"], name="saved_search_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name
