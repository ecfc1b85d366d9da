from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Court bundles: its own app, so its tables migrate apart from the case builder."""

    name = "cases.exports"
    label = "exports"
    verbose_name = "Court exports"
    default_auto_field = "django.db.models.BigAutoField"
