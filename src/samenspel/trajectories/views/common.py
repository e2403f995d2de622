from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def report(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def report_form(request: HttpRequest, form: forms.Form) -> None:
    """A small form posted from a page it does not render: its errors become messages."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))
