from django.core.management.base import BaseCommand

from samenspel.knowledge.tasks import send_weekly_digest


class Command(BaseCommand):
    help = "Send this week's knowledge hub digest (idempotent: once per person and week)."

    def handle(self, *args: object, **options: object) -> None:
        sent = send_weekly_digest.call()
        self.stdout.write(f"{sent} digest(s) sent")
