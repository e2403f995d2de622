"""Small-cell suppression: aggregates for policy makers only above a minimum cell size
(DOMAIN.md §6), so no figure can point to one family.

A count below the minimum is shown as "fewer than N". Where a breakdown also shows its total,
one hidden cell could be worked out by subtraction, so the next-smallest cell is hidden with it
(complementary suppression), as statistics offices do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


def min_cell_size() -> int:
    return int(settings.ANALYTICS_MIN_CELL_SIZE)


@dataclass(frozen=True)
class Cell:
    """One published figure: the count, or None when it is suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


def cell(count: int) -> Cell:
    # Zero reveals nothing about anyone and is shown as it is.
    return Cell(count if count == 0 or count >= min_cell_size() else None)


def breakdown(counts: dict[str, int], *, with_total: bool) -> dict[str, Cell]:
    """Suppress each small cell; with a published total, hide enough cells that none can be
    derived from the others."""
    cells = {key: cell(count) for key, count in counts.items()}
    hidden = [key for key, value in cells.items() if value.suppressed]
    if with_total and len(hidden) == 1:
        shown = sorted(
            (count, key) for key, count in counts.items() if key not in hidden and count > 0
        )
        if shown:
            cells[shown[0][1]] = Cell(None)
    return cells


def share(part: int, whole: int) -> int | None:
    """A percentage, published only when both counts may be."""
    if whole < min_cell_size() or (0 < part < min_cell_size()):
        return None
    return round(100 * part / whole)
