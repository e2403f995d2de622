"""One life-domain concept (issue 19): the walk-along journal's own list of 14 life domains
with English codes gives way to *the* life domains, the current ZRM's (plans.life_domains()).
Every entry keeps its domain: the English code becomes the ZRM 2017 code of the same domain;
"parenting", which the ZRM 2017 lacks, becomes the extra domain "opvoeding" (added unscored by
plans/0008). An unknown value is left as it was (nothing is dropped)."""

from django.db import migrations, models

TO_ZRM = {
    "finances": "financien",
    "work": "werk-opleiding",
    "time_use": "tijdsbesteding",
    "housing": "huisvesting",
    "domestic_relations": "huiselijke-relaties",
    "mental_health": "geestelijke-gezondheid",
    "physical_health": "lichamelijke-gezondheid",
    "substance_use": "middelengebruik",
    "basic_adl": "basale-adl",
    "instrumental_adl": "instrumentele-adl",
    "social_network": "sociaal-netwerk",
    "participation": "maatschappelijke-participatie",
    "justice": "justitie",
    "parenting": "opvoeding",
}


def _rename(apps, mapping):
    Observation = apps.get_model("trajectories", "Observation")
    for old, new in mapping.items():
        Observation.objects.filter(life_domain=old).update(life_domain=new)


def forwards(apps, schema_editor):
    _rename(apps, TO_ZRM)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in TO_ZRM.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0012_text_limits_security"),
        ("plans", "0008_life_domain_opvoeding_housea"),
    ]

    operations = [
        migrations.AlterField(
            model_name="observation",
            name="life_domain",
            field=models.CharField(max_length=60, verbose_name="life domain"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
