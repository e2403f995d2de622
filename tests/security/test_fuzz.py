"""Property-based fuzzing (Hypothesis) of the forms, the main POST pages and the importers:
whatever is sent, never a server error; a refusal is a field error with a Dutch message; a
refused POST writes nothing.

Bounded for CI: a fixed, derandomised example budget per property (`FUZZ`), no deadline (the
machine's load must not fail a test). `SAMENSPEL_FUZZ_EXAMPLES=2000` and
`SAMENSPEL_FUZZ_RANDOM=1` search deeper and differently on a developer's machine.
"""

import io
import os
import string

import pytest
from django import forms
from django.apps import apps
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenspel.core.validators import TEXT_AREA_MAX
from samenspel.network import importing
from tests.factories import FamilyMemberFactory, NetworkFactory, make_plan, make_team
from tests.security.formclasses import form_classes

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("SAMENSPEL_FUZZ_EXAMPLES", "25")),
    deadline=None,
    derandomize=not os.environ.get("SAMENSPEL_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# What an attacker (or a confused browser) sends for a field: any text, including control
# and reading-direction characters, numbers no column holds, malformed and absurd dates,
# very long values, and what SQL and templates might choke on.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u202eevil\u202c",
        "\u2066x\u2069",
        str(2**63),
        str(-(2**63) - 1),
        "9" * 40,
        "1e400",
        "NaN",
        "-0",
        "0000-00-00",
        "1066-10-14",
        "20025-01-01",
        "2026-02-30",
        "31-12-2026",
        "'; DROP TABLE families_family; --",
        "{{ request }}",
        "<script>alert(1)</script>",
        "x" * (TEXT_AREA_MAX + 1),
        "\ud7ff\ue000\U0010ffff",
    ]
)
VALUE = st.one_of(
    NASTY,
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.text(alphabet=string.printable, max_size=300),
)

# The app tables a form page may write to; the access log is left out (a refusal is
# logged, which is a write, and wanted).
WRITTEN_APPS = ("families", "trajectories", "plans", "network", "accounts")


def _counts():
    return {
        model._meta.label: model._default_manager.count()
        for app in WRITTEN_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _refusal(field: forms.Field, value: object, language: str) -> list[str]:
    """The field's messages for the value in `language` (none when it accepts it)."""
    with translation.override(language):
        try:
            field.clean(value)
        except forms.ValidationError as error:
            return [str(message) for message in error.messages]
    return []


FIELDS = sorted(
    {
        (form_class, name)
        for form_class in form_classes()
        for name in form_class.base_fields
        if not isinstance(form_class.base_fields[name], forms.FileField)
    },
    key=lambda pair: (pair[0].__module__, pair[0].__name__, pair[1]),
)


def test_the_fuzz_reaches_the_fields_of_every_form():
    assert len({form_class for form_class, _name in FIELDS}) > 70
    assert len(FIELDS) > 300


@FUZZ
@given(field=st.sampled_from(FIELDS), value=st.one_of(VALUE, st.lists(VALUE, max_size=3)))
def test_every_field_of_every_form_takes_anything_and_refuses_in_dutch(field, value):
    form_class, name = field
    form_field = form_class.base_fields[name]
    # What a POST can bring the field: the values sent under its name, read by its widget
    # (a date box reads one value, a list of checkboxes several).
    sent = QueryDict(mutable=True)
    sent.setlist(name, [str(v) for v in value] if isinstance(value, list) else [value])
    value = form_field.widget.value_from_datadict(sent, MultiValueDict(), name)
    dutch = _refusal(form_field, value, "nl")
    english = _refusal(form_field, value, "en")
    if isinstance(form_field, forms.DateField | forms.DateTimeField) and not dutch:
        # Dutch also reads its own notation (31-12-2026), which English refuses.
        english = []
    assert len(dutch) == len(english)
    for nl_text, en_text in zip(dutch, english, strict=True):
        assert nl_text.strip(), (form_class.__name__, name, value)
        # A message with words is translated (one that is only the value sent need not be).
        if any(ch.isalpha() for ch in en_text) and len(en_text) > 12:
            assert nl_text != en_text, (form_class.__name__, name, en_text)


@pytest.fixture
def coordinator_on_a_family():
    trajectory, coordinator = make_team()
    FamilyMemberFactory(family=trajectory.family)
    make_plan(trajectory, actor=coordinator.user, goals=1)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator.user)
    return client, trajectory


def _pages():
    from samenspel.families.forms import FamilyForm, MemberForm
    from samenspel.plans.forms import GoalForm
    from samenspel.trajectories.forms import MeetingForm, ObservationForm

    return [
        ("families:family_edit", "family", FamilyForm),
        ("families:member_add", "family", MemberForm),
        ("trajectories:observation_add", "trajectory", ObservationForm),
        ("trajectories:meeting_create", "trajectory", MeetingForm),
        ("plans:item_new", "plan", GoalForm),
    ]


def _plausible(field: forms.Field):
    """Values the field may accept, so the fuzz reaches the save as well as the refusal."""
    if isinstance(field, forms.ModelChoiceField):
        return st.sampled_from(["1", "2", "3"])
    if isinstance(field, forms.ChoiceField) and not callable(field.choices):
        values = [str(key) for key, _label in field.choices if key not in ("", None)]
        return st.sampled_from(values) if values else VALUE
    if isinstance(field, forms.DateTimeField):
        return st.sampled_from(["2026-01-05 10:00", "2027-03-01T09:30"])
    if isinstance(field, forms.DateField):
        return st.dates().map(lambda d: d.isoformat())
    if isinstance(field, forms.IntegerField):
        return st.integers(min_value=-5, max_value=500).map(str)
    return st.text(max_size=80)


def _url(name, scope, trajectory):
    if scope == "family":
        return reverse(name, kwargs={"family_id": trajectory.family_id})
    if scope == "plan":
        return reverse(name, kwargs={"trajectory_id": trajectory.pk, "kind": "goal"})
    return reverse(name, kwargs={"pk": trajectory.pk})


@FUZZ
@given(page=st.sampled_from(_pages()), data=st.data())
def test_the_main_forms_never_fail_and_a_refusal_writes_nothing(
    coordinator_on_a_family, page, data
):
    client, trajectory = coordinator_on_a_family
    name, scope, form_class = page
    fields = form_class.base_fields
    chosen = data.draw(st.lists(st.sampled_from(sorted(fields)), unique=True), label="fields")
    payload = {
        field: data.draw(st.one_of(VALUE, _plausible(fields[field])), label=field)
        for field in chosen
    }
    before = _counts()
    response = client.post(_url(name, scope, trajectory), payload)
    assert response.status_code < 500, (name, payload)
    if response.status_code != 302:
        assert _counts() == before, f"{name} wrote part of a refused form: {payload!r}"


CELL = st.one_of(
    NASTY, st.text(max_size=40), st.sampled_from(["ORG-1", "P-1", "jeugdhulp", "nl;en", "a@b.nl"])
)


@FUZZ
@given(
    kind=st.sampled_from(["organisations", "professionals"]),
    header=st.lists(
        st.sampled_from(
            [
                "external_id",
                "name",
                "sector",
                "email",
                "full_name",
                "organisation",
                "languages",
                "expertise",
                "hours_per_week",
                "country",
                "website",
                "Extern ID",
                "naam",
                "",
            ]
        ),
        min_size=1,
        max_size=8,
    ),
    rows=st.lists(st.lists(CELL, max_size=9), max_size=6),
    separator=st.sampled_from([";", ",", "\t"]),
)
def test_an_import_file_is_read_checked_and_written_whole_or_not_at_all(
    kind, header, rows, separator
):
    network = NetworkFactory()
    text = "\n".join(separator.join(line) for line in [header, *rows])
    try:
        parsed = importing.read_rows(io.BytesIO(text.encode("utf-8", "surrogatepass")), "f.csv")
    except importing.UnreadableFileError as error:
        assert str(error)
        return
    problems = importing.check_rows(kind, parsed, network)
    for problem in problems:
        assert problem.message and problem.line >= 0
    if problems:
        return
    before = _counts()
    try:
        importing.apply_rows(kind, parsed, network)
    except Exception:  # a clean dry run that still fails must write nothing
        assert _counts() == before
        raise


@FUZZ
@given(content=st.binary(max_size=2_000), name=st.sampled_from(["f.xlsx", "f.csv", "f.txt"]))
def test_any_bytes_as_an_import_file_are_a_clear_refusal_or_rows(content, name):
    try:
        rows = importing.read_rows(io.BytesIO(content), name)
    except importing.UnreadableFileError as error:
        assert str(error)
    else:
        assert isinstance(rows, list)
