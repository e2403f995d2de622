"""The phase guard as pages use it: a page or button whose step does not belong to the
trajectory's phase answers with why, and a link to the step that is possible now. The rule
itself is `trajectories.phases.step_problems`; this only renders its answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import render

from samenspel.trajectories.phases import Step, current_step, step_problems

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from samenspel.trajectories.models import Trajectory


def phase_guard(
    request: HttpRequest, trajectory: Trajectory, step: Step | None
) -> HttpResponse | None:
    """None when `step` may be done now; else the page that explains why not (409)."""
    if step is None:
        return None
    problems = step_problems(trajectory, step)
    if not problems:
        return None
    label, url = current_step(trajectory)
    return render(
        request,
        "trajectories/step_not_yet.html",
        {"trajectory": trajectory, "problems": problems, "next_label": label, "next_url": url},
        status=409,
    )
