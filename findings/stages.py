"""The early-warning vocabulary: Genocide Watch's Ten Stages and alert levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The Ten Stages of Genocide; they overlap and are not linear."""

    CLASSIFICATION = "classification", _("1. Classification")
    SYMBOLISATION = "symbolisation", _("2. Symbolisation")
    DISCRIMINATION = "discrimination", _("3. Discrimination")
    DEHUMANISATION = "dehumanisation", _("4. Dehumanisation")
    ORGANISATION = "organisation", _("5. Organisation")
    POLARISATION = "polarisation", _("6. Polarisation")
    PREPARATION = "preparation", _("7. Preparation")
    PERSECUTION = "persecution", _("8. Persecution")
    EXTERMINATION = "extermination", _("9. Extermination")
    DENIAL = "denial", _("10. Denial")


class StageStatus(models.TextChoices):
    NOT_OBSERVED = "not_observed", _("Not observed")
    PRESENT = "present", _("Present")
    INTENSIFYING = "intensifying", _("Intensifying")


class AlertLevel(models.TextChoices):
    """Genocide Watch's alert levels, in rising order of urgency."""

    WATCH = "watch", _("Genocide Watch")
    WARNING = "warning", _("Genocide Warning")
    EMERGENCY = "emergency", _("Genocide Emergency")
