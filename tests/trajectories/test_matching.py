"""Matching: a deterministic, explained ranking on a fixed data set, and walk-along pairs."""

import datetime

import pytest
from django.utils import timezone

from samenspel.network.models import Absence, Area, ExpertiseLevel, Language, ProfessionalExpertise
from samenspel.trajectories.matching import Criteria, pairs, rank
from samenspel.trajectories.models import CareTeamRole
from tests.factories import NetworkFactory, TrajectoryFactory, add_to_team, make_professional
from tests.trajectories.conftest import expertise

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixed():
    network = NetworkFactory()
    lvb, ggz, debt = (
        expertise("lvb-m", "LVB"),
        expertise("ggz-m", "GGZ"),
        expertise("debt-m", "Schuldhulp"),
    )
    arabic = Language.objects.create(code="ar-m", name="Arabisch")
    zuilen = Area.objects.create(name="Zuilen", municipality="Utrecht")
    people = {}
    for name, hours, skills in [
        ("anna", 24, [(lvb, ExpertiseLevel.SPECIALIST), (ggz, ExpertiseLevel.BASIC)]),
        ("bram", 24, [(ggz, ExpertiseLevel.SPECIALIST)]),
        ("cem", 24, [(lvb, ExpertiseLevel.EXPERIENCED)]),
        ("dewi", 8, [(debt, ExpertiseLevel.SPECIALIST)]),
    ]:
        professional = make_professional(network=network, hours=hours, full_name=name.title())
        for skill, level in skills:
            ProfessionalExpertise.objects.create(
                professional=professional, expertise=skill, level=level
            )
        people[name] = professional
    people["cem"].languages.add(arabic)
    people["bram"].areas.add(zuilen)
    family_trajectory = TrajectoryFactory(family__network=network)
    return network, people, (lvb, ggz, debt), arabic, zuilen, family_trajectory


def test_ranking_is_deterministic_and_explained(fixed):
    network, _people, (lvb, ggz, _debt), arabic, zuilen, trajectory = fixed
    criteria = Criteria(
        network_id=network.pk,
        needed_expertise=(lvb.pk, ggz.pk),
        languages=(arabic.pk,),
        area_id=zuilen.pk,
        family_id=trajectory.family_id,
    )
    ranking = rank(criteria)
    names = [str(p.professional) for p in ranking]
    # Anna covers both: 40 x (1.0 + 0.8) / 2 = 36, + 15 for 24 free hours = 51;
    # Cem: 40 x 0.9 / 2 = 18 + language 15 + 15 = 48; Bram: 20 + area 10 + 15 = 45.
    # Dewi brings nothing asked for and is not proposed.
    assert names == ["Anna", "Cem", "Bram"]
    assert [p.score for p in ranking] == [51.0, 48.0, 45.0]
    assert rank(criteria) and [str(p.professional) for p in rank(criteria)] == names
    anna = ranking[0]
    texts = [r.text for r in anna.reasons]
    assert texts[0] == "Covers GGZ, LVB (2 of 2 needed)"
    assert any("free hours" in t for t in texts)
    cem = ranking[1]
    assert "Speaks the family's language" in [r.text for r in cem.reasons]
    assert "Works in the family's area" in [r.text for r in ranking[2].reasons]


def test_caseload_absence_continuity_and_preference_move_the_score(fixed):
    network, people, (lvb, ggz, _debt), _arabic, _zuilen, trajectory = fixed
    today = timezone.localdate()
    # Anna already helps six families: 24 - 18 = 6 free hours.
    for _ in range(6):
        add_to_team(TrajectoryFactory(family__network=network), people["anna"])
    Absence.objects.create(
        professional=people["cem"], kind="sick", starts_on=today + datetime.timedelta(days=7)
    )
    earlier = TrajectoryFactory(family=trajectory.family, closed=True)
    add_to_team(earlier, people["bram"], CareTeamRole.WALK_ALONG)
    criteria = Criteria(
        network_id=network.pk,
        needed_expertise=(lvb.pk, ggz.pk),
        family_id=trajectory.family_id,
        preferred=(people["dewi"].pk,),
    )
    by_name = {str(p.professional): p for p in rank(criteria)}
    assert by_name["Anna"].score == 36 + 7.5
    assert by_name["Cem"].score == 18 + 15 - 20
    assert by_name["Bram"].score == 20 + 15 + 10
    assert "Knows the family from an earlier team" in [r.text for r in by_name["Bram"].reasons]
    assert "Absent in the coming four weeks" in [r.text for r in by_name["Cem"].reasons]
    # Dewi brings no needed expertise but the family asked for her: she is still proposed.
    assert "The family asked for this professional" in [r.text for r in by_name["Dewi"].reasons]


def test_walk_along_pairs_complement_each_other(fixed):
    network, _people, (lvb, ggz, _debt), _arabic, _zuilen, trajectory = fixed
    criteria = Criteria(
        network_id=network.pk, needed_expertise=(lvb.pk, ggz.pk), family_id=trajectory.family_id
    )
    found = pairs(rank(criteria), criteria)
    assert found
    best = found[0]
    assert {str(best.first.professional), str(best.second.professional)} == {"Bram", "Cem"}
    assert best.reason == "Together they cover GGZ, LVB; each brings what the other lacks"
    # Anna covers both on her own: with her, a pair covers everything but does not complement.
    assert "Anna" in {str(p.first.professional) for p in found[1:]} | {
        str(p.second.professional) for p in found[1:]
    }
    assert all(p.reason == "Together they cover GGZ, LVB" for p in found[1:])


def test_the_fast_two_step_ranking_equals_scoring_everyone(fixed, monkeypatch):
    from samenspel.trajectories import matching

    network, people, (lvb, ggz, _debt), arabic, _zuilen, _trajectory = fixed
    for _ in range(5):  # Anna's caseload lowers her below her upper bound
        add_to_team(TrajectoryFactory(family__network=network), people["anna"])
    criteria = Criteria(
        network_id=network.pk, needed_expertise=(lvb.pk, ggz.pk), languages=(arabic.pk,)
    )
    everyone = [(str(p.professional), p.score) for p in rank(criteria, limit=3)]
    for shortlist in (1, 2):
        monkeypatch.setattr(matching, "SHORTLIST", shortlist)
        assert [(str(p.professional), p.score) for p in rank(criteria, limit=3)] == everyone
    assert everyone[0] == ("Cem", 48.0)


@pytest.mark.parametrize("shortlist", [200, 1])
def test_inactive_accounts_outsiders_and_the_current_team_are_never_proposed(
    fixed, monkeypatch, shortlist
):
    """The wide first pass leaves accounts aside; the shortlist (and, when it falls short,
    the scoring of everyone) drops inactive accounts. Exclusions and the network hold in
    both paths."""
    from samenspel.trajectories import matching

    monkeypatch.setattr(matching, "SHORTLIST", shortlist)
    network, people, (lvb, ggz, _debt), _arabic, _zuilen, _trajectory = fixed
    people["anna"].user.is_active = False
    people["anna"].user.save(update_fields=["is_active"])
    elsewhere = make_professional(network=NetworkFactory(), hours=40, full_name="Elders")
    ProfessionalExpertise.objects.create(
        professional=elsewhere, expertise=lvb, level=ExpertiseLevel.SPECIALIST
    )
    criteria = Criteria(
        network_id=network.pk,
        needed_expertise=(lvb.pk, ggz.pk),
        exclude=(people["bram"].pk,),
        preferred=(elsewhere.pk,),
    )
    assert [(str(p.professional), p.score) for p in rank(criteria)] == [("Cem", 33.0)]


def test_without_needed_expertise_everyone_in_the_network_is_ranked(fixed):
    network, _people, _expertise, arabic, _zuilen, _trajectory = fixed
    criteria = Criteria(network_id=network.pk, languages=(arabic.pk,))
    ranking = rank(criteria)
    # Cem speaks Arabic: 15 + 15; the others 15 for their hours, Dewi 8 hours = 10 points.
    assert [(str(p.professional), p.score) for p in ranking] == [
        ("Cem", 30.0),
        ("Anna", 15.0),
        ("Bram", 15.0),
        ("Dewi", 10.0),
    ]
    assert all(r.text != "None of the needed expertise" for p in ranking for r in p.reasons)


def test_only_open_places_today_count_and_past_absences_do_not(fixed):
    network, people, (lvb, ggz, _debt), _arabic, _zuilen, _trajectory = fixed
    today = timezone.localdate()
    add_to_team(TrajectoryFactory(family__network=network), people["bram"])  # open: counts
    add_to_team(TrajectoryFactory(family__network=network, closed=True), people["bram"])
    add_to_team(
        TrajectoryFactory(family__network=network),
        people["bram"],
        valid_from=today - datetime.timedelta(days=60),
        valid_until=today - datetime.timedelta(days=1),
    )
    add_to_team(
        TrajectoryFactory(family__network=network),
        people["bram"],
        valid_from=today + datetime.timedelta(days=3),
    )
    Absence.objects.create(
        professional=people["cem"],
        kind="leave",
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today - datetime.timedelta(days=1),
    )
    criteria = Criteria(network_id=network.pk, needed_expertise=(lvb.pk, ggz.pk))
    by_name = {str(p.professional): p for p in rank(criteria)}
    assert by_name["Bram"].free_hours == 21
    assert by_name["Bram"].score == 20 + 15  # 21 free hours still earn the full 15
    assert by_name["Cem"].score == 18 + 15
    assert "Absent in the coming four weeks" not in [r.text for r in by_name["Cem"].reasons]
