"""Profile definitions and classification at the start of help.

The default set (version 1 of every network that has none) follows the life domains of the
help question and the expertise mix of the care team; a network revises it by adding a new
version (`actions.revise_profiles`), which applies to trajectories classified from then on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from samenspel.insight.models import Profile, ProfileSet

if TYPE_CHECKING:
    from samenspel.trajectories.models import Trajectory

# (code, name, description, life domains, expertise, safety concern); first match wins.
DEFAULT_PROFILES: list[tuple[str, str, str, list[str], list[str], bool | None]] = [
    (
        "veiligheid",
        "Veiligheid voorop",
        "Zorgen over veiligheid bij de aanmelding: eerst veiligheid, dan de rest.",
        [],
        [],
        True,
    ),
    (
        "bestaanszekerheid",
        "Schulden en bestaanszekerheid",
        "Geldzorgen of huisvesting staan voorop; schuldhulp zit in het team.",
        ["financien", "financien-huishouden", "huisvesting"],
        ["schuldhulp"],
        None,
    ),
    (
        "psychisch",
        "Psychische problemen in het gezin",
        "Geestelijke gezondheid of middelengebruik; GGZ of verslavingszorg in het team.",
        ["geestelijke-gezondheid", "middelengebruik"],
        ["volwassenen-ggz", "ggz-jeugd", "verslavingszorg"],
        None,
    ),
    (
        "lvb",
        "LVB in het gezin",
        "Een licht verstandelijke beperking speelt mee; LVB-deskundigheid in het team.",
        [],
        ["lvb", "lvb-zorg"],
        None,
    ),
    (
        "opvoeden",
        "Opvoeden en ontwikkeling",
        "Opvoeding, relaties thuis en school; jeugdhulp of onderwijs in het team.",
        ["huiselijke-relaties", "tijdsbesteding", "werk-opleiding"],
        [],
        None,
    ),
    ("breed", "Breed, meerdere leefgebieden", "Alle andere combinaties.", [], [], None),
]


def current_set(network_id: int) -> ProfileSet:
    """The network's newest profile version; the default set when it has none yet."""
    latest = ProfileSet.objects.filter(network_id=network_id).order_by("-number").first()
    if latest is not None:
        return latest
    with transaction.atomic():
        profile_set, created = ProfileSet.objects.get_or_create(
            network_id=network_id, number=1, defaults={"note": _("Default profiles")}
        )
        if created:
            Profile.objects.bulk_create(
                Profile(
                    profile_set=profile_set,
                    code=code,
                    name=name,
                    description=description,
                    position=position,
                    life_domains=domains,
                    expertise=expertise,
                    safety_concern=safety,
                )
                for position, (code, name, description, domains, expertise, safety) in enumerate(
                    DEFAULT_PROFILES
                )
            )
    return profile_set


def basis_of(trajectory: Trajectory) -> dict[str, Any]:
    """What the classification looks at: codes only. Three queries."""
    from samenspel.families.models import HelpQuestion, Registration
    from samenspel.families.models.registration import SafetyStatus
    from samenspel.network.models import ProfessionalExpertise
    from samenspel.trajectories.models import CareTeamMembership

    domains = sorted(
        set(
            HelpQuestion.objects.filter(registration__trajectory=trajectory).values_list(
                "life_domains__code", flat=True
            )
        )
        - {None}
    )
    team = CareTeamMembership.objects.filter(
        trajectory=trajectory, professional__isnull=False
    ).values("professional_id")
    expertise = sorted(
        set(
            ProfessionalExpertise.objects.filter(professional_id__in=team).values_list(
                "expertise__code", flat=True
            )
        )
    )
    safety = (
        Registration.objects.filter(trajectory=trajectory)
        .exclude(safety_status=SafetyStatus.IN_ORDER)
        .exists()
    )
    return {"life_domains": domains, "expertise": expertise, "safety_concern": safety}


def choose(profiles: list[Profile], basis: dict[str, Any]) -> Profile:
    for profile in profiles:
        if profile.matches(
            domains=set(basis["life_domains"]),
            expertise=set(basis["expertise"]),
            safety=bool(basis["safety_concern"]),
        ):
            return profile
    return profiles[-1]


def newest_profiles(network_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The codes and names of each network's newest profile version (for the order and the
    audit's profile cells). One query."""
    rows = (
        Profile.objects.filter(profile_set__network_id__in=network_ids)
        .order_by("profile_set__network_id", "-profile_set__number", "position")
        .values_list("profile_set__network_id", "profile_set__number", "code", "name")
    )
    newest: dict[int, int] = {}
    result: dict[int, list[tuple[str, str]]] = {}
    for network_id, number, code, name in rows:
        if newest.setdefault(network_id, number) == number:
            result.setdefault(network_id, []).append((code, name))
    return result
