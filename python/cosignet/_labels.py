"""Node labels: checking them and turning label sequences into integer codes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet.errors import InvalidInputError


def _as_1d(values: Iterable[Any], name: str) -> npt.NDArray[Any]:
    """Return `values` as a one-dimensional array, refusing scalars and strings."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidInputError(f"{name} must be a sequence of labels, got {type(values).__name__}")
    if isinstance(values, (pd.Series, pd.Index)):
        array = values.to_numpy()
    elif isinstance(values, np.ndarray):
        array = values
    else:
        items = list(values)
        try:
            array = np.asarray(items)
        except ValueError:  # ragged items such as tuples of different lengths
            array = np.empty(0)
        if array.dtype.kind in "US" and not all(isinstance(i, (str, bytes)) for i in items):
            array = np.empty(0)  # numbers among strings: NumPy would turn them into strings
        if array.ndim != 1 or len(array) != len(items):
            # Tuples are labels, not rows: keep each item whole in an object array.
            array = np.empty(len(items), dtype=object)
            array[:] = [None] * len(items)
            for position, item in enumerate(items):
                array[position] = item
    if array.ndim != 1:
        raise InvalidInputError(f"{name} must be one-dimensional, got shape {array.shape}")
    return np.asarray(array)


def _first_missing(array: npt.NDArray[Any] | pd.Index) -> int | None:
    """Position of the first missing value (None, NaN, NA), or None."""
    missing = np.flatnonzero(pd.isna(array))
    return int(missing[0]) if missing.size else None


def labels_index(values: Iterable[Any] | None, size: int | None, name: str) -> pd.Index:
    """Check `values` as `size` unique, non-missing labels; None means ``0 .. size-1``.

    A `size` of None takes as many labels as there are. A ``pandas.Index`` that passes is
    kept as it is (an Index is immutable), anything else becomes a new one.
    """
    if values is None:
        if size is None:
            raise InvalidInputError(f"{name} must be given")
        return pd.RangeIndex(size)
    if (
        isinstance(values, pd.Index)
        and not isinstance(values, pd.MultiIndex)
        and (
            values.dtype != object  # an object Index is inferred anew (strings become str dtype)
        )
    ):
        array = values
    else:
        array = _as_1d(values, name)
    if size is not None and len(array) != size:
        raise InvalidInputError(f"{name} has {len(array)} labels but the matrix has {size}")
    # An Index caches whether it has missing values (copies of it share the cache).
    has_missing = array.hasnans if isinstance(array, pd.Index) else True
    position = _first_missing(array) if has_missing else None
    if position is not None:
        raise InvalidInputError(f"{name}[{position}] is missing ({array[position]!r})")
    index = array if isinstance(array, pd.Index) else pd.Index(array)
    if not index.is_unique:
        repeated = index[index.duplicated()][0]
        raise InvalidInputError(f"{name} must be unique; {repeated!r} appears more than once")
    return index


def attribute_table(table: Any, labels: pd.Index, name: str) -> pd.DataFrame:
    """Node attributes aligned with `labels` (rows for labels it lacks are left empty).

    The result is a new DataFrame: later changes to `table` do not reach it.
    """
    if table is None:
        return pd.DataFrame(index=labels)
    if not isinstance(table, pd.DataFrame):
        raise InvalidInputError(
            f"{name} must be a DataFrame indexed by label, got {type(table).__name__}"
        )
    require_unique(table.index, f"{name} repeats the label {{!r}}")
    return table.reindex(labels)


def factorize(
    values: Iterable[Any], name: str, known: pd.Index | None = None
) -> tuple[npt.NDArray[np.int64], pd.Index]:
    """Integer codes and labels (in order of first appearance, after `known`) of `values`."""
    array = _as_1d(values, name)
    # An Index caches whether it has missing values (copies of it share the cache).
    has_missing = array.hasnans if isinstance(array, pd.Index) else True
    position = _first_missing(array) if has_missing else None
    if position is not None:
        raise InvalidInputError(f"{name}[{position}] is missing ({array[position]!r})")
    if known is not None and len(known):
        combined = np.concatenate([known.to_numpy(dtype=object), array.astype(object)])
        codes, uniques = pd.factorize(combined)
        return codes[len(known) :].astype(np.int64, copy=False), pd.Index(uniques)
    codes, uniques = pd.factorize(array)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def lookup(index: pd.Index, label: Any, name: str) -> int:
    """Position of `label` in `index`, with an error that names the unknown label."""
    try:
        position = index.get_loc(label)
    except (KeyError, TypeError):
        raise InvalidInputError(f"unknown {name} {label!r}") from None
    if not isinstance(position, (int, np.integer)):
        raise InvalidInputError(f"{name} {label!r} is not a unique label")
    return int(position)


def by_label(values: Any, labels: pd.Index, name: str) -> pd.Series:
    """`values` (a Series or mapping keyed by node label) aligned with `labels`.

    Labels it lacks get NaN; a label it repeats is an InvalidInputError naming it.
    """
    from collections.abc import Mapping

    if isinstance(values, Mapping):
        series = pd.Series(values, dtype=object) if values else pd.Series([], dtype=object)
    elif isinstance(values, pd.Series):
        series = values
    else:
        raise InvalidInputError(
            f"{name} must be a Series or mapping keyed by node label, got {type(values).__name__}"
        )
    require_unique(series.index, f"{name} gives node {{!r}} more than one value")
    return series.reindex(labels)


def require_unique(index: pd.Index, message: str) -> None:
    """Raise InvalidInputError with `message` (a format string for the label) on a repeat."""
    if not index.is_unique:
        raise InvalidInputError(message.format(index[index.duplicated()].tolist()[0]))
