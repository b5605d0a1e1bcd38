"""Checks of the plain arguments (counts, tolerances) that several modules take."""

from __future__ import annotations

from typing import Any

import numpy as np

from cosignet.errors import InvalidInputError


def positive_int(value: Any, name: str) -> int:
    """`value` as an int, or InvalidInputError naming `name` unless it is an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidInputError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def tolerance(tol: Any) -> float:
    """`tol` as a float, or InvalidInputError unless it is a number in (0, 1)."""
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not 0 < tol < 1:
        raise InvalidInputError(f"tol must be a number in (0, 1), got {tol!r}")
    return float(tol)
