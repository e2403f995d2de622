"""One life-domain concept (issue 19): the walk-along journal files its entries under the
life domains of the plan (`plans.queries.life_domains()`), and the data migration moves every
old journal value to one of them without losing any."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from samenspel.plans.forms import AssessmentForm
from samenspel.plans.models import InstrumentVersion
from samenspel.plans.queries import life_domain_labels, life_domains
from samenspel.trajectories import actions
from samenspel.trajectories.forms import ObservationForm
from samenspel.trajectories.models import Observation, ObservationKind
from tests.trajectories.conftest import in_walk_along

pytestmark = pytest.mark.django_db

JOURNAL = import_module("samenspel.trajectories.migrations.0013_journal_life_domains_housea")
EXTRA = import_module("samenspel.plans.migrations.0008_life_domain_opvoeding_housea")
OLD_VALUES = [
    "finances",
    "work",
    "time_use",
    "housing",
    "domestic_relations",
    "mental_health",
    "physical_health",
    "substance_use",
    "basic_adl",
    "instrumental_adl",
    "social_network",
    "participation",
    "justice",
    "parenting",
]


def test_the_life_domains_are_the_zrm_2017_domains_and_opvoeding():
    codes = list(life_domains().values_list("code", flat=True))

    assert len(codes) == 14
    assert codes[:1] == ["financien"]
    assert codes[-1] == "opvoeding"
    assert life_domains().get(code="opvoeding").scored is False


def test_the_migration_maps_every_old_journal_value_to_one_life_domain(world):
    Observation.objects.bulk_create(
        Observation(
            trajectory=world.trajectory,
            life_domain=value,
            kind=ObservationKind.CONCERN,
            text=value,
            author=world.coordinator.user,
        )
        for value in [*OLD_VALUES, "something-else"]
    )

    JOURNAL.forwards(apps, None)

    moved = dict(Observation.objects.values_list("text", "life_domain"))
    assert set(JOURNAL.TO_ZRM) == set(OLD_VALUES)
    assert {moved[value] for value in OLD_VALUES} == set(life_domain_labels())
    assert moved["parenting"] == "opvoeding"
    assert moved["mental_health"] == "geestelijke-gezondheid"
    assert moved["something-else"] == "something-else"  # nothing is dropped

    JOURNAL.backwards(apps, None)

    assert dict(Observation.objects.values_list("text", "life_domain")) == {
        **{value: value for value in OLD_VALUES},
        "something-else": "something-else",
    }


def test_the_extra_domain_is_added_once():
    EXTRA.add(apps, None)
    EXTRA.add(apps, None)

    assert life_domains().filter(code="opvoeding").count() == 1


def test_an_assessment_never_asks_for_the_extra_domain(world):
    version = InstrumentVersion.objects.get(instrument__code="zrm-2017", is_current=True)

    form = AssessmentForm(trajectory=world.trajectory, instrument_version=version)

    assert "opvoeding" not in {domain.code for domain in form.domains}
    assert len(form.domains) == 13


def test_the_journal_form_offers_the_life_domains_in_the_readers_language(world):
    form = ObservationForm()

    choices = dict(form.fields["life_domain"].choices)
    assert list(choices) == list(life_domains().values_list("code", flat=True))
    assert choices["opvoeding"] == "Parenting"  # English here (conftest); Dutch: Opvoeding


def test_a_note_names_one_of_the_life_domains(world):
    trajectory = in_walk_along(world)
    add = actions.add_observation

    note = add(
        trajectory, life_domain="opvoeding", kind="strength", text="x", actor=world.coordinator.user
    )

    assert note.life_domain == "opvoeding"
    with pytest.raises(ValidationError):
        add(
            trajectory,
            life_domain="parenting",
            kind="strength",
            text="x",
            actor=world.coordinator.user,
        )
