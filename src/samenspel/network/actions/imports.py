"""The import of a CSV/XLSX file: kept, checked in a dry run, then written in one go."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenspel.audit.models import EventType
from samenspel.network import importing
from samenspel.network.actions.common import log_change
from samenspel.network.models import ImportJob, ImportStatus, Network

if TYPE_CHECKING:
    from django.http import HttpRequest

    from samenspel.accounts.models import User


@transaction.atomic
def start_import(
    network: Network,
    *,
    actor: User,
    kind: str,
    file_name: str,
    rows: list[dict[str, Any]],
    request: HttpRequest | None = None,
) -> ImportJob:
    """Keep the parsed rows and start the dry run in the background."""
    from samenspel.network.tasks import check_import

    job = ImportJob.objects.create(
        network=network, kind=kind, file_name=file_name[:255], rows=rows, created_by=actor
    )
    log_change(
        EventType.CREATE,
        "network.import.upload",
        actor=actor,
        request=request,
        obj=job,
        network=network,
        summary=_("File '%(file)s' uploaded for import") % {"file": job.file_name},
        detail={"kind": kind, "rows": len(rows), "file": job.file_name},
    )
    transaction.on_commit(lambda: check_import.enqueue(job.pk))
    return job


@transaction.atomic
def confirm_import(job: ImportJob, *, actor: User, request: HttpRequest | None = None) -> None:
    """The administrator saw a clean dry run and asks to import."""
    from samenspel.network.tasks import run_import

    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED, problems=[]).update(
        status=ImportStatus.IMPORTING, processed=0
    )
    if not claimed:
        raise ValidationError(_("This file cannot be imported (again)."))
    transaction.on_commit(lambda: run_import.enqueue(job.pk))


@transaction.atomic
def commit_import(job: ImportJob, *, actor: User) -> ImportJob:
    """All rows or none: the rows are written and the job marked done in one transaction."""
    created, updated = importing.apply_rows(job.kind, job.rows, job.network, user=job.created_by)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        processed=len(job.rows),
        created_count=created,
        updated_count=updated,
    )
    log_change(
        EventType.CREATE,
        "network.import.commit",
        actor=actor,
        request=None,
        obj=job,
        network=job.network,
        summary=_("File '%(file)s' imported: %(created)s new, %(updated)s updated")
        % {"file": job.file_name, "created": created, "updated": updated},
        detail={"kind": job.kind, "created": created, "updated": updated},
    )
    return job
