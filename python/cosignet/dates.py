"""Finding the date a letter bears, in the common English and numeric forms."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from cosignet.errors import InvalidInputError

__all__ = ["find_date", "numeric_date", "numeric_day_first", "parse_date"]

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


# ------------------------------------------------------------------ numeric dates in tables

#: A numeric date in a table cell: ``03/04/2021``, ``3.4.21``, ``03-04-2021`` (one separator).
_NUMERIC = re.compile(
    r"\s*(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})\s*", re.ASCII
)


def _full_year(text: str, today: dt.date | None = None) -> int:
    """Return a year as written; two digits fall within 50 years of today (as in pandas)."""
    year = int(text)
    if len(text) == 4:
        return year
    now = (today or dt.date.today()).year
    year += now // 100 * 100
    if year >= now + 50:
        year -= 100
    elif year < now - 50:
        year += 100
    return year


def numeric_date(text: str, day_first: bool) -> dt.date | None:
    """Read `text` if it is a numeric date ``a/b/year``; None if it is not one.

    Raises ValueError when it has the form but is not a calendar date (``31/02/2021``).

    Examples
    --------
    >>> from cosignet.dates import numeric_date
    >>> numeric_date("03/04/2021", day_first=True), numeric_date("03/04/2021", day_first=False)
    (datetime.date(2021, 4, 3), datetime.date(2021, 3, 4))
    >>> numeric_date("2021-04-03", day_first=True) is None
    True
    """
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return None
    a, b = int(match["a"]), int(match["b"])
    day, month = (a, b) if day_first else (b, a)
    return dt.date(_full_year(match["year"]), month, day)


def numeric_day_first(
    cells: Iterable[tuple[Any, Any]], dayfirst: bool | None, column: str
) -> tuple[bool, str | None]:
    """Choose one day/month order for the numeric dates of one table column.

    Parameters
    ----------
    cells : iterable of (row label, value)
        The column's cells; only text in the form ``a/b/year`` counts.
    dayfirst : bool or None
        The order asked for, or None to take it from the dates that can be read only one way
        (``13/04/2021`` is day first, ``04/13/2021`` month first), day first if none can.
    column : str
        How messages name the column (``"df['date']"``).

    Returns
    -------
    (bool, str or None)
        Whether to read day first, and a warning to give when the order was a guess
        (every numeric date could be read both ways), else None.

    Raises
    ------
    InvalidInputError
        When the column holds dates that can only be day first and dates that can only be
        month first, or (with `dayfirst` given) a date that cannot be read in that order,
        naming the rows.

    Examples
    --------
    >>> from cosignet.dates import numeric_day_first
    >>> numeric_day_first([(2, "03/04/2021"), (3, "04/13/2021")], None, "df['date']")
    (False, None)
    >>> numeric_day_first([(2, "03/04/2021")], None, "df['date']")[1]  # doctest: +ELLIPSIS
    "df['date']: 1 date such as '03/04/2021' (row 2) could be day/month or month/day; read ..."
    """
    day_only: tuple[Any, str] | None = None
    month_only: tuple[Any, str] | None = None
    ambiguous: list[tuple[Any, str]] = []
    for label, value in cells:
        if not isinstance(value, str) or (match := _NUMERIC.fullmatch(value)) is None:
            continue
        a, b = int(match["a"]), int(match["b"])
        if not (1 <= a <= 31 and 1 <= b <= 31):
            continue  # not a date either way: reading it says so
        if a > 12 >= b:
            day_only = day_only or (label, value.strip())
        elif b > 12 >= a:
            month_only = month_only or (label, value.strip())
        elif a <= 12 and b <= 12 and a != b:
            ambiguous.append((label, value.strip()))
    if day_only and month_only:
        raise InvalidInputError(
            f"{column} mixes day-first and month-first dates: {day_only[1]!r} (row "
            f"{day_only[0]!r}) is day/month and {month_only[1]!r} (row {month_only[0]!r}) is "
            "month/day; write the dates as YYYY-MM-DD"
        )
    found = True if day_only else False if month_only else None
    against = month_only if dayfirst else day_only
    if dayfirst is not None and against is not None:
        label, text = against
        raise InvalidInputError(
            f"{column}: {text!r} (row {label!r}) cannot be read "
            f"{'day' if dayfirst else 'month'} first (dayfirst={dayfirst})"
        )
    chosen = dayfirst if dayfirst is not None else found
    if chosen is not None or not ambiguous:
        return (True if chosen is None else chosen), None
    label, text = ambiguous[0]
    read = numeric_date(text, day_first=True) or dt.date.min
    count = f"{len(ambiguous)} date" + ("" if len(ambiguous) == 1 else "s")
    return True, (
        f"{column}: {count} such as {text!r} (row {label!r}) could be day/month or "
        f"month/day; read day first ({read.day} {read:%B %Y}); pass dayfirst=False to read them "
        "month first"
    )
