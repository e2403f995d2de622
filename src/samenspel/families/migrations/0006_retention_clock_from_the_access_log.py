"""Recompute the retention clock from the access log: until now only changes in the families
app moved `Family.changed_at`, so plans, evaluations, journal notes, meetings and closures
did not, and files fell due years early (Jeugdwet 7.3.8: 20 years after the last change).

The last allowed change event about each family is its last change. The keeping date of a
family whose clock moves is emptied: an empty date is never due, and the daily retention
review (`review_retention`) computes it again with the network's rule."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

CHANGES = ["create", "update", "delete"]
# Decisions about keeping the file, not changes to what it holds (families.retention).
NOT_A_CHANGE = [
    "families.family.destruction_proposed",
    "families.family.destruction_cancelled",
    "families.family.destruction_refused",
    "families.family.destroy",
    "access.break_glass.review",
]


def recompute(apps, schema_editor):
    Family = apps.get_model("families", "Family")
    AccessEvent = apps.get_model("audit", "AccessEvent")
    last_change = (
        AccessEvent.objects.filter(
            family_id=OuterRef("pk"), event_type__in=CHANGES, outcome="allowed"
        )
        .exclude(action__in=NOT_A_CHANGE)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    Family.objects.filter(changed_at__lt=Subquery(last_change)).update(
        changed_at=Subquery(last_change), retain_until=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0005_destruction_four_eyes"),
        ("audit", "0005_drop_user_index_covered_by_user_time"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
