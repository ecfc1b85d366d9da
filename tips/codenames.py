"""Codenames for sources, and the two-word designations staff see instead.

A codename is seven words drawn from the EFF long word list (7,776 words: about 90
bits). The archive keeps only what a slow hash (argon2id) of it yields:

- a lookup value, to find the source when the codename is typed again;
- a key that wraps the source's reply key (an age X25519 identity), so replies can
  be encrypted to the source at any time but read only with the codename.

The lookup needs a salt that does not depend on the source; the codename's entropy,
not the salt, is what makes brute force hopeless.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from pyrage import x25519
from xkcdpass import xkcd_password

CODENAME_WORDS = 7
DESIGNATION_WORDS = 2
_LOOKUP_SALT = b"indisputable/tips/codename/v1"
_WRAP_AAD = b"indisputable/tips/reply-identity/v1"


@functools.cache
def wordlist() -> tuple[str, ...]:
    """The EFF long word list as shipped by xkcdpass."""
    words = xkcd_password.generate_wordlist(
        wordfile=xkcd_password.locate_wordfile("eff-long"),
        min_length=1,
        max_length=20,
    )
    return tuple(sorted(set(words)))


def new_codename() -> str:
    # secrets, not xkcdpass's generator: that one falls back to a weak generator
    # when asked to on the command line.
    return _words(CODENAME_WORDS)


def new_designation() -> str:
    """A random two-word name for staff to call a source by (not from the codename)."""
    return _words(DESIGNATION_WORDS)


def _words(count: int) -> str:
    words = wordlist()
    return " ".join(secrets.choice(words) for _ in range(count))


def normalise(codename: str) -> str:
    return " ".join(codename.lower().split())


@dataclass(frozen=True)
class CodenameKeys:
    lookup: str
    wrap_key: bytes


def derive(codename: str) -> CodenameKeys:
    """The lookup value and the reply-key wrapping key of a codename (slow)."""
    cost = settings.INDISPUTABLE_TIPS_ARGON2
    master = hash_secret_raw(
        secret=normalise(codename).encode(),
        salt=_LOOKUP_SALT,
        time_cost=cost["time_cost"],
        memory_cost=cost["memory_cost"],
        parallelism=cost["parallelism"],
        hash_len=32,
        type=Type.ID,
    )
    return CodenameKeys(
        lookup=_expand(master, b"lookup").hex(),
        wrap_key=_expand(master, b"reply-identity-wrap"),
    )


def _expand(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        master
    )


def new_reply_identity(keys: CodenameKeys) -> tuple[str, bytes]:
    """A fresh reply key: its public recipient, and its identity wrapped."""
    identity = x25519.Identity.generate()
    nonce = secrets.token_bytes(12)
    wrapped = nonce + ChaCha20Poly1305(keys.wrap_key).encrypt(
        nonce, str(identity).encode(), _WRAP_AAD
    )
    return str(identity.to_public()), wrapped


def unwrap_reply_identity(keys: CodenameKeys, wrapped: bytes) -> x25519.Identity:
    nonce, sealed = bytes(wrapped[:12]), bytes(wrapped[12:])
    try:
        plain = ChaCha20Poly1305(keys.wrap_key).decrypt(nonce, sealed, _WRAP_AAD)
    except InvalidTag as exc:
        raise ValueError("the reply key does not open with this codename") from exc
    return x25519.Identity.from_str(plain.decode())
