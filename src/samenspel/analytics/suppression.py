"""Small-cell suppression that holds across every figure on a page (DOMAIN.md §6: aggregates
for policy makers only above a minimum cell size, so no figure can point to one family).

A page publishes many figures about one group of records (the closures of one network in one
quarter, say): a total, a breakdown by reason, indicator counts and shares. Suppressing each
small figure on its own is not enough, because the others can be combined to work it out: a
total minus the shown cells of a breakdown, an indicator that is the sum of two reasons, a
share next to its whole, a zero next to a hidden total. Statistics offices audit such linked
tables as a system of linear equations (τ-ARGUS does the same), and so does this module:

1. Every figure is the number of records in some set of *atoms* (the cross-classification of
   the group by everything the page shows).
2. Primary suppression: a figure between 1 and N−1 is hidden and shown as "fewer than N".
   A zero is hidden too when it lies inside a small figure: "none of these few families had X"
   tells something about each of them.
3. The audit: for every small figure (shown or only derivable, like the "no" side of a share),
   a linear programme asks how narrowly an attacker who knows every shown figure, the shape of
   the data and the suppression rule can bound it. Too narrow: the cheapest shown figure that
   widens the bound is hidden as well (complementary suppression), until every small figure is
   protected.

Periods are protected by never publishing overlapping windows: callers group records by fixed
calendar periods, and each period is audited on its own, so the same quarter shows the same
cells on every page and every day, and two consecutive periods share nothing to subtract.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

# One cell of the cross-classification: any hashable value (a tuple of categories, usually).
Atom = Any

SMALL = "small"  # below the minimum cell size (or a zero inside a small group)
LINKED = "linked"  # hidden so that a small figure elsewhere cannot be worked out


def min_cell_size() -> int:
    return int(settings.ANALYTICS_MIN_CELL_SIZE)


def protection_width(threshold: int) -> int:
    """How wide the attacker's bound on a small figure must stay: half of the "fewer than N"
    range, so nobody narrows a hidden 1 down to "1 or 2"."""
    return max(1, (threshold - 1) // 2)


@dataclass(frozen=True)
class Cell:
    """One published figure: its count, or None when it is suppressed, and why."""

    value: int | None
    threshold: int = 0
    reason: str = ""

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def small(self) -> bool:
        return self.reason == SMALL


def shown(value: int, threshold: int | None = None) -> Cell:
    return Cell(value, min_cell_size() if threshold is None else threshold)


def cell(count: int) -> Cell:
    """A figure that stands alone (no total or share published next to it)."""
    threshold = min_cell_size()
    if count == 0 or count >= threshold:
        return Cell(count, threshold)
    return Cell(None, threshold, SMALL)


def share(part: int, whole: int) -> int | None:
    """A percentage, published only when neither the part nor the rest is a small group:
    with the whole shown, 92 % of 12 says that exactly one family did not."""
    threshold = min_cell_size()
    if whole < threshold:
        return None
    if 0 < part < threshold or 0 < whole - part < threshold:
        return None
    return round(100 * part / whole)


def share_of(part: Cell, whole: Cell) -> int | None:
    """The percentage of two audited cells: only when both are shown."""
    if part.value is None or whole.value is None or whole.value == 0:
        return None
    return round(100 * part.value / whole.value)


@dataclass(frozen=True)
class Figure:
    """A figure about the group: the records in the atoms `includes` accepts. A figure that is
    not published (the "no" side of a yes/no indicator) is still protected, because it can be
    derived from the total and the "yes" side."""

    key: str
    includes: Callable[[Atom], bool]
    published: bool = True


def protect(
    counts: Mapping[Atom, int],
    possible: Iterable[Atom],
    figures: Sequence[Figure],
    *,
    threshold: int | None = None,
    decided: Mapping[str, Cell] | None = None,
) -> dict[str, Cell]:
    """Suppress the figures of one group so that no small figure can be worked out from the
    others. `possible` is every atom the data could hold: what an attacker knows of the
    data's shape (a structural zero they know about but the audit does not would make the
    audit too lenient, so list only atoms the code can really produce).

    `decided`: figures another page already publishes about the same group, as that page's
    audit decided them (shown, or hidden and why). They bind the attacker here too, but this
    audit never hides them (that page shows them regardless): complementary suppression
    falls on this page's own figures. They are not returned."""
    n = min_cell_size() if threshold is None else threshold
    fixed = dict(decided or {})
    # Atoms that every figure treats alike are one variable to the attacker: merge them, so
    # the audit's programme has a handful of columns, not the whole cross-classification.
    merged: dict[tuple[bool, ...], int] = {}
    for atom in dict.fromkeys([*possible, *counts]):
        signature = tuple(bool(f.includes(atom)) for f in figures)
        merged[signature] = merged.get(signature, 0) + counts.get(atom, 0)
    signatures = list(merged)
    members = {
        f.key: [i for i, signature in enumerate(signatures) if signature[j]]
        for j, f in enumerate(figures)
    }
    values = {f.key: sum(merged[signatures[i]] for i in members[f.key]) for f in figures}
    if n <= 1:
        return {f.key: Cell(values[f.key], n) for f in figures if f.published}
    small = {key for key, value in values.items() if 0 < value < n}
    hidden: dict[str, str] = {f.key: SMALL for f in figures if f.published and f.key in small}
    for key, decided_cell in fixed.items():
        if decided_cell.suppressed:
            hidden[key] = decided_cell.reason or LINKED
        else:
            hidden.pop(key, None)
    # A zero inside a small group: "none of these few had X" is about each of them.
    for f in figures:
        if f.published and values[f.key] == 0 and f.key not in hidden and f.key not in fixed:
            inside = set(members[f.key])
            if any(inside <= set(members[s]) for s in small if members[s]):
                hidden[f.key] = SMALL
    if not small:
        return {
            f.key: Cell(None, n, hidden[f.key]) if f.key in hidden else Cell(values[f.key], n)
            for f in figures
            if f.published and f.key not in fixed
        }
    audit = _Audit(len(signatures), members, values, n, published=audit_for(figures))
    target = protection_width(n)
    own = [f for f in figures if f.key not in fixed]
    for key in sorted(small, key=lambda k: (values[k], k)):
        while audit.width(key, hidden) < target:
            candidate = _best_complement(audit, key, hidden, own, target)
            if candidate is None:
                break
            hidden[candidate] = LINKED
    return {
        f.key: Cell(None, n, hidden[f.key]) if f.key in hidden else Cell(values[f.key], n)
        for f in own
        if f.published
    }


def _best_complement(
    audit: _Audit, key: str, hidden: dict[str, str], figures: Sequence[Figure], target: int
) -> str | None:
    """The smallest shown figure whose hiding protects `key`, else the one that widens its
    bound most; None when hiding more cannot help (then every figure is already hidden)."""
    candidates = sorted(
        (audit.values[f.key], f.key)
        for f in figures
        if f.published and f.key not in hidden and audit.values[f.key] > 0
    )
    best, best_width = None, audit.width(key, hidden)
    for _value, other in candidates:
        width = audit.width(key, {**hidden, other: LINKED})
        if width >= target:
            return other
        if width > best_width:
            best, best_width = other, width
    if best is None and candidates:
        # No single figure helps (two must go together): hide the smallest and look again.
        return candidates[0][1]
    return best


class _Audit:
    """The attacker's view as a linear programme over the atom counts (all ≥ 0)."""

    def __init__(
        self,
        size: int,
        members: dict[str, list[int]],
        values: dict[str, int],
        threshold: int,
        *,
        published: frozenset[str],
    ) -> None:
        self.size, self.members, self.values, self.n = size, members, values, threshold
        self.published = published

    def width(self, key: str, hidden: Mapping[str, str]) -> float:
        low = self._bound(key, hidden, sign=1)
        high = self._bound(key, hidden, sign=-1)
        if high is None:
            return math.inf
        # Counts are whole numbers: the attacker rounds the bounds inwards.
        return math.floor(high + 1e-9) - math.ceil((low or 0) - 1e-9)

    def _bound(self, key: str, hidden: Mapping[str, str], *, sign: int) -> float | None:
        from scipy.optimize import linprog

        objective = [0.0] * self.size
        for i in self.members[key]:
            objective[i] = float(sign)
        equal_rows, equal_values, upper_rows, upper_values = [], [], [], []
        for other, atoms in self.members.items():
            row = [0.0] * self.size
            for i in atoms:
                row[i] = 1.0
            value = self.values[other]
            reason = hidden.get(other)
            if reason is None and other in self.published:
                equal_rows.append(row)
                equal_values.append(float(value))
            elif reason == SMALL:
                # "fewer than N": 0..N-1 for a hidden zero, else (conservatively) 1..N-1.
                upper_rows.append(row)
                upper_values.append(float(self.n - 1))
                if value > 0:
                    upper_rows.append([-x for x in row])
                    upper_values.append(-1.0)
            elif reason == LINKED:
                # Conservatively assume the attacker knows a linked cell is not small.
                upper_rows.append([-x for x in row])
                upper_values.append(-float(self.n))
        result = linprog(
            objective,
            A_ub=upper_rows or None,
            b_ub=upper_values or None,
            A_eq=equal_rows or None,
            b_eq=equal_values or None,
            bounds=(0, None),
            method="highs",
        )
        if result.status == 3:  # unbounded
            return None
        if result.status != 0:  # the true data always satisfies the system
            raise RuntimeError(result.message)
        return sign * float(result.fun)


def audit_for(figures: Sequence[Figure]) -> frozenset[str]:
    return frozenset(f.key for f in figures if f.published)
