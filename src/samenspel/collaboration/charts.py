"""The organisation comparison as an SVG dot chart: one row per dimension, one marker per
organisation and a bar for the network. Drawn on the server like `plans.charts` (no chart
JavaScript, readable in the PDF); a table with the same numbers always stands beside it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

from samenspel.plans.charts import MARKERS, PALETTE, _marker


def dot_chart(
    *,
    title: str,
    rows: Sequence[tuple[str, float | None, Sequence[float | None]]],
    unit_labels: Sequence[str],
    scale: tuple[int, int] = (1, 5),
    ticks: Sequence[int] | None = None,
    width: int = 640,
) -> SafeString:
    """rows: (dimension, network figure, one figure per unit); None = not shown."""
    left, right, top, row_h = 250, 16, 24, 26
    height = top + row_h * len(rows) + 40 + 18 * len(unit_labels)
    low, high = scale
    plot_w = width - left - right

    def x(value: float) -> float:
        return left + plot_w * (value - low) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="samenspel-chart" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    parts.extend(
        f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top - 8}" '
        f'y2="{top + row_h * len(rows)}" stroke="#ccc"/>'
        f'<text x="{x(tick):.1f}" y="{top - 10}" text-anchor="middle" font-size="12" '
        f'fill="#333">{tick}</text>'
        for tick in (ticks or range(low, high + 1))
    )
    for i, (label, network, values) in enumerate(rows):
        cy = top + row_h * i + row_h / 2
        short = label if len(label) <= 38 else label[:36] + "…"
        parts.append(
            f'<text x="{left - 8}" y="{cy + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#333">{escape(short)}</text>'
        )
        if network is not None:
            parts.append(
                f'<rect x="{x(network) - 1.5:.1f}" y="{cy - 10:.1f}" width="3" height="20" '
                f'fill="#000"><title>{escape(label)}: {number_format(network, 1)}</title></rect>'
            )
        for n, value in enumerate(values):
            if value is not None:
                colour, marker = PALETTE[n % len(PALETTE)], MARKERS[n % len(MARKERS)]
                tip = f"{unit_labels[n]} · {label}: {number_format(value, 1)}"
                parts.append(_marker(marker, x(value), cy, colour, tip))
    legend_y = top + row_h * len(rows) + 24
    for n, unit in enumerate(unit_labels):
        colour, marker = PALETTE[n % len(PALETTE)], MARKERS[n % len(MARKERS)]
        y = legend_y + 18 * n
        parts.append(_marker(marker, left, y, colour, unit))
        parts.append(
            f'<text x="{left + 12}" y="{y + 4}" font-size="12" fill="#333">{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
