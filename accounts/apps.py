from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(sender, **kwargs) -> None:
    from accounts.roles import ensure_roles

    ensure_roles()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Permissions exist only after every app has migrated, so the role groups
        # are brought up to date then, on every migrate.
        post_migrate.connect(_ensure_roles, sender=self)

        from axes.signals import user_locked_out
        from django.contrib.auth import signals

        from accounts import audit

        signals.user_logged_in.connect(audit.on_login)
        signals.user_logged_out.connect(audit.on_logout)
        signals.user_login_failed.connect(audit.on_login_failed)
        user_locked_out.connect(audit.on_lockout)
