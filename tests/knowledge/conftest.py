"""A small hub: one network with two organisations, a learning network facilitated by one
professional with one colleague as member, and a professional outside it."""

from importlib import import_module
from types import SimpleNamespace

import pytest

from samenspel.accounts.models import Role
from samenspel.knowledge import actions
from samenspel.knowledge.models import Theme
from tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    add_to_network,
    make_colleague,
    make_user,
)

_THEMES = import_module("samenspel.knowledge.migrations.0002_themes_and_search_indexes").THEMES


def theme(slug: str) -> Theme:
    """One of the default themes (a browser test empties the tables after itself)."""
    name = next(name for code, name, _ in _THEMES if code == slug)
    return Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0]


@pytest.fixture
def hub(db):
    network = NetworkFactory(name="Beter Thuis", slug="beter-thuis")
    youth = OrganisationFactory(name="Jeugdhulp Hofstad")
    lvb = OrganisationFactory(name="Steunpunt LVB")
    for organisation in (youth, lvb):
        add_to_network(organisation, network)
    facilitator = make_colleague(network, full_name="Fatima el Amrani", organisation=youth).user
    member = make_colleague(network, full_name="Emre Yilmaz", organisation=lvb).user
    colleague = make_colleague(network, full_name="Joost de Vries", organisation=youth).user
    outsider = make_colleague(NetworkFactory(), full_name="Bart Willaert").user
    learning_network = actions.create_learning_network(
        actor=facilitator,
        name="Samen aan tafel",
        theme=theme("integraal-werken"),
        purpose="We leren meelopen in de thuissituatie.",
        networks=[network],
    )
    actions.add_member(learning_network, actor=facilitator, user=member, kind="professional")
    return SimpleNamespace(
        network=network,
        youth=youth,
        lvb=lvb,
        facilitator=facilitator,
        member=member,
        colleague=colleague,
        outsider=outsider,
        learning_network=learning_network,
        parent=make_user(Role.FAMILY_MEMBER, mfa=False),
    )


LESSON = {
    "title": "Meelopen in de thuissituatie",
    "context": "Twee professionals lopen zes weken mee.",
    "what_happened": "Het gezin vertelde zijn verhaal drie keer.",
    "what_we_learned": "Vooraf afspreken wie welke vragen stelt.",
    "what_we_change": "Eén gesprek, één verhaal.",
}
