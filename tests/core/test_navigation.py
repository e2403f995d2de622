"""The main menu marks exactly one item as the current page: the most specific one."""

import pytest
from django.test import RequestFactory

from samenspel.accounts.models import Role
from samenspel.core.navigation import nav_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _current(user, path):
    request = RequestFactory().get(path)
    request.user = user
    return [str(link.url) for link in nav_for(request) if link.current]


def test_a_page_under_a_menu_item_marks_only_the_most_specific_item():
    coordinator = make_user(Role.PROFESSIONAL, Role.COORDINATOR)

    assert _current(coordinator, "/families/intake/") == ["/families/intake/"]
    assert _current(coordinator, "/families/12/") == ["/families/"]
    assert _current(coordinator, "/") == ["/"]


def test_a_page_outside_the_menu_marks_nothing():
    assert _current(make_user(Role.PROFESSIONAL), "/accounts/email/") == []
