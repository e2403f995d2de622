"""No module in `src/samenspel` grows past 600 lines without saying why at its top (issue 19):
a long module is split, or its docstring gives the reason ("600 lines") in its first part."""

from __future__ import annotations

import ast
from pathlib import Path

import samenspel

LIMIT = 600
SOURCE = Path(samenspel.__file__).resolve().parent


def _long_modules_without_a_reason() -> list[str]:
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        lines = text.count("\n")
        if lines <= LIMIT:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if f"{LIMIT} lines" not in docstring[:1500]:
            offenders.append(f"{path.relative_to(SOURCE)} ({lines} lines)")
    return offenders


def test_a_long_module_says_why_at_its_top():
    assert _long_modules_without_a_reason() == []


def test_the_check_finds_a_long_module_without_a_reason(tmp_path, monkeypatch):
    module = tmp_path / "long.py"
    module.write_text('"""A module."""\n' + "x = 1\n" * (LIMIT + 1))
    monkeypatch.setattr(f"{__name__}.SOURCE", tmp_path)

    assert _long_modules_without_a_reason() == [f"long.py ({LIMIT + 2} lines)"]
