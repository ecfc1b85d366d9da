"""Fixtures shared by every test: accounts in roles, intake, a clean ledger."""

import io
import shutil

import pytest
from django.db import connections

from accounts.roles import ensure_roles
from chain_of_custody import triggers
from evidence.intake import Submission, ingest_evidence


@pytest.fixture(autouse=True, scope="session")
def _flush_around_append_only_triggers():
    """Let transactional tests' flush empty the ledger tables.

    The append-only triggers refuse the DELETE/TRUNCATE that a flush issues, so
    for tests only the flush drops them first, then restores them and the head row.
    The backend's operations class is patched, not one connection object: the
    browser tests reach the database through other connection objects.
    """
    ops_class = type(connections["default"].ops)
    original = ops_class.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(
            self,
            style,
            tables,
            reset_sequences=reset_sequences,
            allow_cascade=allow_cascade,
        )
        if not statements:
            return statements
        vendor = self.connection.vendor
        before, after = [], []
        for table in triggers.APPEND_ONLY_TABLES:
            before += triggers.remove_sql(vendor, table)
            after += triggers.install_sql(vendor, table)
        after.append(
            "INSERT INTO chain_of_custody_custodyhead (id, size) VALUES (1, 0)"
        )
        return before + statements + after

    ops_class.sql_flush = sql_flush
    yield
    ops_class.sql_flush = original


@pytest.fixture(autouse=True, scope="session")
def _remove_test_data_dir():
    """The test settings' data directory is created per run; leave nothing behind."""
    yield
    from django.conf import settings

    shutil.rmtree(settings.DATA_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _blob_store_per_test(settings, tmp_path):
    """Each test gets an empty blob store, so no test sees another's blobs."""
    settings.INDISPUTABLE_BLOB_STORES = {
        "primary": {
            "BACKEND": "storage.backends.local.LocalBlobStore",
            "OPTIONS": {"root": str(tmp_path / "blobs")},
        }
    }


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """``client.force_login`` stands for a complete sign-in, second factor included.

    Tests of the sign-in itself (tests/accounts) go through the real forms instead.
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "test authenticator"}
        )
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def rome_statute():
    """The crimes catalogue, loaded again, for a transactional test that builds a
    case: pytest-django runs those last, and each one's flush empties what the
    migration loaded (loading is idempotent)."""
    from cases.statutes import ROME_STATUTE, load_catalogue, read_catalogue

    load_catalogue(read_catalogue(ROME_STATUTE))


def make_user(django_user_model, username, *roles):
    user = django_user_model.objects.create_user(
        username=username, password="correct horse battery staple"
    )
    groups = ensure_roles()
    for role in roles:
        user.groups.add(groups[role])
    return user


@pytest.fixture
def investigator(django_user_model):
    return make_user(django_user_model, "ivana", "Investigators")


@pytest.fixture
def analyst(django_user_model):
    return make_user(django_user_model, "anwar", "Analysts")


@pytest.fixture
def outsider(django_user_model):
    return make_user(django_user_model, "oscar")


@pytest.fixture
def ingest(investigator):
    """Ingest bytes as the investigator, the way every caller does."""

    def _ingest(content: bytes, name: str = "file.bin", user=None, **submission):
        return ingest_evidence(
            submitted_by=user or investigator,
            filename=name,
            submission=Submission(**{"source_type": "witness", **submission}),
            stream=io.BytesIO(content),
        )

    return _ingest
