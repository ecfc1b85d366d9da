"""Operations: audit entries for each, custody events for link and retract,
refusals with the message the user sees, witness identities guarded."""

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from cases import access, links, teams, witnesses
from cases.links import LinkError, Pinpoint
from cases.models import CaseAuditEntry, Element, EvidenceLink
from chain_of_custody.models import CustodyEvent

pytestmark = pytest.mark.django_db


def actions(case):
    return list(
        CaseAuditEntry.objects.filter(case=case)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_each_operation_writes_an_audit_entry(
    case, lawyer, colleague, murder_charge, ingest
):
    teams.add_member(case=case, actor=lawyer, user=colleague, role="analyst")
    item = ingest(b"statement", "statement.txt")
    link = links.link_evidence(
        case=case,
        item=item,
        actor=colleague,
        charge=murder_charge,
        element=Element.objects.get(code="RS-7-1-a-1"),
    )
    links.retract_link(link=link, actor=lawyer, reason="Duplicate of another link.")
    assert actions(case) == [
        "case.created",
        "member.added",
        "person.added",
        "charge.added",
        "member.added",
        "link.added",
        "link.retracted",
    ]
    retraction = CaseAuditEntry.objects.get(case=case, action="link.retracted")
    assert retraction.actor == lawyer
    assert retraction.before["retraction_reason"] == ""
    assert retraction.after["retraction_reason"] == "Duplicate of another link."
    assert retraction.after["retracted_by_id"] == lawyer.pk
    created = CaseAuditEntry.objects.get(case=case, action="case.created")
    assert created.after["reference"] == "CASE-2026-001"
    with pytest.raises(RuntimeError):
        created.delete()


def test_link_and_retract_are_custody_events_of_the_item(
    case, lawyer, murder_charge, ingest
):
    item = ingest(b"photo bytes", "photo.jpg")
    link = links.link_evidence(
        case=case,
        item=item,
        actor=lawyer,
        charge=murder_charge,
        element=Element.objects.get(code="RS-7-1-a-1"),
        pinpoint=Pinpoint(region_x=10, region_y=10, region_width=50, region_height=40),
    )
    links.retract_link(link=link, actor=lawyer, reason="Misidentified.")
    events = list(
        CustodyEvent.objects.filter(item=item).select_related("detail").order_by("seq")
    )
    assert [e.event_type for e in events] == ["ing", "mem", "mem"]
    assert events[1].actor_pid == str(lawyer.custody_pid)
    assert events[1].detail.details["case"] == "CASE-2026-001"
    assert events[1].detail.details["pinpoint"] == "region 50×40+10+10"
    assert events[2].detail.details["reason"] == "Misidentified."
    link.refresh_from_db()
    assert link.is_retracted
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
    with pytest.raises(RuntimeError, match="never deleted"):
        link.delete()


def test_bad_links_are_refused_with_the_reason(case, lawyer, murder_charge, ingest):
    item = ingest(b"doc", "doc.txt")
    with pytest.raises(LinkError, match="RS-7-1-f-1 is not an element of this charge"):
        links.link_evidence(
            case=case,
            item=item,
            actor=lawyer,
            charge=murder_charge,
            element=Element.objects.get(code="RS-7-1-f-1"),
        )
    with pytest.raises(LinkError, match="Pages run from the first page to the last"):
        links.link_evidence(
            case=case,
            item=item,
            actor=lawyer,
            charge=murder_charge,
            element=Element.objects.get(code="RS-7-1-a-1"),
            pinpoint=Pinpoint(page_from=5, page_to=2),
        )
    link = links.link_evidence(
        case=case,
        item=item,
        actor=lawyer,
        charge=murder_charge,
        element=Element.objects.get(code="RS-7-1-a-1"),
    )
    with pytest.raises(LinkError, match="Say why the link is retracted"):
        links.retract_link(link=link, actor=lawyer, reason="  ")
    assert CustodyEvent.objects.filter(item=item, event_type="mem").count() == 1


def test_the_database_refuses_a_link_without_a_target(case, lawyer, ingest):
    item = ingest(b"x", "x.txt")
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceLink.objects.create(
            case=case,
            item=item,
            stance="supports",
            created_by=lawyer,
            created_at=case.created_at,
        )


def test_outsiders_and_observers(
    case, lawyer, outsider, colleague, murder_charge, ingest
):
    item = ingest(b"x", "x.txt")
    element = Element.objects.get(code="RS-7-1-a-1")
    with pytest.raises(Http404):
        links.link_evidence(
            case=case, item=item, actor=outsider, charge=murder_charge, element=element
        )
    teams.add_member(case=case, actor=lawyer, user=colleague, role="observer")
    with pytest.raises(access.AccessDenied, match="does not allow changes"):
        links.link_evidence(
            case=case, item=item, actor=colleague, charge=murder_charge, element=element
        )
    with pytest.raises(access.AccessDenied, match="only the case lead"):
        teams.add_member(case=case, actor=colleague, user=outsider, role="analyst")


def test_witness_identity_needs_the_designated_permission(
    case, lawyer, protector, colleague
):
    teams.add_member(case=case, actor=lawyer, user=protector, role="witness_protection")
    teams.add_member(case=case, actor=lawyer, user=colleague, role="lawyer")
    witness = witnesses.register_witness(
        case=case, actor=lawyer, protection_level="redaction"
    )
    assert witness.pseudonym == "P-0001"
    with pytest.raises(Http404):
        witnesses.record_identity(witness=witness, actor=lawyer, legal_name="X")
    witnesses.record_identity(
        witness=witness, actor=protector, legal_name="Amina Example"
    )
    # The case lead and a lawyer on the team cannot read it; 404, as if absent.
    for user in (lawyer, colleague):
        with pytest.raises(Http404):
            witnesses.read_identity(witness=witness, actor=user)
    identity = witnesses.read_identity(witness=witness, actor=protector)
    assert identity.legal_name == "Amina Example"
    read = CaseAuditEntry.objects.get(case=case, action="identity.read")
    assert read.actor == protector
    assert "Amina" not in str(list(CaseAuditEntry.objects.values()))
    second = witnesses.register_witness(
        case=case, actor=lawyer, protection_level="pseudonym"
    )
    assert second.pseudonym == "P-0002"
