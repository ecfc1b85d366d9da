from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = "Public findings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.models import PageLogEntry

        from findings.caching import on_page_log_entry
        from findings.site import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self)
        # Publishing, unpublishing, moving or deleting a page writes a log entry.
        post_save.connect(on_page_log_entry, sender=PageLogEntry)
        post_delete.connect(on_page_log_entry, sender=PageLogEntry)
