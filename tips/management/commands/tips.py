"""``manage.py tips export|decrypt|purge|keygen``: the tips channel's chores."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tips.crypto import TipDecryptionError


class Command(BaseCommand):
    help = "Export, decrypt offline, purge expired tips, or make an age key pair."
    requires_system_checks: list = []

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="copy tip ciphertexts and an index")
        export.add_argument("out", type=Path)
        export.add_argument("--tip", type=int, action="append", dest="tip_ids")
        export.add_argument(
            "--as",
            dest="username",
            help="the member of staff exporting, named in the custody log "
            "(default: the system)",
        )
        decrypt = sub.add_parser(
            "decrypt", help="decrypt an export (offline; no database needed)"
        )
        decrypt.add_argument("export", type=Path)
        decrypt.add_argument(
            "--identity",
            "-i",
            type=Path,
            required=True,
            help="file holding the private key (age-keygen output), or - for stdin",
        )
        decrypt.add_argument("--out", "-o", type=Path, required=True)
        sub.add_parser("purge", help="delete tips past the retention period")
        sub.add_parser("keygen", help="print a new age key pair (keep it offline)")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _export(self, out: Path, tip_ids=None, username=None, **_) -> None:
        from django.contrib.auth import get_user_model

        from tips.access import can_handle_tips
        from tips.models import Tip
        from tips.offline import export_tips

        actor = None
        if username:
            actor = get_user_model().objects.filter(username=username).first()
            if actor is None or not can_handle_tips(actor):
                raise CommandError(f"{username} may not handle confidential tips.")
        tips = Tip.objects.select_related("source")
        if tip_ids:
            tips = tips.filter(pk__in=tip_ids)
        count = export_tips(out, tips, actor=actor)
        self.stdout.write(f"Exported {count} tip(s) to {out} (ciphertext only).")

    def _decrypt(self, export: Path, identity: Path, out: Path, **_) -> None:
        from tips.offline import ExportIntegrityError, decrypt_export

        key_text = sys.stdin.read() if str(identity) == "-" else identity.read_text()
        try:
            written = decrypt_export(export, key_text, out)
        except (TipDecryptionError, ExportIntegrityError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Decrypted {len(written)} file(s) into {out}.")

    def _purge(self, **_) -> None:
        from tips.retention import purge_expired

        result = purge_expired()
        self.stdout.write(
            f"Deleted {result.tips} tip(s) ({result.parts} part(s)), "
            f"{result.replies} reply(ies), {result.sources} source(s)."
        )

    def _keygen(self, **_) -> None:
        from pyrage import x25519

        identity = x25519.Identity.generate()
        self.stdout.write(f"# public key: {identity.to_public()}\n{identity}")
