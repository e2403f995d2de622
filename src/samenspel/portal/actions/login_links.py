"""The one-time login link (issue 17: "a one-time login link by e-mail as an alternative for
families who lose passwords (short-lived, single-use, logged)").

The coordinator sends it from the family file; the family member opens it on their phone and
lands in the portal. Rules:
- only a login that holds nothing but the family-member role (professionals keep their
  mandatory second factor: a link never opens a professional's account);
- not for a family member who switched on a second factor: the link would skip it, so they
  log in with password and code as they chose;
- short-lived (`LINK_LIFETIME`), single use, and a new link ends the earlier ones;
- at most `LINKS_PER_HOUR` links per login per hour;
- only a hash of the token is stored; sending and using are logged.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.audit.models import EventType, Outcome
from samenspel.portal.models import LoginLink

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User
    from samenspel.families.models import FamilyMember

LINK_LIFETIME = datetime.timedelta(minutes=30)
LINKS_PER_HOUR = 3


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_problem(user: User | None) -> str:
    """Why this login cannot get a link ("" when it can)."""
    if user is None or not user.is_active:
        return _("This family member has no login.")
    if user.roles != frozenset({Role.FAMILY_MEMBER}):
        return _(
            "A login link is only for family members. Professionals log in with a second factor."
        )
    if (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    ):
        return _("This family member uses a second step when logging in. A link would skip it.")
    return ""


@transaction.atomic
def send_login_link(member: FamilyMember, *, actor: User, request: HttpRequest) -> LoginLink:
    """Mail `member` a one-time link to the portal (after commit, through the notification
    task like every other mail)."""
    from samenspel.trajectories.tasks import send_notification

    user = member.user
    problem = link_problem(user)
    if problem or user is None:
        raise ValidationError(problem)
    now = timezone.now()
    recent = LoginLink.objects.select_for_update().filter(
        user=user, sent_at__gte=now - datetime.timedelta(hours=1)
    )
    if recent.count() >= LINKS_PER_HOUR:
        raise ValidationError(
            _("Already %(count)s links were sent in the last hour. Try again later.")
            % {"count": LINKS_PER_HOUR}
        )
    # Only the newest link works.
    LoginLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token = secrets.token_urlsafe(32)
    link = LoginLink.objects.create(
        user=user,
        member=member,
        token_hash=token_hash(token),
        sent_by=actor,
        sent_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    audit.record(
        EventType.CREATE,
        "portal.login_link.send",
        actor=actor,
        request=request,
        family_id=member.family_id,
        obj=link,
    )
    url = request.build_absolute_uri(reverse("portal:login_link", args=[token]))
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    with translation.override(user.language or None):
        subject = _("Your link to log in to Samenspel")
        body = _(
            "Hello,\n\nWith this link you log in to Samenspel once:\n%(url)s\n\n"
            "The link works for %(minutes)s minutes, and only once.\n"
            "Did you not ask for it? Then do nothing. Nobody can log in without the link."
        ) % {"url": url, "minutes": minutes}
    email = user.email
    transaction.on_commit(lambda: send_notification.enqueue([email], subject, body))
    return link


@transaction.atomic
def use_login_link(token: str, *, request: HttpRequest) -> User | None:
    """The user the link opens, once; None (the refusal logged, not rolled back) when it was
    used, expired, ended by a newer link, or is no longer a family-only login without a
    second factor."""
    now = timezone.now()
    link = (
        LoginLink.objects.select_for_update()
        .select_related("user", "member")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if link is None:
        audit.record(
            EventType.FAILED_LOGIN,
            "portal.login_link.refused",
            actor=None,
            request=request,
            outcome=Outcome.DENIED,
            detail={"known": False},
        )
        return None
    if link.used_at is not None or link.expires_at <= now or link_problem(link.user):
        audit.record(
            EventType.FAILED_LOGIN,
            "portal.login_link.refused",
            actor=None,
            request=request,
            outcome=Outcome.DENIED,
            user_label=link.user.email[:254],
            detail={"used": link.used_at is not None, "expired": link.expires_at <= now},
        )
        return None
    link.used_at = now
    link.save(update_fields=["used_at"])
    audit.record(
        EventType.LOGIN,
        "portal.login_link.use",
        actor=link.user,
        request=request,
        family_id=link.member.family_id,
        obj=link,
        purpose="family_member",
    )
    return link.user
