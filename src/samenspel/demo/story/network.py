"""The demo's networks, modelled on the sources with fictional organisations:

(Over 600 lines: most of it is the demo's data as literals, not logic. It is due to move to a
data file loaded through the network actions like the other stories; issue 19.)

- `beter-thuis`: a "Beter Thuis"-like network (source 000): youth care, adult mental health
  and LVB care; a team in Zoetermeer and two in Den Haag; professionals work about three days
  (24 hours) a week for the network.
- `extrateam-zuilen`: an Utrecht-Zuilen Extr@team-like network (source 002): a specialist team,
  the buurtteam, two GP practices and school contacts.
- `netwerk-oost-vlaanderen`: a Flemish network (source 001): a CGG, bijzondere jeugdzorg and a
  VAPH-voorziening.

Deterministic and idempotent: everything is found again by slug, external id or e-mail
address. Later demo steps find professionals with `professionals_in(slug)`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from samenspel.accounts.models import Role, RoleGrant, User
from samenspel.network import actions
from samenspel.network.models import (
    Absence,
    AbsenceKind,
    Agreement,
    Area,
    ChecklistAnswer,
    ChecklistQuestion,
    Effectiveness,
    Expertise,
    GlossarySynonym,
    GlossaryTerm,
    Intervention,
    Language,
    LawfulBasis,
    LegalBasis,
    MembershipRole,
    Network,
    NetworkAssignment,
    NetworkMembership,
    Organisation,
    ProcessReview,
    Professional,
    ProfessionalExpertise,
    Sector,
    Service,
    TariffUnit,
    Team,
)

COORDINATOR_EMAIL = "regisseur@demo.samenspel.nl"
PROFESSIONAL_EMAIL = "hulpverlener@demo.samenspel.nl"
NEWCOMER_EMAIL = "nieuw@demo.samenspel.nl"
NETWORK_ADMIN_EMAIL = "netwerkbeheer@demo.samenspel.nl"
POLICY_EMAIL = "beleid@demo.samenspel.nl"
ZUILEN_COORDINATOR_EMAIL = "regie-zuilen@demo.samenspel.nl"


@dataclass(frozen=True)
class Person:
    name: str
    org: str  # the organisation's external id
    job: str
    expertise: dict[str, int]
    team: str = ""
    languages: tuple[str, ...] = ("nl",)
    areas: tuple[str, ...] = ()
    hours: int = 24
    login: str = ""  # the e-mail address of an existing demo login
    intro: str = ""


@dataclass(frozen=True)
class Org:
    external_id: str
    name: str
    sector: str
    domain: str
    region: str
    role: str = MembershipRole.PARTNER


@dataclass(frozen=True)
class NetworkStory:
    slug: str
    name: str
    country: str
    region: str
    description: str
    orgs: tuple[Org, ...]
    teams: dict[str, tuple[str, ...]]  # team name → areas it serves
    people: tuple[Person, ...] = field(default_factory=tuple)


def _people(table: str) -> tuple[Person, ...]:
    """People from a table: "name | organisation | job title" on one line, then indented
    "expertise:level … | team | languages | areas [| hours]" on the next."""
    people = []
    rows = [line for line in table.strip("\n").splitlines() if line.strip()]
    for head, tail in zip(rows[::2], rows[1::2], strict=True):
        name, org, job = (part.strip() for part in head.split("|"))
        expertise, team, languages, areas, *hours = (part.strip() for part in tail.split("|"))
        people.append(
            Person(
                name=name,
                org=org,
                job=job,
                expertise={
                    code: int(level)
                    for code, level in (item.split(":") for item in expertise.split())
                },
                team=team,
                languages=tuple(languages.split()),
                areas=tuple(areas.split()),
                hours=int(hours[0]) if hours else 24,
                login=LOGINS.get(name, ""),
                intro=INTROS.get(name, ""),
            )
        )
    return tuple(people)


# Existing demo logins who are professionals in the story.
LOGINS = {
    "Fatima el Amrani": COORDINATOR_EMAIL,
    "Joost de Vries": PROFESSIONAL_EMAIL,
    "Daan Smit": NEWCOMER_EMAIL,
    "Soufiane El Idrissi": "buurtteam@demo.samenspel.nl",
    "Ahmet Çelik": "school@demo.samenspel.nl",
    "Emre Yilmaz": "lvb@demo.samenspel.nl",
    "Bart Willaert": "vlaanderen@demo.samenspel.nl",
    "Inge Jansen": "trauma@demo.samenspel.nl",
    "Hatice Öztürk": ZUILEN_COORDINATOR_EMAIL,
}
INTROS = {
    "Fatima el Amrani": "Ik werk al twaalf jaar met gezinnen in Zoetermeer. Ik spreek ook "
    "Arabisch en Tamazight. Bel me gerust als je twijfelt of een gezin bij ons past.",
    "Joost de Vries": "Sociaal psychiatrisch verpleegkundige. Ik help ouders met psychische "
    "klachten om hun kinderen goed te kunnen blijven opvoeden.",
    "Emre Yilmaz": "Gezinscoach voor ouders met een licht verstandelijke beperking. Ik leg "
    "dingen stap voor stap uit, ook in het Turks.",
}

# Areas: (municipality, name); the name equals the municipality for a whole municipality.
AREAS = {
    "zoetermeer": ("Zoetermeer", "Zoetermeer"),
    "den-haag-centrum": ("Den Haag", "Centrum"),
    "escamp": ("Den Haag", "Escamp"),
    "laak": ("Den Haag", "Laak"),
    "zuilen": ("Utrecht", "Zuilen"),
    "ondiep": ("Utrecht", "Ondiep"),
    "sint-niklaas": ("Sint-Niklaas", "Sint-Niklaas"),
    "dendermonde": ("Dendermonde", "Dendermonde"),
    "gent": ("Gent", "Gent"),
}

BETER_THUIS = NetworkStory(
    slug="beter-thuis",
    name="Beter Thuis",
    country="NL",
    region="Zoetermeer en Den Haag",
    description=(
        "Drie organisaties werken als één team rond gezinnen met problemen op meerdere "
        "gebieden. Twee professionals lopen zes weken mee in het gezin; daarna volgt een "
        "multidisciplinair overleg en een plan van aanpak met het gezin."
    ),
    orgs=(
        Org("bt-jeugd", "Jeugdhulp Hofstad", "jeugdhulp", "jeugdhulphofstad", "Den Haag", "lead"),
        Org("bt-ggz", "Horizon GGZ Volwassenen", "volwassenen-ggz", "horizonggz", "Haaglanden"),
        Org("bt-lvb", "Stichting Steunpunt LVB", "lvb-zorg", "steunpuntlvb", "Zuid-Holland"),
    ),
    teams={
        "Beter Thuis Zoetermeer": ("zoetermeer",),
        "Beter Thuis Den Haag Centrum": ("den-haag-centrum", "laak"),
        "Beter Thuis Den Haag Escamp": ("escamp",),
    },
    people=_people(
        """
        Fatima el Amrani | bt-jeugd | Gezinsregisseur
            jeugdhulp:3 opvoedondersteuning:2 | Beter Thuis Zoetermeer | nl ar zgh | zoetermeer
        Joost de Vries | bt-ggz | Sociaal psychiatrisch verpleegkundige
            volwassenen-ggz:3 verslavingszorg:1 | Beter Thuis Zoetermeer | nl en | zoetermeer
        Daan Smit | bt-lvb | Ambulant begeleider
            lvb:2 | Beter Thuis Den Haag Escamp | nl | escamp
        Emre Yilmaz | bt-lvb | Gezinscoach LVB
            lvb:3 opvoedondersteuning:2 | Beter Thuis Zoetermeer | nl tr | zoetermeer
        Sanne Bakker | bt-jeugd | Jeugd- en gezinsprofessional
            jeugdhulp:2 veiligheid:2 | Beter Thuis Zoetermeer | nl | zoetermeer
        Mohamed Bouzid | bt-ggz | GZ-psycholoog
            volwassenen-ggz:3 ggz-jeugd:1 | Beter Thuis Zoetermeer | nl ar zgh | zoetermeer
        Lotte van Dijk | bt-lvb | Gedragswetenschapper
            lvb:3 | Beter Thuis Zoetermeer | nl en | zoetermeer
        Karin Visser | bt-jeugd | Gezinsbehandelaar
            jeugdhulp:3 huiselijk-geweld:2 | Beter Thuis Den Haag Centrum | nl | den-haag-centrum
        Yusuf Demir | bt-jeugd | Jeugd- en gezinsprofessional
            jeugdhulp:2 | Beter Thuis Den Haag Centrum | nl tr | den-haag-centrum laak
        Agnieszka Kowalska | bt-ggz | Sociaal psychiatrisch verpleegkundige
            volwassenen-ggz:2 | Beter Thuis Den Haag Centrum | nl pl en | den-haag-centrum
        Nadia Ouali | bt-lvb | Ambulant begeleider
            lvb:2 schuldhulp:1 | Beter Thuis Den Haag Centrum | nl ar | laak
        Pieter Jansen | bt-ggz | Verslavingsarts
            verslavingszorg:3 volwassenen-ggz:2 | Beter Thuis Den Haag Centrum | nl | laak
        Samira Haddou | bt-jeugd | Gezinsregisseur
            jeugdhulp:3 opvoedondersteuning:3 | Beter Thuis Den Haag Escamp | nl ar zgh | escamp
        Thijs Mulder | bt-ggz | Psychiater
            volwassenen-ggz:3 | Beter Thuis Den Haag Escamp | nl en | escamp | 16
        Esra Kaya | bt-lvb | Gezinscoach LVB
            lvb:3 | Beter Thuis Den Haag Escamp | nl tr | escamp
        Marloes de Graaf | bt-jeugd | Jeugd- en gezinsprofessional
            jeugdhulp:2 veiligheid:3 | Beter Thuis Den Haag Escamp | nl | escamp
        Kevin Brouwer | bt-ggz | Ervaringsdeskundige
            ervaringsdeskundige:3 | Beter Thuis Zoetermeer | nl | zoetermeer escamp | 16
        Iris Hendriks | bt-lvb | Orthopedagoog
            lvb:3 jeugdhulp:1 | Beter Thuis Den Haag Centrum | nl en | laak
        Rachid Amrani | bt-jeugd | Jongerenwerker
            welzijn:2 jeugdhulp:1 | Beter Thuis Den Haag Escamp | nl ar zgh | escamp
        Anouk Willems | bt-ggz | GZ-psycholoog
            volwassenen-ggz:2 huiselijk-geweld:2 | Beter Thuis Zoetermeer | nl | zoetermeer
        Ilse Groen | bt-jeugd | Jeugd- en gezinsprofessional
            jeugdhulp:2 opvoedondersteuning:2 | Beter Thuis Zoetermeer | nl | zoetermeer
        Hamza Benali | bt-lvb | Ambulant begeleider
            lvb:2 welzijn:1 | Beter Thuis Zoetermeer | nl ar zgh en | zoetermeer
        Roos Vos | bt-ggz | Sociaal psychiatrisch verpleegkundige
            volwassenen-ggz:2 | Beter Thuis Den Haag Escamp | nl | escamp
        Marta Wiśniewska | bt-jeugd | Jeugd- en gezinsprofessional
            jeugdhulp:2 huiselijk-geweld:1 | Beter Thuis Den Haag Centrum | nl pl | laak
        """
    ),
)

EXTRATEAM_ZUILEN = NetworkStory(
    slug="extrateam-zuilen",
    name="Extrateam Zuilen",
    country="NL",
    region="Utrecht-Zuilen",
    description=(
        "Een specialistisch team, het buurtteam, huisartsen en scholen in Zuilen. De verwijzer "
        "vraagt direct naar de professional wiens deskundigheid past: een team op maat per "
        "hulpvraag. Elke maand bespreken we één casus op procesniveau."
    ),
    orgs=(
        Org(
            "ez-spec",
            "Specialistisch Team Zuilen",
            "jeugdhulp",
            "specialistischteamzuilen",
            "Utrecht",
            "lead",
        ),
        Org("ez-buurt", "Buurtteam Zuilen-Ondiep", "wijkteam", "buurtteamzuilen", "Utrecht"),
        Org(
            "ez-ha-vecht",
            "Huisartsenpraktijk De Vecht",
            "huisartsenpraktijk",
            "hapdevecht",
            "Utrecht",
        ),
        Org(
            "ez-ha-ondiep", "Gezondheidscentrum Ondiep", "huisartsenpraktijk", "gcondiep", "Utrecht"
        ),
        Org("ez-school", "Samenwerkende scholen Zuilen", "onderwijs", "scholenzuilen", "Utrecht"),
    ),
    teams={"Extrateam Zuilen": ("zuilen", "ondiep")},
    people=_people(
        """
        Maarten Bosch | ez-spec | Kinder- en jeugdpsycholoog
            ggz-jeugd:3 jeugdhulp:2 | Extrateam Zuilen | nl en | zuilen
        Hatice Öztürk | ez-spec | Systeemtherapeut
            ggz-jeugd:3 opvoedondersteuning:2 | Extrateam Zuilen | nl tr | zuilen ondiep
        Ellen Vermeulen | ez-spec | Kinderpsychiater
            ggz-jeugd:3 | Extrateam Zuilen | nl | zuilen | 8
        Bram Peters | ez-spec | Orthopedagoog
            lvb:2 jeugdhulp:2 | Extrateam Zuilen | nl | ondiep
        Soufiane El Idrissi | ez-buurt | Buurtteammedewerker
            buurtteam:3 schuldhulp:2 | Extrateam Zuilen | nl ar zgh | zuilen
        Marieke Dekker | ez-buurt | Buurtteammedewerker
            buurtteam:3 welzijn:2 | Extrateam Zuilen | nl | zuilen
        Tomasz Nowak | ez-buurt | Schuldhulpverlener
            schuldhulp:3 | Extrateam Zuilen | nl pl | zuilen ondiep
        Linda Koster | ez-buurt | Buurtteammedewerker
            buurtteam:2 huiselijk-geweld:2 | Extrateam Zuilen | nl en | ondiep
        Gerrit van Leeuwen | ez-ha-vecht | Huisarts
            huisarts-poh:3 | Extrateam Zuilen | nl | zuilen | 4
        Naima Chaouch | ez-ha-vecht | POH-GGZ jeugd
            huisarts-poh:3 ggz-jeugd:2 | Extrateam Zuilen | nl ar | zuilen | 12
        Jeroen Smits | ez-ha-ondiep | Huisarts
            huisarts-poh:3 | Extrateam Zuilen | nl | ondiep | 4
        Fenna de Boer | ez-ha-ondiep | POH-GGZ
            huisarts-poh:2 volwassenen-ggz:2 | Extrateam Zuilen | nl | ondiep | 12
        Wendy Maas | ez-school | Intern begeleider basisschool
            onderwijs:3 | Extrateam Zuilen | nl | zuilen | 4
        Ahmet Çelik | ez-school | Zorgcoördinator voortgezet onderwijs
            onderwijs:3 jeugdhulp:1 | Extrateam Zuilen | nl tr | zuilen ondiep | 4
        Sophie Verhoeven | ez-school | Schoolmaatschappelijk werker
            onderwijs:2 welzijn:2 | Extrateam Zuilen | nl en | ondiep | 8
        Hanneke Prins | ez-buurt | Buurtteammedewerker
            buurtteam:2 opvoedondersteuning:2 | Extrateam Zuilen | nl | zuilen
        Mustafa Aydin | ez-buurt | Buurtteammedewerker
            buurtteam:2 schuldhulp:1 | Extrateam Zuilen | nl tr ar | ondiep
        Esther Kuipers | ez-spec | Gezinstherapeut
            ggz-jeugd:2 huiselijk-geweld:3 | Extrateam Zuilen | nl en | zuilen
        Ruud Hoekstra | ez-spec | Ervaringsdeskundige
            ervaringsdeskundige:3 | Extrateam Zuilen | nl | zuilen ondiep | 12
        Inge Jansen | ez-spec | Traumatherapeut (EMDR)
            trauma:3 ggz-jeugd:2 | Extrateam Zuilen | nl en | zuilen ondiep | 16
        """
    ),
)

OOST_VLAANDEREN = NetworkStory(
    slug="netwerk-oost-vlaanderen",
    name="Netwerk Integrale Gezinsondersteuning Oost-Vlaanderen",
    country="BE",
    region="Oost-Vlaanderen",
    description=(
        "Intersectorale samenwerking tussen geestelijke gezondheidszorg, bijzondere jeugdzorg "
        "en ondersteuning van personen met een handicap, met een coördinator, duidelijke "
        "verwachtingen en gelijkwaardigheid tussen de partners."
    ),
    orgs=(
        Org("ov-cgg", "CGG Scheldeland", "cgg", "cggscheldeland", "Waasland", "lead"),
        Org("ov-bjz", "Jeugdhulp De Kering", "bijzondere-jeugdzorg", "dekering", "Dendermonde"),
        Org("ov-vaph", "VAPH-voorziening Het Anker", "vaph", "hetanker", "Gent"),
    ),
    teams={"Gezinsteam Waasland": ("sint-niklaas",), "Gezinsteam Dender": ("dendermonde", "gent")},
    people=_people(
        """
        Lieselot Van den Broeck | ov-cgg | Klinisch psycholoog
            ggz-jeugd:3 volwassenen-ggz:2 | Gezinsteam Waasland | nl fr | sint-niklaas
        Wouter De Smet | ov-cgg | Psychiater
            volwassenen-ggz:3 | Gezinsteam Waasland | nl en | sint-niklaas | 8
        Elke Claes | ov-cgg | Maatschappelijk werker
            volwassenen-ggz:2 welzijn:2 | Gezinsteam Dender | nl | dendermonde
        Jens Peeters | ov-bjz | Contextbegeleider
            jeugdhulp:3 | Gezinsteam Waasland | nl | sint-niklaas
        Hanne Maes | ov-bjz | Contextbegeleider
            jeugdhulp:2 opvoedondersteuning:3 | Gezinsteam Dender | nl en | dendermonde
        Bart Willaert | ov-bjz | Teamcoördinator
            jeugdhulp:3 veiligheid:2 | Gezinsteam Dender | nl fr | dendermonde gent
        Fien Goossens | ov-vaph | Orthopedagoog
            lvb:3 | Gezinsteam Waasland | nl | sint-niklaas
        Pieter-Jan Wouters | ov-vaph | Begeleider mobiele ondersteuning
            lvb:2 | Gezinsteam Dender | nl | gent
        Yasmina Boukhari | ov-vaph | Maatschappelijk werker
            lvb:2 welzijn:2 | Gezinsteam Dender | nl ar fr | gent
        Dries Vermeersch | ov-cgg | Ervaringsdeskundige in armoede
            ervaringsdeskundige:3 | Gezinsteam Waasland | nl | sint-niklaas | 12
        Ann Mertens | ov-bjz | Netwerkcoördinator
            jeugdhulp:3 | Gezinsteam Dender | nl en fr | dendermonde gent sint-niklaas
        Kobe Jacobs | ov-vaph | Psycholoog
            lvb:3 ggz-jeugd:2 | Gezinsteam Waasland | nl | sint-niklaas
        Lore Van Damme | ov-cgg | Orthopedagoog
            ggz-jeugd:2 | Gezinsteam Waasland | nl | sint-niklaas
        Stijn Lambrecht | ov-bjz | Contextbegeleider
            jeugdhulp:2 veiligheid:2 | Gezinsteam Dender | nl | dendermonde
        Nele De Clercq | ov-vaph | Begeleider gezinsondersteuning
            lvb:2 opvoedondersteuning:2 | Gezinsteam Waasland | nl en | sint-niklaas
        Mehmet Yildiz | ov-cgg | Psycholoog
            volwassenen-ggz:2 | Gezinsteam Dender | nl tr fr | gent
        Ruben Martens | ov-bjz | Contextbegeleider
            jeugdhulp:2 | Gezinsteam Dender | nl pl | gent
        """
    ),
)

STORIES = (BETER_THUIS, EXTRATEAM_ZUILEN, OOST_VLAANDEREN)
# Away this week (Monday to Friday), with cover by the named colleague.
AWAY_THIS_WEEK = {
    "Sanne Bakker": (AbsenceKind.SICK, "Emre Yilmaz"),
    "Karin Visser": (AbsenceKind.LEAVE, "Yusuf Demir"),
    "Marieke Dekker": (AbsenceKind.LEAVE, "Linda Koster"),
    "Jens Peeters": (AbsenceKind.SICK, None),
}
DEMO_ABSENCE_NOTE = "Demo"


def load(logins: dict[str, User]) -> None:
    areas = {
        key: Area.objects.get_or_create(municipality=municipality, name=name)[0]
        for key, (municipality, name) in AREAS.items()
    }
    expertise = {item.code: item for item in Expertise.objects.all()}
    languages = {item.code: item for item in Language.objects.all()}
    by_name: dict[str, Professional] = {}
    for story in STORIES:
        network = _network(story)
        organisations = _organisations(story, network)
        teams = _teams(story, network, areas)
        for person in story.people:
            professional = _professional(person, network, organisations, logins)
            _profile(professional, person, expertise, languages, areas)
            if person.team:
                teams[person.team].members.add(professional)
            by_name[person.name] = professional
    _roles(logins)
    _absences(by_name)
    admin = logins.get(NETWORK_ADMIN_EMAIL)
    if admin is not None:
        for story in STORIES[:2]:
            _register(Network.objects.get(slug=story.slug), admin)


def professionals_in(network_slug: str) -> list[Professional]:
    """The demo professionals of a network, in a fixed order (by e-mail address)."""
    network = Network.objects.get(slug=network_slug)
    return list(
        Professional.objects.in_network(network)
        .select_related("user", "home_organisation")
        .order_by("user__email")
    )


def _network(story: NetworkStory) -> Network:
    network, _ = Network.objects.update_or_create(
        slug=story.slug,
        defaults={
            "name": story.name,
            "country": story.country,
            "region": story.region,
            "description": story.description,
        },
    )
    return network


def _organisations(story: NetworkStory, network: Network) -> dict[str, Organisation]:
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    result = {}
    for org in story.orgs:
        organisation, _ = Organisation.objects.update_or_create(
            external_id=f"demo-{org.external_id}",
            defaults={
                "name": org.name,
                "sector": sectors[org.sector],
                "country": story.country,
                "region": org.region,
                "website": f"https://www.{org.domain}.example",
                "email": f"info@{org.domain}.demo",
            },
        )
        if not NetworkMembership.objects.filter(
            network=network, organisation=organisation
        ).exists():
            NetworkMembership.objects.create(
                network=network,
                organisation=organisation,
                role=org.role,
                valid_from=datetime.date(2025, 1, 1),
            )
        result[org.external_id] = organisation
    return result


def _teams(story: NetworkStory, network: Network, areas: dict[str, Area]) -> dict[str, Team]:
    teams = {}
    for name, served in story.teams.items():
        team, _ = Team.objects.get_or_create(name=name, network=network)
        team.areas.set([areas[key] for key in served])
        teams[name] = team
    return teams


def _email(person: Person, domain: str) -> str:
    first, _, last = person.name.partition(" ")
    local = f"{slugify(first)}.{slugify(last)}"
    return f"{local}@{domain}.demo"


def _professional(
    person: Person,
    network: Network,
    organisations: dict[str, Organisation],
    logins: dict[str, User],
) -> Professional:
    organisation = organisations[person.org]
    user = logins.get(person.login) if person.login else None
    if user is None:
        domain = next(o.domain for s in STORIES for o in s.orgs if o.external_id == person.org)
        email = _email(person, domain)
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, full_name=person.name
        )
        # No password: these colleagues fill the directory; the demo logins are the ones in
        # demo/accounts.py.
        RoleGrant.objects.get_or_create(user=user, role=Role.PROFESSIONAL, network=None)
    professional, _ = Professional.objects.update_or_create(
        user=user,
        defaults={
            "home_organisation": organisation,
            "job_title": person.job,
            "introduction": person.intro,
            "external_id": f"demo-{slugify(person.name)}",
        },
    )
    NetworkAssignment.objects.update_or_create(
        professional=professional,
        network=network,
        defaults={"hours_per_week": person.hours, "valid_from": datetime.date(2025, 1, 1)},
    )
    return professional


def _profile(
    professional: Professional,
    person: Person,
    expertise: dict[str, Expertise],
    languages: dict[str, Language],
    areas: dict[str, Area],
) -> None:
    for code, level in person.expertise.items():
        ProfessionalExpertise.objects.update_or_create(
            professional=professional, expertise=expertise[code], defaults={"level": level}
        )
    professional.expertise_levels.exclude(expertise__code__in=person.expertise).delete()
    professional.languages.set([languages[code] for code in person.languages])
    professional.areas.set([areas[key] for key in person.areas])


def _roles(logins: dict[str, User]) -> None:
    """Grants scoped to the demo networks (the accounts step grants them deployment-wide)."""
    scoped = {
        COORDINATOR_EMAIL: (Role.COORDINATOR, ("beter-thuis",)),
        ZUILEN_COORDINATOR_EMAIL: (Role.COORDINATOR, ("extrateam-zuilen",)),
        NETWORK_ADMIN_EMAIL: (Role.NETWORK_ADMIN, ("beter-thuis", "extrateam-zuilen")),
        POLICY_EMAIL: (Role.POLICY_ADVISER, ("beter-thuis",)),
    }
    for email, (role, slugs) in scoped.items():
        user = logins.get(email)
        if user is None:
            continue
        for slug in slugs:
            RoleGrant.objects.get_or_create(
                user=user, role=role, network=Network.objects.get(slug=slug)
            )
        RoleGrant.objects.filter(user=user, role=role, network__isnull=True).delete()
        user.__dict__.pop("_grants", None)


def _absences(by_name: dict[str, Professional]) -> None:
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    for name, (kind, cover) in AWAY_THIS_WEEK.items():
        Absence.objects.update_or_create(
            professional=by_name[name],
            note=DEMO_ABSENCE_NOTE,
            defaults={
                "kind": kind,
                "starts_on": monday,
                "ends_on": monday + datetime.timedelta(days=4),
                "cover": by_name[cover] if cover else None,
            },
        )


GLOSSARY = (
    (
        "Gezin in kwetsbare omstandigheden",
        "Een gezin met problemen op meer gebieden tegelijk, bijvoorbeeld geld, wonen, "
        "opvoeden en gezondheid. Eén hulpverlener alleen kan dat niet oplossen.",
        "Een moeder met schulden, een zoon met een LVB en een vader met psychische klachten.",
        (("multiprobleemgezin", "", None), ("gezin in een kwetsbare situatie", "BE", None)),
    ),
    (
        "Regisseur",
        "De hulpverlener die het overzicht houdt. Het gezin weet: deze persoon houdt alles "
        "bij elkaar. Er is altijd precies één regisseur.",
        "",
        (
            ("casusregisseur", "", None),
            ("regiehouder", "NL", "wijkteam"),
            ("trajectbegeleider", "BE", None),
        ),
    ),
    (
        "LVB",
        "Licht verstandelijke beperking: iemand leert langzamer en heeft moeite met "
        "ingewikkelde informatie. Hulp moet dan eenvoudig, concreet en herhaald zijn.",
        "Een brief samen lezen in plaats van hem alleen toesturen.",
        (("licht verstandelijk beperkt", "", "lvb-zorg"),),
    ),
    (
        "Toestemming",
        "Het gezin zegt ja tegen het delen van informatie met een andere hulpverlener, voor "
        "een doel en voor een periode. Het gezin mag dat later weer intrekken.",
        "",
        (("instemming", "BE", None),),
    ),
)

AGREEMENTS = (
    (
        "information",
        "Informatie delen met toestemming",
        [
            "We delen alleen informatie die nodig is voor de hulp aan het gezin.",
            "Voor het delen vragen we toestemming aan het gezin (Jeugdwet art. 7.3.11).",
        ],
        "Bij zorgen over veiligheid volgen we de meldcode en overleggen we eerst met een collega.",
    ),
    (
        "roles",
        "Eén regisseur per gezin",
        [
            "Elk gezin heeft één regisseur uit het team.",
            "De regisseur houdt het overzicht en is het aanspreekpunt voor het gezin.",
        ],
        "Bij ziekte van de regisseur neemt de vaste waarnemer binnen twee werkdagen over.",
    ),
    (
        "involving",
        "Een andere professional erbij halen",
        [
            "De regisseur vraagt het gezin eerst of een andere professional mag aansluiten.",
            "We zoeken de professional op in Wie is wie en bellen direct.",
        ],
        None,
    ),
)


def _register(network: Network, admin: User) -> None:
    """Glossary, catalogue, agreements with versions, a process review, the checklist and
    legal bases; each part only when the network has none yet (idempotent)."""
    terms = {}
    for term, definition, examples, synonyms in GLOSSARY:
        item, created = GlossaryTerm.objects.get_or_create(
            network=network, term=term, defaults={"definition": definition, "examples": examples}
        )
        if created:
            for text, country, sector in synonyms:
                GlossarySynonym.objects.create(
                    term=item,
                    text=text,
                    country=country,
                    sector=Sector.objects.filter(code=sector).first() if sector else None,
                )
        terms[term] = item
    _catalogue(network, terms)
    if not Agreement.objects.filter(network=network).exists():
        _agreements(network, admin, terms)
    if not ChecklistAnswer.objects.filter(network=network).exists():
        answers = {
            ChecklistQuestion.WHICH_HELP: "Gezinnen met problemen op meerdere leefgebieden "
            "tegelijk, waar de gewone hulp is vastgelopen.",
            ChecklistQuestion.COMMON_GOAL: "Eén gezin, één plan, één regisseur: het gezin kan "
            "daarna zelf verder.",
            ChecklistQuestion.ROLES: "De regisseur houdt het overzicht; iedere professional "
            "blijft verantwoordelijk voor de eigen hulp.",
            ChecklistQuestion.FINDING: "Via Wie is wie en het wekelijkse teamoverleg.",
        }
        for question, answer in answers.items():
            actions.answer_checklist_question(
                network, actor=admin, question=question, answer=answer
            )
    for organisation in network.organisations.all():
        LegalBasis.objects.get_or_create(
            network=network,
            organisation=organisation,
            purpose="Integrale gezinshulp: gezamenlijk plan en uitvoering",
            defaults={
                "basis": LawfulBasis.PUBLIC_TASK,
                "law_reference": "Jeugdwet art. 7.3.11; Wmo 2015 art. 5.2.1",
            },
        )


def _catalogue(network: Network, terms: dict[str, GlossaryTerm]) -> None:
    services = {
        "Jeugdhulp Hofstad": (
            "Intensieve ambulante gezinsbehandeling",
            12,
            78,
            "Multi Systeem Therapie",
            Effectiveness.EFFECTIVE_GOOD,
        ),
        "Stichting Steunpunt LVB": (
            "Gezinscoaching bij LVB",
            3,
            69,
            "Stevig Ouderschap",
            Effectiveness.EFFECTIVE_FIRST,
        ),
        "Horizon GGZ Volwassenen": (
            "Behandeling volwassenen-GGZ",
            8,
            112,
            "Cognitieve gedragstherapie",
            Effectiveness.EFFECTIVE_STRONG,
        ),
        "Buurtteam Zuilen-Ondiep": (
            "Hulp bij geldzaken",
            1,
            0,
            "Schuldhulpmaatje",
            Effectiveness.WELL_FOUNDED,
        ),
        "Specialistisch Team Zuilen": (
            "Gezinsgerichte jeugd-GGZ",
            4,
            95,
            "Functional Family Therapy",
            Effectiveness.EFFECTIVE_GOOD,
        ),
    }
    for organisation in network.organisations.all():
        if organisation.name not in services:
            continue
        name, weeks, tariff, intervention, rating = services[organisation.name]
        service, created = Service.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "description": "Hulp thuis, samen met het gezin en de andere hulpverleners.",
                "waiting_weeks": weeks,
                "tariff": tariff or None,
                "tariff_unit": TariffUnit.HOUR if tariff else "",
            },
        )
        if created:
            service.target_groups.set([terms["Gezin in kwetsbare omstandigheden"]])
            Intervention.objects.create(service=service, name=intervention, effectiveness=rating)


def _agreements(network: Network, admin: User, terms: dict[str, GlossaryTerm]) -> None:
    parties = list(network.organisations.all())
    owner = network.memberships.filter(role=MembershipRole.LEAD).first()
    produced = []
    for category, title, lines, addition in AGREEMENTS:
        data: dict[str, Any] = {
            "category": category,
            "title": title,
            "text": "\n".join(lines),
            "parties": parties,
            "owner": owner.organisation if owner else None,
            "status": "active",
            "valid_from": datetime.date(2025, 1, 1),
            "next_review_on": datetime.date(2026, 12, 1),
            "terms": [terms["Regisseur"], terms["Toestemming"]],
            "reason": "Vastgesteld bij de start van het netwerk",
            "expected_number": 0,
        }
        version = actions.save_agreement_version(network, None, actor=admin, data=data)
        if addition:
            data |= {
                "text": data["text"] + "\n" + addition,
                "reason": "Aangescherpt na de procesreview van oktober",
                "expected_number": 1,
            }
            produced.append(
                actions.save_agreement_version(network, version.agreement, actor=admin, data=data)
            )
    if not ProcessReview.objects.filter(network=network).exists():
        actions.record_process_review(
            network,
            actor=admin,
            data={
                "held_on": datetime.date(2025, 10, 14),
                "participants": "Het hele team, met de huisarts en de teamleider van de "
                "penvoerder.",
                "case_summary": "Een gezin met drie kinderen, schulden en zorgen over "
                "veiligheid. Toen de regisseur ziek werd, wist niemand wie de regie overnam.",
                "findings": "Er was geen vaste waarnemer, en informatie over veiligheid "
                "kwam te laat bij de juiste collega.",
                "produced_versions": produced,
            },
        )
