"""Witnesses under pseudonyms; their identities in a separate, guarded table; and
the consent under which items and witnesses' accounts may be used."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual

from cases.models.precision import Precision


class ProtectionLevel(models.TextChoices):
    """Protective measures, after Rome Statute art. 68 and Rules 87 and 88."""

    PSEUDONYM = "pseudonym", "pseudonym only"
    REDACTION = "redaction", "pseudonym and redaction of identifying information"
    IN_COURT = (
        "in_court",
        "in-court measures (face and voice distortion, closed session)",
    )
    PROTECTION_PROGRAMME = "programme", "protection programme or relocation"


class Witness(models.Model):
    """A witness as the team knows them: a pseudonym such as P-0001. Nothing here
    may identify the person."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="witnesses"
    )
    pseudonym = models.CharField(max_length=20)
    protection_level = models.CharField(max_length=12, choices=ProtectionLevel.choices)
    summary = models.TextField(blank=True, help_text="Nothing identifying.")
    statements = models.ManyToManyField(
        "evidence.EvidenceItem", blank=True, related_name="witnesses"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "pseudonym"], name="witness_pseudonym_once"
            ),
            models.CheckConstraint(
                condition=models.Q(pseudonym__startswith="P-")
                & GreaterThanOrEqual(Length("pseudonym"), 6),
                name="witness_pseudonym_form",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class WitnessIdentity(models.Model):
    """Who a witness is. Readable only with ``cases.read_witnessidentity`` and only
    through ``cases/witnesses.py``, which records every reading."""

    witness = models.OneToOneField(
        Witness, on_delete=models.PROTECT, related_name="identity"
    )
    legal_name = models.CharField(max_length=300)
    other_names = models.TextField(blank=True, help_text="Any script, one per line.")
    birth_date = models.DateField(null=True, blank=True)
    birth_date_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )
    contact = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        default_permissions = ()
        permissions = [
            ("read_witnessidentity", "Can read the identities of protected witnesses"),
            ("record_witnessidentity", "Can record the identities of witnesses"),
        ]

    def __str__(self) -> str:
        return f"identity of {self.witness}"


class Consent(models.Model):
    """Under what consent an item or a witness's account may be used."""

    item = models.ForeignKey(
        "evidence.EvidenceItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    witness = models.ForeignKey(
        Witness,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    share_with_courts = models.BooleanField(default=False)
    courts = models.CharField(
        max_length=500, blank=True, help_text="Which courts or mechanisms; empty = any."
    )
    publish = models.BooleanField(default=False)
    given_on = models.DateField(null=True, blank=True)
    form_reference = models.CharField(
        max_length=60, blank=True, help_text="Reference of the signed consent form."
    )
    note = models.TextField(blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=False, witness__isnull=True)
                | models.Q(item__isnull=True, witness__isnull=False),
                name="consent_of_item_or_witness",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(given_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"consent of {self.item_id or self.witness}"
