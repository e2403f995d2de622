"""Reference data in the reader's language (issue 13): sectors, expertise, languages, the
ZRM's domains and levels, GAS levels and instrument names.

The database holds each row's name as the data migrations shipped it (Dutch) or as a
deployment changed it. The shipped names are also msgids-by-meaning here: for the default
name of a row, `reference_name` gives the catalogue's word in the active language (English
for a professional who chose English; the Dutch catalogue maps it back to the same Dutch). A
name a deployment wrote itself is shown as written. No query, no migration: the lookup is
by the stored text."""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

CONTEXT = "reference data"

# The shipped Dutch name → its word through the catalogues (English source, Dutch msgstr).
SHIPPED: dict[str, Promise] = {
    # sectors (network/migrations/0004)
    "Jeugdhulp": pgettext_lazy(CONTEXT, "Youth care"),
    "GGZ jeugd": pgettext_lazy(CONTEXT, "Youth mental health care"),
    "Volwassenen-GGZ": pgettext_lazy(CONTEXT, "Adult mental health care"),
    "LVB-zorg": pgettext_lazy(CONTEXT, "Care for people with a mild intellectual disability"),
    "Schuldhulpverlening": pgettext_lazy(CONTEXT, "Debt counselling"),
    "Welzijn": pgettext_lazy(CONTEXT, "Social welfare"),
    "Huisartsenpraktijk": pgettext_lazy(CONTEXT, "GP practice"),
    "Onderwijs": pgettext_lazy(CONTEXT, "Education"),
    "Buurtteam / wijkteam": pgettext_lazy(CONTEXT, "Neighbourhood team"),
    "Centrum voor Jeugd en Gezin": pgettext_lazy(CONTEXT, "Youth and family centre (CJG)"),
    "Gecertificeerde instelling": pgettext_lazy(
        CONTEXT, "Certified institution (child protection)"
    ),
    "Ervaringsdeskundigen en vrijwilligers": pgettext_lazy(
        CONTEXT, "Experts by experience and volunteers"
    ),
    "Verslavingszorg": pgettext_lazy(CONTEXT, "Addiction care"),
    "Centrum voor Geestelijke Gezondheidszorg (CGG)": pgettext_lazy(
        CONTEXT, "Mental health centre (CGG)"
    ),
    "Bijzondere jeugdzorg": pgettext_lazy(CONTEXT, "Special youth care (Flanders)"),
    "VAPH-voorziening (handicap)": pgettext_lazy(CONTEXT, "VAPH disability service"),
    # expertise
    "GGZ-jeugd": pgettext_lazy(CONTEXT, "Youth mental health"),
    "LVB (licht verstandelijke beperking)": pgettext_lazy(
        CONTEXT, "Mild intellectual disability (LVB)"
    ),
    "Schuldhulp": pgettext_lazy(CONTEXT, "Debt help"),
    "Huisarts / POH": pgettext_lazy(CONTEXT, "GP / practice nurse"),
    "Buurtteam": pgettext_lazy(CONTEXT, "Neighbourhood team work"),
    "Veiligheid": pgettext_lazy(CONTEXT, "Safety"),
    "Ervaringsdeskundige": pgettext_lazy(CONTEXT, "Expert by experience"),
    "Opvoedondersteuning": pgettext_lazy(CONTEXT, "Parenting support"),
    "Huiselijk geweld": pgettext_lazy(CONTEXT, "Domestic violence"),
    "Traumabehandeling": pgettext_lazy(CONTEXT, "Trauma treatment"),
    # languages
    "Nederlands": pgettext_lazy(CONTEXT, "Dutch"),
    "Engels": pgettext_lazy(CONTEXT, "English"),
    "Frans": pgettext_lazy(CONTEXT, "French"),
    "Duits": pgettext_lazy(CONTEXT, "German"),
    "Turks": pgettext_lazy(CONTEXT, "Turkish"),
    "Arabisch": pgettext_lazy(CONTEXT, "Arabic"),
    "Tamazight": pgettext_lazy(CONTEXT, "Tamazight (Berber)"),
    "Pools": pgettext_lazy(CONTEXT, "Polish"),
    "Somalisch": pgettext_lazy(CONTEXT, "Somali"),
    "Tigrinya": pgettext_lazy(CONTEXT, "Tigrinya"),
    "Papiaments": pgettext_lazy(CONTEXT, "Papiamento"),
    "Sranantongo": pgettext_lazy(CONTEXT, "Sranan Tongo"),
    "Oekraïens": pgettext_lazy(CONTEXT, "Ukrainian"),
    "Roemeens": pgettext_lazy(CONTEXT, "Romanian"),
    "Bulgaars": pgettext_lazy(CONTEXT, "Bulgarian"),
    "Perzisch (Farsi)": pgettext_lazy(CONTEXT, "Persian (Farsi)"),
    "Nederlandse Gebarentaal": pgettext_lazy(CONTEXT, "Sign Language of the Netherlands"),
    # ZRM domains (plans/migrations/0002)
    "Financiën": pgettext_lazy(CONTEXT, "Finances"),
    "Werk & opleiding": pgettext_lazy(CONTEXT, "Work & education"),
    "Tijdsbesteding": pgettext_lazy(CONTEXT, "Daytime activities"),
    "Huisvesting": pgettext_lazy(CONTEXT, "Housing"),
    "Huiselijke relaties": pgettext_lazy(CONTEXT, "Domestic relations"),
    "Geestelijke gezondheid": pgettext_lazy(CONTEXT, "Mental health"),
    "Lichamelijke gezondheid": pgettext_lazy(CONTEXT, "Physical health"),
    "Middelengebruik": pgettext_lazy(CONTEXT, "Substance use"),
    "Basale ADL": pgettext_lazy(CONTEXT, "Basic activities of daily living"),
    "Instrumentele ADL": pgettext_lazy(CONTEXT, "Instrumental activities of daily living"),
    "Sociaal netwerk": pgettext_lazy(CONTEXT, "Social network"),
    "Maatschappelijke participatie": pgettext_lazy(CONTEXT, "Community participation"),
    "Justitie": pgettext_lazy(CONTEXT, "Justice"),
    # the extra life domain of plans/migrations/0008 (the journal's old "parenting")
    "Opvoeding": pgettext_lazy(CONTEXT, "Parenting"),
    "Financiën op huishoudniveau": pgettext_lazy(CONTEXT, "Household finances"),
    "Organisatie van het huishouden": pgettext_lazy(CONTEXT, "Running the household"),
    "Sociale omgeving": pgettext_lazy(CONTEXT, "Social surroundings"),
    "Gezinsstructuur": pgettext_lazy(CONTEXT, "Family structure"),
    "Lichamelijke verzorging": pgettext_lazy(CONTEXT, "Physical care"),
    "Emotionele ondersteuning": pgettext_lazy(CONTEXT, "Emotional support"),
    "Socialisering": pgettext_lazy(CONTEXT, "Socialisation"),
    "Opvang": pgettext_lazy(CONTEXT, "Childcare"),
    "Scholing": pgettext_lazy(CONTEXT, "Schooling"),
    # ZRM and GAS levels
    "Acute problematiek": pgettext_lazy(CONTEXT, "Acute problems"),
    "Niet zelfredzaam": pgettext_lazy(CONTEXT, "Not self-reliant"),
    "Beperkt zelfredzaam": pgettext_lazy(CONTEXT, "Limited self-reliance"),
    "Voldoende zelfredzaam": pgettext_lazy(CONTEXT, "Sufficiently self-reliant"),
    "Volledig zelfredzaam": pgettext_lazy(CONTEXT, "Fully self-reliant"),
    "Veel minder dan verwacht": pgettext_lazy(CONTEXT, "Much less than expected"),
    "Minder dan verwacht": pgettext_lazy(CONTEXT, "Less than expected"),
    "Verwacht resultaat (het doel)": pgettext_lazy(CONTEXT, "Expected result (the goal)"),
    "Beter dan verwacht": pgettext_lazy(CONTEXT, "Better than expected"),
    "Veel beter dan verwacht": pgettext_lazy(CONTEXT, "Much better than expected"),
    # ORS/SRS items and instrument names
    "Persoonlijk welbevinden": pgettext_lazy(CONTEXT, "Personal well-being"),
    "Relaties met naasten": pgettext_lazy(CONTEXT, "Close relationships"),
    "Werk, school en vrienden": pgettext_lazy(CONTEXT, "Work, school and friends"),
    "Algemeen welbevinden": pgettext_lazy(CONTEXT, "Overall well-being"),
    "Relatie met de hulpverlener": pgettext_lazy(CONTEXT, "Relationship with the helper"),
    "Doelen en onderwerpen": pgettext_lazy(CONTEXT, "Goals and topics"),
    "Aanpak of werkwijze": pgettext_lazy(CONTEXT, "Approach or method"),
    "Algemeen": pgettext_lazy(CONTEXT, "Overall"),
    "Zelfredzaamheid-Matrix": pgettext_lazy(CONTEXT, "Self-Sufficiency Matrix (ZRM)"),
    "ZRM-Huishoudens": pgettext_lazy(CONTEXT, "Self-Sufficiency Matrix for households"),
}


def reference_name(stored: str) -> str:
    """The row's name in the active language: the catalogue's word for a shipped name, the
    stored text for a deployment's own."""
    word = SHIPPED.get(stored)
    return str(word) if word is not None else stored


class ReferenceLabel:
    """A reference-data row (sector, expertise, language, instrument, ZRM domain and level)
    whose `label` is its `name` in the reader's language."""

    name: Any

    @property
    def label(self) -> str:
        """The name in the reader's language (`reference_name`)."""
        return reference_name(self.name)
