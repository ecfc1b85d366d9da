from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = "Confidential tips"

    def ready(self) -> None:
        from tips.privacy import install_log_filter

        install_log_filter()
