"""The case's audit history: what a correction records as the values it replaced."""

import pytest

from cases import facts
from cases.models import AuditAction, CaseAuditEntry, Organisation

pytestmark = pytest.mark.django_db


def test_a_correction_replaces_what_is_stored_not_what_the_caller_loaded(
    case, lawyer, colleague
):
    """Two members open the same organisation; the second to save replaces the
    first's correction, and the history says so."""
    from cases import teams

    teams.add_member(case=case, actor=lawyer, user=colleague, role="analyst")
    army = facts.add_organisation(case=case, actor=lawyer, name="Amry", kind="other")
    first, second = (
        Organisation.objects.get(pk=army.pk),
        Organisation.objects.get(pk=army.pk),
    )

    facts.update_organisation(organisation=first, actor=lawyer, name="Army")
    facts.update_organisation(organisation=second, actor=colleague, name="The Army")

    entries = CaseAuditEntry.objects.filter(
        action=AuditAction.ORGANISATION_CHANGED
    ).order_by("pk")
    assert [(e.actor_label, e.before, e.after) for e in entries] == [
        ("lena", {"name": "Amry"}, {"name": "Army"}),
        ("carlos", {"name": "Army"}, {"name": "The Army"}),
    ]
    army.refresh_from_db()
    assert army.name == "The Army"
