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
