from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The empty first option of every drop-down (Django's "- Select an option -", which Django's
# Dutch catalogue does not translate). Django asks for it to be set in an app's ready().
BLANK_CHOICE_LABEL = _("Make a choice")


class CoreConfig(AppConfig):
    name = "samenspel.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models import fields

        from samenspel.core import checks  # noqa: F401

        fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL
