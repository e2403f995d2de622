from django.urls import path

from samenspel.access import views

app_name = "access"
urlpatterns = [
    path("families/<int:family_id>/emergency/", views.break_glass, name="break_glass"),
    path("emergency/", views.break_glass_review_list, name="break_glass_review_list"),
    path("emergency/<int:access_id>/review/", views.break_glass_review, name="break_glass_review"),
    path("consent-renewals/", views.consent_renewals, name="consent_renewals"),
]
