"""One network's overdue evaluations (the coordinator's network view: its list and count)
found in a partial index of the open trajectories by (network, next evaluation), instead of
intersecting the network's trajectories with every overdue one in the country (26,000 at
1,000,000 families)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0005_open_places_index_only"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="trajectory",
            index=models.Index(
                condition=models.Q(("phase", "closed"), _negated=True),
                fields=["network", "next_evaluation_on"],
                name="traj_network_overdue_idx",
            ),
        ),
    ]
