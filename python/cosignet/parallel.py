"""Thread count used by every parallel kernel of the core."""

from __future__ import annotations

import os

from cosignet import _core
from cosignet.errors import InvalidInputError

__all__ = ["get_num_threads", "set_num_threads"]

_ENV_VARIABLE = "COSIGNET_NUM_THREADS"


def set_num_threads(n: int | None) -> None:
    """Set how many threads cosignet's kernels use.

    Parameters
    ----------
    n : int or None
        A positive number of threads, or ``None`` (or 0) for all cores, the default.

    Raises
    ------
    InvalidInputError
        If `n` is not a non-negative integer.

    Examples
    --------
    >>> import cosignet as cs
    >>> cs.set_num_threads(1)
    >>> cs.get_num_threads()
    1
    >>> cs.set_num_threads(None)
    """
    if n is None:
        n = 0
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise InvalidInputError(f"n must be a non-negative integer or None, got {n!r}")
    _core.set_num_threads(n)


def get_num_threads() -> int:
    """Return how many threads cosignet's kernels use.

    Examples
    --------
    >>> import cosignet as cs
    >>> cs.get_num_threads() >= 1
    True
    """
    return int(_core.get_num_threads())


def _apply_environment() -> None:
    """Honour ``COSIGNET_NUM_THREADS`` at import time."""
    value = os.environ.get(_ENV_VARIABLE, "").strip()
    if not value:
        return
    try:
        set_num_threads(int(value))
    except (ValueError, InvalidInputError):
        raise InvalidInputError(
            f"{_ENV_VARIABLE} must be a non-negative integer, got {value!r}"
        ) from None
