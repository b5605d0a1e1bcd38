"""One exception hierarchy, shared by the core and the Python layer."""

from __future__ import annotations

import numpy as np
import pytest

import cosignet as cs
from cosignet import _core


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (cs.InvalidInputError, ValueError),
        (cs.ParseError, ValueError),
        (cs.ConvergenceError, RuntimeError),
        (cs.TooLargeError, MemoryError),
    ],
)
def test_hierarchy(cls: type, builtin: type) -> None:
    assert issubclass(cls, cs.CosignetError)
    assert issubclass(cls, builtin)
    assert cls.__module__ == "cosignet"
    assert cls.__doc__


def test_python_and_core_raise_the_same_classes() -> None:
    assert cs.InvalidInputError is _core.InvalidInputError
    indptr, indices, data = np.array([0, 1]), np.array([5]), np.array([1.0])
    with pytest.raises(cs.InvalidInputError, match="column 5 in row 0 is outside"):
        _core.validate_csr(1, 2, indptr, indices, data, "matrix", True)


def test_core_errors_name_the_argument() -> None:
    with pytest.raises(cs.InvalidInputError, match=r"indptr must have rows \+ 1 = 3 entries"):
        _core.transpose(2, 2, np.array([0, 1]), np.array([0]), np.array([1.0]))
    z = np.zeros(1, dtype=np.int64)
    with pytest.raises(cs.InvalidInputError, match="unknown weighting 'bogus'"):
        _core.project_upper(0, 0, z, z[:0], np.zeros(0), z, z[:0], np.zeros(0), "bogus", 0.0)
