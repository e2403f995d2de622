from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samenspel.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo network, families and logins (idempotent). Demo databases only."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("The demo data loads only in demo mode (`samenspel demo`).")
        users = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {len(users)} logins."))
