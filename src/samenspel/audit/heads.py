"""The log's head (last seal id and hash), exported outside the database.

Whoever can write to the database could remove the newest seals with their events and leave a
shorter log that still verifies; the exported head shows that it was longer. Every seal run of
the worker and every verification writes the head here (`head.json`, and one line a head in
`heads.jsonl`), one pair of files per database. In production the directory belongs to
another OS user than the application (docs/ARCHITECTURE.md): then the scheduled
`verify_audit_log`, run as that user, exports, and the application cannot rewrite it.
An export never replaces a newer head with an older one: the older one is the evidence.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.utils import timezone

if TYPE_CHECKING:
    from samenspel.audit.models import Seal

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Head:
    seal_id: int
    hash: str
    last_event_id: int | None = None
    sealed_at: str = ""
    # The seal's Merkle root: an inclusion proof (`audit/proof.py`) ends at it, so whoever
    # keeps the exported heads can check a proof without the database or the key.
    merkle_root: str = ""

    @classmethod
    def of(cls, seal: Seal) -> Head:
        return cls(
            seal.pk, seal.hash, seal.last_event_id, seal.sealed_at.isoformat(), seal.merkle_root
        )


def _database_name() -> str:
    params = connection.settings_dict
    where = f"{connection.vendor}:{params.get('HOST', '')}:{params.get('PORT', '')}"
    name = str(params.get("NAME", ""))
    fingerprint = hashlib.sha256(f"{where}:{name}".encode()).hexdigest()[:10]
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name).stem if "/" in name else name)
    return f"{connection.vendor}-{readable[:40]}-{fingerprint}"


def head_path() -> Path:
    return Path(settings.AUDIT_HEAD_DIR) / f"{_database_name()}.head.json"


def last_exported_head() -> Head | None:
    try:
        data = json.loads(head_path().read_text())
    except FileNotFoundError:
        return None
    return Head(
        seal_id=int(data["seal_id"]),
        hash=str(data["hash"]),
        last_event_id=data.get("last_event_id"),
        sealed_at=str(data.get("sealed_at", "")),
        merkle_root=str(data.get("merkle_root", "")),
    )


def exported_heads() -> dict[int, Head]:
    """Every head exported to this directory's history (`.head.jsonl`), by seal id."""
    heads: dict[int, Head] = {}
    try:
        lines = head_path().with_suffix(".jsonl").read_text().splitlines()
    except FileNotFoundError:
        return heads
    for line in lines:
        try:
            data = json.loads(line)
            heads[int(data["seal_id"])] = Head(
                seal_id=int(data["seal_id"]),
                hash=str(data["hash"]),
                last_event_id=data.get("last_event_id"),
                sealed_at=str(data.get("sealed_at", "")),
                merkle_root=str(data.get("merkle_root", "")),
            )
        except (ValueError, KeyError, TypeError):
            continue  # a torn line: the others still count
    return heads


def export_head(head: Head) -> Path | None:
    """Write `head` unless an exported one is newer; None when it was not written."""
    path = head_path()
    try:
        exported = last_exported_head()
        if exported is not None and exported.seal_id > head.seal_id:
            logger.warning(
                "access log head not exported: seal %s is older than the exported seal %s",
                head.seal_id,
                exported.seal_id,
            )
            return None
        if exported == head:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({**asdict(head), "exported_at": timezone.now().isoformat()})
        with path.with_suffix(".jsonl").open("a") as history:
            history.write(line + "\n")
        partial = path.with_suffix(".tmp")
        partial.write_text(line + "\n")
        os.replace(partial, path)  # atomic: a reader sees the old head or the new one
    except PermissionError as error:
        # Expected for the worker in production: another OS user owns the directory and
        # exports from its scheduled verification.
        logger.debug("access log head not exported to %s: %s", path, error)
        return None
    except OSError as error:
        logger.warning("access log head not exported to %s: %s", path, error)
        return None
    return path
