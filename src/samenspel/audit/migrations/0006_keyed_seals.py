"""The access log is appended without a lock and sealed afterwards with a keyed chain.

- Events get `xid`, their transaction's id (PostgreSQL; 0 on SQLite, where the id order is
  the commit order). Added with the constant default 0 first, so no existing row is rewritten
  (PostgreSQL stores the default once); the events before this migration keep 0, which every
  real snapshot counts as finished, so the first seal covers them. Then the default becomes
  `pg_current_xact_id()`. An index on it lets the sealer find exactly the transactions that
  finished since the last seal (a range above the last snapshot plus the few it listed as
  running); the values rise, so inserts land at its right edge.
- `previous_hash`/`hash` become the legacy unkeyed chain: kept and still verified for the events
  before this migration, empty afterwards; their unique index goes (it cost every insert).
- `Seal`: one row per sealer run, append-only like the events (the same trigger function).
"""

from django.db import migrations, models

import samenspel.audit.models

ADD_XID_POSTGRES = """
ALTER TABLE audit_accessevent ADD COLUMN xid bigint NOT NULL DEFAULT 0;
ALTER TABLE audit_accessevent ALTER COLUMN xid SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX audit_event_xid_idx ON audit_accessevent (xid);
"""
ADD_XID_SQLITE = 'ALTER TABLE "audit_accessevent" ADD COLUMN "xid" bigint DEFAULT 0 NOT NULL'
DROP_XID = "ALTER TABLE audit_accessevent DROP COLUMN xid"

SEAL_TRIGGER = """
CREATE TRIGGER audit_seal_append_only
    BEFORE UPDATE OR DELETE ON audit_seal
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_refuse_change();
"""
DROP_SEAL_TRIGGER = "DROP TRIGGER IF EXISTS audit_seal_append_only ON audit_seal"


def add_xid(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD_XID_POSTGRES, params=None)
    else:
        schema_editor.execute(ADD_XID_SQLITE, params=None)


def drop_xid(apps, schema_editor):
    schema_editor.execute(DROP_XID, params=None)


def add_seal_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEAL_TRIGGER, params=None)


def drop_seal_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SEAL_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_drop_user_index_covered_by_user_time")]

    operations = [
        migrations.RemoveConstraint(model_name="accessevent", name="audit_event_hash_unique"),
        migrations.AlterField(
            model_name="accessevent",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="accessevent",
            name="previous_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="accessevent",
                    name="xid",
                    field=models.BigIntegerField(
                        db_default=samenspel.audit.models.TransactionId(), editable=False
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_xid, drop_xid)],
        ),
        migrations.CreateModel(
            name="Seal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sealed_at", models.DateTimeField(verbose_name="sealed at")),
                ("key_id", models.CharField(max_length=64, verbose_name="key")),
                ("snapshot", models.TextField()),
                ("event_count", models.BigIntegerField()),
                ("first_event_id", models.BigIntegerField(null=True)),
                ("last_event_id", models.BigIntegerField(null=True)),
                ("previous_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "access log seal",
                "verbose_name_plural": "access log seals",
                "ordering": ["id"],
            },
        ),
        migrations.RunPython(add_seal_trigger, drop_seal_trigger),
    ]
