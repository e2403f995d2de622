"""The folded search key for search before create, trigram-indexed on PostgreSQL."""

from django.db import migrations, models


def create_trigram_index(apps, schema_editor):
    # Search before create: Family.search_key %> 'name' (trigram word similarity).
    # pg_trgm is a trusted extension (PostgreSQL 13+), so the application role may create it.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS families_family_search_trgm "
        "ON families_family USING gin (search_key gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS families_family_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0002_family_file_registration_consent"),
    ]

    operations = [
        migrations.AddField(
            model_name="family",
            name="search_key",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
