"""One life-domain concept (issue 19): the walk-along journal files its entries under the
current ZRM's domains too. Its old list had one domain the ZRM 2017 lacks, "parenting"; so
that no entry loses its domain, the ZRM 2017 version gets Opvoeding as an extra life domain,
marked as not scored (an assessment never asks for it; goals, notes and journal entries may
be filed under it)."""

from django.db import migrations, models

EXTRA = ("opvoeding", "Opvoeding")


def add(apps, schema_editor):
    Version = apps.get_model("plans", "InstrumentVersion")
    Domain = apps.get_model("plans", "InstrumentDomain")
    for version in Version.objects.filter(instrument__code="zrm-2017"):
        last = version.domains.order_by("-position").first()
        Domain.objects.get_or_create(
            version=version,
            code=EXTRA[0],
            defaults={
                "name": EXTRA[1],
                "level": "member",
                "position": (last.position + 1) if last else 0,
                "scored": False,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("plans", "InstrumentDomain").objects.filter(
        version__instrument__code="zrm-2017", code=EXTRA[0], scored=False
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_text_limits_security")]

    operations = [
        migrations.AddField(
            model_name="instrumentdomain",
            name="scored",
            field=models.BooleanField(default=True, verbose_name="scored in an assessment"),
        ),
        migrations.RunPython(add, remove),
    ]
