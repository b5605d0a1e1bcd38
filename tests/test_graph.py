"""The one-mode Graph: construction, tables and conversion to NetworkX and igraph."""

from __future__ import annotations

import igraph as ig
import networkx as nx
import numpy as np
import pytest

import cosignet as cs


def test_from_edges_builds_symmetric_adjacency() -> None:
    G = cs.Graph.from_edges(["a", "b", "c"], ["b", "c", "a"], weights=[1, 2, 3], nodes=["d"])
    assert list(G.labels) == ["d", "a", "b", "c"]
    assert (G.n_nodes, G.n_edges, G.total_weight) == (4, 3, 6)
    assert G.adjacency.toarray().tolist() == [
        [0, 0, 0, 0],
        [0, 0, 1, 3],
        [0, 1, 0, 2],
        [0, 3, 2, 0],
    ]
    assert G.adjacency.has_sorted_indices
    assert G.edges.to_dict("list") == {
        "source": ["a", "a", "b"],
        "target": ["b", "c", "c"],
        "weight": [1.0, 3.0, 2.0],
    }
    assert G.degree_array().tolist() == [0, 2, 2, 2]


def test_repeated_edges_are_summed_with_a_warning() -> None:
    with pytest.warns(cs.CosignetWarning, match="1 repeated edges were merged one each|1 repeated"):
        G = cs.Graph.from_edges(["a", "b"], ["b", "a"], weights=[1, 2])
    assert G.edges.weight.tolist() == [3.0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cs.Graph.from_edges(["a"], ["a"]), "edge 0 is a self-loop on 'a'"),
        (lambda: cs.Graph.from_edges(["a"], ["b", "c"]), "same length, got 1 and 2"),
        (lambda: cs.Graph.from_edges(["a"], ["b"], weights=[0]), "weight 0 at position 0"),
        (lambda: cs.Graph.from_edges(["a"], ["b"], weights=[1, 2]), "one value per edge"),
        (lambda: cs.Graph.from_edges(["a"], [None]), r"targets\[0\] is missing"),
        (lambda: cs.Graph.from_edges(["a"], ["b"], nodes=["x", "x"]), "more than once"),
        (lambda: cs.Graph.from_networkx(nx.DiGraph()), "undirected simple"),
    ],
)
def test_bad_input(call, message: str) -> None:
    with pytest.raises(cs.InvalidInputError, match=message):
        call()


def test_empty_graph_is_defined() -> None:
    G = cs.Graph.from_edges([], [], nodes=["lonely"])
    assert (G.n_nodes, G.n_edges, G.total_weight) == (1, 0, 0.0)
    assert G.adjacency.shape == (1, 1)
    assert G.edges.empty
    assert G.to_networkx().number_of_nodes() == 1
    assert G.to_igraph().vcount() == 1


def test_networkx_round_trip_keeps_weights_and_attributes() -> None:
    original = nx.karate_club_graph()
    G = cs.Graph.from_networkx(original)
    assert (G.n_nodes, G.n_edges) == (34, 78)
    assert G.total_weight == original.size(weight="weight")
    assert G.nodes.loc[0, "club"] == "Mr. Hi"
    back = G.to_networkx()
    assert dict(back.nodes(data=True)) == dict(original.nodes(data=True))
    assert {frozenset((u, v)): w for u, v, w in back.edges(data="weight")} == {
        frozenset((u, v)): float(w) for u, v, w in original.edges(data="weight")
    }


def test_to_igraph_matches() -> None:
    B = cs.Bipartite.from_edges([1, 1, 1, 2, 2], list("abcab"))
    G = B.project()
    g = G.to_igraph()
    assert isinstance(g, ig.Graph)
    assert g.vs["name"] == ["a", "b", "c"]
    assert g.vs["n_letters"] == [2, 2, 1]
    weights = {
        tuple(sorted((g.vs[e.source]["name"], g.vs[e.target]["name"]))): e["weight"] for e in g.es
    }
    assert weights == {("a", "b"): 2.0, ("a", "c"): 1.0, ("b", "c"): 1.0}
    np.testing.assert_array_equal(
        np.asarray(g.get_adjacency_sparse(attribute="weight").todense()), G.adjacency.toarray()
    )


def test_projection_nodes_table() -> None:
    G = cs.Bipartite.from_edges([1, 1, 2], ["a", "b", "a"]).project()
    assert G.nodes.to_dict() == {"n_letters": {"a": 2, "b": 1}}
    assert repr(G) == "<cosignet.Graph: 2 nodes, 1 edges, total weight 1>"


def test_numbers_among_string_labels_stay_numbers() -> None:
    # NumPy would turn [1, 2, "x"] into strings, and edges 1-2 would add two new nodes.
    G = cs.Graph.from_edges([1], [2], nodes=[1, 2, "x"])
    assert list(G.labels) == [1, 2, "x"]
    assert G.n_nodes == 3
    assert G.edges.to_dict("records") == [{"source": 1, "target": 2, "weight": 1.0}]
