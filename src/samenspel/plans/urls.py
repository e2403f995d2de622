from django.urls import path

from samenspel.plans.views import edit, measure, plan

app_name = "plans"
urlpatterns = [
    path("", plan.plan_list, name="plan_list"),
    path("t/<int:trajectory_id>/", plan.plan_detail, name="plan_detail"),
    path("t/<int:trajectory_id>/start/", plan.plan_start, name="plan_start"),
    path("t/<int:trajectory_id>/pdf/", plan.plan_pdf, name="plan_pdf"),
    path(
        "t/<int:trajectory_id>/versions/<int:number>/changes/",
        plan.version_diff,
        name="version_diff",
    ),
    path("t/<int:trajectory_id>/text/", edit.version_edit, name="version_edit"),
    path("t/<int:trajectory_id>/agree/", edit.version_agree, name="version_agree"),
    path("t/<int:trajectory_id>/versions/new/", edit.version_new, name="version_new"),
    path("t/<int:trajectory_id>/i-agree/", edit.own_agreement, name="own_agreement"),
    path(
        "t/<int:trajectory_id>/versions/<int:number>/agreements/new/",
        edit.member_agreement_new,
        name="member_agreement_new",
    ),
    path("t/<int:trajectory_id>/evaluations/", measure.evaluation_list, name="evaluation_list"),
    path("t/<int:trajectory_id>/evaluations/new/", measure.evaluation_new, name="evaluation_new"),
    path("t/<int:trajectory_id>/assessments/new/", measure.assessment_new, name="assessment_new"),
    path("t/<int:trajectory_id>/trends/", measure.trends, name="trends"),
    # Goals, actions and notes of the draft (kind: goal, action, note); after the fixed paths.
    path("t/<int:trajectory_id>/<slug:kind>/new/", edit.item_edit, name="item_new"),
    path("t/<int:trajectory_id>/<slug:kind>/<int:item_id>/", edit.item_edit, name="item_edit"),
    path(
        "t/<int:trajectory_id>/<slug:kind>/<int:item_id>/remove/",
        edit.item_remove,
        name="item_remove",
    ),
]
