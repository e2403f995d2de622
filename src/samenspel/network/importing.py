"""Import of organisations and professionals from CSV or XLSX.

Three steps: `read_rows` turns a file into rows (with their line numbers), `check_rows` lists
every problem by line, field and a Dutch message (the dry run), and `apply_rows` writes all
rows or none. A re-import finds existing records by their external id and updates them.

Columns (a header row; English or Dutch names):
- organisations: external_id, name, sector (code or name), country (NL/BE), region, website
- professionals: external_id, email, full_name, organisation (the organisation's external id),
  job_title, hours_per_week, expertise (codes separated by ";", optionally "code:level" with
  level 1-3), languages (codes separated by ";"), phone
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from samenspel.accounts.models import Role, RoleGrant, User
from samenspel.network.models import (
    Country,
    Expertise,
    ImportKind,
    Language,
    Network,
    NetworkAssignment,
    NetworkMembership,
    Organisation,
    Professional,
    ProfessionalExpertise,
    Sector,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

# Dutch column names a spreadsheet may use, mapped to ours.
ALIASES = {
    "extern id": "external_id",
    "externe id": "external_id",
    "id": "external_id",
    "naam": "name",
    "land": "country",
    "regio": "region",
    "e-mail": "email",
    "e-mailadres": "email",
    "volledige naam": "full_name",
    "organisatie": "organisation",
    "functie": "job_title",
    "uren per week": "hours_per_week",
    "uren": "hours_per_week",
    "expertise": "expertise",
    "talen": "languages",
    "telefoon": "phone",
}
REQUIRED = {
    ImportKind.ORGANISATIONS: ("external_id", "name", "sector"),
    ImportKind.PROFESSIONALS: ("external_id", "email", "full_name", "organisation"),
}
MAX_ROWS = 5000


# An example file per kind: the header row and one row that passes the checks.
EXAMPLES = {
    ImportKind.ORGANISATIONS: (
        ("external_id", "name", "sector", "country", "region", "website"),
        ("ORG-001", "Jeugdhulp Voorbeeld", "jeugdhulp", "NL", "Zoetermeer", ""),
    ),
    ImportKind.PROFESSIONALS: (
        (
            "external_id",
            "email",
            "full_name",
            "organisation",
            "job_title",
            "hours_per_week",
            "expertise",
            "languages",
            "phone",
        ),
        (
            "PRO-001",
            "voornaam.achternaam@voorbeeld.nl",
            "Voornaam Achternaam",
            "ORG-001",
            "Gezinscoach",
            "24",
            "jeugdhulp:3;lvb",
            "nl;tr",
            "",
        ),
    ),
}


def example_csv(kind: str) -> str:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerows(EXAMPLES[ImportKind(kind)])
    return output.getvalue()


class UnreadableFileError(Exception):
    pass


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "field": self.field, "message": self.message}


# An .xlsx is a zip: one that unpacks to more than this is refused before it is read.
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024


def read_rows(upload: IO[bytes], name: str) -> list[dict[str, Any]]:
    """Rows as dicts with normalised column names and a `_line` (the line in the file)."""
    table: Iterable[list[Any]] = (
        _read_xlsx(upload) if name.lower().endswith(".xlsx") else _read_csv(upload)
    )
    rows = iter(table)
    header = next(rows, None)
    if not header:
        raise UnreadableFileError(_("The file is empty."))
    columns = [_column(cell) for cell in header]
    result: list[dict[str, Any]] = []
    for line, values in enumerate(rows, start=2):
        cells = ["" if value is None else str(value).strip() for value in values]
        if not any(cells):
            continue
        row: dict[str, Any] = {
            column: cells[i] if i < len(cells) else "" for i, column in enumerate(columns)
        }
        row["_line"] = line
        result.append(row)
        if len(result) > MAX_ROWS:
            raise UnreadableFileError(
                _("The file has more than %(count)s rows; split it up.") % {"count": MAX_ROWS}
            )
    return result


def _column(cell: object) -> str:
    name = str(cell or "").strip().lower()
    return ALIASES.get(name, name.replace(" ", "_"))


def _read_csv(upload: IO[bytes]) -> list[list[Any]]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFileError(_("The file is not UTF-8 text; save it as CSV UTF-8.")) from error
    # One fixed dialect (semicolons, as Dutch spreadsheets save and as example_csv writes):
    # a sniffed one guessed differently per file and lost quotes on a round trip.
    reader = csv.reader(io.StringIO(text), delimiter=";")
    rows: list[list[Any]] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:  # a cell over the csv module's field limit, a stray quote
        raise UnreadableFileError(
            _("Line %(line)s cannot be read: a cell is too long or its quotes do not match.")
            % {"line": reader.line_num}
        ) from error
    return rows


def _read_xlsx(upload: IO[bytes]) -> Iterable[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableFileError(_("This is not a readable Excel file (.xlsx).")) from error
    if unpacked > MAX_XLSX_UNCOMPRESSED:
        raise UnreadableFileError(_("This Excel file unpacks to too much data; split it up."))
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableFileError(_("This is not a readable Excel file (.xlsx).")) from error
    # Rows are read one at a time (read_only), and read_rows stops at the row limit.
    return _xlsx_rows(workbook)


def _xlsx_rows(workbook: Any) -> Iterable[list[Any]]:
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def reach(network: Network, user: User | None) -> QuerySet[Network]:
    """The networks an import into `network` may touch: every network its administrator
    manages (a professional or organisation of one of them is updated and joins `network`),
    never another. A deployment-wide administrator (a grant without a network) reaches all."""
    networks = Network.objects.all()
    if user is None:
        return networks.filter(pk=network.pk)
    managed = user.networks_with_role(Role.NETWORK_ADMIN)
    if managed is None and Role.NETWORK_ADMIN in user.roles:
        return networks
    return networks.filter(pk__in={network.pk, *(managed or ())})


class _Lookups:
    """Everything the checks compare against, loaded once per file (not per row)."""

    def __init__(self, network: Network, user: User | None = None) -> None:
        self.network = network
        networks = reach(network, user)
        self.sectors = {s.code: s for s in Sector.objects.all()} | {
            s.name.lower(): s for s in Sector.objects.all()
        }
        self.expertise = {e.code: e for e in Expertise.objects.all()}
        self.languages = {language.code: language for language in Language.objects.all()}
        # An import reaches only the organisations and professionals of the networks its
        # administrator manages: an external id of another network's record is an error,
        # never a change to that record.
        in_network = Organisation.objects.filter(memberships__network__in=networks).distinct()
        self.organisations = {o.external_id: o for o in in_network.exclude(external_id=None)}
        in_reach = Professional.objects.filter(assignments__network__in=networks)
        self.professionals = {
            p.external_id: p
            for p in Professional.objects.filter(pk__in=in_reach.values("pk"))
            .exclude(external_id=None)
            .select_related("user")
        }
        self.foreign_organisations = set(
            Organisation.objects.exclude(external_id=None)
            .exclude(pk__in=in_network.values("pk"))
            .values_list("external_id", flat=True)
        )
        self.foreign_professionals = set(
            Professional.objects.exclude(external_id=None)
            .exclude(pk__in=in_reach.values("pk"))
            .values_list("external_id", flat=True)
        )
        self.users = dict(User.objects.values_list("email", "pk"))


def check_rows(
    kind: str,
    rows: list[dict[str, Any]],
    network: Network,
    *,
    user: User | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Problem]:
    """The dry run: every problem in the file, none written. `user` is the administrator
    whose import it is (`reach`); without one, only `network` itself."""
    lookups = _Lookups(network, user)
    missing = [field for field in REQUIRED[ImportKind(kind)] if rows and field not in rows[0]]
    problems = [Problem(1, field, _("This column is missing.")) for field in missing]
    if missing:
        return problems
    seen: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    check = _check_organisation if kind == ImportKind.ORGANISATIONS else _check_professional
    foreign = (
        lookups.foreign_organisations
        if kind == ImportKind.ORGANISATIONS
        else lookups.foreign_professionals
    )
    for index, row in enumerate(rows, start=1):
        line = row["_line"]
        external_id = row["external_id"]
        problems.extend(
            Problem(line, field, _("This value contains a character that is not allowed."))
            for field, value in row.items()
            if isinstance(value, str) and "\x00" in value
        )
        if external_id in foreign:
            problems.append(
                Problem(
                    line,
                    "external_id",
                    _("This external id belongs to another network; an import cannot change it."),
                )
            )
        if external_id in seen:
            problems.append(
                Problem(
                    line,
                    "external_id",
                    _("The same external id is on line %(line)s too.")
                    % {"line": seen[external_id]},
                )
            )
        seen.setdefault(external_id, line)
        email = row.get("email", "").lower()
        if email and email in seen_emails:
            problems.append(
                Problem(
                    line,
                    "email",
                    _("The same e-mail address is on line %(line)s too.")
                    % {"line": seen_emails[email]},
                )
            )
        if email:
            seen_emails.setdefault(email, line)
        problems.extend(Problem(line, field, message) for field, message in check(row, lookups))
        if progress and index % 50 == 0:
            progress(index)
    if progress:
        progress(len(rows))
    return problems


def _required(row: dict[str, Any], fields: Iterable[str]) -> list[tuple[str, str]]:
    return [(field, _("This field is required.")) for field in fields if not row.get(field)]


def _check_organisation(row: dict[str, Any], lookups: _Lookups) -> list[tuple[str, str]]:
    problems = _required(row, REQUIRED[ImportKind.ORGANISATIONS])
    if row.get("sector") and row["sector"].lower() not in lookups.sectors:
        problems.append(("sector", _("Unknown sector '%(value)s'.") % {"value": row["sector"]}))
    country = row.get("country", "").upper()
    if country and country not in Country.values:
        problems.append(("country", _("Country must be NL or BE.")))
    if row.get("website"):
        try:
            URLValidator()(row["website"])
        except ValidationError:
            problems.append(("website", _("This is not a valid web address.")))
    if len(row.get("name", "")) > 200:
        problems.append(("name", _("At most 200 characters.")))
    return problems


def _check_professional(row: dict[str, Any], lookups: _Lookups) -> list[tuple[str, str]]:
    problems = _required(row, REQUIRED[ImportKind.PROFESSIONALS])
    email = row.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(("email", _("This is not a valid e-mail address.")))
        existing = lookups.professionals.get(row.get("external_id"))
        user_id = lookups.users.get(email)
        if user_id and (existing is None or existing.user_id != user_id):
            problems.append(("email", _("This e-mail address belongs to someone else.")))
        elif existing is not None and existing.user.email.lower() != email:
            # A login address changes only by the person (verified) or a system
            # administrator: an import that could change it could take over the account.
            problems.append(
                (
                    "email",
                    _(
                        "An import does not change a login e-mail address. Ask the person "
                        "to change it, or a system administrator."
                    ),
                )
            )
    if row.get("organisation") and row["organisation"] not in lookups.organisations:
        problems.append(
            (
                "organisation",
                _("No organisation with external id '%(value)s'; import the organisations first.")
                % {"value": row["organisation"]},
            )
        )
    if row.get("hours_per_week"):
        hours = _decimal(row["hours_per_week"])
        if hours is None or not 0 <= hours <= 60:
            problems.append(("hours_per_week", _("Hours per week must be a number from 0 to 60.")))
    for code, level in _split_levels(row.get("expertise", "")):
        if code not in lookups.expertise:
            problems.append(("expertise", _("Unknown expertise '%(value)s'.") % {"value": code}))
        if level not in {"1", "2", "3"}:
            problems.append(
                ("expertise", _("The level of '%(value)s' must be 1, 2 or 3.") % {"value": code})
            )
    for code in _split(row.get("languages", "")):
        if code not in lookups.languages:
            problems.append(
                ("languages", _("Unknown language code '%(value)s'.") % {"value": code})
            )
    return problems


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None


def _split(value: str) -> list[str]:
    return [part.strip().lower() for part in value.replace(",", ";").split(";") if part.strip()]


def _split_levels(value: str) -> list[tuple[str, str]]:
    result = []
    for part in _split(value):
        code, _sep, level = part.partition(":")
        result.append((code.strip(), level.strip() or "2"))
    return result


@transaction.atomic
def apply_rows(
    kind: str, rows: list[dict[str, Any]], network: Network, *, user: User | None = None
) -> tuple[int, int]:
    """Write every row, or (on any error) none. Returns (created, updated)."""
    lookups = _Lookups(network, user)
    created = updated = 0
    apply = _apply_organisation if kind == ImportKind.ORGANISATIONS else _apply_professional
    for row in rows:
        if apply(row, lookups):
            created += 1
        else:
            updated += 1
    return created, updated


def _apply_organisation(row: dict[str, Any], lookups: _Lookups) -> bool:
    organisation = lookups.organisations.get(row["external_id"])
    is_new = organisation is None
    if organisation is None:
        organisation = Organisation(external_id=row["external_id"])
    organisation.name = row["name"]
    organisation.sector = lookups.sectors[row["sector"].lower()]
    organisation.country = row.get("country", "").upper() or lookups.network.country
    organisation.region = row.get("region", "")
    organisation.website = row.get("website", "")
    organisation.full_clean()
    organisation.save()
    lookups.organisations[organisation.external_id] = organisation
    if not NetworkMembership.objects.filter(
        network=lookups.network, organisation=organisation
    ).exists():
        NetworkMembership.objects.create(network=lookups.network, organisation=organisation)
    return is_new


def _apply_professional(row: dict[str, Any], lookups: _Lookups) -> bool:
    professional = lookups.professionals.get(row["external_id"])
    is_new = professional is None
    email = row["email"].lower()
    if professional is None:
        # No password: the professional sets one through "forgot password" and then enrols
        # a second factor, like every new login.
        user = User.objects.create_user(email, None, full_name=row["full_name"])
        professional = Professional(user=user, external_id=row["external_id"])
    else:
        user = professional.user  # the login address stays (checked in the dry run)
        user.full_name = row["full_name"]
        user.save(update_fields=["full_name"])
    RoleGrant.objects.get_or_create(user=user, role=Role.PROFESSIONAL, network=None)
    professional.home_organisation = lookups.organisations[row["organisation"]]
    professional.job_title = row.get("job_title", "")
    professional.phone = row.get("phone", "")
    professional.full_clean()
    professional.save()
    NetworkAssignment.objects.update_or_create(
        professional=professional,
        network=lookups.network,
        defaults={"hours_per_week": _decimal(row.get("hours_per_week") or "0") or Decimal(0)},
    )
    if "expertise" in row:
        professional.expertise_levels.all().delete()
        ProfessionalExpertise.objects.bulk_create(
            ProfessionalExpertise(
                professional=professional, expertise=lookups.expertise[code], level=int(level)
            )
            for code, level in dict(_split_levels(row["expertise"])).items()
        )
    if "languages" in row:
        professional.languages.set([lookups.languages[code] for code in _split(row["languages"])])
    return is_new
