"""The hub's home, themes with their feeds, search, methods, the shared language, the digest
outbox and handing over on leaving."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samenspel.accounts.models import Role
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.paging import paginate
from samenspel.knowledge import actions
from samenspel.knowledge.forms import (
    HandOverForm,
    PreferenceForm,
    ReviewForm,
    SearchForm,
    TermProposalForm,
)
from samenspel.knowledge.models import (
    DigestFrequency,
    DigestMail,
    EntryKind,
    LearningNetwork,
    Lesson,
    NotificationPreference,
    ProgressUpdate,
    ProposalStatus,
    TermProposal,
    Theme,
    ThemeSubscription,
)
from samenspel.knowledge.querysets import (
    HUB_ROLES,
    CappedPaginator,
    search_entries,
    title_similarity,
)
from samenspel.knowledge.richtext import render_plain
from samenspel.knowledge.tasks import send_weekly_digest
from samenspel.knowledge.views.common import PAGE_SIZE
from samenspel.network.models import GlossaryTerm, Intervention, Network


@login_required
def hub_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    followed = set(ThemeSubscription.objects.filter(user=user).values_list("theme_id", flat=True))
    updates = (
        ProgressUpdate.objects.visible_to(user)
        .select_related("learning_network__theme")
        .order_by("-created_at", "-pk")[:8]
    )
    context = {
        "form": SearchForm(),
        "themes": Theme.objects.annotate(networks=Count("learning_networks")),
        "followed": followed,
        "learning_networks": LearningNetwork.objects.visible_to(user).select_related("theme"),
        "updates": [(update, render_plain(update.body)) for update in updates],
        "lessons": Lesson.objects.visible_to(user)
        .select_related("learning_network")
        .order_by("-created_at", "-pk")[:5],
    }
    return render(request, "knowledge/index.html", context)


@role_required(*HUB_ROLES)
def theme_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        raise Http404
    user = request.user
    updates = (
        ProgressUpdate.objects.visible_to(user)
        .filter(learning_network__theme=theme)
        .select_related("learning_network")
    )
    page = paginate(request, updates, per_page=10)
    context = {
        "theme": theme,
        "following": ThemeSubscription.objects.filter(user=user, theme=theme).exists(),
        "learning_networks": LearningNetwork.objects.visible_to(user).filter(theme=theme),
        "page_obj": page,
        "rendered_updates": [(update, render_plain(update.body)) for update in page],
        "lessons": Lesson.objects.visible_to(user)
        .filter(learning_network__theme=theme)
        .select_related("learning_network")[:10],
    }
    return render(request, "knowledge/theme.html", context)


@role_required(*HUB_ROLES)
def theme_follow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    theme = Theme.objects.filter(slug=slug).first()
    if theme is None:
        raise Http404
    if request.method == "POST":
        follow = request.POST.get("follow") == "1"
        actions.subscribe(theme, actor=request.user, follow=follow, request=request)
        messages.success(
            request,
            (
                _("You follow %(theme)s: its news comes in your weekly digest.")
                if follow
                else _("You no longer follow %(theme)s.")
            )
            % {"theme": theme.name},
        )
    return redirect("knowledge:theme", slug)


@role_required(*HUB_ROLES)
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        text = form.cleaned_data["q"]
        found = (
            search_entries(request.user, text)
            .select_related("learning_network")
            .order_by("-created_at", "-pk")
        )
        page = paginate(request, found, per_page=PAGE_SIZE, paginator_class=CappedPaginator)
        networks = Network.objects.visible_to(request.user).values("pk")
        terms = GlossaryTerm.objects.filter(network__in=networks).select_related("network")
        methods = Intervention.objects.filter(
            service__organisation__networks__in=networks
        ).distinct()
        context |= {
            "page_obj": page,
            "lesson_kind": EntryKind.LESSON,
            "terms": _matching(
                terms.filter(Q(term__icontains=text) | Q(definition__icontains=text)),
                terms,
                "term",
                text,
            ),
            "methods": _matching(methods.filter(name__icontains=text), methods, "name", text),
        }
    return render(request, "knowledge/search.html", context)


def _matching(found, candidates, field: str, text: str, limit: int = 10) -> list:  # type: ignore[no-untyped-def]
    """Direct matches, plus a name within typing distance (a network has few terms and
    methods, so their names are compared here)."""
    direct = list(found[:limit])
    if len(direct) < limit:
        seen = {item.pk for item in direct}
        direct += [
            item
            for item in candidates[:500]
            if item.pk not in seen and title_similarity(text, getattr(item, field)) >= 0.75
        ][: limit - len(direct)]
    return direct


@role_required(*HUB_ROLES)
def methods(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The service catalogue's interventions with their effectiveness, and the lessons and
    results (lessons that say what changed) attached to each."""
    networks = Network.objects.visible_to(request.user).values("pk")
    visible_lessons = Lesson.objects.visible_to(request.user).only(
        "pk", "title", "what_we_change", "intervention_id"
    )
    items = (
        Intervention.objects.filter(service__organisation__networks__in=networks)
        .distinct()
        .select_related("service__organisation")
        .prefetch_related(Prefetch("lessons", queryset=visible_lessons, to_attr="visible_lessons"))
        .order_by("name")
    )
    page = paginate(request, items, per_page=PAGE_SIZE)
    return render(request, "knowledge/methods.html", {"page_obj": page})


@role_required(*HUB_ROLES)
def terms(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Propose a word for the glossary; network administrators review what was proposed."""
    form = TermProposalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.propose_term(
                form.cleaned_data["network"],
                actor=request.user,
                term=form.cleaned_data["term"],
                definition=form.cleaned_data["definition"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("term", error)
        else:
            messages.success(request, _("Thank you. An administrator will review your proposal."))
            return redirect("knowledge:terms")
    admin_of = request.user.networks_with_role(Role.NETWORK_ADMIN)
    reviewable = TermProposal.objects.none()
    if Role.NETWORK_ADMIN in request.user.roles:
        reviewable = TermProposal.objects.filter(status=ProposalStatus.PROPOSED)
        if admin_of is not None:
            reviewable = reviewable.filter(network_id__in=admin_of)
    context = {
        "form": form,
        "mine": TermProposal.objects.filter(proposed_by=request.user).select_related("network"),
        "reviewable": reviewable.select_related("network", "proposed_by"),
        "review_form": ReviewForm(),
    }
    return render(request, "knowledge/terms.html", context)


@role_required(Role.NETWORK_ADMIN)
def term_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = TermProposal.objects.filter(pk=pk).first()
    if proposal is None or request.method != "POST":
        raise Http404
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_proposal(
                proposal,
                actor=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The proposal has been reviewed."))
    return redirect("knowledge:terms")


@login_required
def digests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The outbox of one person's digest mails, their preference, and "send it now"."""
    preference = NotificationPreference.objects.filter(user=request.user).first()
    form = PreferenceForm(
        request.POST or None,
        initial={"digest": preference.digest if preference else DigestFrequency.WEEKLY},
    )
    if request.method == "POST" and request.POST.get("send") == "1":
        send_weekly_digest.enqueue(request.user.pk)
        messages.success(
            request, _("This week's digest is on its way; it appears below when it is sent.")
        )
        return redirect("knowledge:digests")
    if request.method == "POST" and form.is_valid():
        actions.set_digest_preference(
            actor=request.user, digest=form.cleaned_data["digest"], request=request
        )
        messages.success(request, _("Your preference has been saved."))
        return redirect("knowledge:digests")
    page = paginate(request, DigestMail.objects.filter(recipient=request.user), per_page=10)
    return render(request, "knowledge/digests.html", {"form": form, "page_obj": page})


@role_required(*HUB_ROLES)
def leaving(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Someone leaves: their learning networks and lessons move to a colleague."""
    form = HandOverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = actions.hand_over_on_leaving(
                request.user,
                actor=request.user,
                successor=form.cleaned_data["successor"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error("successor", str(getattr(error, "message", error)))
        else:
            messages.success(
                request,
                _(
                    "Handed over: %(networks)s learning networks and %(lessons)s lessons. "
                    "What you wrote stays, with your organisation named."
                )
                % {"networks": counts["learning_networks"], "lessons": counts["lessons"]},
            )
            return redirect("knowledge:index")
    context = {
        "form": form,
        "facilitated": LearningNetwork.objects.filter(facilitator=request.user),
        "owned": Lesson.objects.filter(owner=request.user).count(),
    }
    return render(request, "knowledge/leaving.html", context)
