"""A small demo case with a proof matrix, built from the demo evidence through the
same operations staff use. Fictional: no real persons, places or events."""

from __future__ import annotations

import datetime as dt

from cases import charges, facts, links, teams, witnesses
from cases.links import Pinpoint
from cases.models import Case, Crime, Element, LiabilityMode
from evidence.models import EvidenceItem

REFERENCE = "DEMO-2026-001"


def load_demo_case(user) -> Case | None:
    """Create the demo case once, led by ``user``; ``None`` if it already exists."""
    if Case.objects.filter(reference=REFERENCE).exists():
        return None
    from accounts.roles import ensure_roles

    user.groups.add(ensure_roles()["Analysts"])
    user = type(user).objects.get(pk=user.pk)  # permissions are cached per object
    items = list(EvidenceItem.objects.filter(ingest_path__startswith="demo:")[:4])
    case = teams.create_case(
        actor=user,
        reference=REFERENCE,
        title="Demo: attacks on the river villages (fictional)",
        forum_kind="icc",
        forum="ICC, Situation in the Demo Republic (fictional)",
        description="A fictional case to show the workflow. No real events.",
    )
    group = facts.add_targeted_group(
        case=case, actor=user, name="River villagers", kind="ethnical"
    )
    when = dt.datetime(2026, 3, 14, 9, 0, tzinfo=dt.UTC)
    for n, (title, lat, lon) in enumerate(
        [
            ("Shelling of the market", 48.51, 35.04),
            ("Detentions at the school", 48.6, 35.2),
        ]
    ):
        facts.add_incident(
            case=case,
            actor=user,
            title=title,
            start_at=when + dt.timedelta(days=n),
            start_precision="hour",
            place_name=f"Demo village {n + 1}",
            latitude=lat,
            longitude=lon,
            place_precision="settlement",
            victims_estimate=12 + n,
            victims_min=8,
            victims_max=20 + n,
            targeted_groups=[group],
        )
    suspect = facts.add_person(
        case=case,
        actor=user,
        name="Commander X (fictional)",
        is_suspect=True,
        other_names=[
            {"name": "Командир Х", "kind": "transliteration", "script": "Cyrl"}
        ],
    )
    murder = charges.add_charge(
        case=case,
        actor=user,
        suspect=suspect,
        crime=Crime.objects.get(code="RS-7-1-a"),
        mode=LiabilityMode.objects.get(code="RS-28-a"),
    )
    charges.add_charge(
        case=case,
        actor=user,
        suspect=suspect,
        crime=Crime.objects.get(code="RS-7-1-e"),
        mode=LiabilityMode.objects.get(code="RS-28-a"),
    )
    plan = [
        ("RS-7-1-a-1", "supports", Pinpoint()),
        ("RS-7-1-a-2", "supports", Pinpoint()),
        ("RS-28-a-2", "supports", Pinpoint(page_from=1)),
        ("RS-28-a-4", "undermines", Pinpoint()),
    ]
    for item, (code, stance, pinpoint) in zip(items, plan, strict=False):
        links.link_evidence(
            case=case,
            item=item,
            actor=user,
            charge=murder,
            element=Element.objects.get(code=code),
            stance=stance,
            pinpoint=pinpoint,
            probative_note="Demo link.",
        )
    witnesses.register_witness(case=case, actor=user, protection_level="redaction")
    return case
