"""The Python/C++ boundary: no copies either way, GIL released, dtypes enforced, Ctrl-C works."""

from __future__ import annotations

import _thread
import threading
import time

import numpy as np
import pytest
import scipy.sparse as sp

import cosignet as cs
from cosignet import _core
from cosignet._sparse import csr_args, wrap_csr


def address(array: np.ndarray) -> int:
    return int(array.__array_interface__["data"][0])


def big_incidence(n_letters: int, n_actors: int, size: int, seed: int = 0) -> cs.Bipartite:
    """Letters of `size` random signers each: n_letters * C(size, 2) pair contributions."""
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(np.arange(n_actors), (n_letters, 1)), axis=1)
    cols = np.sort(shuffled[:, :size], axis=1)
    indptr = np.arange(0, n_letters * size + 1, size, dtype=np.int64)
    matrix = sp.csr_array(
        (np.ones(n_letters * size), cols.ravel().astype(np.int64), indptr),
        shape=(n_letters, n_actors),
    )
    return cs.Bipartite(matrix)


def test_core_reads_input_arrays_in_place() -> None:
    B = cs.Bipartite.from_edges([1, 1, 2], ["a", "b", "a"])
    rows, cols, indptr, indices, data = csr_args(B.matrix)
    assert _core.csr_data_pointers(rows, cols, indptr, indices, data) == (
        address(indptr),
        address(indices),
        address(data),
    )


def test_core_refuses_to_convert_dtypes() -> None:
    B = cs.Bipartite.from_edges([1, 1, 2], ["a", "b", "a"])
    rows, cols, indptr, indices, data = csr_args(B.matrix)
    with pytest.raises(TypeError):
        _core.csr_data_pointers(rows, cols, indptr, indices.astype(np.int32), data)
    with pytest.raises(TypeError):
        _core.csr_data_pointers(rows, cols, indptr, indices, data.astype(np.float32))


def test_results_are_owned_buffers_wrapped_without_copy() -> None:
    B = cs.Bipartite.from_edges([1, 1, 1, 2], ["a", "b", "c", "a"])
    by_actor = B._by_actor
    indptr, indices, data = _core.project_upper(
        *csr_args(by_actor), *csr_args(B.matrix)[2:], "count", 0.0
    )
    for array in (indptr, indices, data):
        assert not array.flags.owndata
        assert type(array.base).__name__ == "PyCapsule"
    wrapped = wrap_csr(indptr, indices, data, (3, 3))
    assert np.shares_memory(wrapped.indptr, indptr)
    assert np.shares_memory(wrapped.indices, indices)
    assert np.shares_memory(wrapped.data, data)
    G = B.project()
    assert G.upper.indices.dtype == np.int64
    assert np.shares_memory(G.adjacency.data, G.adjacency.data)  # cached, not rebuilt
    assert G.adjacency is G.adjacency


def test_canonical_input_is_not_copied_again() -> None:
    B = cs.Bipartite(sp.csr_array(np.eye(3)))
    again = cs.Bipartite._from_canonical(B.matrix, B.letter_labels, B.actor_labels)
    assert np.shares_memory(again.matrix.indices, B.matrix.indices)


def test_projection_releases_the_gil() -> None:
    B = big_incidence(3_000, 800, 300)
    cs.set_num_threads(1)
    try:
        finished = threading.Event()
        ticks = 0

        def work() -> None:
            B.project()
            finished.set()

        started = time.perf_counter()
        worker = threading.Thread(target=work)
        worker.start()
        while not finished.is_set():
            ticks += 1
            time.sleep(0.001)
        worker.join()
        elapsed = time.perf_counter() - started
    finally:
        cs.set_num_threads(None)
    # With the GIL held, the loop above could not tick while the kernel runs.
    assert elapsed > 0.05
    assert ticks >= 0.3 * elapsed / 0.0011


def test_ctrl_c_interrupts_a_long_projection() -> None:
    B = big_incidence(6_000, 800, 400)
    assert B.pair_contributions() > 4.7e8
    timer = threading.Timer(0.3, _thread.interrupt_main)
    started = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        B.project()
    elapsed = time.perf_counter() - started
    timer.join()
    assert elapsed < 1.3
