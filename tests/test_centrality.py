"""One-mode centralities: NetworkX and igraph as oracles, hand counts, edge cases and errors."""

from __future__ import annotations

import itertools
import math
import re
from functools import cache

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import cosignet as cs
from cosignet import centrality
from cosignet._sparse import wrap_csr
from graph_cases import (
    N_GRAPHS,
    PATH_ATTRIBUTE,
    SPECTRAL_ATTRIBUTE,
    lambda_max,
    random_case,
    to_nx,
)

TOL = {"rtol": 1e-9, "atol": 1e-9}
SEEDS = list(range(N_GRAPHS))
PATH_WEIGHTS = ["strength", "distance", None]
SPECTRAL_WEIGHTS = ["strength", None]
ROLES = ["coordinator", "itinerant", "representative_gatekeeper", "liaison"]
BROKERAGE_COLUMNS = [*ROLES, "total"]
# Tight settings for our iterative methods when compared to 1e-9 with the oracles.
TIGHT = {"tol": 1e-13, "max_iter": 100_000}


@cache
def case(seed: int):
    return random_case(seed)


@cache
def nx_graph(seed: int) -> nx.Graph:
    return to_nx(case(seed).graph)


def assert_series(result, G: cs.Graph, expected, **tolerance) -> None:
    """`result` is a float Series over G.labels equal to `expected` (dict or list), NaN included."""
    assert isinstance(result, pd.Series)
    assert result.dtype == np.float64
    assert result.index.equals(G.labels)
    if isinstance(expected, dict):
        expected = [expected[label] for label in G.labels]
    np.testing.assert_allclose(
        result.to_numpy(), np.asarray(expected, dtype=float), equal_nan=True, **(tolerance or TOL)
    )


# ------------------------------------------------------------------ NetworkX, 36 graphs


@pytest.mark.parametrize("seed", SEEDS)
def test_degree_and_strength_match_networkx(seed: int) -> None:
    G, H = case(seed).graph, nx_graph(seed)
    assert_series(centrality.degree(G), G, {v: float(d) for v, d in H.degree()})
    assert_series(centrality.degree(G, normalized=True), G, nx.degree_centrality(H))
    assert_series(centrality.strength(G), G, dict(H.degree(weight="weight")))


@pytest.mark.parametrize("weights", PATH_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_betweenness_matches_networkx(seed: int, weights) -> None:
    G, H = case(seed).graph, nx_graph(seed)
    for normalized, endpoints in itertools.product([True, False], repeat=2):
        expected = nx.betweenness_centrality(
            H, normalized=normalized, endpoints=endpoints, weight=PATH_ATTRIBUTE[weights]
        )
        result = centrality.betweenness(
            G, weights=weights, normalized=normalized, endpoints=endpoints
        )
        assert_series(result, G, expected)
    assert centrality.betweenness(G, weights=weights).name == "betweenness"


@pytest.mark.parametrize("weights", PATH_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_sampled_betweenness_uses_the_networkx_sources(seed: int, weights) -> None:
    G, H = case(seed).graph, nx_graph(seed)
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, G.n_nodes))
    sample_seed = int(rng.integers(0, 2**31))
    for normalized, endpoints in itertools.product([True, False], repeat=2):
        expected = nx.betweenness_centrality(
            H,
            k=k,
            normalized=normalized,
            endpoints=endpoints,
            weight=PATH_ATTRIBUTE[weights],
            seed=sample_seed,
        )
        result = centrality.betweenness(
            G, weights=weights, normalized=normalized, endpoints=endpoints, k=k, seed=sample_seed
        )
        assert_series(result, G, expected)
    again = centrality.betweenness(G, weights=weights, k=k, seed=sample_seed)
    pd.testing.assert_series_equal(
        again, centrality.betweenness(G, weights=weights, k=k, seed=sample_seed)
    )


@pytest.mark.parametrize("weights", PATH_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_closeness_and_harmonic_match_networkx(seed: int, weights) -> None:
    G, H = case(seed).graph, nx_graph(seed)
    distance = PATH_ATTRIBUTE[weights]
    for wf_improved in (True, False):
        expected = nx.closeness_centrality(H, distance=distance, wf_improved=wf_improved)
        result = centrality.closeness(G, weights=weights, wf_improved=wf_improved)
        assert_series(result, G, expected)
    harmonic = nx.harmonic_centrality(H, distance=distance)
    assert_series(centrality.harmonic(G, weights=weights), G, harmonic)
    n = G.n_nodes
    assert_series(
        centrality.harmonic(G, weights=weights, normalized=True),
        G,
        {v: h / (n - 1) for v, h in harmonic.items()},
    )


@pytest.mark.parametrize("weights", SPECTRAL_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_eigenvector_matches_networkx_power_iteration(seed: int, weights) -> None:
    G, H = case(seed).graph, nx_graph(seed)
    expected = nx.eigenvector_centrality(
        H, max_iter=100_000, tol=1e-15, weight=SPECTRAL_ATTRIBUTE[weights]
    )
    result = centrality.eigenvector(G, weights=weights, **TIGHT)
    assert_series(result, G, expected)
    assert np.linalg.norm(result.to_numpy()) == pytest.approx(1.0, abs=1e-12)
    assert (result.to_numpy() >= 0).all()
    if nx.is_connected(H):
        # Default settings are good to 1e-6 on a connected graph.
        default = centrality.eigenvector(G, weights=weights)
        assert_series(default, G, expected, rtol=0, atol=1e-6)


@pytest.mark.parametrize("weights", SPECTRAL_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_pagerank_matches_networkx(seed: int, weights) -> None:
    G, H = case(seed).graph, nx_graph(seed)
    attribute = SPECTRAL_ATTRIBUTE[weights]
    oracle = {"tol": 1e-15, "max_iter": 100_000, "weight": attribute}
    expected = nx.pagerank(H, **oracle)
    assert_series(centrality.pagerank(G, weights=weights, **TIGHT), G, expected)
    assert centrality.pagerank(G, weights=weights, **TIGHT).sum() == pytest.approx(1.0, abs=1e-12)
    expected = nx.pagerank(H, alpha=0.6, **oracle)
    assert_series(centrality.pagerank(G, alpha=0.6, weights=weights, **TIGHT), G, expected)

    rng = np.random.default_rng(seed)
    labels = list(G.labels)
    chosen = rng.choice(len(labels), size=max(1, len(labels) // 3), replace=False)
    personalization = {labels[i]: float(rng.uniform(0.5, 3.0)) for i in chosen}
    chosen = rng.choice(len(labels), size=max(1, len(labels) // 4), replace=False)
    dangling = {labels[i]: float(rng.integers(1, 4)) for i in chosen}
    for p, d in [(personalization, None), (None, dangling), (personalization, dangling)]:
        expected = nx.pagerank(H, personalization=p, dangling=d, **oracle)
        result = centrality.pagerank(G, personalization=p, dangling=d, weights=weights, **TIGHT)
        assert_series(result, G, expected)
    # A Series is as good as a Mapping; labels left out count as 0.
    as_series = centrality.pagerank(
        G,
        personalization=pd.Series(personalization),
        dangling=pd.Series(dangling),
        weights=weights,
        **TIGHT,
    )
    expected = nx.pagerank(H, personalization=personalization, dangling=dangling, **oracle)
    assert_series(as_series, G, expected)


@pytest.mark.parametrize("weights", SPECTRAL_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_katz_matches_networkx(seed: int, weights) -> None:
    G, H = case(seed).graph, nx_graph(seed)
    attribute = SPECTRAL_ATTRIBUTE[weights]
    alpha = 0.5 / lambda_max(G, weighted=weights is not None)
    oracle = {"tol": 1e-15, "max_iter": 100_000, "weight": attribute}
    for normalized in (True, False):
        expected = nx.katz_centrality(H, alpha=alpha, normalized=normalized, **oracle)
        result = centrality.katz(G, alpha=alpha, normalized=normalized, weights=weights, **TIGHT)
        assert_series(result, G, expected)
    rng = np.random.default_rng(seed)
    beta = {label: float(rng.uniform(0.5, 2.0)) for label in G.labels}
    expected = nx.katz_centrality(H, alpha=alpha, beta=beta, normalized=False, **oracle)
    for given in (beta, pd.Series(beta)):
        result = centrality.katz(
            G, alpha=alpha, beta=given, normalized=False, weights=weights, **TIGHT
        )
        assert_series(result, G, expected)
    expected = nx.katz_centrality(H, alpha=alpha / 3, beta=2.5, **oracle)
    assert_series(
        centrality.katz(G, alpha=alpha / 3, beta=2.5, weights=weights, **TIGHT), G, expected
    )


@pytest.mark.parametrize("weights", SPECTRAL_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_structural_holes_match_networkx(seed: int, weights) -> None:
    G, H = case(seed).graph, nx_graph(seed)
    attribute = SPECTRAL_ATTRIBUTE[weights]
    result = centrality.constraint(G, weights=weights)
    assert_series(result, G, nx.constraint(H, weight=attribute))
    isolated = [label for label in G.labels if H.degree(label) == 0]
    assert result[isolated].isna().all()
    assert result.drop(isolated).notna().all()
    # NetworkX 3.6.1's vectorised path (nodes=None) divides the mutual weights by the max of
    # the wrong node on weighted graphs; its node-by-node path is Burt's formula, so ask for it.
    expected = nx.effective_size(H, nodes=list(H), weight=attribute)
    assert_series(centrality.effective_size(G, weights=weights), G, expected)


def test_weighted_effective_size_by_hand() -> None:
    # 0-1 (1), 0-2 (2), 1-2 (3), 2-3 (5). Node 0: p01 = 1/3, p02 = 2/3; m12 = 3/3, m21 = 3/5.
    # Effective size of 0 = (1 - p02 m12) + (1 - p01 m21) = 1/3 + 4/5.
    G = cs.Graph.from_edges([0, 0, 1, 2], [1, 2, 2, 3], weights=[1, 2, 3, 5])
    result = centrality.effective_size(G)
    assert result[0] == pytest.approx(1 / 3 + 4 / 5, rel=1e-12)
    H = G.to_networkx()
    assert_series(result, G, nx.effective_size(H, nodes=list(H), weight="weight"))


# ------------------------------------------------------------------ igraph


def igraph_lengths(g: ig.Graph, weights):
    if weights is None:
        return None
    if weights == "distance":
        return g.es["weight"]
    return [1.0 / w for w in g.es["weight"]]


@pytest.mark.parametrize("weights", PATH_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_path_measures_match_igraph(seed: int, weights) -> None:
    this = case(seed)
    G = this.graph
    g = G.to_igraph()
    assert g.vs["name"] == list(G.labels)
    lengths = igraph_lengths(g, weights)
    # igraph treats lengths within an epsilon as equal, NetworkX and cosignet compare exactly:
    # 1/3 + 1/6 and 1/2 may differ in the last bit, so with integer strengths the shortest-path
    # counts can differ. Lengths that are integers or random floats have no such near-ties.
    if not (weights == "strength" and "integer" in this.kind):
        expected = g.betweenness(directed=False, weights=lengths)
        result = centrality.betweenness(G, weights=weights, normalized=False)
        assert_series(result, G, expected)
    closeness = np.nan_to_num(np.array(g.closeness(weights=lengths, normalized=True)), nan=0.0)
    assert_series(centrality.closeness(G, weights=weights, wf_improved=False), G, closeness)
    for normalized in (False, True):
        expected = g.harmonic_centrality(weights=lengths, normalized=normalized)
        result = centrality.harmonic(G, weights=weights, normalized=normalized)
        assert_series(result, G, expected)


@pytest.mark.parametrize("weights", SPECTRAL_WEIGHTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_spectral_measures_match_igraph(seed: int, weights) -> None:
    G = case(seed).graph
    g = G.to_igraph()
    strengths = None if weights is None else "weight"
    if min(g.degree()) > 0:
        expected = g.pagerank(directed=False, damping=0.85, weights=strengths)
        assert_series(centrality.pagerank(G, weights=weights, **TIGHT), G, expected)
    if g.is_connected():
        expected = g.eigenvector_centrality(scale=True, weights=strengths)
        result = centrality.eigenvector(G, weights=weights, **TIGHT)
        assert_series(result / result.max(), G, expected)


# ------------------------------------------------------------------ brokerage


def brute_force_brokerage(G: cs.Graph, groups) -> np.ndarray:
    """Counts by enumerating every unordered pair of neighbours of every node."""
    H = G.to_networkx()
    counts = []
    for v in G.labels:
        row = dict.fromkeys(ROLES, 0)
        for a, c in itertools.combinations(list(H[v]), 2):
            if H.has_edge(a, c):
                continue
            ga, gv, gc = groups[a], groups[v], groups[c]
            if ga == gv == gc:
                row["coordinator"] += 1
            elif ga == gc:
                row["itinerant"] += 1
            elif gv in (ga, gc):
                row["representative_gatekeeper"] += 1
            else:
                row["liaison"] += 1
        counts.append([*row.values(), sum(row.values())])
    return np.array(counts, dtype=np.int64).reshape(-1, len(BROKERAGE_COLUMNS))


def assert_brokerage(result, G: cs.Graph, expected) -> None:
    assert isinstance(result, pd.DataFrame)
    assert list(result.columns) == BROKERAGE_COLUMNS
    assert result.index.equals(G.labels)
    assert (result.dtypes == np.int64).all(), result.dtypes
    np.testing.assert_array_equal(result.to_numpy(), np.asarray(expected, dtype=np.int64))


def test_brokerage_star_counted_by_hand() -> None:
    # v (A) sees a1, a2 (A), b1, b2 (B), c1 (C); a1 - b1 is closed; z (C) is isolated.
    G = cs.Graph.from_edges(
        ["v", "v", "v", "v", "v", "a1"], ["a1", "a2", "b1", "b2", "c1", "b1"], nodes=["z"]
    )
    groups = {"v": "A", "a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "C", "z": "C"}
    result = centrality.brokerage(G, groups)
    expected = pd.DataFrame(
        {
            "coordinator": [0, 1, 0, 0, 0, 0, 0],
            "itinerant": [0, 1, 0, 0, 0, 0, 0],
            "representative_gatekeeper": [0, 5, 0, 0, 0, 0, 0],
            "liaison": [0, 2, 0, 0, 0, 0, 0],
            "total": [0, 9, 0, 0, 0, 0, 0],
        },
        index=["z", "v", "a1", "a2", "b1", "b2", "c1"],
    )
    assert list(G.labels) == list(expected.index)
    assert_brokerage(result, G, expected.to_numpy())


def test_brokerage_path_and_triangle_counted_by_hand() -> None:
    # Path x(1) - y(2) - z(1) - w(2): y and z are itinerants once each. Triangle p q r: closed.
    G = cs.Graph.from_edges(["x", "y", "z", "p", "q", "r"], ["y", "z", "w", "q", "r", "p"])
    groups = pd.Series({"x": 1, "y": 2, "z": 1, "w": 2, "p": 1, "q": 1, "r": 2})
    expected = pd.DataFrame(
        [[0, 0, 0, 0, 0], [0, 1, 0, 0, 1], [0, 1, 0, 0, 1]] + [[0, 0, 0, 0, 0]] * 4,
        index=["x", "y", "z", "p", "q", "r", "w"],
        columns=BROKERAGE_COLUMNS,
    )
    assert list(G.labels) == list(expected.index)
    assert_brokerage(centrality.brokerage(G, groups), G, expected.to_numpy())
    # All in one group: every open two-path is a coordinator role.
    same = centrality.brokerage(G, dict.fromkeys(G.labels, "only"))
    assert same["coordinator"].tolist() == [0, 1, 1, 0, 0, 0, 0]
    assert same["total"].tolist() == [0, 1, 1, 0, 0, 0, 0]


def test_brokerage_liaison_and_gatekeeper_by_hand() -> None:
    # Star centre h (X) with leaves in X, Y, Z, Z: pairs X-Y, X-Z, X-Z are gatekeeper roles
    # (one end in h's group), Y-Z twice liaison, Z-Z once itinerant.
    G = cs.Graph.from_edges(["h"] * 4, ["x", "y", "z1", "z2"])
    groups = {"h": "X", "x": "X", "y": "Y", "z1": "Z", "z2": "Z"}
    result = centrality.brokerage(G, groups)
    assert result.loc["h"].tolist() == [0, 1, 3, 2, 6]
    assert result.drop("h").to_numpy().sum() == 0


@pytest.mark.parametrize("seed", SEEDS[:30])
def test_brokerage_matches_brute_force(seed: int) -> None:
    G = case(seed).graph
    rng = np.random.default_rng(500 + seed)
    n_groups = int(rng.integers(1, 5))
    names = [f"party {i}" for i in range(n_groups)] if seed % 2 else list(range(n_groups))
    groups = {label: names[int(rng.integers(0, n_groups))] for label in G.labels}
    result = centrality.brokerage(G, groups)
    expected = brute_force_brokerage(G, groups)
    assert_brokerage(result, G, expected)
    assert expected[:, -1].sum() > 0 or G.n_edges < 3
    assert_brokerage(centrality.brokerage(G, pd.Series(groups)), G, expected)


def test_brokerage_groups_from_a_node_column() -> None:
    H = nx.Graph()
    H.add_nodes_from([("ann", {"party": "red"}), ("bob", {"party": "blue"})])
    H.add_nodes_from([("cy", {"party": "red"}), ("di", {"party": "green"})])
    H.add_edges_from([("ann", "bob"), ("bob", "cy"), ("bob", "di"), ("cy", "di")])
    G = cs.Graph.from_networkx(H)
    assert "party" in G.nodes.columns
    result = centrality.brokerage(G, "party")
    # bob: (ann, cy) red-red itinerant, (ann, di) red-green liaison; (cy, di) closed.
    # di: (bob, cy) closed. cy: (bob, di) closed.
    assert_brokerage(result, G, [[0] * 5, [0, 1, 0, 1, 2], [0] * 5, [0] * 5])
    groups = nx.get_node_attributes(H, "party")
    assert_brokerage(result, G, brute_force_brokerage(G, groups))


def test_brokerage_missing_groups_are_errors() -> None:
    G = cs.Graph.from_edges(["ann", "bob"], ["bob", "zed"])
    with pytest.raises(cs.InvalidInputError) as error:
        centrality.brokerage(G, {"ann": 1, "bob": 2})
    assert "zed" in str(error.value)
    assert "group" in str(error.value)
    with pytest.raises(cs.InvalidInputError, match="no_such_column"):
        centrality.brokerage(G, "no_such_column")


def test_brokerage_missing_value_in_groups_is_an_error() -> None:
    G = cs.Graph.from_edges(["ann", "bob"], ["bob", "zed"])
    with pytest.raises(cs.InvalidInputError, match="zed"):
        centrality.brokerage(G, pd.Series({"ann": "a", "bob": "b", "zed": None}))


# ------------------------------------------------------------------ table


MEASURES = [
    ("degree", centrality.degree),
    ("strength", centrality.strength),
    ("betweenness", centrality.betweenness),
    ("closeness", centrality.closeness),
    ("harmonic", centrality.harmonic),
    ("eigenvector", centrality.eigenvector),
    ("pagerank", centrality.pagerank),
    ("katz", centrality.katz),
    ("constraint", centrality.constraint),
    ("effective_size", centrality.effective_size),
]


@pytest.mark.parametrize("seed", [0, 5, 13, 24])
def test_table_columns_equal_the_functions(seed: int) -> None:
    G = case(seed).graph
    table = centrality.table(G)
    assert isinstance(table, pd.DataFrame)
    assert table.index.equals(G.labels)
    assert set(table.columns) == {name for name, _ in MEASURES}
    # The contract says "defaults", but the table documents that Katz uses half the spectral
    # bound (alpha = 0.1 diverges on most weighted graphs) and reports it in attrs.
    alpha = table.attrs["katz_alpha"]
    assert alpha == pytest.approx(0.5 / lambda_max(G), rel=1e-9)
    for name, function in MEASURES:
        column = function(G, alpha=alpha) if name == "katz" else function(G)
        assert column.name == name
        assert_series(table[name], G, column.to_numpy())

    rng = np.random.default_rng(seed)
    groups = {label: int(rng.integers(0, 3)) for label in G.labels}
    with_groups = centrality.table(G, groups=groups)
    assert set(with_groups.columns) == {name for name, _ in MEASURES} | set(BROKERAGE_COLUMNS)
    pd.testing.assert_frame_equal(
        with_groups[BROKERAGE_COLUMNS], centrality.brokerage(G, groups), check_names=False
    )
    pd.testing.assert_frame_equal(with_groups[table.columns], table)


@pytest.mark.parametrize("seed", [5, 13])
def test_table_without_weights(seed: int) -> None:
    G = case(seed).graph
    table = centrality.table(G, weights=None)
    alpha = table.attrs["katz_alpha"]
    assert alpha == pytest.approx(0.5 / lambda_max(G, weighted=False), rel=1e-9)
    for name, function in MEASURES:
        if name in ("degree", "strength"):
            continue
        options = {"alpha": alpha} if name == "katz" else {}
        assert_series(table[name], G, function(G, weights=None, **options).to_numpy())
    assert_series(table["degree"], G, centrality.degree(G).to_numpy())


# ------------------------------------------------------------------ edge cases


SERIES_FUNCTIONS = [function for _, function in MEASURES]


@pytest.mark.parametrize("function", SERIES_FUNCTIONS, ids=[name for name, _ in MEASURES])
def test_empty_graph_gives_empty_series(function) -> None:
    G = cs.Graph.from_edges([], [], nodes=[])
    result = function(G)
    assert isinstance(result, pd.Series)
    assert result.empty
    assert result.dtype == np.float64
    brokerage = centrality.brokerage(G, {})
    assert brokerage.empty
    assert list(brokerage.columns) == BROKERAGE_COLUMNS


def test_single_node_graph() -> None:
    G = cs.Graph.from_edges([], [], nodes=["solo"])
    for function in (centrality.betweenness, centrality.closeness, centrality.harmonic):
        assert_series(function(G), G, [0.0])
    for function in (centrality.eigenvector, centrality.pagerank, centrality.katz):
        assert_series(function(G), G, [1.0])
    assert_series(centrality.degree(G), G, [0.0])
    H = nx.Graph()
    H.add_node("solo")
    assert_series(centrality.degree(G, normalized=True), G, nx.degree_centrality(H))  # 1
    assert_series(centrality.strength(G), G, [0.0])
    assert_series(centrality.constraint(G), G, [math.nan])
    assert_series(centrality.effective_size(G), G, [math.nan])
    assert_series(centrality.betweenness(G, endpoints=True, normalized=False), G, [0.0])
    assert_brokerage(centrality.brokerage(G, {"solo": 1}), G, [[0] * 5])


def test_graph_without_edges_matches_networkx() -> None:
    G = cs.Graph.from_edges([], [], nodes=["a", "b", "c", "d", "e"])
    H = G.to_networkx()
    assert_series(centrality.degree(G, normalized=True), G, [0.0] * 5)
    for normalized, endpoints in itertools.product([True, False], repeat=2):
        expected = nx.betweenness_centrality(H, normalized=normalized, endpoints=endpoints)
        assert_series(
            centrality.betweenness(G, normalized=normalized, endpoints=endpoints), G, expected
        )
    assert_series(centrality.closeness(G), G, nx.closeness_centrality(H))
    assert_series(centrality.harmonic(G), G, nx.harmonic_centrality(H))
    assert_series(centrality.eigenvector(G), G, nx.eigenvector_centrality(H))
    assert_series(centrality.pagerank(G), G, nx.pagerank(H))
    assert_series(centrality.katz(G), G, nx.katz_centrality(H))
    assert_series(centrality.katz(G, alpha=5.0), G, nx.katz_centrality(H, alpha=5.0))
    assert_series(centrality.constraint(G), G, [math.nan] * 5)
    assert_series(centrality.effective_size(G), G, [math.nan] * 5)


def test_two_node_graph_by_hand() -> None:
    G = cs.Graph.from_edges(["a"], ["b"], weights=[4.0])
    assert_series(centrality.degree(G), G, [1.0, 1.0])
    assert_series(centrality.strength(G), G, [4.0, 4.0])
    assert_series(centrality.closeness(G), G, [4.0, 4.0])
    assert_series(centrality.closeness(G, weights="distance"), G, [0.25, 0.25])
    assert_series(centrality.closeness(G, weights=None), G, [1.0, 1.0])
    assert_series(centrality.harmonic(G), G, [4.0, 4.0])
    assert_series(centrality.betweenness(G), G, [0.0, 0.0])
    assert_series(centrality.eigenvector(G), G, [math.sqrt(0.5)] * 2)
    assert_series(centrality.pagerank(G), G, [0.5, 0.5])
    assert_series(centrality.constraint(G), G, [1.0, 1.0])
    assert_series(centrality.effective_size(G), G, [1.0, 1.0])


def test_weighted_path_by_hand() -> None:
    # a -2- b -1- c -4- d: lengths (strength) 1/2, 1, 1/4; lengths (distance) 2, 1, 4.
    G = cs.Graph.from_edges(["a", "b", "c"], ["b", "c", "d"], weights=[2, 1, 4])
    # Unnormalised betweenness: b lies on a-c, a-d; c on a-d, b-d.
    assert_series(centrality.betweenness(G, normalized=False), G, [0.0, 2.0, 2.0, 0.0])
    # closeness of a: 3 / (0.5 + 1.5 + 1.75)
    closeness = centrality.closeness(G)
    assert closeness["a"] == pytest.approx(3 / 3.75, rel=1e-12)
    assert closeness["d"] == pytest.approx(3 / (0.25 + 1.25 + 1.75), rel=1e-12)
    harmonic = centrality.harmonic(G, weights="distance")
    assert harmonic["a"] == pytest.approx(1 / 2 + 1 / 3 + 1 / 7, rel=1e-12)


# ------------------------------------------------------------------ errors


def graph_with_weight(value: float) -> cs.Graph:
    """Xavier - Yolanda with weight `value`, Yolanda - Zora with weight 1.

    The constructor refuses such weights; this graph, built past its checks, tests that the
    measures refuse them too (a second line of defence).
    """
    upper = wrap_csr(
        np.array([0, 1, 2, 2], dtype=np.int64),
        np.array([1, 2], dtype=np.int64),
        np.array([value, 1.0]),
        (3, 3),
    )
    return cs.Graph._from_canonical(upper, pd.Index(["Xavier", "Yolanda", "Zora"]))


PATH_FUNCTIONS = [centrality.betweenness, centrality.closeness, centrality.harmonic]
SPECTRAL_FUNCTIONS = [
    centrality.eigenvector,
    centrality.pagerank,
    centrality.katz,
    centrality.constraint,
    centrality.effective_size,
]


@pytest.mark.parametrize("weights", ["strength", "distance"])
@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf])
@pytest.mark.parametrize("function", PATH_FUNCTIONS, ids=lambda f: f.__name__)
def test_path_measures_refuse_bad_lengths(function, value: float, weights: str) -> None:
    G = graph_with_weight(value)
    with pytest.raises(cs.InvalidInputError) as error:
        function(G, weights=weights)
    assert isinstance(error.value, ValueError)
    message = str(error.value)
    assert "Xavier" in message
    assert "Yolanda" in message


@pytest.mark.parametrize("function", SPECTRAL_FUNCTIONS, ids=lambda f: f.__name__)
def test_spectral_measures_refuse_distance_weights(function) -> None:
    G = case(5).graph
    with pytest.raises(cs.InvalidInputError, match="distance"):
        function(G, weights="distance")


@pytest.mark.parametrize("function", PATH_FUNCTIONS + SPECTRAL_FUNCTIONS, ids=lambda f: f.__name__)
def test_unknown_weights_mode_is_an_error(function) -> None:
    G = case(5).graph
    with pytest.raises(cs.InvalidInputError, match="weights"):
        function(G, weights="length")


def test_pagerank_convergence_error_names_the_iterations() -> None:
    G = case(5).graph
    with pytest.raises(cs.ConvergenceError) as error:
        centrality.pagerank(G, max_iter=1)
    assert isinstance(error.value, RuntimeError)
    assert re.search(r"\b1\b", str(error.value)), str(error.value)
    with pytest.raises(cs.ConvergenceError, match=r"\b3\b"):
        centrality.pagerank(G, max_iter=3, tol=1e-300)


def test_power_iterations_raise_convergence_error() -> None:
    G = case(5).graph
    with pytest.raises(cs.ConvergenceError, match=r"\b2\b"):
        centrality.eigenvector(G, max_iter=2)
    with pytest.raises(cs.ConvergenceError, match=r"\b2\b"):
        centrality.katz(G, alpha=0.5 / lambda_max(G), max_iter=2)


def test_katz_refuses_alpha_beyond_the_spectral_bound() -> None:
    G = case(5).graph
    bound = 1.0 / lambda_max(G)
    for alpha in (1.01 * bound, 3 * bound):
        with pytest.raises(cs.InvalidInputError) as error:
            centrality.katz(G, alpha=alpha)
        numbers = [float(x) for x in re.findall(r"\d+\.\d+(?:e[-+]?\d+)?", str(error.value))]
        assert any(abs(x - bound) <= 1e-2 * bound for x in numbers), str(error.value)
    # Just below the bound is accepted (it converges, slowly).
    result = centrality.katz(G, alpha=0.9 * bound, max_iter=100_000)
    H = nx_graph(5)
    expected = nx.katz_centrality(
        H, alpha=0.9 * bound, weight="weight", max_iter=100_000, tol=1e-12
    )
    assert_series(result, G, expected, rtol=1e-6, atol=1e-6)


def test_katz_bound_uses_the_unweighted_graph_when_weights_is_none() -> None:
    G = case(5).graph
    weighted, unweighted = lambda_max(G), lambda_max(G, weighted=False)
    assert weighted > unweighted
    alpha = 0.5 / unweighted
    assert alpha > 1 / weighted
    with pytest.raises(cs.InvalidInputError):
        centrality.katz(G, alpha=alpha)
    expected = nx.katz_centrality(nx_graph(5), alpha=alpha, weight=None, tol=1e-15)
    assert_series(centrality.katz(G, alpha=alpha, weights=None, **TIGHT), G, expected)


def test_results_carry_the_measure_name() -> None:
    G = case(0).graph
    for name, function in MEASURES:
        assert function(G).name == name


@pytest.mark.parametrize("seed", [5, 13, 22])
def test_sampled_betweenness_extreme_k(seed: int) -> None:
    # k = n is the exact measure; k = 1 leaves the one source undefined (NaN) without endpoints.
    G, H = case(seed).graph, nx_graph(seed)
    for k, normalized, endpoints in itertools.product([1, G.n_nodes], [True, False], [True, False]):
        expected = nx.betweenness_centrality(
            H, k=k, normalized=normalized, endpoints=endpoints, weight="length", seed=11
        )
        result = centrality.betweenness(G, k=k, normalized=normalized, endpoints=endpoints, seed=11)
        assert_series(result, G, expected)
    assert_series(
        centrality.betweenness(G, k=G.n_nodes, seed=3),
        G,
        nx.betweenness_centrality(H, weight="length"),
    )


@pytest.mark.parametrize("k", [0, -1, 2.5, 10_000])
def test_sampled_betweenness_refuses_bad_k(k) -> None:
    with pytest.raises(cs.InvalidInputError, match="k"):
        centrality.betweenness(case(5).graph, k=k, seed=1)


def test_results_do_not_depend_on_the_thread_count() -> None:
    G = case(29).graph
    before = cs.get_num_threads()
    try:
        results = []
        for threads in (1, 2, 4):
            cs.set_num_threads(threads)
            results.append(
                [
                    centrality.betweenness(G),
                    centrality.betweenness(G, k=20, seed=5),
                    centrality.closeness(G),
                    centrality.harmonic(G),
                    centrality.eigenvector(G),
                    centrality.constraint(G),
                    centrality.effective_size(G),
                ]
            )
    finally:
        cs.set_num_threads(before)
    for other in results[1:]:
        for first, second in zip(results[0], other, strict=True):
            assert_series(second, G, first.to_numpy(), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(
    ("personalization", "message"),
    [
        ({"nope": 1.0}, "nope"),
        ({"v26": -1.0}, "personalization"),
        ({"v26": 0.0}, "personalization"),
        ({}, "personalization"),
    ],
)
def test_pagerank_refuses_bad_personalization(personalization, message: str) -> None:
    G = case(0).graph
    assert "v26" in G.labels
    with pytest.raises(cs.InvalidInputError, match=message):
        centrality.pagerank(G, personalization=personalization)


@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf])
@pytest.mark.parametrize("function", SPECTRAL_FUNCTIONS, ids=lambda f: f.__name__)
def test_spectral_measures_refuse_bad_strengths(function, value: float) -> None:
    with pytest.raises(cs.InvalidInputError) as error:
        function(graph_with_weight(value))
    assert "Xavier" in str(error.value)
    assert "Yolanda" in str(error.value)


@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf])
def test_hops_ignore_the_stored_weights(value: float) -> None:
    # weights=None: every edge has length 1, whatever its weight (a path of three nodes).
    G = graph_with_weight(value)
    assert_series(centrality.betweenness(G, weights=None, normalized=False), G, [0, 1, 0])
    assert_series(centrality.closeness(G, weights=None), G, [2 / 3, 1, 2 / 3])
    assert_series(centrality.harmonic(G, weights=None), G, [1.5, 2, 1.5])
