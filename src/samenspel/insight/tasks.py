"""Background work of the insight pages: rebuilding the pre-aggregated figures per network
(`insight.aggregates.refresh`), so the pages never scan raw time entries. Enqueued nightly by
`samenspel manage refresh_insight` (cron or a systemd timer, like the project's other daily
work: README "Scheduled work"), and per network after a time import. Each run also stores the
suppression audit of the finished quarters the pages offer (`effect.store_audits`)."""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils import timezone

from samenspel.analytics.periods import complete_quarters
from samenspel.insight import aggregates
from samenspel.insight.effect import store_audits
from samenspel.insight.models import TrajectoryResult
from samenspel.insight.profiles import newest_profiles
from samenspel.network.models import Network

logger = logging.getLogger(__name__)


@task()
def refresh_insight_figures(network_id: int | None = None) -> int:
    """Rebuild one network's figures, or every network's; returns the networks done."""
    ids = (
        [network_id]
        if network_id is not None
        else list(Network.objects.order_by("pk").values_list("pk", flat=True))
    )
    quarters = complete_quarters(timezone.localdate())
    window = aggregates.Window(quarters[0].first_day, quarters[-1].last_day)
    profiles = newest_profiles(ids)
    for pk in ids:
        times, results = aggregates.refresh(pk)
        # The suppression audit of the quarters the pages offer, so no page audits itself.
        closed = TrajectoryResult.objects.filter(
            network_id=pk, closed_on__gte=window.since, closed_on__lte=window.until
        )
        audited = store_audits(pk, quarters, list(closed), profiles.get(pk, []))
        logger.info(
            "insight figures of network %s: %s time rows, %s results, %s quarters audited",
            pk,
            times,
            results,
            audited,
        )
    return len(ids)
