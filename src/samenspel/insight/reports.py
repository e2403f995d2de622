"""The insight pages for policy advisers, steering groups and coordinators (issue 15): cost
against outcome per network and per profile (`effect`), the overview of all their networks,
and the same figures as CSV, XLSX and a PDF report per network per quarter. Anonymous
aggregates only, suppressed as on the figures page; no names, no trajectory ids."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.accounts.models import Role
from samenspel.analytics.periods import Quarter, complete_quarters
from samenspel.analytics.suppression import Cell, min_cell_size
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.insight import aggregates, charts, effect
from samenspel.insight.profiles import newest_profiles
from samenspel.network.models import Network
from samenspel.plans.charts import Series, line_chart

INSIGHT_ROLES = (
    Role.POLICY_ADVISER,
    Role.STEERING_GROUP,
    Role.COORDINATOR,
    Role.NETWORK_COORDINATOR,
    Role.NETWORK_ADMIN,
)


def allowed_networks(request: AuthenticatedHttpRequest) -> list[Network]:
    """The networks in which the reader holds one of the insight roles."""
    scope: set[int] = set()
    for role in INSIGHT_ROLES:
        if request.user.has_role(role):
            networks = request.user.networks_with_role(role)
            if networks is None:
                return list(Network.objects.order_by("name"))
            scope |= set(networks)
    if not scope:
        raise PermissionDenied
    return list(Network.objects.filter(pk__in=scope).order_by("name"))


def _quarter(request: AuthenticatedHttpRequest) -> Quarter | None:
    wanted = request.GET.get("quarter", "")
    for quarter in complete_quarters(timezone.localdate()):
        if quarter.key == wanted:
            return quarter
    return None


def _chosen(request: AuthenticatedHttpRequest) -> tuple[list[Network], Network]:
    networks = allowed_networks(request)
    wanted = request.GET.get("network", "")
    if wanted:
        for network in networks:
            if str(network.pk) == wanted:
                return networks, network
        raise Http404
    return networks, networks[0]


def _profiles(network: Network) -> list[tuple[str, str]]:
    return newest_profiles([network.pk]).get(network.pk, [])


def _effect(request: AuthenticatedHttpRequest) -> tuple[list[Network], effect.NetworkEffect]:
    networks, network = _chosen(request)
    figures = effect.network_effect(
        network.pk,
        network.name,
        today=timezone.localdate(),
        quarter=_quarter(request),
        profiles=_profiles(network),
    )
    return networks, figures


def _charts(figures: effect.NetworkEffect) -> dict[str, Any]:
    rows = [*figures.rows, figures.total]
    cost = charts.bar_chart(
        title=_("Cost per closed trajectory, direct and indirect, with 95% interval"),
        bars=[
            charts.Bar(
                row.label,
                [row.direct_cost or 0, row.indirect_cost or 0] if row.cost else [],
                row.cost.low if row.cost else None,
                row.cost.high if row.cost else None,
            )
            for row in rows
        ],
        legend=[_("Direct"), _("Indirect")],
        unit="€ ",
    )
    series = line_chart(
        title=_("Share of indirect time per quarter (%)"),
        x_labels=[str(point.quarter) for point in figures.series],
        series=[
            Series(
                _("Indirect time"),
                [
                    None if point.indirect_share is None else round(point.indirect_share)
                    for point in figures.series
                ],
            )
        ],
        y_min=0,
        y_max=100,
        y_ticks=[0, 25, 50, 75, 100],
    )
    indicator_rows = [
        (proportion.label, [row.indicators[i] for row in rows])
        for i, proportion in enumerate(figures.total.indicators)
    ]
    return {
        "cost_chart": cost,
        "share_chart": series,
        "rows": rows,
        "indicator_rows": indicator_rows,
    }


@role_required(*INSIGHT_ROLES)
def effect_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    networks, figures = _effect(request)
    return render(
        request,
        "insight/effect.html",
        {
            "networks": networks,
            "figures": figures,
            "quarters": complete_quarters(timezone.localdate()),
            "min_cell": min_cell_size(),
            "refreshed_at": aggregates.refreshed_at([figures.network_id]),
            **_charts(figures),
        },
    )


@role_required(*INSIGHT_ROLES)
def effect_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    networks = allowed_networks(request)
    result = effect.overview(
        [(n.pk, n.name) for n in networks],
        today=timezone.localdate(),
        quarter=_quarter(request),
        profiles=newest_profiles([n.pk for n in networks]),
    )
    return render(
        request,
        "insight/effect_overview.html",
        {
            "overview": result,
            "quarters": complete_quarters(timezone.localdate()),
            "min_cell": min_cell_size(),
        },
    )


def _cell_text(cell: Cell) -> str:
    if cell.small:
        return _("fewer than %(n)s") % {"n": cell.threshold}
    if cell.suppressed:
        return _("not shown")
    return str(cell.value)


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def export_rows(figures: effect.NetworkEffect) -> Iterator[list[str]]:
    """Every figure of the page as one line: what it is, of whom, value, interval and n.
    The same cells as the page: a hidden figure reads "fewer than N" or "not shown"."""
    yield [
        _("Network"),
        _("Quarter"),
        _("Profile"),
        _("Figure"),
        _("Value"),
        _("95% interval, low"),
        _("95% interval, high"),
        _("Number of trajectories"),
    ]
    head = [figures.network_name, figures.quarter.key]
    for row in [*figures.rows, figures.total]:
        n = _cell_text(row.n)
        yield [*head, row.label, _("Closed trajectories"), n, "", "", n]
        for label, estimate in (
            (_("Cost per trajectory (euro)"), row.cost),
            (_("Duration (days)"), row.duration),
            (_("GAS T-score change"), row.t_change),
        ):
            if estimate is None:
                yield [*head, row.label, label, _("not shown"), "", "", ""]
            else:
                yield [
                    *head,
                    row.label,
                    label,
                    _number(estimate.mean),
                    _number(estimate.low),
                    _number(estimate.high),
                    str(estimate.n),
                ]
        if row.cost is not None:
            yield [*head, row.label, _("Direct cost (euro)"), _number(row.direct_cost), "", "", n]
            yield [
                *head,
                row.label,
                _("Indirect cost (euro)"),
                _number(row.indirect_cost),
                "",
                "",
                n,
            ]
            yield [
                *head,
                row.label,
                _("Share indirect (%)"),
                _number(row.indirect_share),
                "",
                "",
                n,
            ]
        for proportion in row.indicators:
            yield [
                *head,
                row.label,
                proportion.label + " (%)",
                _number(proportion.percentage)
                if proportion.percentage is not None
                else _cell_text(proportion.count),
                _number(proportion.low),
                _number(proportion.high),
                _cell_text(proportion.whole),
            ]
    for domain in figures.domains:
        change = domain.change
        yield [
            *head,
            _("Whole network"),
            _("ZRM change: %(domain)s") % {"domain": domain.domain},
            _number(change.mean, 2) if change else _("not shown"),
            _number(change.low, 2) if change else "",
            _number(change.high, 2) if change else "",
            _cell_text(domain.count),
        ]


def _filename(figures: effect.NetworkEffect, extension: str) -> str:
    return f"wat-werkt-{figures.network_id}-{figures.quarter.key}.{extension}"


@role_required(*INSIGHT_ROLES)
def effect_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    _networks, figures = _effect(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(export_rows(figures))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(figures, "csv")}"'
    return response


@role_required(*INSIGHT_ROLES)
def effect_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    _networks, figures = _effect(request)
    book = Workbook()
    sheet = book.active
    if sheet is not None:
        sheet.title = figures.quarter.key
        for line in export_rows(figures):
            sheet.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(figures, "xlsx")}"'
    return response


@role_required(*INSIGHT_ROLES)
def effect_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The quarter's report of one network, for the steering group's meeting."""
    _networks, figures = _effect(request)
    html = render_to_string(
        "insight/effect_pdf.html",
        {"figures": figures, "min_cell": min_cell_size(), **_charts(figures)},
        request=request,
    )
    from weasyprint import HTML  # heavy import, only when printing

    # No base URL: the template carries its own styles and fetches nothing.
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(figures, "pdf")}"'
    return response
