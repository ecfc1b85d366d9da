"""The staff roles exist as groups with exactly their permissions."""

import pytest

from accounts.roles import ROLES, ensure_roles


def perms(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


@pytest.mark.django_db
def test_every_role_is_a_group_with_its_permissions():
    groups = ensure_roles()

    assert {
        "Investigators",
        "Analysts",
        "Publishers",
        "Auditors",
        "Administrators",
    } <= set(groups)
    for name, wanted in ROLES.items():
        assert perms(groups[name]) == set(wanted)


@pytest.mark.django_db
def test_auditors_read_custody_and_no_content():
    auditors = perms(ensure_roles()["Auditors"])

    assert "chain_of_custody.view_custodyevent" in auditors
    assert not {p for p in auditors if p.startswith("evidence.")}


@pytest.mark.django_db
def test_administrators_open_no_evidence():
    administrators = perms(ensure_roles()["Administrators"])

    assert "accounts.view_securityevent" in administrators
    assert not {p for p in administrators if p.startswith(("evidence.", "cases."))}


@pytest.mark.django_db
def test_running_it_twice_changes_nothing():
    first = {name: perms(group) for name, group in ensure_roles().items()}
    second = {name: perms(group) for name, group in ensure_roles().items()}
    assert first == second
