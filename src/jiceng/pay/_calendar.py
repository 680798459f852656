"""Calendar arithmetic for service years and probation: whole years and months from a date."""

from __future__ import annotations

import calendar
import datetime

__all__ = ["add_months", "add_years", "full_years"]


def full_years(start: datetime.date, on: datetime.date) -> int:
    """Return the full years from ``start`` to ``on`` (0 before ``start``).

    Examples
    --------
    >>> full_years(datetime.date(2014, 3, 1), datetime.date(2026, 2, 28))
    11
    >>> full_years(datetime.date(2014, 3, 1), datetime.date(2026, 3, 1))
    12
    >>> full_years(datetime.date(2020, 2, 29), datetime.date(2023, 2, 28))
    2
    """
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """Return the same day ``years`` later; 29 February becomes 1 March in a common year.

    A day past the calendar's end (year 9999) is :attr:`datetime.date.max`, which every
    recorded date precedes.

    Examples
    --------
    >>> add_years(datetime.date(2014, 3, 1), 12), add_years(datetime.date(2020, 2, 29), 3)
    (datetime.date(2026, 3, 1), datetime.date(2023, 3, 1))
    >>> add_years(datetime.date(9990, 1, 1), 12)
    datetime.date(9999, 12, 31)
    """
    if day.year + years > datetime.MAXYEAR:
        return datetime.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the year is full on 1 March
        return datetime.date(day.year + years, 3, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day ``months`` later, or the month's last day where it is shorter.

    Examples
    --------
    >>> add_months(datetime.date(2025, 10, 15), 6), add_months(datetime.date(2025, 8, 31), 6)
    (datetime.date(2026, 4, 15), datetime.date(2026, 2, 28))

    A day past the calendar's end (year 9999) is :attr:`datetime.date.max`:

    >>> add_months(datetime.date(9999, 12, 15), 1)
    datetime.date(9999, 12, 31)
    """
    month = day.month - 1 + months
    year = day.year + month // 12
    if year > datetime.MAXYEAR:
        return datetime.date.max
    month = month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
