from django.urls import path

from samenspel.fhir import views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.capability_statement, name="metadata"),
    path("CareTeam", views.care_team_search, name="care_team_search"),
    path("CareTeam/<int:pk>", views.care_team_read, name="care_team"),
    path("Group/<int:pk>", views.group_read, name="group"),
    path("CarePlan/<int:pk>", views.care_plan_read, name="care_plan"),
    path("CarePlan/<int:pk>/_history", views.care_plan_history, name="care_plan_history"),
    path("CarePlan/<int:pk>/_history/<int:vid>", views.care_plan_version, name="care_plan_version"),
    path("Consent", views.consent_search, name="consent_search"),
    path(
        "QuestionnaireResponse",
        views.questionnaire_response_search,
        name="questionnaire_response_search",
    ),
    path(
        "QuestionnaireResponse/<slug:pk>",
        views.questionnaire_response_read,
        name="questionnaire_response",
    ),
    path("AuditEvent", views.audit_event_search, name="audit_event_search"),
    path("Practitioner/<int:pk>", views.practitioner_read, name="practitioner"),
    path("PractitionerRole", views.practitioner_role_search, name="practitioner_role_search"),
    path("Organization", views.organization_search, name="organization_search"),
    path("Organization/<int:pk>", views.organization_read, name="organization"),
]
