"""Demo families: about forty invented households across the three demo networks, with
registrations in the family's own words, safety checks (one with concerns and Meldcode
steps), consents (one withdrawn, one expired), a confidential section, an emergency access
awaiting review, and the parent login as a member of one family.

Two families are the source cases of the seeds: a 14-year-old who does not trust help and
starts with judo before trauma treatment (seed 002, `SOURCE_CASE_JUDO`), and a family where
"nobody was really in our home" and the child must go back to school (seed 000,
`SOURCE_CASE_SCHOOL`). The trajectories step puts professionals on their care teams; look
them up with `demo_families()` or by these names.

Deterministic (fixed seeds, fixed dates relative to today) and idempotent: a family that
already exists in its network (by name) is left alone.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from samenspel.families import actions
from samenspel.families.models import (
    Consent,
    Family,
    MemberRelation,
    MemberRole,
    ObtainedHow,
    Purpose,
    Registration,
)

if TYPE_CHECKING:
    from samenspel.accounts.models import User
    from samenspel.network.models import Network, Professional

SOURCE_CASE_JUDO = "Yılmaz"  # noqa: RUF001 - a Turkish dotless i, on purpose
SOURCE_CASE_SCHOOL = "de Graaf"
PARENT_FAMILY = "Bakker"  # ouder@demo.samenspel.nl is Marieke Bakker
PARENT_EMAIL = "ouder@demo.samenspel.nl"
NETWORKS = ("beter-thuis", "extrateam-zuilen", "netwerk-oost-vlaanderen")
PER_NETWORK = 13  # plus the named families: about forty in all


@dataclass(frozen=True)
class Person:
    given_name: str
    role: str
    born: datetime.date | None
    family_name: str = ""


@dataclass(frozen=True)
class Story:
    network: str
    name: str
    members: tuple[Person, ...]
    questions: tuple[tuple[str, str, tuple[str, ...]], ...]  # text, what/who, ZRM codes
    wishes: str
    referrer: str
    safety: str = "in_order"
    safety_notes: str = ""
    urgency: str = "normal"
    postcode: str = ""
    city: str = ""
    district: str = ""
    # The wíe-vraag of the referrer: the professional asked for (full name) and why.
    asked: str = ""
    asked_reason: str = ""


def _born(years: int, month: int = 3, day: int = 14) -> datetime.date:
    """A birth date that makes the person exactly `years` old today and throughout the story's
    last 200 days (registrations, consents and meetings lie in that window), whatever day the
    demo is loaded: the birthday falls 200 to 349 days ago. `month` and `day` only spread the
    birthdays over the year."""
    today = timezone.localdate()
    try:
        same_day = today.replace(year=today.year - years)
    except ValueError:  # 29 February, in a year that has none
        same_day = today.replace(year=today.year - years, day=28)
    return same_day - datetime.timedelta(days=200 + (month * 31 + day) % 150)


NAMED = (
    Story(
        "beter-thuis",
        SOURCE_CASE_SCHOOL,
        (
            Person("Linda", MemberRole.PARENT, _born(41, 6, 2)),
            Person("Mark", MemberRole.PARENT, _born(44, 1, 20)),
            Person("Sanne", MemberRole.CHILD, _born(13, 9, 9)),
            Person("Thijs", MemberRole.CHILD, _born(8, 4, 30)),
        ),
        (
            (
                "Niemand was echt bij ons in huis. We willen vooral dat Sanne gewoon weer "
                "naar school gaat.",
                "what",
                ("werk-opleiding", "huiselijke-relaties"),
            ),
            ("Iemand die met ons meekijkt in de ochtend, als het misgaat.", "who", ()),
        ),
        "Dat Sanne weer naar school gaat en dat we niet elke week iemand anders zien.",
        "school",
        safety="in_order",
        postcode="2711 GD",
        city="Zoetermeer",
        district="Meerzicht",
    ),
    Story(
        "extrateam-zuilen",
        SOURCE_CASE_JUDO,
        (
            Person("Ayşe", MemberRole.PARENT, _born(38, 11, 5)),
            Person("Emir", MemberRole.CHILD, _born(14, 2, 17)),
            Person("Elif", MemberRole.CHILD, _born(9, 7, 1)),
        ),
        (
            (
                "Emir wil geen hulpverlener meer. Hij wil wel op judo, misschien kan het "
                "daar beginnen.",
                "who",
                ("tijdsbesteding", "geestelijke-gezondheid"),
            ),
            (
                "Hij is vaak boos, thuis en op school. Wij weten niet meer hoe we hem "
                "moeten helpen.",
                "what",
                ("huiselijke-relaties", "maatschappelijke-participatie"),
            ),
        ),
        "Dat Emir iemand vertrouwt en weer rustig wordt.",
        "neighbourhood_team",
        safety="concerns",
        safety_notes="Eerder ernstig huiselijk geweld; Emir laat agressief gedrag zien.",
        urgency="soon",
        postcode="3552 AB",
        city="Utrecht",
        district="Zuilen",
        asked="Inge Jansen",
        asked_reason="Emir wil eerst judo. Als hij daar iemand vertrouwt, kan de "
        "traumabehandeling bij Inge beginnen; zij kent het buurtteam.",
    ),
    Story(
        "beter-thuis",
        PARENT_FAMILY,
        (
            Person("Marieke", MemberRole.PARENT, _born(36, 5, 12)),
            Person("Noah", MemberRole.CHILD, _born(10, 10, 3)),
        ),
        (
            (
                "Ik heb schulden en slaap er slecht van. Noah merkt dat ik het niet meer trek.",
                "what",
                ("financien", "geestelijke-gezondheid"),
            ),
        ),
        "Rust in mijn hoofd en weten waar ik sta met geld.",
        "family",
        postcode="2713 RD",
        city="Zoetermeer",
        district="Rokkeveen",
    ),
    Story(
        "beter-thuis",
        "Vermeulen",
        (
            Person("Kim", MemberRole.PARENT, _born(29, 8, 8)),
            Person("Jayden", MemberRole.CHILD, _born(4, 12, 1)),
            Person("Lisa", MemberRole.CHILD, _born(2, 3, 3)),
        ),
        (
            (
                "Het gaat niet goed met mijn vriend in huis. Ik wil dat de kinderen veilig zijn.",
                "what",
                ("huiselijke-relaties", "huisvesting"),
            ),
        ),
        "Een veilige plek voor mij en de kinderen.",
        "gp",
        safety="acute",
        safety_notes="Huisarts zag blauwe plekken bij moeder; kinderen waren erbij.",
        urgency="urgent",
        postcode="2591 XR",
        city="Den Haag",
        district="Escamp",
    ),
)

GENERIC_QUESTIONS = (
    ("We komen elke maand geld tekort en de brieven stapelen zich op.", "what", ("financien",)),
    ("Onze zoon zit al maanden thuis van school.", "what", ("werk-opleiding",)),
    ("Ik wil graag iemand die Arabisch spreekt en mijn moeder begrijpt.", "who", ()),
    ("Het huis is te klein en er is schimmel.", "what", ("huisvesting",)),
    (
        "Mijn dochter drinkt en blowt en ik kom niet meer tot haar door.",
        "what",
        ("middelengebruik",),
    ),
    ("Ik ben alleen en heb niemand om op terug te vallen.", "what", ("sociaal-netwerk",)),
    (
        "We hebben steeds ruzie thuis, ook waar de kinderen bij zijn.",
        "what",
        ("huiselijke-relaties",),
    ),
    ("Ik wil iemand die ons al kent van het buurtteam.", "who", ()),
    ("Mijn man is depressief en komt zijn bed niet uit.", "what", ("geestelijke-gezondheid",)),
)
WISHES = (
    "Dat het thuis weer rustig wordt.",
    "Eén iemand die het overzicht houdt.",
    "Dat de kinderen gewoon naar school kunnen.",
    "Niet steeds opnieuw ons verhaal vertellen.",
)
REFERRERS = ("gp", "school", "cjg", "neighbourhood_team", "family", "other")
PLACES = {
    "beter-thuis": (("2711", "Zoetermeer"), ("2531", "Den Haag"), ("2525", "Den Haag")),
    "extrateam-zuilen": (("3551", "Utrecht"), ("3553", "Utrecht")),
    "netwerk-oost-vlaanderen": (("9100", "Sint-Niklaas"), ("9200", "Dendermonde")),
}


def load(logins: dict[str, User]) -> None:
    from samenspel.network.models import Network

    if not Network.objects.filter(slug__in=NETWORKS).count() == len(NETWORKS):
        raise RuntimeError("demo families need the demo networks: run the network step first")
    for index, slug in enumerate(NETWORKS):
        network = Network.objects.get(slug=slug)
        registrar = _registrar(network)
        for story in [s for s in NAMED if s.network == slug]:
            _family(story, network, registrar)
        for story in _generated(slug, seed=index):
            _family(story, network, registrar)
    _parent_login(logins)
    _consents()
    _meldcode()
    _confidential()
    _break_glass()


def demo_families() -> list[Family]:
    """The demo families in a fixed order: by network, then name. Not the insight step's
    earlier cohort of Beter Thuis (it plays its own families): a step that picks a scenario
    by a family's place in this list must see the same list on every load, or a second load
    plays families the first one left waiting."""
    from samenspel.demo.story.insight import COHORT_NETWORK, cohort_names

    cohort = cohort_names()
    return [
        family
        for family in Family.objects.filter(network__slug__in=NETWORKS)
        .select_related("network")
        .order_by("network__slug", "name", "id")
        if not (family.network.slug == COHORT_NETWORK and family.name in cohort)
    ]


def _asked(story: Story, network: Network) -> Professional | None:
    if not story.asked:
        return None
    return next((p for p in _professionals(network.slug) if str(p) == story.asked), None)


def _professionals(slug: str) -> list[Professional]:
    try:
        from samenspel.demo.story.network import professionals_in
    except ImportError as error:  # pragma: no cover - the network step is a precondition
        raise RuntimeError("demo families need samenspel.demo.story.network") from error
    professionals = professionals_in(slug)
    if not professionals:
        raise RuntimeError(f"no demo professionals in {slug}: run the network step first")
    return professionals


def _registrar(network: Network) -> User:
    return _professionals(network.slug)[0].user


def _generated(
    slug: str, *, seed: int, count: int = PER_NETWORK, avoid: frozenset[str] = frozenset()
) -> list[Story]:
    from faker import Faker

    locale = "nl_BE" if slug == "netwerk-oost-vlaanderen" else "nl_NL"
    fake = Faker(locale)
    fake.seed_instance(4000 + seed)
    rng = random.Random(7000 + seed)  # noqa: S311 - demo data, not security
    stories: list[Story] = []
    names = {s.name for s in NAMED} | set(avoid)
    while len(stories) < count:
        name = fake.last_name()
        if name in names:
            continue
        names.add(name)
        members = [
            Person(fake.first_name_female(), MemberRole.PARENT, _born(rng.randint(27, 50))),
        ]
        if rng.random() < 0.5:
            members.append(
                Person(fake.first_name_male(), MemberRole.PARENT, _born(rng.randint(28, 55)))
            )
        members += [
            Person(
                fake.first_name(),
                MemberRole.CHILD,
                _born(rng.randint(1, 17), rng.randint(1, 12), rng.randint(1, 28)),
            )
            for _child in range(rng.randint(1, 3))
        ]
        prefix, city = rng.choice(PLACES[slug])
        stories.append(
            Story(
                slug,
                name,
                tuple(members),
                tuple(rng.sample(GENERIC_QUESTIONS, rng.randint(1, 2))),
                rng.choice(WISHES),
                rng.choice(REFERRERS),
                urgency=rng.choice(("normal", "normal", "soon")),
                postcode=f"{prefix} {rng.choice('ABCDEFGHJK')}{rng.choice('LMNPRSTVWX')}",
                city=city,
            )
        )
    return stories


def _family(story: Story, network: Network, registrar: User) -> Family:
    from samenspel.families.forms import current_life_domains

    existing = Family.objects.filter(network=network, name=story.name).first()
    if existing is not None:
        return existing
    domains = dict(current_life_domains().values_list("code", "pk"))
    registration = actions.register_family(
        actor=registrar,
        network=network,
        new_family=actions.FamilyData(
            name=story.name,
            postcode=story.postcode,
            city=story.city,
            district=story.district,
        ),
        members=[
            actions.MemberData(
                given_name=p.given_name,
                role=p.role,
                family_name=p.family_name or story.name,
                date_of_birth=p.born,
            )
            for p in story.members
        ],
        questions=[
            actions.QuestionData(text, kind, [domains[c] for c in codes if c in domains])
            for text, kind, codes in story.questions
        ],
        registration=actions.RegistrationData(
            referrer_kind=story.referrer,
            family_wishes=story.wishes,
            urgency=story.urgency,
            safety_status=story.safety,
            safety_notes=story.safety_notes,
            asked_professional=_asked(story, network),
            asked_reason=story.asked_reason,
        ),
    )
    family = registration.family
    parents = list(family.members.filter(role=MemberRole.PARENT))
    for child in family.members.filter(role=MemberRole.CHILD):
        for parent in parents:
            MemberRelation.objects.get_or_create(
                member=parent,
                kind="parent_of",
                other=child,
                defaults={"parental_authority": True},
            )
    return family


def _parent_login(logins: dict[str, User]) -> None:
    parent = logins.get(PARENT_EMAIL)
    if parent is None:
        return
    family = Family.objects.get(network__slug="beter-thuis", name=PARENT_FAMILY)
    member = family.members.get(given_name="Marieke")
    if member.user_id != parent.pk:
        member.user = parent
        member.save(update_fields=["user"])


def _consents() -> None:
    """The team-collaboration consents of the source cases, one withdrawn and one expired."""
    today = timezone.localdate()
    plans: list[tuple[str, str, dict[str, Any]]] = [
        (SOURCE_CASE_SCHOOL, "beter-thuis", {}),
        # The school is named only in a consent of its own, about Emir and school (the
        # trajectories step): seed 002's school contact sees no more than that.
        (SOURCE_CASE_JUDO, "extrateam-zuilen", {"without_sector": "onderwijs"}),
        ("Vermeulen", "beter-thuis", {"withdrawn": True}),
        (PARENT_FAMILY, "beter-thuis", {"expired": True}),
    ]
    for name, slug, state in plans:
        family = Family.objects.get(network__slug=slug, name=name)
        if Consent.objects.filter(family=family).exists():
            continue
        named = family.network.organisations.order_by("name")
        if state.get("without_sector"):
            named = named.exclude(sector__code=state["without_sector"])
        organisations = list(named)
        members = list(family.members.all())
        givers = _givers(members, on=today - datetime.timedelta(days=200))
        consent = actions.record_consent(
            family,
            actor=_registrar(family.network),
            values=actions.ConsentValues(
                about=members,
                given_by=givers,
                recipients=organisations,
                purpose=Purpose.TEAM_COLLABORATION,
                obtained_how=ObtainedHow.SIGNED,
                valid_from=today - datetime.timedelta(days=200),
                valid_until=(today - datetime.timedelta(days=10)) if state.get("expired") else None,
                data_categories=["personal", "help_questions", "school"],
            ),
        )
        if state.get("withdrawn"):
            actions.withdraw_consent(
                consent,
                actor=_registrar(family.network),
                withdrawn_by="Kim Vermeulen",
                reason="Wil eerst zelf met de huisarts praten.",
            )


def _givers(members: list, *, on: datetime.date) -> list:
    """Everyone whose consent the age rules need: the parents, and children from 12."""
    return [
        m
        for m in members
        if m.role == MemberRole.PARENT or (m.age_on(on) is not None and m.age_on(on) >= 12)
    ]


def _meldcode() -> None:
    registration = Registration.objects.filter(
        family__network__slug="beter-thuis", family__name="Vermeulen"
    ).first()
    if registration is None or registration.meldcode_steps.exists():
        return
    today = timezone.localdate()
    steps = (
        (1, "Huisarts en regisseur", "Blauwe plekken bij moeder, kinderen aanwezig bij ruzies."),
        (2, "Veilig Thuis (advies)", "Advies: direct veiligheidsplan maken met moeder."),
        (3, "Regisseur", "Moeder wil hulp en wil met de kinderen naar haar zus."),
    )
    for step, who, outcome in steps:
        actions.record_meldcode_step(
            registration,
            actor=_registrar(registration.network),
            step=step,
            done_on=today - datetime.timedelta(days=4 - step),
            done_by=who,
            outcome=outcome,
        )


def _confidential() -> None:
    from samenspel.trajectories.models import CareTeamRole

    family = Family.objects.get(network__slug="extrateam-zuilen", name=SOURCE_CASE_JUDO)
    emir = family.members.get(given_name="Emir")
    if emir.confidential_sections.exists():
        return
    actions.add_confidential_section(
        emir,
        actor=_registrar(family.network),
        title="Traumabehandeling Emir",
        content=(
            "Behandeling start pas als er vertrouwen is; eerst mee naar judo. Niet delen met "
            "ouders zonder overleg met Emir."
        ),
        allowed_roles=[CareTeamRole.COORDINATOR, CareTeamRole.SPECIALIST],
        allowed_professionals=[],
    )


def _break_glass() -> None:
    """An emergency access of last weekend, waiting for review."""
    from samenspel.access.models import BREAK_GLASS_DURATION, BreakGlassAccess

    family = Family.objects.get(network__slug="beter-thuis", name="Vermeulen")
    user = _professionals("beter-thuis")[-1].user
    if BreakGlassAccess.objects.filter(family=family, user=user).exists():
        return
    opened = timezone.now() - datetime.timedelta(days=2)
    BreakGlassAccess.objects.create(
        user=user,
        family=family,
        reason=(
            "Avonddienst: politie belde over een melding op dit adres, moeder vroeg naar de "
            "afspraken met de huisarts."
        ),
        opened_at=opened,
        expires_at=opened + BREAK_GLASS_DURATION,
    )
