"""The sealer in the task worker: seals, exports the head, and schedules its next run.

The worker runs `seal_access_log` every AUDIT_SEAL_SECONDS: each run schedules the next one
(unless one is already waiting), and `migrate` starts the round (`apps.py`), so every deploy
and `samenspel demo` has it going. Backends that cannot defer (the tests' immediate backend)
run it once per call instead of scheduling.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)


@task
def seal_access_log() -> int | None:
    """One run of the sealer; returns the new seal's id (None: nothing new to seal)."""
    from samenspel.audit.heads import Head, export_head
    from samenspel.audit.seal import seal_pending

    try:
        seal = seal_pending()
        if seal is not None:
            export_head(Head.of(seal))
    finally:
        schedule_sealer()
    return seal.pk if seal is not None else None


def schedule_sealer() -> bool:
    """Put the next sealer run in the queue, unless the backend cannot wait or one is there."""
    if not seal_access_log.get_backend().supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    runs = DBTaskResult.objects.filter(task_path=seal_access_log.module_path)
    # A run every few seconds: keep a day of finished runs, not years of them (failed ones
    # stay for whoever looks into them).
    runs.filter(status="SUCCESSFUL", finished_at__lt=timezone.now() - timedelta(days=1)).delete()
    if runs.filter(status="READY").exists():
        return False
    run_after = timezone.now() + timedelta(seconds=settings.AUDIT_SEAL_SECONDS)
    seal_access_log.using(run_after=run_after).enqueue()
    return True
