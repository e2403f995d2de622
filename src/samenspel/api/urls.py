from django.urls import path
from oauth2_provider.views import TokenView

from samenspel.api import calendar_views

app_name = "api"

urlpatterns = [
    path("oauth/token", TokenView.as_view(), name="token"),
    path("calendar/", calendar_views.calendar_link, name="calendar_link"),
    path("calendar/new", calendar_views.calendar_link_new, name="calendar_link_new"),
    path("calendar/stop", calendar_views.calendar_link_revoke, name="calendar_link_revoke"),
    path("calendar/feed/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]
