"""Queue the daily reminder run: evaluations coming up or overdue, and follow-up checks due
after closure. Schedule once a day (cron or a systemd timer); running it twice sends
nothing twice."""

from typing import Any

from django.core.management.base import BaseCommand

from samenspel.trajectories.tasks import run_daily


class Command(BaseCommand):
    help = "Queue today's evaluation reminders and follow-up checks (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="run as if it were this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = run_daily.enqueue(options.get("date"))
        self.stdout.write(f"queued {result.id}")
