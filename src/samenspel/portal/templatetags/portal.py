"""`{% family_voice version decision as voice %}`: the family's own words for a plan page
(portal/queries.py decides what this reader may see of them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from samenspel.portal.queries import (
    AnswerRow,
    Offers,
    Response,
    Voice,
    answers_for_evaluation,
    family_response,
    messages_for,
    voice_of,
)

if TYPE_CHECKING:
    from samenspel.access.policy import Decision
    from samenspel.accounts.models import User
    from samenspel.plans.models import Goal, PlanVersion
    from samenspel.trajectories.models import Trajectory

register = template.Library()


@register.simple_tag
def family_voice(version: PlanVersion, decision: Decision) -> Voice:
    return voice_of(version, decision)


@register.filter
def goal_views(voice: Voice, goal: Goal) -> list:
    return voice.for_goal(goal)


@register.filter
def goal_origin(voice: Voice, goal: Goal) -> object:
    return voice.origin(goal)


@register.simple_tag
def family_answers(trajectory_id: int, form: object, decision: Decision) -> list[AnswerRow]:
    """The family's answers before this evaluation, for the goals on the evaluation `form`."""
    goals = [goal for goal, _score, _note in form.goal_fields()]  # type: ignore[attr-defined]
    return answers_for_evaluation(trajectory_id, goals, decision)


@register.simple_tag
def family_messages(trajectory_id: int, decision: Decision) -> list:
    """The family's latest messages to the coordinator, as far as this reader may read them."""
    return messages_for(trajectory_id, decision)


@register.filter
def chosen_by(offers: Offers, offer: object) -> list:
    """The family's choices of one offered professional."""
    return offers.chosen_by(offer)  # type: ignore[arg-type]


@register.simple_tag
def family_response_for(trajectory: Trajectory, decision: Decision, user: User) -> Response:
    """The family's response for a team meeting (portal/queries.py narrows it)."""
    return family_response(trajectory, decision, user)
