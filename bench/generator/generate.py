"""Synthetic data at national scale (DOMAIN.md §8), for benchmarks:
`uv run python -m bench.generator --families N` (not part of the shipped package).

Fills a database with realistic, deterministic synthetic data: for N families about 3.5 N
members, N/50 professionals, N/500 organisations, N/5,000 networks, trajectories through every
phase (most of them closed: twenty years of retention), care teams with one coordinator and
an access log that `verify_audit_log` accepts (sealed at the end of the run). Nobody in it
is a real person.

It writes in batches of families, each in one transaction together with a `GeneratedBatch`
row: an interrupted run resumes at the first missing batch, and a batch is never half there.

Speed (PostgreSQL). Rows go in with COPY as pre-encoded text. A second process builds the
batches (Python row building, the COPY text) while this one streams the previous batch into
the database, so the two cores work at once. The access events go in unsealed, as
`audit.record` writes them; the run ends by sealing them (`audit.seal.seal_pending`, the
worker's sealer), so other writers may append meanwhile. Ids for the whole run are
reserved from the sequences up front, so the builder knows every foreign key in advance. In
each batch's transaction the writer skips the row-by-row foreign-key triggers when it may
(`session_replication_role = replica`, superuser only, as `pg_restore --disable-triggers`
does: the builder writes consistent keys, and the SQLite run of the tests, which checks every
key, proves it) and does not wait for the WAL flush (`synchronous_commit = off`: a crash
loses whole batches, which the next run writes again).
Elsewhere (SQLite, the tests) the same rows go in with batched INSERTs in one process.

The leaf rows (help questions, consent recipients and subjects, walk-along notes, plan
actions, ZRM domain scores, Meldcode steps, meeting participants, perspectives, follow-ups:
about half of all rows) never pass through Python: `expand.py` writes them per batch with one
INSERT ... SELECT per table from the batch's parent rows, choosing by integer hashes of the
parent ids (deterministic, and the same SQL on SQLite). The builder keeps the rows other rows
hang on, and the access log (the builder writes the events' COPY lines itself rather than
value by value).

Measured (`python -m bench.generator --families 200000` into a fresh database, 2 cores shared with
other work; `TIMINGS` has the seconds per table and per index of a run; bench/README.md has
every run):
- before: 75 rows a family; 253 s, 790 families/s (1,156/s before the index build), load 5;
- after: 96 rows a family (meetings, Meldcode, covers added); 216 to 291 s, 687 to 949
  families/s (1,017 to 1,324/s before the index build), 66,000 to 92,000 rows/s against
  59,000 before, at loads of 3 to 7.
- the target of 5,000 families/s is not reached. Where the time goes (200,000 families):
  index builds 60 to 100 s (alone they cap a run at 2,000 to 3,300 families/s), leaf INSERTs
  57 s (plan actions 17, participants 13), the COPY of the access log 21 s, the other COPYs
  35 s. PostgreSQL spends 5 to 20 µs a row in the INSERT itself (heap, WAL, primary key)
  with or without Python in front of it, so generating in SQL moved work off the builder
  but did not make the rows much cheaper. 5,000 a second needs about 2 µs a row all
  in: fewer rows, a cluster set up for loading (wal_level minimal), or more cores.
- CPU a family, all processes (200,000 families, load 3 to 5): 1.44 ms before the access
  events were written out as lines, 1.27 ms after (builder 0.73 -> 0.61 ms, the database
  0.66 -> 0.61 ms with index builds and VACUUM, the writer 0.06 ms); 606 -> 785 families/s
  (the second run at a lower load). While loading the builder sets the pace (the writer
  waits for it a third of the time) and the database backend is busy about 40 % of it.
  Two cores give at most about 1,600 families/s at this cost; 5,000 would need 0.4 ms.
- tried and left out: a second builder process (two in turns, chaining round them): on two
  shared cores 503 and 515 families/s against 602 and 621 with one, alternated at 50,000
  families, as three busy processes share two cores; unlogged tables while loading (the
  access log's COPY 8.4 -> 6.6 s, but `SET LOGGED` then rewrites it in 5.7 s); binary COPY
  (0 to 7 % on the access log, within the noise); batches of 5,000 (no less CPU a family,
  one run).

Distributions (DOMAIN.md §4, §8; Dutch household statistics, rounded):
- household: one parent 30 %, two parents 70 %; children 1 to 4 (35/35/20/10 %), so about 3.5
  members; 8 % of the families also have another household member;
- trajectories: 75 % closed, the rest spread over the phases by how long each lasts;
  closure reasons: goals reached 45 %, continues without help 25 %, referred on 15 %,
  stopped by the family 10 %, stopped by the provider 5 %;
- care team: a coordinator, one or two walk-along professionals, sometimes a specialist;
- meetings: an MDO for every trajectory past the walk-along (in the MDO phase half of them
  still ahead), with the team and the parents as participants, a perspective per professional
  and one or two follow-ups; an evaluation meeting for every evaluation record;
- safety: 85 % in order, 13 % concerns, 2 % acute; concerns go through two to five of the
  Meldcode's steps, acute ones through all five;
- professionals: one to four areas of expertise (youth care, parenting support and the
  neighbourhood team most common; levels basic 30 %, experienced 50 %, specialist 20 %),
  Dutch plus for one in four a second and one in twenty a third language, one to three
  districts of their network's municipality as work areas; 3 % away now (sick or on leave,
  70 % of them with a general cover, whose places in open trajectories then run as temporary
  covers with a handover), 8 % away earlier;
- access log: the registration, then reads by team members over the trajectory.
"""

from __future__ import annotations

import datetime
import multiprocessing
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from samenspel.audit.models import AccessEvent

BATCH_SIZE = 2_000
SEED = 7513
COORDINATOR_EVERY = 25  # one professional in 25 also holds the network coordinator role


@dataclass
class Scale:
    """How much of everything, derived from the number of families (DOMAIN.md §8)."""

    families: int
    networks: int = 0
    organisations: int = 0
    professionals: int = 0

    def __post_init__(self) -> None:
        self.networks = self.networks or max(1, self.families // 5_000)
        self.organisations = self.organisations or max(3, self.families // 500)
        self.professionals = self.professionals or max(10, self.families // 50)


# --- Writing rows -------------------------------------------------------------------------


class Writer:
    """Reserves ids and writes rows: COPY on PostgreSQL, batched INSERTs elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def reserve_ids(self, model: type[models.Model], count: int) -> int:
        """The first of `count` consecutive ids nobody else will get."""
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, 'id')", [connection.ops.quote_name(table)]
                )
                sequence = cursor.fetchone()[0]
                # nextval then setval, under a lock on the sequence's owner table so a
                # concurrent insert cannot take an id inside the reserved range.
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN EXCLUSIVE MODE")
                cursor.execute("SELECT nextval(%s)", [sequence])
                first = cursor.fetchone()[0]
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + max(count, 1) - 1])
                return int(first)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            return int(cursor.fetchone()[0]) + 1

    def write(self, model: type[models.Model], names: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        spec = table_spec(model, names)
        rows = spec.complete(rows)
        with connection.cursor() as cursor:
            if self.postgres:
                self.copy_text(spec, encode_rows(rows))
            else:
                marks = ", ".join(["%s"] * len(spec.columns))
                cursor.executemany(
                    f"INSERT INTO {spec.table} ({spec.quoted_columns}) VALUES ({marks})",  # noqa: S608
                    rows,
                )

    def copy_text(self, spec: TableSpec, text: bytes) -> None:
        """COPY rows already encoded in PostgreSQL's text format."""
        if not text:
            return
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {spec.quoted_table} ({spec.quoted_columns}) FROM STDIN") as copy:
                copy.write(text)


@dataclass
class TableSpec:
    """A model's table and the columns the generator writes, with defaults for the rest.

    Fields the generator does not know (added by an app later) get their default, so a new
    field with a default never breaks the generator."""

    model: type[models.Model]
    names: list[str]
    table: str = ""
    columns: list[str] = field(default_factory=list)
    extra_constant: tuple = ()
    extra_callables: list[Callable[[], Any]] = field(default_factory=list)

    @property
    def quoted_table(self) -> str:
        return connection.ops.quote_name(self.table)

    @property
    def quoted_columns(self) -> str:
        return ", ".join(connection.ops.quote_name(column) for column in self.columns)

    def complete(self, rows: list[tuple]) -> list[tuple]:
        if self.extra_callables:
            return [
                row + self.extra_constant + tuple(make() for make in self.extra_callables)
                for row in rows
            ]
        if self.extra_constant:
            extra = self.extra_constant
            return [row + extra for row in rows]
        return rows


_SPECS: dict[tuple[type[models.Model], tuple[str, ...]], TableSpec] = {}


def table_spec(model: type[models.Model], names: Sequence[str]) -> TableSpec:
    key = (model, tuple(names))
    if key in _SPECS:
        return _SPECS[key]
    constant_names, constant_values, callable_names, callables = [], [], [], []
    for model_field in model._meta.concrete_fields:
        if model_field.name in names or model_field.attname in names or model_field.primary_key:
            continue
        if model_field.has_db_default():  # the database fills it (the access log's xid)
            continue
        if model_field.has_default():
            if callable(model_field.default):
                callable_names.append(model_field.name)
                callables.append(_prepared_default(model_field))
                continue
            value = model_field.get_default()
        elif model_field.null:
            value = None
        elif isinstance(model_field, models.CharField | models.TextField):
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{model_field.name}: the generator needs a value")
        constant_names.append(model_field.name)
        constant_values.append(model_field.get_db_prep_save(value, connection))
    all_names = [*names, *constant_names, *callable_names]
    spec = TableSpec(
        model=model,
        names=all_names,
        table=model._meta.db_table,
        columns=[_column(model, name) for name in all_names],
        extra_constant=tuple(constant_values),
        extra_callables=callables,
    )
    _SPECS[key] = spec
    return spec


def _prepared_default(model_field: models.Field) -> Callable[[], Any]:
    def make() -> Any:
        return model_field.get_db_prep_save(model_field.get_default(), connection)

    return make


def _column(model: type[models.Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field) and model_field.column
    return model_field.column


def encode_rows(rows: Sequence[tuple]) -> bytes:
    """Rows in COPY's text format, formatted by psycopg's C code (no connection needed)."""
    from psycopg._copy_base import format_row_text
    from psycopg.adapt import Transformer

    transformer, out = Transformer(), bytearray()
    for row in rows:
        format_row_text(row, transformer, out)
    return bytes(out)


# --- The fixed part: networks, organisations, professionals --------------------------------


@dataclass
class Base:
    """What every batch draws from: ids and attributes of the fixed part."""

    network_ids: list[int]
    organisation_ids: list[int]
    # per professional: (professional id, user id, home organisation id, network id)
    professionals: list[tuple[int, int, int, int]]
    professionals_by_network: dict[int, list[int]] = field(default_factory=dict)
    first_names: list[str] = field(default_factory=list)
    last_names: list[str] = field(default_factory=list)
    places: list[tuple[str, str]] = field(default_factory=list)  # (postcode prefix, place)
    # Reference data other builders draw from (instrument domains …), read once.
    lookups: dict[str, Any] = field(default_factory=dict)


PLACES = [
    ("2711", "Zoetermeer"),
    ("2512", "Den Haag"),
    ("3554", "Utrecht"),
    ("9000", "Gent"),
    ("9300", "Aalst"),
    ("1013", "Amsterdam"),
    ("3011", "Rotterdam"),
    ("5611", "Eindhoven"),
    ("9711", "Groningen"),
    ("6811", "Arnhem"),
    ("2311", "Leiden"),
    ("4811", "Breda"),
]


def _names() -> tuple[list[str], list[str]]:
    from faker import Faker

    fake = Faker(["nl_NL", "nl_BE"])
    Faker.seed(SEED)
    firsts = sorted({fake.first_name() for _ in range(3_000)})
    lasts = sorted({fake.last_name() for _ in range(3_000)})
    return firsts, lasts


def ensure_base(scale: Scale, writer: Writer, rng: random.Random) -> Base:
    """Create the fixed part once (marked by batch 0); later runs read it back."""
    from samenspel.accounts.models import Role, RoleGrant, User
    from samenspel.demo.models import GeneratedBatch
    from samenspel.network.models import (
        Network,
        NetworkAssignment,
        NetworkMembership,
        Organisation,
        Professional,
        Sector,
    )

    firsts, lasts = _names()
    if not GeneratedBatch.objects.filter(number=0).exists():
        with transaction.atomic():
            sectors = list(Sector.objects.values_list("id", flat=True))
            if not sectors:
                sectors = [Sector.objects.create(code="jeugdhulp", name="Jeugdhulp").pk]
            first_net = writer.reserve_ids(Network, scale.networks)
            writer.write(
                Network,
                ["id", "name", "slug", "country", "region", "description", "created_at"],
                [
                    (
                        first_net + i,
                        f"Synthetisch netwerk {i + 1}",
                        f"synth-{first_net + i}",
                        "BE" if i % 10 == 9 else "NL",
                        PLACES[i % len(PLACES)][1],
                        "",
                        timezone.now(),
                    )
                    for i in range(scale.networks)
                ],
            )
            network_ids = [first_net + i for i in range(scale.networks)]
            first_org = writer.reserve_ids(Organisation, scale.organisations)
            writer.write(
                Organisation,
                ["id", "name", "sector", "country", "region", "website", "external_id"],
                [
                    (
                        first_org + i,
                        f"Zorgorganisatie {rng.choice(lasts)} {i + 1}",
                        sectors[i % len(sectors)],
                        "NL",
                        PLACES[i % len(PLACES)][1],
                        "",
                        f"synth-org-{first_org + i}",
                    )
                    for i in range(scale.organisations)
                ],
            )
            organisation_ids = [first_org + i for i in range(scale.organisations)]
            first_ms = writer.reserve_ids(NetworkMembership, scale.organisations)
            today = timezone.localdate()
            writer.write(
                NetworkMembership,
                ["id", "network", "organisation", "role", "valid_from"],
                [
                    (
                        first_ms + i,
                        network_ids[i % len(network_ids)],
                        org,
                        "lead" if i < len(network_ids) else "partner",
                        today - datetime.timedelta(days=3650),
                    )
                    for i, org in enumerate(organisation_ids)
                ],
            )
            n = scale.professionals
            first_user = writer.reserve_ids(User, n)
            writer.write(
                User,
                [
                    "id",
                    "password",
                    "email",
                    "full_name",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "date_joined",
                ],
                [
                    (
                        first_user + i,
                        "!generated",  # unusable: synthetic people never log in
                        f"prof{first_user + i}@synth.samenspel.invalid",
                        f"{rng.choice(firsts)} {rng.choice(lasts)}",
                        True,
                        False,
                        False,
                        timezone.now(),
                    )
                    for i in range(n)
                ],
            )
            first_prof = writer.reserve_ids(Professional, n)
            homes = [organisation_ids[rng.randrange(len(organisation_ids))] for _ in range(n)]
            writer.write(
                Professional,
                ["id", "user", "home_organisation", "job_title", "external_id"],
                [
                    (
                        first_prof + i,
                        first_user + i,
                        homes[i],
                        "Hulpverlener",
                        f"synth-prof-{first_prof + i}",
                    )
                    for i in range(n)
                ],
            )
            network_of = [network_ids[(homes[i] - first_org) % len(network_ids)] for i in range(n)]
            first_as = writer.reserve_ids(NetworkAssignment, n)
            writer.write(
                NetworkAssignment,
                ["id", "professional", "network", "hours_per_week", "valid_from"],
                [
                    (
                        first_as + i,
                        first_prof + i,
                        network_of[i],
                        rng.choice([16, 20, 24, 24, 24, 28, 32]),
                        today - datetime.timedelta(days=rng.randrange(30, 3000)),
                    )
                    for i in range(n)
                ],
            )
            # Roles: everyone a professional in their network; one in 25 also the network's
            # coordinator (intake, the network view).
            grants = [
                (first_user + i, Role.PROFESSIONAL.value, network_of[i]) for i in range(n)
            ] + [
                (first_user + i, Role.COORDINATOR.value, network_of[i])
                for i in range(0, n, COORDINATOR_EVERY)
            ]
            first_grant = writer.reserve_ids(RoleGrant, len(grants))
            writer.write(
                RoleGrant,
                ["id", "user", "role", "network", "granted_at"],
                [(first_grant + i, *grant, timezone.now()) for i, grant in enumerate(grants)],
            )
            _profiles(rng, first_prof, n, network_of, network_ids, today)
            GeneratedBatch.objects.create(number=0, families=0, seed=SEED)
    professionals = list(
        NetworkAssignment.objects.filter(professional__external_id__startswith="synth-prof-")
        .order_by("professional_id")
        .values_list(
            "professional_id",
            "professional__user_id",
            "professional__home_organisation_id",
            "network_id",
        )
    )
    base = Base(
        network_ids=sorted({p[3] for p in professionals}),
        organisation_ids=sorted({p[2] for p in professionals}),
        professionals=professionals,
        first_names=firsts,
        last_names=lasts,
        places=PLACES,
    )
    for index, professional in enumerate(professionals):
        base.professionals_by_network.setdefault(professional[3], []).append(index)
    _absence_lookup(base)
    for lookup in BASE_LOOKUPS:
        lookup(base)
    return base


# --- Profiles: expertise, languages, work areas, absences ---------------------------------

# Expertise codes (network data migration) by how common they are among the professionals
# of an integral network; the rest get a small share. Levels: basic 30 %, experienced 50 %,
# specialist 20 %.
EXPERTISE_WEIGHTS = {
    "jeugdhulp": 30, "opvoedondersteuning": 18, "buurtteam": 16, "welzijn": 12,
    "ggz-jeugd": 12, "schuldhulp": 10, "onderwijs": 8, "lvb": 8, "volwassenen-ggz": 7,
    "huiselijk-geweld": 6, "veiligheid": 5, "verslavingszorg": 4, "huisarts-poh": 3,
    "ervaringsdeskundige": 3,
}  # fmt: skip
# Everyone speaks Dutch; one in four a second language, one in twenty a third.
SECOND_LANGUAGES = [("en", 40), ("tr", 12), ("ar", 12), ("fr", 8), ("de", 6), ("pl", 5),
                    ("zgh", 4), ("srn", 3), ("pap", 3), ("so", 2), ("ti", 2), ("fa", 2),
                    ("uk", 2), ("ro", 1), ("bg", 1), ("ngt", 1)]  # fmt: skip
DISTRICTS = ("Centrum", "Noord", "Zuid", "Oost", "West")
ABSENT_NOW, ABSENT_BEFORE, COVERED = 0.03, 0.08, 0.7


def _weighted_sample(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    pool, chosen = dict(weights), []
    for _ in range(min(k, len(pool))):
        pick = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(pick)
        del pool[pick]
    return chosen


def _profiles(
    rng: random.Random,
    first_prof: int,
    n: int,
    network_of: list[int],
    network_ids: list[int],
    today: datetime.date,
) -> None:
    """What directory search and matching rank on: each synthetic professional's expertise
    (with level), languages and work areas (districts of their network's municipality);
    absences now and before, most current ones with a general cover from the same network."""
    from samenspel.network.models import (
        Absence,
        Area,
        Expertise,
        Language,
        Professional,
        ProfessionalExpertise,
    )

    expertise = dict(Expertise.objects.values_list("code", "id"))
    weights = {code: w for code, w in EXPERTISE_WEIGHTS.items() if code in expertise}
    weights |= {code: 2 for code in expertise if code not in weights}
    languages = dict(Language.objects.values_list("code", "id"))
    seconds = {code: w for code, w in SECOND_LANGUAGES if code in languages}
    municipality = {net: PLACES[i % len(PLACES)][1] for i, net in enumerate(network_ids)}
    areas: dict[str, list[int]] = {}
    for place in sorted(set(municipality.values())):
        for district in DISTRICTS:
            area, _created = Area.objects.get_or_create(municipality=place, name=district)
            areas.setdefault(place, []).append(area.pk)
    expertise_rows, language_rows, area_rows, absence_rows = [], [], [], []
    by_network: dict[int, list[int]] = {}
    for i in range(n):
        by_network.setdefault(network_of[i], []).append(i)
    for i in range(n):
        professional = first_prof + i
        for code in _weighted_sample(rng, weights, rng.choice((1, 2, 2, 3, 3, 4))):
            level = _weighted(rng, [(1, 0.3), (2, 0.5), (3, 0.2)])
            expertise_rows.append((professional, expertise[code], level))
        spoken = ["nl"] if "nl" in languages else []
        extra = 2 if rng.random() < 0.05 else 1 if rng.random() < 0.25 else 0
        spoken += _weighted_sample(rng, seconds, extra)
        language_rows += [(professional, languages[code]) for code in spoken]
        own = areas[municipality[network_of[i]]]
        area_rows += [(professional, area) for area in rng.sample(own, rng.choice((1, 2, 2, 3)))]
        roll = rng.random()
        if roll < ABSENT_NOW + ABSENT_BEFORE:
            sick = rng.random() < 0.6
            if roll < ABSENT_NOW:
                starts = today - datetime.timedelta(days=rng.randrange(1, 60))
                ends = (
                    None
                    if sick and rng.random() < 0.4
                    else today + datetime.timedelta(days=rng.randrange(7, 90))
                )
            else:
                starts = today - datetime.timedelta(days=rng.randrange(90, 1500))
                ends = starts + datetime.timedelta(days=rng.randrange(5, 120))
            colleagues = by_network[network_of[i]]
            cover = None
            if len(colleagues) > 1 and rng.random() < COVERED:
                at = rng.randrange(len(colleagues))  # a colleague, never oneself
                other = colleagues[at] if colleagues[at] != i else colleagues[at - 1]
                cover = first_prof + other
            absence_rows.append(
                (professional, "sick" if sick else "leave", starts, ends, cover,
                 "Ziek gemeld" if sick else "Verlof")
            )  # fmt: skip
    ProfessionalExpertise.objects.bulk_create(
        [
            ProfessionalExpertise(professional_id=p, expertise_id=e, level=level)
            for p, e, level in expertise_rows
        ],
        batch_size=5_000,
    )
    Professional.languages.through.objects.bulk_create(
        [
            Professional.languages.through(professional_id=p, language_id=language)
            for p, language in language_rows
        ],
        batch_size=5_000,
    )
    Professional.areas.through.objects.bulk_create(
        [Professional.areas.through(professional_id=p, area_id=area) for p, area in area_rows],
        batch_size=5_000,
    )
    Absence.objects.bulk_create(
        [
            Absence(
                professional_id=p,
                kind=kind,
                starts_on=starts,
                ends_on=ends,
                cover_id=cover,
                note=note,
            )
            for p, kind, starts, ends, cover, note in absence_rows
        ],
        batch_size=5_000,
    )


def _absence_lookup(base: Base) -> None:
    """Current absences with a cover: their places in open trajectories get a running
    temporary cover (waarneming) with a handover."""
    from samenspel.network.models import Absence

    today = timezone.localdate()
    index_of = {professional[0]: i for i, professional in enumerate(base.professionals)}
    base.lookups["absent"] = {
        index_of[professional]: (absence, starts, ends, index_of[cover])
        for absence, professional, starts, ends, cover in Absence.objects.filter(
            starts_on__lte=today, cover__isnull=False, professional_id__in=index_of
        )
        .exclude(ends_on__lt=today)
        .values_list("id", "professional_id", "starts_on", "ends_on", "cover_id")
        if cover in index_of
    }


# --- What a batch holds --------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table the batches fill: which model, which columns (in row order), and at most how
    many rows one family gets (ids are reserved by that bound)."""

    key: str
    model: str  # "app_label.ModelName"
    names: tuple[str, ...]
    per_family: int

    def model_class(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model)


# In write order (parents before children). Other kinds of rows add a Table here and a
# builder to FAMILY_BUILDERS.
TABLES: list[Table] = [
    Table(
        "family",
        "families.Family",
        (
            "id", "network", "name", "address", "postcode", "city", "district", "search_key",
            "created_at", "changed_at",
        ),
        1,
    ),
    Table(
        "member",
        "families.FamilyMember",
        ("id", "family", "given_name", "family_name", "date_of_birth", "role"),
        7,
    ),
    Table(
        "trajectory",
        "trajectories.Trajectory",
        (
            "id", "family", "network", "phase", "phase_since", "opened_on", "closed_on",
            "next_evaluation_on", "created_at",
        ),
        1,
    ),
    Table(
        "membership",
        "trajectories.CareTeamMembership",
        (
            "id", "trajectory", "professional", "role", "organisation", "valid_from",
            "valid_until", "selection", "selection_note", "covers",
        ),
        5,  # four places and a running cover
    ),
    Table(
        "handover",
        "trajectories.Handover",
        (
            "id", "trajectory", "kind", "from_membership", "to_membership", "absence",
            "starts_on", "ends_on", "note", "created_by", "created_at",
        ),
        1,
    ),
]  # fmt: skip
EVENTS_PER_FAMILY = 16  # the core's share; builders add their own via EXTRA_EVENTS_PER_FAMILY
EXTRA_EVENTS_PER_FAMILY = 0


@dataclass
class Event:
    """An access-log event before it is chained."""

    occurred_at: datetime.datetime
    event_type: str
    action: str
    user_id: int
    organisation_id: int
    family_id: int
    object_type: str
    object_id: str


@dataclass
class FamilyContext:
    """What builders of further rows need to know about the family just built."""

    family_id: int
    network_id: int
    trajectory_id: int
    phase: str
    opened: datetime.date
    closed_on: datetime.date | None
    members: list[tuple[int, str, datetime.date, str]]  # (id, role, birth date, first name)
    # the care team as (professional id, user id, organisation id, role)
    team: list[tuple[int, int, int, str]]


@dataclass
class Batch:
    number: int
    size: int
    ids: dict[str, int]
    rows: dict[str, list[tuple]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)

    def take(self, key: str) -> int:
        """The next reserved id of a table."""
        value = self.ids[key]
        self.ids[key] = value + 1
        return value

    def add(self, key: str, row: tuple) -> None:
        self.rows.setdefault(key, []).append(row)

    def row_count(self) -> int:
        return sum(len(rows) for rows in self.rows.values()) + len(self.events)


# Builders of further rows per family, after the core: (rng, context, batch, base, today).
FAMILY_BUILDERS: list[Callable[[random.Random, FamilyContext, Batch, Base, datetime.date], None]]
FAMILY_BUILDERS = []
# Readers of reference data into Base.lookups, run by ensure_base: (base).
BASE_LOOKUPS: list[Callable[[Base], None]] = []


PHASES_OPEN = [  # (phase, share of open trajectories, typical days since opening)
    ("registration", 0.06, 10),
    ("team_composition", 0.06, 20),
    ("walk_along", 0.18, 40),
    ("mdo", 0.05, 50),
    ("plan", 0.10, 70),
    ("execution", 0.55, 250),
]
CLOSED_SHARE = 0.75


def _weighted(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    roll, total = rng.random(), 0.0
    for value, weight in options:
        total += weight
        if roll < total:
            return value
    return options[-1][0]


def _fold(text: str) -> str:
    try:
        from samenspel.families.search import fold
    except ImportError:  # pragma: no cover - search arrived with the families app
        return text.casefold()
    return fold(text)


def build_batch(
    number: int,
    size: int,
    base: Base,
    ids: dict[str, int],
    today: datetime.date,
    now: datetime.datetime,
) -> Batch:
    """The rows of one batch; deterministic for (number, size, base) up to the ids."""
    rng = random.Random(SEED * 1_000_003 + number)
    batch = Batch(number=number, size=size, ids=dict(ids))
    families, members = batch.rows.setdefault("family", []), batch.rows.setdefault("member", [])
    trajectories = batch.rows.setdefault("trajectory", [])
    memberships = batch.rows.setdefault("membership", [])
    firsts, lasts = base.first_names, base.last_names
    folded: dict[str, str] = {}
    day = datetime.timedelta(days=1)
    for _offset in range(size):
        family_id = batch.take("family")
        network_id = base.network_ids[rng.randrange(len(base.network_ids))]
        surname = rng.choice(lasts)
        postcode, place = base.places[rng.randrange(len(base.places))]
        family_members: list[tuple[int, str, datetime.date, str]] = []
        surnames = [surname]
        parents = 2 if rng.random() < 0.7 else 1
        children = _weighted(rng, [(1, 0.35), (2, 0.35), (3, 0.2), (4, 0.1)])
        for p in range(parents):
            born = today - day * rng.randrange(24 * 365, 55 * 365)
            name = surname if p == 0 else rng.choice(lasts)
            if p:
                surnames.append(name)
            member_id, given = batch.take("member"), rng.choice(firsts)
            members.append((member_id, family_id, given, name, born, "parent"))
            family_members.append((member_id, "parent", born, given))
        for _ in range(children):
            born = today - day * rng.randrange(0, 18 * 365)
            member_id, given = batch.take("member"), rng.choice(firsts)
            members.append((member_id, family_id, given, surname, born, "child"))
            family_members.append((member_id, "child", born, given))
        if rng.random() < 0.08:
            born = today - day * rng.randrange(18 * 365, 80 * 365)
            member_id, given = batch.take("member"), rng.choice(firsts)
            members.append((member_id, family_id, given, surname, born, "other"))
            family_members.append((member_id, "other", born, given))
        key = " ".join(sorted(set(surnames)))
        if key not in folded:
            folded[key] = _fold(key)
        families.append(
            (
                family_id,
                network_id,
                surname,
                "",
                f"{postcode} {chr(65 + rng.randrange(26))}{chr(65 + rng.randrange(26))}",
                place,
                "",
                folded[key],
                now,
                now,
            )
        )

        if rng.random() < CLOSED_SHARE:
            opened = today - day * rng.randrange(200, 20 * 365)
            closed_on: datetime.date | None = opened + day * rng.randrange(90, 540)
            phase, next_evaluation, phase_since = "closed", None, closed_on
        else:
            phase, days = _weighted(
                rng, [((name, days), share) for name, share, days in PHASES_OPEN]
            )
            opened = today - day * rng.randrange(1, days * 2)
            closed_on = None
            next_evaluation = today + day * rng.randrange(-10, 42) if phase == "execution" else None
            phase_since = opened + day * ((today - opened).days // 2)
        trajectory_id = batch.take("trajectory")
        trajectories.append(
            (
                trajectory_id,
                family_id,
                network_id,
                phase,
                phase_since,
                opened,
                closed_on,
                next_evaluation,
                now,
            )
        )
        pool = base.professionals_by_network[network_id]
        team_indexes = rng.sample(pool, k=min(len(pool), rng.choice([2, 3, 3, 4])))
        team: list[tuple[int, int, int, str]] = []
        covered = False
        for role, index in zip(
            ("coordinator", "walk_along", "walk_along", "specialist"), team_indexes, strict=False
        ):
            professional_id, user_id, organisation_id, _net = base.professionals[index]
            membership_id = batch.take("membership")
            memberships.append(
                (
                    membership_id,
                    trajectory_id,
                    professional_id,
                    role,
                    organisation_id,
                    opened,
                    closed_on,
                    "proposal",
                    "",
                    None,
                )
            )
            team.append((professional_id, user_id, organisation_id, role))
            absent = base.lookups.get("absent", {}).get(index)
            if absent and closed_on is None and role != "coordinator" and not covered:
                covered = True  # one running cover a family at most (ids per family)
                _cover(batch, base, absent, membership_id, trajectory_id, opened, team, now)
        # The access log: registration, then reads by the team over the trajectory.
        span = max(1, ((closed_on or today) - opened).days)
        moments = sorted(rng.randrange(0, span) for _ in range(rng.randrange(6, 16)))
        object_id = str(family_id)
        for n, moment in enumerate(moments):
            who = team[0] if n == 0 else team[rng.randrange(len(team))]
            batch.events.append(
                Event(
                    _moment(rng, opened + day * moment),
                    "create" if n == 0 else "read",
                    "families.registration.create" if n == 0 else "families.family.read",
                    who[1],
                    who[2],
                    family_id,
                    "families.family",
                    object_id,
                )
            )
        context = FamilyContext(
            family_id=family_id,
            network_id=network_id,
            trajectory_id=trajectory_id,
            phase=phase,
            opened=opened,
            closed_on=closed_on,
            members=family_members,
            team=team,
        )
        for builder in FAMILY_BUILDERS:
            builder(rng, context, batch, base, today)
    batch.events.sort(key=lambda event: event.occurred_at)
    assert len(batch.events) <= size * _events_per_family()
    for table in TABLES:
        used = batch.ids[table.key] - ids[table.key]
        assert used <= size * table.per_family, table.key
    return batch


def _cover(
    batch: Batch,
    base: Base,
    absent: tuple[int, datetime.date, datetime.date | None, int],
    membership_id: int,
    trajectory_id: int,
    opened: datetime.date,
    team: list[tuple[int, int, int, str]],
    now: datetime.datetime,
) -> None:
    """A running temporary cover (waarneming) of an absent professional's place: the cover's
    own place until the absence ends (four weeks ahead when that end is open) and the
    handover, as `trajectories.actions.handover.cover` records them."""
    absence_id, starts, ends, cover_index = absent
    starts = max(starts, opened)
    ends = ends or now.date() + datetime.timedelta(days=28)
    professional_id, _user, organisation_id, _net = base.professionals[cover_index]
    cover_id = batch.take("membership")
    batch.add(
        "membership",
        (
            cover_id, trajectory_id, professional_id, team[-1][3], organisation_id, starts,
            ends, "cover", "Waarneming tijdens afwezigheid", membership_id,
        ),
    )  # fmt: skip
    coordinator = team[0]
    batch.add(
        "handover",
        (
            batch.take("handover"), trajectory_id, "temporary", membership_id, cover_id,
            absence_id, starts, ends, "Lopende afspraken staan in het plan; bel de moeder op "
            "dinsdag.", coordinator[1], now,
        ),
    )  # fmt: skip


_EIGHT_UTC = datetime.time(8, tzinfo=datetime.UTC)


def _moment(rng: random.Random, day: datetime.date) -> datetime.datetime:
    """A moment in office hours (8 to 18) on `day`, in UTC: one draw, not three (it is the
    builder's most frequent call)."""
    seconds = int(rng.random() * 36_000)
    return datetime.datetime.combine(day, _EIGHT_UTC) + datetime.timedelta(seconds=seconds)


# --- Registrations, consent and walk-along notes (families and trajectories apps) --------

REFERRERS = [("gp", 0.25), ("school", 0.25), ("cjg", 0.2), ("neighbourhood_team", 0.15),
             ("family", 0.1), ("other", 0.05)]  # fmt: skip
SAFETY = [("in_order", 0.85), ("concerns", 0.13), ("acute", 0.02)]
WALKED_ALONG = {"walk_along", "mdo", "plan", "execution", "closed"}

TABLES += [
    Table(
        "registration",
        "families.Registration",
        (
            "id", "family", "network", "trajectory", "referrer_kind", "referrer_name",
            "family_wishes", "urgency", "safety_status", "safety_notes", "registered_by",
            "registered_at",
        ),
        1,
    ),
    Table(
        "help_question", "families.HelpQuestion",
        ("id", "registration", "text", "kind", "position"), 2,
    ),
    Table(
        "consent",
        "families.Consent",
        (
            "id", "family", "purpose", "purpose_detail", "recipient_roles", "valid_from",
            "valid_until", "obtained_how", "recorded_by", "recorded_at", "withdrawn_at",
            "withdrawn_by", "withdrawal_reason",
        ),
        1,
    ),
    Table(
        "consent_organisation", "families.Consent_recipient_organisations",
        ("id", "consent", "organisation"), 5,
    ),
    Table("consent_about", "families.Consent_about", ("id", "consent", "familymember"), 7),
    Table("consent_given_by", "families.Consent_given_by", ("id", "consent", "familymember"), 2),
    Table(
        "observation",
        "trajectories.Observation",
        ("id", "trajectory", "observed_on", "life_domain", "kind", "text", "author", "created_at"),
        6,
    ),
    Table(
        "meeting",
        "trajectories.Meeting",
        (
            "id", "trajectory", "kind", "starts_at", "duration_minutes", "location", "agenda",
            "integrated_analysis", "decisions", "held", "uid", "sequence", "version",
            "created_by", "created_at",
        ),
        4,  # the MDO and one per evaluation (MAX_EVALUATIONS)
    ),
]  # fmt: skip
MDO_PHASES = {"mdo", "plan", "execution", "closed"}


def _intake_rows(
    rng: random.Random, family: FamilyContext, batch: Batch, base: Base, today: datetime.date
) -> None:
    """The registration with its help questions; for a trajectory past registration the
    family's consent to share within the team (ended with the trajectory, now and then
    withdrawn); walk-along notes from the walk-along phase on."""
    coordinator = family.team[0]
    registration_id = batch.take("registration")
    safety = _weighted(rng, SAFETY)
    batch.add(
        "registration",
        (
            registration_id, family.family_id, family.network_id, family.trajectory_id,
            _weighted(rng, REFERRERS), "", "Samen met de kinderen de draad weer oppakken.",
            "urgent" if safety == "acute" else rng.choice(("normal", "normal", "soon")),
            safety, "" if safety == "in_order" else "Zorgen over veiligheid thuis.",
            coordinator[1], _moment(rng, family.opened),
        ),
    )  # fmt: skip
    if family.phase == "registration":
        return
    consent_id = batch.take("consent")
    withdrawn = rng.random() < 0.03
    batch.add(
        "consent",
        (
            consent_id, family.family_id, "team_collaboration", "", "", family.opened,
            family.closed_on, rng.choice(("verbal", "written", "signed")), coordinator[1],
            _moment(rng, family.opened),
            _moment(rng, (family.closed_on or today) - datetime.timedelta(days=1))
            if withdrawn else None,
            "ouder" if withdrawn else "", "Wil het zelf proberen." if withdrawn else "",
        ),
    )  # fmt: skip
    # Help questions, the consent's recipients and subjects, the Meldcode's steps and the
    # walk-along notes are leaf rows: `expand` writes them from these rows.


FAMILY_BUILDERS.append(_intake_rows)


def add_meeting(
    rng: random.Random,
    batch: Batch,
    family: FamilyContext,
    kind: str,
    starts_at: datetime.datetime,
    held: bool,
) -> int:
    """A meeting row; participants, perspectives and follow-ups come from `expand`."""
    meeting_id = batch.take("meeting")
    coordinator = family.team[0]
    mdo = kind == "mdo"
    batch.add(
        "meeting",
        (
            meeting_id, family.trajectory_id, kind, starts_at, 90 if mdo else 60,
            "Bij het gezin thuis" if rng.random() < 0.4 else "Wijkcentrum",
            "Kennismaken, ieders blik, samen één analyse." if mdo else "Evaluatie van het plan.",
            "Spanning thuis en schoolverzuim hangen samen; eerst rust, dan school."
            if mdo and held else "",
            "Eén plan met drie doelen; de regisseur houdt het overzicht." if held else "",
            held, uuid.UUID(int=rng.getrandbits(128), version=4).hex, 0, 1, coordinator[1],
            starts_at - datetime.timedelta(days=rng.randrange(3, 15)),
        ),
    )  # fmt: skip
    return meeting_id


def _mdo_rows(
    rng: random.Random, family: FamilyContext, batch: Batch, base: Base, today: datetime.date
) -> None:
    """The MDO after the walk-along: held, or (in the MDO phase) now and then still ahead."""
    if family.phase not in MDO_PHASES:
        return
    day = datetime.timedelta(days=1)
    end = family.closed_on or today
    offset = min(45, max(1, (end - family.opened).days // 3))
    held = family.phase != "mdo" or rng.random() < 0.5
    moment = family.opened + day * offset if held else today + day * rng.randrange(1, 15)
    if held and moment >= today:
        moment = today - day
    add_meeting(rng, batch, family, "mdo", _moment(rng, moment), held)


FAMILY_BUILDERS.append(_mdo_rows)


# --- Closures (trajectories app) -----------------------------------------------------------

CLOSURE_REASONS = [  # (reason, share): DOMAIN.md §4, the distribution in the docstring
    ("goals_reached", 0.45),
    ("continues_without_help", 0.25),
    ("referred", 0.15),
    ("stopped_by_family", 0.10),
    ("stopped_by_provider", 0.05),
]
FOLLOW_UP_DAYS = 183  # indicator 3.2: no new youth care within half a year

TABLES.append(
    Table(
        "closure",
        "trajectories.Closure",
        (
            "id", "trajectory", "reason", "note", "closed_on", "dropout",
            "continues_without_help", "goals_realised", "goals_outcome", "follow_up_due_on",
            "youth_care_restarted", "follow_up_checked_on", "closed_by", "created_at",
        ),
        1,
    )
)  # fmt: skip


def _closure_rows(
    rng: random.Random, family: FamilyContext, batch: Batch, base: Base, today: datetime.date
) -> None:
    """A closed trajectory's closure: reason, the Jeugdwet indicators that follow from it and
    the follow-up check half a year later (done, unless it is not yet long ago)."""
    from samenspel.trajectories.models.closure import INDICATORS

    if family.closed_on is None:
        return
    reason = _weighted(rng, CLOSURE_REASONS)
    indicators = INDICATORS[reason]
    # Indicator 3.4 comes from the last evaluation's GAS scores; the generator draws it with
    # the reason in mind (goals reached mostly realised), no evaluation only for early ends.
    goals = (
        "realised"
        if reason == "goals_reached"
        else rng.choice(
            ("partly", "not_realised", "no_evaluation" if indicators["early"] else "partly")
        )
    )
    due = family.closed_on + datetime.timedelta(days=FOLLOW_UP_DAYS)
    checked = due + datetime.timedelta(days=rng.randrange(0, 21))
    done = checked < today
    batch.add(
        "closure",
        (
            batch.take("closure"), family.trajectory_id, reason, "", family.closed_on,
            indicators["early"], indicators["without_help"], goals == "realised", goals, due,
            (rng.random() < 0.15) if done else None, checked if done else None,
            family.team[0][1], _moment(rng, family.closed_on),
        ),
    )  # fmt: skip


FAMILY_BUILDERS.append(_closure_rows)


# --- Plans, evaluations, GAS and ZRM (plans app) -------------------------------------------

GOALS = [  # (title, level 0), plain language (B1), in the family's own words
    ("{child} gaat elke schooldag naar school", "{child} is vier weken elke dag op school"),
    ("We hebben rust in huis", "Een week zonder harde ruzie"),
    ("De schulden zijn in beeld en er is een regeling", "Er is een afspraak met de schuldhulp"),
    ("{parent} heeft werk of dagbesteding", "{parent} werkt twee dagen per week"),
    ("{child} slaapt 's nachts goed", "{child} slaapt vijf nachten per week door"),
    ("We weten bij wie we terechtkunnen", "We hebben drie mensen die we kunnen bellen"),
    ("{child} doet een sport of hobby", "{child} gaat elke week naar de club"),
    ("Het huis is schoon en veilig", "De kamers zijn opgeruimd en er is een rookmelder"),
]  # fmt: skip
PLAN_PHASES = {"plan", "execution", "closed"}
MAX_VERSIONS, MAX_GOALS, MAX_EVALUATIONS, MAX_ZRM_DOMAINS = 3, 4, 3, 6

TABLES += [
    Table("plan", "plans.Plan", ("id", "trajectory", "created_at"), 1),
    Table(
        "plan_version",
        "plans.PlanVersion",
        (
            "id", "plan", "number", "status", "occasion", "change_reason", "family_words",
            "safety_plan", "based_on", "evaluation", "revision", "created_by", "created_at",
            "changed_by", "changed_at", "agreed_at", "agreed_by",
        ),
        MAX_VERSIONS,
    ),
    Table(
        "goal",
        "plans.Goal",
        (
            "id", "key", "revision", "changed_by", "changed_at", "version", "title", "domain",
            "why_it_matters", "target_date", "level_minus_2", "level_minus_1", "level_0",
            "level_plus_1", "level_plus_2", "weight", "confidential",
        ),
        MAX_VERSIONS * MAX_GOALS,
    ),
    Table(
        "goal_member", "plans.Goal_members", ("id", "goal", "familymember"),
        MAX_VERSIONS * MAX_GOALS,
    ),
    Table(
        "plan_action",
        "plans.PlanAction",
        (
            "id", "key", "revision", "changed_by", "changed_at", "version", "goal", "what",
            "owner_kind", "professional", "organisation", "member", "network_person", "due_on",
            "status",
        ),
        MAX_VERSIONS * MAX_GOALS * 2,
    ),
    Table(
        "evaluation",
        "plans.Evaluation",
        (
            "id", "trajectory", "plan_version", "held_on", "goes_well", "must_change", "step",
            "next_evaluation_on", "plan_changes", "t_score", "created_by", "created_at",
            "meeting",
        ),
        MAX_EVALUATIONS,
    ),
    Table(
        "goal_score",
        "plans.GoalScore",
        ("id", "evaluation", "goal", "attainment", "note"),
        MAX_EVALUATIONS * MAX_GOALS,
    ),
    Table(
        "assessment",
        "plans.Assessment",
        (
            "id", "trajectory", "instrument_version", "assessed_on", "member", "evaluation",
            "created_by", "created_at",
        ),
        MAX_EVALUATIONS + 1,
    ),
    Table(
        "domain_score",
        "plans.DomainScore",
        ("id", "assessment", "domain", "score", "relevance"),
        (MAX_EVALUATIONS + 1) * MAX_ZRM_DOMAINS,
    ),
]  # fmt: skip
EXTRA_EVENTS_PER_FAMILY += 2 * MAX_VERSIONS + MAX_EVALUATIONS + 4


def _plan_lookups(base: Base) -> None:
    from samenspel.plans.models import InstrumentDomain, InstrumentVersion

    version = (
        InstrumentVersion.objects.filter(instrument__code="zrm-huishoudens")
        .order_by("-is_current", "-id")
        .values_list("id", flat=True)
        .first()
    )
    base.lookups["zrm_version"] = version
    base.lookups["zrm_domains"] = list(
        InstrumentDomain.objects.filter(version_id=version)
        .order_by("position")
        .values_list("id", flat=True)
    )


def _plan_rows(
    rng: random.Random, family: FamilyContext, batch: Batch, base: Base, today: datetime.date
) -> None:
    """A plan with one to three versions (goals with GAS levels, actions), evaluations with
    GAS scores and a T-score, and ZRM household assessments, for trajectories that got as far
    as a plan; reads of the plan in the access log."""
    domains = base.lookups.get("zrm_domains") or []
    if family.phase not in PLAN_PHASES or not domains:
        return
    day = datetime.timedelta(days=1)
    end = family.closed_on or today
    start = family.opened + day * min(60, max(1, (end - family.opened).days // 4))
    span = max(1, (end - start).days)
    coordinator = family.team[0]
    children = [m for m in family.members if m[1] == "child"] or family.members
    parents = [m for m in family.members if m[1] == "parent"] or family.members
    plan_id = batch.take("plan")
    batch.add("plan", (plan_id, family.trajectory_id, _moment(rng, start)))
    if family.phase == "plan":
        versions = 1
    else:
        versions = 1 + min(MAX_VERSIONS - 1, span // 120, rng.randrange(MAX_VERSIONS))
    evaluations = 0 if family.phase == "plan" else min(MAX_EVALUATIONS, max(1, span // 90))
    # Version v starts at day v * span / (versions); evaluations spread over the span.
    version_days = [start + day * (v * span // (versions + 1)) for v in range(versions)]
    goal_keys = [_key(rng) for _ in range(MAX_GOALS)]
    goal_choices = rng.sample(range(len(GOALS)), MAX_GOALS)
    goals_count = rng.randrange(2, MAX_GOALS + 1)
    previous_version = None
    version_goals: list[list[int]] = []
    version_ids = []
    for number in range(1, versions + 1):
        created = version_days[number - 1]
        draft = family.phase == "plan" or (number == versions and rng.random() < 0.15)
        version_id = batch.take("plan_version")
        version_ids.append(version_id)
        agreed_at = None if draft else _moment(rng, created + day * rng.randrange(1, 15))
        batch.add(
            "plan_version",
            (
                version_id, plan_id, number, "draft" if draft else "agreed",
                "first" if number == 1 else rng.choice(("mdo", "evaluation")),
                "" if number == 1 else "Na de evaluatie passen we de doelen aan.",
                "Wij willen rust in huis en dat de kinderen naar school gaan.",
                "", previous_version, None, 1, coordinator[1], _moment(rng, created),
                coordinator[1], _moment(rng, created), agreed_at,
                None if draft else coordinator[1],
            ),
        )  # fmt: skip
        previous_version = version_id
        ids = []
        for g in range(goals_count):
            title, level_0 = GOALS[goal_choices[g]]
            child, parent = rng.choice(children), rng.choice(parents)
            names = {"child": child[3], "parent": parent[3]}
            goal_id = batch.take("goal")
            ids.append(goal_id)
            batch.add(
                "goal",
                (
                    goal_id, goal_keys[g], 1, coordinator[1], _moment(rng, created), version_id,
                    title.format(**names), domains[goal_choices[g] % len(domains)],
                    "", created + day * 180, "Het gaat slechter dan nu",
                    "Zoals het nu gaat", level_0.format(**names), "Beter dan verwacht",
                    "Veel beter dan verwacht", 1, False,
                ),
            )  # fmt: skip
            batch.add("goal_member", (batch.take("goal_member"), goal_id, child[0]))
            # One or two actions per goal: leaf rows (`expand`).
        version_goals.append(ids)
    for e in range(evaluations):
        held = start + day * ((e + 1) * span // (evaluations + 1))
        index = max(i for i, d in enumerate(version_days) if d <= held)
        scores = [rng.choice((-2, -1, -1, 0, 0, 0, 1, 1, 2)) for _ in version_goals[index]]
        n = len(scores)
        t_score = 50 + 10 * sum(scores) / ((0.7 * n + 0.3 * n * n) ** 0.5)  # GAS, ρ = 0.3
        meeting_id = add_meeting(rng, batch, family, "evaluation", _moment(rng, held), True)
        evaluation_id = batch.take("evaluation")
        batch.add(
            "evaluation",
            (
                evaluation_id, family.trajectory_id, version_ids[index], held,
                "De kinderen gaan vaker naar school.", "Er is nog veel onrust in huis.",
                rng.choice(("same", "same", "down", "up")), held + day * rng.randrange(42, 120),
                index + 1 < versions, round(t_score, 1), coordinator[1], _moment(rng, held),
                meeting_id,
            ),
        )  # fmt: skip
        for goal_id, attainment in zip(version_goals[index], scores, strict=True):
            batch.add(
                "goal_score", (batch.take("goal_score"), evaluation_id, goal_id, attainment, "")
            )
        _zrm(rng, batch, family, base, domains, held, evaluation_id)
        batch.events.append(
            Event(
                _moment(rng, held), "create", "plans.evaluation.create", coordinator[1],
                coordinator[2], family.family_id, "plans.evaluation", str(evaluation_id),
            )
        )  # fmt: skip
    if not evaluations:
        _zrm(rng, batch, family, base, domains, start, None)
    for _ in range(rng.randrange(1, 2 * versions + 1)):
        who = family.team[rng.randrange(len(family.team))]
        batch.events.append(
            Event(
                _moment(rng, start + day * rng.randrange(span)), "read", "plans.plan.read",
                who[1], who[2], family.family_id, "plans.plan", str(plan_id),
            )
        )  # fmt: skip


def _zrm(
    rng: random.Random,
    batch: Batch,
    family: FamilyContext,
    base: Base,
    domains: list[int],
    day: datetime.date,
    evaluation_id: int | None,
) -> None:
    assessment_id = batch.take("assessment")
    coordinator = family.team[0]
    batch.add(
        "assessment",
        (
            assessment_id, family.trajectory_id, base.lookups["zrm_version"], day, None,
            evaluation_id, coordinator[1], _moment(rng, day),
        ),
    )  # fmt: skip
    # Its three to six domain scores: leaf rows (`expand`).


def _key(rng: random.Random) -> str:
    """A DraftItem key: a version-4 UUID from the batch's generator, as hex (what Django
    stores on SQLite; PostgreSQL reads it into its uuid type)."""
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


BASE_LOOKUPS.append(_plan_lookups)
FAMILY_BUILDERS.append(_plan_rows)

# Leaf tables of the meetings and the Meldcode, filled by `expand` only.
TABLES += [
    Table(
        "meldcode", "families.MeldcodeRecord",
        ("id", "registration", "step", "done_on", "done_by", "outcome", "recorded_by"), 5,
    ),
    Table(
        "participant", "trajectories.Participant",
        ("id", "meeting", "professional", "family_member", "present"), 4 * 6,
    ),
    Table(
        "perspective", "trajectories.Perspective",
        ("id", "meeting", "discipline", "text", "author", "created_at"), 4,
    ),
    Table(
        "follow_up", "trajectories.FollowUpAction",
        ("id", "meeting", "description", "owner", "due_on", "done"), 2,
    ),
]  # fmt: skip


# --- The access log: unsealed events, sealed at the end ----------------------------------

EVENT_FIELDS = (
    "id", "occurred_at", "event_type", "action", "outcome", "user", "user_label", "acting_role",
    "acting_organisation_id", "acting_organisation", "family_id", "member_id", "object_type",
    "object_id", "purpose", "consent_id", "reason", "detail", "request_id", "client_ip",
    "previous_hash", "hash",
)  # fmt: skip
PURPOSE = "care_team"


def chain_events(events: list[Event], first_id: int) -> list[tuple]:
    """The events as AccessEvent rows (EVENT_FIELDS), unsealed as `audit.record` writes them
    (no legacy links; the transaction id is the column's default)."""
    return [
        (
            first_id + offset, event.occurred_at, event.event_type, event.action, "allowed",
            event.user_id, "", "professional", event.organisation_id, "", event.family_id, None,
            event.object_type, event.object_id, PURPOSE, None, "", "{}", "", None, None, None,
        )
        for offset, event in enumerate(events)
    ]  # fmt: skip


_COPY_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_escaped(text: str, cache: dict[str, str]) -> str:
    """`text` as a value in COPY's text format (backslash, tab and line ends escaped)."""
    if text not in cache:
        cache[text] = text.translate(_COPY_SPECIAL)
    return cache[text]


def encode_events(events: list[Event], first_id: int) -> bytes:
    """What `encode_rows(chain_events(...))` gives, written out line by line: the builder's
    most frequent rows (a third of its encoding time went to formatting them value by value).
    Only for the columns of EVENT_FIELDS: a field the audit app adds takes `chain_events`."""
    cache: dict[str, str] = {}
    lines = []
    for offset, event in enumerate(events):
        moment = event.occurred_at.isoformat()
        lines.append(
            f"{first_id + offset}\t{moment.replace('T', ' ', 1)}\t"
            f"{_copy_escaped(event.event_type, cache)}\t{_copy_escaped(event.action, cache)}\t"
            f"allowed\t{event.user_id}\t\tprofessional\t{event.organisation_id}\t\t"
            f"{event.family_id}\t\\N\t{_copy_escaped(event.object_type, cache)}\t"
            f"{_copy_escaped(event.object_id, cache)}\t{PURPOSE}\t\\N\t\t{{}}\t\t\\N\t"
            f"\\N\t\\N\n"
        )
    return "".join(lines).encode()


# --- Writing batches ----------------------------------------------------------------------


# A built batch: number, size, COPY text per table, rows, and the first and one-past-last ids
# per table (for the leaf rows).
Built = tuple[int, int, list[tuple[str, bytes]], int, tuple[dict[str, int], dict[str, int]]]


def _expand(first: dict[str, int], after: dict[str, int], today: datetime.date, base: Base) -> int:
    """The batch's leaf rows, written by the database (`expand`); returns how many."""
    from bench.generator.expand import expand

    rows = 0
    for key, count, seconds in expand(first, after, today, base.lookups.get("zrm_domains") or []):
        TIMINGS[f"expand {key}"] = TIMINGS.get(f"expand {key}", 0.0) + seconds
        rows += count
    return rows


def _events_per_family() -> int:
    return EVENTS_PER_FAMILY + EXTRA_EVENTS_PER_FAMILY


def _reserve(writer: Writer, families: int) -> dict[str, int]:
    """Ids for `families` families: the first id of every table and of the access log."""
    ids = {
        table.key: writer.reserve_ids(table.model_class(), families * table.per_family)
        for table in TABLES
    }
    ids["event"] = writer.reserve_ids(AccessEvent, families * _events_per_family())
    return ids


def _offset_ids(first: dict[str, int], families_before: int) -> dict[str, int]:
    per_family = {table.key: table.per_family for table in TABLES}
    per_family["event"] = _events_per_family()
    return {key: value + families_before * per_family[key] for key, value in first.items()}


def _encoded(batch: Batch, first_event_id: int) -> tuple[list[tuple[str, bytes]], int]:
    """A built batch as COPY text per table (events last), and its row count."""
    parts = []
    for table in TABLES:
        rows = batch.rows.get(table.key, [])
        spec = table_spec(table.model_class(), table.names)
        parts.append((table.key, encode_rows(spec.complete(rows))))
    spec = table_spec(AccessEvent, EVENT_FIELDS)
    if spec.extra_constant or spec.extra_callables:
        event_rows = chain_events(batch.events, first_event_id)
        parts.append(("event", encode_rows(spec.complete(event_rows))))
    else:
        parts.append(("event", encode_events(batch.events, first_event_id)))
    return parts, batch.row_count()


def _spec_for(key: str) -> TableSpec:
    if key == "event":
        return table_spec(AccessEvent, EVENT_FIELDS)
    table = next(table for table in TABLES if table.key == key)
    return table_spec(table.model_class(), table.names)


def _prepare_bulk_transaction(writer: Writer) -> None:
    """Inside a batch's transaction on PostgreSQL: no WAL flush wait; no row-by-row
    foreign-key triggers when the role may skip them (see the module docstring)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT current_setting('is_superuser')")
        if cursor.fetchone()[0] == "on":
            cursor.execute("SET LOCAL session_replication_role = replica")


def _write_built(
    writer: Writer,
    number: int,
    size: int,
    parts: list[tuple[str, bytes]],
    ranges: tuple[dict[str, int], dict[str, int]],
    base: Base,
    today: datetime.date,
) -> int:
    """Write one built batch with its leaf rows in one transaction; returns the leaf rows."""
    from samenspel.demo.models import GeneratedBatch

    with transaction.atomic():
        _prepare_bulk_transaction(writer)
        for key, text in parts:
            copying = time.monotonic()
            writer.copy_text(_spec_for(key), text)
            TIMINGS[f"copy {key}"] = TIMINGS.get(f"copy {key}", 0.0) + time.monotonic() - copying
        leaf_rows = _expand(*ranges, today, base)
        GeneratedBatch.objects.create(number=number, families=size, seed=SEED)
    return leaf_rows


def write_batch(number: int, size: int, base: Base, writer: Writer) -> int:
    """Build and write one batch in one transaction with its GeneratedBatch row, in this
    process (the path for SQLite); returns rows written."""
    from samenspel.demo.models import GeneratedBatch

    today, now = timezone.localdate(), timezone.now()
    with transaction.atomic():
        ids = _reserve(writer, size)
        batch = build_batch(number, size, base, ids, today, now)
        for table in TABLES:
            writer.write(table.model_class(), table.names, batch.rows.get(table.key, []))
        leaf_rows = _expand(ids, batch.ids, today, base)
        first_event = writer.reserve_ids(AccessEvent, len(batch.events))
        rows = chain_events(batch.events, first_event)
        writer.write(AccessEvent, EVENT_FIELDS, rows)
        GeneratedBatch.objects.create(number=number, families=size, seed=SEED)
    return batch.row_count() + leaf_rows


def _build_all(
    todo: list[tuple[int, int]],
    base: Base,
    first_ids: dict[str, int],
    today: datetime.date,
    now: datetime.datetime,
) -> Iterator[Built]:
    """Build and encode the batches in order, chaining each onto the one before."""
    families_before = 0
    for number, size in todo:
        ids = _offset_ids(first_ids, families_before)
        batch = build_batch(number, size, base, ids, today, now)
        parts, rows = _encoded(batch, ids["event"])
        yield number, size, parts, rows, (ids, batch.ids)
        families_before += size


def _builder_process(queue: Any, args: tuple) -> None:
    try:
        for item in _build_all(*args):
            queue.put(item)
    except BaseException as error:
        queue.put(("error", repr(error)))
        raise
    queue.put(None)


def _from_builder(args: tuple) -> Iterator[Built]:
    """The built batches from a second process (fork: it shares the loaded Django and the
    base, and never touches the database connection)."""
    import queue as queue_module

    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=2)
    process = context.Process(target=_builder_process, args=(queue, args), daemon=True)
    process.start()
    try:
        while True:
            try:
                item = queue.get(timeout=1)
            except queue_module.Empty:
                if not process.is_alive():
                    raise RuntimeError(
                        f"the batch builder stopped (exit code {process.exitcode})"
                    ) from None
                continue
            if item is None:
                break
            if item[0] == "error":
                raise RuntimeError(f"the batch builder failed: {item[1]}")
            yield item
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)


# --- Bulk mode: indexes built once, after the rows --------------------------------------

# A big run into PostgreSQL drops the secondary indexes and unique/exclusion constraints of
# the tables it fills and builds them again at the end: one sorted build instead of millions
# of random inserts (the access log's hash indexes alone made COPY ten times slower). The
# statements to rebuild them are kept in a table of their own until they have run, so an
# interrupted run leaves nothing lost: the next run rebuilds them.
BULK_FROM_FAMILIES = 50_000
# Seconds spent per step of the last run (COPY per table, each index build), for measuring.
TIMINGS: dict[str, float] = {}
_PENDING_DDL = "samenspel_generate_pending_ddl"


def _bulk_tables() -> list[str]:
    return [table.model_class()._meta.db_table for table in TABLES] + [AccessEvent._meta.db_table]


def drop_secondary_indexes() -> int:
    """Drop the tables' indexes and constraints except primary and foreign keys, keeping
    the statements to build them again; returns how many were dropped."""
    dropped = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {_PENDING_DDL} (id serial PRIMARY KEY, statement text)"
        )
        for table in _bulk_tables():
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'x') ORDER BY conname",
                [table],
            )
            for name, definition in cursor.fetchall():
                quoted = connection.ops.quote_name(name)
                cursor.execute(
                    f"INSERT INTO {_PENDING_DDL} (statement) VALUES (%s)",  # noqa: S608
                    [f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}"],
                )
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quoted}")
                dropped += 1
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                "ORDER BY i.relname",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(
                    f"INSERT INTO {_PENDING_DDL} (statement) VALUES (%s)",  # noqa: S608
                    [definition],
                )
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                dropped += 1
    return dropped


def rebuild_secondary_indexes() -> int:
    """Build what `drop_secondary_indexes` (of this run or an interrupted one) dropped."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [_PENDING_DDL])
        if cursor.fetchone()[0] is None:
            return 0
        cursor.execute(f"SELECT id, statement FROM {_PENDING_DDL} ORDER BY id")  # noqa: S608
        pending = cursor.fetchall()
    for ddl_id, statement in pending:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")  # sorts in memory
            building = time.monotonic()
            cursor.execute(statement)
            TIMINGS[f"index {statement[:90]}"] = time.monotonic() - building
            cursor.execute(f"DELETE FROM {_PENDING_DDL} WHERE id = %s", [ddl_id])  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {_PENDING_DDL}")
    return len(pending)


# --- The run ------------------------------------------------------------------------------


@dataclass
class Progress:
    total: int
    out: Any = sys.stderr
    started: float = field(default_factory=time.monotonic)
    already: int = 0  # there before this run: not part of its rate

    def show(self, done: int, rows: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = (done - self.already) / elapsed
        width = 30
        filled = int(width * done / max(self.total, 1))
        eta = (self.total - done) / rate if rate else 0
        self.out.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{self.total:,} families"
            f" · {rate:,.0f}/s · {rows / elapsed:,.0f} rows/s · ETA {eta:,.0f} s "
        )
        self.out.flush()


def generate(
    families: int,
    *,
    batch_size: int = BATCH_SIZE,
    progress: bool = True,
    parallel: bool = True,
    bulk: bool | None = None,
    professionals: int | None = None,
) -> dict[str, float]:
    """Generate up to `families` synthetic families (resuming); returns measured rates.

    On PostgreSQL with `parallel`, a second process builds batches while this one writes;
    with `bulk` (by default from BULK_FROM_FAMILIES families to write) the indexes are built
    once at the end. `professionals` overrides the scale's N/50 (on a first run only: the
    fixed part is written once)."""
    from samenspel.audit.seal import seal_pending
    from samenspel.demo.models import GeneratedBatch

    scale = Scale(families, professionals=professionals or 0)
    writer = Writer()
    base = ensure_base(scale, writer, random.Random(SEED))
    done_batches = set(
        GeneratedBatch.objects.filter(number__gte=1).values_list("number", flat=True)
    )
    already = sum(GeneratedBatch.objects.filter(number__gte=1).values_list("families", flat=True))
    todo = [
        (number, min(batch_size, families - (number - 1) * batch_size))
        for number in range(1, (families + batch_size - 1) // batch_size + 1)
        if number not in done_batches
    ]
    meter = Progress(total=families, already=already) if progress else None
    started = time.monotonic()
    remaining = sum(size for _number, size in todo)
    if bulk is None:
        bulk = remaining >= BULK_FROM_FAMILIES
    totals = {"families": 0, "rows": 0, "write_seconds": 0.0}

    def done(size: int, count: int, writing_started: float) -> None:
        totals["write_seconds"] += time.monotonic() - writing_started
        totals["families"] += size
        totals["rows"] += count
        if meter:
            meter.show(already + int(totals["families"]), int(totals["rows"]))

    try:
        if todo and writer.postgres and bulk:
            drop_secondary_indexes()
        if todo and writer.postgres and parallel:
            with transaction.atomic():
                first_ids = _reserve(writer, remaining)
            args = (todo, base, first_ids, timezone.localdate(), timezone.now())
            today = timezone.localdate()
            for number, size, parts, count, ranges in _from_builder(args):
                writing = time.monotonic()
                count += _write_built(writer, number, size, parts, ranges, base, today)
                done(size, count, writing)
        else:
            for number, size in todo:
                writing = time.monotonic()
                done(size, write_batch(number, size, base, writer), writing)
    finally:
        if meter:
            meter.out.write("\n")
        rebuilding = time.monotonic()
        if writer.postgres:
            if meter and bulk:
                meter.out.write("Building the indexes …\n")
            rebuild_secondary_indexes()  # also what an interrupted bulk run left to do
        index_seconds = time.monotonic() - rebuilding
        analysing = time.monotonic()
        if writer.postgres:
            # Fresh planner statistics: without them, the first pages on 1,000,000 new families
            # chose nested loops over millions of rows (12 s for a query that takes 7 ms).
            # VACUUM also sets the visibility map, as autovacuum would in production, so that
            # counts can use index-only scans (27 s at 1,000,000 families); it cannot run
            # inside a transaction (the tests), where ANALYZE alone does.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        analyse_seconds = time.monotonic() - analysing
    # The access events went in unsealed, as audit.record writes them: seal them now (after
    # the index build and the statistics; the worker would do the same within seconds).
    sealing = time.monotonic()
    if todo:
        if meter:
            meter.out.write("Sealing the access log …\n")
        seal_pending()
    TIMINGS["seal access log"] = time.monotonic() - sealing
    elapsed = max(time.monotonic() - started, 1e-9)
    written_families, rows = totals["families"], totals["rows"]
    return {
        "families": written_families,
        "skipped_families": already,
        "rows": rows,
        "seconds": elapsed,
        "families_per_second": written_families / elapsed,
        "rows_per_second": rows / elapsed,
        # Time spent writing (COPY and commit; on SQLite building too); the rest of a
        # parallel run is waiting for the builder.
        "write_seconds": totals["write_seconds"],
        "index_seconds": index_seconds,  # building indexes at the end (bulk mode)
        "analyse_seconds": analyse_seconds,  # planner statistics at the end (PostgreSQL)
        "seal_seconds": TIMINGS["seal access log"],  # sealing the run's access events
    }
