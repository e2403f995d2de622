"""An action says who does it: a professional (on behalf of an organisation), a family
member, or someone from the family's network; the form says which one is missing."""

import pytest

from samenspel.families.models import MemberRole
from samenspel.plans.forms import PlanActionForm
from samenspel.plans.models import ActionOwnerKind
from tests.factories import FamilyMemberFactory, make_plan

pytestmark = pytest.mark.django_db


def _form(trajectory, version, **data):
    return PlanActionForm(
        {"what": "Bellen met school", "status": "planned", **data},
        instance=None,
        trajectory=trajectory,
        version=version,
        hidden_member_ids=set(),
    )


def test_a_professional_acts_on_behalf_of_their_organisation_in_this_team(team):
    trajectory, coordinator = team
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    form = _form(
        trajectory,
        version,
        owner_kind=ActionOwnerKind.PROFESSIONAL,
        professional=str(coordinator.pk),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation"] == coordinator.home_organisation


def test_each_kind_of_owner_must_be_named(team):
    trajectory, coordinator = team
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    for kind, field in (
        (ActionOwnerKind.PROFESSIONAL, "professional"),
        (ActionOwnerKind.MEMBER, "member"),
        (ActionOwnerKind.NETWORK, "network_person"),
    ):
        form = _form(trajectory, version, owner_kind=kind)
        assert not form.is_valid()
        assert field in form.errors


def test_a_family_member_does_it_and_other_owners_are_cleared(team):
    trajectory, coordinator = team
    version = make_plan(trajectory, actor=coordinator.user, goals=0)
    mother = FamilyMemberFactory(family=trajectory.family, role=MemberRole.PARENT)
    form = _form(
        trajectory,
        version,
        owner_kind=ActionOwnerKind.MEMBER,
        member=str(mother.pk),
        professional=str(coordinator.pk),
        network_person="Oma Ria",
    )
    assert form.is_valid(), form.errors
    action = form.save(commit=False)
    assert (action.member, action.professional, action.network_person) == (mother, None, "")
