"""Merging two people's edits of the same draft row, so nothing typed is lost.

When a form is opened it carries a signed snapshot of the values it showed (the *base*). On
save, if somebody else saved the row meanwhile, we compare three versions per field: the base,
*mine* (what this person typed) and *theirs* (what is saved now):

- only they changed it → take theirs;  - only I changed it → keep mine;
- both changed it the same way → fine; - both changed it differently → a conflict, shown side
  by side on the merge screen, where the person chooses (their text stays in the form).

Values are compared as lists of strings, the shape of POST data, so a merged result can be
put straight back into the form.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db import models
from django.forms import BaseForm

Snapshot = dict[str, list[str]]
_SALT = "samenspel.plans.merge"


def _canon(value: Any) -> list[str]:
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return sorted(item for v in value for item in _canon(v))
    if isinstance(value, models.Model):
        return [str(value.pk)]
    if isinstance(value, bool):
        return ["1"] if value else [""]
    if value is None:
        return [""]
    if isinstance(value, datetime.date):
        return [value.isoformat()]
    return [str(value).replace("\r\n", "\n").strip()]


def initial_snapshot(form: BaseForm) -> Snapshot:
    """The values an unbound form shows."""
    return {name: _canon(form[name].initial) for name in form.fields}


def cleaned_snapshot(form: BaseForm) -> Snapshot:
    """The values a valid bound form was given."""
    return {name: _canon(form.cleaned_data.get(name)) for name in form.fields}


def sign(snapshot: Snapshot) -> str:
    return signing.dumps(snapshot, salt=_SALT, compress=True)


def unsign(token: str) -> Snapshot | None:
    try:
        value = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None


@dataclass(frozen=True)
class Conflict:
    name: str
    label: str
    mine: str
    theirs: str


def merge(base: Snapshot, mine: Snapshot, theirs: Snapshot) -> tuple[Snapshot, list[str]]:
    """The three-way merge: the merged values (mine where both changed) and the names of the
    fields both changed differently."""
    merged: Snapshot = {}
    conflicts = []
    for name, my_value in mine.items():
        their_value = theirs.get(name, my_value)
        base_value = base.get(name)  # unknown base: any difference is a conflict
        if my_value == their_value or their_value == base_value:
            merged[name] = my_value
        elif my_value == base_value:
            merged[name] = their_value
        else:
            merged[name] = my_value
            conflicts.append(name)
    return merged, conflicts


def display(value: Any) -> str:
    """A readable rendering of a field value for the side-by-side view."""
    if isinstance(value, models.Manager):
        value = list(value.all())
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(str(item) for item in value)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("yes") if value else gettext("no")
    return str(value)
