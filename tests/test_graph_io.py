"""GraphML, GEXF and node-link JSON: round trips, and files NetworkX and igraph read."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import cosignet as cs
from cosignet import _core, graph_io

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


# ------------------------------------------------------------------ streaming writers (issue 19)
#: Labels of every kind XML and JSON treat specially (control characters other than tab, LF
#: and CR are replaced, with a warning: tests/test_attack_input.py).
HOSTILE_LABELS = [
    "",
    " padded ",
    "a&b <c> \"d\" 'e'",
    "]]> &amp; &#13; <!-- -->",
    "tab\there",
    "line\nfeed",
    "carriage\rreturn",
    "crlf\r\nend\r",
    "Grün Šakalienė 王秀英 عبد\u200f",  # a right-to-left mark, as names carry
    "astral \U0001f600 \U0001d518",
    "combining e\u0301",
    "\ufeffbom",
]
#: Weights that read back exactly only when written as repr() writes them.
EXACT_WEIGHTS = [
    0.1 + 0.2,
    1e-300,
    5e-324,
    2.0**53 + 2,
    1.7976931348623157e308,
    1e16,
    9999999999999998.0,
    12345.678,
    1 / 3,
    7.0,
    2.2250738585072014e-308,
]


def hostile_graph() -> cs.Graph:
    n = len(HOSTILE_LABELS)
    sources = HOSTILE_LABELS[: n - 1]
    targets = HOSTILE_LABELS[1:]
    G = cs.Graph.from_edges(sources, targets, weights=EXACT_WEIGHTS[: n - 1])
    G._nodes["name"] = list(reversed(HOSTILE_LABELS))
    G._nodes["count"] = np.arange(n, dtype=np.int64) - 2**62
    m = G.n_edges
    G._edge_data = pd.DataFrame(
        {
            "pvalue": [np.nan if k % 3 == 0 else EXACT_WEIGHTS[-k] for k in range(m)],
            "observed": [2**63 - 1 - k for k in range(m)],
            "significant": [k % 2 == 0 for k in range(m)],
            "note": [HOSTILE_LABELS[k] if k % 4 else None for k in range(m)],
        }
    )
    return G


def same_floats(a: Any, b: Any) -> bool:
    """Equal bit for bit (NaN equal to NaN, -0.0 unequal to 0.0)."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return x.shape == y.shape and bool(np.all(x.view(np.int64) == y.view(np.int64)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_labels_and_exact_numbers_round_trip(tmp_path: Path, fmt: str) -> None:
    G = hostile_graph()
    back = cs.Graph.read(G.write(tmp_path / f"g.{fmt}"))
    assert back.labels.tolist() == G.labels.tolist()
    assert back.nodes.name.tolist() == G.nodes.name.tolist()
    assert back.nodes["count"].tolist() == G.nodes["count"].tolist()
    original, read = G.edges, back.edges
    assert read.source.tolist() == original.source.tolist()
    assert read.target.tolist() == original.target.tolist()
    assert same_floats(read.weight, original.weight)
    assert same_floats(read.pvalue.astype(float), original.pvalue)
    assert read.observed.tolist() == original.observed.tolist()
    assert read.significant.tolist() == original.significant.tolist()
    assert [None if pd.isna(x) else x for x in read.note] == [
        None if pd.isna(x) else x for x in original.note
    ]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_hostile_labels_exactly(tmp_path: Path, fmt: str) -> None:
    G = hostile_graph()
    path = G.write(tmp_path / f"g.{fmt}")
    read = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert sorted(read.nodes) == sorted(HOSTILE_LABELS)
    for u, v, weight in G.edges[["source", "target", "weight"]].itertuples(index=False):
        assert read.edges[u, v]["weight"] == weight


def test_floats_are_written_as_python_repr_writes_them() -> None:
    special = [0.0, -0.0, 1e-5, 1e-4, 9.999999999999999e-5, 1e15, 9999999999999998.0, 1e16,
               1.0000000000000002e16, 2.0**53, 2.0**53 + 2, 2.0**63, 5e-324, 1e-320, 1e308,
               float("inf"), -float("inf"), 0.1, 1 / 3, -2.5, 123456789.125]  # fmt: skip
    random = np.random.default_rng(19).integers(0, 2**64, 200_000, dtype=np.uint64)
    values = np.concatenate([special, random.view(np.float64)])
    values = values[~np.isnan(values)]
    assert _core.float_repr(values).split(" ") == [repr(x) for x in values.tolist()]


def expected_records(G: cs.Graph, json_like: bool) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """What a reader should find for each node and edge: the values G holds, missing left out.

    XML holds text: a string column's values read back as str(value); JSON keeps numbers,
    booleans and null.
    """

    def value(x: Any, kind: str) -> Any:
        if json_like:
            if isinstance(x, np.generic):
                x = x.item()
            return None if x is None or (isinstance(x, float) and np.isnan(x)) else x
        if kind == "string":
            return str(x)
        return x.item() if isinstance(x, np.generic) else x

    def record(row: dict[Any, Any], kinds: dict[Any, str]) -> dict[Any, Any]:
        out = {}
        for name, x in row.items():
            missing = x is None or (not isinstance(x, str) and pd.isna(x))
            if missing and not json_like:
                continue
            out[str(name)] = None if missing else value(x, kinds[name])
        return out

    nodes = G.nodes
    node_kinds = {name: graph_io._kind(nodes[name]) for name in nodes.columns}
    expected_nodes = {
        (label if json_like else str(label)): record(row, node_kinds)
        for label, row in zip(G.labels, nodes.to_dict(orient="records"), strict=True)
    }
    edges = G.edges
    data = edges.drop(columns=["source", "target"])
    edge_kinds = {name: graph_io._kind(data[name]) for name in data.columns}
    expected_edges = {
        frozenset((s, t) if json_like else (str(s), str(t))): record(row, edge_kinds)
        for s, t, row in zip(
            edges.source, edges.target, data.to_dict(orient="records"), strict=True
        )
    }
    return expected_nodes, expected_edges


def random_graph(seed: int, n: int = 40, m: int = 150) -> cs.Graph:
    """A seeded graph with node and edge columns of every type the writers handle."""
    rng = np.random.default_rng(seed)
    labels = [f"n{i}" for i in range(n)]
    for k, hostile in enumerate(HOSTILE_LABELS[1:8]):
        labels[3 * k + 1] = hostile
    pairs = {tuple(sorted(p)) for p in rng.integers(0, n, (m, 2)).tolist() if p[0] != p[1]}
    low, high = zip(*sorted(pairs), strict=True)
    G = cs.Graph.from_edges(
        [labels[i] for i in low],
        [labels[i] for i in high],
        weights=np.where(
            rng.random(len(low)) < 0.5, rng.integers(1, 9, len(low)), rng.random(len(low)) * 10
        ),
        nodes=labels,
    )
    G._nodes["score"] = np.where(rng.random(n) < 0.3, np.nan, rng.standard_normal(n) * 1e-5)
    G._nodes["letters"] = rng.integers(-(2**40), 2**40, n)
    G._nodes["member"] = rng.random(n) < 0.5
    G._nodes["country"] = rng.choice(np.array(["UK", "DE & AT", None, "", "x\ry"], dtype=object), n)
    G._nodes["mixed"] = np.array([1, "1", 1.5, True, None, np.nan, "t\tab"] * n, dtype=object)[:n]
    G._nodes["maybe"] = pd.array(
        np.where(rng.random(n) < 0.3, None, rng.integers(0, 9, n)), dtype="Int64"
    )
    G._nodes["kind"] = pd.Categorical(rng.choice(["person", "organisation"], n))
    m = G.n_edges
    G._edge_data = pd.DataFrame(
        {
            "pvalue": np.where(rng.random(m) < 0.2, np.nan, rng.random(m)),
            "observed": rng.integers(0, 100, m),
            "in_backbone": rng.random(m) < 0.5,
            "source_name": rng.choice(np.array(["Ann", "B<b>", "c\nd"], dtype=object), m),
        }
    )
    G.attrs["model"] = "fixed_row"
    G.attrs["alpha"] = 0.05
    return G


@pytest.mark.parametrize("seed", range(4))
def test_networkx_reads_what_the_graph_holds(tmp_path: Path, seed: int) -> None:
    G = random_graph(seed)
    nodes, edges = expected_records(G, json_like=False)
    for read in (
        nx.read_graphml(G.write(tmp_path / "g.graphml")),
        nx.read_gexf(G.write(tmp_path / "g.gexf")),
    ):
        assert {
            u: {k: v for k, v in d.items() if k != "label"} for u, d in read.nodes(data=True)
        } == nodes
        assert {
            frozenset((u, v)): {k: x for k, x in d.items() if k != "id"}
            for u, v, d in read.edges(data=True)
        } == edges
    nodes, edges = expected_records(G, json_like=True)
    document = json.loads(G.write(tmp_path / "g.json").read_text(encoding="utf-8"))
    linked = nx.node_link_graph(document, edges="edges")
    assert dict(linked.nodes(data=True)) == nodes
    assert {frozenset((u, v)): d for u, v, d in linked.edges(data=True)} == edges
    assert linked.graph == {"model": "fixed_row", "alpha": 0.05}


def test_igraph_reads_what_the_graph_holds(tmp_path: Path) -> None:
    ig = pytest.importorskip("igraph")
    G = random_graph(7)
    g = ig.Graph.Read_GraphML(str(G.write(tmp_path / "g.graphml")))
    # igraph 1.0 reads "&amp;" in an attribute value as "&#38;" (in any file, NetworkX's too)
    assert [x.replace("&#38;", "&") for x in g.vs["id"]] == [str(label) for label in G.labels]
    edges = G.edges
    assert same_floats(g.es["weight"], edges.weight)
    assert same_floats(g.es["pvalue"], edges.pvalue)
    assert g.es["source_name"] == edges.source_name.tolist()


def sized_graph(n: int, m: int) -> cs.Graph:
    """`n` nodes and the first `m` pairs among them, with node and edge columns."""
    labels = [f"{HOSTILE_LABELS[i % len(HOSTILE_LABELS)]}{i}" for i in range(n)]
    low, high = np.triu_indices(n, 1)
    G = cs.Graph.from_edges(
        [labels[i] for i in low[:m]],
        [labels[i] for i in high[:m]],
        weights=np.arange(1, m + 1) / 3,
        nodes=labels,
    )
    G._nodes["score"] = [np.nan if i % 3 == 0 else i / 7 for i in range(n)]
    G._edge_data = pd.DataFrame(
        {"p": [np.nan if k % 2 else k / 9 for k in range(m)], "note": ["x\r"] * m}
    )
    return G


@pytest.mark.parametrize("fmt", FORMATS)
def test_chunks_join_into_the_same_file(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # node and edge counts on, before and after multiples of the chunk size
    for n, m in ((0, 0), (1, 0), (2, 1), (3, 3), (4, 5), (5, 8), (5, 9), (6, 12)):
        G = sized_graph(n, m)
        monkeypatch.setattr(graph_io, "_CHUNK_ROWS", 10**9)
        whole = G.write(tmp_path / f"whole.{fmt}").read_bytes()
        for size in (1, 2, 3, 4):
            monkeypatch.setattr(graph_io, "_CHUNK_ROWS", size)
            assert G.write(tmp_path / f"chunked.{fmt}").read_bytes() == whole, (n, m, size)
        back = cs.Graph.read(tmp_path / f"chunked.{fmt}")
        assert back.labels.tolist() == G.labels.tolist()
        assert same_floats(back.edges.weight, G.edges.weight)


@pytest.mark.parametrize("edges", [8191, 8192, 8193, 16385])
def test_the_default_chunk_size_joins_too(
    tmp_path: Path, edges: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert graph_io._CHUNK_ROWS == 8192
    n = 200
    low, high = np.triu_indices(n, 1)
    G = cs.Graph.from_edges(low[:edges], high[:edges], weights=np.arange(1, edges + 1) / 7)
    streamed = G.write(tmp_path / "streamed.graphml").read_bytes()
    monkeypatch.setattr(graph_io, "_CHUNK_ROWS", 10**9)
    assert G.write(tmp_path / "whole.graphml").read_bytes() == streamed
    back = cs.Graph.read(tmp_path / "streamed.graphml")
    assert same_floats(back.edges.weight, G.edges.weight)


def test_files_are_written_a_chunk_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    G = random_graph(3, n=60, m=1000)
    monkeypatch.setattr(graph_io, "_CHUNK_ROWS", 100)
    for write in (graph_io._write_graphml, graph_io._write_gexf, graph_io._write_json):
        pieces: list[bytes] = []
        handle = SimpleNamespace(write=pieces.append)
        write(G, handle, graph_io._Cleaner(graph_io._NOT_XML))
        # no piece holds more than a chunk of rows: memory stays bounded
        rows = [len(re.findall(rb"<node |<edge |  \{\n", piece)) for piece in pieces]
        assert sum(rows) == G.n_nodes + G.n_edges
        assert max(rows) == 100


def test_small_files_are_spelled_as_before(tmp_path: Path) -> None:
    G = cs.Graph.from_edges(["a", "a"], ["b", 'c"\r'], weights=[1.0, 0.1 + 0.2])
    G._nodes["n"] = pd.array([1, None, 3], dtype="Int64")
    G._edge_data = pd.DataFrame({"p": [np.nan, 1e-300]})
    graphml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        '  <key id="n0" for="node" attr.name="n" attr.type="long" />\n'
        '  <key id="e0" for="edge" attr.name="weight" attr.type="double" />\n'
        '  <key id="e1" for="edge" attr.name="p" attr.type="double" />\n'
        '  <graph edgedefault="undirected">\n'
        '    <node id="a">\n      <data key="n0">1</data>\n    </node>\n'
        '    <node id="b" />\n'
        '    <node id="c&quot;&#13;">\n      <data key="n0">3</data>\n    </node>\n'
        '    <edge source="a" target="b">\n      <data key="e0">1.0</data>\n    </edge>\n'
        '    <edge source="a" target="c&quot;&#13;">\n'
        '      <data key="e0">0.30000000000000004</data>\n'
        '      <data key="e1">1e-300</data>\n'
        "    </edge>\n"
        "  </graph>\n</graphml>\n"
    )
    assert G.write(tmp_path / "g.graphml").read_bytes().decode() == graphml
    gexf = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
        '  <graph defaultedgetype="undirected" mode="static">\n'
        '    <attributes class="node">\n'
        '      <attribute id="0" title="n" type="long" />\n'
        "    </attributes>\n"
        '    <attributes class="edge">\n'
        '      <attribute id="0" title="p" type="double" />\n'
        "    </attributes>\n"
        "    <nodes>\n"
        '      <node id="a" label="a">\n'
        '        <attvalues>\n          <attvalue for="0" value="1" />\n        </attvalues>\n'
        "      </node>\n"
        '      <node id="b" label="b" />\n'
        '      <node id="c&quot;&#13;" label="c&quot;&#13;">\n'
        '        <attvalues>\n          <attvalue for="0" value="3" />\n        </attvalues>\n'
        "      </node>\n"
        "    </nodes>\n"
        "    <edges>\n"
        '      <edge id="0" source="a" target="b" weight="1.0" />\n'
        '      <edge id="1" source="a" target="c&quot;&#13;" weight="0.30000000000000004">\n'
        '        <attvalues>\n          <attvalue for="0" value="1e-300" />\n'
        "        </attvalues>\n      </edge>\n"
        "    </edges>\n  </graph>\n</gexf>\n"
    )
    assert G.write(tmp_path / "g.gexf").read_bytes().decode() == gexf
    node_link = (
        '{\n "directed": false,\n "multigraph": false,\n "graph": {},\n "nodes": [\n'
        '  {\n   "id": "a",\n   "n": 1\n  },\n'
        '  {\n   "id": "b",\n   "n": null\n  },\n'
        '  {\n   "id": "c\\"\\r",\n   "n": 3\n  }\n ],\n "edges": [\n'
        '  {\n   "source": "a",\n   "target": "b",\n   "weight": 1.0,\n   "p": null\n  },\n'
        '  {\n   "source": "a",\n   "target": "c\\"\\r",\n'
        '   "weight": 0.30000000000000004,\n   "p": 1e-300\n  }\n ]\n}\n'
    )
    assert G.write(tmp_path / "g.json").read_bytes().decode() == node_link


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_graphs_and_graphs_without_ties(tmp_path: Path, fmt: str) -> None:
    empty = cs.Graph.from_edges([], [])
    back = cs.Graph.read(empty.write(tmp_path / f"empty.{fmt}"))
    assert (back.n_nodes, back.n_edges) == (0, 0)
    lonely = cs.Graph.from_edges([], [], nodes=["a", "b"])
    back = cs.Graph.read(lonely.write(tmp_path / f"lonely.{fmt}"))
    assert (back.labels.tolist(), back.n_edges) == (["a", "b"], 0)


def test_json_refuses_infinity_naming_the_column(tmp_path: Path) -> None:
    G = cs.Graph.from_edges(["a"], ["b"])
    G._nodes["bad"] = [1.0, -float("inf")]
    with pytest.raises(cs.InvalidInputError) as info:
        G.write(tmp_path / "g.json")
    assert str(info.value) == (
        "node column 'bad' holds -inf at row 1: Out of range float values are not JSON "
        "compliant (GraphML and GEXF hold them)"
    )
    assert list(tmp_path.iterdir()) == []
    assert cs.Graph.read(G.write(tmp_path / "g.graphml")).nodes.bad.tolist() == [1.0, -np.inf]


def test_integers_beyond_64_bits_signed_are_written_whole(tmp_path: Path) -> None:
    G = cs.Graph.from_edges(["a"], ["b"])
    G._nodes["big"] = np.array([2**64 - 1, 0], dtype=np.uint64)
    back = cs.Graph.read(G.write(tmp_path / "g.graphml"))
    assert back.nodes.big.tolist() == [2**64 - 1, 0]
    document = json.loads(G.write(tmp_path / "g.json").read_text(encoding="utf-8"))
    assert [node["big"] for node in document["nodes"]] == [2**64 - 1, 0]


def test_row_templates_refuse_bad_codes_and_columns() -> None:
    rows = _core.RowTemplate(2)
    with pytest.raises(cs.InvalidInputError) as info:
        rows.add_text("", "", "", ["a"], np.array([0, 1]))
    assert str(info.value) == "code 1 of row 1 is outside [-1, 1)"
    with pytest.raises(cs.InvalidInputError) as info:
        rows.add_float("", "", "", np.zeros(3))
    assert str(info.value) == (
        "values must be a 1-d array of one value per row (2), got 3 values in 1 dimensions"
    )
    with pytest.raises(cs.InvalidInputError) as info:
        rows.render(0, 3)
    assert str(info.value) == "rows [0, 3) are not within the 2 rows"
