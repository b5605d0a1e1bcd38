"""Dates in the common English and numeric forms."""

from __future__ import annotations

import datetime as dt

import pytest

from cosignet.dates import parse_date

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
