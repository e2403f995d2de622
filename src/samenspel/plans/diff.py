"""A readable comparison of two plan versions: what changed, by whom, and why.

Rows are matched by their `key`, which a goal, action or note keeps across versions; each
change lists the fields with their old and new text. Confidential items the reader may not
see are left out of the comparison altogether (not even "something changed").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from samenspel.plans.draft_values import GOAL_FIELDS
from samenspel.plans.models import PlanAction
from samenspel.plans.queries import PlanContent

if TYPE_CHECKING:
    from django.utils.functional import Promise


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ItemChange:
    kind: str | Promise  # "Goal", "Action", …
    change: str  # "added" | "removed" | "changed"
    title: str
    fields: list[FieldChange] = field(default_factory=list)
    changed_by: Any = None
    changed_at: datetime.datetime | None = None


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _fields(obj: Any, names: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """{name: (label, text)} of a row, for comparison."""
    values = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        if name == "members":
            text = ", ".join(sorted(str(m) for m in obj.members.all())) or "—"
        elif model_field.choices:
            text = _text(getattr(obj, f"get_{name}_display")())
        else:
            text = _text(getattr(obj, name))
        values[name] = (str(model_field.verbose_name), text)
    return values


_ACTION_FIELDS = ("what", "goal", "owner_kind", "due_on", "status")
_NOTE_FIELDS = ("domain", "member", "strengths", "concerns", "confidential")
_VERSION_FIELDS = ("family_words", "safety_plan")


def _action_fields(action: PlanAction) -> dict[str, tuple[str, str]]:
    values = _fields(action, _ACTION_FIELDS)
    values["owner"] = (str(_("who does it")), action.owner_label or "—")
    values["organisation"] = (str(_("on behalf of")), _text(action.organisation))
    return values


def _compare(
    kind: str | Promise,
    old_rows: list[Any],
    new_rows: list[Any],
    fields_of: Any,
    title_of: Any,
) -> list[ItemChange]:
    old_by_key = {row.key: row for row in old_rows}
    new_by_key = {row.key: row for row in new_rows}
    changes = []
    for key, row in new_by_key.items():
        before = old_by_key.get(key)
        if before is None:
            added = [
                FieldChange(label, "—", text)
                for label, text in fields_of(row).values()
                if text != "—"
            ]
            changes.append(
                ItemChange(kind, "added", title_of(row), added, row.changed_by, row.changed_at)
            )
            continue
        old_values, new_values = fields_of(before), fields_of(row)
        differences = [
            FieldChange(label, old_values[name][1], text)
            for name, (label, text) in new_values.items()
            if old_values[name][1] != text
        ]
        if differences:
            changes.append(
                ItemChange(
                    kind, "changed", title_of(row), differences, row.changed_by, row.changed_at
                )
            )
    changes.extend(
        ItemChange(kind, "removed", title_of(row))
        for key, row in old_by_key.items()
        if key not in new_by_key
    )
    return changes


def diff_versions(old: PlanContent, new: PlanContent) -> list[ItemChange]:
    """Every difference between two versions as their reader may see them."""
    changes: list[ItemChange] = []
    version_fields = _fields(new.version, _VERSION_FIELDS)
    old_fields = _fields(old.version, _VERSION_FIELDS)
    differences = [
        FieldChange(label, old_fields[name][1], text)
        for name, (label, text) in version_fields.items()
        if old_fields[name][1] != text
    ]
    if differences:
        changes.append(
            ItemChange(
                _("Plan"),
                "changed",
                str(_("The plan as a whole")),
                differences,
                new.version.changed_by,
                new.version.changed_at,
            )
        )
    changes += _compare(
        _("Goal"), old.goals, new.goals, lambda g: _fields(g, GOAL_FIELDS), lambda g: g.title
    )
    changes += _compare(_("Action"), old.actions, new.actions, _action_fields, lambda a: a.what)
    changes += _compare(
        _("Strengths and concerns"),
        old.notes,
        new.notes,
        lambda n: _fields(n, _NOTE_FIELDS),
        lambda n: str(n.domain) + (f" · {n.member}" if n.member_id else ""),
    )
    return changes
