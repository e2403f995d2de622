from django.urls import path

from samenspel.collaboration.views import components, network, results, reviews, rounds

app_name = "collaboration"
urlpatterns = [
    path("", network.overview, name="overview"),
    path("rounds/", rounds.my_rounds, name="my_rounds"),
    path("rounds/<int:round_id>/answer/", rounds.answer, name="answer"),
    path("rounds/<int:round_id>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:round_id>/close/", rounds.round_close, name="round_close"),
    path("rounds/<int:round_id>/remind/", rounds.round_remind, name="round_remind"),
    path(
        "trajectories/<int:trajectory_id>/components/",
        components.component_rating,
        name="component_rating",
    ),
    path("<slug:slug>/", network.network_detail, name="network_detail"),
    path("<slug:slug>/phase/", network.phase_change, name="phase_change"),
    path("<slug:slug>/deliverable/", network.deliverable_link, name="deliverable_link"),
    path("<slug:slug>/reviews/rhythm/", reviews.rhythm_set, name="rhythm_set"),
    path("<slug:slug>/satisfaction/", reviews.satisfaction_map, name="satisfaction_map"),
    path(
        "<slug:slug>/reviews/<int:review_id>/outcome/",
        reviews.review_outcome,
        name="review_outcome",
    ),
    path("<slug:slug>/rounds/new/", rounds.round_new, name="round_new"),
    path("<slug:slug>/results/", results.results, name="results"),
    path("<slug:slug>/results/pdf/", results.results_pdf, name="results_pdf"),
    path("<slug:slug>/results/export.<str:fmt>", results.results_export, name="results_export"),
]
