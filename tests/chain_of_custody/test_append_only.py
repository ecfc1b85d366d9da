"""The database itself refuses UPDATE, DELETE and TRUNCATE on the ledger tables."""

import pytest
from custody_testing import append
from django.db import DatabaseError, connection, transaction

from chain_of_custody import triggers
from chain_of_custody.checkpoints import create_checkpoint

pytestmark = pytest.mark.django_db

STATEMENTS = {
    "UPDATE": "UPDATE {table} SET {column} = {column}",
    "DELETE": "DELETE FROM {table}",
    # SQLite has no TRUNCATE: an unqualified DELETE is its truncate.
    "TRUNCATE": (
        "TRUNCATE {table} CASCADE" if connection.vendor == "postgresql" else None
    ),
}
COLUMNS = {
    "chain_of_custody_custodyevent": "outcome",
    "chain_of_custody_custodysubtree": "hash",
    "chain_of_custody_checkpoint": "note",
    "chain_of_custody_checkpointtimestamp": "authority",
}


@pytest.fixture
def ledger(signing_key):
    append(16)  # one stored subtree
    checkpoint = create_checkpoint()
    checkpoint.timestamps.create(
        authority="http://tsa.invalid", token=b"x", stamped_at=checkpoint.created_at
    )


@pytest.mark.parametrize("table", triggers.APPEND_ONLY_TABLES)
@pytest.mark.parametrize("operation", ["UPDATE", "DELETE", "TRUNCATE"])
def test_each_change_is_refused(ledger, table, operation):
    statement = STATEMENTS[operation] or STATEMENTS["DELETE"]
    sql = statement.format(table=table, column=COLUMNS[table])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Else PostgreSQL refuses the TRUNCATE for the test's own pending checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with (
            pytest.raises(DatabaseError, match="custody ledger is append-only"),
            transaction.atomic(),
        ):
            cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] > 0
