"""Bar pictures of the insight page, drawn on the server as SVG (as `plans.charts`): no chart
JavaScript, readable in the PDF, and each goes with a table of the same numbers beside it.
A suppressed value is simply not drawn; its label says so ("not shown")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samenspel.plans.charts import PALETTE


@dataclass(frozen=True)
class Bar:
    label: str
    parts: Sequence[float]  # stacked from the left; empty when not shown
    low: float | None = None  # interval around the sum of the parts
    high: float | None = None


def bar_chart(
    *, title: str, bars: Sequence[Bar], legend: Sequence[str], unit: str = ""
) -> SafeString:
    """Horizontal bars, stacked parts in the palette's colours, a 95 % interval as a
    whisker, the value written at the end of each bar."""
    label_w, right, row_h, top = 200, 90, 28, 8
    width = 640
    legend_h = 22 if len(legend) > 1 else 0
    height = top + row_h * max(len(bars), 1) + legend_h + 8
    plot_w = width - label_w - right
    largest = max([sum(b.parts) for b in bars if b.parts] + [b.high or 0 for b in bars] + [1e-9])

    def x(value: float) -> float:
        return label_w + plot_w * max(value, 0) / largest

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="samenspel-chart" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = top + i * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" font-size="12" '
            f'fill="#333">{escape(bar.label[:30])}</text>'
        )
        if not bar.parts:
            parts.append(
                f'<text x="{label_w + 4}" y="{y + 18}" font-size="12" fill="#555">'
                f"{escape(_('not shown'))}</text>"
            )
            continue
        start = 0.0
        for n, value in enumerate(bar.parts):
            colour = PALETTE[n % len(PALETTE)]
            parts.append(
                f'<rect x="{x(start):.1f}" y="{y + 5}" width="{x(start + value) - x(start):.1f}" '
                f'height="{row_h - 10}" fill="{colour}"/>'
            )
            start += value
        if bar.low is not None and bar.high is not None:
            mid = y + row_h / 2
            parts.append(
                f'<line x1="{x(bar.low):.1f}" x2="{x(bar.high):.1f}" y1="{mid:.1f}" '
                f'y2="{mid:.1f}" stroke="#000" stroke-width="1.5"/>'
                f'<line x1="{x(bar.low):.1f}" x2="{x(bar.low):.1f}" y1="{mid - 6:.1f}" '
                f'y2="{mid + 6:.1f}" stroke="#000" stroke-width="1.5"/>'
                f'<line x1="{x(bar.high):.1f}" x2="{x(bar.high):.1f}" y1="{mid - 6:.1f}" '
                f'y2="{mid + 6:.1f}" stroke="#000" stroke-width="1.5"/>'
            )
        end = max(start, bar.high or 0)
        parts.append(
            f'<text x="{x(end) + 6:.1f}" y="{y + 18}" font-size="12" fill="#333">'
            f"{escape(unit)}{start:,.0f}</text>"
        )
    if len(legend) > 1:
        y = top + row_h * max(len(bars), 1) + 4
        for n, name in enumerate(legend):
            lx, colour = label_w + n * 160, PALETTE[n % len(PALETTE)]
            parts.append(
                f'<rect x="{lx}" y="{y}" width="12" height="12" fill="{colour}"/>'
                f'<text x="{lx + 18}" y="{y + 11}" font-size="12" fill="#333">'
                f"{escape(name)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
