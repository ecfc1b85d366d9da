from django.apps import AppConfig


class StorageConfig(AppConfig):
    name = "storage"
    verbose_name = "Blob storage"

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from storage.handler import reset_stores_on_setting_change

        setting_changed.connect(reset_stores_on_setting_change)
