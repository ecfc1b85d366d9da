"""age encryption (pyrage) of tips: streaming on arrival, decryption with a key
supplied by whoever reads them.

pyrage's streaming functions pull from a reader and push to a writer; an upload
arrives as pushed chunks. ``EncryptingWriter`` bridges the two with a bounded queue
and one thread running ``pyrage.encrypt_io``, so plaintext only ever sits in memory,
a few chunks at a time, and the SHA-256 of the plaintext is computed in the same pass.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pyrage
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext
from pyrage import x25519

_EOF = object()
_ABORT = object()
_PUT_TIMEOUT = 1.0


class TipDecryptionError(Exception):
    """The tip could not be decrypted; the message is meant for the reader."""


class InvalidKey(TipDecryptionError):
    pass


class WrongKey(TipDecryptionError):
    pass


def organisation_recipients() -> list[x25519.Recipient]:
    """The organisation's age public keys (``INDISPUTABLE_TIPS_RECIPIENTS``)."""
    configured = settings.INDISPUTABLE_TIPS_RECIPIENTS
    if isinstance(configured, str):
        configured = configured.split()
    if not configured:
        raise ImproperlyConfigured(
            "INDISPUTABLE_TIPS_RECIPIENTS is empty: tips cannot be encrypted "
            "(see docs/tips.md)"
        )
    try:
        return [x25519.Recipient.from_str(r.strip()) for r in configured]
    except pyrage.RecipientError as exc:
        raise ImproperlyConfigured(
            f"INDISPUTABLE_TIPS_RECIPIENTS holds something that is not an age "
            f"public key (age1…): {exc}"
        ) from exc


def parse_identities(text: str) -> list[x25519.Identity]:
    """The age secret keys in ``text`` (age-keygen's output, comments allowed)."""
    identities = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError as exc:
            raise InvalidKey(
                gettext(
                    "That is not an age private key: paste the line that starts "
                    "with AGE-SECRET-KEY-1."
                )
            ) from exc
    if not identities:
        raise InvalidKey(
            gettext("No private key was given (a line AGE-SECRET-KEY-1…).")
        )
    return identities


def encrypt_bytes(plaintext: bytes, recipients: Iterable[x25519.Recipient]) -> bytes:
    return pyrage.encrypt(plaintext, list(recipients))


def decrypt_bytes(ciphertext: bytes, identities: list[x25519.Identity]) -> bytes:
    try:
        return pyrage.decrypt(ciphertext, identities)
    except pyrage.DecryptError as exc:
        raise _decrypt_failure(exc) from exc


def decrypt_stream(
    source: BinaryIO, sink: BinaryIO, identities: list[x25519.Identity]
) -> None:
    """Decrypt ``source`` into ``sink`` (anything with ``write``), streaming."""
    try:
        pyrage.decrypt_io(source, sink, identities)
    except pyrage.DecryptError as exc:
        raise _decrypt_failure(exc) from exc


def _decrypt_failure(exc: Exception) -> TipDecryptionError:
    if "no matching keys" in str(exc).lower():
        return WrongKey(
            gettext(
                "This key cannot decrypt the tip: it is not one of the keys the "
                "tip was encrypted to. Nothing was decrypted."
            )
        )
    return TipDecryptionError(
        gettext("Decryption failed: the ciphertext is damaged or altered (%(error)s).")
        % {"error": exc}
    )


class _Pipe:
    """A bounded queue of chunks with a file-like reading end for pyrage."""

    def __init__(self) -> None:
        self._chunks: queue.Queue = queue.Queue(maxsize=8)
        self._buffer = b""
        self._done = False

    def put(self, item, alive) -> None:
        while True:
            try:
                self._chunks.put(item, timeout=_PUT_TIMEOUT)
            except queue.Full:
                if not alive():
                    return
            else:
                return

    def read(self, size: int = -1) -> bytes:
        while not self._buffer and not self._done:
            item = self._chunks.get()
            if item is _ABORT:
                raise OSError("encryption aborted")
            if item is _EOF:
                self._done = True
            else:
                self._buffer = item
        if size is None or size < 0:
            size = len(self._buffer)
        chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk


class EncryptingWriter:
    """Encrypts what is written to it, as it comes, into ``out``; hashes it too."""

    def __init__(self, out: BinaryIO, recipients: list[x25519.Recipient]) -> None:
        self.sha256 = hashlib.sha256()
        self.size = 0
        self._pipe = _Pipe()
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(out, recipients), daemon=True, name="tip-encrypt"
        )
        self._thread.start()

    def _run(self, out: BinaryIO, recipients: list[x25519.Recipient]) -> None:
        try:
            pyrage.encrypt_io(self._pipe, out, recipients)
        except BaseException as exc:  # noqa: BLE001 - reported by close()
            self._error = exc

    def write(self, data: bytes | memoryview) -> None:
        if self._error is not None:
            raise OSError(f"encryption failed: {self._error}")
        data = bytes(data)
        self.sha256.update(data)
        self.size += len(data)
        self._pipe.put(data, self._thread.is_alive)

    def close(self) -> str:
        """Finish the ciphertext; return the plaintext's SHA-256 (hex)."""
        self._pipe.put(_EOF, self._thread.is_alive)
        self._thread.join()
        if self._error is not None:
            raise OSError(f"encryption failed: {self._error}")
        return self.sha256.hexdigest()

    def abort(self) -> None:
        if self._thread.is_alive():
            self._pipe.put(_ABORT, self._thread.is_alive)
            self._thread.join()


def decrypted_chunks(
    source: BinaryIO, identities: list[x25519.Identity]
) -> Iterator[bytes]:
    """The plaintext of ``source`` as chunks, decrypted in a thread as they are read.

    For streaming a decrypted file to a browser without writing it anywhere.
    Check the key first (``decrypt_bytes`` of something small, or a header probe):
    an error here surfaces only once the response has started.
    """
    pipe = _Pipe()
    errors: list[BaseException] = []
    cancelled = threading.Event()

    def reading() -> bool:
        return not cancelled.is_set()

    class _Sink:
        def write(self, data) -> int:
            if cancelled.is_set():
                raise OSError("the reader went away")
            pipe.put(bytes(data), reading)
            return len(data)

        def flush(self) -> None:
            pass

    def run() -> None:
        try:
            decrypt_stream(source, _Sink(), identities)
        except BaseException as exc:  # noqa: BLE001 - re-raised by the reader
            errors.append(exc)
        finally:
            pipe.put(_EOF, reading)

    thread = threading.Thread(target=run, daemon=True, name="tip-decrypt")
    thread.start()
    try:
        while chunk := pipe.read(1024 * 1024):
            yield chunk
    finally:
        cancelled.set()
        thread.join()
    if errors:
        raise errors[0]
