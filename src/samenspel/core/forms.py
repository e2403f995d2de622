from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.models import ModelChoiceIterator, ModelFormMetaclass
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.forms import BoundField

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
LABEL_TEMPLATE = "django/forms/label.html"
# Groups of check boxes or radio buttons, and the template of each of their options.
CHOICE_TEMPLATES = {
    "django/forms/widgets/checkbox_select.html": "django/forms/widgets/checkbox_option.html",
    "django/forms/widgets/radio.html": "django/forms/widgets/radio_option.html",
}
INPUT_CLASSES = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
}


class ListedChoices(ModelChoiceIterator):
    """A model field's choices read in one plain query. Django's own iterator streams them
    through a server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips)
    to save memory, which lists of a few dozen rows do not need."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


# Ids are bigints: a larger (or negative, or non-numeric) value sent for a choice of
# objects failed in the database with a 500 (PostgreSQL "out of range", SQLite
# OverflowError). It is an ordinary "not one of the choices" error instead, and logged.
BIGINT_MAX = 2**63 - 1
security_log = logging.getLogger("samenspel.security")


def valid_id(value: object) -> bool:
    if value in (None, ""):
        return True
    text = str(value).strip()
    return text.isascii() and text.isdigit() and int(text) <= BIGINT_MAX


class SafeModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if self.to_field_name is None and not valid_id(value):
            security_log.warning("Refused an impossible id for a choice field: %.40r", value)
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        if self.to_field_name is None and isinstance(value, (list, tuple)):
            for item in value:
                if not valid_id(item):
                    security_log.warning("Refused an impossible id in a choice: %.40r", item)
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": str(item)[:40]},
                    )
        return super()._check_values(value)  # type: ignore[misc]


class ListedModelChoiceField(SafeModelChoiceField):
    iterator = ListedChoices


class ListedModelMultipleChoiceField(SafeModelMultipleChoiceField):
    iterator = ListedChoices


def safe_formfield(db_field: Any, **kwargs: Any) -> forms.Field | None:
    """A ModelForm's field for a model field, with the id-checking choice fields for foreign
    keys and many-to-many fields (an auto-generated ModelChoiceField sent an impossible id to
    the database: a 500)."""
    from django.db import models

    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", SafeModelChoiceField)
    return db_field.formfield(**kwargs)


def harden_field(name: str, field: forms.Field) -> None:
    """The rules of `core.validators` on one field; running it twice changes nothing."""
    from samenspel.core.validators import (
        LINE_MAX,
        PAST_DATE_FIELDS,
        TEXT_AREA_MAX,
        PlausibleDate,
        validate_plain_text,
    )

    if type(field) is forms.ModelChoiceField:
        field.__class__ = SafeModelChoiceField
    elif type(field) is forms.ModelMultipleChoiceField:
        field.__class__ = SafeModelMultipleChoiceField
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
        if validate_plain_text not in field.validators:
            field.validators.append(validate_plain_text)
        if field.max_length is None:
            if isinstance(field, forms.URLField):
                field.max_length = 2_000
            elif isinstance(field.widget, forms.Textarea):
                field.max_length = TEXT_AREA_MAX
            else:
                field.max_length = LINE_MAX
            field.validators.append(MaxLengthValidator(field.max_length))
            field.widget.attrs.update(field.widget_attrs(field.widget))
    if isinstance(field, forms.DateField | forms.DateTimeField) and not any(
        isinstance(validator, PlausibleDate) for validator in field.validators
    ):
        field.validators.append(PlausibleDate(past=name in PAST_DATE_FIELDS))


def harden_fields(fields: dict[str, forms.Field]) -> None:
    for name, field in fields.items():
        harden_field(name, field)


class SafeFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name: str, bases: tuple, attrs: dict[str, Any]) -> Any:
        new_class = super().__new__(mcs, name, bases, attrs)
        harden_fields(getattr(new_class, "base_fields", {}))
        return new_class


class SafeModelFormMetaclass(ModelFormMetaclass):
    def __new__(mcs, name: str, bases: tuple, attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(safe_formfield)
        new_class = super().__new__(mcs, name, bases, attrs)
        harden_fields(getattr(new_class, "base_fields", {}))
        return new_class


class _HardenOnInit:
    """Fields a form adds in its own `__init__` get the same rules."""

    fields: dict[str, forms.Field]

    if not TYPE_CHECKING:  # type checkers keep seeing Django's own signature

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            harden_fields(self.fields)


class SafeForm(_HardenOnInit, forms.Form, metaclass=SafeFormMetaclass):
    """The base of every form in the product (`core.validators`: no control or bidi
    characters, a maximum length on every text, plausible dates, id-checking choices)."""


class SafeModelForm(_HardenOnInit, forms.ModelForm, metaclass=SafeModelFormMetaclass):
    """As `SafeForm`, and the choice fields generated from foreign keys check their ids."""


class FormRenderer(TemplatesSetting):
    """Renders every form as NL Design System (Utrecht) form fields.

    A drop-down is written here in Python rather than through its templates: the template
    way includes one template per option and one more for its attributes, which made the
    filter drop-downs most of a page's rendering (bench/README.md: the directory); so are
    groups of check boxes and radio buttons, each field's frame (`core/forms/field.html`)
    and its label (Django's `label.html`). The markup is the one the templates in
    `templates/django/forms/widgets/` (and Django's own `multiple_input.html` and
    `input_option.html`) describe: the Utrecht classes, every attribute but `class`,
    options and groups."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name: str, context: dict, request: Any = None) -> str:
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        if template_name in CHOICE_TEMPLATES:
            return render_choices(context["widget"], CHOICE_TEMPLATES[template_name])
        if template_name == self.field_template_name and set(context) == {"field"}:
            return render_field(context["field"])
        if template_name == LABEL_TEMPLATE:
            return render_label(context)
        return super().render(template_name, context, request)


def _attrs(attrs: dict[str, Any], *, skip_class: bool = True) -> str:
    """As `templates/django/forms/widgets/attrs.html`: every attribute but `class` (Django's
    own `attrs.html`, for labels, keeps it) and `placeholder` (allauth's repeat the label,
    which the label already says; issue 13); a True one bare, a False one left out. Escaped;
    plain string concatenation, as this runs for every option of every list."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False and not (skip_class and name == "class") and name != "placeholder"
    )


def _own_template(option: dict[str, Any]) -> SafeString:
    """An option of a widget with markup of its own, through its template."""
    from django.template.loader import render_to_string

    return mark_safe(render_to_string(option["template_name"], {"widget": option}))  # noqa: S308


def _option(option: dict[str, Any]) -> str:
    if option["template_name"] != OPTION_TEMPLATE:
        return _own_template(option)
    value, label = conditional_escape(option["value"]), conditional_escape(option["label"])
    return f'\n  <option value="{value}"{_attrs(option["attrs"])}>{label}</option>'


def render_select(widget: dict[str, Any]) -> SafeString:
    parts: list[str] = [
        format_html(
            '<select name="{}" class="utrecht-select utrecht-select--html-select"{}>',
            widget["name"],
            mark_safe(_attrs(widget["attrs"])),  # noqa: S308  # escaped
        )
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        parts.extend(_option(option) for option in options)
        if group_name:
            parts.append(mark_safe("\n  </optgroup>"))
    parts.append(mark_safe("\n</select>\n"))
    return mark_safe("".join(parts))  # noqa: S308  # every part is escaped above


def _input(widget: dict[str, Any]) -> SafeString:
    """As `templates/django/forms/widgets/input.html`."""
    classes = INPUT_CLASSES.get(widget["type"], "utrecht-textbox utrecht-textbox--html-input")
    if widget["attrs"].get("class"):
        classes += f" {widget['attrs']['class']}"
    value = format_html(' value="{}"', widget["value"]) if widget["value"] is not None else ""
    return format_html(
        '<input type="{}" name="{}"{} class="{}"{}>',
        widget["type"],
        widget["name"],
        value,
        classes,
        mark_safe(_attrs(widget["attrs"])),  # noqa: S308  # escaped
    )


def _choice(option: dict[str, Any], template_name: str) -> SafeString:
    """As Django's `input_option.html`: the input inside its label."""
    if option["template_name"] != template_name:
        return _own_template(option)
    if not option["wrap_label"]:
        return _input(option)
    target = format_html(' for="{}"', option["attrs"]["id"]) if option["attrs"].get("id") else ""
    return format_html("<label{}>{} {}</label>", target, _input(option), option["label"])


def render_choices(widget: dict[str, Any], template_name: str) -> SafeString:
    """As Django's `multiple_input.html`: a group of check boxes or radio buttons."""
    id_ = widget["attrs"].get("id")
    parts = [
        format_html(
            "<div{}{}>",
            format_html(' id="{}"', id_) if id_ else "",
            format_html(' class="{}"', widget["attrs"]["class"])
            if widget["attrs"].get("class")
            else "",
        )
    ]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html("\n  <div><label>{}</label>", group_name))
        parts.extend(
            format_html("<div>\n    {}</div>", _choice(option, template_name)) for option in options
        )
        if group_name:
            parts.append(mark_safe("\n  </div>"))
    parts.append(mark_safe("\n</div>\n"))
    return mark_safe("".join(parts))  # noqa: S308  # every part is escaped above


def render_label(context: dict[str, Any]) -> SafeString:
    """As `templates/django/forms/label.html` (with Django's `attrs.html`: every attribute,
    `class` too), which marks a required field "(verplicht)"."""
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    attrs = mark_safe(_attrs(context["attrs"] or {}, skip_class=False))  # noqa: S308  # escaped
    label = context["label"]
    field = context.get("field")
    if field is not None and field.field.required and context["tag"] == "label":
        # Required fields are marked in words, not only by colour or an asterisk.
        label = format_html('{} <span class="samenspel-required">({})</span>', label, _("required"))
    return format_html("<{}{}>{}</{}>", context["tag"], attrs, label, context["tag"])


def render_field(field: BoundField) -> SafeString:
    """As `templates/core/forms/field.html`: an Utrecht form field with its label, description,
    errors and input."""
    invalid = " utrecht-form-field--invalid" if field.errors else ""
    if field.widget_type == "checkbox":
        parts = [
            format_html(
                '<div class="utrecht-form-field utrecht-form-field--checkbox{}">\n'
                '    <div class="utrecht-form-field__input">{}</div>\n'
                '    <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">'
                "{}</div>\n",
                invalid,
                field,
                field.label_tag(),
            )
        ]
    else:
        parts = [
            format_html(
                '<div class="utrecht-form-field utrecht-form-field--text{}">\n'
                '    <div class="utrecht-form-field__label">{}</div>\n',
                invalid,
                field.label_tag(),
            )
        ]
    if field.help_text:
        parts.append(
            format_html(
                '  <div class="utrecht-form-field-description" id="{}_helptext">{}</div>\n',
                field.auto_id,
                field.help_text,
            )
        )
    if field.errors:
        parts.append(
            format_html(
                '    <div class="utrecht-form-field-error-message" id="{}_error">{}</div>\n',
                field.auto_id,
                format_html_join(
                    "", '<p class="utrecht-paragraph">{}</p>', ((e,) for e in field.errors)
                ),
            )
        )
    if field.widget_type != "checkbox":
        parts.append(format_html('  <div class="utrecht-form-field__input">{}</div>\n', field))
    parts.append(mark_safe("  </div>\n"))
    return mark_safe("".join(parts))  # noqa: S308  # every part is escaped above
