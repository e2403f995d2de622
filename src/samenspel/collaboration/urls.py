from django.urls import path

from samenspel.collaboration.views import network, results, rounds

app_name = "collaboration"
urlpatterns = [
    path("", network.overview, name="overview"),
    path("rounds/", rounds.my_rounds, name="my_rounds"),
    path("rounds/<int:round_id>/answer/", rounds.answer, name="answer"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:round_id>/remind/", rounds.round_remind, name="round_remind"),
    path("<slug:slug>/", network.network_detail, name="network_detail"),
    path("<slug:slug>/phase/", network.phase_change, name="phase_change"),
    path("<slug:slug>/deliverable/", network.deliverable_link, name="deliverable_link"),
    path("<slug:slug>/rounds/new/", rounds.round_new, name="round_new"),
    path("<slug:slug>/results/", results.results, name="results"),
    path("<slug:slug>/results/pdf/", results.results_pdf, name="results_pdf"),
    path("<slug:slug>/results/export.<str:fmt>", results.results_export, name="results_export"),
]
