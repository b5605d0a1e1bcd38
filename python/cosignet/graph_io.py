"""Writing and reading graphs: GraphML, GEXF and node-link JSON.

The writers are plain XML and JSON, so a graph can be opened in Gephi, Cytoscape, yEd,
NetworkX or igraph without any of them installed here. Node attributes and edge data travel
with the graph; every file is written to a temporary file beside the target and renamed into
place, so a failed write leaves nothing half-written.

Written files are always well-formed: characters XML 1.0 cannot hold (control characters
other than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF) are
written as U+FFFD in GraphML and GEXF, and lone surrogates as U+FFFD in JSON, with a
:class:`~cosignet.CosignetWarning` saying how many and where. Reading takes regular files
only, bounded by the memory available; a JSON graph may not repeat a key in one object.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cosignet._reading import decode_utf8, load_json, read_user_file, warn_user
from cosignet.errors import InvalidInputError, ParseError

if TYPE_CHECKING:
    from cosignet.graph import Graph

__all__ = ["FORMATS", "read_graph", "write_graph"]

#: File formats :meth:`Graph.write` and :meth:`Graph.read` understand, by their usual suffix.
FORMATS: dict[str, str] = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}

_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_GEXF_NS = "http://gexf.net/1.3"


# ------------------------------------------------------------------------- shared
#: What XML 1.0 cannot hold, even escaped (section 2.2, "Char").
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: What UTF-8 cannot encode: lone surrogates (from file names decoded with surrogateescape).
_NOT_UTF8 = re.compile("[\ud800-\udfff]")


class _Cleaner:
    """Replace what a format cannot hold by U+FFFD, counting it for one warning."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.count = 0
        self.first: str | None = None
        self.seen: set[str] = set()  # texts cleaned: a label written twice counts once

    def __call__(self, text: str) -> str:
        clean, n = self.pattern.subn("\ufffd", text)
        if n and text not in self.seen:
            self.seen.add(text)
            self.count += n
            self.first = self.first if self.first is not None else text
        return clean

    def warn(self, path: Path, what: str) -> None:
        if self.count:
            where = ascii(self.first)
            warn_user(
                f"{path}: {self.count} character{'s' if self.count > 1 else ''} that {what} "
                f"cannot hold (control characters, lone surrogates) written as U+FFFD (first "
                f"in {where})"
            )


def _format_of(path: Path, format: str | None) -> str:
    if format is None:
        found = FORMATS.get(path.suffix.lower())
        if found is None:
            known = ", ".join(sorted(FORMATS))
            raise InvalidInputError(
                f"cannot tell the format of {str(path)!r} from its suffix (known: {known}); "
                "pass format="
            )
        return found
    if format not in FORMATS.values():
        allowed = ", ".join(repr(f) for f in FORMATS.values())
        raise InvalidInputError(f"format must be one of {allowed}, got {format!r}")
    return format


def _kind(series: pd.Series) -> str:
    """Return the attribute type a column is written as: boolean, long, double or string."""
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "long"
    if pd.api.types.is_float_dtype(series):
        return "double"
    return "string"


def _text(value: Any, kind: str) -> str | None:
    """Return the attribute value as written, or None for a missing value (left out)."""
    if value is None or (
        not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)
    ):
        return None
    if kind == "boolean":
        return "true" if bool(value) else "false"
    if kind == "double":
        return repr(float(value))
    if kind == "long":
        return str(int(value))
    return str(value)


def _value(text: str | None, kind: str, where: str) -> Any:
    """Read an attribute value of the declared `kind`; ParseError naming `where` if it is not."""
    if text is None:
        return None
    try:
        if kind == "boolean":
            return text.strip().lower() in ("true", "1")
        if kind in ("long", "int", "integer"):
            return int(text)
        if kind in ("double", "float"):
            return float(text)
    except ValueError:
        raise ParseError(f"{where}: {text[:40]!r} is not a {kind}") from None
    return text


def _write_atomic(path: Path, write: Callable[[Any], None]) -> None:
    """Write through `write(file)` to a temporary file beside `path`, then rename it."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _columns(frame: pd.DataFrame | None) -> list[tuple[str, str, list[Any]]]:
    """(name, kind, values) of each column; values as a list, read once per cell."""
    if frame is None:
        return []
    return [(str(name), _kind(frame[name]), frame[name].tolist()) for name in frame.columns]


def _present(columns: list[tuple[str, str, list[Any]]], row: int) -> list[tuple[int, str]]:
    """(column number, text) of the values of `row` that are not missing."""
    texts = ((k, _text(values[row], kind)) for k, (_, kind, values) in enumerate(columns))
    return [(k, text) for k, text in texts if text is not None]


def _gexf_values(
    element: ET.Element, values: list[tuple[int, str]], clean: Callable[[str], str]
) -> None:
    if values:
        holder = ET.SubElement(element, "attvalues")
        for k, text in values:
            ET.SubElement(holder, "attvalue", {"for": str(k), "value": clean(text)})


def _unique_ids(labels: pd.Index, clean: Callable[[str], str]) -> list[str]:
    ids = [clean(str(label)) for label in labels]
    if len(set(ids)) != len(ids):
        raise InvalidInputError(
            "two node labels are written the same way (for example 1 and '1', or two that "
            "differ only in characters the format cannot hold); relabel the graph before "
            "writing it"
        )
    return ids


def _endpoints(G: Graph, ids: list[str]) -> tuple[list[str], list[str]]:
    """Each edge's source and target, written as the node ids are."""
    written = dict(zip(G.labels.tolist(), ids, strict=True))
    edges = G.edges
    return edges.source.map(written).tolist(), edges.target.map(written).tolist()


# ------------------------------------------------------------------------- GraphML
def _write_graphml(G: Graph, handle: Any, clean: _Cleaner) -> None:
    ids = _unique_ids(G.labels, clean)
    nodes = _columns(G.nodes)
    edges = G.edges
    edge_columns = [c for c in _columns(edges) if c[0] not in ("source", "target")]
    root = ET.Element("graphml", xmlns=_GRAPHML_NS)
    for prefix, scope, columns in (("n", "node", nodes), ("e", "edge", edge_columns)):
        for k, (name, kind, _) in enumerate(columns):
            ET.SubElement(
                root,
                "key",
                {"id": f"{prefix}{k}", "for": scope, "attr.name": clean(name), "attr.type": kind},
            )
    graph = ET.SubElement(root, "graph", edgedefault="undirected")
    for i, node_id in enumerate(ids):
        node = ET.SubElement(graph, "node", id=node_id)
        for k, text in _present(nodes, i):
            ET.SubElement(node, "data", key=f"n{k}").text = clean(text)
    sources, targets = _endpoints(G, ids)
    for j in range(len(edges)):
        edge = ET.SubElement(graph, "edge", source=sources[j], target=targets[j])
        for k, text in _present(edge_columns, j):
            ET.SubElement(edge, "data", key=f"e{k}").text = clean(text)
    ET.indent(root)
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    handle.write(ET.tostring(root, encoding="unicode"))
    handle.write("\n")


def _strip(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    return (child for child in element if _strip(child.tag) == name)


def _read_graphml(root: ET.Element) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    keys: dict[str, tuple[str, str]] = {}
    for key in _children(root, "key"):
        keys[key.get("id", "")] = (
            key.get("attr.name", key.get("id", "")),
            key.get("attr.type", "string"),
        )
    graph = next(_children(root, "graph"), None)
    if graph is None:
        raise ParseError("the GraphML file has no <graph> element")
    if graph.get("edgedefault", "undirected") == "directed":
        raise ParseError("the GraphML graph is directed; cosignet graphs are undirected")

    def attributes(element: ET.Element, where: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for data in _children(element, "data"):
            name, kind = keys.get(data.get("key", ""), (data.get("key", ""), "string"))
            values[name] = _value(data.text, kind, f"{where}, attribute {name!r}")
        return values

    nodes = [
        {"id": node.get("id"), **attributes(node, f"node {k} ({node.get('id')!r})")}
        for k, node in enumerate(_children(graph, "node"))
    ]
    edges = [
        {
            "source": edge.get("source"),
            "target": edge.get("target"),
            **attributes(edge, f"edge {k} ({edge.get('source')!r}, {edge.get('target')!r})"),
        }
        for k, edge in enumerate(_children(graph, "edge"))
    ]
    return nodes, edges


# ------------------------------------------------------------------------- GEXF
def _write_gexf(G: Graph, handle: Any, clean: _Cleaner) -> None:
    ids = _unique_ids(G.labels, clean)
    nodes = _columns(G.nodes)
    edges = G.edges
    edge_columns = [c for c in _columns(edges) if c[0] not in ("source", "target", "weight")]
    root = ET.Element("gexf", xmlns=_GEXF_NS, version="1.3")
    graph = ET.SubElement(root, "graph", defaultedgetype="undirected", mode="static")
    for scope, columns in (("node", nodes), ("edge", edge_columns)):
        if columns:
            declared = ET.SubElement(graph, "attributes", {"class": scope})
            for k, (name, kind, _) in enumerate(columns):
                ET.SubElement(declared, "attribute", id=str(k), title=clean(name), type=kind)
    node_list = ET.SubElement(graph, "nodes")
    for i, node_id in enumerate(ids):
        node = ET.SubElement(node_list, "node", id=node_id, label=node_id)
        _gexf_values(node, _present(nodes, i), clean)
    edge_list = ET.SubElement(graph, "edges")
    sources, targets = _endpoints(G, ids)
    weights = edges.weight.tolist()
    for j in range(len(edges)):
        edge = ET.SubElement(
            edge_list,
            "edge",
            id=str(j),
            source=sources[j],
            target=targets[j],
            weight=repr(float(weights[j])),
        )
        _gexf_values(edge, _present(edge_columns, j), clean)
    ET.indent(root)
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    handle.write(ET.tostring(root, encoding="unicode"))
    handle.write("\n")


def _read_gexf(root: ET.Element) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    graph = next(_children(root, "graph"), None)
    if graph is None:
        raise ParseError("the GEXF file has no <graph> element")
    if graph.get("defaultedgetype", "undirected") == "directed":
        raise ParseError("the GEXF graph is directed; cosignet graphs are undirected")
    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for block in _children(graph, "attributes"):
        scope = block.get("class", "node")
        for attribute in _children(block, "attribute"):
            declared.setdefault(scope, {})[attribute.get("id", "")] = (
                attribute.get("title", attribute.get("id", "")),
                attribute.get("type", "string"),
            )

    def attributes(element: ET.Element, scope: str, where: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for holder in _children(element, "attvalues"):
            for item in _children(holder, "attvalue"):
                name, kind = declared[scope].get(
                    item.get("for", ""), (item.get("for", ""), "string")
                )
                values[name] = _value(item.get("value"), kind, f"{where}, attribute {name!r}")
        return values

    nodes_block = next(_children(graph, "nodes"), None)
    edges_block = next(_children(graph, "edges"), None)
    nodes = [
        {"id": node.get("id"), **attributes(node, "node", f"node {k} ({node.get('id')!r})")}
        for k, node in enumerate(_children(nodes_block, "node") if nodes_block is not None else [])
    ]
    edges = []
    for k, edge in enumerate(_children(edges_block, "edge") if edges_block is not None else []):
        where = f"edge {k} ({edge.get('source')!r}, {edge.get('target')!r})"
        record: dict[str, Any] = {"source": edge.get("source"), "target": edge.get("target")}
        if edge.get("weight") is not None:
            record["weight"] = _value(edge.get("weight"), "double", f"{where}, weight")
        edges.append({**record, **attributes(edge, "edge", where)})
    return nodes, edges


# ------------------------------------------------------------------------- node-link JSON
def _json_value(value: Any, clean: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, np.bool_):
        return bool(value)
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, (int, bool)):
        return value
    return clean(str(value))


def _write_json(G: Graph, handle: Any, clean: _Cleaner) -> None:
    _unique_ids(G.labels, clean)
    node_table = G.nodes
    nodes = []
    records = node_table.to_dict(orient="records") if len(node_table.columns) else [{}] * G.n_nodes
    for label, record in zip(G.labels, records, strict=True):
        entry = {"id": _json_value(label, clean)}
        entry.update({clean(str(k)): _json_value(v, clean) for k, v in record.items()})
        nodes.append(entry)
    edges = [
        {clean(str(k)): _json_value(v, clean) for k, v in record.items()}
        for record in G.edges.to_dict(orient="records")
    ]
    document = {
        "directed": False,
        "multigraph": False,
        "graph": {clean(str(k)): _json_value(v, clean) for k, v in G.attrs.items()},
        "nodes": nodes,
        "edges": edges,
    }
    json.dump(document, handle, ensure_ascii=False, indent=1, allow_nan=False)
    handle.write("\n")


def _read_json(
    text: str, name: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    document = load_json(text, name, allow_constants=True)  # NetworkX writes NaN
    if not isinstance(document, dict) or "nodes" not in document:
        raise ParseError(f"{name}: not a node-link graph (no 'nodes')")
    if document.get("directed"):
        raise ParseError(f"{name}: the graph is directed; cosignet graphs are undirected")
    edges = document.get("edges", document.get("links")) or []
    graph = document.get("graph") or {}
    for key, value in (("nodes", document["nodes"]), ("edges", edges), ("graph", graph)):
        shape = dict if key == "graph" else list
        if not isinstance(value, shape) or (
            shape is list and not all(isinstance(item, dict) for item in value)
        ):
            expected = "an object" if key == "graph" else "a list of objects"
            raise ParseError(f"{name}: {key!r} must be {expected}, got {json.dumps(value)[:40]}")
    return document["nodes"], edges, graph


# ------------------------------------------------------------------------- checks on reading
def _label_kind(value: Any) -> str | None:
    """Return what is wrong with a node label read from a file, or None if nothing."""
    if value is None:
        return "missing"
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return f"{json.dumps(value)[:40]}, not a string or number"
    return None


def _check_records(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], source: str) -> None:
    """Refuse nodes without a usable id and edges without both ends or a numeric weight."""
    for k, node in enumerate(nodes):
        if (problem := _label_kind(node.get("id"))) is not None:
            raise ParseError(f"{source}: node {k}: its id is {problem}")
    for k, edge in enumerate(edges):
        for end in ("source", "target"):
            if (problem := _label_kind(edge.get(end))) is not None:
                raise ParseError(f"{source}: edge {k}: its {end} is {problem}")
        weight = edge.get("weight")
        if weight is not None and (
            isinstance(weight, bool) or not isinstance(weight, (int, float))
        ):
            raise ParseError(
                f"{source}: edge {k}: its weight {json.dumps(weight)[:40]} is not a number"
            )


# ------------------------------------------------------------------------- public entry points
_WRITERS = {"graphml": _write_graphml, "gexf": _write_gexf, "json": _write_json}


def write_graph(G: Graph, path: str | os.PathLike[str], format: str | None = None) -> Path:
    """Write `G` to `path` as GraphML, GEXF or node-link JSON (see :meth:`Graph.write`).

    Characters the format cannot hold are written as U+FFFD, with a CosignetWarning.
    """
    target = Path(path)
    kind = _format_of(target, format)
    clean = _Cleaner(_NOT_UTF8 if kind == "json" else _NOT_XML)
    _write_atomic(target, lambda handle: _WRITERS[kind](G, handle, clean))
    clean.warn(target, "JSON in UTF-8" if kind == "json" else "XML 1.0")
    return target


def read_graph(path: str | os.PathLike[str], format: str | None = None) -> Graph:
    """Read a graph written by :func:`write_graph` (or by Gephi, NetworkX, igraph).

    Every error is a ParseError naming the file and the node or edge: malformed XML or JSON,
    a repeated JSON key, a value that is not of its declared type, a node without an id, an
    edge without both ends or with a weight that is not a positive number.
    """
    from cosignet.graph import Graph

    source = Path(path)
    kind = _format_of(source, format)
    text = decode_utf8(read_user_file(source, str(source), "graph"), str(source))
    attrs: dict[str, Any] = {}
    if kind == "json":
        nodes, edges, attrs = _read_json(text, str(source))
    else:
        try:
            root = ET.fromstring(text)
        except ET.ParseError as error:
            raise ParseError(f"{source}: not well-formed XML ({error})") from None
        try:
            nodes, edges = _read_graphml(root) if kind == "graphml" else _read_gexf(root)
        except ParseError as error:
            raise ParseError(f"{source}: {error}") from None
    _check_records(nodes, edges, str(source))
    node_frame = pd.DataFrame(nodes)
    if "id" not in node_frame.columns:
        node_frame = pd.DataFrame({"id": pd.Series([], dtype=object)})
    labels = node_frame.pop("id").tolist()
    edge_frame = pd.DataFrame(edges, columns=None if edges else ["source", "target", "weight"])
    weights = edge_frame["weight"].astype(float).tolist() if "weight" in edge_frame else None
    try:
        graph = Graph.from_edges(
            edge_frame["source"].tolist(),
            edge_frame["target"].tolist(),
            weights=weights,
            nodes=labels,
        )
    except InvalidInputError as error:
        raise ParseError(f"{source}: {error}") from None
    if len(node_frame.columns):
        node_frame.index = pd.Index(labels)
        graph._nodes = node_frame.reindex(graph.labels)
    extra = edge_frame.drop(columns=[c for c in ("source", "target", "weight") if c in edge_frame])
    if len(extra.columns) and len(extra) == graph.n_edges:
        # from_edges sorts edges by (source, target) position; put the data in that order
        position = {label: k for k, label in enumerate(graph.labels)}
        low = [
            min(position[s], position[t])
            for s, t in zip(edge_frame.source, edge_frame.target, strict=True)
        ]
        high = [
            max(position[s], position[t])
            for s, t in zip(edge_frame.source, edge_frame.target, strict=True)
        ]
        order = np.lexsort((np.array(high), np.array(low)))
        graph._edge_data = extra.iloc[order].reset_index(drop=True)
    graph.attrs.update(attrs)
    return graph
