from django.urls import path

from samenspel.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("t/<int:trajectory_id>/", views.plan, name="plan"),
    path("t/<int:trajectory_id>/view/", views.view_edit, name="view_edit"),
    path("t/<int:trajectory_id>/goal/", views.goal_propose, name="goal_propose"),
    path(
        "t/<int:trajectory_id>/proposals/<int:proposal_id>/adopt/",
        views.proposal_adopt,
        name="proposal_adopt",
    ),
]
