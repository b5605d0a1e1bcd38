"""Checks of the plain arguments (choices, counts, tolerances) that several modules take."""

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


def choice(value: Any, choices: tuple[str, ...], name: str) -> str:
    """`value`, or InvalidInputError naming `name` and the choices unless it is one of them."""
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise InvalidInputError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def non_negative_int(value: Any, name: str) -> int:
    """`value` as an int, or InvalidInputError naming `name` unless it is an integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise InvalidInputError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def optional_limit(value: Any, name: str) -> int | None:
    """`value` as an int or None, or InvalidInputError unless it is None or an integer >= 0."""
    return None if value is None else non_negative_int(value, name)


def _real(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidInputError(f"{name} must be a number, got {value!r}")
    return float(value)


def open_unit(value: Any, name: str) -> float:
    """`value` as a float, or InvalidInputError naming `name` unless 0 < value < 1."""
    number = _real(value, name)
    if not 0.0 < number < 1.0:
        raise InvalidInputError(f"{name} must lie strictly between 0 and 1, got {value!r}")
    return number


def non_negative_real(value: Any, name: str) -> float:
    """`value` as a float, or InvalidInputError naming `name` unless it is finite and >= 0."""
    number = _real(value, name)
    if not 0.0 <= number < float("inf"):
        raise InvalidInputError(f"{name} must be finite and >= 0, got {value!r}")
    return number


def flag(value: Any, name: str) -> bool:
    """`value`, or InvalidInputError naming `name` unless it is True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidInputError(f"{name} must be True or False, got {value!r}")
    return bool(value)
