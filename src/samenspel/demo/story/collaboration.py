"""The collaboration story: Beter Thuis with four barometer rounds (a dip in "tijd en
financiën" and "gelijkwaardigheid", as seeds 000 and 001 describe) and an open value round,
Extrateam Zuilen with value-creation rounds, the Flemish network in phase "Overeenkomen",
and families' ratings of the twelve components. Dates are relative to today; everything is
found again by network and title, so loading twice changes nothing."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from samenspel.accounts.models import Role, RoleGrant, User
from samenspel.collaboration.loader import SHIPPED_DIR, load_instruments
from samenspel.collaboration.models import (
    Answer,
    CollaborationPhase,
    ComponentRating,
    ComponentScore,
    Instrument,
    Invitation,
    ItemKind,
    NetworkPhase,
    PhaseChange,
    RatedBy,
    RatingMoment,
    Response,
    Round,
    SatisfactionComponent,
)
from samenspel.network.models import Network, Professional
from samenspel.trajectories.models import Trajectory

COORDINATOR_EMAIL = "trekker@demo.samenspel.nl"
STEERING_EMAIL = "stuurgroep@demo.samenspel.nl"
NETWORKS = ("beter-thuis", "extrateam-zuilen", "netwerk-oost-vlaanderen")

# Base scores per barometer dimension, and how much the last rounds fall (seed 000: indirect
# time is unfunded; seed 001: equivalence in an unequal relation).
BASE = {
    "urgentie": 4.4,
    "steun-management": 3.6,
    "gedeelde-visie": 3.9,
    "gelijkwaardigheid": 3.8,
    "wederzijds-leren": 3.7,
    "vertrouwen": 4.1,
    "rollen": 3.4,
    "coordinator": 4.2,
    "informatie": 3.2,
    "mdo": 3.9,
    "participatie-gezin": 3.5,
    "tijd-financien": 3.3,
    "competenties": 3.8,
    "verankering": 2.9,
}
DIP = {"tijd-financien": (0.0, 0.1, 0.3, 1.5), "gelijkwaardigheid": (0.0, 0.0, 0.2, 1.3)}


def load(logins: dict[str, User]) -> None:
    load_instruments([SHIPPED_DIR])
    _grants(logins)
    coordinator = logins.get(COORDINATOR_EMAIL)
    if coordinator is None:
        return
    networks = {n.slug: n for n in Network.objects.filter(slug__in=NETWORKS)}
    _phases(networks, coordinator)
    today = timezone.localdate()
    if "beter-thuis" in networks:
        network = networks["beter-thuis"]
        for n, months_ago in enumerate((12, 9, 6, 3)):
            opened = today - datetime.timedelta(days=30 * months_ago)
            title = f"Samenwerkingsbarometer {opened:%m-%Y}"
            _round(network, "samenwerkingsbarometer", title, opened, coordinator, n, closed=True)
        _round(
            network,
            "waardecreatie",
            "Waardecreatie dit kwartaal",
            today - datetime.timedelta(days=3),
            coordinator,
            0,
            closed=False,
        )
        # The checklist, answered by the partners two months ago (yes/no per question).
        opened = today - datetime.timedelta(days=60)
        title = f"Checklist starten en volhouden {opened:%m-%Y}"
        _round(network, "checklist-samenwerking", title, opened, coordinator, 0, closed=True)
        _component_ratings(network)
        # Two components count for client satisfaction (indicator 2) in Beter Thuis.
        for code in ("heel-gezin", "op-tijd"):
            SatisfactionComponent.objects.get_or_create(network=network, code=code)
    if "extrateam-zuilen" in networks:
        network = networks["extrateam-zuilen"]
        for n, months_ago in enumerate((8, 4)):
            opened = today - datetime.timedelta(days=30 * months_ago)
            title = f"Waardecreatie {opened:%m-%Y}"
            _round(network, "waardecreatie", title, opened, coordinator, n, closed=True)


def _grants(logins: dict[str, User]) -> None:
    for email, role, slugs in (
        (COORDINATOR_EMAIL, Role.NETWORK_COORDINATOR, NETWORKS),
        (STEERING_EMAIL, Role.STEERING_GROUP, ("beter-thuis",)),
    ):
        user = logins.get(email)
        if user is None:
            continue
        for network in Network.objects.filter(slug__in=slugs):
            RoleGrant.objects.get_or_create(user=user, role=role, network=network)
        RoleGrant.objects.filter(user=user, role=role, network__isnull=True).delete()
        user.__dict__.pop("_grants", None)


def _phases(networks: dict[str, Network], coordinator: User) -> None:
    paths = {
        "beter-thuis": list(CollaborationPhase),
        "extrateam-zuilen": list(CollaborationPhase),
        "netwerk-oost-vlaanderen": list(CollaborationPhase)[:3],
    }
    now = timezone.now()
    for slug, path in paths.items():
        network = networks.get(slug)
        if network is None or PhaseChange.objects.filter(network=network).exists():
            continue
        NetworkPhase.objects.update_or_create(network=network, defaults={"phase": path[-1]})
        for step, (before, after) in enumerate(itertools.pairwise(path)):
            PhaseChange.objects.create(
                network=network,
                from_phase=before,
                to_phase=after,
                note="",
                changed_by=coordinator,
                changed_at=now - datetime.timedelta(days=120 * (len(path) - 1 - step)),
            )


def _score(code: str, person: int, round_no: int) -> int:
    """A deterministic score around the dimension's base, with the story's dips."""
    base = BASE.get(code, 3.8) - DIP.get(code, (0, 0, 0, 0))[min(round_no, 3)]
    wobble = ((person * 7 + round_no * 3 + len(code)) % 5 - 2) * 0.4
    return max(1, min(5, round(base + wobble)))


def _round(
    network: Network,
    code: str,
    title: str,
    opened: datetime.date,
    coordinator: User,
    round_no: int,
    *,
    closed: bool,
) -> None:
    instrument = Instrument.objects.filter(code=code, is_current=True).first()
    if instrument is None or Round.objects.filter(network=network, title=title).exists():
        return
    deadline = opened + datetime.timedelta(days=14)
    round_ = Round.objects.create(
        network=network,
        instrument=instrument,
        title=title,
        opens_on=opened,
        deadline=deadline,
        closed_at=timezone.make_aware(datetime.datetime.combine(deadline, datetime.time(17)))
        if closed
        else None,
        opened_by=coordinator,
    )
    people = list(Professional.objects.filter(assignments__network=network).order_by("user__email"))
    items = list(instrument.items.all())
    for index, professional in enumerate(people):
        invitation = Invitation.objects.create(
            round=round_, professional=professional, organisation=professional.home_organisation
        )
        # About four in five answer; in an open round, the demo's own logins have not yet.
        if index % 5 == 4 or (
            not closed and professional.user.email.endswith("@demo.samenspel.nl")
        ):
            continue
        response = Response.objects.create(
            round=round_, invitation=invitation, organisation=professional.home_organisation
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                round=round_,
                organisation=professional.home_organisation,
                item=item,
                value=_score(item.code, index, round_no)
                if item.kind == ItemKind.SCALE
                else int((index + position) % 4 != 0),  # yes, now and then a no
            )
            for position, item in enumerate(items)
            if item.kind in (ItemKind.SCALE, ItemKind.YES_NO)
        )


def _component_ratings(network: Network) -> None:
    instrument = Instrument.objects.filter(code="twaalf-componenten-gezin", is_current=True).first()
    if instrument is None:
        return
    items = list(instrument.items.all())
    trajectories = Trajectory.objects.filter(network=network).order_by("pk")[:12]
    for n, trajectory in enumerate(trajectories):
        if ComponentRating.objects.filter(trajectory=trajectory).exists():
            continue
        coordinator = trajectory.team_memberships.filter(professional__isnull=False).first()
        if coordinator is None or coordinator.professional is None:
            continue
        rating = ComponentRating.objects.create(
            trajectory=trajectory,
            network=network,
            team=coordinator.professional.teams.filter(network=network).first(),
            instrument=instrument,
            moment=RatingMoment.EVALUATION,
            rated_by=RatedBy.WITH_FAMILY if n % 2 else RatedBy.FAMILY,
            recorded_by=coordinator.professional.user,
        )
        ComponentScore.objects.bulk_create(
            ComponentScore(rating=rating, network=network, item=item, value=_score(item.code, n, 0))
            for position, item in enumerate(items)
            if (n + position) % 4  # a family skips what does not apply
        )
