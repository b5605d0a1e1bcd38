"""cs.layout.spring_layout: deterministic, structured, bounded in memory, refuses huge graphs."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import cosignet as cs
from cosignet.layout import _repulsion


def two_cliques(size: int = 8) -> cs.Graph:
    left = [(f"a{i}", f"a{j}") for i in range(size) for j in range(i + 1, size)]
    right = [(f"b{i}", f"b{j}") for i in range(size) for j in range(i + 1, size)]
    pairs = [*left, *right, ("a0", "b0")]
    return cs.Graph.from_edges([p[0] for p in pairs], [p[1] for p in pairs])


def test_positions_are_scaled_centred_and_seeded() -> None:
    G = two_cliques()
    xy = cs.layout.spring_layout(G, seed=3)
    assert xy.shape == (16, 2)
    assert np.abs(xy).max() == pytest.approx(1.0)
    assert np.allclose(xy.mean(axis=0), 0.0, atol=1e-12)
    assert np.array_equal(xy, cs.layout.spring_layout(G, seed=3))
    assert not np.array_equal(xy, cs.layout.spring_layout(G, seed=4))


def test_cliques_come_out_as_clusters() -> None:
    G = two_cliques()
    xy = cs.layout.spring_layout(G, seed=0)
    side = np.array([label.startswith("a") for label in G.labels])
    distance = np.linalg.norm(xy[:, None, :] - xy[None, :, :], axis=2)
    within = max(distance[side][:, side].mean(), distance[~side][:, ~side].mean())
    across = distance[side][:, ~side].mean()
    assert across > 2 * within


def test_repulsion_in_blocks_equals_all_at_once() -> None:
    position = np.random.default_rng(1).uniform(-1, 1, size=(37, 2))
    whole = _repulsion(position, 0.3, block=37)
    for block in (1, 5, 36):
        assert np.allclose(_repulsion(position, 0.3, block=block), whole, rtol=1e-13, atol=0)


def test_small_graphs() -> None:
    assert cs.layout.spring_layout(cs.Graph.from_edges([], [], nodes=[])).shape == (0, 2)
    assert cs.layout.spring_layout(cs.Graph.from_edges([], [], nodes=["a"])).tolist() == [[0, 0]]
    G = cs.Graph.from_edges([], [], nodes=["a", "b", "c"])  # no ties: repulsion only
    assert np.isfinite(cs.layout.spring_layout(G)).all()
    assert cs.layout.spring_layout(G, iterations=0).shape == (3, 2)


def test_memory_stays_bounded_on_thousands_of_nodes() -> None:
    rng = np.random.default_rng(0)
    n = 3_000
    pairs = rng.integers(0, n, size=(6_000, 2))
    pairs = np.unique(np.sort(pairs[pairs[:, 0] != pairs[:, 1]], axis=1), axis=0)
    G = cs.Graph.from_edges(pairs[:, 0], pairs[:, 1], nodes=range(n))
    tracemalloc.start()
    cs.layout.spring_layout(G, iterations=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # All n x n x 2 differences at once would take 144 MB, with temporaries over 400 MB.
    assert peak < 100e6


def test_refuses_a_graph_over_max_nodes() -> None:
    G = two_cliques()
    message = (
        "spring_layout of 16 nodes would compare 120 pairs in each of 80 iterations, more "
        "than max_nodes=15 allows; draw a subgraph (the most central nodes, or a backbone) "
        "or raise max_nodes"
    )
    with pytest.raises(cs.TooLargeError) as info:
        cs.layout.spring_layout(G, max_nodes=15)
    assert str(info.value) == message
    assert cs.layout.spring_layout(G, max_nodes=None).shape == (16, 2)
    assert cs.layout.spring_layout(G, max_nodes=16).shape == (16, 2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"iterations": -1}, "iterations must be a non-negative integer, got -1"),
        ({"iterations": 2.5}, "iterations must be a non-negative integer, got 2.5"),
        ({"max_nodes": -3}, "max_nodes must be a non-negative integer, got -3"),
        ({"max_nodes": True}, "max_nodes must be a non-negative integer, got True"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(cs.InvalidInputError) as info:
        cs.layout.spring_layout(two_cliques(), **kwargs)  # type: ignore[arg-type]
    assert str(info.value) == message
