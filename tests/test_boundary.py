"""The Python/C++ boundary: no copies either way, GIL released, dtypes enforced, Ctrl-C works."""

from __future__ import annotations

import _thread
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
import pandas as pd
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
    # Each access is a new read-only wrapper (see test_hostile.py) over the same arrays.
    assert G.adjacency.data.base is G.adjacency.data.base


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


def big_graph(n: int, n_edges: int, seed: int = 0) -> cs.Graph:
    """A sparse random graph with weights 1..5 (each pair once, no loops)."""
    rng = np.random.default_rng(seed)
    pairs = rng.integers(0, n, size=(n_edges, 2))
    pairs = np.unique(np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1), axis=0)
    weights = rng.integers(1, 6, size=len(pairs)).astype(float)
    return cs.Graph.from_edges(pairs[:, 0], pairs[:, 1], weights=weights, nodes=range(n))


def interrupt_soon(delay: float = 0.3) -> tuple[threading.Timer, list[float]]:
    """Start a timer that presses Ctrl-C after `delay` seconds; the list gets the time."""
    fired: list[float] = []

    def press() -> None:
        fired.append(time.perf_counter())
        _thread.interrupt_main()

    timer = threading.Timer(delay, press)
    timer.start()
    return timer, fired


@cache
def cached_graph(n: int, n_edges: int) -> cs.Graph:
    return big_graph(n, n_edges)


@cache
def cached_incidence(n_letters: int, n_actors: int, size: int) -> cs.Bipartite:
    return big_incidence(n_letters, n_actors, size)


@cache
def many_similar_names(n: int = 200_000) -> cs.Corpus:
    """A corpus whose identity resolution compares many similar names (a long match kernel)."""
    rng = np.random.default_rng(0)
    first = rng.integers(0, 2_000, n)
    last = rng.integers(0, 2_000, n)
    return cs.Corpus.from_frame(
        pd.DataFrame(
            {
                "letter": rng.integers(0, 20_000, n).astype(str),
                "name": [f"Name{a} Surname{b}" for a, b in zip(first, last, strict=True)],
            }
        ),
        letter="letter",
        signer="name",
    )


# Every kernel that can run long, on an input that keeps it busy well past the 0.3 s press.
LONG_KERNELS = {
    "project": (lambda: cached_incidence(6_000, 800, 400), lambda B: B.project()),
    "project onto letters": (
        lambda: cached_incidence(6_000, 800, 400),
        lambda B: B.project(onto="letters"),
    ),
    "projection_size": (lambda: cached_incidence(6_000, 800, 400), lambda B: B.projection_size()),
    "betweenness (hops)": (
        lambda: cached_graph(40_000, 400_000),
        lambda G: cs.centrality.betweenness(G, weights=None),
    ),
    "betweenness": (lambda: cached_graph(40_000, 400_000), cs.centrality.betweenness),
    "closeness": (lambda: cached_graph(40_000, 400_000), cs.centrality.closeness),
    "harmonic": (lambda: cached_graph(40_000, 400_000), cs.centrality.harmonic),
    # constraint costs the sum of squared degrees: few nodes, many edges
    "constraint": (lambda: cached_graph(4_000, 1_500_000), cs.centrality.constraint),
    "effective_size": (lambda: cached_graph(4_000, 1_500_000), cs.centrality.effective_size),
    "pagerank": (
        lambda: cached_graph(200_000, 1_000_000),
        lambda G: cs.centrality.pagerank(G, tol=1e-300, max_iter=10**6),
    ),
    "eigenvector": (
        lambda: cached_graph(200_000, 1_000_000),
        lambda G: cs.centrality.eigenvector(G, tol=1e-300, max_iter=10**6),
    ),
    "louvain": (
        lambda: cached_graph(200_000, 1_000_000),
        lambda G: cs.community.louvain(G, seed=0),
    ),
    "leiden": (
        lambda: cached_graph(200_000, 1_000_000),
        lambda G: cs.community.leiden(G, seed=0),
    ),
    "two-mode betweenness": (
        lambda: cached_incidence(3_000, 3_000, 30),
        cs.two_mode.betweenness,
    ),
    "fixed_row backbone": (
        lambda: cached_incidence(6_000, 800, 400),
        cs.backbone.fixed_row,
    ),
    "sdsm backbone": (lambda: cached_incidence(6_000, 800, 400), cs.backbone.sdsm),
    "identity resolution": (many_similar_names, lambda corpus: corpus.resolve()),
}


@pytest.mark.parametrize("name", sorted(LONG_KERNELS))
def test_ctrl_c_interrupts_every_long_kernel_within_a_second(name: str) -> None:
    make, run = LONG_KERNELS[name]
    data = make()
    timer, fired = interrupt_soon()
    with pytest.raises(KeyboardInterrupt):
        run(data)
    latency = time.perf_counter() - fired[0]
    timer.join()
    print(f"{name}: interrupted {latency * 1000:.0f} ms after Ctrl-C")
    assert latency < 1.0


def test_objects_are_usable_after_an_interrupt() -> None:
    B = cached_incidence(6_000, 800, 400)
    timer, _ = interrupt_soon()
    with pytest.raises(KeyboardInterrupt):
        B.project()
    timer.join()
    small = cs.Bipartite(B.matrix[:50])
    assert small.project().n_edges == small.projection_size()  # not interrupted again
    G = cached_graph(200_000, 1_000_000)
    timer, _ = interrupt_soon()
    with pytest.raises(KeyboardInterrupt):
        cs.community.louvain(G, seed=0)
    timer.join()
    assert cs.centrality.degree(G).sum() == 2 * G.n_edges


def test_centrality_releases_the_gil_and_is_reentrant() -> None:
    G = big_graph(2_000, 15_000)
    expected = cs.centrality.betweenness(G)
    results: list[object] = [None] * 3

    def work(slot: int) -> None:
        results[slot] = cs.centrality.betweenness(G)

    threads = [threading.Thread(target=work, args=(slot,)) for slot in range(3)]
    ticks = 0
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        ticks += 1
        time.sleep(0.001)
    elapsed = time.perf_counter() - started
    for result in results:
        assert isinstance(result, type(expected))
        assert np.array_equal(result.to_numpy(), expected.to_numpy())  # bit for bit
    assert ticks >= 0.3 * elapsed / 0.0011


def test_the_same_objects_from_many_threads_give_identical_results() -> None:
    """Kernels are re-entrant: one Bipartite, Graph and Corpus shared by four threads."""
    B = big_incidence(400, 300, 12, seed=3)
    G = B.project()
    corpus = cs.datasets.interpol_2021()
    jobs = {
        "project": lambda: B.project(weighting="newman").edges,
        "projection_size": lambda: B.projection_size(min_weight=2),
        "letters": lambda: B.project(onto="letters", min_weight=1).edges,
        "betweenness": lambda: cs.centrality.betweenness(G),
        "closeness": lambda: cs.centrality.closeness(G),
        "pagerank": lambda: cs.centrality.pagerank(G),
        "eigenvector": lambda: cs.centrality.eigenvector(G),
        "constraint": lambda: cs.centrality.constraint(G),
        "louvain": lambda: cs.community.louvain(G, seed=1),
        "leiden": lambda: cs.community.leiden(G, seed=1),
        "two-mode": lambda: cs.two_mode.betweenness(B),
        "sdsm": lambda: cs.backbone.sdsm(B, alpha=0.5).edges,
        "fixed_row": lambda: cs.backbone.fixed_row(B, alpha=0.5).edges,
        "resolve": lambda: corpus.resolve().signatures,
    }
    expected = {name: job() for name, job in jobs.items()}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [(name, pool.submit(job)) for _ in range(4) for name, job in jobs.items()]
        results = [(name, future.result()) for name, future in futures]
    for name, result in results:
        if isinstance(result, (pd.Series, pd.DataFrame)):
            assert result.equals(expected[name]), name  # bit for bit
        else:
            assert result == expected[name], name
