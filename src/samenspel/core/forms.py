from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every form as NL Design System (Utrecht) form fields."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
