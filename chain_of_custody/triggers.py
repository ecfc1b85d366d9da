"""Database triggers that refuse UPDATE, DELETE and TRUNCATE on ledger tables.

They stop accidents and casual tampering; the Merkle tree is what proves integrity.
"""

from collections.abc import Callable, Sequence

EVENT_TABLES = ["chain_of_custody_custodyevent"]
TREE_TABLES = [
    "chain_of_custody_custodysubtree",
    "chain_of_custody_checkpoint",
    "chain_of_custody_checkpointtimestamp",
]
APPEND_ONLY_TABLES = EVENT_TABLES + TREE_TABLES

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION custody_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'custody ledger is append-only: % on % refused',
        TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def install_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION custody_refuse_change();",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION custody_refuse_change();",
        ]
    if vendor == "sqlite":
        # SQLite has no TRUNCATE: "DELETE FROM t" is its truncate, and a DELETE
        # trigger disables that optimisation, so the row trigger covers it.
        return [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN "
            f"SELECT RAISE(ABORT, 'custody ledger is append-only: UPDATE on {table} "
            "refused'); END;",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN "
            f"SELECT RAISE(ABORT, 'custody ledger is append-only: DELETE on {table} "
            "refused'); END;",
        ]
    raise RuntimeError(f"append-only triggers are not written for {vendor}")


def remove_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_update;",
        f"DROP TRIGGER IF EXISTS {table}_no_delete;",
    ]


def installer(tables: Sequence[str]) -> Callable:
    """A ``RunPython`` function installing the triggers on ``tables``.

    Each migration names its tables, so adding a table later never changes what an
    earlier migration does.
    """

    def install(apps, schema_editor) -> None:
        for table in tables:
            for sql in install_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql, params=None)

    return install


def remover(tables: Sequence[str]) -> Callable:
    """A ``RunPython`` function removing the triggers from ``tables``."""

    def remove(apps, schema_editor) -> None:
        for table in tables:
            for sql in remove_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql, params=None)

    return remove
