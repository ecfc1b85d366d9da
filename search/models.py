"""The search index (folded documents with a full-text index per database) and
saved searches.

The full-text structures are not Django fields: an FTS5 virtual table kept in step
by triggers on SQLite, a generated ``tsvector`` column with a GIN index on
PostgreSQL (``search/fulltext.py`` creates and queries both).
"""

from django.conf import settings
from django.db import models


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
