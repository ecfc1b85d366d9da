"""A small fixture case: two suspects' charges, incidents, items linked to elements."""

import pytest

from cases import charges, facts, teams
from cases.models import Crime, LiabilityMode
from tests.conftest import make_user


@pytest.fixture
def lawyer(django_user_model):
    """An analyst who leads the fixture case."""
    return make_user(django_user_model, "lena", "Analysts")


@pytest.fixture
def colleague(django_user_model):
    return make_user(django_user_model, "carlos", "Analysts")


@pytest.fixture
def protector(django_user_model):
    return make_user(django_user_model, "wanjiru", "Witness protection")


@pytest.fixture
def case(lawyer):
    return teams.create_case(
        actor=lawyer,
        reference="CASE-2026-001",
        title="Attacks on the river villages",
        forum_kind="icc",
        forum="ICC, Situation in the demo republic",
    )


@pytest.fixture
def suspect(case, lawyer):
    return facts.add_person(
        case=case,
        actor=lawyer,
        name="Colonel A",
        is_suspect=True,
        other_names=[{"name": "العقيد أ", "kind": "legal", "script": "Arab"}],
    )


@pytest.fixture
def murder_charge(case, lawyer, suspect):
    return charges.add_charge(
        case=case,
        actor=lawyer,
        suspect=suspect,
        crime=Crime.objects.get(code="RS-7-1-a"),
        mode=LiabilityMode.objects.get(code="RS-25-3-a-DIR"),
    )


@pytest.fixture
def torture_charge(case, lawyer, suspect):
    return charges.add_charge(
        case=case,
        actor=lawyer,
        suspect=suspect,
        crime=Crime.objects.get(code="RS-7-1-f"),
        mode=LiabilityMode.objects.get(code="RS-28-a"),
    )
