"""``manage.py load_demo``: demo accounts and evidence. Safe to run again."""

import io
import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.roles import ensure_roles
from cases.demo import load_demo_case
from evidence.demo import demo_files
from evidence.intake import Submission, ingest_evidence
from evidence.models import EvidenceItem

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
                ),
                stream=io.BytesIO(demo.content),
                ingest_path=marker,
            )
            loaded += 1
        self.stdout.write(f"Loaded {loaded} demo evidence items.")
        if load_demo_case(user):
            self.stdout.write("Loaded the demo case with its proof matrix.")
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/admin/ as {DEMO_USERNAME!r} "
            f"with password {DEMO_PASSWORD!r}"
        )
