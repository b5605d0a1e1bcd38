"""GraphML, GEXF and node-link JSON: round trips, and files NetworkX and igraph read."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import cosignet as cs

FORMATS = ("graphml", "gexf", "json")


@pytest.fixture
def backbone_graph(opsahl: cs.Bipartite) -> cs.Graph:
    G = cs.backbone.fixed_row(opsahl, alpha=0.9, correction="none")
    G._nodes["country"] = ["UK", "DE", None, "TW", "HK", "UK"]
    G._nodes["ipac"] = [True, False, True, False, True, True]
    return G


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_weights_edge_data_and_node_attributes(
    tmp_path: Path, fmt: str, backbone_graph: cs.Graph
) -> None:
    path = backbone_graph.write(tmp_path / f"graph.{fmt}")
    back = cs.Graph.read(path)
    assert back.n_nodes == backbone_graph.n_nodes
    assert back.n_edges == backbone_graph.n_edges > 0
    original, read = backbone_graph.edges, back.edges
    assert [str(x) for x in read.source] == [str(x) for x in original.source]
    for column in ("weight", "observed", "expected", "pvalue"):
        assert np.array_equal(read[column].to_numpy(float), original[column].to_numpy(float))
    nodes = back.nodes
    assert nodes.country.tolist()[:2] == ["UK", "DE"]
    assert nodes.n_letters.tolist() == backbone_graph.nodes.n_letters.tolist()
    assert nodes.ipac.tolist() == [True, False, True, False, True, True]


def test_networkx_reads_every_format(tmp_path: Path, backbone_graph: cs.Graph) -> None:
    expected = backbone_graph.to_networkx()
    graphml = nx.read_graphml(backbone_graph.write(tmp_path / "g.graphml"))
    gexf = nx.read_gexf(backbone_graph.write(tmp_path / "g.gexf"))
    document = json.loads(backbone_graph.write(tmp_path / "g.json").read_text(encoding="utf-8"))
    linked = nx.node_link_graph(document, edges="edges")
    for read in (graphml, gexf, linked):
        assert read.number_of_nodes() == expected.number_of_nodes()
        assert read.number_of_edges() == expected.number_of_edges()
        for u, v, data in expected.edges(data=True):
            assert read.edges[str(u), str(v)]["weight"] == data["weight"]
            assert read.edges[str(u), str(v)]["pvalue"] == data["pvalue"]
    assert graphml.nodes["A"]["country"] == "UK"
    assert "country" not in graphml.nodes["C"]  # missing values are left out
    assert linked.graph["model"] == "fixed_row"


def test_igraph_reads_graphml(tmp_path: Path, backbone_graph: cs.Graph) -> None:
    ig = pytest.importorskip("igraph")
    g = ig.Graph.Read_GraphML(str(backbone_graph.write(tmp_path / "g.graphml")))
    assert g.vcount() == 6
    assert sorted(g.es["weight"]) == sorted(backbone_graph.edges.weight.tolist())


def test_json_keeps_number_labels(tmp_path: Path) -> None:
    G = cs.Graph.from_edges([1, 2], [2, 3], weights=[1.5, 2.5])
    back = cs.Graph.read(G.write(tmp_path / "g.json"))
    assert back.labels.tolist() == [1, 2, 3]
    assert back.edges.weight.tolist() == [1.5, 2.5]


def test_format_errors_name_the_file(tmp_path: Path) -> None:
    G = cs.Graph.from_edges(["a"], ["b"])
    with pytest.raises(cs.InvalidInputError, match="cannot tell the format"):
        G.write(tmp_path / "g.txt")
    with pytest.raises(cs.InvalidInputError, match="format must be one of"):
        G.write(tmp_path / "g.graphml", format="pajek")
    broken = tmp_path / "broken.graphml"
    broken.write_text("<graphml><graph>", encoding="utf-8")
    with pytest.raises(cs.ParseError, match=r"broken\.graphml"):
        cs.Graph.read(broken)
    directed = tmp_path / "d.json"
    directed.write_text('{"directed": true, "nodes": [], "edges": []}', encoding="utf-8")
    with pytest.raises(cs.ParseError, match="directed"):
        cs.Graph.read(directed)
    clash = cs.Graph.from_edges([1], ["1"])
    with pytest.raises(cs.InvalidInputError, match="written the same way"):
        clash.write(tmp_path / "clash.graphml")


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    G = cs.Graph.from_edges(["a"], ["b"])
    G._nodes["bad"] = [float("inf"), 1.0]  # JSON refuses infinity
    target = tmp_path / "g.json"
    with pytest.raises(ValueError, match="Out of range float values"):
        G.write(target)
    assert list(tmp_path.iterdir()) == []
