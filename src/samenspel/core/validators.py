"""What every form accepts as text and dates, in one place (issue 21, ASVS 5.1).

`core.forms.SafeForm` and `SafeModelForm` (the base of every form in the product) apply these
to each field, so a new form cannot forget them:

- text: no control characters (C0/C1 but tab and line breaks) and no bidirectional overrides
  or isolates (U+202A to U+202E, U+2066 to U+2069, "Trojan Source"): a name with an override shows
  reversed in a header, a log or a mail; and a maximum length on every text, so a text area
  cannot be used to store megabytes;
- dates: plausible, so a typo (year 20025, a birth date in 1066) is a field error rather than
  a record that sorts and ages wrongly.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Longest text a form takes when its field names no length itself: a text area (a report, a
# plan's words) and a single line.
TEXT_AREA_MAX = 10_000
LINE_MAX = 500

UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

EARLIEST = datetime.date(1900, 1, 1)
# How far ahead a date may lie: agreements, consents and reviews are planned years ahead,
# never decades.
YEARS_AHEAD = 10

# Dates of something that has happened: a birth, a Meldcode step, an observation in the
# journal. By field name, as every form names them so.
PAST_DATE_FIELDS = frozenset({"date_of_birth", "birth_date", "done_on", "observed_on"})


# Ids are bigints in the database.
BIGINT_MAX = 2**63 - 1


def whole_number(value: object, maximum: int = BIGINT_MAX) -> int | None:
    """`value` (a query or form value, a file's cell) as a whole number of at most `maximum`,
    or None. Only ASCII digits count: `str.isdigit()` is also true for "²" and other
    digits that `int()` refuses, which made `int(value) if value.isdigit()` a server error."""
    text = value.strip() if isinstance(value, str) else ""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= maximum else None


def validate_plain_text(value: object) -> None:
    if isinstance(value, str) and UNSAFE_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "This text contains an invisible control character (for example one that "
                "reverses the reading direction). Remove it and try again."
            ),
            code="control_character",
        )


def latest_date() -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


@deconstructible
class PlausibleDate:
    """A date from 1900 up to ten years ahead; with `past=True` not after today."""

    def __init__(self, *, past: bool = False) -> None:
        self.past = past

    def __call__(self, value: object) -> None:
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        if not isinstance(value, datetime.date):
            return
        if value < EARLIEST:
            raise ValidationError(
                _("This date lies before %(date)s; check the year.")
                % {"date": date_format(EARLIEST, "j F Y")},
                code="date_too_early",
            )
        if self.past and value > timezone.localdate():
            raise ValidationError(_("This date cannot be in the future."), code="date_in_future")
        if value > latest_date():
            raise ValidationError(
                _("This date lies more than %(years)s years ahead; check the year.")
                % {"years": YEARS_AHEAD},
                code="date_too_late",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlausibleDate) and other.past == self.past

    def __hash__(self) -> int:
        return hash(self.past)
