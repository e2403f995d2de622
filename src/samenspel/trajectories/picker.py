"""The professional picker: a search box and the matching professionals of the network as
radio buttons or check boxes, for the team pages (team request, adding a member, a direct
request). Its widget, the search it runs, and the form base class that fills it; the forms
that use it are in `trajectories/forms.py`, its type-ahead view in `views/team.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q

from samenspel.core.forms import SafeForm, valid_id
from samenspel.network.models import Professional, ProfessionalExpertise

if TYPE_CHECKING:
    from django.db.models import QuerySet

SEARCH_LIMIT = 20
SEARCH_MIN_LENGTH = 2


@dataclass(frozen=True)
class Option:
    """One professional offered by a picker: what the label shows, and whether it is chosen."""

    pk: int
    name: str
    organisation: str
    expertise: str
    checked: bool


def network_professionals(network_id: int) -> QuerySet[Professional]:
    """Who a picker accepts: the professionals of the trajectory's network."""
    return Professional.objects.filter(assignments__network_id=network_id)


def find_professionals(network_id: int, text: str) -> list[Professional]:
    """At most SEARCH_LIMIT + 1 professionals of the network whose name, organisation or
    expertise contains every word of `text` (the extra one says there are more); two
    queries, whatever the size of the network."""
    if len(text.strip()) < SEARCH_MIN_LENGTH:
        return []
    words = text.split()[:5]
    found = network_professionals(network_id)
    for word in words:
        found = found.filter(
            Q(user__full_name__icontains=word)
            | Q(home_organisation__name__icontains=word)
            # Not correlated: PostgreSQL hashes the (few) holders of a matching expertise once.
            | Q(
                pk__in=ProfessionalExpertise.objects.filter(expertise__name__icontains=word).values(
                    "professional_id"
                )
            )
        )
    return list(
        found.select_related("user", "home_organisation")
        .prefetch_related("expertise")
        .order_by("user__full_name", "pk")[: SEARCH_LIMIT + 1]
    )


class ProfessionalPicker(forms.Widget):
    """A search field and, below it, the matching professionals as radio buttons (one to
    choose) or check boxes (several): the network's thousands never all go into the page.

    With JavaScript, htmx fetches the matches while one types (`search_url`, the same
    permission checks as the page); without, the search button submits a small GET form
    (`<key>-search`, outside the POST form, joined through the `form` attribute) and the page
    shows the matches. The field's label labels the search box; the matches are a group of
    their own. The form sets `key`, `search_url`, `query` and `options` (`offer`)."""

    template_name = "trajectories/widgets/professional_picker.html"

    def __init__(self, *, key: str, multiple: bool = False) -> None:
        super().__init__()
        self.key = key
        self.multiple = multiple
        self.search_url = ""
        self.query = ""
        self.options: list[Option] = []
        self.found = 0
        self.more = False

    def get_context(self, name: str, value: object, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # The search box belongs to the GET form: a `required` there would stop the search.
        context["widget"]["attrs"].pop("required", None)
        context["widget"].update(picker_context(self, name))
        return context

    def value_from_datadict(self, data, files, name: str) -> object:  # type: ignore[no-untyped-def]
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name: str) -> bool:  # type: ignore[no-untyped-def]
        return False  # an empty group of check boxes or radio buttons is a choice too


def picker_context(widget: ProfessionalPicker, name: str) -> dict[str, Any]:
    return {
        "key": widget.key,
        "input_name": name,
        "multiple": widget.multiple,
        "search_url": widget.search_url,
        "query": widget.query,
        "options": widget.options,
        "found": widget.found,
        "more": widget.more,
        "limit": SEARCH_LIMIT,
        "searched": len(widget.query.strip()) >= SEARCH_MIN_LENGTH,
        "min_length": SEARCH_MIN_LENGTH,
    }


def _option(professional: Professional, *, checked: bool) -> Option:
    return Option(
        pk=professional.pk,
        name=str(professional),
        organisation=str(professional.home_organisation),
        expertise=", ".join(sorted(e.name for e in professional.expertise.all())),
        checked=checked,
    )


class PicksProfessionals(SafeForm):
    """A form with one `ProfessionalPicker` field, named `picker_field`."""

    picker_field: str

    def chosen_ids(self, selected: list[str] | None = None) -> list[int]:
        """What is chosen now: `selected` (a search request), the posted data, or the
        initial value."""
        values: list[object]
        if selected is not None:
            values = list(selected)
        elif self.is_bound:
            widget = self.fields[self.picker_field].widget
            raw = widget.value_from_datadict(self.data, {}, self.add_prefix(self.picker_field))
            values = list(raw) if isinstance(raw, list) else [raw] if raw else []
        else:
            initial = self.initial.get(self.picker_field) or []
            values = list(initial) if isinstance(initial, list | tuple) else [initial]
        ids = (getattr(value, "pk", value) for value in values)
        # An id no column can hold is not a choice (it failed in the database with a 500).
        return [int(str(pk)) for pk in ids if valid_id(pk) and str(pk)]

    def offer(
        self,
        *,
        network_id: int,
        search_url: str,
        query: str = "",
        selected: list[str] | None = None,
    ) -> ProfessionalPicker:
        """Fill the picker: the chosen professionals (checked) first, then the matches."""
        widget = self.fields[self.picker_field].widget
        widget.search_url = search_url
        widget.query = query
        ids = self.chosen_ids(selected)
        if not widget.multiple:
            ids = ids[:1]
        chosen = (
            list(
                network_professionals(network_id)
                .filter(pk__in=ids)
                .select_related("user", "home_organisation")
                .prefetch_related("expertise")
                .order_by("user__full_name", "pk")
            )
            if ids
            else []
        )
        taken = set(ids)
        found = [p for p in find_professionals(network_id, query) if p.pk not in taken]
        widget.more = len(found) > SEARCH_LIMIT
        widget.found = min(len(found), SEARCH_LIMIT)
        widget.options = [_option(p, checked=True) for p in chosen] + [
            _option(p, checked=False) for p in found[:SEARCH_LIMIT]
        ]
        return cast("ProfessionalPicker", widget)
