"""A readable comparison of two agreement versions: which fields changed, and the text's
changes line by line (added, removed, unchanged)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from samenspel.network.models import AgreementVersion


@dataclass(frozen=True)
class FieldChange:
    label: str | Promise
    old: str
    new: str


@dataclass(frozen=True)
class TextLine:
    kind: str  # "added", "removed" or "same"
    text: str


def _date(value: object) -> str:
    return date_format(value) if value else "—"  # type: ignore[arg-type]


def _names(objects: object) -> str:
    return ", ".join(sorted(str(item) for item in objects.all())) or "—"  # type: ignore[attr-defined]


def field_changes(old: AgreementVersion, new: AgreementVersion) -> list[FieldChange]:
    fields = [
        (_("Title"), old.title, new.title),
        (_("Status"), old.get_status_display(), new.get_status_display()),
        (_("Owner"), str(old.owner or "—"), str(new.owner or "—")),
        (_("Parties"), _names(old.parties), _names(new.parties)),
        (_("Valid from"), _date(old.valid_from), _date(new.valid_from)),
        (_("Valid until"), _date(old.valid_until), _date(new.valid_until)),
        (_("Next review"), _date(old.next_review_on), _date(new.next_review_on)),
        (_("Glossary terms"), _names(old.terms), _names(new.terms)),
    ]
    return [FieldChange(label, a, b) for label, a, b in fields if a != b]


def text_changes(old: str, new: str) -> list[TextLine]:
    lines = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        marker, text = line[:2], line[2:]
        if marker == "+ ":
            lines.append(TextLine("added", text))
        elif marker == "- ":
            lines.append(TextLine("removed", text))
        elif marker == "  ":
            lines.append(TextLine("same", text))
    return lines
