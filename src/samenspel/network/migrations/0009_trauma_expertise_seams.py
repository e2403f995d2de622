"""Reference data: trauma treatment as an expertise (issue 12, seed 002: the 14-year-old who
starts with judo before trauma treatment needs a therapist the referrer can find and ask)."""

from django.db import migrations

TRAUMA = ("trauma", "Traumabehandeling", "Behandeling na ingrijpende gebeurtenissen (bijvoorbeeld EMDR of traumagerichte cognitieve gedragstherapie).")


def add_trauma(apps, schema_editor):
    expertise = apps.get_model("network", "Expertise")
    code, name, description = TRAUMA
    last = expertise.objects.order_by("-position").values_list("position", flat=True).first()
    expertise.objects.get_or_create(
        code=code,
        defaults={"name": name, "description": description, "position": (last or 0) + 1},
    )


def remove_trauma(apps, schema_editor):
    expertise = apps.get_model("network", "Expertise")
    levels = apps.get_model("network", "ProfessionalExpertise")
    if not levels.objects.filter(expertise__code=TRAUMA[0]).exists():
        expertise.objects.filter(code=TRAUMA[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0008_deployment_wide_changes"),
    ]

    operations = [migrations.RunPython(add_trauma, remove_trauma)]
