"""The demo's networks as data: `network.toml` next to this module, read and checked here.

`read()` gives the file's content as frozen dataclasses, or raises `DemoDataError` naming the
file and the key (e.g. ``network.toml: networks[0].people[3].expertise.lvb: expected a level
1 to 3, got 5``). Codes that live in the database (sectors, expertise, languages) are checked
when the story applies them (demo/story/network.py)."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from samenspel.accounts.models import Role
from samenspel.network.models import (
    AbsenceKind,
    AgreementCategory,
    ChecklistQuestion,
    Effectiveness,
    ExpertiseLevel,
    LawfulBasis,
    MembershipRole,
)

DATA_FILE = Path(__file__).with_name("network.toml")

T = TypeVar("T")


class DemoDataError(ValueError):
    """The demo's data file is not as the story expects."""


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


@dataclass(frozen=True)
class Away:
    person: str
    kind: str
    cover: str | None


@dataclass(frozen=True)
class Synonym:
    text: str
    country: str
    sector: str | None


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    examples: str
    synonyms: tuple[Synonym, ...]
    networks: tuple[str, ...]  # the slugs of the networks whose glossary holds it


@dataclass(frozen=True)
class AgreementText:
    category: str
    title: str
    lines: tuple[str, ...]
    addition: str | None
    networks: tuple[str, ...]  # the slugs of the networks that agreed on it
    terms: tuple[str, ...]  # the glossary terms it names, in each of its networks


@dataclass(frozen=True)
class ServiceOffer:
    organisation: str  # the organisation's name
    name: str
    waiting_weeks: int
    tariff: int
    intervention: str
    effectiveness: str


@dataclass(frozen=True)
class ScopedRole:
    login: str
    role: str
    networks: tuple[str, ...]


@dataclass(frozen=True)
class Register:
    """What the network administrator fills in for the first networks (`networks`), which
    are also the networks of a glossary term or an agreement that names none of its own."""

    login: str
    networks: tuple[str, ...]
    agreement_reason: str
    addition_reason: str
    agreement_valid_from: datetime.date
    agreement_next_review_on: datetime.date
    agreement_terms: tuple[str, ...]
    service_target_group: str
    service_description: str
    checklist: dict[str, str]
    legal_basis: dict[str, str]
    process_review: dict[str, Any]


@dataclass(frozen=True)
class NetworkData:
    started_on: datetime.date
    areas: dict[str, tuple[str, str]]  # key → (municipality, name)
    stories: tuple[NetworkStory, ...]
    away_this_week: tuple[Away, ...]
    glossary: tuple[Term, ...]
    agreements: tuple[AgreementText, ...]
    services: tuple[ServiceOffer, ...]
    scoped_roles: tuple[ScopedRole, ...]
    register: Register


class _Table:
    """One TOML table with its place in the file, for errors that say where."""

    def __init__(self, data: object, where: str, source: str) -> None:
        self.source = source
        self.where = where
        if not isinstance(data, dict):
            self.fail("", f"expected a table, got {type(data).__name__}")
        self.data: dict[str, Any] = data
        self.seen: set[str] = set()

    def fail(self, key: str, message: str) -> NoReturn:
        place = f"{self.where}.{key}" if self.where and key else self.where or key
        raise DemoDataError(f"{self.source}: {place}: {message}")

    def get(self, key: str, kind: type[T], default: T | None = None) -> T:
        self.seen.add(key)
        if key not in self.data:
            if default is None:
                self.fail(key, "missing")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(key, f"expected {kind.__name__}, got {type(value).__name__} {value!r}")
        return value

    def strings(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        items = self.get(key, list, list(default) if default is not None else None)
        for item in items:
            if not isinstance(item, str):
                self.fail(key, f"expected a list of strings, got {item!r}")
        return tuple(items)

    def choice(self, key: str, choices: list[str], default: str | None = None) -> str:
        value = self.get(key, str, default)
        if value not in choices and value != default:
            self.fail(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def table(self, key: str) -> _Table:
        return _Table(self.get(key, dict), self._at(key), self.source)

    def tables(self, key: str) -> list[_Table]:
        return [
            _Table(item, f"{self._at(key)}[{i}]", self.source)
            for i, item in enumerate(self.get(key, list))
        ]

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            self.fail(unknown[0], "unknown key")

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key


@cache
def read(path: Path = DATA_FILE) -> NetworkData:
    """The demo's networks from the data file, checked."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DemoDataError(f"{path.name}: {error}") from error
    return parse(raw, path.name)


def parse(raw: dict[str, Any], source: str) -> NetworkData:
    root = _Table(raw, "", source)
    areas_table = root.table("areas")
    areas = {}
    for key in list(areas_table.data):
        pair = areas_table.strings(key)
        if len(pair) != 2:
            areas_table.fail(key, "expected [municipality, name]")
        areas[key] = (pair[0], pair[1])
    stories = tuple(_story(item, areas) for item in root.tables("networks"))
    people = {person.name for story in stories for person in story.people}
    register = _register(root.table("register"), stories)
    data = NetworkData(
        started_on=root.get("started_on", datetime.date),
        areas=areas,
        stories=stories,
        away_this_week=tuple(_away(item, people) for item in root.tables("away_this_week")),
        glossary=tuple(_term(item, stories, register) for item in root.tables("glossary")),
        agreements=tuple(_agreement(item, stories, register) for item in root.tables("agreements")),
        services=tuple(_service(item) for item in root.tables("services")),
        scoped_roles=tuple(_scoped_role(item, stories) for item in root.tables("scoped_roles")),
        register=register,
    )
    root.done()
    _check_terms(data, source)
    return data


def glossary_of(data: NetworkData, slug: str) -> tuple[Term, ...]:
    """The glossary entries of one network, in the file's order."""
    return tuple(term for term in data.glossary if slug in term.networks)


def agreements_of(data: NetworkData, slug: str) -> tuple[AgreementText, ...]:
    """The agreements of one network, in the file's order."""
    return tuple(agreement for agreement in data.agreements if slug in agreement.networks)


def _check_terms(data: NetworkData, source: str) -> None:
    """A network's glossary holds each term once, and every term an agreement or a service
    names is in the glossary of the network it is written for."""
    glossaries: dict[str, set[str]] = {story.slug: set() for story in data.stories}
    for index, term in enumerate(data.glossary):
        for slug in term.networks:
            if term.term in glossaries[slug]:
                raise DemoDataError(
                    f"{source}: glossary[{index}].term: {term.term!r} is twice in {slug!r}"
                )
            glossaries[slug].add(term.term)
    for index, agreement in enumerate(data.agreements):
        for slug in agreement.networks:
            for key in agreement.terms:
                if key not in glossaries[slug]:
                    raise DemoDataError(
                        f"{source}: agreements[{index}].terms: no glossary term {key!r} in {slug!r}"
                    )
    for slug in data.register.networks:
        for key in (*data.register.agreement_terms, data.register.service_target_group):
            if key not in glossaries[slug]:
                raise DemoDataError(f"{source}: register: no glossary term {key!r} in {slug!r}")


def _story(item: _Table, areas: dict[str, tuple[str, str]]) -> NetworkStory:
    orgs = tuple(_org(org) for org in item.tables("organisations"))
    teams_table = item.table("teams")
    teams = {}
    for name in list(teams_table.data):
        served = teams_table.strings(name)
        for key in served:
            if key not in areas:
                teams_table.fail(name, f"unknown area {key!r}")
        teams[name] = served
    people = tuple(_person(person, orgs, teams, areas) for person in item.tables("people"))
    story = NetworkStory(
        slug=item.get("slug", str),
        name=item.get("name", str),
        country=item.choice("country", ["NL", "BE"]),
        region=item.get("region", str),
        description=item.get("description", str),
        orgs=orgs,
        teams=teams,
        people=people,
    )
    item.done()
    return story


def _org(item: _Table) -> Org:
    org = Org(
        external_id=item.get("external_id", str),
        name=item.get("name", str),
        sector=item.get("sector", str),
        domain=item.get("domain", str),
        region=item.get("region", str),
        role=item.choice("role", list(MembershipRole.values), MembershipRole.PARTNER),
    )
    item.done()
    return org


def _scoped_role(item: _Table, stories: tuple[NetworkStory, ...]) -> ScopedRole:
    role = ScopedRole(
        login=item.get("login", str),
        role=item.choice("role", list(Role.values)),
        networks=_networks(item, stories),
    )
    item.done()
    return role


def _person(
    item: _Table,
    orgs: tuple[Org, ...],
    teams: dict[str, tuple[str, ...]],
    areas: dict[str, tuple[str, str]],
) -> Person:
    expertise_table = item.table("expertise")
    expertise = {}
    for code in list(expertise_table.data):
        level = expertise_table.get(code, int)
        if level not in ExpertiseLevel.values:
            expertise_table.fail(code, f"expected a level 1 to 3, got {level}")
        expertise[code] = level
    person = Person(
        name=item.get("name", str),
        org=item.choice("organisation", [org.external_id for org in orgs]),
        job=item.get("job", str),
        expertise=expertise,
        team=item.choice("team", [*teams, ""], ""),
        languages=item.strings("languages", ("nl",)),
        areas=item.strings("areas", ()),
        hours=item.get("hours", int, 24),
        login=item.get("login", str, ""),
        intro=item.get("intro", str, ""),
    )
    for key in person.areas:
        if key not in areas:
            item.fail("areas", f"unknown area {key!r}")
    item.done()
    return person


def _away(item: _Table, people: set[str]) -> Away:
    away = Away(
        person=item.choice("person", sorted(people)),
        kind=item.choice("kind", list(AbsenceKind.values)),
        cover=item.choice("cover", sorted(people), "") or None,
    )
    item.done()
    return away


def _term(item: _Table, stories: tuple[NetworkStory, ...], register: Register) -> Term:
    synonyms = []
    for synonym in item.tables("synonyms"):
        synonyms.append(
            Synonym(
                text=synonym.get("text", str),
                country=synonym.choice("country", ["", "NL", "BE"], ""),
                sector=synonym.get("sector", str, "") or None,
            )
        )
        synonym.done()
    term = Term(
        term=item.get("term", str),
        definition=item.get("definition", str),
        examples=item.get("examples", str, ""),
        synonyms=tuple(synonyms),
        networks=_networks(item, stories, default=register.networks),
    )
    item.done()
    return term


def _agreement(
    item: _Table, stories: tuple[NetworkStory, ...], register: Register
) -> AgreementText:
    agreement = AgreementText(
        category=item.choice("category", list(AgreementCategory.values)),
        title=item.get("title", str),
        lines=item.strings("lines"),
        addition=item.get("addition", str, "") or None,
        networks=_networks(item, stories, default=register.networks),
        terms=item.strings("terms", register.agreement_terms),
    )
    item.done()
    return agreement


def _service(item: _Table) -> ServiceOffer:
    service = ServiceOffer(
        organisation=item.get("organisation", str),
        name=item.get("name", str),
        waiting_weeks=item.get("waiting_weeks", int),
        tariff=item.get("tariff", int),
        intervention=item.get("intervention", str),
        effectiveness=item.choice("effectiveness", list(Effectiveness.values)),
    )
    item.done()
    return service


def _networks(
    item: _Table, stories: tuple[NetworkStory, ...], default: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    slugs = item.strings("networks", default)
    if not slugs:
        item.fail("networks", "expected at least one network")
    for slug in slugs:
        if slug not in {story.slug for story in stories}:
            item.fail("networks", f"unknown network {slug!r}")
    return slugs


def _register(item: _Table, stories: tuple[NetworkStory, ...]) -> Register:
    checklist = item.table("checklist")
    answers = {key: checklist.get(key, str) for key in list(checklist.data)}
    for key in answers:
        if key not in ChecklistQuestion.values:
            checklist.fail(key, f"not one of {', '.join(ChecklistQuestion.values)}")
    legal = item.table("legal_basis")
    review = item.table("process_review")
    register = Register(
        login=item.get("login", str),
        networks=_networks(item, stories),
        agreement_reason=item.get("agreement_reason", str),
        addition_reason=item.get("addition_reason", str),
        agreement_valid_from=item.get("agreement_valid_from", datetime.date),
        agreement_next_review_on=item.get("agreement_next_review_on", datetime.date),
        agreement_terms=item.strings("agreement_terms"),
        service_target_group=item.get("service_target_group", str),
        service_description=item.get("service_description", str),
        checklist=answers,
        legal_basis={
            "purpose": legal.get("purpose", str),
            "basis": legal.choice("basis", list(LawfulBasis.values)),
            "law_reference": legal.get("law_reference", str),
        },
        process_review={
            "held_on": review.get("held_on", datetime.date),
            "participants": review.get("participants", str),
            "case_summary": review.get("case_summary", str),
            "findings": review.get("findings", str),
        },
    )
    for table in (legal, review, item):
        table.done()
    return register
