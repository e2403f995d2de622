"""Loads the demo data. Idempotent: running it twice leaves the same state."""

import datetime
from importlib import import_module

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from samenspel.accounts.models import RoleGrant, User
from samenspel.demo import story
from samenspel.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount


def load_demo() -> list[User]:
    """The whole demo. The story is played through the actions, which mail the people
    concerned after commit (some sixty invitations, handovers and requests); those mails belong
    to the story's past and are not sent: queued, the worker would print them all at start and
    push the printed logins off a newcomer's screen. What a person does in the demo is mailed
    (to the terminal) as usual."""
    started = timezone.now()
    users = _load_story()
    _drop_story_mail(started)
    return users


@transaction.atomic
def _load_story() -> list[User]:
    users = load_network()
    logins = {user.email: user for user in users}
    for step in story.STEPS:
        if step != "network" and module_has_submodule(story, step):
            import_module(f"{story.__name__}.{step}").load(logins)
    return users


def _drop_story_mail(since: datetime.datetime) -> int:
    """Remove the story's notification mails still waiting in the task queue (enqueued after
    its commit, so only when no outer transaction holds them back)."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from samenspel.trajectories.tasks import send_notification

    deleted, _by_model = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=send_notification.module_path,
        enqueued_at__gte=since,
    ).delete()
    return deleted


@transaction.atomic
def load_network() -> list[User]:
    """The demo logins and the first story step only: the networks, their organisations,
    teams, professionals (the logins in their places), absences and agreements; no family.
    `load_demo` starts with it; a browser test plays a story for a new family on it in
    seconds, where the whole demo takes minutes."""
    from samenspel.demo.story import network

    users = [_ensure_account(account) for account in DEMO_ACCOUNTS]
    network.load({user.email: user for user in users})
    return users


def _ensure_account(account: DemoAccount) -> User:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User.objects.create_user(account.email, DEMO_PASSWORD, full_name=account.full_name)
    RoleGrant.objects.filter(user=user).exclude(role__in=account.roles).delete()
    for role in account.roles:
        # A later story step may scope a grant to one or more networks; keep those.
        if not RoleGrant.objects.filter(user=user, role=role).exists():
            RoleGrant.objects.create(user=user, role=role)
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if account.enrolled and not has_totp:
        TOTP.activate(user, generate_totp_secret())
    return user
