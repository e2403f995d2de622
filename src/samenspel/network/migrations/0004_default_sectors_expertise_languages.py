"""Default sectors, expertise taxonomy and languages (DOMAIN.md §3). Data, not code: a
deployment changes or adds to them; this migration only adds what is missing."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

SECTORS = [
    ("jeugdhulp", "Jeugdhulp"),
    ("ggz-jeugd", "GGZ jeugd"),
    ("volwassenen-ggz", "Volwassenen-GGZ"),
    ("lvb-zorg", "LVB-zorg"),
    ("schuldhulp", "Schuldhulpverlening"),
    ("welzijn", "Welzijn"),
    ("huisartsenpraktijk", "Huisartsenpraktijk"),
    ("onderwijs", "Onderwijs"),
    ("wijkteam", "Buurtteam / wijkteam"),
    ("cjg", "Centrum voor Jeugd en Gezin"),
    ("gecertificeerde-instelling", "Gecertificeerde instelling"),
    ("ervaringsdeskundigen", "Ervaringsdeskundigen en vrijwilligers"),
    ("verslavingszorg", "Verslavingszorg"),
    ("cgg", "Centrum voor Geestelijke Gezondheidszorg (CGG)"),
    ("bijzondere-jeugdzorg", "Bijzondere jeugdzorg"),
    ("vaph", "VAPH-voorziening (handicap)"),
]

EXPERTISE = [
    ("jeugdhulp", "Jeugdhulp"),
    ("ggz-jeugd", "GGZ-jeugd"),
    ("volwassenen-ggz", "Volwassenen-GGZ"),
    ("lvb", "LVB (licht verstandelijke beperking)"),
    ("schuldhulp", "Schuldhulp"),
    ("welzijn", "Welzijn"),
    ("huisarts-poh", "Huisarts / POH"),
    ("onderwijs", "Onderwijs"),
    ("buurtteam", "Buurtteam"),
    ("veiligheid", "Veiligheid"),
    ("verslavingszorg", "Verslavingszorg"),
    ("ervaringsdeskundige", "Ervaringsdeskundige"),
    ("opvoedondersteuning", "Opvoedondersteuning"),
    ("huiselijk-geweld", "Huiselijk geweld"),
]

LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "Engels"),
    ("fr", "Frans"),
    ("de", "Duits"),
    ("tr", "Turks"),
    ("ar", "Arabisch"),
    ("zgh", "Tamazight"),
    ("pl", "Pools"),
    ("so", "Somalisch"),
    ("ti", "Tigrinya"),
    ("pap", "Papiaments"),
    ("srn", "Sranantongo"),
    ("uk", "Oekraïens"),
    ("ro", "Roemeens"),
    ("bg", "Bulgaars"),
    ("fa", "Perzisch (Farsi)"),
    ("ngt", "Nederlandse Gebarentaal"),
]


def add_defaults(apps, schema_editor):
    for model_name, rows in (("Sector", SECTORS), ("Expertise", EXPERTISE)):
        model = apps.get_model("network", model_name)
        for position, (code, name) in enumerate(rows):
            model.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    language = apps.get_model("network", "Language")
    for code, name in LANGUAGES:
        language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_directory_catalogue_register_glossary_import"),
    ]

    operations = [
        # Trigram similarity and unaccent for the directory's name search (PostgreSQL only;
        # no-ops on SQLite, where the directory falls back to a similarity ratio in Python).
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(add_defaults, migrations.RunPython.noop),
    ]
