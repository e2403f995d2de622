"""A read whose SQL is compiled once per process and run with this request's values.

Building and compiling a queryset costs the ORM CPU on every request (the access policy's
care-team read, with its two correlated subqueries, about 5 ms on the benchmark machine)
although only its values change: the user, the day, the family. `QueryShape` builds the
queryset once with stand-in values, compiles it, remembers which parameters are the
stand-ins, and from then on runs the same SQL with the real values swapped in. Nothing
but the SQL text is kept: every call reads the database afresh.

It fails closed: a stand-in that cannot be found among the parameters, or that shows up in
a form it cannot swap, raises instead of running SQL that might still hold a stand-in. So
does a value the query derives from a stand-in (a day five years back, an id plus one): the
shape is compiled a second time with other stand-ins, and any parameter or SQL that differs
between the two, other than the stand-ins' own slots, would be frozen at compile time.

Rows come back as the database driver gives them, without the ORM's field converters (on
SQLite a boolean is 0 or 1): use it for ids, text and booleans read as truth values.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    # (position in params, stand-in name, whether the driver takes the value as text)
    slots: tuple[tuple[int, str, bool], ...]
    columns: tuple[str, ...]


class QueryShape:
    """`build(**values) -> QuerySet`, compiled once per database alias with `stand_ins`.

    Stand-ins are ints and dates that occur nowhere else in the query (e.g. -7_613_201,
    date(1901, 2, 3)); `rows(**values)` must give a value of the same type for each.
    """

    def __init__(self, build: Callable[..., QuerySet], **stand_ins: int | datetime.date) -> None:
        self._build = build
        self._stand_ins = stand_ins
        self._compiled: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def rows(self, *, using: str = "default", **values: Any) -> list[dict[str, Any]]:
        compiled = self._compiled.get(using) or self._compile(using)
        if values.keys() != self._stand_ins.keys():
            raise TypeError(f"Expected values for {sorted(self._stand_ins)}.")
        for name, value in values.items():
            if type(value) is not type(self._stand_ins[name]):
                raise TypeError(f"{name}: expected {type(self._stand_ins[name]).__name__}.")
        params = list(compiled.params)
        for position, name, as_text in compiled.slots:
            params[position] = str(values[name]) if as_text else values[name]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return [dict(zip(compiled.columns, row, strict=True)) for row in cursor.fetchall()]

    def _check_nothing_derived(
        self, using: str, sql: str, params: Any, slots: list[tuple[int, str, bool]]
    ) -> None:
        """Compile again with other stand-ins: only their own slots may change."""
        others = {name: _other(value) for name, value in self._stand_ins.items()}
        other_sql, other_params = self._build(**others).query.get_compiler(using=using).as_sql()
        expected = list(params)
        for position, name, as_text in slots:
            expected[position] = str(others[name]) if as_text else others[name]
        if other_sql != sql or list(other_params) != expected:
            raise ImproperlyConfigured(
                "The query derives a value from a stand-in; it cannot be compiled once."
            )

    def _compile(self, using: str) -> _Compiled:
        with self._lock:
            if using in self._compiled:
                return self._compiled[using]
            query = self._build(**self._stand_ins).query
            sql, params = query.get_compiler(using=using).as_sql()
            slots = []
            found = set()
            for position, param in enumerate(params):
                for name, stand_in in self._stand_ins.items():
                    if param == stand_in or param == str(stand_in):
                        slots.append((position, name, isinstance(param, str)))
                        found.add(name)
                        break
                else:
                    if any(str(stand_in) in str(param) for stand_in in self._stand_ins.values()):
                        raise ImproperlyConfigured(f"A stand-in is hidden in parameter {param!r}.")
            if found != self._stand_ins.keys():
                missing = sorted(self._stand_ins.keys() - found)
                raise ImproperlyConfigured(f"Stand-ins {missing} are not parameters of the query.")
            if any(str(stand_in) in sql for stand_in in self._stand_ins.values()):
                raise ImproperlyConfigured("A stand-in is written into the SQL itself.")
            self._check_nothing_derived(using, sql, params, slots)
            # Named as QuerySet.values() names them (django.db.models.query.ValuesIterable).
            columns = tuple(
                query.selected
                or (*query.extra_select, *query.values_select, *query.annotation_select)
            )
            compiled = _Compiled(sql, tuple(params), tuple(slots), columns)
            self._compiled[using] = compiled
            return compiled


def _other(stand_in: int | datetime.date) -> int | datetime.date:
    """A second stand-in of the same type, far from the first."""
    if isinstance(stand_in, datetime.date):
        return stand_in + datetime.timedelta(days=4_321)
    return stand_in - 1_000_003
