"""``manage.py custody keygen|checkpoint|prove|verify``: the custody log's tools."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chain_of_custody import auditing, checkpoints, notes, proofs, signing


class Command(BaseCommand):
    help = "Sign, prove and verify the custody log."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("keygen", help="make the Ed25519 checkpoint signing key")
        checkpoint = commands.add_parser("checkpoint", help="sign the current head")
        checkpoint.add_argument(
            "--if-grown",
            action="store_true",
            help="only if the log grew since the last",
        )
        prove = commands.add_parser("prove", help="write a proof file")
        prove.add_argument("seq", type=int, nargs="?", help="event to prove")
        prove.add_argument("--out", type=Path, required=True)
        prove.add_argument(
            "--consistency",
            nargs=2,
            type=int,
            metavar=("OLD", "NEW"),
            help="prove checkpoint size NEW extends OLD instead",
        )
        verify = commands.add_parser("verify", help="verify the whole log")
        verify.add_argument("--fixity", action="store_true", help="re-hash every blob")
        verify.add_argument(
            "--checkpoint",
            type=Path,
            action="append",
            default=[],
            help="a checkpoint kept outside the archive (repeatable)",
        )
        verify.add_argument("--key", help="public key (vkey) to check signatures with")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except (signing.SigningKeyError, proofs.ProofUnavailable) as error:
            raise CommandError(str(error)) from error

    def _keygen(self, **options):
        signer = signing.generate_key()
        self.stdout.write(f"Signing key written to {signing.key_path()} (mode 0600).")
        self.stdout.write(f"Public key: {signer.vkey}")

    def _checkpoint(self, *, if_grown, **options):
        checkpoint = checkpoints.create_checkpoint(if_grown=if_grown)
        self.stdout.write(checkpoint.note, ending="")

    def _prove(self, *, seq, out, consistency, **options):
        if consistency:
            _old, _new, text = proofs.consistency(
                old_size=consistency[0], new_size=consistency[1]
            )
        elif seq is None:
            raise CommandError("give a SEQ, or --consistency OLD NEW")
        else:
            text = proofs.inclusion(seq=seq).text
        out.write_text(text)
        self.stdout.write(f"Proof written to {out}")

    def _verify(self, *, fixity, checkpoint, key, **options):
        try:
            keys = notes.verifier_from_vkey(key) if key else None
        except notes.NoteError as error:
            raise CommandError(f"--key: {error}") from error
        outside = [(str(path), path.read_text()) for path in checkpoint]
        report = auditing.run_verification(
            with_fixity=fixity, keys=keys, outside=outside
        )
        self.stdout.write(
            f"Custody log: {report.size} events, root {report.root.hex()}"
        )
        checked = ", ".join(f"{n} {what}" for what, n in report.checked.items())
        self.stdout.write(f"Checked: {checked}")
        for warning in report.warnings:
            self.stdout.write(f"WARNING {warning}")
        for problem in report.problems:
            self.stdout.write(f"FAIL {problem}")
        if not report.ok:
            raise CommandError(f"verification FAILED: {len(report.problems)} problems")
        self.stdout.write("Verification OK: every check holds.")
