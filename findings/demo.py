"""A published demo finding and situation, in English and Arabic. Fictional.

Built through the same steps as in the editor: a Publisher makes a public version
of a demo photo and drafts the pages, a second Publisher approves both.
"""

from __future__ import annotations

import datetime as dt
import os

from django.contrib.auth import get_user_model

from accounts.roles import ensure_roles
from evidence.models import EvidenceItem
from evidence.redaction import Region, approve, make_version
from findings.authoring import (
    Exhibit,
    draft_finding,
    draft_situation,
    draft_translation,
    review,
    submit_for_review,
)
from findings.models import FindingPage, FindingsIndexPage, SituationsIndexPage
from findings.site import ensure_public_site

SLUG = "attacks-on-the-river-villages"
PASSWORD = os.environ.get("INDISPUTABLE_DEMO_PASSWORD", "demo-investigator-2026")

STAGES = {
    "classification": ("present", "Registers divide the river villagers by origin."),
    "symbolisation": ("present", "Identity cards marked with the villagers' origin."),
    "discrimination": ("present", "Fishing licences withdrawn from one group."),
    "dehumanisation": ("intensifying", "Radio broadcasts call the villagers pests."),
    "organisation": ("present", "A militia armed and trained by the district."),
    "polarisation": ("present", "Moderate local leaders detained."),
    "preparation": ("present", "Lists of households compiled by the militia."),
    "persecution": ("intensifying", "Detentions at the school (see the finding)."),
    "extermination": ("not_observed", "No mass killing documented so far."),
    "denial": ("present", "The authorities deny the shelling of the market."),
}


def _publisher(username: str, first: str):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": "Publisher"}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    user.groups.add(ensure_roles()["Publishers"])
    return get_user_model().objects.get(pk=user.pk)


def _publish(page, author, reviewer):
    submit_for_review(page, author)
    review(page, reviewer)


def load_demo_findings() -> FindingPage | None:
    """Publish the demo pages once; ``None`` if they already exist."""
    if FindingPage.objects.filter(slug=SLUG).exists():
        return None
    ensure_public_site()
    author = _publisher("publisher", "Demo")
    reviewer = _publisher("reviewer", "Second")
    photos = EvidenceItem.objects.filter(
        ingest_path__startswith="demo:", blob__mime_type="image/jpeg"
    ).order_by("pk")[:2]
    exhibits = []
    for n, item in enumerate(photos):
        version = make_version(
            item,
            author,
            kind="public",
            regions=[Region(40, 40, 200, 160, mode="blur")],
            note="Faces and the vehicle's plate blurred.",
        )
        exhibits.append(
            Exhibit(
                approve(version, reviewer),
                alt_text=f"Demo landscape photograph {n + 1}: fields and houses "
                "under a blue sky, one area blurred.",
                caption=f"Photograph {n + 1}, taken on 14 March 2026 (demo).",
            )
        )
    finding = draft_finding(
        index=FindingsIndexPage.objects.get(locale__language_code="en"),
        author=author,
        title="Attacks on the river villages (fictional)",
        slug=SLUG,
        summary="The market of the first river village was shelled on 14 March "
        "2026, and villagers were detained at the school the next day. A "
        "fictional finding to show the archive's public pages.",
        publication_date=dt.date(2026, 4, 1),
        methodology="<p>Photographs submitted by residents were verified against "
        "their capture metadata, compared with each other and with open sources. "
        "Faces and plates were blurred; all metadata was removed.</p>",
        narrative=[
            ("heading", "The shelling of the market"),
            (
                "paragraph",
                "<p>At about nine in the morning, shells struck the "
                "market square while it was full.</p>",
            ),
            ("heading", "Detentions at the school"),
            (
                "paragraph",
                "<p>The next day, men of the village were held at the school.</p>",
            ),
        ],
        exhibits=exhibits,
    )
    _publish(finding, author, reviewer)
    arabic = draft_translation(
        finding,
        language="ar",
        author=author,
        title="الهجمات على قرى النهر (خيالية)",
        summary="قُصف سوق قرية النهر الأولى في 14 آذار 2026، واحتُجز قرويون في "
        "المدرسة في اليوم التالي. نتيجة خيالية لعرض الصفحات العامة للأرشيف.",
        methodology="<p>جرى التحقق من الصور التي قدّمها السكان ومقارنتها بمصادر "
        "مفتوحة. طُمست الوجوه ولوحات السيارات وأُزيلت كل البيانات الوصفية.</p>",
        narrative=[
            ("heading", "قصف السوق"),
            ("paragraph", "<p>نحو التاسعة صباحًا سقطت قذائف على ساحة السوق.</p>"),
        ],
    )
    for exhibit in arabic.exhibits.all():
        exhibit.alt_text = "صورة توضيحية لحقول ومنازل تحت سماء زرقاء، مع منطقة مطموسة."
        exhibit.caption = "صورة التُقطت في 14 آذار 2026 (عرض توضيحي)."
        exhibit.save()
    arabic.save_revision(user=author)
    _publish(arabic, author, reviewer)
    situation = draft_situation(
        index=SituationsIndexPage.objects.get(locale__language_code="en"),
        author=author,
        title="Demo Republic (fictional)",
        slug="demo-republic",
        country_or_region="Demo Republic, river districts (fictional)",
        alert_level="warning",
        assessed_on=dt.date(2026, 4, 1),
        summary="Eight of the Ten Stages are present, two intensifying. "
        "A fictional assessment.",
        stages=STAGES,
        indicators=[
            ("Statistical risk of a new mass killing", "7.1% (demo)", "Demo model"),
            ("Armed militia in the districts", "Yes", "Field reports (demo)"),
        ],
        earlier=[(dt.date(2025, 10, 1), "watch", "Registers and broadcasts.")],
        latitude=48.55,
        longitude=35.1,
    )
    _publish(situation, author, reviewer)
    arabic_situation = draft_translation(
        situation,
        language="ar",
        author=author,
        title="جمهورية العرض (خيالية)",
        summary="ثماني مراحل من المراحل العشر قائمة، اثنتان منها تتصاعدان. "
        "تقييم خيالي.",
    )
    _publish(arabic_situation, author, reviewer)
    return FindingPage.objects.get(pk=finding.pk)
