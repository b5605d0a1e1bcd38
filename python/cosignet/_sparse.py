"""Canonical CSR arrays: the one place Python data is checked and shaped for the core.

Every matrix handed to the core is a ``scipy.sparse.csr_array`` with ``int64`` indptr and
indices, ``float64`` data, sorted indices and no duplicates; the core reads those arrays in
place (no copy) and returns new arrays that NumPy owns (no copy either).

The arrays a Graph or Bipartite keeps are *frozen*: read-only for good, and handed out only as
read-only views inside a new ``csr_array`` (:func:`handed_out`), so neither a write into them
nor an attribute assignment on what a caller was given can change the object. The core checks
the structure of every CSR matrix it is given once more (``csr_view`` in the bindings, O(nnz)),
so arrays changed behind cosignet's back raise InvalidInputError instead of crashing.
"""

from __future__ import annotations

import copy
import itertools
import operator
import weakref
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from cosignet import _core
from cosignet._memory import available_bytes, human_bytes
from cosignet.errors import InvalidInputError, TooLargeError

IndexArray = npt.NDArray[np.int64]
ScalarArray = npt.NDArray[np.float64]
CsrArgs = tuple[int, int, IndexArray, IndexArray, ScalarArray]

#: The arrays owning the memory of every frozen array, by id (an entry dies with its array).
_FROZEN: weakref.WeakValueDictionary[int, np.ndarray] = weakref.WeakValueDictionary()


def _owner(array: np.ndarray) -> np.ndarray:
    """Return the last NumPy array in `array`'s chain of bases: its flags guard the memory."""
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def freeze(array: np.ndarray) -> np.ndarray:
    """Make `array`, which nothing else may write to, read-only and remember it as frozen."""
    owner = _owner(array)
    owner.flags.writeable = False
    array.flags.writeable = False
    _FROZEN[id(owner)] = owner
    return array


def is_frozen(array: Any) -> bool:
    """Tell whether `array` is a read-only view of memory that :func:`freeze` froze."""
    if not isinstance(array, np.ndarray) or array.flags.writeable:
        return False
    owner = _owner(array)
    return _FROZEN.get(id(owner)) is owner and not owner.flags.writeable


def wrap_csr(
    indptr: IndexArray, indices: IndexArray, data: ScalarArray, shape: tuple[int, int]
) -> sp.csr_array:
    """Wrap three canonical arrays, which nothing else may write to, as a ``csr_array``.

    The arrays are frozen (:func:`freeze`) and attached directly, without a copy, because
    scipy's constructor may copy ``int64`` indices into ``int32`` ones when they fit.
    """
    matrix = sp.csr_array(shape, dtype=np.float64)
    matrix.indptr = freeze(indptr)
    matrix.indices = freeze(indices)
    matrix.data = freeze(data)
    matrix.has_sorted_indices = True
    matrix.has_canonical_format = True
    return matrix


def handed_out(matrix: sp.csr_array) -> sp.csr_array:
    """Return a new ``csr_array`` over read-only views of `matrix`'s arrays, for a caller.

    O(1). Writing into its arrays raises ValueError (so do scipy's in-place methods such as
    ``eliminate_zeros``); assigning new arrays to it changes only the copy handed out.
    """
    out = copy.copy(matrix)
    out.indptr = matrix.indptr.view()
    out.indices = matrix.indices.view()
    out.data = matrix.data.view()
    return out


def csr_args(matrix: sp.csr_array) -> CsrArgs:
    """Return ``(rows, cols, indptr, indices, data)`` as the core's functions take them."""
    rows, cols = matrix.shape
    return int(rows), int(cols), matrix.indptr, matrix.indices, matrix.data


def entry_rows(matrix: sp.csr_array) -> IndexArray:
    """Return the row of each stored entry of a CSR matrix, in storage order."""
    rows: IndexArray = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    return rows


def transpose(matrix: sp.csr_array) -> sp.csr_array:
    """Transpose a canonical CSR matrix in the core (sorted indices, no scipy round trip)."""
    indptr, indices, data = _core.transpose(*csr_args(matrix))
    return wrap_csr(indptr, indices, data, (matrix.shape[1], matrix.shape[0]))


def weight_array(weights: Any, n: int, per: str) -> ScalarArray | None:
    """`weights` as a contiguous float64 array of `n` values (one per `per`), or None.

    Positivity and finiteness are checked by the core, which names the position.
    """
    if weights is None:
        return None
    try:
        array = np.ascontiguousarray(np.asarray(list(weights), dtype=np.float64))
    except (TypeError, ValueError) as error:
        raise InvalidInputError(f"weights must be numbers: {error}") from None
    if array.ndim != 1 or array.shape[0] != n:
        raise InvalidInputError(
            f"weights must have one value per {per} ({n}), got shape {array.shape}"
        )
    return array


# ------------------------------------------------------------------ checking caller matrices


def canonical_csr(matrix: Any, name: str, allow_empty: bool = False) -> tuple[sp.csr_array, bool]:
    """Check a caller's matrix and return it as canonical CSR with frozen arrays.

    Accepts any scipy sparse matrix or array (any format) and anything ``np.asarray`` reads as
    a two-dimensional array of real numbers. Values must be finite and non-negative; explicit
    zeros are dropped and duplicate entries summed, as scipy reads them. Nothing of the
    caller's is modified or kept: the entries are copied once, except when the arrays already
    are frozen arrays of cosignet (such as another object's matrix), which are checked and
    shared. Every step is O(rows + cols + nnz) and safe on arbitrary arrays (scipy's own
    conversions are not: a CSC or LIL matrix with out-of-range entries overruns memory).

    Returns
    -------
    (matrix, in_order)
        The canonical matrix, and whether its stored entries are the caller's, in the
        caller's storage order (nothing sorted, merged or dropped).

    Raises
    ------
    InvalidInputError
        On a shape that is not two-dimensional (or empty, unless `allow_empty`), a dtype that
        is not real numbers, inconsistent arrays (indptr, indices and data that do not fit
        together or the shape), an entry outside the shape, or a NaN, infinite or negative
        value; the message names `name` and the position.
    TooLargeError
        When the shape alone (its row and column offsets) would not fit in memory.
    """
    if sp.issparse(matrix):
        shape = _shape_of(getattr(matrix, "shape", None), name)
        _refuse_empty_or_huge(shape, name, allow_empty)
        if _frozen_csr(matrix, shape):
            try:
                _core.validate_csr(*shape, matrix.indptr, matrix.indices, matrix.data, name, True)
            except InvalidInputError:
                pass  # checked and canonicalised like anyone's arrays below
            else:
                return wrap_csr(matrix.indptr, matrix.indices, matrix.data, shape), True
        copied = _canonical_copy(matrix, shape, name)
        if copied is not None:
            return copied, True
        rows, cols, values = _entries(matrix, shape, name)
    else:
        try:
            dense = np.asarray(matrix)
        except (TypeError, ValueError) as error:
            raise InvalidInputError(f"{name} cannot be read as a matrix: {error}") from None
        shape = _shape_of(dense.shape, name)
        _refuse_empty_or_huge(shape, name, allow_empty)
        _require_real(dense.dtype, name)
        row_positions, col_positions = np.nonzero(dense)
        values = dense[row_positions, col_positions].astype(np.float64)
        rows, cols = row_positions.astype(np.int64), col_positions.astype(np.int64)
    return _canonical_from_entries(rows, cols, values, shape, name)


def _shape_of(shape: Any, name: str) -> tuple[int, int]:
    if not isinstance(shape, tuple) or len(shape) != 2:
        raise InvalidInputError(f"{name} must be two-dimensional, got shape {shape}")
    try:
        rows, cols = (operator.index(size) for size in shape)
    except TypeError:
        raise InvalidInputError(f"{name} has a shape of non-integers {shape}") from None
    if rows < 0 or cols < 0:
        raise InvalidInputError(f"{name} has a negative shape {shape}")
    return rows, cols


def _canonical_copy(matrix: Any, shape: tuple[int, int], name: str) -> sp.csr_array | None:
    """Copy a caller's CSR matrix that is already canonical; return None if it is not one.

    Copying and checking the three arrays costs a few ns per entry; sorting them (below)
    costs tens, so canonical input, the common case, takes this path.
    """
    if matrix.format != "csr":
        return None
    indptr = _index_array(_part(matrix, "indptr"), None, f"{name}.indptr")
    indices = _index_array(_part(matrix, "indices"), None, f"{name}.indices")
    data = _value_array(_part(matrix, "data"), f"{name}.data")
    if len(indptr) != shape[0] + 1:
        return None
    nnz = int(indptr[-1])
    if not 0 <= nnz <= min(len(indices), len(data)):
        return None
    own_indptr = np.array(indptr, dtype=np.int64)
    own_indices = np.array(indices[:nnz], dtype=np.int64)
    own_data = np.array(data[:nnz], dtype=np.float64)
    try:
        _core.validate_csr(*shape, own_indptr, own_indices, own_data, name, True)
    except InvalidInputError:
        return None  # unsorted, repeated, zero or bad entries: read them one by one below
    return wrap_csr(own_indptr, own_indices, own_data, shape)


def _refuse_empty_or_huge(shape: tuple[int, int], name: str, allow_empty: bool) -> None:
    """Raise on an empty shape (unless allowed) or one whose offsets cannot fit in memory."""
    if not allow_empty and (shape[0] == 0 or shape[1] == 0):
        raise InvalidInputError(
            f"{name} is empty (shape {shape[0]} x {shape[1]}): a two-mode network needs at "
            "least one letter and one signer"
        )
    needed = 8 * (shape[0] + shape[1] + 2)
    available = available_bytes()
    if needed > available:
        raise TooLargeError(
            f"{name} has shape {shape[0]:,} x {shape[1]:,}: its row and column offsets alone "
            f"would need {human_bytes(needed)}, more than the {human_bytes(available)} available"
        )


def _frozen_csr(matrix: Any, shape: tuple[int, int]) -> bool:
    """Whether `matrix` is CSR over frozen arrays of the dtypes the core takes."""
    if matrix.format != "csr":
        return False
    indptr, indices, data = (_part(matrix, name) for name in ("indptr", "indices", "data"))
    return (
        all(is_frozen(array) and array.ndim == 1 for array in (indptr, indices, data))
        and indptr.dtype == np.int64
        and indices.dtype == np.int64
        and data.dtype == np.float64
        and len(indptr) == shape[0] + 1
    )


def _part(matrix: Any, attribute: str) -> Any:
    """One of a sparse matrix's arrays, or None when a caller deleted it."""
    return getattr(matrix, attribute, None)


def _require_real(dtype: np.dtype[Any], name: str) -> None:
    if dtype.kind not in "biuf":
        what = "real numbers" if dtype.kind == "c" else "numbers"
        raise InvalidInputError(f"{name} must hold {what}, got dtype {dtype}")


def _index_array(array: Any, length: int | None, name: str) -> IndexArray:
    """`array` as a one-dimensional int64 array (of `length` entries, when given)."""
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "iu" or array.ndim != 1:
        got = (
            f"{array.dtype} of shape {array.shape}"
            if isinstance(array, np.ndarray)
            else type(array).__name__
        )
        raise InvalidInputError(f"{name} must be a one-dimensional array of integers, got {got}")
    if length is not None and len(array) != length:
        raise InvalidInputError(f"{name} must have {length:,} entries, got {len(array):,}")
    if array.dtype.kind == "u" and len(array):
        past = np.flatnonzero(array > np.iinfo(np.int64).max)
        if past.size:
            raise InvalidInputError(
                f"{name}[{int(past[0])}] is {int(array[past[0]])}, past the int64 range"
            )
    return array.astype(np.int64, copy=False)


def _value_array(array: Any, name: str) -> ScalarArray:
    if not isinstance(array, np.ndarray) or array.ndim != 1:
        got = f"shape {array.shape}" if isinstance(array, np.ndarray) else type(array).__name__
        raise InvalidInputError(f"{name} must be a one-dimensional array of numbers, got {got}")
    _require_real(array.dtype, name)
    return array.astype(np.float64, copy=False)


def _entries(
    matrix: Any, shape: tuple[int, int], name: str
) -> tuple[IndexArray, IndexArray, ScalarArray]:
    """(row, column, value) of every stored entry of a sparse matrix, read without trusting it."""
    fmt = matrix.format
    if fmt in ("csr", "csc"):
        major, minor = (shape[0], "column") if fmt == "csr" else (shape[1], "row")
        indptr = _index_array(_part(matrix, "indptr"), major + 1, f"{name}.indptr")
        nnz = int(indptr[-1])
        indices = _index_array(_part(matrix, "indices"), None, f"{name}.indices")
        data = _value_array(_part(matrix, "data"), f"{name}.data")
        if indptr[0] != 0:
            raise InvalidInputError(f"{name}.indptr[0] must be 0, got {int(indptr[0])}")
        falls = np.flatnonzero(np.diff(indptr) < 0)
        if falls.size:
            at = int(falls[0])
            raise InvalidInputError(
                f"{name}.indptr decreases at position {at + 1} "
                f"({int(indptr[at])} to {int(indptr[at + 1])})"
            )
        if len(indices) < nnz or len(data) < nnz:
            raise InvalidInputError(
                f"{name}.indptr[-1] is {nnz:,} entries, but there are only {len(indices):,} "
                f"{minor} indices and {len(data):,} values"
            )
        outer = np.repeat(np.arange(major, dtype=np.int64), np.diff(indptr))
        inner = indices[:nnz]
        return (outer, inner, data[:nnz]) if fmt == "csr" else (inner, outer, data[:nnz])
    if fmt == "coo":
        data = _value_array(_part(matrix, "data"), f"{name}.data")
        coords = _part(matrix, "coords")
        if not isinstance(coords, tuple) or len(coords) != 2:
            raise InvalidInputError(f"{name}.coords must be (rows, columns), got {coords!r}")
        rows = _index_array(coords[0], len(data), f"{name}.row")
        cols = _index_array(coords[1], len(data), f"{name}.col")
        return rows, cols, data
    try:
        _require_real(np.dtype(matrix.dtype), name)
        if fmt == "lil":
            return _lil_entries(matrix, shape, name)
        # bsr, dia and dok convert in NumPy and Python code, which raises on bad arrays.
        coo = matrix.tocoo()
    except (AttributeError, ValueError, TypeError, IndexError, OverflowError) as error:
        if isinstance(error, InvalidInputError):
            raise
        raise InvalidInputError(f"{name} ({fmt}) cannot be read: {error}") from None
    return _entries(coo, shape, name)


def _lil_entries(
    matrix: Any, shape: tuple[int, int], name: str
) -> tuple[IndexArray, IndexArray, ScalarArray]:
    """Entries of a LIL matrix, read in Python (scipy's conversion trusts the row lists)."""
    row_lists, value_lists = _part(matrix, "rows"), _part(matrix, "data")
    arrays = (row_lists, value_lists)
    if not all(isinstance(a, np.ndarray) and a.shape == (shape[0],) for a in arrays):
        raise InvalidInputError(f"{name} (lil) must have one index and one value list per row")
    try:
        lengths = np.fromiter(map(len, row_lists), dtype=np.int64, count=shape[0])
        value_lengths = np.fromiter(map(len, value_lists), dtype=np.int64, count=shape[0])
    except TypeError as error:
        raise InvalidInputError(f"{name} (lil) cannot be read: {error}") from None
    uneven = np.flatnonzero(lengths != value_lengths)
    if uneven.size:
        raise InvalidInputError(
            f"{name} (lil): row {int(uneven[0])} has {int(lengths[uneven[0]])} indices "
            f"but {int(value_lengths[uneven[0]])} values"
        )
    try:
        total = int(lengths.sum())
        cols = np.fromiter(itertools.chain.from_iterable(row_lists), np.int64, count=total)
        values = np.fromiter(itertools.chain.from_iterable(value_lists), np.float64, count=total)
    except (ValueError, TypeError, OverflowError) as error:
        raise InvalidInputError(f"{name} (lil) cannot be read: {error}") from None
    return np.repeat(np.arange(shape[0], dtype=np.int64), lengths), cols, values


def _canonical_from_entries(
    rows: IndexArray, cols: IndexArray, values: ScalarArray, shape: tuple[int, int], name: str
) -> tuple[sp.csr_array, bool]:
    """Check the entries, drop zeros, sort and sum duplicates (in the core), and freeze."""
    outside = np.flatnonzero((rows < 0) | (rows >= shape[0]) | (cols < 0) | (cols >= shape[1]))
    if outside.size:
        at = int(outside[0])
        raise InvalidInputError(
            f"{name}: entry ({int(rows[at])}, {int(cols[at])}) is outside the shape "
            f"{shape[0]} x {shape[1]}"
        )
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
    if bad.size:
        at = int(bad[0])
        what = "positive" if np.isfinite(values[at]) else "finite"
        raise InvalidInputError(
            f"{name}: value {float(values[at]):g} at ({int(rows[at])}, {int(cols[at])}) is "
            f"not {what}"
        )
    kept = values != 0
    dropped = not bool(kept.all())
    if dropped:
        rows, cols, values = rows[kept], cols[kept], values[kept]
    try:
        (indptr, indices, data), repeated = _core.build_incidence(
            np.ascontiguousarray(rows),
            np.ascontiguousarray(cols),
            np.ascontiguousarray(values),
            shape[0],
            shape[1],
        )
    except InvalidInputError as error:  # repeated entries that sum to infinity
        raise InvalidInputError(f"{name}: {error}") from None
    in_order = not dropped and repeated == 0 and np.array_equal(indices, cols)
    if in_order and len(rows) > 1:  # sorted columns within rows, and rows in order
        in_order = bool(np.all(rows[1:] >= rows[:-1]))
    return wrap_csr(indptr, indices, data, shape), in_order
