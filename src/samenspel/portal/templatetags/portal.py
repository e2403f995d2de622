"""`{% family_voice version decision as voice %}`: the family's own words for a plan page
(portal/queries.py decides what this reader may see of them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from samenspel.portal.queries import Voice, voice_of

if TYPE_CHECKING:
    from samenspel.access.policy import Decision
    from samenspel.plans.models import Goal, PlanVersion

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
