from django.urls import path

from samenspel.insight import reports, views

app_name = "insight"
urlpatterns = [
    path("", views.quick_entry, name="quick_entry"),
    path("week/", views.week, name="week"),
    path("entries/<int:entry_id>/", views.entry_change, name="entry_change"),
    path("entries/<int:entry_id>/remove/", views.entry_remove, name="entry_remove"),
    path("network/", views.network_time, name="network_time"),
    path("import/", views.time_import, name="time_import"),
    path("effect/", reports.effect_page, name="effect"),
    path("effect/networks/", reports.effect_overview, name="effect_overview"),
    path("effect/export.csv", reports.effect_csv, name="effect_csv"),
    path("effect/export.xlsx", reports.effect_xlsx, name="effect_xlsx"),
    path("effect/report.pdf", reports.effect_pdf, name="effect_pdf"),
    path("meetings/<int:meeting_id>/book/", views.book_meeting, name="book_meeting"),
]
