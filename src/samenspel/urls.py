from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from samenspel.api import views as api_views
from samenspel.api.endpoints import api as v1
from samenspel.core import health, metrics

urlpatterns = [
    path("", include("samenspel.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("audit/", include("samenspel.audit.urls")),
    path("network/", include("samenspel.network.urls")),
    path("families/", include("samenspel.families.urls")),
    path("access/", include("samenspel.access.urls")),
    path("trajectories/", include("samenspel.trajectories.urls")),
    path("plans/", include("samenspel.plans.urls")),
    path("figures/", include("samenspel.analytics.urls")),
    path("knowledge/", include("samenspel.knowledge.urls")),
    path("collaboration/", include("samenspel.collaboration.urls")),
    path("time/", include("samenspel.insight.urls")),
    path("portal/", include("samenspel.portal.urls")),
    path("", include("samenspel.api.urls")),
    # The JSON API at the top level: django-ninja reverses its own "v1" namespace.
    path("api/v1/", v1.urls),
    path("fhir/", include("samenspel.fhir.urls")),
    path(".well-known/smart-configuration", api_views.smart_configuration, name="smart"),
    path("fhir/.well-known/smart-configuration", api_views.smart_configuration),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
]
