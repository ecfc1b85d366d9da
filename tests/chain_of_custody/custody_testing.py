"""Helpers for the custody tests: appending events, tampering with triggers off."""

import contextlib

import pytest
from django.db import connection, transaction

from chain_of_custody import triggers
from chain_of_custody.ledger import append_event
from chain_of_custody.models import EventType, Outcome

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL=postgres://..."
)


def append(n: int, *, item=None, event_type=EventType.VALIDATION):
    """Append ``n`` system events, each in its own transaction."""
    events = []
    for number in range(n):
        with transaction.atomic():
            events.append(
                append_event(
                    event_type=event_type,
                    item=item,
                    actor=None,
                    outcome=Outcome.SUCCESS,
                    summary=f"test event {number}",
                    details={"n": number},
                )
            )
    return events


@contextlib.contextmanager
def triggers_bypassed(*tables: str):
    """Tamper as the table owner would: the append-only triggers off, then back on."""
    tables = tables or tuple(triggers.APPEND_ONLY_TABLES)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for no pending deferred checks of the test's own.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            else:
                for sql in triggers.remove_sql("sqlite", table):
                    cursor.execute(sql)
    try:
        yield connection.cursor()
    finally:
        with connection.cursor() as cursor:
            for table in tables:
                if connection.vendor == "postgresql":
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                else:
                    for sql in triggers.install_sql("sqlite", table):
                        cursor.execute(sql)


def rebuild_tree(cursor) -> None:
    """Redo the stored subtrees and head from the events, as a careful forger would.

    Call inside :func:`triggers_bypassed`.
    """
    from chain_of_custody.ledger import border_text
    from chain_of_custody.merkle import CompactRange
    from chain_of_custody.models import SUBTREE_MIN_LEVEL

    cursor.execute("DELETE FROM chain_of_custody_custodysubtree")
    cursor.execute("SELECT leaf_hash FROM chain_of_custody_custodyevent ORDER BY seq")
    compact = CompactRange()
    for (value,) in cursor.fetchall():
        for level, index, node in compact.append(bytes.fromhex(value)):
            if level >= SUBTREE_MIN_LEVEL:
                cursor.execute(
                    "INSERT INTO chain_of_custody_custodysubtree (level, index, hash) "
                    "VALUES (%s, %s, %s)".replace("index", '"index"'),
                    [level, index, node.hex()],
                )
    cursor.execute(
        "UPDATE chain_of_custody_custodyhead SET size = %s, border = %s WHERE id = 1",
        [compact.size, border_text(compact)],
    )


def run_verify(*args: str) -> tuple[bool, str]:
    """Run ``manage.py custody verify``; return whether it passed, and its output."""
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    try:
        call_command("custody", "verify", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()
