"""Dates in the common English and numeric forms."""

from __future__ import annotations

import datetime as dt

import pytest

import cosignet as cs
from cosignet.dates import _full_year, numeric_date, numeric_day_first, parse_date

NOV_15 = dt.date(2021, 11, 15)


@pytest.mark.parametrize(
    "text",
    [
        "15 November 2021",
        "15th November 2021",
        "15th of November, 2021",
        "Monday, 15 November 2021",
        "November 15, 2021",
        "Nov. 15, 2021",
        "November 15th 2021",
        "2021-11-15",
        "2021/11/15",
        "15/11/2021",
        "15.11.2021",
        "11/15/2021",
        "London, 15 Nov 2021",
    ],
)
def test_forms(text: str) -> None:
    assert parse_date(text) == NOV_15


def test_day_first_when_ambiguous() -> None:
    assert parse_date("03/04/2022") == dt.date(2022, 4, 3)


@pytest.mark.parametrize("text", ["", "no date", "31 February 2021", "99/99/2021", "May I ask"])
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_first_date_wins() -> None:
    assert parse_date("Sent 2 March 2020, received 5 March 2020") == dt.date(2020, 3, 2)


# ------------------------------------------------------------------ numeric dates in tables


def test_numeric_dates_read_in_the_order_given() -> None:
    assert numeric_date("03/04/2021", day_first=True) == dt.date(2021, 4, 3)
    assert numeric_date("03/04/2021", day_first=False) == dt.date(2021, 3, 4)
    assert numeric_date(" 3-4-2021 ", day_first=True) == dt.date(2021, 4, 3)
    assert numeric_date("3/4-2021", day_first=True) is None  # two separators: not this form
    assert numeric_date("2021-04-03", day_first=True) is None
    with pytest.raises(ValueError, match="day is out of range"):
        numeric_date("31/02/2021", day_first=True)


def test_two_digit_years_fall_within_fifty_years_of_today() -> None:
    today = dt.date(2026, 6, 1)
    assert [_full_year(y, today) for y in ("21", "75", "76", "99", "2021")] == [
        2021,
        2075,
        1976,
        1999,
        2021,
    ]


@pytest.mark.parametrize(
    ("cells", "dayfirst", "expected"),
    [
        (["13/04/2021", "03/04/2021"], None, (True, None)),
        (["04/13/2021", "03/04/2021"], None, (False, None)),
        (["07/07/2021", "2021-01-02", None, 5], None, (True, None)),  # nothing ambiguous
        (["99/99/2021", "03/04/2021"], False, (False, None)),  # not a date either way
        (["03/04/2021"], True, (True, None)),
    ],
)
def test_numeric_day_first(cells: list[object], dayfirst: bool | None, expected: object) -> None:
    assert numeric_day_first(enumerate(cells), dayfirst, "c") == expected


def test_numeric_day_first_refuses_what_cannot_hold() -> None:
    with pytest.raises(cs.InvalidInputError) as info:
        numeric_day_first([(0, "13/04/2021")], False, "c")
    assert str(info.value) == "c: '13/04/2021' (row 0) cannot be read month first (dayfirst=False)"
    with pytest.raises(cs.InvalidInputError) as info:
        numeric_day_first([(0, "04/13/2021"), (1, "13/04/2021")], None, "c")
    assert str(info.value) == (
        "c mixes day-first and month-first dates: '13/04/2021' (row 1) is day/month and "
        "'04/13/2021' (row 0) is month/day; write the dates as YYYY-MM-DD"
    )
