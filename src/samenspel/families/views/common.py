"""Helpers the family views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samenspel.access.policy import AccessDenied

PAGE_SIZE = 25


def refusal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Visible but not allowed: show the family header only, and why (e.g. no consent
    for your organisation yet), with status 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as refused:
            return render(
                request,
                "families/refused.html",
                {"family": refused.family, "decision": refused.decision},
                status=403,
            )

    return wrapped


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
