from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "samenspel.plans"
    verbose_name = _("Family plans")
