from django.core.management.base import BaseCommand, CommandParser

from samenspel.audit.heads import Head, export_head
from samenspel.audit.seal import seal_pending
from samenspel.audit.tasks import schedule_sealer


class Command(BaseCommand):
    help = (
        "Seal the access events committed since the last seal (what the worker does every few "
        "seconds) and export the head; --schedule puts the worker's sealer in the queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule", action="store_true", help="start the worker's sealer round"
        )

    def handle(self, *args: object, schedule: bool = False, **options: object) -> None:
        if schedule:
            started = schedule_sealer()
            self.stdout.write("Sealer scheduled." if started else "Sealer already scheduled.")
            return
        seal = seal_pending()
        if seal is None:
            self.stdout.write("Nothing to seal.")
            return
        export_head(Head.of(seal))
        self.stdout.write(
            self.style.SUCCESS(
                f"Seal {seal.pk}: {seal.event_count} events "
                f"(ids {seal.first_event_id} to {seal.last_event_id}), {seal.hash}."
            )
        )
