"""The checkpoint signing key: made once, kept in a file, never in the database."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from chain_of_custody import notes


class SigningKeyError(ImproperlyConfigured):
    """The signing key is missing, unreadable or would be overwritten."""


def key_path() -> Path:
    """Where the key lives: the setting, or ``DATA_DIR/custody-signing.key``."""
    configured = settings.INDISPUTABLE_CUSTODY_SIGNING_KEY
    return Path(configured) if configured else settings.DATA_DIR / "custody-signing.key"


def origin() -> str:
    return settings.INDISPUTABLE_CUSTODY_ORIGIN


def generate_key(*, path: Path | None = None) -> notes.Signer:
    """Write a new Ed25519 key (mode 0600); refuse to overwrite an existing one."""
    path = path or key_path()
    signer = notes.generate_signer(origin())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise SigningKeyError(
            f"{path} already exists; a signing key is never overwritten"
        ) from None
    with os.fdopen(fd, "w") as fh:
        fh.write(signer.skey + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return signer


def load_signer(*, path: Path | None = None) -> notes.Signer:
    """The signing key, refusing one that others than its owner can read."""
    path = path or key_path()
    try:
        mode = path.stat().st_mode
        text = path.read_text().strip()
    except FileNotFoundError:
        raise SigningKeyError(
            f"no signing key at {path}: run `manage.py custody keygen`"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(f"{path} is readable by others: chmod 600 it")
    return notes.signer_from_skey(text)


def public_key() -> notes.Verifier:
    """The public key checkpoints are checked against."""
    return load_signer().verifier
