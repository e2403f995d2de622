"""Text has a maximum in the model and the database, not only in the forms (issue 21).

The census reads every CharField and TextField of every model in the app registry: a
CharField has its `max_length` (the model's validator; PostgreSQL's varchar), a TextField of
the product is a `LimitedTextField` (the model's validator and a CHECK on its length in the
database) with the forms' limit. The exceptions below say why each is one. The write tests
go around every form and model check (`QuerySet.update`) and must be refused by the
database itself, on SQLite and on PostgreSQL.
"""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from samenspel.core.fields import LimitedTextField
from samenspel.core.validators import TEXT_AREA_MAX
from tests.factories import FamilyMemberFactory, make_plan, make_team

# Text columns without a limit of ours, and why.
NOT_WRITTEN_BY_USERS = {
    "audit.AccessEvent.reason": "the access log is append-only and written by the product "
    "only, from a reason a form already limited; a CHECK must never make an event unwritable",
    "audit.Seal.snapshot": "the product's own serialisation of the log",
    "families.FamilyMember.bsn_encrypted": "ciphertext the product writes, of a nine-digit number",
    "knowledge.SearchEntry.document": "the search index, derived from limited texts",
    "api.ApiClient.scopes": "written by `api_client register` from the fixed list of scopes",
    "plans.Instrument.licence_note": "shipped with the product (load_instruments)",
    "collaboration.Instrument.description": "shipped with the product (load_instruments)",
    "collaboration.Instrument.licence_note": "shipped with the product (load_instruments)",
    "collaboration.InstrumentItem.help_text": "shipped with the product (load_instruments)",
}
# Apps that are not ours: their tables and migrations belong to their packages, and what
# they store is written by the package (sessions, login attempts, OAuth tokens, tasks).
NOT_OURS = {"sessions", "axes", "oauth2_provider", "django_tasks_database"}


def _text_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and field.concrete:
                yield model, field, f"{model._meta.label}.{field.name}"


def test_every_text_column_has_a_maximum():
    unlimited = []
    for model, field, label in _text_fields():
        if model._meta.app_label in NOT_OURS or label in NOT_WRITTEN_BY_USERS:
            continue
        if isinstance(field, models.TextField):
            if not isinstance(field, LimitedTextField) or field.max_length != TEXT_AREA_MAX:
                unlimited.append(label)
        elif not field.max_length:
            unlimited.append(label)
    assert not unlimited, f"text without a maximum in the model and database: {unlimited}"


def test_the_exceptions_are_still_text_without_a_limit():
    labels = {label: field for _model, field, label in _text_fields()}
    for label in NOT_WRITTEN_BY_USERS:
        assert label in labels, f"{label} is gone; remove it from the exceptions"
        assert not isinstance(labels[label], LimitedTextField), f"{label} has a limit now"
    limited = [label for _m, field, label in _text_fields() if isinstance(field, LimitedTextField)]
    assert len(limited) > 70


def test_the_model_and_its_form_refuse_one_character_too_many():
    from samenspel.trajectories.forms import ObservationForm
    from samenspel.trajectories.models import Observation

    field = Observation._meta.get_field("text")
    with pytest.raises(ValidationError):
        field.clean("x" * (TEXT_AREA_MAX + 1), None)
    field.clean("x" * TEXT_AREA_MAX, None)
    assert ObservationForm.base_fields["text"].max_length == TEXT_AREA_MAX


@pytest.mark.django_db
def test_the_database_refuses_a_text_over_the_limit_that_passed_no_form():
    from samenspel.families.models import Family
    from samenspel.plans.models import PlanVersion
    from samenspel.trajectories.models import Trajectory

    trajectory, coordinator = make_team()
    FamilyMemberFactory(family=trajectory.family)
    make_plan(trajectory, actor=coordinator.user, goals=1)
    at_limit = "é" * TEXT_AREA_MAX  # characters, not bytes: two bytes each in UTF-8
    Trajectory.objects.filter(pk=trajectory.pk).update(mdo_skipped_reason=at_limit)
    PlanVersion.objects.filter(plan__trajectory=trajectory).update(family_words=at_limit)
    for queryset, column in (
        (Trajectory.objects.filter(pk=trajectory.pk), "mdo_skipped_reason"),
        (PlanVersion.objects.filter(plan__trajectory=trajectory), "family_words"),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            queryset.update(**{column: at_limit + "x"})
    assert Trajectory.objects.get(pk=trajectory.pk).mdo_skipped_reason == at_limit
    assert Family.objects.filter(pk=trajectory.family_id).exists()
