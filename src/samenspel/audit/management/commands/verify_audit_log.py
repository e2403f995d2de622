from django.core.management.base import BaseCommand, CommandError

from samenspel.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Check the access log's hash chain and report the first broken link."

    def handle(self, *args: object, **options: object) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Access log broken at event {report.broken_at}: {report.problem} "
                f"({report.checked} events before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {report.checked} events."))
