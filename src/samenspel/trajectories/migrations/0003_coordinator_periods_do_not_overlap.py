"""Exactly one coordinator at any moment, in the database where it can be: on PostgreSQL an
exclusion constraint refuses two coordinator places of one trajectory whose periods overlap
(an open end counts as infinity). SQLite has no exclusion constraints; there the partial
unique index of 0002 and the locked check in `trajectories.actions` hold the rule."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE trajectories_careteammembership
    ADD CONSTRAINT traj_team_coordinator_no_overlap
    EXCLUDE USING gist (
        trajectory_id WITH =,
        daterange(valid_from, valid_until, '[]') WITH &&
    ) WHERE (role = 'coordinator');
"""
DROP = """
ALTER TABLE trajectories_careteammembership DROP CONSTRAINT IF EXISTS traj_team_coordinator_no_overlap;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("trajectories", "0002_care_team_meetings_handover_closure")]

    operations = [migrations.RunPython(forwards, backwards)]
