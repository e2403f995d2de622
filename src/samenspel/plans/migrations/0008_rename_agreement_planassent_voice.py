"""`plans.Agreement` becomes `PlanAssent` (issue 13): a member's assent to a plan version no
longer shares its name with `network.Agreement`. The rows stay (the table is renamed); the
constraint names stay as they were."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_text_limits_security"),
    ]

    operations = [
        migrations.RenameModel(old_name="Agreement", new_name="PlanAssent"),
        migrations.AlterField(
            model_name="planassent",
            name="version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="assents",
                to="plans.planversion",
            ),
        ),
    ]
