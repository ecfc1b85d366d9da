"""A case with three linked items (a photo, a three-page PDF, a statement) whose
sources consented to courts, and a signing key for the export's checkpoint."""

import io

import pytest
from django.utils import timezone

from cases import charges, links, teams
from cases.links import Pinpoint
from cases.models import Crime, Element, LiabilityMode
from chain_of_custody import signing
from evidence.models import Blob, Derivative
from storage.handler import primary_store
from tests.conftest import make_user


def pdf_bytes(pages: int, text: str = "Situation report") -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out)
    for number in range(1, pages + 1):
        sheet.drawString(72, 720, f"{text}, page {number}")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path):
    settings.INDISPUTABLE_CUSTODY_SIGNING_KEY = str(tmp_path / "signing.key")
    settings.INDISPUTABLE_TSA_URLS = []
    settings.INDISPUTABLE_ERN_PREFIX = "TST-OTP"
    signing.generate_key()


@pytest.fixture
def lead(django_user_model):
    return make_user(django_user_model, "lena", "Investigators", "Analysts")


@pytest.fixture
def outsider_analyst(django_user_model):
    return make_user(django_user_model, "otto", "Analysts")


@pytest.fixture
def case(lead):
    return teams.create_case(
        actor=lead,
        reference="CASE-2026-006",
        title="Shelling of the market",
        forum_kind="icc",
        forum="ICC, Situation in the demo republic",
    )


@pytest.fixture
def items(ingest, lead, case):
    """Three items linked to the murder charge's elements, in reference order."""
    made = [
        ingest(
            b"\xff\xd8\xff\xe0 photo of the market",
            "market.jpg",
            user=lead,
            title="Photo of the market",
            consent_court=True,
        ),
        ingest(
            pdf_bytes(3),
            "report.pdf",
            user=lead,
            title="Situation report",
            consent_court=True,
        ),
        ingest(
            b"I saw the shells fall.\n",
            "statement.txt",
            user=lead,
            title="Statement\n(translated þ)",
            consent_court=True,
            language="en",
        ),
    ]
    charge = charges.add_charge(
        case=case,
        actor=lead,
        suspect=_suspect(case, lead),
        crime=Crime.objects.get(code="RS-7-1-a"),
        mode=LiabilityMode.objects.get(code="RS-25-3-a-DIR"),
    )
    plan = [
        ("RS-7-1-a-1", "supports"),
        ("RS-7-1-a-2", "supports"),
        ("RS-7-1-a-1", "undermines"),
    ]
    for item, (code, stance) in zip(made, plan, strict=True):
        links.link_evidence(
            case=case,
            item=item,
            actor=lead,
            charge=charge,
            element=Element.objects.get(code=code),
            stance=stance,
            pinpoint=Pinpoint(),
            probative_note="",
        )
    return made


def _suspect(case, lead):
    from cases import facts

    return facts.add_person(case=case, actor=lead, name="Colonel A", is_suspect=True)


def approved_redaction(item, *, made_by, approved_by, content: bytes, version=1):
    """An approved redacted version, its blob written through the primary store."""
    stored = primary_store().write_once(io.BytesIO(content))
    blob, _ = Blob.objects.get_or_create(
        sha256=stored.digests.sha256,
        defaults={
            "sha512": stored.digests.sha512,
            "size": stored.digests.size,
            "mime_type": "text/plain",
            "store_key": stored.key,
        },
    )
    return Derivative.objects.create(
        item=item,
        kind=Derivative.Kind.REDACTED,
        blob=blob,
        version=version,
        created_by=made_by,
        approved_by=approved_by,
        approved_at=timezone.now(),
        recipe={"tool": "test"},
    )
