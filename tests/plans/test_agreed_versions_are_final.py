"""A plan version is final once agreed: what everybody committed to never changes silently.
Changes make a new version, at an MDO or an evaluation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenspel.families.models import MemberRole
from samenspel.plans import actions
from samenspel.plans.draft_values import from_cleaned
from samenspel.plans.forms import GoalForm
from samenspel.plans.models import (
    AgreedVersionIsFinalError,
    AssentMethod,
    Goal,
    Occasion,
    PlanAssent,
    VersionStatus,
)
from tests.factories import (
    FamilyMemberFactory,
    GoalFactory,
    add_to_team,
    make_plan,
    make_professional,
    make_team,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed():
    trajectory, coordinator = make_team()
    version = make_plan(trajectory, actor=coordinator.user, agreed=True)
    return trajectory, coordinator, version


def test_agreeing_makes_the_version_final_and_records_the_coordinator(agreed):
    _trajectory, coordinator, version = agreed
    assert version.status == VersionStatus.AGREED
    assert version.agreed_by == coordinator.user
    assert PlanAssent.objects.get(version=version).coordinator == coordinator.user


def test_a_goal_of_an_agreed_version_cannot_be_saved_or_deleted(agreed):
    _trajectory, _coordinator, version = agreed
    goal = version.goals.first()
    goal.title = "Iets anders"
    with pytest.raises(AgreedVersionIsFinalError):
        goal.save()
    with pytest.raises(AgreedVersionIsFinalError):
        goal.delete()
    with pytest.raises(AgreedVersionIsFinalError):
        GoalFactory(version=version)
    assert Goal.objects.get(pk=goal.pk).title != "Iets anders"


def test_the_agreed_version_itself_cannot_be_saved_or_deleted(agreed):
    _trajectory, _coordinator, version = agreed
    version.family_words = "Anders"
    with pytest.raises(AgreedVersionIsFinalError):
        version.save()
    with pytest.raises(AgreedVersionIsFinalError):
        version.delete()


def test_the_draft_actions_refuse_an_agreed_version(agreed):
    trajectory, coordinator, version = agreed
    goal = version.goals.first()
    title = goal.title
    form = GoalForm(
        {"title": "Nieuw", "domain": goal.domain_id, "level_0": "Klaar", "weight": 1},
        instance=goal,
        trajectory=trajectory,
    )
    assert form.is_valid(), form.errors
    with pytest.raises(AgreedVersionIsFinalError):
        actions.save_draft_item(
            goal,
            from_cleaned(Goal, form.cleaned_data),
            version=version,
            expected_revision=goal.revision,
            actor=coordinator.user,
        )
    with pytest.raises(AgreedVersionIsFinalError):
        actions.remove_draft_item(goal, expected_revision=goal.revision, actor=coordinator.user)
    with pytest.raises(AgreedVersionIsFinalError):
        actions.agree_version(version, actor=coordinator.user, agreed_on=timezone.localdate())
    assert Goal.objects.get(pk=goal.pk).title == title


def test_only_the_coordinator_agrees_the_plan():
    trajectory, coordinator = make_team()
    colleague = make_professional(organisation=coordinator.home_organisation)
    add_to_team(trajectory, colleague)
    version = make_plan(trajectory, actor=colleague.user)
    with pytest.raises(PermissionDenied):
        actions.agree_version(version, actor=colleague.user, agreed_on=timezone.localdate())
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_a_plan_without_goals_cannot_be_agreed():
    trajectory, coordinator = make_team()
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    with pytest.raises(ValidationError):
        actions.agree_version(version, actor=coordinator.user, agreed_on=timezone.localdate())


def test_family_members_agree_in_the_meeting_and_later_on_paper():
    trajectory, coordinator = make_team()
    mother = FamilyMemberFactory(family=trajectory.family, role=MemberRole.PARENT)
    noah = FamilyMemberFactory(family=trajectory.family)
    version = make_plan(trajectory, actor=coordinator.user)
    actions.agree_version(
        version,
        actor=coordinator.user,
        agreed_on=timezone.localdate(),
        members={mother: AssentMethod.MEETING},
    )
    actions.record_member_agreement(
        version,
        member=noah,
        method=AssentMethod.PAPER,
        agreed_on=timezone.localdate(),
        actor=coordinator.user,
    )
    methods = dict(
        PlanAssent.objects.filter(version=version, member__isnull=False).values_list(
            "member__given_name", "method"
        )
    )
    assert methods == {mother.given_name: "meeting", noah.given_name: "paper"}
    with pytest.raises(ValidationError):
        actions.record_member_agreement(
            version,
            member=noah,
            method=AssentMethod.PORTAL,
            agreed_on=timezone.localdate(),
            actor=coordinator.user,
        )


def test_a_new_version_copies_the_agreed_content_with_the_same_keys(agreed):
    trajectory, coordinator, version = agreed
    member = FamilyMemberFactory(family=trajectory.family)
    old_goal = version.goals.first()
    Goal.members.through.objects.create(goal_id=old_goal.pk, familymember_id=member.pk)
    draft = actions.start_new_version(
        version.plan, occasion=Occasion.MDO, reason="Na het MDO", actor=coordinator.user
    )
    assert draft.number == 2
    assert draft.based_on == version
    assert draft.status == VersionStatus.DRAFT
    assert set(draft.goals.values_list("key", flat=True)) == set(
        version.goals.values_list("key", flat=True)
    )
    assert list(draft.goals.get(key=old_goal.key).members.all()) == [member]
    assert {a.goal.key for a in draft.actions.select_related("goal")} == {
        g.key for g in version.goals.all()
    }
    # The copy is a draft: it can change while the agreed version stays.
    copy = draft.goals.get(key=old_goal.key)
    copy.title = "Noah gaat vier dagen per week"
    copy.save()
    assert Goal.objects.get(pk=old_goal.pk).title == old_goal.title
    with pytest.raises(ValidationError):
        actions.start_new_version(
            version.plan, occasion=Occasion.MDO, reason="Nog een", actor=coordinator.user
        )


def test_safety_concerns_need_a_safety_plan_before_agreeing():
    from samenspel.families.models import Registration, SafetyStatus

    trajectory, coordinator = make_team()
    Registration.objects.create(
        family=trajectory.family,
        network=trajectory.network,
        trajectory=trajectory,
        referrer_kind="gp",
        safety_status=SafetyStatus.CONCERNS,
    )
    version = make_plan(trajectory, actor=coordinator.user)
    with pytest.raises(ValidationError):
        actions.agree_version(version, actor=coordinator.user, agreed_on=timezone.localdate())
    version.safety_plan = "Oma Ria is er als het thuis misgaat; Veilig Thuis 0800-2000."
    version.save()
    actions.agree_version(version, actor=coordinator.user, agreed_on=timezone.localdate())
    version.refresh_from_db()
    assert version.status == VersionStatus.AGREED


def test_later_agreement_needs_an_agreed_version():
    trajectory, coordinator = make_team()
    noah = FamilyMemberFactory(family=trajectory.family)
    version = make_plan(trajectory, actor=coordinator.user)
    with pytest.raises(ValidationError):
        actions.record_member_agreement(
            version,
            member=noah,
            method=AssentMethod.PAPER,
            agreed_on=timezone.localdate(),
            actor=coordinator.user,
        )
    assert not PlanAssent.objects.exists()
