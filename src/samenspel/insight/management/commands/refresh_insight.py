from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samenspel.insight.tasks import refresh_insight_figures


class Command(BaseCommand):
    help = "Rebuild the pre-aggregated insight figures (enqueued, or --now in this process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--network", type=int, default=None)
        parser.add_argument("--now", action="store_true", help="Run here instead of enqueueing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            done = refresh_insight_figures.call(options["network"])
            self.stdout.write(f"{done} network(s) refreshed")
        else:
            result = refresh_insight_figures.enqueue(options["network"])
            self.stdout.write(f"enqueued {result.id}")
