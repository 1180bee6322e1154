"""Rows for PostgreSQL's COPY, laid out from the Django models themselves.

A ``Table`` names the fields the generator fills; every other concrete column of the
model gets its default (or NULL where the field allows it), so a field another part of
Pishkhan adds later does not break the load — unless it has neither, and then the load
stops at once, naming it.
"""

import datetime
import io
import json
import queue
import threading

from django.db import models
from django.utils import timezone

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _str(value):
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


def _json(value):
    return _str(json.dumps(value, ensure_ascii=False))


def _bytes(value):
    return "\\\\x" + value.hex()  # bytea's hex input, its backslash escaped for COPY


_FORMATS = {
    str: _str,
    int: str,
    float: repr,
    bool: lambda v: "t" if v else "f",
    type(None): lambda v: NULL,
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
    dict: _json,
    list: _json,
    bytes: _bytes,
}


def _other(value):
    return _str(str(value))


def text(value):
    """A value in COPY's text format."""
    fmt = _FORMATS.get(type(value))
    if fmt is None:
        return _str(str(value))
    return fmt(value)


def _default(field, now):
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        return text(now)
    if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        return text(now.date())
    if field.has_default():
        value = field.get_default()
        if isinstance(field, models.ForeignKey) and isinstance(value, models.Model):
            value = value.pk
        return text(value)
    if field.null:
        return NULL
    if field.empty_strings_allowed:
        return ""
    raise LookupError(f"{field.model._meta.label}.{field.name} has no default and the load does not fill it")


class Table:
    def __init__(self, model, fields):
        opts = model._meta
        self.model = model
        self.name = opts.db_table
        by_name = {}
        for f in opts.concrete_fields:
            by_name[f.name] = f
            by_name[f.attname] = f
        given = [by_name[name] for name in fields]
        now = timezone.now()
        rest = [f for f in opts.concrete_fields if f not in given]
        self.columns = [f.column for f in given] + [f.column for f in rest]
        defaults = [_default(f, now) for f in rest]
        self.suffix = ("\t" + "\t".join(defaults) if defaults else "") + "\n"
        self.width = len(given)
        self.rows = []

    def add(self, *values):
        get = _FORMATS.get
        self.rows.append("\t".join([get(type(v), _other)(v) for v in values]) + self.suffix)

    def take(self):
        data, self.rows = "".join(self.rows), []
        return data

    @property
    def sql(self):
        columns = ", ".join(f'"{c}"' for c in self.columns)
        return f'COPY "{self.name}" ({columns}) FROM STDIN'


class Copier:
    """COPY on a connection of its own, in a thread, so PostgreSQL writes while Python generates."""

    def __init__(self, dsn):
        import psycopg2

        self.conn = psycopg2.connect(**dsn)
        self.conn.autocommit = True
        with self.conn.cursor() as cur:
            # The generator keeps every reference consistent; skipping the per-row foreign-key
            # triggers during the load is what makes a million files take minutes, not an hour.
            cur.execute("SET session_replication_role = replica")
            cur.execute("SET synchronous_commit = off")
        self.queue = queue.Queue(maxsize=2)
        self.error = None
        self.rows = 0
        self.thread = threading.Thread(target=self._work, daemon=True)
        self.thread.start()

    def _work(self):
        while True:
            batch = self.queue.get()
            if batch is None:
                return
            if self.error is not None:
                continue
            try:
                with self.conn.cursor() as cur:
                    cur.execute("BEGIN")
                    for sql, data in batch:
                        if data:
                            cur.copy_expert(sql, io.StringIO(data))
                    cur.execute("COMMIT")
            except Exception as exc:  # reported by the next put() or close()
                self.error = exc

    def put(self, tables):
        if self.error is not None:
            raise self.error
        batch = []
        for table in tables:
            self.rows += len(table.rows)
            batch.append((table.sql, table.take()))
        self.queue.put(batch)

    def close(self):
        self.queue.put(None)
        self.thread.join()
        self.conn.close()
        if self.error is not None:
            raise self.error
