"""``manage.py issue_token USERNAME NAME [--scope write] [--days 30] [--case REF]``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import TokenPolicy
from accounts.tokens import issue_token
from cases.models import Case


class Command(BaseCommand):
    help = "Issue an API token; its secret is printed once and never stored."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'field laptop'.")
        parser.add_argument("--scope", choices=TokenPolicy.Scope.values, default="read")
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument(
            "--case",
            action="append",
            default=[],
            dest="cases",
            metavar="REFERENCE",
            help="Limit the token to this case (repeat for several).",
        )

    def handle(self, *args, username, name, scope, days, cases, **options):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no active user {username!r}") from exc
        chosen = list(Case.objects.filter(reference__in=cases))
        missing = set(cases) - {c.reference for c in chosen}
        if missing:
            raise CommandError(f"no case {', '.join(sorted(missing))}")
        try:
            token, plaintext = issue_token(
                user=user, name=name, scope=scope, days=days, cases=chosen
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        reach = ", ".join(cases) if cases else "all the user's cases"
        self.stdout.write(
            f"{plaintext}\n(scope {scope}, expires "
            f"{token.policy.expires_at:%Y-%m-%d}, reaches {reach})"
        )
