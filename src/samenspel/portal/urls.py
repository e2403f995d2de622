from django.urls import path

from samenspel.portal import choice_views, consent_views, login_views, views, word_views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("words/", word_views.glossary, name="glossary"),
    path("t/<int:trajectory_id>/", views.plan, name="plan"),
    path("t/<int:trajectory_id>/view/", views.view_edit, name="view_edit"),
    path("t/<int:trajectory_id>/goal/", views.goal_propose, name="goal_propose"),
    path("t/<int:trajectory_id>/evaluation/", views.evaluation, name="evaluation"),
    path("t/<int:trajectory_id>/meetings/", views.meetings, name="meetings"),
    path("t/<int:trajectory_id>/messages/", views.messages_page, name="messages"),
    path(
        "t/<int:trajectory_id>/proposals/<int:proposal_id>/adopt/",
        views.proposal_adopt,
        name="proposal_adopt",
    ),
]

urlpatterns += [
    path("f/<int:family_id>/consents/", consent_views.consents, name="consents"),
    path("f/<int:family_id>/consents/new/", consent_views.consent_new, name="consent_new"),
    path(
        "f/<int:family_id>/consents/waiting/<int:draft_id>/yes/",
        consent_views.consent_confirm,
        name="consent_confirm",
    ),
    path(
        "f/<int:family_id>/consents/<int:consent_id>/withdraw/",
        consent_views.consent_withdraw,
        name="consent_withdraw",
    ),
]

urlpatterns += [
    path("t/<int:trajectory_id>/choose/", choice_views.choose, name="choose"),
    path(
        "t/<int:trajectory_id>/choose/<int:offer_id>/photo.jpg",
        choice_views.offer_photo,
        name="offer_photo",
    ),
    path("t/<int:trajectory_id>/offers/", choice_views.offer_create, name="offer_create"),
    path(
        "t/<int:trajectory_id>/offers/<int:offer_id>/withdraw/",
        choice_views.offer_withdraw,
        name="offer_withdraw",
    ),
    path("f/<int:family_id>/login-link/", login_views.login_link_send, name="login_link_send"),
    path("login/<str:token>/", login_views.login_link, name="login_link"),
]
