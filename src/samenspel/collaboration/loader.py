"""Loading instruments from data files (TOML) into the database.

The files shipped in `collaboration/instruments/` hold reconstructed working texts. A
deployment that holds licensed or its own texts keeps them outside the repository and names
their folder(s) in `SAMENSPEL_INSTRUMENT_DIRS` (separated by ":"); those files are read after
the shipped ones, so for the same instrument code the deployment's version becomes current.

A loaded version is immutable once anyone answered it: changed texts need a new `version`,
otherwise old answers would silently change meaning.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.collaboration.models import (
    Answer,
    ComponentScore,
    Instrument,
    InstrumentItem,
    ItemKind,
    Level,
)

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"
ITEM_FIELDS = (
    "position",
    "section",
    "text",
    "help_text",
    "kind",
    "scale",
    "required",
    "with_comment",
    "deliverable",
)


def instrument_dirs() -> list[Path]:
    configured = getattr(settings, "COLLABORATION_INSTRUMENT_DIRS", None)
    if configured is None:
        raw = os.environ.get("SAMENSPEL_INSTRUMENT_DIRS", "")
        configured = [part for part in raw.split(":") if part.strip()]
    return [SHIPPED_DIR, *(Path(path) for path in configured)]


@dataclass(frozen=True)
class LoadResult:
    code: str
    version: str
    created: bool
    current: bool


def parse_file(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The instrument's fields and its items, validated; raises ValidationError naming the
    file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValidationError(f"{path}: {error}") from error
    for key in ("code", "version", "level", "name", "items"):
        if key not in data:
            raise ValidationError(f"{path}: '{key}' is missing")
    if data["level"] not in Level.values:
        raise ValidationError(f"{path}: unknown level {data['level']!r}")
    scales: dict[str, list[list[Any]]] = data.get("scales", {})
    items = []
    for position, raw in enumerate(data["items"], start=1):
        kind = raw.get("kind", ItemKind.SCALE if "scale" in raw else ItemKind.TEXT)
        if kind not in ItemKind.values:
            raise ValidationError(f"{path}: item {raw.get('code')!r} has unknown kind {kind!r}")
        scale: list[list[Any]] = []
        if kind == ItemKind.SCALE:
            scale = scales.get(raw.get("scale", ""), [])
            if len(scale) < 2 or any(not isinstance(v, int) for v, _label in scale):
                raise ValidationError(f"{path}: item {raw.get('code')!r} needs a scale")
        items.append(
            {
                "code": raw["code"],
                "position": position,
                "section": raw.get("section", ""),
                "text": raw["text"],
                "help_text": raw.get("help_text", ""),
                "kind": kind,
                "scale": [[int(v), str(label)] for v, label in scale],
                "required": bool(raw.get("required", kind == ItemKind.SCALE)),
                "with_comment": bool(raw.get("with_comment", False)),
                "deliverable": raw.get("deliverable", ""),
            }
        )
    fields = {
        "level": data["level"],
        "name": data["name"],
        "description": data.get("description", ""),
        "source": data.get("source", ""),
        "licence_note": data.get("licence_note", ""),
        "for_rounds": bool(data.get("for_rounds", False)),
    }
    return {"code": data["code"], "version": str(data["version"]), **fields}, items


@transaction.atomic
def load_instruments(dirs: list[Path] | None = None) -> list[LoadResult]:
    """Load every `*.toml` of the given folders (default: shipped, then the deployment's).
    Idempotent: loading the same files twice changes nothing."""
    parsed = []
    for folder in dirs if dirs is not None else instrument_dirs():
        if not folder.is_dir():
            raise ValidationError(f"{folder}: not a folder")
        parsed += [(path, *parse_file(path)) for path in sorted(folder.glob("*.toml"))]
    # The last file read for a code names its current version (the deployment's wins).
    current = {head["code"]: head["version"] for _path, head, _items in parsed}
    results = []
    for path, head, items in parsed:
        _instrument, created = _store(path, head, items)
        results.append(LoadResult(head["code"], head["version"], created, False))
    for code, version in current.items():
        Instrument.objects.filter(code=code).exclude(version=version).update(is_current=False)
        Instrument.objects.filter(code=code, version=version).update(is_current=True)
    audit.record(
        EventType.UPDATE,
        "collaboration.instruments.load",
        actor=None,
        detail={"loaded": [f"{r.code}@{r.version}" for r in results]},
    )
    return [LoadResult(r.code, r.version, r.created, current[r.code] == r.version) for r in results]


def _store(
    path: Path, head: dict[str, Any], items: list[dict[str, Any]]
) -> tuple[Instrument, bool]:
    fields = {k: v for k, v in head.items() if k not in ("code", "version")}
    instrument = Instrument.objects.filter(code=head["code"], version=head["version"]).first()
    created = instrument is None
    if instrument is None:
        instrument = Instrument.objects.create(
            code=head["code"], version=head["version"], is_current=False, **fields
        )
    existing = {item.code: item for item in instrument.items.all()}
    same = set(existing) == {i["code"] for i in items} and all(
        getattr(existing[i["code"]], f) == i[f] for i in items for f in ITEM_FIELDS
    )
    if not same and not created and _answered(instrument):
        raise ValidationError(
            f"{path}: {head['code']} {head['version']} has answers already; "
            "give the changed texts a new version"
        )
    for name, value in fields.items():
        setattr(instrument, name, value)
    instrument.loaded_from, instrument.loaded_at = str(path), timezone.now()
    instrument.save()
    if not same:
        instrument.items.exclude(code__in=[i["code"] for i in items]).delete()
        for item in items:
            InstrumentItem.objects.update_or_create(
                instrument=instrument,
                code=item["code"],
                defaults={f: item[f] for f in ITEM_FIELDS},
            )
    return instrument, created


def _answered(instrument: Instrument) -> bool:
    return (
        Answer.objects.filter(item__instrument=instrument).exists()
        or ComponentScore.objects.filter(item__instrument=instrument).exists()
    )
