"""Ids no column can hold, sent for a choice of objects, are a field error, not a 500."""

import importlib
import pkgutil

import pytest
from django import forms

import samenspel
from samenspel.core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from samenspel.network.models import Language

pytestmark = pytest.mark.django_db

IMPOSSIBLE = [str(2**63), str(2**64 + 1), "9" * 40, "-1", "١٢"]


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_a_single_choice_refuses_an_impossible_id(value):
    field = SafeModelChoiceField(queryset=Language.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean(value)


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_a_multiple_choice_refuses_an_impossible_id(value):
    field = SafeModelMultipleChoiceField(queryset=Language.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean(["1", value])


def _form_classes():
    for module in pkgutil.walk_packages(samenspel.__path__, "samenspel."):
        if module.name.split(".")[-1] != "forms" and ".forms." not in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == loaded.__name__
            ):
                yield value


def test_every_declared_choice_of_objects_in_our_forms_checks_its_ids():
    # Fields a ModelForm generates from a model's foreign keys are not covered yet
    # (docs/SECURITY.md, V5 gaps); every field written in a form is.
    checked = 0
    for form_class in _form_classes():
        for name, field in getattr(form_class, "declared_fields", {}).items():
            if isinstance(field, forms.ModelChoiceField):
                checked += 1
                assert isinstance(field, SafeModelChoiceField | SafeModelMultipleChoiceField), (
                    f"{form_class.__module__}.{form_class.__name__}.{name}"
                )
    assert checked >= 12
