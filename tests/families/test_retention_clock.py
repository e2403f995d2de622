"""The retention clock (Jeugdwet 7.3.8: 20 years after the last change) moves with every
change to anything of the file, in whichever app: every write records an access event with
the family's id, and that event moves `Family.changed_at` in the same transaction.

The models that belong to a family are enumerated from the code (`apps.get_models()`, a
path of foreign keys to `families.Family`), so a new model joins the proof by itself: each
must be written, through the demo story or the actions below, and every write of it must be
followed by a change event about its family."""

from __future__ import annotations

import datetime
from collections import defaultdict
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from samenspel import audit
from samenspel.accounts.models import Role
from samenspel.audit import log
from samenspel.audit.models import EventType
from samenspel.demo.loader import load_demo
from samenspel.families.actions import ContactValues, add_informal_contact
from samenspel.families.models import DataCategory, Family, MemberRelation, MemberRole
from samenspel.families.retention import propose_destruction
from samenspel.plans.actions import agree_version, save_draft_item, start_plan
from samenspel.plans.draft_values import NoteValues
from samenspel.plans.models import DomainNote
from samenspel.portal.actions import (
    answer_evaluation,
    confirm_consent,
    propose_goal,
    save_view,
    send_message,
    start_consent,
)
from samenspel.portal.actions.choice import choose_professional, offer_professional
from samenspel.portal.actions.drafts import save_draft
from samenspel.trajectories.actions import add_observation, ask_professional
from samenspel.trajectories.matching import Proposal
from samenspel.trajectories.models import CareTeamRole, Phase
from tests.factories import (
    FamilyMemberFactory,
    GoalFactory,
    TrajectoryFactory,
    add_to_team,
    make_professional,
    make_user,
)
from tests.factories.plans import life_domain

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 2)
NOON = datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.UTC)
OLD = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)


# Family-owned rows that are not what the file holds, each with the reason.
NOT_FILE_CONTENT = {
    # A proposal to destroy decides on the keeping: it must not restart it.
    "families.DestructionProposal",
    # That a reminder e-mail went out to the team; nothing in the file changed.
    "trajectories.EvaluationReminder",
    # Scores are written with `bulk_create` (no per-row signal to observe) inside
    # `record_evaluation` / `record_assessment`, whose change event is the parent's: the
    # test asserts that Evaluation and Assessment are proved.
    "plans.GoalScore",
    "plans.DomainScore",
    # A task for the coordinator to ask for consent again: nothing in the file changed yet.
    "access.ConsentRenewal",
    # Written with `bulk_create` inside `record_component_rating`, whose change event is the
    # rating's (the parent row).
    "collaboration.ComponentScore",
    # A derived row for the anonymous figures, rebuilt by the refresh task from the closure,
    # the scores and the time: nothing in the file changed.
    "insight.TrajectoryResult",
    # A one-time way to log in (its sending is logged and moves the clock; using it is a
    # login, not a change of the file).
    "portal.LoginLink",
}


def _paths_to_family(model, seen=()) -> list[list[str]]:
    """Every chain of foreign keys from `model` to Family (a nullable key may be empty on a
    row, e.g. a note about no one member: then another chain names the family)."""
    if model is Family:
        return [[]]
    paths = []
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None or target in seen or not (field.many_to_one or field.one_to_one):
            continue
        paths += [[field.name, *rest] for rest in _paths_to_family(target, (*seen, model))]
    return paths


def family_owned_models() -> dict[type, list[list[str]]]:
    return {
        model: paths
        for model in apps.get_models()
        if model is not Family and (paths := _paths_to_family(model))
    }


def _family_id(instance, paths: list[list[str]]) -> int | None:
    for path in paths:
        obj = instance
        for name in path[:-1]:
            obj = getattr(obj, name, None)
            if obj is None:
                break
        else:
            family_id = getattr(obj, f"{path[-1]}_id", None)
            if family_id is not None:
                return family_id
    return None


def test_the_enumeration_finds_what_belongs_to_a_file():
    labels = {model._meta.label for model in family_owned_models()}
    assert {
        "families.FamilyMember",
        "plans.Goal",
        "plans.Evaluation",
        "plans.GoalScore",
        "trajectories.Observation",
        "trajectories.Meeting",
        "trajectories.Closure",
    } <= labels


@pytest.fixture
def writes():
    """Every save or delete of a family-owned row, and whether a change event about its
    family followed."""
    owned = family_owned_models()
    pending: dict[int, set[str]] = defaultdict(set)
    proved: set[str] = set()

    def saved(sender, instance, **kwargs):
        family_id = _family_id(instance, owned[sender])
        if family_id is not None:
            pending[family_id].add(sender._meta.label)

    def changed(family_id, _when, _action):
        proved.update(pending.pop(family_id, set()))

    for model in owned:
        post_save.connect(saved, sender=model, weak=False)
        post_delete.connect(saved, sender=model, weak=False)
    log.on_family_change(changed)
    yield owned, pending, proved
    log._change_listeners.remove(changed)
    for model in owned:
        post_save.disconnect(saved, sender=model)
        post_delete.disconnect(saved, sender=model)


def test_every_model_of_a_file_moves_its_clock(writes):
    owned, _pending, proved = writes
    with time_machine.travel(NOON, tick=False):
        load_demo()
        # What the demo story does not write: a destruction proposal.
        trajectory = TrajectoryFactory(phase=Phase.EXECUTION)
        coordinator = make_professional(network=trajectory.network)
        add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
        propose_destruction(
            trajectory.family,
            actor=coordinator.user,
            kind="request",
            grounds="Verzoek van het gezin.",
            requested_by="moeder",
            requested_on=TODAY,
            requested_how="letter",
        )
        # Nor a contact of the informal network, a note on a life domain, a direct request.
        add_informal_contact(
            trajectory.family,
            actor=coordinator.user,
            values=ContactValues(name="Buurvrouw", relation="neighbour"),
        )
        version = start_plan(trajectory, actor=coordinator.user)
        save_draft_item(
            DomainNote(),
            NoteValues(domain=life_domain(), strengths="Houdt van koken"),
            version=version,
            expected_revision=None,
            actor=coordinator.user,
        )
        ask_professional(
            trajectory,
            professional=make_professional(network=trajectory.network),
            message="Wil je aansluiten?",
            actor=coordinator.user,
        )
        _family_writes_in_the_portal(trajectory, coordinator, version)
    labels = {model._meta.label for model in owned}
    not_written_or_unproved = labels - proved - NOT_FILE_CONTENT
    # Rows written in bulk with their parent, whose change event is proved.
    assert {"plans.Evaluation", "plans.Assessment"} <= proved
    assert not not_written_or_unproved, sorted(not_written_or_unproved)


def _family_writes_in_the_portal(trajectory, coordinator, draft_version) -> None:
    """What a family writes itself (the demo leaves it for the newcomer to write)."""
    parent = FamilyMemberFactory(
        family=trajectory.family,
        given_name="Marieke",
        role=MemberRole.PARENT,
        date_of_birth=datetime.date(1988, 3, 1),
        user=make_user(Role.FAMILY_MEMBER, mfa=False),
    )
    youth = FamilyMemberFactory(
        family=trajectory.family,
        given_name="Emir",
        date_of_birth=datetime.date(2012, 5, 1),
        user=make_user(Role.FAMILY_MEMBER, mfa=False),
    )
    MemberRelation.objects.create(
        member=parent, kind="parent_of", other=youth, parental_authority=True
    )
    GoalFactory(version=draft_version, title="Samen eten")
    version = agree_version(draft_version, actor=coordinator.user, agreed_on=TODAY)
    save_view(
        version,
        member=parent,
        goal_key=None,
        words="Een goed plan.",
        stance="agree",
        reason="",
        team_only=False,
        expected_revision=None,
        actor=parent.user,
    )
    propose_goal(trajectory, member=youth, words="Ik wil op judo.", why="", actor=youth.user)
    send_message(trajectory, member=parent, text="Tot dinsdag.", actor=parent.user)
    answer_evaluation(
        trajectory,
        version=version,
        member=parent,
        goals={},
        satisfaction=4,
        goes_well="Het eten samen.",
        must_change="",
        actor=parent.user,
    )
    draft = start_consent(
        trajectory.family,
        member=parent,
        organisations=[coordinator.home_organisation],
        categories=[DataCategory.SCHOOL],
        about=[youth],
        valid_until=TODAY + datetime.timedelta(days=180),
        actor=parent.user,
    )
    confirm_consent(draft, member=youth, actor=youth.user)
    # A professional offered to the family and the parent's choice; a draft the youth keeps.
    offer = offer_professional(
        trajectory,
        proposal=Proposal(
            professional=coordinator,
            score=4.0,
            free_hours=8.0,
            covered=frozenset(),
            reasons=[],
        ),
        actor=coordinator.user,
    )
    choose_professional(trajectory, member=parent, offer_id=offer.pk, reason="", actor=parent.user)
    save_draft(
        member=youth,
        form_key=f"message:{trajectory.pk}",
        data={"text": "Mag ik"},
        family_id=trajectory.family_id,
        actor=youth.user,
    )


def test_a_journal_note_moves_the_clock_twenty_years_on():
    with time_machine.travel(NOON, tick=False):
        trajectory = TrajectoryFactory(phase=Phase.WALK_ALONG)
        coordinator = make_professional(network=trajectory.network)
        add_to_team(trajectory, coordinator, CareTeamRole.COORDINATOR)
        Family.objects.filter(pk=trajectory.family_id).update(changed_at=OLD)
        add_observation(
            trajectory, life_domain="financien", kind="concern", text="Post", actor=coordinator.user
        )
        family = Family.objects.get(pk=trajectory.family_id)
        assert family.changed_at == timezone.now()
        assert family.retain_until == datetime.date(2046, 11, 2)


def test_reads_and_decisions_about_keeping_leave_the_clock_alone():
    with time_machine.travel(NOON, tick=False):
        trajectory = TrajectoryFactory(phase=Phase.WALK_ALONG)
        Family.objects.filter(pk=trajectory.family_id).update(changed_at=OLD)
        for event_type, action in (
            (EventType.READ, "families.family.read"),
            (EventType.UPDATE, "families.family.destruction_proposed"),
        ):
            audit.record(event_type, action, actor=None, family_id=trajectory.family_id)
        assert Family.objects.get(pk=trajectory.family_id).changed_at == OLD


def test_the_migration_recomputes_the_clock_from_the_access_log():
    recompute = import_module(
        "samenspel.families.migrations.0006_retention_clock_from_the_access_log"
    ).recompute
    with time_machine.travel(NOON, tick=False):
        moved, kept = TrajectoryFactory().family, TrajectoryFactory().family
        audit.record(EventType.CREATE, "plans.goal.create", actor=None, family_id=moved.pk)
        audit.record(EventType.READ, "families.family.read", actor=None, family_id=kept.pk)
        Family.objects.filter(pk__in=[moved.pk, kept.pk]).update(
            changed_at=OLD, retain_until=datetime.date(2021, 1, 1)
        )
        recompute(apps, None)
        moved.refresh_from_db()
        kept.refresh_from_db()
        assert (moved.changed_at, moved.retain_until) == (timezone.now(), None)
        assert (kept.changed_at, kept.retain_until) == (OLD, datetime.date(2021, 1, 1))
