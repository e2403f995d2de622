"""Indicator 3.4 of closures made before the rule changed: from the GAS scores of the last
evaluation, not from the closure reason ("goals reached" with no evaluation is not realised).
Drop-out of earlier early ends stays as recorded: whether family and team agreed was not
asked then, and an unknown answer counts as drop-out."""

from django.db import migrations


def goals_from_last_evaluation(apps, schema_editor):
    Closure = apps.get_model("trajectories", "Closure")
    Evaluation = apps.get_model("plans", "Evaluation")
    GoalScore = apps.get_model("plans", "GoalScore")
    batch = []
    for closure in Closure.objects.only("pk", "trajectory_id").iterator(chunk_size=2000):
        last = (
            Evaluation.objects.filter(trajectory_id=closure.trajectory_id)
            .order_by("-held_on", "-id")
            .values_list("pk", flat=True)
            .first()
        )
        scores = (
            list(GoalScore.objects.filter(evaluation_id=last).values_list("attainment", flat=True))
            if last
            else []
        )
        reached = sum(1 for score in scores if score >= 0)
        if not scores:
            outcome = "no_evaluation"
        elif reached == len(scores):
            outcome = "realised"
        else:
            outcome = "partly" if reached else "not_realised"
        closure.goals_outcome, closure.goals_realised = outcome, outcome == "realised"
        batch.append(closure)
        if len(batch) >= 2000:
            Closure.objects.bulk_update(batch, ["goals_outcome", "goals_realised"])
            batch = []
    Closure.objects.bulk_update(batch, ["goals_outcome", "goals_realised"])


class Migration(migrations.Migration):
    dependencies = [
        ("trajectories", "0007_closure_all_indicators"),
        ("plans", "0004_scores_of_questionnaires_need_no_reason"),
    ]

    operations = [
        migrations.RunPython(goals_from_last_evaluation, migrations.RunPython.noop),
    ]
