"""The family's own access (Jeugdwet 7.3.4/7.3.5): a child sees the file from the 12th
birthday, never edits it; a family member sees only their own family."""

import datetime

import pytest

from samenspel.access.policy import Action, Ground, decide, visible_family_ids
from samenspel.accounts.models import Role
from samenspel.families.models import Family, MemberRole
from tests.factories import FamilyFactory, FamilyMemberFactory, make_user

pytestmark = pytest.mark.django_db
BORN = datetime.date(2014, 8, 20)


@pytest.fixture
def child_login():
    family = FamilyFactory()
    user = make_user(Role.FAMILY_MEMBER)
    FamilyMemberFactory(family=family, role=MemberRole.CHILD, date_of_birth=BORN, user=user)
    FamilyFactory(network=family.network)  # the neighbours' file
    return user, family


def test_a_child_sees_the_file_from_the_twelfth_birthday(child_login):
    user, family = child_login
    day_before, birthday = datetime.date(2026, 8, 19), datetime.date(2026, 8, 20)
    assert not decide(user, family, on=day_before).allowed
    assert decide(user, family, on=birthday).ground == Ground.FAMILY_MEMBER
    assert list(Family.objects.filter(pk__in=visible_family_ids(user, on=day_before))) == []
    assert list(Family.objects.filter(pk__in=visible_family_ids(user, on=birthday))) == [family]


def test_a_family_member_reads_prints_and_exports_but_never_edits(child_login):
    user, family = child_login
    on = datetime.date(2027, 1, 1)
    assert decide(user, family, Action.PRINT, on=on).allowed
    assert decide(user, family, Action.EXPORT, on=on).allowed
    edit = decide(user, family, Action.EDIT, on=on)
    assert (edit.allowed, edit.visible) == (False, True)


def test_a_parent_sees_only_their_own_family():
    family = FamilyFactory()
    parent = make_user(Role.FAMILY_MEMBER)
    FamilyMemberFactory(family=family, role=MemberRole.PARENT, user=parent, date_of_birth=None)
    other = FamilyFactory(network=family.network)
    assert decide(parent, family).allowed
    assert not decide(parent, other).visible
    assert list(Family.objects.visible_to(parent)) == [family]


def test_a_deceased_member_has_no_access():
    family = FamilyFactory()
    user = make_user(Role.FAMILY_MEMBER)
    FamilyMemberFactory(family=family, role=MemberRole.PARENT, user=user, deceased=True)
    assert not decide(user, family).visible
