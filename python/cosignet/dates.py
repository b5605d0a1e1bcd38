"""Finding the date a letter bears, in the common English and numeric forms."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["find_date", "parse_date"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 15 November 2021, 15th of November, 2021, Monday 15 Nov. 2021
    re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    # November 15, 2021 and November 15th 2021
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    # 2021-11-15, 2021/11/15, 2021.11.15
    re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)\b"),
    # 15/11/2021, 15.11.2021, 11/15/2021, 15-11-2021
    re.compile(
        r"\b(?P<first>[0-3]?\d)[/.-](?P<second>[01]?\d|[0-3]\d)[/.-](?P<year>(?:1[89]|20)\d\d)\b"
    ),
)


def _build(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """Return the first date written in `text`, or None.

    Numeric dates are read day first (``15/11/2021``) unless that is impossible and month
    first is not (``11/15/2021``); ISO dates are year, month, day.

    Examples
    --------
    >>> from cosignet.dates import parse_date
    >>> parse_date("London, 15th of November, 2021")
    datetime.date(2021, 11, 15)
    >>> parse_date("November 15, 2021"), parse_date("11/15/2021"), parse_date("2021-11-15")
    (datetime.date(2021, 11, 15), datetime.date(2021, 11, 15), datetime.date(2021, 11, 15))
    >>> parse_date("no date here") is None
    True
    """
    found: list[tuple[int, dt.date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            year = int(parts["year"])
            if parts.get("first") is not None:
                first, second = int(parts["first"]), int(parts["second"])
                date = _build(year, second, first) or _build(year, first, second)
            else:
                month_text = parts["month"].lower().rstrip(".")
                month = _MONTHS[month_text] if month_text in _MONTHS else int(month_text)
                date = _build(year, month, int(parts["day"]))
            if date is not None:
                found.append((match.start(), date))
                break
    return min(found)[1] if found else None


def find_date(lines: list[str]) -> tuple[int, dt.date] | None:
    """Return ``(index, date)`` of the first line of `lines` that holds a date, or None."""
    for index, line in enumerate(lines):
        date = parse_date(line)
        if date is not None:
            return index, date
    return None
