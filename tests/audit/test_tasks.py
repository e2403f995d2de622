"""The worker's sealer: seals, exports the head, and queues its own next run."""

import pytest

from samenspel import audit
from samenspel.audit.heads import Head, export_head, last_exported_head
from samenspel.audit.models import EventType, Seal
from samenspel.audit.tasks import schedule_sealer, seal_access_log

pytestmark = pytest.mark.django_db


def _event():
    audit.record(EventType.READ, "families.family.read", actor=None, family_id=1)


def test_the_task_seals_and_exports_the_head():
    _event()

    result = seal_access_log.enqueue()  # the tests' backend runs it at once

    seal = Seal.objects.get()
    assert result.return_value == seal.pk
    assert last_exported_head() == Head(
        seal.pk, seal.hash, seal.last_event_id, seal.sealed_at.isoformat(), seal.merkle_root
    )
    assert len(last_exported_head().merkle_root) == 64  # a proof can be checked against it


def test_a_backend_that_cannot_wait_does_not_schedule():
    assert schedule_sealer() is False


def test_the_worker_gets_one_sealer_in_its_queue(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    assert schedule_sealer() is True
    assert schedule_sealer() is False  # one is waiting already
    waiting = DBTaskResult.objects.get()
    assert waiting.task_path == seal_access_log.module_path
    assert waiting.run_after is not None


def test_an_older_head_never_replaces_a_newer_one():
    export_head(Head(5, "b" * 64))
    assert export_head(Head(4, "a" * 64)) is None
    assert last_exported_head().seal_id == 5
    path = export_head(Head(6, "c" * 64))
    assert path is not None
    lines = path.with_suffix(".jsonl").read_text().splitlines()
    assert len(lines) == 2  # 5 and 6: every export is kept


def test_an_unwritable_head_directory_is_reported_not_raised(settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.AUDIT_HEAD_DIR = blocker / "heads"

    assert export_head(Head(1, "a" * 64)) is None


def test_finished_runs_older_than_a_day_are_pruned(settings):
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    schedule_sealer()
    old = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=old.pk).update(
        status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=2)
    )

    assert schedule_sealer() is True
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.get().status == "READY"
