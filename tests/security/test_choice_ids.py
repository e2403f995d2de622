"""Ids no column can hold, sent for a choice of objects, are a field error, not a 500."""

import pytest
from django import forms

from samenspel.core.forms import SafeModelChoiceField, SafeModelMultipleChoiceField
from samenspel.network.models import Language
from tests.security.formclasses import form_classes

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


def test_every_choice_of_objects_in_our_forms_checks_its_ids():
    # Declared fields and the ones a ModelForm generates from a model's foreign keys and
    # many-to-many fields (`core.forms.safe_formfield`) alike.
    checked = unsafe = 0
    for form_class in form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                checked += 1
                if not isinstance(field, SafeModelChoiceField | SafeModelMultipleChoiceField):
                    unsafe += 1
                    print(f"{form_class.__module__}.{form_class.__name__}.{name}")  # noqa: T201
    assert unsafe == 0
    assert checked >= 30


def test_a_generated_choice_field_refuses_an_impossible_id():
    from samenspel.plans.forms import GoalForm

    field = GoalForm.base_fields["domain"]
    assert isinstance(field, SafeModelChoiceField)
    with pytest.raises(forms.ValidationError):
        field.clean(str(2**64))
