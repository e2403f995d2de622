"""Load the instruments (barometer, value questions, twelve components …) from their data
files: the shipped ones, then the deployment's own (SAMENSPEL_INSTRUMENT_DIRS). Idempotent."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from samenspel.collaboration.loader import instrument_dirs, load_instruments


class Command(BaseCommand):
    help = "Load collaboration instruments from TOML files (shipped, then the deployment's)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folders", nargs="*", help="extra folders with *.toml files")

    def handle(self, *args: Any, **options: Any) -> None:
        dirs = instrument_dirs() + [Path(folder) for folder in options["folders"]]
        try:
            results = load_instruments(dirs)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for result in results:
            mark = "current" if result.current else "kept"
            state = "new" if result.created else "unchanged or updated"
            self.stdout.write(f"{result.code} {result.version}: {state}, {mark}")
