from django.core.management.base import BaseCommand, CommandError

from samenspel.audit.heads import export_head, head_path, last_exported_head
from samenspel.audit.verify import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the access log (legacy links, every keyed seal, the last exported head), print "
        "its head and export it outside the database."
    )

    def handle(self, *args: object, **options: object) -> None:
        exported = last_exported_head()
        report = verify_chain(exported_head=exported)
        if report.head is not None:
            self.stdout.write(
                f"Head: seal {report.head.seal_id} {report.head.hash} "
                f"(events up to {report.head.last_event_id})."
            )
        if exported is not None:
            self.stdout.write(f"Checked against the exported head: seal {exported.seal_id}.")
        if not report.intact:
            raise CommandError(
                f"Access log broken at event {report.broken_at}: {report.problem} "
                f"({report.checked} events before it are intact)."
            )
        if report.head is not None:
            path = export_head(report.head)
            self.stdout.write(
                f"Head exported to {path}." if path else f"Head NOT exported to {head_path()}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Access log intact: {report.checked} events in {report.seals} seals; "
                f"{report.pending} not sealed yet."
            )
        )
