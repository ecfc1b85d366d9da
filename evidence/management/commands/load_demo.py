"""``manage.py load_demo``: demo accounts and evidence. Safe to run again."""

import io
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.roles import ensure_roles
from cases.demo import load_demo_case
from chain_of_custody import signing
from evidence.demo import demo_files
from evidence.intake import Submission, ingest_evidence
from evidence.models import EvidenceItem
from findings.demo import load_demo_findings

DEMO_USERNAME = "investigator"
DEMO_PASSWORD = os.environ.get("INDISPUTABLE_DEMO_PASSWORD", "demo-investigator-2026")


class Command(BaseCommand):
    help = "Load demo accounts and generated evidence (no real atrocity imagery)."

    def handle(self, *args, **options):
        groups = ensure_roles()
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"first_name": "Demo", "last_name": "Investigator"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(groups["Investigators"])
        loaded = 0
        for demo in demo_files():
            marker = f"demo:{demo.name}"
            if EvidenceItem.objects.filter(ingest_path=marker).exists():
                continue
            ingest_evidence(
                submitted_by=user,
                filename=demo.name,
                submission=Submission(
                    source_type=demo.source_type,
                    title=demo.title,
                    description=demo.description,
                    language=demo.language,
                    collected_by=user,
                    # Generated files, so the demo case can go to court as it is.
                    consent_court=True,
                ),
                stream=io.BytesIO(demo.content),
                ingest_path=marker,
            )
            loaded += 1
        self.stdout.write(f"Loaded {loaded} demo evidence items.")
        if not signing.key_path().exists():
            # Exports sign a checkpoint first; a real archive makes its key on purpose.
            signing.generate_key()
            self.stdout.write(f"Made a custody signing key at {signing.key_path()}.")
        if load_demo_case(user):
            self.stdout.write("Loaded the demo case with its proof matrix.")
        if load_demo_findings():
            self.stdout.write(
                "Published a demo finding and situation in English and Arabic: "
                "http://127.0.0.1:8000/en/ and http://127.0.0.1:8000/ar/"
            )
        secret, codes = demo_second_factor(user)
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/admin/ as {DEMO_USERNAME!r} "
            f"with password {DEMO_PASSWORD!r}.\n"
            "Staff sign in with a second factor. Either add this key to an "
            f"authenticator app: {secret}\n"
            f"or use one of these single-use recovery codes: {' '.join(codes)}"
        )


def demo_second_factor(user) -> tuple[str, list[str]]:
    """The demo account's authenticator key and fresh recovery codes (demo only)."""
    from base64 import b32encode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.second_factor import renew_recovery_codes

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Demo authenticator", confirmed=True
        )
    return b32encode(device.bin_key).decode(), renew_recovery_codes(user=user)
