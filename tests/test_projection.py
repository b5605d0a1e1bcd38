"""Projections agree with NetworkX, keep their invariants and match published values."""

from __future__ import annotations

from math import comb

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networkx.algorithms import bipartite as nxb

import cosignet as cs
from conftest import random_incidence

SEEDS = range(60)


def networkx_projection(B: cs.Bipartite, onto: str, weighting: str) -> nx.Graph:
    """The same projection computed by NetworkX on the binary incidence."""
    graph = nx.Graph()
    letters = [("L", i) for i in range(B.n_letters)]
    actors = [("A", j) for j in range(B.n_actors)]
    graph.add_nodes_from(letters, bipartite=0)
    graph.add_nodes_from(actors, bipartite=1)
    coo = B.matrix.tocoo()
    graph.add_edges_from(
        zip([letters[i] for i in coo.row], [actors[j] for j in coo.col], strict=True)
    )
    nodes = actors if onto == "actors" else letters
    if weighting == "count":
        return nxb.weighted_projected_graph(graph, nodes)
    if weighting == "ratio":
        return nxb.weighted_projected_graph(graph, nodes, ratio=True)
    if weighting == "newman":
        return nxb.collaboration_weighted_projected_graph(graph, nodes)
    return nxb.overlap_weighted_projected_graph(graph, nodes, jaccard=weighting == "jaccard")


def threshold_between_weights(weights: list[float]) -> float:
    """A min_weight halfway between two distinct weights, so rounding cannot decide a tie."""
    distinct = np.unique(np.round(weights, 9))
    if distinct.size < 2:
        return 0.0
    middle = distinct.size // 2
    return float(distinct[middle - 1] + distinct[middle]) / 2


def as_weight_dict(G: cs.Graph) -> dict[frozenset[int], float]:
    edges = G.edges
    return {
        frozenset((int(u), int(v))): float(w)
        for u, v, w in zip(edges.source, edges.target, edges.weight, strict=True)
    }


@pytest.mark.parametrize("weighting", cs.WEIGHTINGS)
@pytest.mark.parametrize("onto", ["actors", "letters"])
def test_equals_networkx_on_random_bigraphs(weighting: str, onto: str) -> None:
    for seed in SEEDS:
        B = cs.Bipartite(random_incidence(seed))
        expected_graph = networkx_projection(B, onto, weighting)
        expected = {frozenset((u[1], v[1])): w for u, v, w in expected_graph.edges(data="weight")}
        for min_weight in (0, threshold_between_weights(list(expected.values()))):
            G = B.project(onto=onto, weighting=weighting, min_weight=min_weight)
            assert G.n_nodes == expected_graph.number_of_nodes()
            kept = {e: w for e, w in expected.items() if w >= min_weight}
            got = as_weight_dict(G)
            assert got.keys() == kept.keys(), (seed, min_weight)
            for edge, weight in kept.items():
                assert got[edge] == pytest.approx(weight, rel=1e-12, abs=1e-12), (seed, edge)


@pytest.mark.parametrize("seed", range(10))
def test_weighted_incidence_count_and_newman(seed: int) -> None:
    matrix = random_incidence(seed, weighted=True)
    B = cs.Bipartite(matrix)
    dense = matrix.toarray()
    sizes = (dense > 0).sum(axis=1)
    count = dense.T @ dense
    scale = np.where(sizes > 1, 1.0 / np.maximum(sizes - 1, 1), 0.0)
    newman = dense.T @ (dense * scale[:, None])
    for weighting, full in (("count", count), ("newman", newman)):
        G = B.project(weighting=weighting)
        expected = np.triu(full, k=1)
        np.testing.assert_allclose(G.upper.toarray(), expected, rtol=1e-12, atol=1e-12)


def pair_sum(B: cs.Bipartite) -> int:
    return sum(comb(int(n), 2) for n in B.letter_degrees)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 15), st.integers(0, 25)), min_size=1, max_size=150, unique=True
    )
)
def test_invariants(pairs: list[tuple[int, int]]) -> None:
    letters, signers = zip(*pairs, strict=True)
    B = cs.Bipartite.from_edges(letters, signers)
    count = B.project()
    assert count.total_weight == pair_sum(B)
    newman = B.project(weighting="newman")
    sizes = B.letter_degrees.to_numpy()
    assert newman.total_weight == pytest.approx(0.5 * sizes[sizes >= 2].sum(), rel=1e-12)
    assert count.n_edges == newman.n_edges == B.projection_size()
    assert B.pair_contributions() == pair_sum(B)
    adjacency = count.adjacency
    assert (adjacency != adjacency.T).nnz == 0
    assert adjacency.diagonal().sum() == 0
    assert count.n_nodes == B.n_actors


def test_opsahl_example(opsahl: cs.Bipartite) -> None:
    expected = {
        "count": [2, 1, 1, 1, 2, 1],
        "newman": [1.5, 0.5, 0.5, 1, 2, 1],
    }
    for weighting, weights in expected.items():
        edges = opsahl.project(weighting=weighting).edges
        assert list(zip(edges.source, edges.target, strict=True)) == [
            ("A", "B"),
            ("A", "C"),
            ("B", "C"),
            ("B", "D"),
            ("B", "E"),
            ("E", "F"),
        ]
        assert edges.weight.tolist() == weights


def test_networkx_collaboration_example() -> None:
    # networkx test_project_collaboration: a-1, b-1, b-2, c-2, c-3, c-4, b-4.
    B = cs.Bipartite.from_edges([1, 1, 2, 2, 3, 4, 4], list("abbccbc"))
    edges = B.project(weighting="newman").edges
    assert edges.set_index(["source", "target"]).weight.to_dict() == {
        ("a", "b"): 1.0,
        ("b", "c"): 2.0,
    }


def test_networkx_docstring_example() -> None:
    # NetworkX docstring: path_graph(5) plus edge (1, 5), projected onto [0, 2, 4, 5].
    B = cs.Bipartite.from_edges([1, 1, 3, 3, 1], [0, 2, 2, 4, 5])

    def weights(w: str) -> dict[tuple[int, int], float]:
        e = B.project(weighting=w).edges
        return {
            (min(s, t), max(s, t)): x for s, t, x in zip(e.source, e.target, e.weight, strict=True)
        }

    assert weights("newman") == {(0, 2): 0.5, (0, 5): 0.5, (2, 4): 1.0, (2, 5): 0.5}
    assert weights("ratio") == dict.fromkeys([(0, 2), (0, 5), (2, 4), (2, 5)], 0.5)
    assert weights("jaccard") == {(0, 2): 0.5, (0, 5): 1.0, (2, 4): 0.5, (2, 5): 0.5}
    assert weights("overlap") == dict.fromkeys([(0, 2), (0, 5), (2, 4), (2, 5)], 1.0)


def test_davis_southern_women(davis: cs.Bipartite) -> None:
    women = davis.project()
    assert (women.n_nodes, women.n_edges, women.total_weight) == (18, 139, 322)
    assert davis.project(onto="letters").n_edges == 66
    assert davis.project(weighting="newman").total_weight == pytest.approx(44.5, abs=1e-12)
    count = women.edges.set_index(["source", "target"]).weight
    newman = davis.project(weighting="newman").edges.set_index(["source", "target"]).weight

    def pair(series, a, b):
        return series.get((a, b), series.get((b, a)))

    assert pair(count, "Evelyn Jefferson", "Theresa Anderson") == 7
    assert pair(count, "Evelyn Jefferson", "Laura Mandeville") == 6
    assert pair(count, "Olivia Carleton", "Flora Price") == 2
    assert pair(newman, "Evelyn Jefferson", "Theresa Anderson") == pytest.approx(
        1.4868797868797867, abs=1e-15
    )
    assert pair(newman, "Evelyn Jefferson", "Laura Mandeville") == pytest.approx(
        1.5626373626373626, abs=1e-15
    )
    assert pair(newman, "Olivia Carleton", "Flora Price") == pytest.approx(
        0.4242424242424242, abs=1e-15
    )
    friends = women.degree_array()
    assert dict(zip(women.labels, friends.tolist(), strict=True))["Evelyn Jefferson"] == 17
    strength = np.asarray(women.adjacency.sum(axis=1)).ravel()
    assert dict(zip(women.labels, strength.tolist(), strict=True))["Theresa Anderson"] == 57


def test_senate_114_projection(shared_data) -> None:
    import pandas as pd

    folder = shared_data / "us-senate-cosponsorship"
    signatures = pd.read_csv(folder / "signatures_114.csv")
    B = cs.Bipartite.from_edges(signatures.bill_id, signatures.senator_id)
    assert B.shape == (3589, 100)
    G = B.project()
    assert (G.n_edges, G.total_weight) == (4949, 218600)
    assert B.project(weighting="newman").total_weight == pytest.approx(11040, rel=1e-12)
    assert B.projection_size(onto="letters") == 1381368


def test_min_weight_filters_while_projecting(opsahl: cs.Bipartite) -> None:
    G = opsahl.project(min_weight=2)
    assert G.n_nodes == 6
    assert G.edges.values.tolist() == [["A", "B", 2.0], ["B", "E", 2.0]]
    assert opsahl.projection_size(min_weight=2) == 2
    assert opsahl.project(min_weight=3).n_edges == 0


def test_single_letter_and_single_signer_letters() -> None:
    clique = cs.Bipartite.from_edges(["only"] * 4, list("abcd")).project()
    assert (clique.n_nodes, clique.n_edges, clique.total_weight) == (4, 6, 6)
    lonely = cs.Bipartite.from_edges(["L1", "L2", "L3"], ["a", "b", "b"]).project()
    assert (lonely.n_nodes, lonely.n_edges) == (2, 0)
    assert lonely.adjacency.shape == (2, 2)
    assert lonely.edges.empty


def test_projection_onto_letters_counts_shared_signers(opsahl: cs.Bipartite) -> None:
    G = opsahl.project(onto="letters")
    assert G.nodes["n_signatories"].to_dict() == {1: 3, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2}
    assert G.edges.set_index(["source", "target"]).weight.to_dict()[(1, 2)] == 2


def test_result_does_not_depend_on_thread_count() -> None:
    rng = np.random.default_rng(7)
    letters = rng.integers(0, 300, size=20_000)
    signers = rng.zipf(1.6, size=20_000) % 2_000
    dense = np.zeros((300, 2_000))
    dense[letters, signers] = 1.0
    B = cs.Bipartite(dense)
    results = []
    try:
        for threads in (1, 2, 3):
            cs.set_num_threads(threads)
            G = B.project(weighting="newman")
            results.append((G.upper.indptr, G.upper.indices, G.upper.data))
    finally:
        cs.set_num_threads(None)
    for other in results[1:]:
        for a, b in zip(results[0], other, strict=True):
            assert np.array_equal(a, b)


def test_products_that_underflow_still_count_once() -> None:
    tiny = cs.Bipartite.from_edges(["L1", "L1", "L2", "L2"], list("abab"), [1e-200] * 2 + [1, 1])
    edges = tiny.project().edges
    assert len(edges) == 1
    assert edges.weight.iloc[0] == 1.0
    letters, signers = zip(*[(f"T{k}", a) for k in range(8) for a in range(100)], strict=True)
    dense = cs.Bipartite.from_edges(letters, signers, [1e-200] * 800).project(weighting="newman")
    assert dense.n_edges == 100 * 99 // 2
    assert dense.upper.indices.max() < 100
    assert dense.adjacency.nnz == 100 * 99
