"""Lessons learned: write one (directly or from a process review or a closed trajectory),
read one with the glossary linked and the agreement or method it changed, attachments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.access import policy
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.core.validators import whole_number
from samenspel.knowledge import actions, sources
from samenspel.knowledge.access import (
    can_manage,
    get_learning_network_for_user,
    get_lesson_for_user,
    is_member,
)
from samenspel.knowledge.forms import AttachmentForm, LessonForm
from samenspel.knowledge.models import Attachment, LearningNetwork, Lesson, SourceKind
from samenspel.knowledge.views.common import linker_for
from samenspel.network.models import Network, ProcessReview

LESSON_TEXTS = ("context", "what_happened", "what_we_learned", "what_we_change")
_LABELS = {
    "context": gettext_lazy("Context"),
    "what_happened": gettext_lazy("What happened"),
    "what_we_learned": gettext_lazy("What we learned"),
    "what_we_change": gettext_lazy("What we change"),
}


def _source(request: AuthenticatedHttpRequest, learning_network: LearningNetwork) -> dict[str, Any]:
    """The first draft from the source named in the address, if the user may read it."""
    review_id = whole_number(request.GET.get("review"))
    trajectory_id = whole_number(request.GET.get("trajectory"))
    if review_id is not None:
        review = (
            ProcessReview.objects.filter(
                pk=review_id,
                network__in=Network.objects.visible_to(request.user),
                network__learning_networks=learning_network,
            )
            .select_related("network")
            .first()
        )
        if review is None:
            raise Http404
        return sources.from_process_review(review)
    if trajectory_id is not None:
        # The access policy's own ground (having carried the help to its end), logged with
        # the family; only categories and counts are read (sources.py).
        trajectory = policy.get_trajectory_for_lesson(
            request, trajectory_id, audit_action="knowledge.lesson.from_trajectory"
        )
        return sources.from_closed_trajectory(trajectory)
    return {}


@login_required
def lesson_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    learning_network = get_learning_network_for_user(request.user, slug)
    if not is_member(request.user, learning_network):
        raise PermissionDenied
    draft = _source(request, learning_network)
    source: dict[str, Any] = {
        key: draft.pop(key) for key in ("source_kind", "source_id") if key in draft
    }
    form = LessonForm(request.POST or None, initial=draft, learning_network=learning_network)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = actions.write_lesson(
                learning_network,
                actor=request.user,
                values=actions.LessonValues(**form.cleaned_data, **source),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lesson has been saved."))
            return redirect("knowledge:lesson", lesson.pk)
    networks = learning_network.networks.all()
    context = {
        "form": form,
        "learning_network": learning_network,
        "source_kind": SourceKind(source.get("source_kind", "")).label,
        "reviews": ProcessReview.objects.filter(network__in=networks).select_related("network")[
            :10
        ],
        "closed_trajectories": policy.lesson_trajectories(request.user)
        .filter(network__in=networks)
        .only("pk", "closed_on")
        .order_by("-closed_on", "-pk")[:10],
    }
    return render(request, "knowledge/lesson_form.html", context)


@login_required
def lesson_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lesson = get_lesson_for_user(request.user, pk)
    linker = linker_for(lesson.learning_network)
    texts = [(_LABELS[name], linker.render(getattr(lesson, name)))
             for name in LESSON_TEXTS]  # fmt: skip
    context = {
        "lesson": lesson,
        "texts": texts,
        "footnotes": linker.used,
        "attachments": lesson.attachments.only("pk", "name", "size", "content_type"),
        "can_edit": lesson.owner_id == request.user.pk
        or can_manage(request.user, lesson.learning_network),
        "is_member": is_member(request.user, lesson.learning_network),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "knowledge/lesson.html", context)


@login_required
def lesson_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lesson = get_lesson_for_user(request.user, pk)
    if lesson.owner_id != request.user.pk and not can_manage(request.user, lesson.learning_network):
        raise PermissionDenied
    form = LessonForm(
        request.POST or None, instance=lesson, learning_network=lesson.learning_network
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_lesson(
                Lesson.objects.get(pk=lesson.pk),
                actor=request.user,
                values=actions.LessonValues(**form.cleaned_data),
                expected_version=int(request.POST.get("version") or 0),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lesson has been saved."))
            return redirect("knowledge:lesson", lesson.pk)
    context = {"form": form, "learning_network": lesson.learning_network, "lesson": lesson}
    return render(request, "knowledge/lesson_form.html", context)


@login_required
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lesson = get_lesson_for_user(request.user, pk)
    if request.method != "POST":
        return redirect("knowledge:lesson", pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.attach_file(
                lesson, actor=request.user, upload=form.cleaned_data["file"], request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file has been attached."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("knowledge:lesson", pk)


@login_required
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visible = Lesson.objects.visible_to(request.user).values("pk")
    attachment = Attachment.objects.filter(pk=pk, lesson__in=visible).first()
    if attachment is None:
        raise Http404
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    # Always a download, never shown inline in our origin; no sniffing into another type.
    response["Content-Disposition"] = f'attachment; filename="{attachment.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
