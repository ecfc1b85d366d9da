"""``manage.py export_case REF --out DIR --as USER``: write a case's court bundle."""

import gc
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from cases.exports.disclosure import ExportRefused
from cases.exports.models import Confidentiality, DisclosureCategory
from cases.exports.operations import export_case
from cases.models import Case
from chain_of_custody.signing import SigningKeyError


class Command(BaseCommand):
    help = (
        "Export a case as a BagIt court bundle (directory, or zip with --zip), "
        "checked against what USER may see and send."
    )
    # No system checks before exporting: they import every URL and view of the
    # project (half a second, tens of MiB) and check nothing an export relies on.
    # `manage.py check` (CI, deployment) runs them; the export's own checks are
    # what it refuses.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The case reference, e.g. DEMO-2026-001")
        parser.add_argument(
            "--out", required=True, type=Path, help="Directory to write into"
        )
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The team member exporting: the bundle holds what they may send",
        )
        parser.add_argument("--items", nargs="+", metavar="REFERENCE")
        parser.add_argument("--disclosure", choices=DisclosureCategory.values)
        parser.add_argument(
            "--confidentiality", nargs="+", choices=Confidentiality.values
        )
        parser.add_argument("--zip", action="store_true", help="Write one zip file")

    def handle(self, *args, **options):
        # A one-off process: what start-up made lives until the end, so the
        # cycle collector need not walk it again and again during the export.
        gc.freeze()
        user = get_user_model().objects.filter(username=options["username"]).first()
        case = Case.objects.filter(reference=options["reference"]).first()
        if user is None or case is None:
            raise CommandError("no such user, or no such case")
        step = self._progress if options["verbosity"] > 1 else None
        try:
            export = export_case(
                case=case,
                user=user,
                out=options["out"],
                items=options["items"],
                disclosure_category=options["disclosure"],
                confidentiality=options["confidentiality"],
                zip=options["zip"],
                progress=step,
            )
        except Http404:
            raise CommandError(
                f"{user} is not on the team of {case.reference}"
            ) from None
        except (ExportRefused, SigningKeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Exported {export.item_count} item(s) of {case.reference} to "
            f"{export.path}\nBag SHA-256 (tagmanifest-sha256.txt): {export.bag_sha256}"
        )

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(f"\r{done}/{total} items", ending="")
