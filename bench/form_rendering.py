"""Form rendering three ways (issue 19): is the Python copy of the form markup in
`core/forms.py` still needed, or do templates that loop over the options inline render as fast?

    uv run python bench/form_rendering.py [--repeat 200]

No database: a form shaped like the directory's filters (four drop-downs of 25 to 60 options,
a group of 20 check boxes, a radio group, three text fields), rendered with
1. `python`: `core.forms.FormRenderer` (frame, label, drop-downs and groups written in Python);
2. `inline templates`: one template per drop-down or group that loops over its options inline
   (no template per option), the field frame and label through their templates;
3. `templates`: the widget templates as shipped (one `include` per option and per attribute
   list), as before the Python copy.
It checks that all three give the same HTML (white space folded) and prints the median time
per form and the function calls per form (cProfile)."""

# ruff: noqa: E501 - the inline templates keep their markup on whole lines.

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

INLINE_SELECT = """<select name="{{ widget.name }}" class="utrecht-select utrecht-select--html-select"\
{% for name, value in widget.attrs.items %}{% if name != "class" and value is not False %} {{ name }}\
{% if value is not True %}="{{ value|stringformat:'s' }}"{% endif %}{% endif %}{% endfor %}>\
{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}
  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}
  <option value="{{ option.value|stringformat:'s' }}"{% for name, value in option.attrs.items %}\
{% if name != "class" and value is not False %} {{ name }}{% if value is not True %}="{{ value|stringformat:'s' }}"\
{% endif %}{% endif %}{% endfor %}>{{ option.label }}</option>{% endfor %}{% if group_name %}
  </optgroup>{% endif %}{% endfor %}
</select>
"""

INLINE_CHOICES = """<div{% if widget.attrs.id %} id="{{ widget.attrs.id }}"{% endif %}\
{% if widget.attrs.class %} class="{{ widget.attrs.class }}"{% endif %}>\
{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}
  <div><label>{{ group_name }}</label>{% endif %}{% for option in group_choices %}<div>
    <label{% if option.attrs.id %} for="{{ option.attrs.id }}"{% endif %}><input type="{{ option.type }}" \
name="{{ option.name }}"{% if option.value != None %} value="{{ option.value|stringformat:'s' }}"{% endif %} \
class="{{ classes }}{% if option.attrs.class %} {{ option.attrs.class }}{% endif %}"\
{% for name, value in option.attrs.items %}{% if name != "class" and value is not False %} {{ name }}\
{% if value is not True %}="{{ value|stringformat:'s' }}"{% endif %}{% endif %}{% endfor %}> {{ option.label }}</label></div>\
{% endfor %}{% if group_name %}
  </div>{% endif %}{% endfor %}
</div>
"""


def _setup() -> None:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def _renderers() -> dict[str, Any]:
    from django.forms.renderers import TemplatesSetting
    from django.template import engines

    from samenspel.core import forms as core_forms

    select = engines["django"].from_string(INLINE_SELECT)
    choices = engines["django"].from_string(INLINE_CHOICES)

    class InlineTemplates(core_forms.FormRenderer):
        def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
            if template_name == core_forms.SELECT_TEMPLATE:
                return select.render(context, request)
            if template_name in core_forms.CHOICE_TEMPLATES:
                option = core_forms.CHOICE_TEMPLATES[template_name]
                kind = "checkbox" if "checkbox" in option else "radio"
                return choices.render(
                    {**context, "classes": core_forms.INPUT_CLASSES[kind]}, request
                )
            return TemplatesSetting.render(self, template_name, context, request)

    class ShippedTemplates(core_forms.FormRenderer):
        def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
            return TemplatesSetting.render(self, template_name, context, request)

    return {
        "python": core_forms.FormRenderer(),
        "inline templates": InlineTemplates(),
        "templates": ShippedTemplates(),
    }


def _form_class() -> type:
    from django import forms

    from samenspel.core.forms import SafeForm

    def options(prefix: str, n: int) -> list[tuple[str, str]]:
        return [("", "—"), *((f"{prefix}{i}", f"{prefix.title()} {i} & <co>") for i in range(n))]

    class DirectoryLike(SafeForm):
        q = forms.CharField(label="Zoek", required=False, max_length=100)
        expertise = forms.ChoiceField(choices=options("expertise", 25), required=False)
        language = forms.ChoiceField(choices=options("taal", 40), required=False)
        area = forms.ChoiceField(choices=options("wijk", 60), required=False)
        organisation = forms.ChoiceField(choices=options("organisatie", 30), required=False)
        days = forms.MultipleChoiceField(
            choices=options("dag", 20)[1:], widget=forms.CheckboxSelectMultiple, required=False
        )
        urgency = forms.ChoiceField(
            choices=[("acute", "Acuut"), ("normal", "Gewoon")], widget=forms.RadioSelect
        )
        note = forms.CharField(max_length=50, required=False)
        available = forms.BooleanField(required=False)

    return DirectoryLike


def folded(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*>\s*", ">", re.sub(r"\s*<", "<", html)).strip()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    _setup()
    from django.utils import translation

    translation.activate("nl")
    form_class = _form_class()
    data = {"q": "jeugd", "area": "wijk7", "days": ["dag3", "dag4"], "urgency": "acute"}
    renderers = _renderers()
    html = {name: folded(form_class(data, renderer=r).as_div()) for name, r in renderers.items()}
    same = len(set(html.values())) == 1
    print(f"same HTML all three ways: {same}")
    print("| way | median ms per form | p90 ms | function calls per form |")
    print("|---|---|---|---|")
    for name, renderer in renderers.items():
        times = []
        for _ in range(args.repeat):
            form = form_class(data, renderer=renderer)
            started = time.perf_counter()
            form.as_div()
            times.append((time.perf_counter() - started) * 1000)
        profile = cProfile.Profile()
        profile.enable()
        form_class(data, renderer=renderer).as_div()
        profile.disable()
        calls = pstats.Stats(profile).total_calls
        times.sort()
        print(
            f"| {name} | {statistics.median(times):.2f} | {times[int(len(times) * 0.9)]:.2f} "
            f"| {calls:,} |"
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
