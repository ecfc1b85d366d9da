"""The full-text index per database: SQLite FTS5, PostgreSQL ``tsvector`` + GIN.

Wagtail's database search backend (modelsearch) was measured first and left aside:
it indexes the raw text (no Arabic letter folding, tatweel or Burmese syllables, so
``محمد`` would miss ``مُحَمَّد``), and its queries join its generic index table
through content types before the access policy's filters can apply. Here each
database gets one dedicated table of folded text (``EvidenceDocument``,
``RecordDocument``) and its native index, and a query is a subquery of matching
primary keys that the ORM combines with the access policy, the filters and the
facets in the same statement. See docs/search.md.
"""

# Every table and column name in the SQL below is a constant of this module; user
# input only ever travels as a query parameter.
# ruff: noqa: S608, S611

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.expressions import RawSQL

SQLITE_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
# Extracted text past this many characters is not indexed: PostgreSQL refuses
# tsvectors over 1 MiB, and a phrase from the first 200,000 characters of a
# document finds it.
MAX_DOCUMENT_CHARS = 200_000

_TABLES = {
    # index name: (document table, primary key column)
    "search_evidence_fts": ("search_evidencedocument", "item_id"),
    "search_record_fts": ("search_recorddocument", "id"),
}


def install_sql(vendor: str) -> list[str]:
    """Statements creating the full-text structures and the hash-prefix indexes."""
    if vendor == "sqlite":
        statements = []
        for fts, (table, key) in _TABLES.items():
            statements += [
                f"CREATE VIRTUAL TABLE {fts} USING fts5(document, "
                f"content='{table}', content_rowid='{key}', "
                f"tokenize=\"{SQLITE_TOKENIZER}\", prefix='2 3 4')",
                f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {fts}(rowid, document) VALUES (new.{key}, new.document);"
                " END",
                f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, document) "
                f"VALUES ('delete', old.{key}, old.document); END",
                f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, document) "
                f"VALUES ('delete', old.{key}, old.document); "
                f"INSERT INTO {fts}(rowid, document) VALUES (new.{key}, new.document);"
                " END",
            ]
        return [
            *statements,
            "CREATE INDEX search_blob_sha512 ON evidence_blob (sha512)",
            "CREATE INDEX search_blob_md5 ON evidence_blob (md5)",
        ]
    if vendor == "postgresql":
        statements = []
        for fts, (table, _key) in _TABLES.items():
            statements += [
                f"ALTER TABLE {table} ADD COLUMN vector tsvector GENERATED ALWAYS AS "
                "(to_tsvector('simple'::regconfig, document)) STORED",
                f"CREATE INDEX {fts} ON {table} USING gin (vector)",
            ]
        return [
            *statements,
            "CREATE INDEX search_blob_sha512 ON evidence_blob "
            "(sha512 varchar_pattern_ops)",
            "CREATE INDEX search_blob_md5 ON evidence_blob (md5 varchar_pattern_ops)",
        ]
    raise ImproperlyConfigured(
        f"search has no full-text index for the {vendor} database: "
        "use SQLite or PostgreSQL"
    )


def remove_sql(vendor: str) -> list[str]:
    statements = ["DROP INDEX search_blob_sha512", "DROP INDEX search_blob_md5"]
    for fts, (table, _key) in _TABLES.items():
        if vendor == "sqlite":
            statements += [
                f"DROP TRIGGER {fts}_ai",
                f"DROP TRIGGER {fts}_ad",
                f"DROP TRIGGER {fts}_au",
                f"DROP TABLE {fts}",
            ]
        else:
            statements += [
                f"DROP INDEX {fts}",
                f"ALTER TABLE {table} DROP COLUMN vector",
            ]
    return statements


@dataclass(frozen=True)
class Clause:
    """Folded words that must appear together, in order; the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


def fts5_expression(clauses: list[Clause]) -> str:
    """An FTS5 MATCH expression: every clause, as a quoted phrase."""
    parts = []
    for clause in clauses:
        phrase = '"' + " ".join(w.replace('"', '""') for w in clause.words) + '"'
        parts.append(phrase + ("*" if clause.prefix else ""))
    return " AND ".join(parts)


def _tsquery_escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("'", "''")


def tsquery_expression(clauses: list[Clause]) -> str:
    """A ``to_tsquery('simple', ...)`` expression: phrases joined by ``<->``."""
    parts = []
    for clause in clauses:
        quoted = ["'" + _tsquery_escape(w) + "'" for w in clause.words]
        if clause.prefix:
            quoted[-1] += ":*"
        parts.append("(" + " <-> ".join(quoted) + ")")
    return " & ".join(parts)


def matching_keys(index: str, clauses: list[Clause]) -> RawSQL:
    """A subquery of the primary keys whose document matches every clause."""
    table, key = _TABLES[index]
    if connection.vendor == "sqlite":
        return RawSQL(
            f"SELECT rowid FROM {index} WHERE {index} MATCH %s",
            [fts5_expression(clauses)],
        )
    return RawSQL(
        f"SELECT {key} FROM {table} "
        "WHERE vector @@ to_tsquery('simple'::regconfig, %s)",
        [tsquery_expression(clauses)],
    )


def ranked_keys(
    clauses: list[Clause], among: tuple[str, tuple], start: int, count: int
) -> list[int]:
    """Evidence keys matching ``clauses``, most relevant first: ``count`` of them
    from ``start``, among the keys the subquery ``among`` (SQL, parameters)
    selects. Relevance is SQLite's BM25 (FTS5 ``rank``) or PostgreSQL's
    ``ts_rank``; of equal ranks, the item added last comes first."""
    table, key = _TABLES["search_evidence_fts"]
    subquery, params = among
    if connection.vendor == "sqlite":
        sql = (
            "SELECT rowid FROM search_evidence_fts WHERE search_evidence_fts MATCH %s "
            f"AND +rowid IN ({subquery}) ORDER BY rank, rowid DESC LIMIT %s OFFSET %s"
        )
        args = [fts5_expression(clauses), *params, count, start]
    else:
        sql = (
            f"SELECT {key} FROM {table}, to_tsquery('simple'::regconfig, %s) query "
            f"WHERE vector @@ query AND {key} IN ({subquery}) "
            f"ORDER BY ts_rank(vector, query) DESC, {key} DESC LIMIT %s OFFSET %s"
        )
        args = [tsquery_expression(clauses), *params, count, start]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [row[0] for row in cursor.fetchall()]
