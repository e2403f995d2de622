"""A family member's national number, by the country of the family's network (DOMAIN.md §6):
the Dutch citizen service number (BSN, nine digits, the eleven test) or the Belgian
rijksregisternummer (eleven digits: birth date, serial number, two check digits modulo 97;
for people born from 2000 on the check is computed with a 2 in front). Stored in the same
encrypted field; the words differ per country through the nl-be catalogue."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = str.maketrans("", "", " .-")


def national_number(value: str, country: str) -> str:
    """The number as stored (digits only), or a ValidationError on the field `bsn`."""
    if country == "BE":
        return _rijksregisternummer(value)
    return _bsn(value)


def _bsn(value: str) -> str:
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) == 9):
        raise ValidationError({"bsn": _("A citizen service number has nine digits.")})
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    if (total - int(digits[8])) % 11:
        raise ValidationError({"bsn": _("This is not a valid citizen service number.")})
    return digits


def _rijksregisternummer(value: str) -> str:
    digits = value.strip().translate(_SEPARATORS)
    if not (digits.isascii() and digits.isdigit() and len(digits) == 11):
        raise ValidationError(
            {"bsn": _("A national register number has eleven digits (dots and dashes allowed).")}
        )
    base, check = int(digits[:9]), int(digits[9:])
    if check not in (97 - base % 97, 97 - int("2" + digits[:9]) % 97):
        raise ValidationError({"bsn": _("This is not a valid national register number.")})
    return digits
