"""Canonical CSR arrays: the one place Python data is checked and shaped for the core.

Every matrix handed to the core is a ``scipy.sparse.csr_array`` with ``int64`` indptr and
indices, ``float64`` data, sorted indices and no duplicates; the core reads those arrays in
place (no copy) and returns new arrays that NumPy owns (no copy either).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from cosignet import _core
from cosignet.errors import InvalidInputError

IndexArray = npt.NDArray[np.int64]
ScalarArray = npt.NDArray[np.float64]
CsrArgs = tuple[int, int, IndexArray, IndexArray, ScalarArray]


def wrap_csr(
    indptr: IndexArray, indices: IndexArray, data: ScalarArray, shape: tuple[int, int]
) -> sp.csr_array:
    """Wrap three arrays as a ``csr_array`` without copying them.

    The arrays are attached directly, because scipy's constructor may copy ``int64`` indices
    into ``int32`` ones when they fit.
    """
    matrix = sp.csr_array(shape, dtype=np.float64)
    matrix.indptr = indptr
    matrix.indices = indices
    matrix.data = data
    matrix.has_sorted_indices = True
    matrix.has_canonical_format = True
    return matrix


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


def canonical_incidence(matrix: Any, name: str = "matrix") -> sp.csr_array:
    """Check `matrix` and return it as a canonical CSR incidence.

    Accepts any scipy sparse matrix or array, a NumPy array or anything ``np.asarray``
    understands. Explicit zeros are dropped, duplicate entries summed. Raises
    InvalidInputError for a shape that is not two-dimensional and non-empty, a non-numeric
    dtype, and NaN, infinite or negative values.
    """
    if sp.issparse(matrix):
        if matrix.ndim != 2:
            raise InvalidInputError(f"{name} must be two-dimensional, got shape {matrix.shape}")
        csr = sp.csr_array(matrix)
    else:
        try:
            dense = np.asarray(matrix)
        except (TypeError, ValueError) as error:
            raise InvalidInputError(f"{name} cannot be read as a matrix: {error}") from None
        if dense.ndim != 2:
            raise InvalidInputError(f"{name} must be two-dimensional, got shape {dense.shape}")
        if dense.dtype.kind not in "biuf":
            raise InvalidInputError(f"{name} must hold numbers, got dtype {dense.dtype}")
        csr = sp.csr_array(dense.astype(np.float64, copy=False))
    if csr.dtype.kind not in "biuf":
        raise InvalidInputError(f"{name} must hold real numbers, got dtype {csr.dtype}")
    rows, cols = csr.shape
    if rows == 0 or cols == 0:
        raise InvalidInputError(
            f"{name} is empty (shape {rows} x {cols}): a two-mode network needs at least one "
            "letter and one signer"
        )
    csr.sum_duplicates()
    csr.eliminate_zeros()
    indptr = np.ascontiguousarray(csr.indptr, dtype=np.int64)
    indices = np.ascontiguousarray(csr.indices, dtype=np.int64)
    data = np.ascontiguousarray(csr.data, dtype=np.float64)
    _core.validate_csr(rows, cols, indptr, indices, data, name, True)
    return wrap_csr(indptr, indices, data, (rows, cols))
