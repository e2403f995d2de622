from django.apps import apps
from django.http import HttpResponse

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.audit.forms import EventFilterForm
from samenspel.audit.models import AccessEvent, EventType
from samenspel.audit.vocabulary import RENAMED_OBJECT_TYPES, action_wording
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest, render_page

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
    # The reviewer reads words, not codes: the action's wording from the vocabulary and the
    # role's name (the code stays visible as the action's title, for searching the log).
    roles = dict(Role.choices)
    for event in page:
        event.action_words = action_wording(event.action)  # type: ignore[attr-defined]
        event.role_words = roles.get(event.acting_role, event.acting_role)  # type: ignore[attr-defined]
        event.object_words = _object_words(event.object_type)  # type: ignore[attr-defined]
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
    context = {
        "form": form,
        "events": page,
        "older_before": page[-1].pk if has_older and page else None,
        "query": query.urlencode(),
    }
    return render_page(request, "audit/event_list.html", context, partial="event-list")


def _object_words(label: str) -> str:
    """A model label (`families.family`) as the model's name in the reader's language."""
    if not label:
        return ""
    try:
        return str(apps.get_model(RENAMED_OBJECT_TYPES.get(label, label))._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _positive_int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None
