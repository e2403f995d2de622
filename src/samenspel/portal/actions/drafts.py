"""Drafts in the family portal: what a member is still writing, kept on the server until it
is sent (then removed, in the same transaction as what was sent); and what every write of a
member's own words shares: the check that it is about their own family, and its access event
with the policy's ground, which also removes the draft it came from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.portal.models import PortalDraft

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest, QueryDict

    from samenspel.accounts.models import User
    from samenspel.families.models import FamilyMember

FAMILY_GROUND = "family_member"
FIELD_MAX = 5000
FIELDS_MAX = 60


def draft_data(post: QueryDict, fields: Iterable[str]) -> dict[str, str | list[str]]:
    """The form's own fields from a POST, as typed (not validated: it is not sent yet), each
    cut to a sane length so a draft cannot grow without bound."""
    data: dict[str, str | list[str]] = {}
    for name in list(fields)[:FIELDS_MAX]:
        values = post.getlist(name)
        if not values:
            continue
        if len(values) == 1:
            data[name] = values[0][:FIELD_MAX]
        else:
            data[name] = [value[:FIELD_MAX] for value in values[:FIELDS_MAX]]
    return data


@transaction.atomic
def save_draft(
    *,
    member: FamilyMember,
    form_key: str,
    data: dict[str, Any],
    family_id: int,
    actor: User,
    request: HttpRequest | None = None,
) -> PortalDraft:
    draft, created = PortalDraft.objects.select_for_update().get_or_create(
        member=member, form_key=form_key, defaults={"user": actor, "data": data}
    )
    if not created:
        draft.data, draft.user, draft.saved_at = data, actor, timezone.now()
        draft.save(update_fields=["data", "user", "saved_at"])
    audit.record(
        EventType.CREATE if created else EventType.UPDATE,
        "portal.draft.save",
        actor=actor,
        request=request,
        family_id=family_id,
        obj=draft,
        purpose=FAMILY_GROUND,
    )
    return draft


def my_draft(*, member: FamilyMember, user: User, form_key: str) -> PortalDraft | None:
    """The draft of this member's own login: nobody else's login reads it."""
    return PortalDraft.objects.filter(member=member, user=user, form_key=form_key).first()


def discard_draft(*, member: FamilyMember, form_key: str) -> None:
    """Called inside the action that sends what the draft held (its own event logs it)."""
    PortalDraft.objects.filter(member=member, form_key=form_key).delete()


def check_own_family(member: FamilyMember, family_id: int) -> None:
    if member.family_id != family_id:
        raise ValidationError(_("You can only write about your own family's plan."))


def record_family_write(
    event_type: EventType,
    action: str,
    *,
    obj: models.Model,
    family_id: int,
    actor: User,
    request: HttpRequest | None,
    member: FamilyMember | None = None,
    draft_key: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """The access event of what a member wrote (purpose: the policy's family-member ground);
    what was sent from a draft (`draft_key`) removes that draft in the same transaction."""
    audit.record(
        event_type,
        action,
        actor=actor,
        request=request,
        family_id=family_id,
        obj=obj,
        purpose=FAMILY_GROUND,
        detail=detail,
    )
    if draft_key and member is not None:
        discard_draft(member=member, form_key=draft_key)
