"""The default instrument content: domain and level names only.

The ZRM criteria texts per cell belong to GGD Amsterdam and are not shipped; a licensed
deployment loads them into InstrumentDomain.criteria (DOMAIN.md §5). ORS/SRS item names are
given for deployments that hold that licence.
"""

from django.db import migrations

ZRM_2017 = [
    ("financien", "Financiën"),
    ("werk-opleiding", "Werk & opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke-relaties", "Huiselijke relaties"),
    ("geestelijke-gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("basale-adl", "Basale ADL"),
    ("instrumentele-adl", "Instrumentele ADL"),
    ("sociaal-netwerk", "Sociaal netwerk"),
    ("maatschappelijke-participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]
ZRM_HOUSEHOLD = [
    ("financien-huishouden", "Financiën op huishoudniveau"),
    ("huisvesting", "Huisvesting"),
    ("organisatie-huishouden", "Organisatie van het huishouden"),
    ("huiselijke-relaties", "Huiselijke relaties"),
    ("sociale-omgeving", "Sociale omgeving"),
]
ZRM_CHILD = [
    ("gezinsstructuur", "Gezinsstructuur"),
    ("lichamelijke-verzorging", "Lichamelijke verzorging"),
    ("emotionele-ondersteuning", "Emotionele ondersteuning"),
    ("socialisering", "Socialisering"),
    ("opvang", "Opvang"),
    ("scholing", "Scholing"),
]
ZRM_SCALE = [
    (1, "Acute problematiek"),
    (2, "Niet zelfredzaam"),
    (3, "Beperkt zelfredzaam"),
    (4, "Voldoende zelfredzaam"),
    (5, "Volledig zelfredzaam"),
]
GAS_SCALE = [
    (-2, "Veel minder dan verwacht"),
    (-1, "Minder dan verwacht"),
    (0, "Verwacht resultaat (het doel)"),
    (1, "Beter dan verwacht"),
    (2, "Veel beter dan verwacht"),
]
ORS_ITEMS = [
    ("individueel", "Persoonlijk welbevinden"),
    ("relaties", "Relaties met naasten"),
    ("sociaal", "Werk, school en vrienden"),
    ("algemeen", "Algemeen welbevinden"),
]
SRS_ITEMS = [
    ("relatie", "Relatie met de hulpverlener"),
    ("doelen", "Doelen en onderwerpen"),
    ("aanpak", "Aanpak of werkwijze"),
    ("algemeen", "Algemeen"),
]
ZRM_LICENCE = (
    "Domein- en niveaunamen van de Zelfredzaamheid-Matrix. De criteria per score zijn van "
    "GGD Amsterdam en worden alleen geladen door een omgeving met licentie."
)


def load(apps, schema_editor):
    Instrument = apps.get_model("plans", "Instrument")
    Version = apps.get_model("plans", "InstrumentVersion")
    Domain = apps.get_model("plans", "InstrumentDomain")
    Level = apps.get_model("plans", "ScaleLevel")

    def instrument(code, kind, name, label, scale, domains, licence=""):
        inst, _ = Instrument.objects.get_or_create(
            code=code, defaults={"kind": kind, "name": name, "licence_note": licence}
        )
        version, _ = Version.objects.get_or_create(
            instrument=inst,
            label=label,
            defaults={"scale_min": scale[0], "scale_max": scale[1]},
        )
        for position, (domain_code, domain_name, level) in enumerate(domains):
            Domain.objects.get_or_create(
                version=version,
                code=domain_code,
                defaults={"name": domain_name, "level": level, "position": position},
            )
        return version

    zrm = instrument(
        "zrm-2017",
        "zrm",
        "Zelfredzaamheid-Matrix",
        "2017",
        (1, 5),
        [(c, n, "member") for c, n in ZRM_2017],
        ZRM_LICENCE,
    )
    households = instrument(
        "zrm-huishoudens",
        "zrm",
        "ZRM-Huishoudens",
        "2017",
        (1, 5),
        [(c, n, "household") for c, n in ZRM_HOUSEHOLD] + [(c, n, "child") for c, n in ZRM_CHILD],
        ZRM_LICENCE,
    )
    for version in (zrm, households):
        for value, name in ZRM_SCALE:
            Level.objects.get_or_create(version=version, value=value, defaults={"name": name})
    gas = instrument("gas", "gas", "Goal Attainment Scaling", "Kiresuk & Sherman", (-2, 2), [])
    for value, name in GAS_SCALE:
        Level.objects.get_or_create(version=gas, value=value, defaults={"name": name})
    licence = "Gebruik alleen met een licentie voor deze omgeving."
    instrument(
        "ors",
        "ors",
        "Outcome Rating Scale",
        "1.0",
        (0, 10),
        [(c, n, "member") for c, n in ORS_ITEMS],
        licence,
    )
    instrument(
        "srs",
        "srs",
        "Session Rating Scale",
        "3.0",
        (0, 10),
        [(c, n, "member") for c, n in SRS_ITEMS],
        licence,
    )


def unload(apps, schema_editor):
    codes = ["zrm-2017", "zrm-huishoudens", "gas", "ors", "srs"]
    apps.get_model("plans", "InstrumentVersion").objects.filter(instrument__code__in=codes).delete()
    apps.get_model("plans", "Instrument").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_instruments")]

    operations = [migrations.RunPython(load, unload)]
