"""The schema, as an ordered list of migrations applied at open (`PRAGMA user_version` = last applied).

Why this shape:
- `spans` keeps each span whole (attributes, events, resource as JSON) so a span is one row read;
  ids are lower-case hex TEXT, the form every OpenTelemetry UI shows and users paste.
- `traces` is a summary maintained by upsert on every ingest, so listing traces never groups spans.
- `span_attrs` is a WITHOUT ROWID table whose primary key (bucket, key_id, value, span_rowid) *is* the
  (key, value) index: one B-tree per attribute entry instead of two. `bucket` (span rowid >> 12) keeps
  inserts local: a batch only touches the newest bucket's pages instead of dirtying pages all over a
  tree of millions of entries (what made commits slow), and a lookup seeks once per bucket (about 250 at
  a million spans). The span-id and trace indexes are bucketed the same way. `value` has no declared
  type, so integers, reals and text keep their own types and ranges stay type-bounded (numbers sort
  before text).
  Strings longer than `MAX_INDEXED_STRING` are recorded with the marker `x''` (a blob, never an attribute
  value) so filters know to re-check them in the JSON; sequences are not indexed at all. The JSON in
  `spans.attributes` is the truth: the index only narrows candidates.
- New migrations are appended, never edited: a file written by an older genotel-store is upgraded in order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

MAX_INDEXED_STRING = 256
LONG_STRING_MARKER = b""
BUCKET_SHIFT = 12  # span rowids per index bucket: 4096


# The attribute-index rows of spans, derived by SQLite itself from the stored JSON (no per-attribute
# Python work on ingest; the purge derives the very same rows to delete them). `{where}` selects spans `s`.
INDEX_ENTRIES_SQL = (
    f"SELECT s.id >> {BUCKET_SHIFT}, k.id,"
    f" CASE WHEN j.type = 'text' AND length(j.value) > {MAX_INDEXED_STRING} THEN x'' ELSE j.value END, s.id"
    " FROM spans s, json_each(s.attributes) j JOIN attr_keys k ON k.key = j.key"
    " WHERE {where} AND j.type IN ('integer', 'real', 'text', 'true', 'false')"
)


def bucket_of(rowid: int) -> int:
    """The index bucket of a span rowid."""
    return rowid >> BUCKET_SHIFT


def bucket_range(first_id: int, last_id: int) -> str:
    """The buckets holding rowids first_id..last_id, as a SQL list of integers."""
    return ",".join(str(bucket) for bucket in range(bucket_of(first_id), bucket_of(last_id) + 1))


def near_spans(t: str = "t", s: str = "s") -> str:
    """SQL true for the spans `s` of trace row `t` that lie in its first or last bucket.

    `traces.first_id/last_id` bound the rowids of a trace's spans, and nearly every trace lies within
    one or two buckets: those are sought directly in the bucketed trace index.
    """
    shift = BUCKET_SHIFT
    return f"({s}.id >> {shift}) IN ({t}.first_id >> {shift}, {t}.last_id >> {shift}) AND {s}.trace_id = {t}.trace_id"


def far_spans(t: str = "t", s: str = "s") -> str:
    """SQL true for the other spans of a trace spread over more than two buckets (a long-running one),
    found by its rowid range, so that with `near_spans` no span of a trace is ever missed."""
    shift = BUCKET_SHIFT
    return (
        f"({t}.last_id >> {shift}) - ({t}.first_id >> {shift}) > 1"
        f" AND {s}.id BETWEEN {t}.first_id AND {t}.last_id AND {s}.trace_id = {t}.trace_id"
        f" AND ({s}.id >> {shift}) NOT IN ({t}.first_id >> {shift}, {t}.last_id >> {shift})"
    )


def trace_span_ids(trace_condition: str) -> str:
    """SQL selecting the rowids of every span of the traces `t` satisfying `trace_condition` (params twice)."""
    return (
        f"SELECT s.id FROM traces t JOIN spans s ON {near_spans()} WHERE {trace_condition}"
        f" UNION ALL SELECT s.id FROM traces t JOIN spans s ON {far_spans()} WHERE {trace_condition}"
    )


@dataclass(frozen=True)
class Migration:
    """One schema step; `statements` run in a single transaction together with the version bump."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "spans, trace summaries and the attribute index",
        (
            """CREATE TABLE spans (
                id INTEGER PRIMARY KEY,
                trace_id TEXT NOT NULL,
                span_id TEXT NOT NULL,
                parent_span_id TEXT,
                name TEXT NOT NULL,
                kind TEXT,
                start_ns INTEGER NOT NULL,
                end_ns INTEGER,
                status_code TEXT,
                status_message TEXT,
                service_name TEXT,
                attributes TEXT NOT NULL DEFAULT '{}',
                events TEXT NOT NULL DEFAULT '[]',
                links TEXT NOT NULL DEFAULT '[]',
                resource TEXT NOT NULL DEFAULT '{}',
                scope TEXT
            )""",
            # one index serves "spans of a trace" and "children of a span" (always looked up within its
            # trace); by bucket, like the others, so inserts stay local (see `near_spans`)
            f"CREATE INDEX spans_trace_parent ON spans(id >> {BUCKET_SHIFT}, trace_id, parent_span_id)",
            # span ids are random: a plain index would dirty a random page per span on every batch; by
            # bucket, inserts stay local and a lookup by span id alone seeks once per bucket
            f"CREATE INDEX spans_span_id ON spans(id >> {BUCKET_SHIFT}, span_id)",
            "CREATE INDEX spans_start_ns ON spans(start_ns)",
            """CREATE TABLE traces (
                trace_id TEXT PRIMARY KEY,
                root_span_id TEXT,
                root_name TEXT,
                root_final INTEGER NOT NULL DEFAULT 0,
                service_name TEXT,
                start_ns INTEGER NOT NULL,
                end_ns INTEGER NOT NULL,
                span_count INTEGER NOT NULL,
                error_count INTEGER NOT NULL DEFAULT 0,
                first_id INTEGER NOT NULL DEFAULT 0,
                last_id INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID""",
            "CREATE INDEX traces_start_ns ON traces(start_ns)",
            "CREATE TABLE attr_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE)",
            """CREATE TABLE span_attrs (
                bucket INTEGER NOT NULL,
                key_id INTEGER NOT NULL,
                value NOT NULL,
                span_rowid INTEGER NOT NULL,
                PRIMARY KEY (bucket, key_id, value, span_rowid)
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        2,
        "log records (GenAI events) and metric data points",
        (
            """CREATE TABLE logs (
                id INTEGER PRIMARY KEY,
                time_ns INTEGER NOT NULL,
                observed_ns INTEGER,
                trace_id TEXT,
                span_id TEXT,
                event_name TEXT,
                severity_number INTEGER,
                severity_text TEXT,
                body TEXT,
                attributes TEXT NOT NULL DEFAULT '{}',
                service_name TEXT,
                resource TEXT NOT NULL DEFAULT '{}',
                scope TEXT
            )""",
            "CREATE INDEX logs_trace_span ON logs(trace_id, span_id)",
            "CREATE INDEX logs_time_ns ON logs(time_ns)",
            """CREATE TABLE metric_points (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                unit TEXT,
                description TEXT,
                kind TEXT NOT NULL,
                temporality TEXT,
                start_ns INTEGER,
                time_ns INTEGER NOT NULL,
                attributes TEXT NOT NULL DEFAULT '{}',
                value REAL,
                sum REAL,
                count INTEGER,
                min REAL,
                max REAL,
                bucket_counts TEXT,
                bounds TEXT,
                service_name TEXT,
                scope TEXT
            )""",
            "CREATE INDEX metric_points_name_time ON metric_points(name, time_ns)",
            "CREATE INDEX metric_points_time ON metric_points(time_ns)",
        ),
    ),
    Migration(
        3,
        "events logged through the API, each with its own expiry",
        (
            """CREATE TABLE events (
                id INTEGER PRIMARY KEY,
                time_ns INTEGER NOT NULL,
                expires_ns INTEGER NOT NULL,
                trace_id TEXT,
                span_id TEXT,
                type TEXT,
                payload TEXT NOT NULL
            )""",
            "CREATE INDEX events_expires ON events(expires_ns)",
            "CREATE INDEX events_trace_span ON events(trace_id, span_id)",
        ),
    ),
    Migration(
        4,
        "a span-name index, bucketed like the others, so a rare or absent name is not a full scan",
        (f"CREATE INDEX spans_name ON spans(id >> {BUCKET_SHIFT}, name)",),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file (0 for a new, empty database)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def has_foreign_tables(conn: sqlite3.Connection) -> bool:
    """True when a version-0 file already holds tables: some other application's database."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1").fetchone() is not None


def pending(current: int, migrations: Sequence[Migration] = MIGRATIONS, upto: int | None = None) -> list[Migration]:
    """Migrations newer than `current`, in order (up to `upto` when given, to build old files in tests)."""
    last = SCHEMA_VERSION if upto is None else upto
    return [m for m in migrations if current < m.version <= last]


def apply(conn: sqlite3.Connection, migration: Migration) -> None:
    """Run one migration inside the caller's transaction and record its version."""
    for statement in migration.statements:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {int(migration.version)}")
