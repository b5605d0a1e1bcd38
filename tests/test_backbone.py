"""Backbones against their oracles: scipy's hypergeometric, enumeration, the bicm package."""

from __future__ import annotations

import _thread
import itertools
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import scipy.stats

import cosignet as cs
from conftest import random_incidence

MODELS = (cs.backbone.fixed_fill, cs.backbone.fixed_row, cs.backbone.fixed_col, cs.backbone.sdsm)


def keep_all(model, B: cs.Bipartite, **kwargs) -> pd.DataFrame:
    """Every co-signing pair with its p-value (alpha just below 1, no correction)."""
    G = model(B, alpha=1 - 1e-15, correction="none", **kwargs)
    return G.edges


def shared_counts(B: cs.Bipartite, onto: str = "actors") -> np.ndarray:
    A = B.matrix.T if onto == "actors" else B.matrix
    A = (sp.csr_array(A) > 0).astype(np.float64)
    return (A @ A.T).toarray()


def label_index(labels: pd.Index) -> dict:
    return {label: k for k, label in enumerate(labels)}


def senate(shared_data: Path, congress: int) -> cs.Bipartite:
    table = pd.read_csv(shared_data / "us-senate-cosponsorship" / f"signatures_{congress}.csv")
    return cs.Bipartite.from_edges(table.bill_id, table.senator_id)


# ------------------------------------------------------------------ multiple testing
def test_fdr_equals_scipy_false_discovery_control() -> None:
    rng = np.random.default_rng(0)
    p = np.concatenate([rng.uniform(0, 1, 300), rng.uniform(0, 1e-3, 50)])
    expected = scipy.stats.false_discovery_control(p, method="bh")
    assert np.allclose(cs.backbone.adjust_pvalues(p, "fdr"), expected, rtol=1e-12, atol=0)


def test_holm_and_bonferroni_by_their_formulas() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.2, 0.005])
    order = np.argsort(p)
    m = len(p)
    holm = np.empty(m)
    running = 0.0
    for rank, k in enumerate(order, start=1):
        running = max(running, min(1.0, (m - rank + 1) * p[k]))
        holm[k] = running
    assert np.allclose(cs.backbone.adjust_pvalues(p, "holm"), holm, rtol=1e-15)
    assert np.allclose(cs.backbone.adjust_pvalues(p, "bonferroni"), np.minimum(1, 5 * p))
    assert np.array_equal(cs.backbone.adjust_pvalues(p, "none"), p)


@pytest.mark.parametrize("method", ["fdr", "holm", "bonferroni"])
def test_correcting_the_smallest_pvalues_alone_is_exact_below_alpha(method: str) -> None:
    # What a backbone does: only candidates p < alpha are kept, the others are > alpha.
    rng = np.random.default_rng(1)
    p = np.concatenate([rng.uniform(0, 1, 2000), rng.uniform(0, 1e-4, 40)])
    alpha = 0.05
    full = cs.backbone.adjust_pvalues(p, method)
    candidates = p < alpha
    partial = cs.backbone.adjust_pvalues(p[candidates], method, n_tests=len(p))
    kept_full = full < alpha
    assert np.array_equal(partial < alpha, kept_full[candidates])
    assert np.allclose(partial[partial < alpha], full[candidates][partial < alpha], rtol=1e-15)


def test_adjust_pvalues_refuses_bad_input() -> None:
    with pytest.raises(cs.InvalidInputError, match=r"\[0, 1\]"):
        cs.backbone.adjust_pvalues([0.5, 1.5])
    with pytest.raises(cs.InvalidInputError, match="n_tests"):
        cs.backbone.adjust_pvalues([0.1, 0.2], n_tests=1)
    with pytest.raises(cs.InvalidInputError, match="correction must be one of"):
        cs.backbone.adjust_pvalues([0.1], "bh")


# ------------------------------------------------------------------ BiCM
@pytest.mark.parametrize("seed", range(12))
def test_bicm_reproduces_both_degree_sequences(seed: int) -> None:
    matrix = random_incidence(seed)
    if matrix.nnz == 0:
        pytest.skip("no signatures")
    B = cs.Bipartite(matrix)
    fit = cs.backbone.bicm(B)
    P = fit.probabilities()
    A = (B.matrix.toarray() > 0).astype(float)
    assert np.abs(P.sum(axis=1) - A.sum(axis=1)).max() < 1e-8
    assert np.abs(P.sum(axis=0) - A.sum(axis=0)).max() < 1e-8
    letters, actors = fit.expected_degrees()
    assert np.allclose(letters.to_numpy(), A.sum(axis=1), atol=1e-8, rtol=0)
    assert np.allclose(actors.to_numpy(), A.sum(axis=0), atol=1e-8, rtol=0)


def test_bicm_on_senate_114_reproduces_degrees_and_agrees_with_the_bicm_package(
    shared_data: Path,
) -> None:
    bicm = pytest.importorskip("bicm")
    B = senate(shared_data, 114)
    fit = cs.backbone.bicm(B)
    P = fit.probabilities()  # letters x actors
    A = B.matrix.toarray()
    assert np.abs(P.sum(axis=1) - A.sum(axis=1)).max() < 1e-8
    assert np.abs(P.sum(axis=0) - A.sum(axis=0)).max() < 1e-8
    assert fit.max_degree_error < 1e-8
    # The bicm package's own Newton solver stops with degree errors near 1e-5, so the two
    # fits agree to about that.
    graph = bicm.BipartiteGraph(biadjacency=A.T.astype(int))
    graph.solve_tool(method="newton", tol=1e-12, print_error=False)
    theirs = graph.get_bicm_matrix()
    their_error = max(
        np.abs(theirs.sum(axis=1) - A.sum(axis=0)).max(),
        np.abs(theirs.sum(axis=0) - A.sum(axis=1)).max(),
    )
    assert np.abs(theirs - P.T).max() < max(1e-6, 10 * their_error)


def test_bicm_fixes_nodes_tied_to_no_one_or_to_everyone() -> None:
    # Actor "all" signs every letter; letter L4 has no signer left beyond it.
    B = cs.Bipartite.from_edges(
        ["L1", "L1", "L2", "L2", "L3", "L3", "L4"], ["all", "a", "all", "b", "all", "a", "all"]
    )
    fit = cs.backbone.bicm(B)
    assert fit.actor_fitness["all"] == np.inf
    assert fit.probability("L4", "all") == 1.0
    assert fit.probability("L4", "a") == 0.0
    _letters, actors = fit.expected_degrees()
    assert np.allclose(actors.to_numpy(), B.actor_degrees.to_numpy(), atol=1e-10)


# ------------------------------------------------------------------ SDSM against bicm
def test_sdsm_rna_pvalues_equal_the_bicm_package_on_senate_114(shared_data: Path) -> None:
    bicm = pytest.importorskip("bicm")
    B = senate(shared_data, 114)
    fit = cs.backbone.bicm(B)
    edges = keep_all(cs.backbone.sdsm, B)
    A = B.matrix.T.toarray().astype(int)  # actors x letters, bicm's rows
    graph = bicm.BipartiteGraph(biadjacency=A)
    graph.projection_method = "rna"
    x = fit.actor_fitness.to_numpy()
    y = fit.letter_fitness.to_numpy()
    W = shared_counts(B)
    # bicm 3.4.0's "rna" returns the lower tail P(V <= v); its upper tail P(V >= w) is
    # one minus its value at w - 1, so we hand it the counts less one.
    graph.v_adj_list = {
        i: {j: W[i, j] - 1 for j in range(i + 1, len(W)) if W[i, j] > 0} for i in range(len(W))
    }
    theirs = {}
    for i in graph.v_adj_list:
        for j, lower in graph.pval_calculator(i, x, y).items():
            theirs[(i, j)] = 1 - lower
    index = label_index(B.actor_labels)
    ours = {
        (index[s], index[t]): p
        for s, t, p in zip(edges.source, edges.target, edges.pvalue, strict=False)
    }
    assert len(theirs) == int(np.count_nonzero(np.triu(W, 1))) == 4_949
    # Pairs with p = 1 exactly are not below any alpha and are not returned.
    assert all(theirs[pair] == 1.0 for pair in theirs.keys() - ours.keys())
    worst = max(abs(ours[pair] - theirs[pair]) for pair in ours)
    assert worst < 1e-12


def test_sdsm_exact_pvalues_equal_the_bicm_package_on_senate_114(shared_data: Path) -> None:
    poibin = pytest.importorskip("bicm.poibin")
    B = senate(shared_data, 114)
    P = cs.backbone.bicm(B).probabilities().T  # actors x letters
    edges = keep_all(cs.backbone.sdsm, B, method="exact")
    index = label_index(B.actor_labels)
    rng = np.random.default_rng(0)
    sample = edges.iloc[rng.choice(len(edges), 25, replace=False)]
    for row in sample.itertuples():
        i, j = index[row.source], index[row.target]
        theirs = poibin.PoiBin(P[i] * P[j]).pval(int(row.observed))
        assert abs(row.pvalue - theirs) < 1e-12, (row.source, row.target)


def test_sdsm_rna_and_exact_agree_where_the_normal_approximation_holds(shared_data: Path) -> None:
    B = senate(shared_data, 114)
    rna = keep_all(cs.backbone.sdsm, B).set_index(["source", "target"]).pvalue
    exact = keep_all(cs.backbone.sdsm, B, method="exact").set_index(["source", "target"]).pvalue
    pairs = rna.index.union(exact.index)  # a pair left out has p = 1
    rna, exact = rna.reindex(pairs, fill_value=1.0), exact.reindex(pairs, fill_value=1.0)
    assert len(pairs) > 4_500
    assert (rna - exact).abs().max() < 0.01
    # Far in the tail the approximation is off by orders of magnitude (documented in sdsm).
    assert (rna - exact).abs().max() > 1e-4


# ------------------------------------------------------------------ the other null models
@pytest.mark.parametrize("seed", range(8))
def test_fixed_row_pvalues_equal_scipy_hypergeom(seed: int) -> None:
    B = cs.Bipartite(random_incidence(seed + 100))
    edges = keep_all(cs.backbone.fixed_row, B)
    W = shared_counts(B)
    degrees = B.actor_degrees
    m = B.n_letters
    index = label_index(B.actor_labels)
    assert len(edges) <= int(np.count_nonzero(np.triu(W, 1)))
    for row in edges.itertuples():
        du, dv = int(degrees[row.source]), int(degrees[row.target])
        w = int(W[index[row.source], index[row.target]])
        assert row.observed == w
        expected = scipy.stats.hypergeom.sf(w - 1, m, du, dv)
        assert row.pvalue == pytest.approx(expected, rel=1e-9, abs=1e-300)
        assert row.expected == pytest.approx(du * dv / m, rel=1e-15)


def test_fixed_row_on_davis_equals_scipy_including_tiny_pvalues(davis: cs.Bipartite) -> None:
    edges = keep_all(cs.backbone.fixed_row, davis)
    W = shared_counts(davis)
    index = label_index(davis.actor_labels)
    degrees = davis.actor_degrees
    for row in edges.itertuples():
        w = int(W[index[row.source], index[row.target]])
        expected = scipy.stats.hypergeom.sf(
            w - 1, davis.n_letters, int(degrees[row.source]), int(degrees[row.target])
        )
        assert row.pvalue == pytest.approx(expected, rel=1e-12)
    assert cs.backbone.fixed_row(davis, onto="letters", alpha=0.5).n_nodes == 14


def test_fixed_fill_equals_enumeration_of_every_incidence() -> None:
    # 5 actors x 3 letters with 8 signatures: every one of C(15, 8) = 6435 incidences.
    B = cs.Bipartite.from_edges(["L1"] * 3 + ["L2"] * 3 + ["L3"] * 2, list("abcabcde"))
    n, m, fill = 5, 3, 8
    counts = np.zeros(m + 1)
    for ones in itertools.combinations(range(n * m), fill):
        cells = np.zeros(n * m, dtype=bool)
        cells[list(ones)] = True
        grid = cells.reshape(n, m)
        counts[int((grid[0] & grid[1]).sum())] += 1
    pmf = counts / counts.sum()
    edges = keep_all(cs.backbone.fixed_fill, B)
    for row in edges.itertuples():
        assert row.pvalue == pytest.approx(pmf[int(row.observed) :].sum(), rel=1e-13)
        assert row.expected == pytest.approx(m * fill * (fill - 1) / (15 * 14), rel=1e-14)


def test_fixed_col_equals_the_poisson_binomial_of_letter_sizes() -> None:
    B = cs.Bipartite(random_incidence(7))
    n = B.n_actors
    sizes = B.letter_degrees.to_numpy()
    q = sizes * (sizes - 1) / (n * (n - 1))
    pmf = np.array([1.0])
    for p in q:
        pmf = np.convolve(pmf, [1 - p, p])
    edges = keep_all(cs.backbone.fixed_col, B)
    assert len(edges) > 0
    for row in edges.itertuples():
        assert row.pvalue == pytest.approx(pmf[int(row.observed) :].sum(), rel=1e-10)
        assert row.expected == pytest.approx(q.sum(), rel=1e-12)


# ------------------------------------------------------------------ signed backbones
def test_signed_fixed_row_tests_every_pair_in_both_tails(davis: cs.Bipartite) -> None:
    B = davis
    alpha = 0.2
    G = cs.backbone.fixed_row(B, alpha=alpha, correction="none", signed=True)
    W = shared_counts(B)
    degrees = B.actor_degrees.to_numpy()
    m = B.n_letters
    expected = {}
    for u, v in itertools.combinations(range(B.n_actors), 2):
        w = int(W[u, v])
        upper = scipy.stats.hypergeom.sf(w - 1, m, degrees[u], degrees[v])
        lower = scipy.stats.hypergeom.cdf(w, m, degrees[u], degrees[v])
        if upper < alpha / 2:
            expected[(u, v)] = 1
        elif lower < alpha / 2:
            expected[(u, v)] = -1
    index = label_index(B.actor_labels)
    got = {
        (index[s], index[t]): int(sign)
        for s, t, sign in zip(G.edges.source, G.edges.target, G.edges.sign, strict=False)
    }
    assert got == expected
    assert any(sign < 0 for sign in got.values())
    assert (G.edges.weight == G.edges.sign).all()
    assert G.attrs["n_tests"] == B.n_actors * (B.n_actors - 1) // 2


def test_signed_backbone_without_negative_ties_equals_the_unsigned_one_at_half_alpha(
    davis: cs.Bipartite,
) -> None:
    signed = cs.backbone.sdsm(davis, alpha=0.2, correction="none", signed=True).edges
    unsigned = cs.backbone.sdsm(davis, alpha=0.1, correction="none").edges
    positive = signed[signed.sign > 0]
    assert list(zip(positive.source, positive.target, strict=False)) == list(
        zip(unsigned.source, unsigned.target, strict=False)
    )


# ------------------------------------------------------------------ corrections in backbones
@pytest.mark.parametrize("correction", ["fdr", "holm", "bonferroni"])
def test_backbone_correction_equals_correcting_every_tested_pair(
    shared_data: Path, correction: str
) -> None:
    B = senate(shared_data, 114)
    every = keep_all(cs.backbone.sdsm, B)
    n_tests = 4_949  # every co-signing pair is one test
    adjusted = cs.backbone.adjust_pvalues(every.pvalue.to_numpy(), correction, n_tests=n_tests)
    expected = every[adjusted < 0.05]
    G = cs.backbone.sdsm(B, alpha=0.05, correction=correction)
    assert G.attrs["n_tests"] == n_tests
    assert list(zip(G.edges.source, G.edges.target, strict=False)) == list(
        zip(expected.source, expected.target, strict=False)
    )
    assert np.allclose(G.edges.pvalue_adjusted, adjusted[adjusted < 0.05], rtol=1e-15)


# ------------------------------------------------------------------ disparity filter
def test_disparity_alphas_equal_the_closed_formula() -> None:
    rng = np.random.default_rng(5)
    pairs = np.unique(np.sort(rng.integers(0, 40, size=(300, 2)), axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    weights = rng.integers(1, 20, size=len(pairs)).astype(float)
    G = cs.Graph.from_edges(pairs[:, 0], pairs[:, 1], weights=weights, nodes=range(40))
    strength = G.strength_array()
    degree = G.degree_array()
    B = cs.backbone.disparity(G, alpha=1 - 1e-15)
    assert B.n_edges == G.n_edges
    for row in B.edges.itertuples():
        ends = []
        for node in (row.source, row.target):
            k = degree[node]
            ends.append(1.0 if k == 1 else (1 - row.weight / strength[node]) ** (k - 1))
        assert row.pvalue == pytest.approx(min(ends), rel=1e-12)
    # Serrano et al.'s integral form: 1 - (k - 1) * int_0^p (1 - x)^(k - 2) dx.
    row = B.edges.iloc[0]
    node = row.source
    k, p = degree[node], row.weight / strength[node]
    integral = scipy.integrate.quad(lambda x: (1 - x) ** (k - 2), 0, p)[0]
    assert 1 - (k - 1) * integral == pytest.approx((1 - p) ** (k - 1), rel=1e-10)


def test_disparity_keeps_ties_significant_for_either_end() -> None:
    G = cs.Graph.from_edges(list("aaaab"), list("bcdec"), weights=[10, 1, 1, 1, 1])
    kept = cs.backbone.disparity(G, alpha=0.05)
    assert list(zip(kept.edges.source, kept.edges.target, strict=False)) == [("a", "b")]
    assert kept.edges.pvalue[0] == pytest.approx((3 / 13) ** 3, rel=1e-14)
    assert kept.edges.expected[0] == pytest.approx(13 / 4)
    assert kept.n_nodes == 5
    corrected = cs.backbone.disparity(G, alpha=0.1, correction="bonferroni")
    assert corrected.edges.pvalue_adjusted[0] == pytest.approx(5 * (3 / 13) ** 3)
    assert corrected.attrs["n_tests"] == 5


# ------------------------------------------------------------------ results and narratives
def test_backbone_graph_carries_labels_weights_and_provenance(shared_data: Path) -> None:
    B = senate(shared_data, 114)
    G, text = cs.backbone.sdsm(B, alpha=0.05, correction="fdr", narrative=True)
    edges = G.edges
    assert list(edges.columns) == [
        "source",
        "target",
        "weight",
        "observed",
        "expected",
        "pvalue",
        "pvalue_adjusted",
    ]
    assert (edges.weight == edges.observed).all()
    assert (edges.pvalue_adjusted >= edges.pvalue).all()
    assert (edges.pvalue_adjusted < 0.05).all()
    assert 0 < G.n_edges < 4_949
    assert set(G.labels) == set(B.actor_labels)
    assert "n_letters" in G.nodes.columns
    assert G.attrs["model"] == "sdsm"
    assert G.attrs["correction"] == "fdr"
    assert G.attrs["bicm_max_degree_error"] < 1e-8
    for phrase in (
        "stochastic degree sequence model",
        "alpha = 0.05",
        "Benjamini-Hochberg",
        "Neal, Z. P. (2014)",
        f"{G.n_edges:,} of the 4,949 co-signature ties",
        "over 4,949 tests",
        "100 actors",
        "3,589 letters",
    ):
        assert phrase in text
    nxG = G.to_networkx()
    u, v = edges.source[0], edges.target[0]
    assert nxG.edges[u, v]["pvalue"] == edges.pvalue[0]
    assert nxG.graph["model"] == "sdsm"
    g = G.to_igraph()
    assert g.es["expected"] == edges.expected.tolist()


def test_every_model_is_the_same_for_every_thread_count(davis: cs.Bipartite) -> None:
    for model in MODELS:
        cs.set_num_threads(1)
        one = model(davis, alpha=0.5, signed=True).edges
        cs.set_num_threads(3)
        three = model(davis, alpha=0.5, signed=True).edges
        cs.set_num_threads(0)
        pd.testing.assert_frame_equal(one, three)


def test_weighted_signatures_are_counted_once_with_a_warning() -> None:
    weights = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0, 0, 1], [0, 0, 1]])
    B = cs.Bipartite(weights, ["L1", "L2", "L3", "L4"], list("abc"))
    with pytest.warns(cs.CosignetWarning, match="treated as 1"):
        G = cs.backbone.fixed_row(B, alpha=0.9, correction="none")
    assert G.edges.observed.tolist() == [2.0]
    binary = cs.backbone.fixed_row(cs.Bipartite(weights > 0), alpha=0.9, correction="none")
    assert G.edges.pvalue.tolist() == binary.edges.pvalue.tolist()


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("model", MODELS)
def test_models_refuse_bad_arguments_by_name(model, opsahl: cs.Bipartite) -> None:
    for alpha in (0, 1, -0.1, 1.5, float("nan"), "0.05", True):
        with pytest.raises(cs.InvalidInputError, match="alpha"):
            model(opsahl, alpha=alpha)
    with pytest.raises(cs.InvalidInputError, match="correction must be one of"):
        model(opsahl, correction="BH")
    with pytest.raises(cs.InvalidInputError, match="onto must be one of"):
        model(opsahl, onto="people")
    with pytest.raises(cs.InvalidInputError, match=r"cosignet\.Bipartite"):
        model(np.ones((2, 2)))
    with pytest.raises(cs.InvalidInputError, match="max_edges"):
        model(opsahl, max_edges=-1)


def test_sdsm_refuses_an_unknown_method(opsahl: cs.Bipartite) -> None:
    with pytest.raises(cs.InvalidInputError, match="method must be one of 'rna', 'exact'"):
        cs.backbone.sdsm(opsahl, method="poisson")


def test_disparity_refuses_bad_arguments(opsahl: cs.Bipartite) -> None:
    with pytest.raises(cs.InvalidInputError, match=r"cosignet\.Graph"):
        cs.backbone.disparity(opsahl)
    with pytest.raises(cs.InvalidInputError, match="alpha"):
        cs.backbone.disparity(opsahl.project(), alpha=1.0)


@pytest.mark.parametrize("model", MODELS)
def test_all_ones_incidence_has_an_empty_backbone(model) -> None:
    # Everyone signs everything: every count is certain, nothing is more than chance.
    B = cs.Bipartite(np.ones((4, 6)))
    G = model(B, alpha=0.05, signed=True)
    assert G.n_edges == 0
    assert G.n_nodes == 6
    assert G.attrs["co_signing_pairs"] == 15


@pytest.mark.parametrize("model", MODELS)
def test_incidence_without_signatures_has_an_empty_backbone(model) -> None:
    B = cs.Bipartite(sp.csr_array((3, 4)))
    G = model(B)
    assert G.n_edges == 0
    assert G.n_nodes == 4
    assert G.attrs["n_tests"] == 0


def test_one_node_and_max_edges(opsahl: cs.Bipartite) -> None:
    single = cs.Bipartite.from_edges(["L1", "L2"], ["a", "a"])
    assert cs.backbone.sdsm(single).n_edges == 0
    with pytest.raises(cs.TooLargeError, match="max_edges=0"):
        cs.backbone.fixed_row(opsahl, alpha=0.9, correction="none", max_edges=0)


def test_ctrl_c_interrupts_a_long_sdsm_and_leaves_the_data_usable() -> None:
    rng = np.random.default_rng(0)
    matrix = sp.random(4_000, 3_000, density=0.02, format="csr", random_state=rng)
    matrix.data[:] = 1
    B = cs.Bipartite(matrix)
    fired: list[float] = []

    def press() -> None:
        fired.append(time.perf_counter())
        _thread.interrupt_main()

    timer = threading.Timer(0.5, press)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        cs.backbone.sdsm(B, method="exact", alpha=0.5)
    latency = time.perf_counter() - fired[0]
    timer.join()
    assert latency < 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cs.backbone.fixed_row(B, alpha=1e-6).n_nodes == 3_000
