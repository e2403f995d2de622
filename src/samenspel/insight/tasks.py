"""Background work of the insight pages: rebuilding the pre-aggregated figures per network
(`insight.aggregates.refresh`), so the pages never scan raw time entries. Enqueued nightly by
`samenspel manage refresh_insight` (cron), and per network after a time import."""

from __future__ import annotations

import logging

from django.tasks import task

from samenspel.insight import aggregates
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
    for pk in ids:
        times, results = aggregates.refresh(pk)
        logger.info("insight figures of network %s: %s time rows, %s results", pk, times, results)
    return len(ids)
