"""The task the worker drill enqueues: it writes one row per run, so a task run twice shows
up as two rows with the same key (no unique constraint hides a duplicate)."""

import os

from django.db import connection
from django.tasks import task


@task()
def mark(key: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO drill_task_run (key, worker_pid) VALUES (%s, %s)", [key, os.getpid()]
        )
