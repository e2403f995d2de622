"""Counting a professional's open places (the network view's caseloads, the team matching
shortlist) without a heap visit per place: the place index covers the columns the count
reads (PostgreSQL; SQLite ignores INCLUDE), and a partial index of the open trajectories
answers "is this trajectory open?" on its own. The covering index is built before the one it
replaces is dropped, so the access policy is never without one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0004_closure_final_measures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="careteammembership",
            index=models.Index(
                fields=["professional", "valid_until"],
                include=("valid_from", "trajectory"),
                name="traj_team_prof_open_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="careteammembership",
            name="traj_team_prof_idx",
        ),
        migrations.AddIndex(
            model_name="trajectory",
            index=models.Index(
                condition=models.Q(("closed_on__isnull", True)),
                fields=["id"],
                name="traj_open_idx",
            ),
        ),
    ]
