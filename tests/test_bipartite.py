"""Building a Bipartite: labels, degrees, repeated pairs, provenance and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import cosignet as cs


def test_from_edges_keeps_labels_in_order_of_appearance() -> None:
    B = cs.Bipartite.from_edges(["L2", "L1", "L2"], ["bob", "ann", "ann"])
    assert list(B.letter_labels) == ["L2", "L1"]
    assert list(B.actor_labels) == ["bob", "ann"]
    assert B.matrix.toarray().tolist() == [[1.0, 1.0], [0.0, 1.0]]
    assert B.letter_degrees.to_dict() == {"L2": 2, "L1": 1}
    assert B.actor_degrees.to_dict() == {"bob": 1, "ann": 2}
    assert (B.n_letters, B.n_actors, B.n_signatures) == (2, 2, 3)
    assert repr(B) == "<cosignet.Bipartite: 2 letters x 2 actors, 3 signatures>"


def test_any_hashable_labels() -> None:
    B = cs.Bipartite.from_edges([("bill", 1), ("bill", 1), 3.5], [frozenset({1}), "x", "x"])
    assert list(B.letter_labels) == [("bill", 1), 3.5]
    assert B.project().n_edges == 1


def test_repeated_pairs_are_merged_with_a_warning() -> None:
    with pytest.warns(cs.CosignetWarning, match=r"2 repeated \(letter, signer\) pairs"):
        B = cs.Bipartite.from_edges(["L", "L", "L", "L"], ["a", "a", "a", "b"])
    assert B.matrix.toarray().tolist() == [[1.0, 1.0]]
    with pytest.warns(cs.CosignetWarning, match="weights summed"):
        W = cs.Bipartite.from_edges(["L", "L", "L"], ["a", "a", "b"], weights=[1, 2, 5])
    assert W.matrix.toarray().tolist() == [[3.0, 5.0]]
    assert W.project().edges.weight.tolist() == [15.0]


def test_wrap_sparse_and_dense_matrices() -> None:
    dense = np.array([[1, 0, 2], [0, 0, 1]])
    for matrix in (dense, sp.csc_matrix(dense), sp.coo_array(dense), dense.astype(bool)):
        B = cs.Bipartite(matrix, ["x", "y"], ["a", "b", "c"])
        assert B.matrix.indices.dtype == np.int64
        assert B.matrix.indptr.dtype == np.int64
        assert B.matrix.data.dtype == np.float64
        assert B.matrix.nnz == 3
    explicit_zero = sp.csr_array(
        (np.array([0.0, 1.0]), np.array([0, 1]), np.array([0, 2])), shape=(1, 2)
    )
    assert cs.Bipartite(explicit_zero).n_signatures == 1


def test_shared_letters_gives_provenance() -> None:
    B = cs.Bipartite.from_edges(["L1", "L1", "L2", "L2", "L3", "L3"], list("abababc")[:6])
    assert list(B.shared_letters("a", "b")) == ["L1", "L2", "L3"]
    B2 = cs.Bipartite.from_edges(["L1", "L1", "L2"], ["a", "b", "c"])
    assert list(B2.shared_letters("a", "c")) == []
    assert B2.shared_letters("a", "b").name == "letter"
    with pytest.raises(cs.InvalidInputError, match="unknown actor 'zed'"):
        B2.shared_letters("a", "zed")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cs.Bipartite.from_edges([], []), "empty: there are no signatures"),
        (lambda: cs.Bipartite.from_edges(["a", "b"], ["x"]), "same length, got 2 and 1"),
        (lambda: cs.Bipartite.from_edges(["a", None], ["x", "y"]), r"letters\[1\] is missing"),
        (lambda: cs.Bipartite.from_edges(["a"], [np.nan]), r"signers\[0\] is missing"),
        (lambda: cs.Bipartite.from_edges("ab", "xy"), "must be a sequence of labels"),
        (
            lambda: cs.Bipartite.from_edges(["a", "b"], ["x", "y"], weights=[1, np.nan]),
            "weight nan at position 1 is not a positive finite number",
        ),
        (
            lambda: cs.Bipartite.from_edges(["a"], ["x"], weights=[np.inf]),
            "weight inf at position 0",
        ),
        (
            lambda: cs.Bipartite.from_edges(["a"], ["x"], weights=[-2]),
            "weight -2 at position 0",
        ),
        (
            lambda: cs.Bipartite.from_edges(["a"], ["x"], weights=[1, 2]),
            r"one value per signature \(1\), got shape \(2,\)",
        ),
        (lambda: cs.Bipartite(np.zeros((0, 0))), r"empty \(shape 0 x 0\)"),
        (lambda: cs.Bipartite(sp.csr_array((3, 0))), r"empty \(shape 3 x 0\)"),
        (lambda: cs.Bipartite(np.ones(3)), "two-dimensional, got shape"),
        (lambda: cs.Bipartite(np.array([[1.0, np.nan]])), r"value nan at \(0, 1\) is not finite"),
        (lambda: cs.Bipartite(np.array([[1.0, np.inf]])), r"value inf at \(0, 1\) is not finite"),
        (lambda: cs.Bipartite(np.array([[1.0, -1.0]])), r"value -1 at \(0, 1\) is not positive"),
        (lambda: cs.Bipartite(np.array([["a"]])), "must hold numbers"),
        (lambda: cs.Bipartite(np.eye(2), ["x"]), "letter_labels has 1 labels but the matrix has 2"),
        (lambda: cs.Bipartite(np.eye(2), None, ["a", "a"]), "'a' appears more than once"),
        (lambda: cs.Bipartite(np.eye(2), None, ["a", None]), r"actor_labels\[1\] is missing"),
    ],
)
def test_bad_input_names_the_problem(call, message: str) -> None:
    with pytest.raises(cs.InvalidInputError, match=message):
        call()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"onto": "signers"}, "onto must be one of 'actors', 'letters', got 'signers'"),
        ({"weighting": "cosine"}, "weighting must be one of 'count', .* got 'cosine'"),
        ({"min_weight": -1}, "min_weight must be finite and >= 0, got -1"),
        ({"min_weight": float("nan")}, "min_weight must be finite and >= 0, got nan"),
        ({"min_weight": "3"}, "min_weight must be a number, got '3'"),
        ({"max_edges": -5}, "max_edges must be a non-negative integer, got -5"),
        ({"max_edges": 2.5}, "max_edges must be a non-negative integer, got 2.5"),
    ],
)
def test_bad_projection_arguments(opsahl: cs.Bipartite, kwargs: dict, message: str) -> None:
    with pytest.raises(cs.InvalidInputError, match=message):
        opsahl.project(**kwargs)


def test_max_edges_refuses_before_allocating(opsahl: cs.Bipartite) -> None:
    with pytest.raises(cs.TooLargeError, match=r"would have 6 edges and need about .* max_edges=5"):
        opsahl.project(max_edges=5)
    assert opsahl.project(max_edges=6).n_edges == 6
    assert opsahl.project(min_weight=2, max_edges=2).n_edges == 2
    with pytest.raises(MemoryError):  # TooLargeError is also a MemoryError
        opsahl.project(max_edges=0)


def test_refuses_projection_larger_than_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    import cosignet.bipartite as bipartite_module

    monkeypatch.setattr(bipartite_module, "available_bytes", lambda: 1_000)
    B = cs.Bipartite.from_edges(["L"] * 30, range(30))
    with pytest.raises(cs.TooLargeError, match=r"435 edges .* memory available"):
        B.project()


def test_labels_are_pandas_indexes() -> None:
    B = cs.Bipartite(np.eye(2), pd.Index(["x", "y"]), np.array([10, 20]))
    assert isinstance(B.letter_labels, pd.Index)
    assert list(B.actor_labels) == [10, 20]
    assert isinstance(cs.Bipartite(np.eye(2)).actor_labels, pd.RangeIndex)


def test_node_attributes_reach_the_projection() -> None:
    actors = pd.DataFrame({"party": ["Lab", "Con", "Lab"]}, index=["ann", "bob", "cy"])
    letters = pd.DataFrame({"year": [2020, 2021]}, index=["L1", "L2"])
    B = cs.Bipartite(
        np.array([[1, 1, 0], [0, 1, 1]]), ["L1", "L2"], ["ann", "bob", "cy"], letters, actors
    )
    assert B.actors["party"].tolist() == ["Lab", "Con", "Lab"]
    G = B.project()
    assert G.nodes.to_dict("index") == {
        "ann": {"party": "Lab", "n_letters": 1},
        "bob": {"party": "Con", "n_letters": 2},
        "cy": {"party": "Lab", "n_letters": 1},
    }
    assert B.project(onto="letters").nodes.to_dict("index") == {
        "L1": {"year": 2020, "n_signatories": 2},
        "L2": {"year": 2021, "n_signatories": 2},
    }


def test_node_attributes_must_be_a_frame_without_repeats() -> None:
    with pytest.raises(cs.InvalidInputError, match="actors must be a DataFrame"):
        cs.Bipartite(np.eye(2), actors={"party": ["a", "b"]})
    with pytest.raises(cs.InvalidInputError, match="actors repeats the label 0"):
        cs.Bipartite(np.eye(2), actors=pd.DataFrame({"p": [1, 2]}, index=[0, 0]))


def test_corpus_attributes_reach_the_projection() -> None:
    corpus = cs.datasets.interpol_2021()
    G = corpus.incidence().project()
    assert {"name", "country", "organisation", "n_letters"} <= set(G.nodes.columns)
    actors = corpus.actors
    assert G.nodes["country"].equals(actors.loc[G.labels, "country"])
