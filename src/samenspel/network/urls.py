from django.urls import path

from samenspel.network import manage_views, taxonomy_views, views

app_name = "network"
urlpatterns = [
    path("", views.network_index, name="index"),
    path("my-profile/", views.my_profile, name="my_profile"),
    path("taxonomy/", taxonomy_views.taxonomy, name="taxonomy"),
    path("taxonomy/<str:kind>/new/", taxonomy_views.taxonomy_edit, name="taxonomy_new"),
    path("taxonomy/<str:kind>/<int:pk>/", taxonomy_views.taxonomy_edit, name="taxonomy_edit"),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/directory/", views.directory, name="directory"),
    path("<slug:slug>/professionals/<int:pk>/", views.professional_detail, name="professional"),
    path(
        "<slug:slug>/professionals/<int:pk>/photo.jpg",
        views.professional_photo,
        name="professional_photo",
    ),
    path(
        "<slug:slug>/organisations/<int:pk>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path("<slug:slug>/agreements/", views.agreement_list, name="agreement_list"),
    path("<slug:slug>/agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path(
        "<slug:slug>/agreements/<int:pk>/compare/",
        views.agreement_compare,
        name="agreement_compare",
    ),
    path("<slug:slug>/reviews/", views.review_list, name="review_list"),
    path("<slug:slug>/glossary/", views.glossary, name="glossary"),
    path("<slug:slug>/glossary/<int:pk>/", views.glossary_term, name="glossary_term"),
    # Management (network administrators).
    path("<slug:slug>/manage/", manage_views.manage_home, name="manage"),
    path("<slug:slug>/manage/network/", manage_views.network_edit, name="network_edit"),
    path(
        "<slug:slug>/manage/professionals/<int:pk>/",
        manage_views.professional_edit,
        name="professional_edit",
    ),
    path("<slug:slug>/manage/teams/new/", manage_views.team_edit, name="team_new"),
    path("<slug:slug>/manage/teams/<int:pk>/", manage_views.team_edit, name="team_edit"),
    path(
        "<slug:slug>/manage/organisations/<int:pk>/",
        manage_views.organisation_edit,
        name="organisation_edit",
    ),
    path("<slug:slug>/manage/agreements/new/", manage_views.agreement_edit, name="agreement_new"),
    path(
        "<slug:slug>/manage/agreements/<int:pk>/",
        manage_views.agreement_edit,
        name="agreement_edit",
    ),
    path("<slug:slug>/manage/reviews/new/", manage_views.review_new, name="review_new"),
    path(
        "<slug:slug>/manage/checklist/<str:question>/",
        manage_views.checklist_edit,
        name="checklist_edit",
    ),
    path(
        "<slug:slug>/manage/legal-bases/new/",
        manage_views.legal_basis_edit,
        name="legal_basis_new",
    ),
    path(
        "<slug:slug>/manage/legal-bases/<int:pk>/",
        manage_views.legal_basis_edit,
        name="legal_basis_edit",
    ),
    path("<slug:slug>/manage/glossary/new/", manage_views.glossary_edit, name="glossary_new"),
    path("<slug:slug>/manage/glossary/<int:pk>/", manage_views.glossary_edit, name="glossary_edit"),
    path(
        "<slug:slug>/manage/organisations/<int:organisation>/services/new/",
        manage_views.service_edit,
        name="service_new",
    ),
    path(
        "<slug:slug>/manage/organisations/<int:organisation>/services/<int:pk>/",
        manage_views.service_edit,
        name="service_edit",
    ),
    path("<slug:slug>/manage/import/", manage_views.import_upload, name="import"),
    path("<slug:slug>/manage/import/<int:pk>/", manage_views.import_detail, name="import_detail"),
    path(
        "<slug:slug>/manage/import/example/<str:kind>.csv",
        manage_views.import_example,
        name="import_example",
    ),
    path(
        "<slug:slug>/manage/import/<int:pk>/confirm/",
        manage_views.import_confirm,
        name="import_confirm",
    ),
]
