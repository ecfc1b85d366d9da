"""Witness statements: the operation's own refusals, and a statement sent several
times at once recorded once (one history entry, one custody event)."""

import threading

import pytest
from django.db import connections
from django.http import Http404

from cases import access, teams, witnesses
from cases.models import AuditAction, CaseAuditEntry
from cases.teams import CaseError
from chain_of_custody.models import CustodyEvent

SENDERS = 4  # the same form, sent at once from four tabs (or four clicks)


def _statement_events(item):
    return CustodyEvent.objects.filter(item=item, event_type="mem")


@pytest.mark.django_db
def test_adding_a_statement_is_refused_with_the_reason(
    case, lawyer, colleague, investigator, ingest
):
    witness = witnesses.register_witness(
        case=case, actor=lawyer, protection_level="pseudonym"
    )
    hidden = ingest(b"confidential", "c.txt", sensitivity="confidential")
    item = ingest(b"I saw the convoy.", "statement.txt")
    teams.add_member(case=case, actor=lawyer, user=colleague, role="observer")

    # An item the user may not see is "not found", as on every other screen.
    with pytest.raises(Http404, match="No such evidence item."):
        witnesses.add_statement(witness=witness, item=hidden, actor=lawyer)
    with pytest.raises(access.AccessDenied, match="does not allow changes"):
        witnesses.add_statement(witness=witness, item=item, actor=colleague)
    witnesses.add_statement(witness=witness, item=item, actor=lawyer)
    with pytest.raises(CaseError, match=r"is already a statement of P-0001\.$"):
        witnesses.add_statement(witness=witness, item=item, actor=lawyer)

    assert list(witness.statements.all()) == [item]
    assert not _statement_events(hidden).exists()
    assert _statement_events(item).count() == 1


def _add(witness, item, actor, barrier, outcomes):
    try:
        barrier.wait()
        witnesses.add_statement(witness=witness, item=item, actor=actor)
        outcomes.append("added")
    except CaseError as refusal:
        outcomes.append(str(refusal))
    except Exception as error:  # noqa: BLE001 (reported to the test thread)
        outcomes.append(repr(error))
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("rome_statute")
def test_a_statement_sent_four_times_at_once_is_recorded_once(case, lawyer, ingest):
    witness = witnesses.register_witness(
        case=case, actor=lawyer, protection_level="pseudonym"
    )
    item = ingest(b"I saw the convoy.", "statement.txt")
    barrier = threading.Barrier(SENDERS)
    outcomes: list[str] = []
    threads = [
        threading.Thread(target=_add, args=(witness, item, lawyer, barrier, outcomes))
        for _ in range(SENDERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        *[f"{item.reference} is already a statement of P-0001."] * (SENDERS - 1),
        "added",
    ]
    assert list(witness.statements.all()) == [item]
    added = CaseAuditEntry.objects.filter(action=AuditAction.STATEMENT_ADDED)
    assert added.count() == 1
    assert _statement_events(item).count() == 1
