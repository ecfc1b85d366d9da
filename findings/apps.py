from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Public findings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from findings.site import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self)
