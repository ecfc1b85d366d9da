"""Confidential tips: what the archive keeps about them, all of it non-identifying.

Message, files and file names exist only as age ciphertext in the tips store (see
:mod:`tips.store`); these rows hold a random staff designation, hour-coarse times,
the plaintext SHA-256 and size of each part, and the link to its accession event.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class Source(models.Model):
    """Whoever sent one or more tips, known only by a random two-word designation.

    A source who asked for a codename has ``codename_lookup`` (a slow hash of the
    codename), and a reply key: replies are encrypted to ``reply_recipient``, whose
    private key is stored only wrapped under a key derived from the codename.
    """

    designation = models.CharField(max_length=64, unique=True)
    # NULL, not "", for sources without a codename: many NULLs stay unique.
    codename_lookup = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True
    )
    reply_recipient = models.CharField(max_length=100, blank=True)
    wrapped_reply_identity = models.BinaryField(default=b"", blank=True)
    created_hour = models.DateTimeField()
    last_seen_hour = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-last_seen_hour", "-id"]

    def __str__(self) -> str:
        return self.designation

    @property
    def has_codename(self) -> bool:
        return bool(self.codename_lookup)


class Tip(models.Model):
    """One submission: a message and/or files, as ciphertext parts and a manifest.

    The manifest (ciphertext too) lists each part's file name, claimed type, size
    and SHA-256; nothing in this row says who sent it or when, beyond the hour.
    """

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="tips")
    received_hour = models.DateTimeField(db_index=True)
    manifest_name = models.CharField(max_length=80)

    class Meta:
        ordering = ["-received_hour", "-id"]
        permissions = [
            ("handle_tips", "Can read, answer and promote confidential tips"),
        ]

    def __str__(self) -> str:
        return f"tip from {self.source} ({self.received_hour:%Y-%m-%d %H}h UTC)"


class TipPart(models.Model):
    """One encrypted part of a tip: the message or one file."""

    class Kind(models.TextChoices):
        MESSAGE = "message", gettext_lazy("Message")
        FILE = "file", gettext_lazy("File")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=7, choices=Kind.choices)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    ciphertext_name = models.CharField(max_length=80)
    # The accession event's salted details commitment: unique per event, and known
    # at once whether the log appends directly or in batches.
    accession_commitment = models.CharField(max_length=64)
    promoted_item = models.ForeignKey(
        "evidence.EvidenceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["tip", "index"]
        constraints = [
            models.UniqueConstraint(fields=["tip", "index"], name="tippart_tip_index"),
            models.CheckConstraint(
                condition=models.Q(size__gte=0), name="tippart_size_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"part {self.index} ({self.kind}) of {self.tip}"


class Reply(models.Model):
    """A reply from staff to a source, readable only with the source's codename
    (or the organisation's offline private key)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="replies")
    created_hour = models.DateTimeField(db_index=True)
    ciphertext = models.BinaryField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_hour", "id"]

    def __str__(self) -> str:
        return f"reply to {self.source} ({self.created_hour:%Y-%m-%d %H}h UTC)"
