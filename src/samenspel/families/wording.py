"""Plain-language (B1) words for the family's own pages: what happened and why it was allowed."""

from django.utils.translation import gettext_lazy as _

WHAT = {
    "read": _("looked at"),
    "create": _("added something"),
    "update": _("changed something"),
    "delete": _("removed something"),
    "print": _("printed"),
    "export": _("downloaded"),
    "search": _("searched"),
    "emergency_access": _("opened in an emergency"),
}

WHY = {
    "care_team": _("works in your team"),
    "consent": _("with your permission"),
    "family_member": _("member of your family"),
    "intake": _("handles your registration"),
    "break_the_glass": _("emergency access, checked afterwards"),
    "after_closure": _("coordinated your help, until the check after it ended"),
    "registration": _("registration"),
    "consent_missing": _("not allowed: no permission"),
    "safety": _("safety check"),
    "retention": _("retention period"),
    "review": _("check of an emergency access"),
    "request": _("your request"),
}

ROLE = {
    "professional": _("professional"),
    "coordinator": _("coordinator"),
    "family_member": _("family member"),
    "network_admin": _("network administrator"),
    "security_officer": _("security officer"),
    "policy_adviser": _("policy adviser"),
    "system_admin": _("system administrator"),
}


def what(event_type: str) -> str:
    return str(WHAT.get(event_type, event_type))


def why(purpose: str, outcome: str) -> str:
    from samenspel.families.models import Purpose

    if outcome == "denied":
        return str(_("refused"))
    if purpose in Purpose.values:  # a consent was recorded or withdrawn for this purpose
        return str(_("consent for: %(purpose)s") % {"purpose": Purpose(purpose).label})
    return str(WHY.get(purpose, purpose or "—"))


def role(value: str) -> str:
    return str(ROLE.get(value, value or "—"))
