from django.urls import path

from samenspel.trajectories.views import absence, dashboards, meetings, team, trajectory

app_name = "trajectories"
urlpatterns = [
    path("network/", dashboards.network_overview, name="network_overview"),
    path("team/", dashboards.my_team, name="my_team"),
    path("closed/", dashboards.closed_list, name="closed"),
    path("network/<int:network_id>/rhythm/", dashboards.rhythm, name="rhythm"),
    path("families/<int:family_id>/timeline/", dashboards.family_timeline, name="timeline"),
    path("<int:pk>/", trajectory.trajectory_detail, name="detail"),
    path("<int:pk>/take-on/", dashboards.take_on, name="take_on"),
    path("<int:pk>/phase/", trajectory.phase_move, name="phase"),
    path("<int:pk>/journal/", trajectory.observation_add, name="observation_add"),
    path("<int:pk>/close/", trajectory.close, name="close"),
    path("<int:pk>/follow-up/", trajectory.follow_up_check, name="follow_up"),
    path("<int:pk>/reopen/", trajectory.reopen, name="reopen"),
    path("<int:pk>/team/", team.compose, name="compose"),
    path("<int:pk>/team/professionals/", team.professional_search, name="professional_search"),
    path("<int:pk>/team/add/", team.team_add, name="team_add"),
    path("<int:pk>/team/ask/", team.direct_request_create, name="ask"),
    path("<int:pk>/team/pair/", team.team_add_pair, name="team_add_pair"),
    path("<int:pk>/team/<int:membership_id>/end/", team.team_end, name="team_end"),
    path("<int:pk>/team/coordinator/", team.coordinator_change, name="coordinator"),
    path("requests/<int:request_id>/", team.direct_request_answer, name="answer"),
    path("requests/<int:request_id>/steer/", team.direct_request_steer, name="request_steer"),
    path("absence/", absence.absence_register, name="absence"),
    path("absence/<int:absence_id>/", absence.handover, name="handover"),
    path("absence/<int:absence_id>/cover/<int:membership_id>/", absence.cover_start, name="cover"),
    path("<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path(
        "meetings/<int:meeting_id>/perspective/", meetings.perspective_add, name="perspective_add"
    ),
    path("meetings/<int:meeting_id>/follow-up/", meetings.follow_up_add, name="follow_up_add"),
    path("meetings/<int:meeting_id>/calendar.ics", meetings.meeting_calendar, name="meeting_ics"),
]
