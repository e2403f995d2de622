"""The form fields written in Python (core/forms.py) keep the markup of the templates they
stand in for: the same form, rendered both ways, gives the same HTML (white space folded).
Change a widget template and this test says which Python function must follow."""

import re

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting

from samenspel.core.forms import FormRenderer


class ThroughTemplates(FormRenderer):
    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request)


class EveryKind(forms.Form):
    kind = forms.ChoiceField(
        label="Soort <hulp>",
        help_text='Kies wat past & wat "werkt".',
        choices=[("", "—"), ("a", "Jeugd & gezin"), ("b", "Schulden")],
    )
    grouped = forms.ChoiceField(
        choices=[("Regio's", [("z", "Zoetermeer"), ("u", "Utrecht")]), ("x", "Anders")],
        required=False,
    )
    languages = forms.MultipleChoiceField(
        choices=[("nl", "Nederlands"), ("tr", "Turks"), ("ar", "Arabisch")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "extra"}),
    )
    urgency = forms.ChoiceField(
        choices=[("acute", "Acuut"), ("normal", "Gewoon")], widget=forms.RadioSelect
    )
    agreed = forms.BooleanField(label="Ik ga akkoord")
    note = forms.CharField(max_length=5, widget=forms.TextInput(attrs={"placeholder": "<kort>"}))


def folded(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*>\s*", ">", re.sub(r"\s*<", "<", html)).strip()


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"kind": "a", "grouped": "u", "languages": ["tr"], "urgency": "acute", "agreed": "on"},
        {"kind": "zz", "languages": ["xx"], "note": "te lang <b>"},  # errors on every field
    ],
)
def test_python_and_templates_write_the_same_fields(data):
    python = EveryKind(data, renderer=FormRenderer())
    templates = EveryKind(data, renderer=ThroughTemplates())
    assert folded(python.as_div()) == folded(templates.as_div())
    for name in EveryKind.base_fields:
        assert folded(python[name].as_field_group()) == folded(templates[name].as_field_group())
