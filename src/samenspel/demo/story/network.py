"""The demo's networks, modelled on the sources with fictional organisations. The data is in
`network.toml` (read and checked by `network_data.py`); this module applies it:

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

import dataclasses
import datetime

from django.utils import timezone
from django.utils.text import slugify

from samenspel.accounts.models import Role, RoleGrant, User
from samenspel.demo.story import network_data
from samenspel.demo.story.network_data import DATA_FILE, DemoDataError, NetworkStory, Person
from samenspel.network import actions
from samenspel.network.models import (
    Absence,
    Agreement,
    AgreementVersion,
    Area,
    ChecklistAnswer,
    Expertise,
    GlossarySynonym,
    GlossaryTerm,
    Intervention,
    Language,
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
from samenspel.network.values import AgreementValues, ReviewValues

COORDINATOR_EMAIL = "regisseur@demo.samenspel.nl"
PROFESSIONAL_EMAIL = "hulpverlener@demo.samenspel.nl"
NEWCOMER_EMAIL = "nieuw@demo.samenspel.nl"
NETWORK_ADMIN_EMAIL = "netwerkbeheer@demo.samenspel.nl"
POLICY_EMAIL = "beleid@demo.samenspel.nl"
ZUILEN_COORDINATOR_EMAIL = "regie-zuilen@demo.samenspel.nl"

DATA = network_data.read()
# The names later demo steps and tests use (the data file holds the values).
AREAS = DATA.areas
STORIES = DATA.stories
BETER_THUIS, EXTRATEAM_ZUILEN, OOST_VLAANDEREN = STORIES
# Away this week (Monday to Friday), with cover by the named colleague.
AWAY_THIS_WEEK = {away.person: (away.kind, away.cover) for away in DATA.away_this_week}
DEMO_ABSENCE_NOTE = "Demo"


def load(logins: dict[str, User]) -> None:
    """The demo's networks from the data file (`network.toml`), with their people, roles,
    absences and the register the network administrator keeps: every network's own glossary
    and agreements, and for the first networks the rest of the register."""
    areas = {
        key: Area.objects.get_or_create(municipality=municipality, name=name)[0]
        for key, (municipality, name) in AREAS.items()
    }
    expertise = {item.code: item for item in Expertise.objects.all()}
    languages = {item.code: item for item in Language.objects.all()}
    by_name: dict[str, Professional] = {}
    for index, story in enumerate(STORIES):
        network = _network(story)
        organisations = _organisations(story, network, index)
        teams = _teams(story, network, areas)
        for number, person in enumerate(story.people):
            where = f"networks[{index}].people[{number}]"
            professional = _professional(person, network, organisations, logins)
            _profile(professional, person, where, expertise, languages, areas)
            if person.team:
                teams[person.team].members.add(professional)
            by_name[person.name] = professional
    _roles(logins)
    _absences(by_name)
    admin = logins.get(DATA.register.login)
    if admin is not None:
        for story in STORIES:
            _register(Network.objects.get(slug=story.slug), admin)


def professionals_in(network_slug: str) -> list[Professional]:
    """The demo professionals of a network, in a fixed order (by e-mail address)."""
    network = Network.objects.get(slug=network_slug)
    return list(
        Professional.objects.in_network(network)
        .select_related("user", "home_organisation")
        .order_by("user__email")
    )


def _unknown(where: str, kind: str, code: str) -> DemoDataError:
    return DemoDataError(f"{DATA_FILE.name}: {where}: no {kind} with the code {code!r}")


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


def _organisations(story: NetworkStory, network: Network, index: int) -> dict[str, Organisation]:
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    result = {}
    for number, org in enumerate(story.orgs):
        if org.sector not in sectors:
            where = f"networks[{index}].organisations[{number}].sector"
            raise _unknown(where, "sector", org.sector)
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
                valid_from=DATA.started_on,
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
        defaults={"hours_per_week": person.hours, "valid_from": DATA.started_on},
    )
    return professional


def _profile(
    professional: Professional,
    person: Person,
    where: str,
    expertise: dict[str, Expertise],
    languages: dict[str, Language],
    areas: dict[str, Area],
) -> None:
    for code, level in person.expertise.items():
        if code not in expertise:
            raise _unknown(f"{where}.expertise.{code}", "expertise", code)
        ProfessionalExpertise.objects.update_or_create(
            professional=professional, expertise=expertise[code], defaults={"level": level}
        )
    professional.expertise_levels.exclude(expertise__code__in=person.expertise).delete()
    for code in person.languages:
        if code not in languages:
            raise _unknown(f"{where}.languages", "language", code)
    professional.languages.set([languages[code] for code in person.languages])
    professional.areas.set([areas[key] for key in person.areas])


def _roles(logins: dict[str, User]) -> None:
    """Grants scoped to the demo networks (the accounts step grants them deployment-wide)."""
    for scoped in DATA.scoped_roles:
        user = logins.get(scoped.login)
        if user is None:
            continue
        for slug in scoped.networks:
            RoleGrant.objects.get_or_create(
                user=user, role=scoped.role, network=Network.objects.get(slug=slug)
            )
        RoleGrant.objects.filter(user=user, role=scoped.role, network__isnull=True).delete()
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


def _register(network: Network, admin: User) -> None:
    """The network's glossary and agreements (with versions); for the networks of
    `[register]` also the catalogue, a process review, the checklist and legal bases. Each
    part only when the network has none yet (idempotent)."""
    register = DATA.register
    # The catalogue, the process review, the checklist and the legal bases (Dutch law) are
    # Beter Thuis's and Zuilen's story; the Flemish network has its own words and agreements.
    full = network.slug in register.networks
    terms = _glossary(network)
    if full:
        _catalogue(network, terms)
    produced = None
    if not Agreement.objects.filter(network=network).exists():
        produced = _agreements(network, admin, terms)
    if not full:
        return
    if produced is not None and not ProcessReview.objects.filter(network=network).exists():
        actions.record_process_review(
            network,
            actor=admin,
            values=ReviewValues(**register.process_review, produced_versions=produced),
        )
    if not ChecklistAnswer.objects.filter(network=network).exists():
        for question, answer in register.checklist.items():
            actions.answer_checklist_question(
                network, actor=admin, question=question, answer=answer
            )
    for organisation in network.organisations.all():
        LegalBasis.objects.get_or_create(
            network=network,
            organisation=organisation,
            purpose=register.legal_basis["purpose"],
            defaults={
                "basis": register.legal_basis["basis"],
                "law_reference": register.legal_basis["law_reference"],
            },
        )


def _glossary(network: Network) -> dict[str, GlossaryTerm]:
    terms = {}
    for entry in network_data.glossary_of(DATA, network.slug):
        item, created = GlossaryTerm.objects.get_or_create(
            network=network,
            term=entry.term,
            defaults={"definition": entry.definition, "examples": entry.examples},
        )
        if created:
            for synonym in entry.synonyms:
                GlossarySynonym.objects.create(
                    term=item,
                    text=synonym.text,
                    country=synonym.country,
                    sector=(
                        Sector.objects.filter(code=synonym.sector).first()
                        if synonym.sector
                        else None
                    ),
                )
        terms[entry.term] = item
    return terms


def _catalogue(network: Network, terms: dict[str, GlossaryTerm]) -> None:
    services = {offer.organisation: offer for offer in DATA.services}
    for organisation in network.organisations.all():
        offer = services.get(organisation.name)
        if offer is None:
            continue
        service, created = Service.objects.get_or_create(
            organisation=organisation,
            name=offer.name,
            defaults={
                "description": DATA.register.service_description,
                "waiting_weeks": offer.waiting_weeks,
                "tariff": offer.tariff or None,
                "tariff_unit": TariffUnit.HOUR if offer.tariff else "",
            },
        )
        if created:
            service.target_groups.set([terms[DATA.register.service_target_group]])
            Intervention.objects.create(
                service=service, name=offer.intervention, effectiveness=offer.effectiveness
            )


def _agreements(
    network: Network, admin: User, terms: dict[str, GlossaryTerm]
) -> list[AgreementVersion]:
    """The network's agreements, each a first version and, with an addition, a second; the
    second versions are what the process review produced."""
    register = DATA.register
    parties = list(network.organisations.all())
    owner = network.memberships.filter(role=MembershipRole.LEAD).first()
    produced = []
    for agreement in network_data.agreements_of(DATA, network.slug):
        values = AgreementValues(
            category=agreement.category,
            title=agreement.title,
            text="\n".join(agreement.lines),
            parties=parties,
            owner=owner.organisation if owner else None,
            status="active",
            valid_from=register.agreement_valid_from,
            next_review_on=register.agreement_next_review_on,
            terms=[terms[term] for term in agreement.terms],
            reason=register.agreement_reason,
            expected_number=0,
        )
        version = actions.save_agreement_version(network, None, actor=admin, values=values)
        if agreement.addition:
            values = dataclasses.replace(
                values,
                text=values.text + "\n" + agreement.addition,
                reason=register.addition_reason,
                expected_number=1,
            )
            produced.append(
                actions.save_agreement_version(
                    network, version.agreement, actor=admin, values=values
                )
            )
    return produced
