"""The crimes catalogue: statutes, their crimes and modes of liability, and the
elements each must be proven by. Loaded from data files (``cases/catalogue/``), never
typed in, so another statute can be loaded beside the Rome Statute."""

from django.db import models


class ElementKind(models.TextChoices):
    MATERIAL = "material", "material"
    MENTAL = "mental", "mental"
    CONTEXTUAL = "contextual", "contextual"


class Statute(models.Model):
    """A body of law whose crimes a case can charge (the Rome Statute, a national
    code applied under universal jurisdiction)."""

    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=300)
    citation = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class Crime(models.Model):
    class Category(models.TextChoices):
        GENOCIDE = "genocide", "genocide"
        CRIME_AGAINST_HUMANITY = "crime_against_humanity", "crime against humanity"
        WAR_CRIME = "war_crime", "war crime"
        AGGRESSION = "aggression", "aggression"
        OTHER = "other", "other"

    class Conflict(models.TextChoices):
        NONE = "", "not required"
        INTERNATIONAL = "international", "international armed conflict"
        NON_INTERNATIONAL = "non-international", "non-international armed conflict"

    statute = models.ForeignKey(
        Statute, on_delete=models.PROTECT, related_name="crimes"
    )
    code = models.CharField(max_length=40, unique=True)
    article = models.CharField(max_length=40, help_text="As cited, e.g. 7(1)(g)-1.")
    category = models.CharField(max_length=30, choices=Category.choices)
    conflict = models.CharField(
        max_length=20, choices=Conflict.choices, blank=True, default=""
    )
    title = models.CharField(max_length=300)
    note = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["statute", "position"]

    def __str__(self) -> str:
        return f"Art. {self.article} {self.title}"


class LiabilityMode(models.Model):
    """A way of being responsible for a crime: committing, ordering, aiding, command
    responsibility and so on."""

    statute = models.ForeignKey(
        Statute, on_delete=models.PROTECT, related_name="liability_modes"
    )
    code = models.CharField(max_length=40, unique=True)
    article = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["statute", "position"]

    def __str__(self) -> str:
        return f"Art. {self.article} {self.title}"


class Element(models.Model):
    """One element to prove, of a crime or of a mode of liability.

    ``number`` follows the official elements; an element the official text leaves
    implicit (the Article 30 default mental element) has none. Contextual elements
    with the same ``shared_key`` describe one fact (the attack, the armed conflict)
    and appear once in a case's proof matrix.
    """

    class SharedPer(models.TextChoices):
        NOT_SHARED = "", "not shared"
        CASE = "case", "the whole case"
        SUSPECT = "suspect", "each suspect"

    code = models.CharField(max_length=60, unique=True)
    crime = models.ForeignKey(
        Crime, on_delete=models.PROTECT, null=True, blank=True, related_name="elements"
    )
    mode = models.ForeignKey(
        LiabilityMode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elements",
    )
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=ElementKind.choices)
    text = models.TextField()
    shared_key = models.CharField(max_length=60, blank=True)
    shared_per = models.CharField(
        max_length=10, choices=SharedPer.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["crime", "mode", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(crime__isnull=False, mode__isnull=True)
                | models.Q(crime__isnull=True, mode__isnull=False),
                name="element_of_crime_or_mode",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ElementKind.values),
                name="element_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(shared_key="", shared_per="")
                | (
                    ~models.Q(shared_key="")
                    & models.Q(shared_per__in=["case", "suspect"])
                ),
                name="element_shared_key_has_scope",
            ),
            models.UniqueConstraint(
                fields=["crime", "number"],
                condition=models.Q(number__isnull=False, crime__isnull=False),
                name="element_crime_number_unique",
            ),
            models.UniqueConstraint(
                fields=["mode", "number"],
                condition=models.Q(number__isnull=False, mode__isnull=False),
                name="element_mode_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.code
