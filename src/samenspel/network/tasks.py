"""Background work of the network: checking and importing uploaded files, so that a large
file does not hold up a request and its page can show progress."""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils.translation import gettext as _

from samenspel.network import importing
from samenspel.network.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


@task()
def check_import(job_id: int) -> None:
    """The dry run: every problem by line, field and message; nothing is written."""
    job = ImportJob.objects.select_related("network", "created_by").get(pk=job_id)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed=done)

    problems = importing.check_rows(
        job.kind, job.rows, job.network, user=job.created_by, progress=progress
    )
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.CHECKED,
        processed=len(job.rows),
        problems=[problem.as_dict() for problem in problems],
    )


@task()
def run_import(job_id: int) -> None:
    """Write the checked file, all rows or none."""
    from samenspel.network.actions import commit_import

    job = ImportJob.objects.select_related("network", "created_by").get(pk=job_id)
    try:
        commit_import(job, actor=job.created_by)
    except Exception as error:  # any failure: the job must not stay "importing" forever
        # Nothing was written (one transaction); say why on the job's page.
        logger.exception("import %s failed", job_id)
        message = "; ".join(getattr(error, "messages", [])) or _(
            "The import stopped on an unexpected error; nothing was imported."
        )
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            problems=[{"line": 0, "field": "", "message": message}],
        )
