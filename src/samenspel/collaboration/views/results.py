"""The results of a network's rounds: trend, organisation comparison, PDF and exports. Only
aggregates reach these pages (`collaboration.results`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel import audit
from samenspel.audit.models import EventType
from samenspel.collaboration.access import READ_ROLES, get_network_for
from samenspel.collaboration.charts import dot_chart
from samenspel.collaboration.models import Instrument
from samenspel.collaboration.results import Results, min_group_size, network_results
from samenspel.core.decorators import role_required
from samenspel.core.http import AuthenticatedHttpRequest
from samenspel.network.models import Network
from samenspel.plans.charts import Series, line_chart

DEFAULT_INSTRUMENT = "samenwerkingsbarometer"


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def _context(request: AuthenticatedHttpRequest, network: Network) -> dict[str, Any]:
    code = request.GET.get("instrument") or DEFAULT_INSTRUMENT
    instruments = list(Instrument.objects.filter(for_rounds=True, is_current=True))
    if code not in {i.code for i in instruments}:
        raise Http404
    results = network_results(network.pk, code, today=timezone.localdate())
    dims = results.dimensions
    low, high = results.scale
    ticks = list(range(low, high + 1, (high - low) // 4 if results.percent else 1))
    chosen = request.GET.get("dimension") or ""
    dips = results.dips()
    if chosen not in {d.code for d in dims}:
        chosen = dips[0][0].code if dips else (dims[0].code if dims else "")
    labels = [r.round.opens_on.strftime("%m-%Y") for r in results.rounds]
    dimension = next((d for d in dims if d.code == chosen), None)
    trend = None
    if dimension is not None:
        equal = [r.equal_voice.get(chosen) for r in results.rounds]
        resp = [s.mean if (s := r.respondent.get(chosen)) else None for r in results.rounds]
        series = [
            Series(_("Network (every organisation counts once)"), equal),
            Series(_("Network (every respondent counts once)"), resp),
        ]
        trend = {
            "title": _("Trend: %(dimension)s") % {"dimension": dimension.text},
            "svg": line_chart(
                title=_("Trend: %(dimension)s") % {"dimension": dimension.text},
                x_labels=labels,
                series=series,
                y_min=low,
                y_max=high,
                y_ticks=ticks,
            ),
            "series": series,
            "rows": [
                (label, [_fmt(s.values[i]) for s in series]) for i, label in enumerate(labels)
            ],
        }
    latest = results.latest
    comparison = None
    if latest is not None and latest.shown and latest.units:
        units = latest.units
        comparison = {
            "svg": dot_chart(
                title=_("Organisations compared with the network, %(round)s")
                % {"round": latest.round.title},
                rows=[
                    (
                        d.text,
                        latest.equal_voice.get(d.code),
                        [s.mean if (s := u.stats.get(d.code)) else None for u in units],
                    )
                    for d in dims
                ],
                unit_labels=[u.name for u in units],
                scale=(low, high),
                ticks=ticks,
            ),
            "units": units,
            "rows": [
                (
                    d,
                    _fmt(latest.equal_voice.get(d.code)),
                    _fmt(s.mean if (s := latest.respondent.get(d.code)) else None),
                    [
                        (_fmt(s.mean), _fmt(s.sd), s.n) if (s := u.stats.get(d.code)) else None
                        for u in units
                    ],
                )
                for d in dims
            ],
        }
    table = [
        (d, [(_fmt(r.equal_voice.get(d.code)), r.respondent.get(d.code)) for r in results.rounds])
        for d in dims
    ]
    return {
        "network": network,
        "instrument_code": code,
        "instruments": instruments,
        "results": results,
        "labels": labels,
        "dimension": dimension,
        "trend": trend,
        "comparison": comparison,
        "table": table,
        "dips": [(d, _fmt(b), _fmt(a)) for d, b, a in dips],
        "differences": [
            (d, _fmt(gap), [(n, _fmt(m)) for n, m in means])
            for d, gap, means in results.differences()[:5]
        ],
        "min_group": min_group_size(),
        "fmt": _fmt,
    }


@role_required(*READ_ROLES)
def results(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug)
    return render(request, "collaboration/results.html", _context(request, network))


@role_required(*READ_ROLES)
def results_pdf(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """For the steering group: the same figures on paper."""
    network = get_network_for(request.user, slug)
    context = _context(request, network)
    audit.record(
        EventType.PRINT,
        "collaboration.results.print",
        actor=request.user,
        request=request,
        obj=network,
        purpose="network collaboration",
    )
    html = render_to_string("collaboration/results_pdf.html", context, request=request)
    from weasyprint import HTML  # heavy import, only when printing

    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="samenwerking-{network.slug}.pdf"'
    return response


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_rows(results: Results) -> list[list[object]]:
    header: list[object] = [
        _("Round"),
        _("Opened on"),
        _("Dimension"),
        _("Group"),
        _("Respondents"),
        _("Mean"),
        _("Standard deviation"),
    ]
    rows: list[list[object]] = [header]
    for r in results.rounds:
        if not r.shown:
            continue
        for d in results.dimensions:
            groups = [(_("Network (every respondent counts once)"), r.respondent.get(d.code))]
            groups += [(u.name, u.stats.get(d.code)) for u in r.units]
            for name, stat in groups:
                if stat is not None:
                    sd = round(stat.sd, 2) if stat.sd is not None else ""
                    rows.append(
                        [
                            r.round.title,
                            r.round.opens_on.isoformat(),
                            d.text,
                            name,
                            stat.n,
                            round(stat.mean, 2),
                            sd,
                        ]
                    )
            equal = r.equal_voice.get(d.code)
            if equal is not None:
                rows.append(
                    [
                        r.round.title,
                        r.round.opens_on.isoformat(),
                        d.text,
                        _("Network (every organisation counts once)"),
                        "",
                        round(equal, 2),
                        "",
                    ]
                )
    return [[neutralise(cell) for cell in row] for row in rows]


@role_required(*READ_ROLES)
def results_export(request: AuthenticatedHttpRequest, slug: str, fmt: str) -> HttpResponse:
    network = get_network_for(request.user, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    context = _context(request, network)
    rows = export_rows(context["results"])
    audit.record(
        EventType.EXPORT,
        "collaboration.results.export",
        actor=request.user,
        request=request,
        obj=network,
        purpose="network collaboration",
        detail={"format": fmt, "instrument": context["instrument_code"]},
    )
    name = f"samenwerking-{network.slug}-{context['instrument_code']}"
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.create_sheet(title=_("Results")[:31], index=0)
    del book[book.sheetnames[1]]  # the empty default sheet
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
