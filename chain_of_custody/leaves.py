"""The bytes of a ledger leaf, and the salted commitment to an event's details.

A leaf is the RFC 8785 canonical JSON of a fixed set of fields, all strings or
non-negative integers with ASCII keys. For such values ``json.dumps`` with sorted keys,
no whitespace and ``ensure_ascii=False`` produces exactly the RFC 8785 bytes (a test
checks this against the ``rfc8785`` package), and does so an order of magnitude faster,
which matters when verifying millions of leaves.
"""

import datetime as dt
import hashlib
import json
import secrets
from typing import Any


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()


def format_time(moment: dt.datetime) -> str:
    """UTC, microsecond precision, ``Z`` suffix: one spelling per instant."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def leaf_fields(
    *,
    seq: int,
    event_type: str,
    occurred_at: dt.datetime,
    item_reference: str,
    item_sha256: str,
    actor_pid: str,
    outcome: str,
    details_commitment: str,
) -> dict[str, int | str]:
    return {
        "seq": seq,
        "type": event_type,
        "time": format_time(occurred_at),
        "item": item_reference,
        "item_sha256": item_sha256,
        "actor": actor_pid,
        "outcome": outcome,
        "details": details_commitment,
    }


def leaf_bytes(**fields: Any) -> bytes:
    return canonical_json(leaf_fields(**fields))


def new_salt() -> str:
    return secrets.token_hex(16)


def commit_details(*, salt: str, payload: dict[str, Any]) -> str:
    """SHA-256 over the salt and the canonical JSON of the sensitive details."""
    import rfc8785

    return hashlib.sha256(bytes.fromhex(salt) + rfc8785.dumps(payload)).hexdigest()
