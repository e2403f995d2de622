from django.urls import path

from samenspel.knowledge.views import hub, lessons, networks

app_name = "knowledge"
urlpatterns = [
    path("", hub.hub_index, name="index"),
    path("search/", hub.search, name="search"),
    path("methods/", hub.methods, name="methods"),
    path("words/", hub.terms, name="terms"),
    path("words/<int:pk>/review/", hub.term_review, name="term_review"),
    path("digests/", hub.digests, name="digests"),
    path("leaving/", hub.leaving, name="leaving"),
    path("themes/<slug:slug>/", hub.theme_detail, name="theme"),
    path("themes/<slug:slug>/follow/", hub.theme_follow, name="theme_follow"),
    path("networks/new/", networks.learning_network_new, name="learning_network_new"),
    path("networks/<slug:slug>/", networks.learning_network_detail, name="learning_network"),
    path("networks/<slug:slug>/members/new/", networks.member_add, name="member_add"),
    path("networks/<slug:slug>/meetings/new/", networks.meeting_new, name="meeting_new"),
    path("networks/<slug:slug>/updates/new/", networks.update_new, name="update_new"),
    path("networks/<slug:slug>/lessons/new/", lessons.lesson_new, name="lesson_new"),
    path("meetings/<int:pk>.ics", networks.meeting_ics, name="meeting_ics"),
    path("lessons/<int:pk>/", lessons.lesson_detail, name="lesson"),
    path("lessons/<int:pk>/edit/", lessons.lesson_edit, name="lesson_edit"),
    path("lessons/<int:pk>/attachments/", lessons.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", lessons.attachment_download, name="attachment"),
]
