"""Formatting only: no queries, no permission checks."""

import datetime

from django import template

register = template.Library()


@register.filter
def age_on(member: object, day: datetime.date) -> int | None:
    return member.age_on(day)  # type: ignore[attr-defined]
