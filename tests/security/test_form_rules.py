"""Every form takes text without control or reading-direction characters, with a maximum
length, and plausible dates (core.validators), with a Dutch message; a test enumerates the
forms in the code so a new one cannot escape."""

import datetime

import pytest
import time_machine
from django import forms
from django.utils import translation

from samenspel.core.forms import SafeForm, SafeModelForm
from samenspel.core.validators import PlausibleDate, validate_plain_text
from samenspel.families.forms import MeldcodeForm, MemberForm
from samenspel.trajectories.forms import ObservationForm
from tests.security.formclasses import form_classes

# allauth's second-step forms: a code of digits, checked by allauth itself.
NOT_OURS = {
    "samenspel.accounts.forms.AuthenticateForm",
    "samenspel.accounts.forms.ReauthenticateForm",
    # allauth's security-key form; its one text field gets the shared rules in __init__.
    "samenspel.accounts.forms.AddWebAuthnForm",
}
TODAY = datetime.date(2026, 6, 15)


def _name(form_class):
    return f"{form_class.__module__}.{form_class.__name__}"


def test_every_form_in_the_code_applies_the_shared_rules():
    offenders = []
    checked = 0
    for form_class in form_classes():
        if _name(form_class) in NOT_OURS:
            continue
        checked += 1
        if not issubclass(form_class, SafeForm | SafeModelForm):
            offenders.append(f"{_name(form_class)}: not a SafeForm or SafeModelForm")
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.CharField) and not isinstance(
                field.widget, forms.PasswordInput
            ):
                if field.max_length is None:
                    offenders.append(f"{_name(form_class)}.{name}: no maximum length")
                if validate_plain_text not in field.validators:
                    offenders.append(f"{_name(form_class)}.{name}: control characters pass")
            if isinstance(field, forms.DateField | forms.DateTimeField) and not any(
                isinstance(v, PlausibleDate) for v in field.validators
            ):
                offenders.append(f"{_name(form_class)}.{name}: any date passes")
    assert offenders == []
    assert checked > 70


@pytest.mark.parametrize(
    "character", ["\u202e", "\u202a", "\u2066", "\u2069", "\x00", "\x1b", "\x7f", "\x85"]
)
def test_a_name_with_a_control_or_bidi_character_is_refused_in_dutch(character):
    with translation.override("nl"):
        form = MemberForm({"given_name": f"Jan{character}naJ", "family_name": "de Vries"})
        assert not form.is_valid()
        assert "given_name" in form.errors
        # A NUL byte is Django's own refusal (in Dutch too), before ours.
        expected = "Null-tekens" if character == "\x00" else "leesrichting"
        assert expected in form.errors["given_name"][0]


def test_ordinary_text_with_accents_and_line_breaks_passes():
    validate_plain_text("Zoë van 't Hof\r\n\u0639\u0627\u0626\u0634\u0629\twoont in Gent.")


@pytest.mark.django_db
def test_a_text_area_has_a_maximum_length():
    with translation.override("nl"):
        form = ObservationForm({"text": "x" * 10_001, "observed_on": "2026-01-01"})
        form.is_valid()
    assert "text" in form.errors
    assert "maxlength" in str(form["text"])


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("born", "valid"),
    [("1899-12-31", False), ("1900-01-01", True), ("2026-06-15", True), ("2026-06-16", False)],
)
def test_a_birth_date_lies_between_1900_and_today(born, valid):
    with translation.override("nl"):
        form = MemberForm({"given_name": "Jan", "role": "child", "date_of_birth": born})
        assert form.is_valid() is valid, form.errors
        if not valid:
            assert "datum" in form.errors["date_of_birth"][0]


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_meldcode_steps_and_observations_are_not_in_the_future():
    assert "done_on" in PlausibleDateCase.errors(MeldcodeForm, "done_on", "2026-06-16")
    assert "observed_on" in PlausibleDateCase.errors(ObservationForm, "observed_on", "2026-06-16")


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_other_dates_lie_at_most_ten_years_ahead():
    rule = PlausibleDate()
    rule(datetime.date(2036, 6, 15))
    with pytest.raises(forms.ValidationError):
        rule(datetime.date(2036, 6, 16))
    with pytest.raises(forms.ValidationError):
        rule(datetime.date(20, 1, 1))


class PlausibleDateCase:
    @staticmethod
    def errors(form_class, name, value):
        field = form_class.base_fields[name]
        try:
            field.clean(value)
        except forms.ValidationError:
            return {name}
        return set()
