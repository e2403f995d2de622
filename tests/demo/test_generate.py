"""The benchmarks' generator (`python -m bench.generator`, not shipped): synthetic data
that is consistent, resumable and verifiable."""

from importlib import import_module

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone

from bench.generator.__main__ import main
from bench.generator.generate import generate
from samenspel.audit.verify import verify_chain
from samenspel.demo.models import GeneratedBatch
from samenspel.families.models import (
    Consent,
    Family,
    FamilyMember,
    MeldcodeRecord,
    Registration,
)
from samenspel.network.models import Absence, Professional, ProfessionalExpertise
from samenspel.plans.models import DomainScore, Evaluation, Goal, GoalScore, Plan, PlanVersion
from samenspel.trajectories.models import (
    CareTeamMembership,
    CareTeamRole,
    Closure,
    FollowUpAction,
    Handover,
    Meeting,
    Observation,
    Participant,
    Perspective,
    Trajectory,
)
from samenspel.trajectories.models.closure import INDICATORS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _instruments():
    _load_instruments()


def _load_instruments() -> None:
    """The instruments a data migration loads (transactional tests flush them)."""
    from django.apps import apps

    import_module("samenspel.plans.migrations.0002_default_instruments").load(apps, None)
    import_module("samenspel.plans.migrations.0008_life_domain_opvoeding_housea").add(apps, None)
    # Sectors, expertise and languages (the taxonomy the synthetic profiles draw from).
    import_module(
        "samenspel.network.migrations.0004_default_sectors_expertise_languages"
    ).add_defaults(apps, None)


def test_generated_families_are_complete_and_the_access_log_verifies():
    result = generate(30, batch_size=10, progress=False)

    assert result["families"] == 30
    assert Family.objects.count() == 30
    sizes = Family.objects.annotate(n=Count("members")).values_list("n", flat=True)
    assert min(sizes) >= 2 and max(sizes) <= 7  # a parent and at least one child
    assert 2.5 < FamilyMember.objects.count() / 30 < 4.5
    assert Trajectory.objects.count() == 30
    # Every trajectory has exactly one coordinator, from the family's own network.
    coordinators = CareTeamMembership.objects.filter(role=CareTeamRole.COORDINATOR)
    assert coordinators.count() == 30
    assert not coordinators.exclude(
        professional__assignments__network=F("trajectory__network")
    ).exists()
    report = verify_chain()
    assert report.intact and report.checked >= 30 * 6


def test_registrations_consents_and_walk_along_notes_follow_the_trajectory():
    generate(40, batch_size=20, progress=False)

    assert Registration.objects.count() == Trajectory.objects.count() == 40
    assert not Registration.objects.exclude(family=F("trajectory__family")).exists()
    assert not Registration.objects.filter(help_questions__isnull=True).exists()
    past_registration = Trajectory.objects.exclude(phase="registration")
    consents = Consent.objects.filter(purpose="team_collaboration")
    assert consents.count() == past_registration.count()
    # The consent covers every organisation on the team, so the policy's consent ground holds.
    for membership in CareTeamMembership.objects.select_related("trajectory"):
        if membership.trajectory.phase != "registration":
            assert consents.filter(
                family=membership.trajectory.family_id,
                recipient_organisations=membership.organisation_id,
            ).exists()
    assert not Observation.objects.filter(trajectory__phase__in=["registration"]).exists()
    assert Observation.objects.exists()


def test_closed_trajectories_have_a_closure_with_reason_indicators_and_follow_up():
    generate(40, batch_size=20, progress=False)

    closed = Trajectory.objects.filter(phase="closed")
    assert Closure.objects.count() == closed.count() > 0
    assert not Closure.objects.exclude(closed_on=F("trajectory__closed_on")).exists()
    for closure in Closure.objects.all():
        # Drop-out (indicator 1) only for an early end (and then only without agreement).
        assert not closure.dropout or INDICATORS[closure.reason]["early"]
        assert (closure.follow_up_checked_on is None) == (closure.youth_care_restarted is None)


def test_trajectories_that_reached_a_plan_have_one_with_goals_evaluations_and_zrm():
    generate(60, batch_size=30, progress=False)

    with_plan = Trajectory.objects.filter(phase__in=["plan", "execution", "closed"])
    assert Plan.objects.count() == with_plan.count() > 0
    assert not Plan.objects.exclude(trajectory__in=with_plan).exists()
    # Every version has goals; each goal scaled and for a member of the family.
    assert not PlanVersion.objects.filter(goals__isnull=True).exists()
    assert not Goal.objects.exclude(members__family=F("version__plan__trajectory__family")).exists()
    # Agreed versions carry the date; a plan has at most one draft (the constraints hold).
    assert not PlanVersion.objects.filter(status="agreed", agreed_at__isnull=True).exists()
    evaluations = Evaluation.objects.all()
    assert evaluations.exists()
    assert not evaluations.filter(t_score__isnull=True).exists()
    assert not evaluations.exclude(plan_version__plan__trajectory=F("trajectory")).exists()
    # Every goal score scores a goal of the version the evaluation looked at.
    assert not GoalScore.objects.exclude(goal__version=F("evaluation__plan_version")).exists()
    assert DomainScore.objects.filter(score__range=(1, 5)).count() == DomainScore.objects.count()
    assert verify_chain().intact


def test_an_interrupted_run_resumes_without_duplicates():
    generate(20, batch_size=10, progress=False)
    first_names = list(Family.objects.order_by("id").values_list("name", flat=True))

    result = generate(30, batch_size=10, progress=False)

    assert result["skipped_families"] == 20 and result["families"] == 10
    assert Family.objects.count() == 30
    assert list(Family.objects.order_by("id").values_list("name", flat=True))[:20] == first_names
    assert GeneratedBatch.objects.filter(number__gte=1).count() == 3
    assert generate(30, batch_size=10, progress=False)["families"] == 0
    assert verify_chain().intact


def test_meetings_follow_the_trajectory_and_evaluations_are_held_in_one():
    generate(60, batch_size=30, progress=False)

    past_walk_along = Trajectory.objects.filter(phase__in=["mdo", "plan", "execution", "closed"])
    mdos = Meeting.objects.filter(kind="mdo")
    assert mdos.count() == past_walk_along.count() > 0
    assert not mdos.exclude(trajectory__in=past_walk_along).exists()
    assert not mdos.filter(held=True, starts_at__date__gt=timezone.localdate()).exists()
    # Every evaluation record was made in an evaluation meeting of its own trajectory.
    evaluations = Evaluation.objects.all()
    assert evaluations.exists()
    assert not evaluations.filter(meeting__isnull=True).exists()
    assert not evaluations.exclude(meeting__trajectory=F("trajectory")).exists()
    assert not evaluations.exclude(meeting__kind="evaluation").exists()
    # Participants: the team's professionals and the family's parents, nobody else.
    for participant in Participant.objects.select_related("meeting", "family_member"):
        if participant.family_member_id:
            assert participant.family_member.role == "parent"
            assert participant.family_member.family_id == participant.meeting.trajectory.family_id
        else:
            assert CareTeamMembership.objects.filter(
                trajectory=participant.meeting.trajectory_id,
                professional=participant.professional_id,
            ).exists()
    assert not Participant.objects.filter(meeting__held=False, present=True).exists()
    # Each held MDO has a perspective per professional of the team, and follow-ups.
    held = mdos.filter(held=True)
    assert Perspective.objects.exists() and FollowUpAction.objects.exists()
    assert not Perspective.objects.exclude(meeting__in=held).exists()
    assert not FollowUpAction.objects.exclude(meeting__in=held).exists()
    assert verify_chain().intact


def test_registrations_with_safety_concerns_follow_the_meldcode():
    generate(200, batch_size=100, progress=False)

    concerns = Registration.objects.exclude(safety_status="in_order")
    assert concerns.exists()
    assert not MeldcodeRecord.objects.exclude(registration__in=concerns).exists()
    for registration in concerns.annotate(steps=Count("meldcode_steps")):
        expected = 5 if registration.safety_status == "acute" else None
        assert registration.steps == expected if expected else 2 <= registration.steps <= 5
        steps = list(registration.meldcode_steps.order_by("step"))
        assert [s.step for s in steps] == list(range(1, len(steps) + 1))
        assert all(s.done_on >= registration.registered_at.date() for s in steps)


def test_professionals_have_expertise_languages_areas_and_absences_with_running_covers(
    monkeypatch,
):
    import bench.generator.generate as module

    monkeypatch.setattr(module, "ABSENT_NOW", 0.4)  # enough absences among few professionals
    monkeypatch.setattr(module, "COVERED", 1.0)
    generate(120, batch_size=60, progress=False, professionals=20)

    professionals = Professional.objects.filter(external_id__startswith="synth-prof-")
    assert professionals.count() == 20
    assert not professionals.filter(expertise_levels__isnull=True).exists()
    assert not professionals.exclude(languages__code="nl").exists()
    assert not professionals.filter(areas__isnull=True).exists()
    # Work areas lie in the municipality of the professional's network.
    for professional in professionals.prefetch_related("areas", "networks"):
        region = professional.networks.get().region
        assert {area.municipality for area in professional.areas.all()} == {region}
    assert len(set(ProfessionalExpertise.objects.values_list("level", flat=True))) > 1
    today = timezone.localdate()
    current = Absence.objects.filter(starts_on__lte=today, cover__isnull=False).exclude(
        ends_on__lt=today
    )
    assert current.exists()
    assert not Absence.objects.filter(cover=F("professional")).exists()
    # A running cover: the cover's place points at the absent professional's open place in
    # an open trajectory, with a handover, and ends when the absence does (or is set).
    covers = CareTeamMembership.objects.filter(covers__isnull=False).select_related("covers")
    assert covers.exists()
    for place in covers:
        assert place.selection == "cover" and place.trajectory_id == place.covers.trajectory_id
        assert place.covers.valid_until is None and place.covers.role != "coordinator"
        absence = current.get(professional=place.covers.professional_id)
        assert place.professional_id == absence.cover_id
        assert place.valid_until >= today
        assert Handover.objects.filter(
            from_membership=place.covers, to_membership=place, absence=absence, kind="temporary"
        ).exists()
    assert verify_chain().intact


def test_the_command_line_passes_professionals_to_the_generator(capsys):
    argv = ["--families", "10", "--professionals", "12", "--i-know-this-is-not-production"]

    assert main(argv) == 0

    assert Professional.objects.filter(external_id__startswith="synth-prof-").count() == 12
    assert "10 families written" in capsys.readouterr().out


def test_the_command_line_refuses_a_database_without_the_explicit_flag(capsys):
    assert main(["--families", "5"]) == 2

    assert "not-production" in capsys.readouterr().err
    assert not Family.objects.exists()


def _indexes() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "ORDER BY 1, 2"
        )
        return cursor.fetchall()


@pytest.mark.postgres
def test_bulk_mode_builds_every_index_again_and_keeps_the_rows_consistent():
    if connection.vendor != "postgresql":
        pytest.skip("bulk mode drops and rebuilds PostgreSQL indexes")
    before = _indexes()

    result = generate(20, batch_size=10, progress=False, bulk=True)

    assert result["families"] == 20
    assert _indexes() == before
    assert verify_chain().intact
    # The keys the COPY wrote without row-by-row checks all point somewhere.
    assert not FamilyMember.objects.exclude(family__in=Family.objects.all()).exists()
    assert not CareTeamMembership.objects.exclude(trajectory__in=Trajectory.objects.all()).exists()


@pytest.mark.postgres
def test_the_planner_has_statistics_and_a_visibility_map_when_generation_ends():
    if connection.vendor != "postgresql":
        pytest.skip("planner statistics and VACUUM are PostgreSQL's")

    generate(20, batch_size=10, progress=False)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples, relallvisible FROM pg_class WHERE relname = %s",
            [Family._meta.db_table],
        )
        tuples, all_visible = cursor.fetchone()
    assert tuples == 20  # ANALYZE ran (never analysed: -1)
    assert all_visible > 0  # VACUUM ran: index-only scans need no heap visits


def test_the_parallel_builder_writes_what_the_single_process_writes():
    # On SQLite both take the single-process path; on PostgreSQL this compares the two.
    generate(20, batch_size=10, progress=False, parallel=False)
    single = _snapshot()
    call_command("flush", interactive=False)
    _load_instruments()

    generate(20, batch_size=10, progress=False, parallel=True)

    assert _snapshot() == single
    assert verify_chain().intact


def _snapshot() -> list[tuple]:
    return [
        (family.name, family.postcode, family.search_key, sizes, phase, goals)
        for family, sizes, phase, goals in (
            (
                family,
                family.members.count(),
                family.trajectories.values_list("phase", flat=True).first(),
                list(
                    Goal.objects.filter(version__plan__trajectory__family=family)
                    .order_by("id")
                    .values_list("title", "key")
                ),
            )
            for family in Family.objects.order_by("id")
        )
    ]


def test_access_events_written_out_are_the_rows_psycopg_would_encode():
    import datetime

    from bench.generator.generate import (
        EVENT_FIELDS,
        Event,
        chain_events,
        encode_events,
        encode_rows,
        table_spec,
    )
    from samenspel.audit.models import AccessEvent

    moment = datetime.datetime(2024, 5, 1, 8, 13, 5, 123, tzinfo=datetime.UTC)
    events = [
        Event(moment, "read", "families.family.read", 3, 4, 5, "families.family", "5"),
        Event(moment, "create", "odd\taction\\", 3, 4, 5, "line\nend", "7\r"),
    ]
    rows = chain_events(events, 10)
    expected = encode_rows(table_spec(AccessEvent, EVENT_FIELDS).complete(rows))

    assert encode_events(events, 10) == expected
    assert encode_events([], 10) == b""
