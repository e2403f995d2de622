"""Who may see and change what in the hub. The hub holds no family data; its rule is
membership: members see and write in their learning networks, the facilitator manages one,
and items marked public are read by everyone who works with the hub. Not visible → 404;
visible but not allowed → 403."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from samenspel.accounts.models import Role
from samenspel.knowledge.models import LearningNetwork, Lesson, Membership

if TYPE_CHECKING:
    from samenspel.accounts.models import User


def is_member(user: User, learning_network: LearningNetwork) -> bool:
    return learning_network.facilitator_id == user.pk or (
        Membership.objects.filter(
            learning_network=learning_network, user_id=user.pk, left_on__isnull=True
        ).exists()
    )


def can_manage(user: User, learning_network: LearningNetwork) -> bool:
    """The facilitator, or the system administrator (who hands over when nobody else can)."""
    return learning_network.facilitator_id == user.pk or user.has_role(Role.SYSTEM_ADMIN)


def get_learning_network_for_user(user: User, slug: str) -> LearningNetwork:
    found = (
        LearningNetwork.objects.visible_to(user)
        .filter(slug=slug)
        .select_related("theme", "facilitator")
        .first()
    )
    if found is None:
        raise Http404
    return found


def require_member(user: User, learning_network: LearningNetwork) -> None:
    if not is_member(user, learning_network):
        raise PermissionDenied


def get_lesson_for_user(user: User, pk: int) -> Lesson:
    lesson = (
        Lesson.objects.visible_to(user)
        .filter(pk=pk)
        .select_related(
            "learning_network__theme",
            "agreement_version__agreement__network",
            "intervention__service__organisation",
            "owner",
        )
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson
