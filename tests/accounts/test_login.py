"""Signing in: password, then a mandatory second factor; lockout; the audit log."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from tests.conftest import make_user

PASSWORD = "correct horse battery staple"


def sign_in(client, username, password=PASSWORD):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": "/admin/"},
    )


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def enrolled(investigator):
    return TOTPDevice.objects.create(user=investigator, name="phone", confirmed=True)


@pytest.mark.django_db
def test_a_password_alone_reaches_only_the_second_factor_page(client, enrolled):
    sign_in(client, "ivana")

    response = client.get("/admin/evidence/")

    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/verify/?next=/admin/evidence/"
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_the_right_code_opens_the_workspace_and_is_logged(client, enrolled):
    sign_in(client, "ivana")

    response = client.post(
        reverse("accounts:2fa_verify"), {"token": code_for(enrolled), "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/evidence/").status_code == 200
    kinds = list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["login", "2fa_verified"]


@pytest.mark.django_db
def test_a_replayed_totp_code_is_refused(client, enrolled, django_user_model):
    code = code_for(enrolled)
    sign_in(client, "ivana")
    client.post(reverse("accounts:2fa_verify"), {"token": code})
    client.logout()

    sign_in(client, "ivana")
    response = client.post(reverse("accounts:2fa_verify"), {"token": code})

    assert response.status_code == 200
    assert b"That code is not right, or was already used." in response.content
    assert client.get("/admin/evidence/").status_code == 302
    assert SecurityEvent.objects.filter(kind="2fa_failed").count() == 1


@pytest.mark.django_db
def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes(
    client, investigator
):
    sign_in(client, "ivana")
    assert client.get("/admin/")["Location"].startswith("/account/2fa/setup/")
    page = client.get(reverse("accounts:2fa_setup"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=investigator, confirmed=False)

    response = client.post(reverse("accounts:2fa_setup"), {"token": code_for(device)})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/evidence/").status_code == 200
    assert SecurityEvent.objects.filter(kind="2fa_enrolled", user=investigator).exists()


@pytest.mark.django_db
def test_a_recovery_code_works_once(client, enrolled, investigator):
    from accounts.second_factor import renew_recovery_codes

    code = renew_recovery_codes(user=investigator)[0]
    sign_in(client, "ivana")
    client.post(reverse("accounts:2fa_verify"), {"token": code})
    assert client.get("/admin/evidence/").status_code == 200
    client.logout()

    sign_in(client, "ivana")
    response = client.post(reverse("accounts:2fa_verify"), {"token": code})
    assert b"already used" in response.content
    assert SecurityEvent.objects.filter(kind="recovery_used").count() == 1


@pytest.mark.django_db
def test_an_account_locks_after_five_failures_and_others_do_not(
    client, investigator, django_user_model
):
    make_user(django_user_model, "other", "Investigators")
    for _ in range(5):
        sign_in(client, "ivana", password="wrong password")

    locked = sign_in(client, "ivana")

    assert locked.status_code == 429
    assert b"This account is locked" in locked.content
    assert SecurityEvent.objects.filter(kind="lockout", username="ivana").exists()
    assert SecurityEvent.objects.filter(kind="login_failed").count() >= 5
    other = sign_in(client, "other")
    assert other.status_code == 302


@pytest.mark.django_db
def test_sessions_end_after_two_idle_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 7200
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db
def test_an_idle_session_is_signed_out(client, investigator, settings):
    import time

    settings.SESSION_COOKIE_AGE = 1
    client.force_login(investigator)
    assert client.get("/admin/evidence/").status_code == 200
    time.sleep(2.1)
    assert client.get("/admin/evidence/").status_code == 302


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2():
    from django.conf import settings as django_settings

    from indisputable.settings import base

    assert (
        base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    assert django_settings.AUTH_USER_MODEL == "accounts.User"


@pytest.mark.django_db
def test_logout_is_logged(client, investigator):
    client.force_login(investigator)
    client.post(reverse("wagtailadmin_logout"))
    assert SecurityEvent.objects.filter(kind="logout", user=investigator).exists()
