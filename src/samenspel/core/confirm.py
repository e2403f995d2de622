"""Destructive buttons ask first, with and without JavaScript (issue 13, "Forms that help").

With JavaScript, `data-confirm` on the button asks in a dialog, and app.js adds
`confirmed=1` to what is sent. Without it, the view answers the first POST with a page that
asks the same question and sends the same fields again with `confirmed=1`. The view calls
`confirm_first` after its access check and before its action, so a person who may not do
the thing never sees the question."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


def confirm_first(
    request: HttpRequest, *, question: str, consequence: str, button: str, back: str
) -> HttpResponse | None:
    """None when the person already said yes; otherwise the page that asks."""
    if request.POST.get(CONFIRMED) == "1":
        return None
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    context = {
        "question": question,
        "consequence": consequence,
        "button": button,
        "back": back,
        "fields": fields,
        "action": request.get_full_path(),
    }
    return render(request, "core/confirm.html", context)
