"""Queue today's round reminders (schedule once a day; idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from samenspel.collaboration.tasks import remind_due_rounds, remind_process_reviews


class Command(BaseCommand):
    help = (
        "Remind everyone who has not answered a round that closes within three days, and "
        "the coordinators of a process review that is due."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="run as if it were this day (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        for job in (remind_due_rounds, remind_process_reviews):
            result = job.enqueue(options.get("date"))
            self.stdout.write(f"queued {result.id}")
