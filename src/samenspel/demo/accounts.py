"""The demo's people: one login per role, described for a newcomer."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import Role

DEMO_PASSWORD = "samenspel-demo"  # noqa: S105 - printed on purpose; demo only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    roles: tuple[Role, ...]
    description: str | Promise
    enrolled: bool = True  # has a second factor already


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "regisseur@demo.samenspel.nl",
        "Fatima el Amrani",
        (Role.PROFESSIONAL, Role.COORDINATOR),
        _("Coordinator in a family team (youth care)"),
    ),
    DemoAccount(
        "hulpverlener@demo.samenspel.nl",
        "Joost de Vries",
        (Role.PROFESSIONAL,),
        _("Professional in a family team (mental health)"),
    ),
    DemoAccount(
        "netwerkbeheer@demo.samenspel.nl",
        "Anke Jansen",
        (Role.NETWORK_ADMIN,),
        _("Network administrator"),
    ),
    DemoAccount(
        "trekker@demo.samenspel.nl",
        "Noor Verbeek",
        (Role.NETWORK_COORDINATOR,),
        _("Network coordinator (trekker): barometer, value rounds, phase of the collaboration"),
    ),
    DemoAccount(
        "stuurgroep@demo.samenspel.nl",
        "Hans Dekker",
        (Role.STEERING_GROUP,),
        _("Steering group member of Beter Thuis: reads the collaboration's results"),
    ),
    DemoAccount(
        "beleid@demo.samenspel.nl",
        "Ruben Kok",
        (Role.POLICY_ADVISER,),
        _("Policy adviser at the municipality (no personal data)"),
    ),
    DemoAccount(
        "privacy@demo.samenspel.nl",
        "Sanne Visser",
        (Role.SECURITY_OFFICER,),
        _("Security officer: reviews the access log"),
    ),
    DemoAccount(
        "ouder@demo.samenspel.nl",
        "Marieke Bakker",
        (Role.FAMILY_MEMBER,),
        _("Parent in a family"),
        enrolled=False,
    ),
    DemoAccount(
        "jongere@demo.samenspel.nl",
        "Emir Yılmaz",  # noqa: RUF001 - a Turkish dotless i, on purpose
        (Role.FAMILY_MEMBER,),
        _("A 14-year-old in a family: sees their own part and the shared plan"),
        enrolled=False,
    ),
    DemoAccount(
        "nieuw@demo.samenspel.nl",
        "Daan Smit",
        (Role.PROFESSIONAL,),
        _("New professional: sets up the second login step at first login"),
        enrolled=False,
    ),
    DemoAccount(
        "beheer@demo.samenspel.nl",
        "Kim Mulder",
        (Role.SYSTEM_ADMIN,),
        _("System administrator"),
    ),
    # The professionals of the two source stories (issue 12): who refers, who walks along.
    DemoAccount(
        "buurtteam@demo.samenspel.nl",
        "Soufiane El Idrissi",
        (Role.PROFESSIONAL,),
        _("Neighbourhood team worker in Extrateam Zuilen: refers a family"),
    ),
    DemoAccount(
        "school@demo.samenspel.nl",
        "Ahmet Çelik",
        (Role.PROFESSIONAL,),
        _("Care coordinator (zorgcoördinator) of a secondary school in Zuilen"),
    ),
    DemoAccount(
        "lvb@demo.samenspel.nl",
        "Emre Yilmaz",
        (Role.PROFESSIONAL,),
        _("Family coach for parents with a mild intellectual disability (LVB), Beter Thuis"),
    ),
    DemoAccount(
        "vlaanderen@demo.samenspel.nl",
        "Bart Willaert",
        (Role.PROFESSIONAL,),
        _("Team coordinator in the Flemish network (Oost-Vlaanderen)"),
    ),
    DemoAccount(
        "trauma@demo.samenspel.nl",
        "Inge Jansen",
        (Role.PROFESSIONAL,),
        _("Trauma therapist in the specialist team of Extrateam Zuilen"),
    ),
    DemoAccount(
        "regie-zuilen@demo.samenspel.nl",
        "Hatice Öztürk",
        (Role.PROFESSIONAL, Role.COORDINATOR),
        _("Coordinator in Extrateam Zuilen: takes on the referrals in the intake queue"),
    ),
)
