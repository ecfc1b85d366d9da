"""RFC 3161 time-stamps of checkpoints, from the authorities in the settings.

A token binds a checkpoint's note text to a time the archive's own clock cannot fake.
The whole ``TimeStampResp`` is stored, so the token can be checked later against the
authority's certificate.
"""

from __future__ import annotations

import hashlib
import urllib.request

from cryptography import x509
from django.conf import settings
from rfc3161_client import (
    TimestampRequestBuilder,
    VerifierBuilder,
    decode_timestamp_response,
)
from rfc3161_client.base import HashAlgorithm

from chain_of_custody.models import Checkpoint, CheckpointTimestamp

CONTENT_TYPE = "application/timestamp-query"


class TimestampError(Exception):
    """An authority did not answer with a valid token for the data."""


def request_timestamp(*, data: bytes, url: str, timeout: float) -> bytes:
    """Ask the authority at ``url`` to stamp SHA-256(``data``); return its response."""
    if not url.startswith(("http://", "https://")):
        raise TimestampError(f"{url} is not an http(s) URL")
    query = (
        TimestampRequestBuilder()
        .data(data)
        .hash_algorithm(HashAlgorithm.SHA256)
        .cert_request(cert_request=True)
        .nonce(nonce=True)
        .build()
    )
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=query.as_bytes(), headers={"Content-Type": CONTENT_TYPE}
    )
    with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
        body = answer.read()
    response = decode_timestamp_response(body)
    if response.status not in (0, 1):
        raise TimestampError(f"{url} refused: {' '.join(response.status_string)}")
    if response.tst_info.nonce != query.nonce:
        raise TimestampError(f"{url} answered with another request's nonce")
    check_imprint(response=body, data=data)
    return body


def check_imprint(*, response: bytes, data: bytes) -> None:
    """Check that a stored response stamps exactly ``data``."""
    imprint = decode_timestamp_response(response).tst_info.message_imprint.message
    if imprint != hashlib.sha256(data).digest():
        raise TimestampError("the time-stamp token is for other data")


def verify_timestamp(
    *, response: bytes, data: bytes, roots: list[x509.Certificate]
) -> None:
    """Fully verify a token: its signature chains to ``roots`` and stamps ``data``."""
    builder = VerifierBuilder()
    for root in roots:
        builder = builder.add_root_certificate(root)
    try:
        builder.build().verify_message(decode_timestamp_response(response), data)
    except Exception as error:  # noqa: BLE001 (the library raises several kinds)
        raise TimestampError(f"time-stamp does not verify: {error}") from error


def stamp_checkpoint(
    *, checkpoint: Checkpoint, urls: list[str] | None = None
) -> dict[str, Exception | None]:
    """Stamp ``checkpoint`` at each authority; return each URL's error or None."""
    urls = settings.INDISPUTABLE_TSA_URLS if urls is None else urls
    results: dict[str, Exception | None] = {}
    data = checkpoint.note.encode()
    for url in urls:
        try:
            body = request_timestamp(
                data=data, url=url, timeout=settings.INDISPUTABLE_TSA_TIMEOUT
            )
        except (OSError, ValueError, TimestampError) as error:
            results[url] = error
            continue
        CheckpointTimestamp.objects.create(
            checkpoint=checkpoint,
            authority=url,
            token=body,
            stamped_at=decode_timestamp_response(body).tst_info.gen_time,
        )
        results[url] = None
    return results
