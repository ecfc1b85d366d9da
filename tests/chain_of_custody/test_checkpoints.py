"""Signing keys, checkpoints (command, task, public views) and RFC 3161 stamps."""

import io
import stat

import pytest
from custody_testing import append
from django.core.management import CommandError, call_command

from chain_of_custody import notes, signing
from chain_of_custody.checkpoints import create_checkpoint
from chain_of_custody.models import Checkpoint
from chain_of_custody.tasks import make_checkpoint
from chain_of_custody.tree import tree_head

pytestmark = pytest.mark.django_db


def command(*args):
    out = io.StringIO()
    call_command("custody", *args, stdout=out)
    return out.getvalue()


def test_keygen_writes_an_owner_only_key_and_never_overwrites(settings, tmp_path):
    path = tmp_path / "keys" / "signing.key"
    settings.INDISPUTABLE_CUSTODY_SIGNING_KEY = str(path)
    output = command("keygen")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith("PRIVATE+KEY+indisputable.invalid/custody+")
    vkey = output.split("Public key: ")[1].strip()
    assert signing.public_key().vkey == vkey
    before = path.read_text()
    with pytest.raises(CommandError, match="already exists; a signing key is never"):
        command("keygen")
    assert path.read_text() == before


def test_a_key_readable_by_others_is_refused(signing_key):
    signing.key_path().chmod(0o644)
    with pytest.raises(signing.SigningKeyError, match="readable by others"):
        signing.load_signer()


def test_checkpoint_without_a_key_says_how_to_make_one(settings, tmp_path):
    settings.INDISPUTABLE_CUSTODY_SIGNING_KEY = str(tmp_path / "none.key")
    with pytest.raises(CommandError, match="run `manage.py custody keygen`"):
        command("checkpoint")


def test_the_checkpoint_command_signs_the_current_head(signing_key):
    append(5)
    output = command("checkpoint")
    signed = notes.verify_checkpoint(output, signing_key.vkey)
    assert (signed.size, signed.root) == tree_head()
    assert signed.origin == "indisputable.invalid/custody"
    stored = Checkpoint.objects.get()
    assert (stored.size, stored.root_hash, stored.note) == (
        5,
        signed.root.hex(),
        output,
    )


def test_the_periodic_task_signs_only_when_the_log_grew(signing_key):
    append(2)
    first = make_checkpoint.enqueue().return_value
    assert make_checkpoint.enqueue().return_value == first
    append(1)
    assert make_checkpoint.enqueue().return_value != first
    assert list(Checkpoint.objects.values_list("size", flat=True)) == [2, 3]


def test_the_key_view_is_404_until_a_key_is_made(client, settings, tmp_path):
    settings.INDISPUTABLE_CUSTODY_SIGNING_KEY = str(tmp_path / "none.key")
    assert client.get("/custody/key").status_code == 404


def test_public_views_show_only_the_checkpoint_and_the_key(client, signing_key):
    assert client.get("/custody/checkpoint").status_code == 404
    append(3)
    checkpoint = create_checkpoint()
    response = client.get("/custody/checkpoint")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == checkpoint.note
    key = client.get("/custody/key")
    assert key["Content-Type"] == "text/plain; charset=utf-8"
    assert key.content.decode() == signing_key.vkey + "\n"
    assert client.post("/custody/key").status_code == 405
