from django.urls import path

from samenspel.families.views import consent, files, registration, rights

app_name = "families"
urlpatterns = [
    path("", files.family_list, name="family_list"),
    path("search/", registration.family_search, name="family_search"),
    path("register/", registration.register, name="register"),
    path("intake/", registration.intake_queue, name="intake_queue"),
    path("registrations/mine/", registration.my_registrations, name="my_registrations"),
    path("retention/", rights.retention_review, name="retention_review"),
    path("retention/rules/", rights.retention_rules, name="retention_rules"),
    path(
        "retention/rules/<int:network_id>/",
        rights.retention_rule_edit,
        name="retention_rule_edit",
    ),
    path("<int:family_id>/", files.family_detail, name="family_detail"),
    path("<int:family_id>/edit/", files.family_edit, name="family_edit"),
    path("<int:family_id>/members/add/", files.member_add, name="member_add"),
    path(
        "<int:family_id>/members/<int:member_id>/edit/",
        files.member_edit,
        name="member_edit",
    ),
    path("<int:family_id>/relations/add/", files.relation_add, name="relation_add"),
    path(
        "<int:family_id>/relations/<int:relation_id>/remove/",
        files.relation_remove,
        name="relation_remove",
    ),
    path("<int:family_id>/network/add/", files.informal_add, name="informal_add"),
    path(
        "<int:family_id>/network/<int:contact_id>/remove/",
        files.informal_remove,
        name="informal_remove",
    ),
    path("<int:family_id>/confidential/add/", files.confidential_add, name="confidential_add"),
    path(
        "<int:family_id>/registrations/<int:registration_id>/meldcode/",
        registration.meldcode_add,
        name="meldcode_add",
    ),
    path("<int:family_id>/consents/", consent.consent_list, name="consent_list"),
    path("<int:family_id>/consents/add/", consent.consent_add, name="consent_add"),
    path(
        "<int:family_id>/consents/<int:consent_id>/withdraw/",
        consent.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:family_id>/access-history/", rights.access_history, name="access_history"),
    path("<int:family_id>/export.json", rights.export_json, name="export_json"),
    path("<int:family_id>/export.pdf", rights.export_pdf, name="export_pdf"),
    path("<int:family_id>/destroy/", rights.family_destroy, name="family_destroy"),
]
