from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "samenspel.api"
    verbose_name = _("Connections with other systems")
