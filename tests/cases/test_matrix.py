"""The proof matrix on a fixture case: supports, undermines, retractions, gaps,
shared context, and a query count that does not grow with the links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import links, matrix
from cases.links import Pinpoint
from cases.models import Element, EvidenceLink

pytestmark = pytest.mark.django_db


def element(code):
    return Element.objects.get(code=code)


def test_supports_undermines_retracted_and_gaps(
    case, lawyer, murder_charge, torture_charge, ingest
):
    video = ingest(b"video of the square", "square.mp4")
    report = ingest(b"autopsy report", "autopsy.pdf")
    alibi = ingest(b"alibi statement", "alibi.txt")
    links.link_evidence(
        case=case,
        item=video,
        actor=lawyer,
        charge=murder_charge,
        element=element("RS-7-1-a-1"),
        pinpoint=Pinpoint(time_from=70, time_to=120),
    )
    links.link_evidence(
        case=case,
        item=report,
        actor=lawyer,
        charge=murder_charge,
        element=element("RS-7-1-a-1"),
        pinpoint=Pinpoint(page_from=3, page_to=5),
        probative_note="Cause of death: gunshot.",
    )
    links.link_evidence(
        case=case,
        item=alibi,
        actor=lawyer,
        charge=murder_charge,
        element=element("RS-25-3-a-DIR-1"),
        stance="undermines",
    )
    withdrawn = links.link_evidence(
        case=case,
        item=video,
        actor=lawyer,
        charge=murder_charge,
        element=element("RS-25-3-a-DIR-2"),
    )
    links.retract_link(link=withdrawn, actor=lawyer, reason="Wrong person in frame.")
    # Context of charge 2 supported: the shared row counts it for both charges.
    links.link_evidence(
        case=case,
        item=report,
        actor=lawyer,
        charge=torture_charge,
        element=element("RS-7-1-f-4"),
    )

    result = matrix.build_matrix(case, lawyer)

    rows = {(row.label, row.element.code): row for row in result.rows}
    killed = rows[("1", "RS-7-1-a-1")]
    assert (killed.supports, killed.undermines, killed.retracted) == (2, 0, 0)
    assert [p.pinpoint for p in killed.supporting] == ["00:01:10-00:02:00"]
    every = matrix.build_matrix(case, lawyer, pins=matrix.ALL)
    killed_all = next(r for r in every.rows if r.element.code == "RS-7-1-a-1")
    assert [p.pinpoint for p in killed_all.supporting] == [
        "00:01:10-00:02:00",
        "pp. 3-5",
    ]
    assert killed_all.supporting[1].note == "Cause of death: gunshot."
    assert not killed.is_gap

    direct = rows[("1", "RS-25-3-a-DIR-1")]
    assert (direct.supports, direct.undermines) == (0, 1)
    assert direct.is_gap
    assert direct.undermining[0].reference == alibi.reference

    retracted = rows[("1", "RS-25-3-a-DIR-2")]
    assert (retracted.supports, retracted.retracted) == (0, 1)
    assert retracted.is_gap

    # The attack (case-wide) is one row for both charges; what the suspect knew
    # is shared too, as both charges are against the same suspect.
    context = result.sections[0]
    assert context.title == "Context"
    assert [(r.element.shared_key, r.label) for r in context.rows] == [
        ("RS-CTX-7-ATTACK", "1, 2"),
        ("RS-CTX-7-KNOWLEDGE", "1, 2"),
    ]
    assert context.rows[0].supports == 1
    assert not any(
        row.element.kind == "contextual"
        for section in result.sections[1:]
        for row in section.rows
    )
    # Murder: 1 material + A30 mental; 25(3)(a) direct: 2 elements; torture: 3
    # material + A30; 28(a): 6 elements; 2 shared context rows.
    assert len(result.rows) == 2 + 2 + 4 + 6 + 2
    assert len(result.gaps) == len(result.rows) - 2


def test_query_count_independent_of_links(case, lawyer, murder_charge, ingest):
    item = ingest(b"one", "one.txt")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            matrix.build_matrix(case, lawyer)
        return len(ctx.captured_queries)

    def link(page):
        links.link_evidence(
            case=case,
            item=item,
            actor=lawyer,
            charge=murder_charge,
            element=element("RS-7-1-a-1"),
            pinpoint=Pinpoint(page_from=page),
        )

    link(1)  # with no link at all there are no pins to fetch
    before = queries()
    for page in range(2, 13):
        link(page)
    assert queries() == before
    row = matrix.build_matrix(case, lawyer).rows[0]
    assert row.supports == 12
    # The page lists the first link; the row view and the exports list them all.
    assert [p.pinpoint for p in row.supporting] == ["p. 1"]
    every = matrix.build_matrix(case, lawyer, pins=matrix.ALL).rows[0]
    assert [p.pinpoint for p in every.supporting] == [f"p. {n}" for n in range(1, 13)]
    assert matrix.build_matrix(case, lawyer, pins=matrix.NONE).rows[0].supporting == []


def test_matrix_page_queries_and_cells_do_not_depend_on_links(
    client, case, lawyer, investigator, murder_charge, ingest
):
    """The page a team member gets: a fixed number of queries however many links,
    each row's counts, its first link of each stance, and no reference of an item
    the member may not open."""
    url = reverse("cases:matrix", args=[case.reference])
    client.force_login(lawyer)
    report = ingest(b"report", "report.pdf")
    killed = element("RS-7-1-a-1")
    direct = element("RS-25-3-a-DIR-1")

    def link(item, page, element=killed, stance="supports"):
        return links.link_evidence(
            case=case,
            item=item,
            actor=lawyer,
            charge=murder_charge,
            element=element,
            stance=stance,
            pinpoint=Pinpoint(page_from=page),
        )

    link(report, 1)
    client.get(url)  # once-per-process work (content types, locales) out of the count
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for page in range(2, 12):
        link(ingest(f"item {page}".encode(), f"{page}.pdf"), page)
    link(report, 20, element=direct, stance="undermines")
    links.retract_link(link=link(report, 30), actor=lawyer, reason="Wrong page.")
    # An item the analyst may not open: witness-identifying, linked by someone else.
    hidden = ingest(b"identity", sensitivity="witness", user=investigator)
    EvidenceLink.objects.create(
        case=case,
        item=hidden,
        charge=murder_charge,
        element=direct,
        stance="undermines",
        page_from=40,
        created_by=investigator,
        created_at=timezone.now(),
    )

    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(many.captured_queries) <= len(few.captured_queries)
    html = page.content.decode()
    rows = {
        row.split('data-element="', 1)[1].split('"', 1)[0]: row
        for row in html.split('<tr class="cases-row')[1:]
    }
    row = rows["RS-7-1-a-1"]
    assert '" data-supports="11" data-undermines="0">' in row
    assert "(1 retracted)" in row
    # Only the first link of each stance; the row view lists them all.
    assert row.count('class="cases-pin') == 1
    item_url = reverse("evidence:item", args=[report.reference])
    assert f'+ <a href="{item_url}">{report.reference}</a> <small>p. 1</small>' in row
    row = rows["RS-25-3-a-DIR-1"]
    assert '" data-supports="0" data-undermines="2">' in row
    assert "cases-gap" in row
    assert f'− <a href="{item_url}">{report.reference}</a> <small>p. 20</small>' in row
    assert row.count('class="cases-pin') == 1
    assert hidden.reference not in html


def test_matrix_page_hides_the_reference_of_an_item_the_member_may_not_open(
    client, case, lawyer, investigator, murder_charge, ingest
):
    hidden = ingest(b"identity", sensitivity="witness", user=investigator)
    EvidenceLink.objects.create(
        case=case,
        item=hidden,
        charge=murder_charge,
        element=element("RS-7-1-a-1"),
        stance="supports",
        page_from=4,
        created_by=investigator,
        created_at=timezone.now(),
    )
    client.force_login(lawyer)
    html = client.get(reverse("cases:matrix", args=[case.reference])).content.decode()
    assert 'data-element="RS-7-1-a-1" data-supports="1"' in html
    assert "+ <em>an item you may not open</em> <small>p. 4</small>" in html
    assert hidden.reference not in html
