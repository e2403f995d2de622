"""Two professionals editing the same draft never overwrite each other silently: the second
save shows what changed and offers a merge; nothing typed is lost."""

import pytest
from django.urls import reverse

from samenspel.plans.models import Goal
from tests.factories import add_to_team, make_plan, make_professional

pytestmark = pytest.mark.django_db


def _fields(response) -> dict[str, str]:
    """The form as the browser would post it back, from the page's own fields."""
    form = response.context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in ((name, form[name].value()) for name in form.fields)
    }
    data["members"] = [str(m) for m in data["members"] or []]
    data["confidential"] = "on" if data["confidential"] else ""
    data["_revision"] = response.context["revision"]
    data["_base"] = response.context["base"]
    return data


@pytest.fixture
def two_editors(team, client_for):
    trajectory, coordinator = team
    colleague = make_professional(organisation=coordinator.home_organisation)
    add_to_team(trajectory, colleague)
    version = make_plan(trajectory, actor=coordinator.user, goals=1)
    goal = version.goals.get()
    url = reverse(
        "plans:item_edit",
        kwargs={"trajectory_id": trajectory.pk, "kind": "goal", "item_id": goal.pk},
    )
    anna, bram = client_for(coordinator.user), client_for(colleague.user)
    return goal, url, anna, bram


def test_the_second_save_gets_the_merge_screen_and_loses_nothing(two_editors):
    goal, url, anna, bram = two_editors
    anna_form, bram_form = _fields(anna.get(url)), _fields(bram.get(url))

    anna_form["why_it_matters"] = "Anna: zodat Noah zijn vrienden weer ziet."
    assert anna.post(url, anna_form).status_code == 302

    bram_form["why_it_matters"] = "Bram: zodat Noah een diploma haalt."
    bram_form["level_plus_2"] = "Bram: Noah helpt een klasgenoot."
    response = bram.post(url, bram_form)

    assert response.status_code == 409
    saved = Goal.objects.get(pk=goal.pk)
    assert saved.why_it_matters == "Anna: zodat Noah zijn vrienden weer ziet."
    assert saved.level_plus_2 == goal.level_plus_2  # Bram's save did not go through
    [conflict] = response.context["conflicts"]
    assert conflict.name == "why_it_matters"
    assert conflict.theirs == "Anna: zodat Noah zijn vrienden weer ziet."
    assert conflict.mine == "Bram: zodat Noah een diploma haalt."
    merged = response.context["form"]
    # Bram's text is still in the form, his other change was kept.
    assert merged["why_it_matters"].value() == "Bram: zodat Noah een diploma haalt."
    assert merged["level_plus_2"].value() == "Bram: Noah helpt een klasgenoot."
    content = response.content.decode()
    assert "Anna: zodat Noah zijn vrienden weer ziet." in content
    assert "Bram: zodat Noah een diploma haalt." in content


def test_choosing_their_text_on_the_merge_screen_keeps_both_changes(two_editors):
    goal, url, anna, bram = two_editors
    anna_form, bram_form = _fields(anna.get(url)), _fields(bram.get(url))
    anna_form["why_it_matters"] = "Anna's reden"
    anna_form["title"] = "Noah gaat elke dag naar school"
    anna.post(url, anna_form)
    bram_form["why_it_matters"] = "Bram's reden"
    bram_form["level_plus_1"] = "Bram's plus één"
    merge_screen = bram.post(url, bram_form)

    resubmit = _fields(merge_screen)
    resubmit["_theirs"] = merge_screen.context["theirs"]
    resubmit["resolve-why_it_matters"] = "theirs"
    response = bram.post(url, resubmit)

    assert response.status_code == 302
    saved = Goal.objects.get(pk=goal.pk)
    assert saved.why_it_matters == "Anna's reden"
    assert saved.title == "Noah gaat elke dag naar school"  # Anna's, taken over untouched
    assert saved.level_plus_1 == "Bram's plus één"  # Bram's, kept
    assert saved.revision == goal.revision + 2


def test_edits_of_different_fields_merge_without_asking(two_editors):
    goal, url, anna, bram = two_editors
    anna_form, bram_form = _fields(anna.get(url)), _fields(bram.get(url))
    anna_form["why_it_matters"] = "Anna's reden"
    anna.post(url, anna_form)
    bram_form["level_plus_1"] = "Bram's plus één"
    response = bram.post(url, bram_form)

    assert response.status_code == 409
    assert response.context["conflicts"] == []
    resubmit = _fields(response)
    assert resubmit["why_it_matters"] == "Anna's reden"
    assert resubmit["level_plus_1"] == "Bram's plus één"
    assert bram.post(url, resubmit).status_code == 302
    saved = Goal.objects.get(pk=goal.pk)
    assert (saved.why_it_matters, saved.level_plus_1) == ("Anna's reden", "Bram's plus één")


def test_the_plan_text_also_merges_instead_of_overwriting(team, client_for):
    trajectory, coordinator = team
    colleague = make_professional(organisation=coordinator.home_organisation)
    add_to_team(trajectory, colleague)
    version = make_plan(trajectory, actor=coordinator.user, goals=1)
    url = reverse("plans:version_edit", args=[trajectory.pk])
    anna, bram = client_for(coordinator.user), client_for(colleague.user)
    anna_page, bram_page = anna.get(url), bram.get(url)

    def post(client, page, **values):
        data = {
            name: page.context["form"][name].value() or "" for name in page.context["form"].fields
        }
        data |= {"_revision": page.context["revision"], "_base": page.context["base"], **values}
        return client.post(url, data)

    assert post(anna, anna_page, family_words="Rust in huis.").status_code == 302
    response = post(bram, bram_page, family_words="Weer samen eten.")
    assert response.status_code == 409
    version.refresh_from_db()
    assert version.family_words == "Rust in huis."
    assert response.context["form"]["family_words"].value() == "Weer samen eten."


def test_removing_a_goal_someone_just_changed_is_refused(two_editors):
    goal, url, anna, bram = two_editors
    stale_revision = goal.revision
    anna_form = _fields(anna.get(url))
    anna_form["title"] = "Noah gaat vier dagen per week"
    anna.post(url, anna_form)
    remove = reverse(
        "plans:item_remove",
        kwargs={
            "trajectory_id": goal.version.plan.trajectory_id,
            "kind": "goal",
            "item_id": goal.pk,
        },
    )
    bram.post(remove, {"_revision": stale_revision, "confirmed": "1"})
    assert Goal.objects.get(pk=goal.pk).title == "Noah gaat vier dagen per week"
    fresh = Goal.objects.get(pk=goal.pk).revision
    asked = bram.post(remove, {"_revision": fresh})
    assert "Dit uit het concept verwijderen?" in asked.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()
    bram.post(remove, {"_revision": fresh, "confirmed": "1"})
    assert not Goal.objects.filter(pk=goal.pk).exists()
