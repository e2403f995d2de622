from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "samenspel.families"
    verbose_name = _("Families")

    def ready(self) -> None:
        from samenspel.audit.log import on_family_change
        from samenspel.families.retention import note_change

        # Every change to anything of the file records an access event with the family's
        # id; that event moves the retention clock, whichever app or model it comes from.
        on_family_change(note_change)
