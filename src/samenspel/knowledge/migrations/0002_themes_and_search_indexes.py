"""The four SAMEN themes (source 003) as default data, and the PostgreSQL indexes the search
reads: Dutch full text and trigrams over the search document (no-ops on SQLite)."""

from django.db import migrations

THEMES = [
    (
        "gezinnen-in-kwetsbare-omstandigheden",
        "Gezinnen in kwetsbare omstandigheden",
        "Hulp en steun voor gezinnen die op meerdere gebieden tegelijk vastlopen.",
    ),
    (
        "normaliseren",
        "Normaliseren",
        "Gewone opvoedvragen gewoon houden: niet alles hoeft jeugdhulp te worden.",
    ),
    (
        "integraal-werken",
        "Integraal werken",
        "Eén gezin, één plan: samenwerken over organisaties en sectoren heen.",
    ),
    (
        "leren-en-implementeren",
        "Leren & Implementeren",
        "Wat we leren ook echt gaan doen, en het vasthouden als mensen wisselen.",
    ),
]

CREATE = [
    "CREATE INDEX IF NOT EXISTS knowledge_search_fts_idx ON knowledge_searchentry "
    "USING gin (to_tsvector('dutch'::regconfig, document))",
    "CREATE INDEX IF NOT EXISTS knowledge_search_trgm_idx ON knowledge_searchentry "
    "USING gin (document gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS knowledge_search_fts_idx",
    "DROP INDEX IF EXISTS knowledge_search_trgm_idx",
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("knowledge", "Theme")
    for position, (slug, name, description) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        migrations.RunPython(add_themes, migrations.RunPython.noop),
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]
