"""Administrators read the security log; nobody else does."""

import pytest

from accounts import audit
from accounts.models import SecurityEvent
from tests.conftest import make_user


@pytest.mark.django_db
def test_administrators_see_the_security_log(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x" * 20)
    audit.record(SecurityEvent.Kind.LOCKOUT, username="ivana")
    client.force_login(admin)

    response = client.get("/admin/security-log/")

    assert response.status_code == 200
    assert b"account locked" in response.content
    assert b"ivana" in response.content


@pytest.mark.django_db
def test_other_staff_cannot_read_it(client, investigator):
    client.force_login(investigator)
    assert client.get("/admin/security-log/").status_code in (302, 403)


@pytest.mark.django_db
def test_the_administrators_role_reads_it(client, django_user_model):
    admin = make_user(django_user_model, "ada", "Administrators")
    audit.record(SecurityEvent.Kind.LOCKOUT, username="ivana")
    client.force_login(admin)

    response = client.get("/admin/security-log/")

    assert response.status_code == 200
    assert b"ivana" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Auditors", "Publishers", "Analysts"])
def test_other_roles_cannot_read_it(client, django_user_model, role):
    client.force_login(make_user(django_user_model, "someone", role))
    assert client.get("/admin/security-log/").status_code == 302
