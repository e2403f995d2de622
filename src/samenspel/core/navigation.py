"""The main navigation. Each app lists its own items in `<app>/navigation.py` as
`NAV_ITEMS = [NavItem(...)]`; which items a user sees follows from their roles."""

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: frozenset[Role] | None = None  # None: every logged-in user
    position: int = 50  # lower comes first


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str | Promise
    current: bool


NAV_ITEMS: list[NavItem] = [
    NavItem("core:home", _("Home"), position=0),
    NavItem("mfa_index", _("Login security"), position=90),
]


@cache
def all_items() -> tuple[NavItem, ...]:
    items = list(NAV_ITEMS)
    for config in apps.get_app_configs():
        own = config.name.startswith("samenspel.") and config.name != "samenspel.core"
        if own and module_has_submodule(config.module, "navigation"):
            items += import_module(f"{config.name}.navigation").NAV_ITEMS
    return tuple(sorted(items, key=lambda item: item.position))


@lru_cache(maxsize=256)
def _address(url_name: str, prefix: str, urlconf: str) -> str:
    # A menu item's address depends only on these: reversed once, not on every page.
    return reverse(url_name, urlconf=urlconf)


def nav_for(request: HttpRequest) -> list[NavLink]:
    user = request.user
    if not user.is_authenticated:
        return []
    prefix = get_script_prefix()
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    items = [
        (_address(item.url_name, prefix, urlconf), item.label)
        for item in all_items()
        if item.roles is None or user.has_role(*item.roles)
    ]
    # One current item: the one whose address is the longest prefix of this page's
    # (/families/intake/ is "Aanmeldingen", not also "Gezinnen" at /families/).
    matches = [
        url
        for url, _label in items
        if request.path == url or (url != "/" and request.path.startswith(url))
    ]
    current = max(matches, key=len, default=None)
    return [NavLink(url, label, url == current) for url, label in items]
