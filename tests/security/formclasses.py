"""Every form class in the product's code, found by importing its modules, so a new form
cannot escape the checks (tests/security/test_form_rules.py, test_choice_ids.py)."""

import importlib
import pkgutil
from collections.abc import Iterator

from django import forms

import samenspel

SKIP = (".migrations", ".management", "samenspel.cli", "samenspel.wsgi", "samenspel.settings")


def form_classes() -> Iterator[type[forms.BaseForm]]:
    seen: set[type] = set()
    for module in pkgutil.walk_packages(samenspel.__path__, "samenspel."):
        if any(part in module.name for part in SKIP):
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if isinstance(value, type) and issubclass(value, forms.BaseFormSet):
                value = getattr(value, "form", None)  # a factory's form
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__.startswith("samenspel.")
                and value not in seen
            ):
                seen.add(value)
                yield value
