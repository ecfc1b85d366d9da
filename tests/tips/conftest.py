"""Fixtures for the tips channel: an organisation key pair, a tips store per test,
cheap codename hashing, and staff in the Tips inbox role."""

import pytest
from django.core.cache import cache
from pyrage import x25519

from tests.conftest import make_user

ORG_IDENTITY = x25519.Identity.generate()


@pytest.fixture(autouse=True)
def _tips_settings(settings, tmp_path):
    settings.INDISPUTABLE_TIPS_DIR = tmp_path / "tips"
    settings.INDISPUTABLE_TIPS_RECIPIENTS = [str(ORG_IDENTITY.to_public())]
    settings.INDISPUTABLE_TIPS_ARGON2 = {
        "time_cost": 1,
        "memory_cost": 8 * 1024,
        "parallelism": 1,
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org_key() -> str:
    """The organisation's private key, as age-keygen writes it."""
    return (
        "# created: 2026-01-01T00:00:00Z\n"
        f"# public key: {ORG_IDENTITY.to_public()}\n"
        f"{ORG_IDENTITY}\n"
    )


@pytest.fixture
def tips_officer(django_user_model):
    """Staff who handle tips and may bring them into evidence."""
    return make_user(django_user_model, "tess", "Tips inbox", "Investigators")


@pytest.fixture
def org_identity() -> x25519.Identity:
    return ORG_IDENTITY
