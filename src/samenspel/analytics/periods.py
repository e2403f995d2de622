"""Fixed reporting periods. Figures are published per calendar quarter and only for quarters
that have ended: a rolling window ("the last twelve months") moves every day, and today's
figure minus yesterday's tells what happened to one family yesterday. A finished quarter shows
the same cells on every page and every day, and two quarters share no records to subtract."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: datetime.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def last_day(self) -> datetime.date:
        return self.next.first_day - datetime.timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    def __str__(self) -> str:
        return _("Q%(number)s %(year)s") % {"number": self.number, "year": self.year}


def complete_quarters(today: datetime.date, count: int = 4) -> list[Quarter]:
    """The last `count` quarters that have ended, oldest first."""
    quarters = [Quarter.of(today).previous]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous)
    return quarters[::-1]
