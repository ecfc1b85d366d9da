"""The custody log: append-only events, each a leaf of the ledger.

A ``CustodyEvent`` row holds only what its ledger leaf commits to: no personal data.
Who did it, and any sensitive detail, live in ``CustodyDetail``, bound to the event by
a salted commitment, so erasing a detail never breaks verification.
"""

from django.conf import settings
from django.db import models


class EventType(models.TextChoices):
    """PREMIS 3.0 event types (id.loc.gov ``preservation/eventType`` codes)."""

    INGESTION = "ing", "ingestion"
    ACCESSION = "acc", "accession"
    MESSAGE_DIGEST = "mes", "message digest calculation"
    FORMAT_IDENTIFICATION = "for", "format identification"
    METADATA_EXTRACTION = "mee", "metadata extraction"
    # Linking an item to a case, or recording a consent for it (see events.py).
    METADATA_MODIFICATION = "mem", "metadata modification"
    CREATION = "cre", "creation"
    REDACTION = "red", "redaction"
    DISPLAYING = "dsp", "displaying"
    DISSEMINATION = "dis", "dissemination"
    EXPORTING = "exp", "exporting"
    PACKING = "pac", "packing"
    TRANSFER = "tra", "transfer"
    FIXITY_CHECK = "fix", "fixity check"
    SIGNATURE_VALIDATION = "dig", "digital signature validation"
    VALIDATION = "val", "validation"
    REPLICATION = "rep", "replication"
    DELETION = "del", "deletion"
    DEACCESSION = "dea", "deaccession"
    QUARANTINE = "qua", "quarantine"
    UNQUARANTINE = "unq", "unquarantine"
    POLICY_ASSIGNMENT = "pol", "policy assignment"


class Outcome(models.TextChoices):
    SUCCESS = "success", "success"
    FAILURE = "failure", "failure"
    WARNING = "warning", "warning"


class CustodyHead(models.Model):
    """The single row every append locks: it serialises writers and holds the size."""

    size = models.BigIntegerField(default=0)
    # The compact range of the tree: the hex hashes of its border subtrees, largest
    # first, concatenated. Appends extend it without reading any other row.
    border = models.TextField(default="", db_default="")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="custody_head_single")
        ]

    def __str__(self) -> str:
        return f"custody log head (size {self.size})"


class CustodyEvent(models.Model):
    """One event in the custody log. Rows are never updated or deleted."""

    seq = models.BigIntegerField(unique=True)
    event_type = models.CharField(max_length=3, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    item = models.ForeignKey(
        "evidence.EvidenceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="custody_events",
    )
    item_sha256 = models.CharField(max_length=64, blank=True)
    actor_pid = models.CharField(max_length=36)
    outcome = models.CharField(max_length=7, choices=Outcome.choices)
    details_commitment = models.CharField(max_length=64)
    leaf_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seq__gte=0), name="custody_seq_gte_0"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type} {self.outcome}"


class EventDetailFields(models.Model):
    """Who acted and what exactly happened: the erasable part of an event."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150)
    summary = models.TextField()
    details = models.JSONField(default=dict)
    salt = models.CharField(max_length=32)

    class Meta:
        abstract = True


class CustodyDetail(EventDetailFields):
    """The erasable side of an event: who acted, and what exactly happened."""

    event = models.OneToOneField(
        CustodyEvent, on_delete=models.PROTECT, primary_key=True, related_name="detail"
    )

    def __str__(self) -> str:
        return f"details of event #{self.event_id}"


SUBTREE_MIN_LEVEL = 4
"""Subtrees are stored from this level up: one row per 16 events. A lower node is
recomputed from its (at most 16) leaf hashes, read in the same query."""


class CustodySubtree(models.Model):
    """A complete subtree of level >= ``SUBTREE_MIN_LEVEL``: its hash never changes.

    Level 0 subtrees are the events' leaf hashes. With these, any root or proof is
    answered by reading O(log n) rows.
    """

    pk = models.CompositePrimaryKey("level", "index")
    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, index__gte=0),
                name="custody_subtree_level_index",
            )
        ]

    def __str__(self) -> str:
        return f"subtree ({self.level}, {self.index})"


class Checkpoint(models.Model):
    """A signed tree head (C2SP tlog-checkpoint), kept as the exact note text."""

    size = models.BigIntegerField()
    root_hash = models.CharField(max_length=64)
    note = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        get_latest_by = "id"

    def __str__(self) -> str:
        return f"checkpoint #{self.pk} (size {self.size})"


class CheckpointTimestamp(models.Model):
    """An RFC 3161 time-stamp token over a checkpoint's note text."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, related_name="timestamps"
    )
    authority = models.URLField(max_length=500)
    token = models.BinaryField()
    stamped_at = models.DateTimeField(help_text="The authority's genTime.")

    def __str__(self) -> str:
        return f"timestamp of checkpoint #{self.checkpoint_id} by {self.authority}"


class PendingEvent(EventDetailFields):
    """An event committed with its operation, waiting for a seq (batched appends).

    The sequencer moves pending events into the log in batches, one commit for
    many events; until then they are not part of the tree.
    """

    event_type = models.CharField(max_length=3, choices=EventType.choices)
    occurred_at = models.DateTimeField()
    item = models.ForeignKey(
        "evidence.EvidenceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    item_sha256 = models.CharField(max_length=64, blank=True)
    actor_pid = models.CharField(max_length=36)
    outcome = models.CharField(max_length=7, choices=Outcome.choices)
    details_commitment = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"pending {self.event_type} {self.outcome}"
