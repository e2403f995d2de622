"""The shared lists every network uses: sectors, the expertise taxonomy and languages. Data,
not code (DOMAIN.md §3): a deployment adds its own on these pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.network import actions
from samenspel.network.access import can_manage_taxonomy
from samenspel.network.forms import taxonomy_form
from samenspel.network.models import Expertise, Language, NetworkChange, Sector
from samenspel.network.views import NETWORK_ROLES

KINDS: dict[str, type[Sector | Expertise | Language]] = {
    "sectors": Sector,
    "expertise": Expertise,
    "languages": Language,
}


def _check(request: AuthenticatedHttpRequest) -> None:
    if not can_manage_taxonomy(request.user):
        raise PermissionDenied


@role_required(*NETWORK_ROLES)
def taxonomy(request: AuthenticatedHttpRequest) -> HttpResponse:
    _check(request)
    context = {
        "sectors": Sector.objects.all(),
        "expertise": Expertise.objects.all(),
        "languages": Language.objects.all(),
        "history": NetworkChange.objects.filter(network=None).select_related("changed_by")[:20],
    }
    return render(request, "network/taxonomy.html", context)


@role_required(*NETWORK_ROLES)
def taxonomy_edit(
    request: AuthenticatedHttpRequest, kind: str, pk: int | None = None
) -> HttpResponse:
    _check(request)
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    instance = None
    if pk is not None:
        instance = model.objects.filter(pk=pk).first()
        if instance is None:
            raise Http404
    form = taxonomy_form(model)(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_taxonomy_item(form.instance, actor=request.user, request=request)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("network:taxonomy")
    history = list(NetworkChange.history_of(instance)[:20]) if instance else []
    context = {"form": form, "title": model._meta.verbose_name, "history": history}
    return render(request, "network/taxonomy_form.html", context)
