"""Every write of the knowledge hub: keyword-only `actor=`, one transaction, one access-log
event. The hub holds no family data, so its events carry no family id (like the network's
administration); their purpose is "knowledge hub"."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.knowledge.access import can_manage, is_member
from samenspel.knowledge.models import (
    ALLOWED_TYPES,
    MAX_ATTACHMENT_BYTES,
    Attachment,
    EntryKind,
    LearningMeeting,
    LearningNetwork,
    Lesson,
    MemberKind,
    Membership,
    NotificationPreference,
    ProgressUpdate,
    ProposalStatus,
    SearchEntry,
    TermProposal,
    Theme,
    ThemeSubscription,
)
from samenspel.knowledge.richtext import plain_text
from samenspel.knowledge.values import LessonValues as LessonValues
from samenspel.knowledge.values import UpdateValues as UpdateValues
from samenspel.network.models import GlossaryTerm, Network, Organisation, Professional

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest

    from samenspel.accounts.models import User

PURPOSE = "knowledge hub"
# The first bytes of each allowed file type: the name and the browser's word are not enough.
_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


def _log(
    event_type: EventType,
    action: str,
    obj: models.Model,
    *,
    actor: User,
    request: HttpRequest | None,
    **detail: Any,
) -> None:
    audit.record(
        event_type, action, actor=actor, request=request, obj=obj, purpose=PURPOSE, detail=detail
    )


def _create[Saved: models.Model](
    obj: Saved,
    action: str,
    *,
    actor: User,
    request: HttpRequest | None,
    detail: dict[str, Any] | None = None,
) -> Saved:
    """Validate and save a new row and log its creation: the one shape of every "create"."""
    obj.full_clean()
    obj.save()
    _log(EventType.CREATE, action, obj, actor=actor, request=request, **(detail or {}))
    return obj


def _join(
    learning_network: LearningNetwork, user: User, kind: str = MemberKind.PROFESSIONAL
) -> Membership:
    """A membership, signed with the person's organisation of today; one current one each."""
    current = Membership.objects.filter(
        learning_network=learning_network, user=user, left_on__isnull=True
    ).first()
    return current or Membership.objects.create(
        learning_network=learning_network,
        user=user,
        kind=kind,
        organisation=home_organisation(user),
    )


def home_organisation(user: User) -> Organisation | None:
    professional = Professional.objects.filter(user=user).select_related("home_organisation")
    found = professional.first()
    return found.home_organisation if found else None


def _sign(item: ProgressUpdate | Lesson, actor: User) -> None:
    organisation = home_organisation(actor)
    item.author = actor
    item.author_name = actor.full_name or actor.email
    item.organisation = organisation
    item.organisation_name = organisation.name if organisation else ""


def _index(kind: EntryKind, item: ProgressUpdate | Lesson, texts: list[str]) -> None:
    """The item's row in the search table; on PostgreSQL with its stored Dutch tsvector (the
    search's GIN index reads that column, never the text)."""
    entry, _created = SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=item.pk,
        defaults={
            "learning_network_id": item.learning_network_id,
            "is_public": item.is_public,
            "title": item.title,
            "document": " ".join([item.title, *(plain_text(text) for text in texts)]),
            "created_at": item.created_at,
        },
    )
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(
            search_vector=SearchVector("document", config="dutch")
        )


@transaction.atomic
def create_learning_network(
    *,
    actor: User,
    name: str,
    theme: Theme,
    purpose: str,
    networks: list[Network],
    is_public: bool = False,
    request: HttpRequest | None = None,
) -> LearningNetwork:
    """The creator becomes its facilitator and first member."""
    slug = slugify(name)[:70] or "leernetwerk"
    if LearningNetwork.objects.filter(slug=slug).exists():
        slug = f"{slug}-{LearningNetwork.objects.count() + 1}"
    learning_network = LearningNetwork(
        name=name.strip(), slug=slug, theme=theme, purpose=purpose, facilitator=actor
    )
    learning_network.is_public = is_public
    _create(learning_network, "knowledge.learning_network.create", actor=actor, request=request)
    learning_network.networks.set(networks)
    _join(learning_network, actor)
    return learning_network


@transaction.atomic
def add_member(
    learning_network: LearningNetwork,
    *,
    actor: User,
    user: User,
    kind: MemberKind,
    request: HttpRequest | None = None,
) -> Membership:
    """Members are added by the facilitator; family representatives and the client panel come
    in only this way (by invitation)."""
    if not can_manage(actor, learning_network):
        raise PermissionDenied
    if Membership.objects.filter(
        learning_network=learning_network, user=user, left_on__isnull=True
    ).exists():
        raise ValidationError(_("%(name)s is already a member.") % {"name": user})
    membership = _join(learning_network, user, kind)
    _log(
        EventType.CREATE,
        "knowledge.member.add",
        membership,
        actor=actor,
        request=request,
        kind=kind,
    )
    return membership


@transaction.atomic
def plan_meeting(
    learning_network: LearningNetwork,
    *,
    actor: User,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str,
    agenda: str,
    request: HttpRequest | None = None,
) -> LearningMeeting:
    if not can_manage(actor, learning_network):
        raise PermissionDenied
    meeting = LearningMeeting(
        learning_network=learning_network,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        agenda=agenda,
    )
    return _create(meeting, "knowledge.meeting.plan", actor=actor, request=request)


@transaction.atomic
def post_update(
    learning_network: LearningNetwork,
    *,
    actor: User,
    values: UpdateValues,
    request: HttpRequest | None = None,
) -> ProgressUpdate:
    if not is_member(actor, learning_network):
        raise PermissionDenied
    update = ProgressUpdate(
        learning_network=learning_network,
        kind=values.kind,
        title=values.title,
        body=values.body,
        is_public=values.is_public,
    )
    _sign(update, actor)
    _create(update, "knowledge.update.post", actor=actor, request=request)
    _index(EntryKind.UPDATE, update, [update.body])
    return update


@transaction.atomic
def write_lesson(
    learning_network: LearningNetwork,
    *,
    actor: User,
    values: LessonValues,
    request: HttpRequest | None = None,
) -> Lesson:
    """A new lesson; `values` may carry `source_kind`/`source_id` from `sources.py`."""
    if not is_member(actor, learning_network):
        raise PermissionDenied
    lesson = Lesson(
        learning_network=learning_network,
        owner=actor,
        source_kind=values.source_kind,
        source_id=values.source_id,
        **_lesson_fields(values),
    )
    _sign(lesson, actor)
    _check_links(lesson, learning_network)
    detail = {"source_kind": lesson.source_kind}
    _create(lesson, "knowledge.lesson.write", actor=actor, request=request, detail=detail)
    _index_lesson(lesson)
    return lesson


def _lesson_fields(values: LessonValues) -> dict[str, Any]:
    """What the writer typed or chose (not where the lesson came from)."""
    return {
        "title": values.title,
        "context": values.context,
        "what_happened": values.what_happened,
        "what_we_learned": values.what_we_learned,
        "what_we_change": values.what_we_change,
        "agreement_version": values.agreement_version,
        "intervention": values.intervention,
        "is_public": values.is_public,
    }


def _index_lesson(lesson: Lesson) -> None:
    texts = [lesson.context, lesson.what_happened, lesson.what_we_learned, lesson.what_we_change]
    _index(EntryKind.LESSON, lesson, texts)


def _check_links(lesson: Lesson, learning_network: LearningNetwork) -> None:
    """A lesson links only to agreements and methods of a network taking part."""
    network_ids = set(learning_network.networks.values_list("pk", flat=True))
    version = lesson.agreement_version
    if version is not None and version.agreement.network_id not in network_ids:
        raise ValidationError(_("Link an agreement of a network that takes part."))
    intervention = lesson.intervention
    if (
        intervention is not None
        and not intervention.service.organisation.networks.filter(pk__in=network_ids).exists()
    ):
        raise ValidationError(_("Link a method of a network that takes part."))


@transaction.atomic
def edit_lesson(
    lesson: Lesson,
    *,
    actor: User,
    values: LessonValues,
    expected_version: int,
    request: HttpRequest | None = None,
) -> Lesson:
    """The owner edits; a colleague's change in between is refused, never overwritten. The
    lesson keeps its source (`values.source_kind`/`source_id` are not used)."""
    if lesson.owner_id != actor.pk and not can_manage(actor, lesson.learning_network):
        raise PermissionDenied
    claimed = Lesson.objects.filter(pk=lesson.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ValidationError(
            _("Someone else saved a change in the meantime. Reload the page and try again.")
        )
    for name, value in _lesson_fields(values).items():
        setattr(lesson, name, value)
    lesson.version = expected_version + 1
    _check_links(lesson, lesson.learning_network)
    lesson.full_clean()
    lesson.save()
    _index_lesson(lesson)
    _log(EventType.UPDATE, "knowledge.lesson.edit", lesson, actor=actor, request=request)
    return lesson


@transaction.atomic
def attach_file(
    lesson: Lesson, *, actor: User, upload: UploadedFile, request: HttpRequest | None = None
) -> Attachment:
    if lesson.owner_id != actor.pk and not is_member(actor, lesson.learning_network):
        raise PermissionDenied
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("A file may be at most 5 MB."))
    data = upload.read()
    content_type = next(
        (kind for kind, heads in _SIGNATURES.items() if data.startswith(heads)), None
    )
    if content_type is None:
        raise ValidationError(_("Only PDF, PNG and JPEG files can be attached."))
    stem = slugify((upload.name or "bijlage").rsplit(".", 1)[0])[:80] or "bijlage"
    attachment = Attachment(
        lesson=lesson,
        name=stem + ALLOWED_TYPES[content_type],
        content_type=content_type,
        size=len(data),
        data=data,
        uploaded_by=actor,
    )
    detail = {"type": content_type, "size": len(data)}
    return _create(
        attachment, "knowledge.attachment.add", actor=actor, request=request, detail=detail
    )


@transaction.atomic
def subscribe(
    theme: Theme, *, actor: User, follow: bool = True, request: HttpRequest | None = None
) -> None:
    if follow:
        ThemeSubscription.objects.get_or_create(user=actor, theme=theme)
    else:
        ThemeSubscription.objects.filter(user=actor, theme=theme).delete()
    if follow:
        _log(EventType.CREATE, "knowledge.theme.subscribe", theme, actor=actor, request=request)
    else:
        _log(EventType.DELETE, "knowledge.theme.unsubscribe", theme, actor=actor, request=request)


@transaction.atomic
def set_digest_preference(
    *, actor: User, digest: str, request: HttpRequest | None = None
) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=actor, defaults={"digest": digest}
    )
    preference.full_clean()
    _log(
        EventType.UPDATE,
        "knowledge.preference.set",
        preference,
        actor=actor,
        request=request,
        digest=digest,
    )
    return preference


@transaction.atomic
def propose_term(
    network: Network,
    *,
    actor: User,
    term: str,
    definition: str,
    request: HttpRequest | None = None,
) -> TermProposal:
    term = term.strip()
    if GlossaryTerm.objects.filter(network=network, term__iexact=term).exists():
        raise ValidationError(_("The glossary already explains '%(term)s'.") % {"term": term})
    proposal = TermProposal(network=network, term=term, definition=definition, proposed_by=actor)
    return _create(proposal, "knowledge.term.propose", actor=actor, request=request)


@transaction.atomic
def review_proposal(
    proposal: TermProposal,
    *,
    actor: User,
    accept: bool,
    note: str = "",
    request: HttpRequest | None = None,
) -> TermProposal:
    """A network administrator of the proposal's network decides; an accepted term goes into
    the glossary through the network's own action (its change history and log)."""
    from samenspel.accounts.models import Role
    from samenspel.network import actions as network_actions

    if not actor.has_role_in_network(Role.NETWORK_ADMIN, proposal.network_id):
        raise PermissionDenied
    locked = TermProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been reviewed."))
    if accept:
        term = GlossaryTerm(
            network_id=proposal.network_id, term=proposal.term, definition=proposal.definition
        )
        network_actions.save_glossary_term(
            term, actor=actor, synonyms=[], expected_version=None, request=request
        )
    locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    locked.review_note = note
    locked.reviewed_by = actor
    locked.save()
    _log(
        EventType.UPDATE,
        "knowledge.term.review",
        locked,
        actor=actor,
        request=request,
        accepted=accept,
    )
    return locked


@transaction.atomic
def hand_over_on_leaving(
    person: User, *, actor: User, successor: User, request: HttpRequest | None = None
) -> dict[str, int]:
    """When someone leaves: what they wrote stays (signed with their name and organisation as
    written); the learning networks they facilitate and the lessons they own move to the
    successor, and their memberships end today."""
    from samenspel.accounts.models import Role

    if actor.pk != person.pk and not actor.has_role(Role.SYSTEM_ADMIN, Role.NETWORK_ADMIN):
        raise PermissionDenied
    if successor.pk == person.pk or not successor.is_active:
        raise ValidationError(_("Choose a colleague who stays."))
    today = timezone.localdate()
    facilitated = list(LearningNetwork.objects.filter(facilitator=person))
    for learning_network in facilitated:
        learning_network.facilitator = successor
        learning_network.save(update_fields=["facilitator"])
        _join(learning_network, successor)
    lessons = Lesson.objects.filter(owner=person).update(owner=successor)
    ended = Membership.objects.filter(user=person, left_on__isnull=True).update(left_on=today)
    counts = {"learning_networks": len(facilitated), "lessons": lessons, "memberships": ended}
    detail = {"successor": successor.pk, **counts}
    _log(
        EventType.UPDATE,
        "knowledge.person.hand_over",
        person,
        actor=actor,
        request=request,
        **detail,
    )
    return counts
