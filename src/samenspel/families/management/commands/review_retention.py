from django.core.management.base import BaseCommand

from samenspel.families.retention import review_retention


class Command(BaseCommand):
    help = "Queue the daily retention review (run it from the deployment's scheduler)."

    def handle(self, *args: object, **options: object) -> None:
        result = review_retention.enqueue()
        self.stdout.write(f"queued retention review {result.id}")
