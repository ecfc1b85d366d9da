"""The search rows (``EvidenceRow``): database triggers keep them in step with the
evidence items, in the same statement as every change.

A search counts, groups, filters and orders these narrow rows instead of the wide
item rows joined to their blobs: at 100,000 items the totals and facets of a
broad search are then one pass over one covering index. The access policy
applies to a row under the same column names as to its item
(``evidence.access.visibility``), so the rows must never lag behind the items.
That is why triggers write them, not Python signals or the indexing task: a
``QuerySet.update()``, a raw statement or a restore changes the row in the same
statement as the item, and an item's new protection level is in force in search
at the moment it is committed.
"""

# Every table and column name in the SQL below is a constant of this module.
# ruff: noqa: S608

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from search.params import TYPES

TABLE = "search_evidencerow"
ITEMS = "evidence_evidenceitem"
BLOBS = "evidence_blob"

# Row column -> the item column it copies.
COPIED = {
    "source_type": "source_type",
    "sensitivity": "sensitivity",
    "sensitivity_until": "sensitivity_until",
    "sensitivity_after": "sensitivity_after",
    "language": "language",
    "gps_latitude": "gps_latitude",
    "gps_longitude": "gps_longitude",
    "submitted_by_id": "submitted_by_id",
    "collected_by_id": "collected_by_id",
    "submitted_at": "submitted_at",
    "capture_time": "capture_time",
}
# The item columns a change of which rewrites the row.
WATCHED = ["blob_id", *COPIED.values()]
COLUMNS = ["item_id", "kind", "has_gps", *COPIED]


def kind_sql(mime_type: str) -> str:
    """The type facet value of a MIME type, as ``search.params.TYPES`` reads it."""
    cases = " ".join(
        f"WHEN {mime_type} LIKE '{prefix}%' THEN '{value}'"
        for value, prefix in TYPES.items()
    )
    return f"CASE {cases} ELSE '' END"


def _select(item: str, mime_type: str = "b.mime_type") -> str:
    """The row's values from item ``item`` (an alias, or NEW) and its blob's
    ``mime_type`` (NULL, for a blob not inserted yet, is no type)."""
    values = [
        f"{item}.id",
        kind_sql(mime_type),
        f"{item}.gps_latitude IS NOT NULL",
        *(f"{item}.{column}" for column in COPIED.values()),
    ]
    return "SELECT " + ", ".join(values)


def _insert() -> str:
    return f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) "


def install_sql(vendor: str) -> list[str]:
    """The triggers that write the rows; then every existing item's row."""
    watched = ", ".join(WATCHED)
    # The blob's type, once it exists: a deferred foreign key lets an item be
    # inserted before its blob, in the same transaction.
    kind = f"{kind_sql('new.mime_type')} WHERE item_id IN (SELECT id FROM {ITEMS} "
    kind += "WHERE blob_id = new.id)"
    if vendor == "sqlite":
        mime_type = f"(SELECT mime_type FROM {BLOBS} WHERE id = new.blob_id)"
        upsert = (
            f"INSERT OR REPLACE INTO {TABLE} ({', '.join(COLUMNS)}) "
            f"{_select('new', mime_type)};"
        )
        return [
            f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {ITEMS} BEGIN {upsert} END",
            f"CREATE TRIGGER {TABLE}_au AFTER UPDATE OF {watched} ON {ITEMS} "
            f"BEGIN {upsert} END",
            f"CREATE TRIGGER {TABLE}_ad AFTER DELETE ON {ITEMS} BEGIN "
            f"DELETE FROM {TABLE} WHERE item_id = old.id; END",
            f"CREATE TRIGGER {TABLE}_kind AFTER UPDATE OF mime_type ON {BLOBS} BEGIN "
            f"UPDATE {TABLE} SET kind = {kind}; END",
            f"CREATE TRIGGER {TABLE}_blob AFTER INSERT ON {BLOBS} BEGIN "
            f"UPDATE {TABLE} SET kind = {kind}; END",
            *resync_sql(),
        ]
    if vendor == "postgresql":
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:])
        return [
            # New items, a statement at a time (a bulk intake inserts thousands).
            f"CREATE FUNCTION {TABLE}_added() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {_insert()}{_select('n')} FROM added n "
            f"LEFT JOIN {BLOBS} b ON b.id = n.blob_id; RETURN NULL; END $$",
            f"CREATE TRIGGER {TABLE}_ai AFTER INSERT ON {ITEMS} "
            "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
            f"EXECUTE FUNCTION {TABLE}_added()",
            f"CREATE FUNCTION {TABLE}_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN IF TG_OP = 'DELETE' THEN "
            f"DELETE FROM {TABLE} WHERE item_id = OLD.id; RETURN NULL; END IF; "
            f"{_insert()}{_select('NEW')} FROM (SELECT 1) one "
            f"LEFT JOIN {BLOBS} b ON b.id = NEW.blob_id "
            f"ON CONFLICT (item_id) DO UPDATE SET {updates}; RETURN NULL; END $$",
            f"CREATE TRIGGER {TABLE}_au AFTER UPDATE OF {watched} OR DELETE "
            f"ON {ITEMS} FOR EACH ROW EXECUTE FUNCTION {TABLE}_changed()",
            f"CREATE FUNCTION {TABLE}_kind() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN UPDATE {TABLE} SET kind = {kind}; RETURN NULL; END $$",
            f"CREATE TRIGGER {TABLE}_kind AFTER INSERT OR UPDATE OF mime_type "
            f"ON {BLOBS} FOR EACH ROW EXECUTE FUNCTION {TABLE}_kind()",
            *resync_sql(),
        ]
    raise ImproperlyConfigured(
        f"search has no triggers for the {vendor} database: use SQLite or PostgreSQL"
    )


def remove_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER {TABLE}_{suffix}"
            for suffix in ("ai", "au", "ad", "kind", "blob")
        ]
    return [
        f"DROP TRIGGER {TABLE}_ai ON {ITEMS}",
        f"DROP TRIGGER {TABLE}_au ON {ITEMS}",
        f"DROP TRIGGER {TABLE}_kind ON {BLOBS}",
        *(f"DROP FUNCTION {TABLE}_{name}()" for name in ("added", "changed", "kind")),
    ]


def resync_sql() -> list[str]:
    """Every row written again from the items (after a restore, or to check)."""
    return [
        f"DELETE FROM {TABLE}",
        f"{_insert()}{_select('i')} FROM {ITEMS} i "
        f"LEFT JOIN {BLOBS} b ON b.id = i.blob_id",
    ]


def resync() -> int:
    """Rewrite every row from the items; returns how many there are."""
    with connection.cursor() as cursor:
        for statement in resync_sql():
            cursor.execute(statement)
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]
