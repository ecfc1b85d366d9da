"""``manage.py load_catalogue FILE``: load or refresh a statute's crimes catalogue."""

from django.core.management.base import BaseCommand, CommandError

from cases.statutes import CatalogueError, load_catalogue, read_catalogue


class Command(BaseCommand):
    help = (
        "Load a crimes catalogue (a statute, its crimes, modes of liability and "
        "elements) from a JSON file. Safe to run again: rows are matched by code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            report = load_catalogue(read_catalogue(file))
        except (OSError, ValueError, CatalogueError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        self.stdout.write(
            f"{report.statute}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged"
        )
        if report.stale:
            self.stdout.write(
                f"{len(report.stale)} elements are no longer in the file and were "
                f"kept: {', '.join(report.stale[:20])}"
            )
