from django.http import HttpResponse
from django.shortcuts import render

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.audit.forms import EventFilterForm
from samenspel.audit.models import AccessEvent, EventType
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest

PAGE_SIZE = 50


@role_required(Role.SECURITY_OFFICER)
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The access log for review. Reading the log is itself logged (NEN 7513)."""
    form = EventFilterForm(request.GET or None)
    events = AccessEvent.objects.all()
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    # Keyset pagination: the log grows to tens of millions of rows, so no COUNT(*) and no
    # OFFSET; "older" continues below the last id shown.
    before = _positive_int(request.GET.get("before"))
    if before:
        events = events.filter(id__lt=before)
    page = list(events.order_by("-id")[: PAGE_SIZE + 1])
    has_older = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    audit.record(
        EventType.LOG_ACCESS,
        "audit.event_list",
        actor=request.user,
        request=request,
        purpose="log review",
        detail={"filters": form.used_filters() if form.is_bound and form.is_valid() else {}},
    )
    query = request.GET.copy()
    query.pop("before", None)
    template = "audit/event_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#event-list"
    response = render(
        request,
        template,
        {
            "form": form,
            "events": page,
            "older_before": page[-1].pk if has_older and page else None,
            "query": query.urlencode(),
        },
    )
    response["Vary"] = "HX-Request"
    return response


def _positive_int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None
