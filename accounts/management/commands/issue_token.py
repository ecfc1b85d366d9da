"""``manage.py issue_token USERNAME NAME [--scope write] [--days 30]``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import TokenPolicy
from accounts.tokens import issue_token


class Command(BaseCommand):
    help = "Issue an API token; its secret is printed once and never stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'field laptop'.")
        parser.add_argument("--scope", choices=TokenPolicy.Scope.values, default="read")
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, username, name, scope, days, **options):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no active user {username!r}") from exc
        token, plaintext = issue_token(user=user, name=name, scope=scope, days=days)
        self.stdout.write(
            f"{plaintext}\n(scope {scope}, expires {token.policy.expires_at:%Y-%m-%d})"
        )
