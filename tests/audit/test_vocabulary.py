"""The access log's vocabulary: every action name and purpose written anywhere in the code is
registered in `audit/vocabulary.py` with its B1 wording in Dutch, names are literals (never
built with an f-string), and `audit.record` refuses a name it does not know."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation

from samenspel import audit
from samenspel.audit import vocabulary
from samenspel.audit.models import EventType

SOURCE = Path(vocabulary.__file__).resolve().parents[1]
APPS = (
    "access|accounts|audit|families|network|plans|trajectories|knowledge|collaboration|insight|core"
)
NAME = re.compile(rf"^({APPS})\.[a-z_]+\.[a-z_]+$")
# The call sites that write an event: the action is their first string argument or the
# `audit_action=` keyword; the purpose their `purpose=` keyword.
WRITERS = {
    "record",
    "record_each_family",
    "record_many",
    "get_family_for_user",
    "get_trajectory_for_user",
    "read_plan_for_user",
    "get_meeting_for_user",
    "log_event",
    "_log",
    "log_change",
    "record_family_write",
    "_record_handover",
    "_export",
    "portal_trajectory",
    "portal_family",
    "_editable",
}


def _modules():
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def _calls():
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in WRITERS:
                    yield path, node


def test_no_action_name_is_built_with_an_f_string():
    built = [
        f"{path.relative_to(SOURCE)}:{node.lineno} {ast.unparse(node)}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        and node.values
        and isinstance(node.values[0], ast.Constant)
        and re.match(rf"^({APPS})\.", str(node.values[0].value))
    ]
    assert built == []


def test_every_action_name_in_the_code_is_registered():
    names = {
        (path, node.lineno, node.value)
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and NAME.match(node.value)
    }
    assert len(names) > 80  # the scan finds the call sites
    assert (
        sorted(
            f"{path.relative_to(SOURCE)}:{line} {name}"
            for path, line, name in names
            if name not in vocabulary.ACTIONS
        )
        == []
    )


def test_every_action_and_purpose_at_a_call_site_is_a_registered_literal():
    unknown, dynamic = [], []
    for path, call in _calls():
        where = f"{path.relative_to(SOURCE)}:{call.lineno}"
        for keyword in call.keywords:
            if (
                keyword.arg == "purpose"
                and isinstance(keyword.value, ast.Constant)
                and keyword.value.value not in vocabulary.PURPOSES
            ):
                unknown.append(f"{where} purpose {keyword.value.value!r}")
            if keyword.arg in ("audit_action", "action") and isinstance(
                keyword.value, ast.JoinedStr
            ):
                dynamic.append(where)
        dynamic += [where for arg in call.args if isinstance(arg, ast.JoinedStr)]
    # Module constants used as purposes (e.g. trajectories' PURPOSE).
    unknown += [
        f"{path.relative_to(SOURCE)}:{node.lineno} PURPOSE"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "PURPOSE" for t in node.targets)
        and isinstance(node.value, ast.Constant)
        and node.value.value not in vocabulary.PURPOSES
    ]
    assert (unknown, dynamic) == ([], [])


# Words that are the same in Dutch.
SAME_IN_DUTCH: set[str] = set()


def test_every_name_and_purpose_is_worded_in_dutch():
    wordings = [w.wording for w in vocabulary.ACTIONS.values()]
    wordings += [*vocabulary.PURPOSES.values(), *vocabulary.REFUSALS.values()]
    with translation.override("en"):
        english = [str(w) for w in wordings]
    with translation.override("nl"):
        dutch = [str(w) for w in wordings]
    untranslated = [
        e for e, d in zip(english, dutch, strict=True) if e == d and e not in SAME_IN_DUTCH
    ]
    assert untranslated == []
    assert vocabulary.action_wording("trajectories.observation.create") != "—"


def test_record_refuses_a_name_outside_the_vocabulary(db):
    with pytest.raises(vocabulary.UnknownAuditNameError, match=r"families\.family\.peek"):
        audit.record(EventType.READ, "families.family.peek", actor=None)
    with pytest.raises(vocabulary.UnknownAuditNameError, match="curiosity"):
        audit.record(EventType.READ, "families.family.read", actor=None, purpose="curiosity")


def test_a_change_without_a_purpose_gets_its_actions_purpose(db):
    event = audit.record(EventType.CREATE, "plans.goal.create", actor=None, family_id=1)
    assert event.purpose == vocabulary.CARE
