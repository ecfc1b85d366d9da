"""C2SP signed notes and checkpoints for the custody log.

Implements https://c2sp.org/signed-note (Ed25519 signatures) and
https://c2sp.org/tlog-checkpoint, so anyone can check the archive's tree heads with
standard tools such as Go's ``golang.org/x/mod/sumdb/note``. Proof texts are in
:mod:`chain_of_custody.proof_texts`.
"""

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from chain_of_custody.merkle import HASH_SIZE

ED25519 = 0x01
"""The signed-note signature type byte for Ed25519."""
MAX_SIGNATURES = 100

_SIGNATURE_PREFIX = "\u2014 "  # em dash, space
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_DECIMAL = re.compile(r"0|[1-9][0-9]*")
_HEX_KEY_ID = re.compile(r"[0-9a-f]{8}")


class NoteError(ValueError):
    """A note, checkpoint or proof text is malformed or its signature does not hold."""


def encode_b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode_b64(text: str, what: str) -> bytes:
    """Decode canonical standard base64, so each value has exactly one spelling."""
    try:
        data = base64.b64decode(text, validate=True)
    except binascii.Error:
        data = None
    if data is None or encode_b64(data) != text:
        raise NoteError(f"{what} is not valid base64")
    return data


def parse_decimal(text: str, what: str) -> int:
    if not _DECIMAL.fullmatch(text) or len(text) > 20 or int(text) >= 1 << 64:
        raise NoteError(f"{what} {text!r} is not a decimal without leading zeros")
    return int(text)


def _check_key_name(name: str) -> None:
    if not name or "+" in name or any(char.isspace() for char in name):
        raise NoteError(f"key name {name!r} is empty or contains a space or '+'")


def key_id(name: str, public_key: bytes) -> bytes:
    """Return the 4-byte key id of an Ed25519 key: SHA-256(name, 0x0A, 0x01, key)."""
    data = name.encode() + b"\n" + bytes([ED25519]) + public_key
    return hashlib.sha256(data).digest()[:4]


@dataclass(frozen=True, eq=False)
class Verifier:
    """A named Ed25519 public key that checkpoints are checked against."""

    name: str
    key_id: bytes
    public_key: Ed25519PublicKey = field(repr=False)

    @property
    def vkey(self) -> str:
        """The published form ``<name>+<hex key id>+<base64(0x01 || public key)>``."""
        raw = self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return f"{self.name}+{self.key_id.hex()}+{encode_b64(bytes([ED25519]) + raw)}"


@dataclass(frozen=True, eq=False)
class Signer:
    """A named Ed25519 private key that signs checkpoints. Keep :attr:`skey` secret."""

    name: str
    key_id: bytes
    private_key: Ed25519PrivateKey = field(repr=False)

    @property
    def skey(self) -> str:
        """``PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>``, as in Go."""
        seed = self.private_key.private_bytes_raw()
        encoded = encode_b64(bytes([ED25519]) + seed)
        return f"PRIVATE+KEY+{self.name}+{self.key_id.hex()}+{encoded}"

    @property
    def verifier(self) -> Verifier:
        """The matching public key."""
        return Verifier(self.name, self.key_id, self.private_key.public_key())

    @property
    def vkey(self) -> str:
        """The public key to publish, in vkey form."""
        return self.verifier.vkey

    def sign(self, message: bytes) -> bytes:
        """Return ``key id || Ed25519 signature`` of ``message``."""
        return self.key_id + self.private_key.sign(message)


def _ed25519_key(encoded: str, what: str) -> bytes:
    """Decode ``base64(0x01 || 32-byte key)`` as in skey and vkey strings."""
    raw = decode_b64(encoded, what)
    if len(raw) != 33 or raw[0] != ED25519:
        raise NoteError(f"{what} is not an Ed25519 key")
    return raw[1:]


def _signer(name: str, private_key: Ed25519PrivateKey) -> Signer:
    _check_key_name(name)
    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return Signer(name, key_id(name, public), private_key)


def generate_signer(name: str) -> Signer:
    """Create a new random signing key for the log named ``name``."""
    return _signer(name, Ed25519PrivateKey.generate())


def signer_from_skey(skey: str) -> Signer:
    """Load a signing key from its ``PRIVATE+KEY+...`` form."""
    parts = skey.split("+", 4)
    if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
        raise NoteError("signer key does not start with PRIVATE+KEY+<name>+<key id>+")
    _, _, name, hex_id, encoded = parts
    seed = _ed25519_key(encoded, "signer key")
    signer = _signer(name, Ed25519PrivateKey.from_private_bytes(seed))
    if signer.key_id.hex() != hex_id:
        raise NoteError(f"signer key id {hex_id} does not match the key")
    return signer


def verifier_from_vkey(vkey: str) -> Verifier:
    """Load a public key from its ``<name>+<hex key id>+<base64>`` form."""
    parts = vkey.split("+", 2)
    if len(parts) != 3:
        raise NoteError("verifier key is not <name>+<key id>+<key>")
    name, hex_id, encoded = parts
    _check_key_name(name)
    if not _HEX_KEY_ID.fullmatch(hex_id):
        raise NoteError(f"verifier key id {hex_id!r} is not 8 lowercase hex digits")
    raw = _ed25519_key(encoded, "verifier key")
    if key_id(name, raw).hex() != hex_id:
        raise NoteError(f"verifier key id {hex_id} does not match the key")
    return Verifier(name, key_id(name, raw), Ed25519PublicKey.from_public_bytes(raw))


@dataclass(frozen=True)
class NoteSignature:
    """One signature line of a note, not yet verified."""

    name: str
    key_id: bytes
    signature: bytes

    @property
    def label(self) -> str:
        """``<name>+<hex key id>``, how errors name the key."""
        return f"{self.name}+{self.key_id.hex()}"


@dataclass(frozen=True)
class Note:
    """A parsed signed note: its text (with the final newline) and signatures."""

    text: str
    signatures: tuple[NoteSignature, ...]


def _check_text(text: str, what: str) -> None:
    if _CONTROL.search(text):
        raise NoteError(f"{what} contains a control character other than newline")
    if not text.endswith("\n"):
        raise NoteError(f"{what} does not end with a newline")


def sign_note(text: str, signers: Sequence[Signer]) -> str:
    """Return ``text`` signed by each of ``signers`` as a signed note."""
    _check_text(text, "note text")
    if not signers:
        raise ValueError("a note needs at least one signer")
    message = text.encode()
    lines = [
        f"{_SIGNATURE_PREFIX}{signer.name} {encode_b64(signer.sign(message))}\n"
        for signer in signers
    ]
    return text + "\n" + "".join(lines)


def parse_note(text: str) -> Note:
    """Split a signed note into its text and signature lines, without verifying."""
    _check_text(text, "malformed note: it")
    split = text.rfind("\n\n")
    if split < 0:
        raise NoteError("malformed note: no blank line before the signatures")
    body, block = text[: split + 1], text[split + 2 :]
    lines = block.split("\n")[:-1]
    if not lines:
        raise NoteError("malformed note: no signature lines")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"malformed note: more than {MAX_SIGNATURES} signatures")
    signatures = []
    for number, line in enumerate(lines, start=1):
        parts = line.removeprefix(_SIGNATURE_PREFIX).split(" ")
        if not line.startswith(_SIGNATURE_PREFIX) or len(parts) != 2:
            raise NoteError(
                f"malformed note: signature line {number} is not '— <name> <signature>'"
            )
        name, encoded = parts
        try:
            _check_key_name(name)
            blob = decode_b64(encoded, "signature")
        except NoteError as error:
            raise NoteError(
                f"malformed note: signature line {number}: {error}"
            ) from None
        if len(blob) < 5:
            raise NoteError(f"malformed note: signature line {number} is too short")
        signatures.append(NoteSignature(name, blob[:4], blob[4:]))
    return Note(body, tuple(signatures))


Keys = str | Verifier | Iterable[str | Verifier]


def _verifiers(keys: Keys) -> dict[tuple[str, bytes], Verifier]:
    if isinstance(keys, str | Verifier):
        keys = [keys]
    loaded = [verifier_from_vkey(k) if isinstance(k, str) else k for k in keys]
    return {(v.name, v.key_id): v for v in loaded}


def verify_note(text: str, keys: Keys) -> str:
    """Return the text of a note once a signature by one of ``keys`` verifies.

    Signatures by other keys are ignored, as the spec requires; a bad signature
    by a known key rejects the whole note.
    """
    known = _verifiers(keys)
    note = parse_note(text)
    message = note.text.encode()
    verified: set[tuple[str, bytes]] = set()
    for signature in note.signatures:
        identity = (signature.name, signature.key_id)
        verifier = known.get(identity)
        if verifier is None:
            continue
        if identity in verified:
            raise NoteError(f"malformed note: {signature.label} signed twice")
        try:
            verifier.public_key.verify(signature.signature, message)
        except InvalidSignature:
            raise NoteError(f"bad signature from {signature.label}") from None
        verified.add(identity)
    if not verified:
        found = ", ".join(s.label for s in note.signatures)
        raise NoteError(f"no signature from a known key (signed by {found})")
    return note.text


@dataclass(frozen=True)
class Checkpoint:
    """A log's signed tree head: origin, size and root, plus optional extensions."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()
    signatures: tuple[NoteSignature, ...] = ()

    @property
    def body(self) -> str:
        """The note text that is signed."""
        lines = [self.origin, str(self.size), encode_b64(self.root), *self.extensions]
        return "".join(f"{line}\n" for line in lines)


def sign_checkpoint(
    origin: str,
    size: int,
    root: bytes,
    signer: Signer,
    *,
    extensions: Sequence[str] = (),
) -> str:
    """Return the signed checkpoint text for the tree of ``size`` with ``root``."""
    if not origin or "\n" in origin:
        raise ValueError("a checkpoint origin is one non-empty line")
    if not 0 <= size < 1 << 64 or len(root) != HASH_SIZE:
        raise ValueError("a checkpoint needs a size in 0..2**64-1 and a SHA-256 root")
    if any(not line or "\n" in line for line in extensions):
        raise ValueError("checkpoint extension lines must be single non-empty lines")
    body = Checkpoint(origin, size, root, tuple(extensions)).body
    return sign_note(body, [signer])


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a checkpoint WITHOUT checking signatures; use :func:`verify_checkpoint`."""
    note = parse_note(text)
    lines = note.text.split("\n")[:-1]
    if len(lines) < 3:
        raise NoteError("malformed checkpoint: fewer than three lines")
    origin, size, root, *extensions = lines
    if not origin:
        raise NoteError("malformed checkpoint: empty origin")
    if not all(extensions):
        raise NoteError("malformed checkpoint: empty extension line")
    root_hash = decode_b64(root, "malformed checkpoint: root hash")
    if len(root_hash) != HASH_SIZE:
        raise NoteError(f"malformed checkpoint: root hash is not {HASH_SIZE} bytes")
    return Checkpoint(
        origin=origin,
        size=parse_decimal(size, "malformed checkpoint: tree size"),
        root=root_hash,
        extensions=tuple(extensions),
        signatures=note.signatures,
    )


def verify_checkpoint(
    text: str, keys: Keys, *, origin: str | None = None
) -> Checkpoint:
    """Return the checkpoint once signed by one of ``keys`` (and from ``origin``)."""
    verify_note(text, keys)
    checkpoint = parse_checkpoint(text)
    if origin is not None and checkpoint.origin != origin:
        raise NoteError(f"checkpoint is from {checkpoint.origin!r}, not {origin!r}")
    return checkpoint
