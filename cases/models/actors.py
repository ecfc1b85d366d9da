"""Who: persons (suspects and others), units and organisations, and who commanded
whom, when. All belong to one case: a team sees only its own case's actors."""

from django.db import models

from cases.models.precision import Precision, ends_after_starts


class Person(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="persons"
    )
    name = models.CharField(
        max_length=300, help_text="The name the team uses; other names below."
    )
    is_suspect = models.BooleanField(default=False)
    birth_date = models.DateField(null=True, blank=True)
    birth_date_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )
    nationality = models.CharField(
        max_length=100, blank=True, help_text="ISO 3166 codes, separated by spaces."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=True, birth_date_precision="")
                | models.Q(
                    birth_date__isnull=False,
                    birth_date_precision__in=["day", "month", "year", "decade"],
                ),
                name="person_birth_date_has_precision",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PersonName(models.Model):
    """A name or alias in any script: the original spelling, transliterations,
    noms de guerre."""

    class Kind(models.TextChoices):
        LEGAL = "legal", "legal name"
        ALIAS = "alias", "alias"
        NOM_DE_GUERRE = "nom_de_guerre", "nom de guerre"
        TRANSLITERATION = "transliteration", "transliteration"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="names")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    script = models.CharField(
        max_length=4, blank=True, help_text="ISO 15924 code, e.g. Arab, Cyrl, Latn."
    )
    language = models.CharField(max_length=35, blank=True, help_text="BCP 47 tag.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="person_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A unit, armed group, police force, ministry or party, in a hierarchy."""

    class Kind(models.TextChoices):
        ARMED_FORCE = "armed_force", "state armed force or unit"
        ARMED_GROUP = "armed_group", "non-state armed group"
        POLICE = "police", "police or security service"
        ADMINISTRATION = "administration", "civil administration"
        POLITICAL = "political", "political organisation"
        OTHER = "other", "other"

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(max_length=300)
    aliases = models.TextField(blank=True, help_text="One name per line, any script.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="units"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="organisation_once"),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")),
                name="organisation_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A post a person held in an organisation for a period, e.g. a command."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="positions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(max_length=300, help_text="Rank or function.")
    is_command = models.BooleanField(
        default=False, help_text="The post gave command over the organisation."
    )
    start_date = models.DateField(null=True, blank=True)
    start_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )

    class Meta:
        ordering = ["person", "start_date"]
        constraints = [ends_after_starts("position", "start_date", "end_date")]

    def __str__(self) -> str:
        return f"{self.person}: {self.title}, {self.organisation}"


class CommandRelationship(models.Model):
    """One organisation under another's command for a period, de jure or de facto.
    The standing hierarchy is ``Organisation.parent``; this records what changed."""

    class Basis(models.TextChoices):
        DE_JURE = "de_jure", "de jure"
        DE_FACTO = "de_facto", "de facto"

    superior = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commands"
    )
    subordinate = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="commanded_by"
    )
    basis = models.CharField(max_length=10, choices=Basis.choices)
    start_date = models.DateField(null=True, blank=True)
    start_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )
    end_date = models.DateField(null=True, blank=True)
    end_precision = models.CharField(
        max_length=10, choices=Precision.choices, blank=True
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["superior", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(superior=models.F("subordinate")),
                name="command_not_over_itself",
            ),
            ends_after_starts("command", "start_date", "end_date"),
        ]

    def __str__(self) -> str:
        return f"{self.superior} commands {self.subordinate} ({self.basis})"
