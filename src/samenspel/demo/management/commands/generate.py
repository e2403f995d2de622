from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from samenspel.demo.generate import BATCH_SIZE, generate


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic families at national scale for benchmarks "
        "(resumable; PostgreSQL uses COPY). Never on a database with real families."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--families", type=int, required=True, help="how many families")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--professionals",
            type=int,
            default=0,
            help="how many professionals (default: one per 50 families; first run only)",
        )
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            help="required outside the demo: this writes synthetic people into the database",
        )

    def handle(self, *args: object, **options: object) -> None:
        families = int(options["families"])  # type: ignore[call-overload]
        if families < 1:
            raise CommandError("--families must be at least 1.")
        if not settings.DEMO_MODE and not options["i_know_this_is_not_production"]:
            raise CommandError(
                "This writes synthetic people into the configured database. Use a scratch "
                "database and pass --i-know-this-is-not-production."
            )
        result = generate(
            families,
            batch_size=int(options["batch_size"]),  # type: ignore[call-overload]
            professionals=int(options["professionals"]) or None,  # type: ignore[call-overload]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['families']:,.0f} families written ({result['skipped_families']:,.0f} "
                f"already there) on {connection.vendor}: {result['families_per_second']:,.0f} "
                f"families/s, {result['rows_per_second']:,.0f} rows/s."
            )
        )
