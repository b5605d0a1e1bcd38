"""Two-mode (Borgatti-Everett) centralities: Davis, published small cases and NetworkX."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from networkx.algorithms import bipartite

import cosignet as cs
from cosignet import two_mode
from graph_cases import random_two_mode, two_mode_nx

SEEDS = list(range(30))
SIDES = ("letters", "actors")
PHI = (1 + math.sqrt(5)) / 2

# reference-values.md section 1.3 (computed with NetworkX 3.6.1 and 2.8.8, 10 decimals;
# eigenvector = nx.eigenvector_centrality of the whole 32-node graph, 8 decimals).
# name: (degree, closeness, betweenness, eigenvector)
DAVIS = {
    "Evelyn Jefferson": (0.5714285714, 0.8000000000, 0.0965847211, 0.23669268),
    "Laura Mandeville": (0.5000000000, 0.7272727273, 0.0513576133, 0.21865490),
    "Theresa Anderson": (0.5714285714, 0.8000000000, 0.0875946855, 0.26202802),
    "Brenda Rogers": (0.5000000000, 0.7272727273, 0.0494865998, 0.22133062),
    "Charlotte McDowd": (0.2857142857, 0.6000000000, 0.0105960963, 0.11894505),
    "Frances Anderson": (0.2857142857, 0.6666666667, 0.0107143429, 0.14776222),
    "Eleanor Nye": (0.2857142857, 0.6666666667, 0.0094441233, 0.16146508),
    "Pearl Oglethorpe": (0.2142857143, 0.6666666667, 0.0068003233, 0.12730029),
    "Ruth DeSand": (0.2857142857, 0.7058823529, 0.0167831081, 0.16690566),
    "Verne Sanderson": (0.2857142857, 0.7058823529, 0.0157376658, 0.15443111),
    "Myra Liddel": (0.2857142857, 0.6857142857, 0.0163443484, 0.13208048),
    "Katherina Rogers": (0.4285714286, 0.7272727273, 0.0473627540, 0.15576939),
    "Sylvia Avondale": (0.5000000000, 0.7741935484, 0.0717091451, 0.19599206),
    "Nora Fayette": (0.5714285714, 0.8000000000, 0.1134613620, 0.18660853),
    "Helen Lloyd": (0.3571428571, 0.7272727273, 0.0423875401, 0.14189292),
    "Dorothy Murchison": (0.1428571429, 0.6486486486, 0.0019535269, 0.09293883),
    "Olivia Carleton": (0.1428571429, 0.5853658537, 0.0050545052, 0.04919385),
    "Flora Price": (0.1428571429, 0.5853658537, 0.0050545052, 0.04919385),
    "E1": (0.1666666667, 0.5238095238, 0.0021543108, 0.10036894),
    "E2": (0.1666666667, 0.5238095238, 0.0020886969, 0.10640542),
    "E3": (0.3333333333, 0.5641025641, 0.0182243909, 0.17879411),
    "E4": (0.2222222222, 0.5365853659, 0.0077020527, 0.12444494),
    "E5": (0.4444444444, 0.5945945946, 0.0376944425, 0.22750002),
    "E6": (0.4444444444, 0.6875000000, 0.0650163505, 0.23166176),
    "E7": (0.5555555556, 0.7333333333, 0.1295017442, 0.27117752),
    "E8": (0.7777777778, 0.8461538462, 0.2438194623, 0.35824343),
    "E9": (0.6666666667, 0.7857142857, 0.2255135918, 0.26834165),
    "E10": (0.2777777778, 0.5500000000, 0.0114423026, 0.12049161),
    "E11": (0.2222222222, 0.5365853659, 0.0196653909, 0.06331874),
    "E12": (0.3333333333, 0.5641025641, 0.0180941821, 0.14339775),
    "E13": (0.1666666667, 0.5238095238, 0.0022406560, 0.07985424),
    "E14": (0.1666666667, 0.5238095238, 0.0022406560, 0.07985424),
}


def expected_index(B: cs.Bipartite) -> list[tuple]:
    return [("letters", label) for label in B.letter_labels] + [
        ("actors", label) for label in B.actor_labels
    ]


def assert_two_mode(result, B: cs.Bipartite, expected, rtol: float = 0.0, atol: float = 1e-12):
    """`result` is a float Series over (side, label), letters first, equal to `expected`."""
    assert isinstance(result, pd.Series)
    assert result.dtype == np.float64
    assert isinstance(result.index, pd.MultiIndex)
    assert result.index.nlevels == 2
    assert list(result.index) == expected_index(B)
    if isinstance(expected, dict):
        expected = [expected[key] for key in expected_index(B)]
    np.testing.assert_allclose(
        result.to_numpy(), np.asarray(expected, dtype=float), rtol=rtol, atol=atol
    )


def singular_vectors(B: cs.Bipartite) -> tuple[np.ndarray, np.ndarray]:
    """Leading left and right singular vectors of B.matrix, made positive."""
    u, _, vt = np.linalg.svd(B.matrix.toarray())
    left, right = u[:, 0], vt[0]
    return left * np.sign(left.sum()), right * np.sign(right.sum())


# ------------------------------------------------------------------ Davis Southern Women


def davis_column(B: cs.Bipartite, column: int) -> list[float]:
    return [DAVIS[label][column] for _, label in expected_index(B)]


def test_davis_against_published_and_computed_values(davis: cs.Bipartite) -> None:
    B = davis
    assert (B.n_letters, B.n_actors, B.n_signatures) == (14, 18, 89)
    assert_two_mode(two_mode.degree(B), B, davis_column(B, 0), atol=5e-11)
    assert_two_mode(two_mode.closeness(B), B, davis_column(B, 1), atol=5e-11)
    assert_two_mode(two_mode.betweenness(B), B, davis_column(B, 2), atol=5e-11)
    eigenvector = two_mode.eigenvector(B)
    # Each side has unit norm: sqrt(2) times the whole-graph eigenvector (8 decimals given).
    assert_two_mode(eigenvector / math.sqrt(2), B, davis_column(B, 3), atol=5e-9 + 1e-12)
    for side in SIDES:
        assert np.linalg.norm(eigenvector[side].to_numpy()) == pytest.approx(1.0, abs=1e-12)


def test_davis_published_two_decimals(davis: cs.Bipartite) -> None:
    B = davis
    degree, closeness = two_mode.degree(B), two_mode.closeness(B)
    betweenness = two_mode.betweenness(B)
    # A few of the published 2-decimal values (NetworkX test_centrality.py, Davis).
    assert degree["actors", "Evelyn Jefferson"] == pytest.approx(0.57, abs=5e-3)
    assert closeness["actors", "Evelyn Jefferson"] == pytest.approx(0.80, abs=5e-3)
    assert betweenness["actors", "Nora Fayette"] == pytest.approx(0.11, abs=5e-3)
    assert degree["letters", "E8"] == pytest.approx(0.78, abs=5e-3)
    assert closeness["letters", "E8"] == pytest.approx(0.85, abs=5e-3)
    assert betweenness["letters", "E8"] == pytest.approx(0.24, abs=5e-3)


def test_davis_against_networkx_bipartite(davis: cs.Bipartite) -> None:
    B = davis
    H, top = two_mode_nx(B)
    assert_two_mode(two_mode.degree(B), B, bipartite.degree_centrality(H, top))
    assert_two_mode(two_mode.closeness(B), B, bipartite.closeness_centrality(H, top))
    # With a simple leading singular value the singular vectors are still unique.
    singular = np.linalg.svd(B.matrix.toarray(), compute_uv=False)
    if len(singular) == 1 or singular[0] > 1.01 * singular[1]:
        left, right = singular_vectors(B)
        assert_two_mode(two_mode.eigenvector(B), B, np.concatenate([left, right]), atol=1e-8)


def test_letter_without_signers_matches_networkx() -> None:
    B = cs.Bipartite(np.array([[1, 1, 0], [0, 0, 0], [0, 1, 1]]), ["a", "b", "c"], list("xyz"))
    H, top = two_mode_nx(B)
    assert_two_mode(two_mode.degree(B), B, bipartite.degree_centrality(H, top))
    assert_two_mode(two_mode.closeness(B), B, bipartite.closeness_centrality(H, top))
    assert_two_mode(two_mode.betweenness(B), B, bipartite.betweenness_centrality(H, top))
    # B B^T on letters a, c is [[2, 1], [1, 2]]; B^T B on x, y, z is [[1, 1, 0], [1, 2, 1], ...].
    root = math.sqrt(0.5)
    expected = [root, 0.0, root, 1 / math.sqrt(6), 2 / math.sqrt(6), 1 / math.sqrt(6)]
    assert_two_mode(two_mode.eigenvector(B), B, expected, atol=1e-10)
    assert_two_mode(two_mode.betweenness(B), B, bipartite.betweenness_centrality(H, top))
    whole = nx.eigenvector_centrality(H, max_iter=100_000, tol=1e-15, weight="weight")
    expected = {key: math.sqrt(2) * value for key, value in whole.items()}
    assert_two_mode(two_mode.eigenvector(B), B, expected, atol=1e-10)


# ------------------------------------------------------------------ published small cases


def test_path_p4() -> None:
    # 0-1-2-3 with top = [1, 3]: letters 1, 3; actors 0, 2.
    B = cs.Bipartite.from_edges([1, 1, 3], [0, 2, 2])
    assert list(B.letter_labels) == [1, 3]
    assert list(B.actor_labels) == [0, 2]
    by_node = {1: ("letters", 1), 3: ("letters", 3), 0: ("actors", 0), 2: ("actors", 2)}

    def published(values: dict) -> dict:
        return {by_node[node]: value for node, value in values.items()}

    assert_two_mode(two_mode.degree(B), B, published({0: 0.5, 1: 1, 2: 1, 3: 0.5}))
    assert_two_mode(two_mode.betweenness(B), B, published({0: 0, 1: 1, 2: 1, 3: 0}))
    assert_two_mode(two_mode.closeness(B), B, published({0: 2 / 3, 1: 1, 2: 1, 3: 2 / 3}))
    # B = [[1, 1], [0, 1]]: B B^T = [[2, 1], [1, 1]] has leading eigenvector (phi, 1).
    norm = math.sqrt(PHI**2 + 1)
    assert_two_mode(
        two_mode.eigenvector(B), B, [PHI / norm, 1 / norm, 1 / norm, PHI / norm], atol=1e-10
    )


def test_complete_bipartite_k33() -> None:
    pairs = [(i, j) for i in range(3) for j in range(3, 6)]
    B = cs.Bipartite.from_edges([i for i, _ in pairs], [j for _, j in pairs])
    assert_two_mode(two_mode.degree(B), B, [1.0] * 6)
    assert_two_mode(two_mode.betweenness(B), B, [0.125] * 6)
    assert_two_mode(two_mode.closeness(B), B, [1.0] * 6)
    assert_two_mode(two_mode.eigenvector(B), B, [1 / math.sqrt(3)] * 6, atol=1e-10)


def test_cycle_c4() -> None:
    # 0-1-2-3-0 with top = [0, 2].
    B = cs.Bipartite.from_edges([0, 0, 2, 2], [1, 3, 1, 3])
    assert_two_mode(two_mode.degree(B), B, [1.0] * 4)
    assert_two_mode(two_mode.betweenness(B), B, [0.25] * 4)
    assert_two_mode(two_mode.closeness(B), B, [1.0] * 4)
    assert_two_mode(two_mode.eigenvector(B), B, [math.sqrt(0.5)] * 4, atol=1e-10)


def test_single_tie() -> None:
    B = cs.Bipartite.from_edges(["L"], ["ann"])
    assert_two_mode(two_mode.degree(B), B, [1.0, 1.0])
    assert_two_mode(two_mode.closeness(B), B, [1.0, 1.0])
    assert_two_mode(two_mode.eigenvector(B), B, [1.0, 1.0], atol=1e-10)


def test_letter_and_actor_sharing_a_label_stay_apart() -> None:
    # Letter "x" is signed by actors "x" and "y"; letter "z" by "y" alone.
    B = cs.Bipartite.from_edges(["x", "x", "z"], ["x", "y", "y"])
    result = two_mode.degree(B)
    assert list(result.index) == [
        ("letters", "x"),
        ("letters", "z"),
        ("actors", "x"),
        ("actors", "y"),
    ]
    assert result.tolist() == [1.0, 0.5, 0.5, 1.0]
    assert result["letters", "x"] == 1.0
    assert result["actors", "x"] == 0.5


# ------------------------------------------------------------------ NetworkX on random graphs


@pytest.mark.parametrize("seed", SEEDS)
def test_random_connected_two_mode_matches_networkx(seed: int) -> None:
    B = random_two_mode(seed).bipartite
    H, top = two_mode_nx(B)
    assert nx.is_connected(H)
    assert_two_mode(two_mode.degree(B), B, bipartite.degree_centrality(H, top))
    assert_two_mode(two_mode.closeness(B), B, bipartite.closeness_centrality(H, top))
    assert_two_mode(two_mode.betweenness(B), B, bipartite.betweenness_centrality(H, top))
    # The other side as `nodes` gives the same values in NetworkX.
    bottom = set(H) - top
    assert_two_mode(two_mode.betweenness(B), B, bipartite.betweenness_centrality(H, bottom))


@pytest.mark.parametrize("seed", SEEDS)
def test_weights_are_ignored_by_degree_closeness_betweenness(seed: int) -> None:
    weighted = random_two_mode(seed, weighted=True)
    B = weighted.bipartite
    plain = cs.Bipartite.from_edges(weighted.letters, weighted.signers)
    assert B.matrix.data.max() > 1
    for function in (two_mode.degree, two_mode.closeness, two_mode.betweenness):
        pd.testing.assert_series_equal(function(B), function(plain))


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("seed", SEEDS)
def test_eigenvector_is_the_pair_of_singular_vectors(seed: int, weighted: bool) -> None:
    B = random_two_mode(seed, weighted=weighted).bipartite
    result = two_mode.eigenvector(B)
    left, right = singular_vectors(B)
    assert_two_mode(result, B, np.concatenate([left, right]), atol=1e-9)
    for side in SIDES:
        values = result[side].to_numpy()
        assert np.linalg.norm(values) == pytest.approx(1.0, abs=1e-12)
        assert (values >= 0).all()
    H, _ = two_mode_nx(B)
    whole = nx.eigenvector_centrality(H, max_iter=100_000, tol=1e-15, weight="weight")
    expected = {key: math.sqrt(2) * value for key, value in whole.items()}
    assert_two_mode(result, B, expected, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_disconnected_two_mode_degree_and_betweenness_match_networkx(seed: int) -> None:
    B = random_two_mode(seed, connected=False).bipartite
    H, top = two_mode_nx(B)
    assert_two_mode(two_mode.degree(B), B, bipartite.degree_centrality(H, top))
    assert_two_mode(two_mode.betweenness(B), B, bipartite.betweenness_centrality(H, top))
    assert_two_mode(two_mode.closeness(B), B, bipartite.closeness_centrality(H, top))
