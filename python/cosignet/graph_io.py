"""Writing and reading graphs: GraphML, GEXF and node-link JSON.

The writers are plain XML and JSON, so a graph can be opened in Gephi, Cytoscape, yEd,
NetworkX or igraph without any of them installed here. Node attributes and edge data travel
with the graph; every file is written to a temporary file beside the target and renamed into
place, so a failed write leaves nothing half-written.

Written files are always well-formed: characters XML 1.0 cannot hold (control characters
other than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF) are
written as U+FFFD in GraphML and GEXF, and lone surrogates as U+FFFD in JSON, with a
:class:`~cosignet.CosignetWarning` saying how many and where. Tab, line feed and carriage
return are written as character references in XML, so they read back as they were.
Reading takes regular files only, bounded by the memory available; a JSON graph may not
repeat a key in one object.

Writing streams: each label and attribute value is escaped once, the core spells the rows
(numbers as Python's ``repr`` does, so they read back exactly) a chunk of rows at a time, so
memory stays bounded and millions of ties take seconds.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet import _core
from cosignet._reading import decode_utf8, load_json, read_user_file, warn_user
from cosignet._sparse import entry_rows
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

    def all(self, texts: list[str]) -> list[str]:
        """`texts` cleaned: one search over them all when none needs it."""
        if self.pattern.search("\n".join(texts)) is None:
            return texts
        return [self(text) for text in texts]

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


def _write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through `write(file)` to a temporary file beside `path`, then rename it."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
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


# ------------------------------------------------------------------------- writing
#: Rows rendered per piece written (about 1-2 MB): memory stays bounded whatever the size of
#: the graph, and each piece is still in the cache when it is written.
_CHUNK_ROWS = 1 << 13

#: XML escapes, as ElementTree writes them. In attribute values tab, line feed and carriage
#: return are character references (a parser reads them raw as spaces); in element text only
#: carriage return is (a parser reads it raw as a line feed).
_XML_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_XML_ATTRIBUTE = (*_XML_TEXT, ('"', "&quot;"), ("\t", "&#09;"), ("\n", "&#10;"))
_XML_SPECIAL = re.compile('[&<>"\t\n\r]')


def _xml_escape(texts: list[str], attribute: bool = True) -> list[str]:
    """Escape cleaned texts for XML, all in one pass (cleaned, they hold no NUL to join on)."""
    if not texts:
        return []
    joined = "\x00".join(texts)
    if _XML_SPECIAL.search(joined) is None:
        return texts
    for raw, escaped in _XML_ATTRIBUTE if attribute else _XML_TEXT:
        joined = joined.replace(raw, escaped)
    return joined.split("\x00")


def _missing(value: Any) -> bool:
    return value is None or (
        not isinstance(value, str) and pd.api.types.is_scalar(value) and bool(pd.isna(value))
    )


def _text(value: Any, kind: str) -> str | None:
    """Return an attribute value as XML holds it, or None for a missing value (left out)."""
    if _missing(value):
        return None
    if kind == "boolean":
        return "true" if bool(value) else "false"
    if kind == "double":
        return repr(float(value))
    if kind == "long":
        return str(int(value))
    return str(value)


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


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _distinct(
    series: pd.Series, render: Callable[[Any], str | None]
) -> tuple[npt.NDArray[np.int64], list[str]]:
    """Codes (-1: missing) into the texts `render` gives the distinct values of `series`.

    Each distinct value is rendered once. The values of an object column that are not all
    strings are rendered one by one first: values equal in Python (1, 1.0, True) may be
    written differently.
    """
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) not in (
        "string",
        "empty",
    ):
        rendered = np.empty(len(series), dtype=object)
        rendered[:] = [render(value) for value in series.tolist()]
        codes, uniques = pd.factorize(rendered)  # None (missing) gets code -1
        return np.ascontiguousarray(codes, dtype=np.int64), [str(text) for text in uniques]
    codes, uniques = pd.factorize(series)
    texts = [render(value) for value in uniques]
    codes = np.ascontiguousarray(codes, dtype=np.int64)
    gone = [k for k, text in enumerate(texts) if text is None]
    if gone:  # values render calls missing that pandas does not
        codes[np.isin(codes, gone)] = -1
    return codes, ["" if text is None else text for text in texts]


def _integers(
    series: pd.Series,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_] | None] | None:
    """Return an integer column as int64 values and missing mask, or None if too large."""
    if (
        pd.api.types.is_unsigned_integer_dtype(series)
        and len(series)
        and series.max() > np.iinfo(np.int64).max
    ):
        return None
    mask = series.isna().to_numpy(dtype=bool)
    values = np.ascontiguousarray(series.to_numpy(dtype=np.int64, na_value=0))
    return values, (np.ascontiguousarray(mask) if mask.any() else None)


class _Spelling:
    """How a format writes values: XML text (missing values left out) or JSON (null)."""

    def __init__(self, clean: _Cleaner, json: bool = False, attribute: bool = False) -> None:
        self.clean = clean
        self.json = json
        self.attribute = attribute  # XML values in attributes, not element text

    def texts(self, texts: list[str]) -> list[str]:
        """Ready-to-write texts: rendered JSON as it is, XML cleaned and escaped."""
        return texts if self.json else _xml_escape(self.clean.all(texts), self.attribute)

    def render(self, value: Any, kind: str) -> str | None:
        if not self.json:
            return _text(value, kind)
        value = _json_value(value, self.clean)
        return None if value is None else _json_text(value)

    def add(
        self,
        rows: _core.RowTemplate,
        series: pd.Series,
        before: str,
        after: str,
        group: int = -1,
        where: str = "",
    ) -> None:
        """Add the field of a column to `rows`: `before` + value + `after`."""
        kind = _kind(series)
        missing = f"{before}null{after}" if self.json else ""
        if kind == "double":
            values = np.ascontiguousarray(series.to_numpy(dtype=np.float64, na_value=np.nan))
            infinite = np.flatnonzero(np.isinf(values))
            if self.json and infinite.size:
                row = int(infinite[0])
                raise InvalidInputError(
                    f"{where} holds {float(values[row])!r} at row {row}: Out of range float "
                    "values are not JSON compliant (GraphML and GEXF hold them)"
                )
            rows.add_float(before, after, missing, values, group)
            return
        if kind == "long" and (integers := _integers(series)) is not None:
            rows.add_integer(before, after, missing, *integers, group)
            return
        codes, texts = _distinct(series, lambda value: self.render(value, kind))
        rows.add_text(before, after, missing, self.texts(texts), codes, group)


def _stream(handle: BinaryIO, rows: _core.RowTemplate) -> None:
    """Write all of `rows`, a chunk at a time: the next chunk renders while one is written."""
    chunks = [
        (start, min(start + _CHUNK_ROWS, rows.rows)) for start in range(0, rows.rows, _CHUNK_ROWS)
    ]
    if len(chunks) <= 1:
        for start, stop in chunks:
            handle.write(rows.render(start, stop))
        return
    with ThreadPoolExecutor(max_workers=1) as renderer:
        pending = renderer.submit(rows.render, *chunks[0])
        for chunk in chunks[1:]:
            text = pending.result()
            pending = renderer.submit(rows.render, *chunk)
            handle.write(text)
        handle.write(pending.result())


def _unique_ids(labels: pd.Index, clean: _Cleaner) -> list[str]:
    """Return the labels as text, cleaned; InvalidInputError if two are then the same."""
    ids = clean.all([str(label) for label in labels.tolist()])
    if len(set(ids)) != len(ids):
        raise InvalidInputError(
            "two node labels are written the same way (for example 1 and '1', or two that "
            "differ only in characters the format cannot hold); relabel the graph before "
            "writing it"
        )
    return ids


def _endpoints(G: Graph) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the node number of each edge's source and target, in storage order."""
    return entry_rows(G.upper), np.ascontiguousarray(G.upper.indices, dtype=np.int64)


def _edge_columns(G: Graph) -> dict[Any, pd.Series | None]:
    """Return the columns of :attr:`Graph.edges` by name, the ends as None (written from codes).

    Built like ``G.edges``: an edge-data column named like one before it takes its place.
    """
    columns: dict[Any, pd.Series | None] = {
        "source": None,
        "target": None,
        "weight": pd.Series(G.upper.data, copy=False),
    }
    if G._edge_data is not None:
        columns.update(G._edge_data.items())
    return columns


def _xml_columns(
    columns: dict[Any, pd.Series | None], skip: tuple[str, ...]
) -> list[tuple[Any, pd.Series]]:
    return [
        (name, series)
        for name, series in columns.items()
        if series is not None and not (isinstance(name, str) and name in skip)
    ]


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


# ------------------------------------------------------------------------- GraphML
def _write_graphml(G: Graph, handle: BinaryIO, clean: _Cleaner) -> None:
    xml = _Spelling(clean)
    ids = _xml_escape(_unique_ids(G.labels, clean))
    nodes = list(G.nodes.items())
    edges = _xml_columns(_edge_columns(G), ("source", "target"))
    head = [_XML_HEAD, f'<graphml xmlns="{_GRAPHML_NS}">\n']
    for prefix, scope, columns in (("n", "node", nodes), ("e", "edge", edges)):
        names = _xml_escape(clean.all([str(name) for name, _ in columns]))
        for k, ((_, series), name) in enumerate(zip(columns, names, strict=True)):
            head.append(
                f'  <key id="{prefix}{k}" for="{scope}" attr.name="{name}" '
                f'attr.type="{_kind(series)}" />\n'
            )
    head.append('  <graph edgedefault="undirected">\n')
    handle.write("".join(head).encode("utf-8"))

    rows = _core.RowTemplate(G.n_nodes)
    rows.add_text('    <node id="', '"', "", ids, None)
    group = rows.add_group(">\n", "    </node>\n", " />\n")
    for k, (_, series) in enumerate(nodes):
        xml.add(rows, series, f'      <data key="n{k}">', "</data>\n", group)
    _stream(handle, rows)

    sources, targets = _endpoints(G)
    rows = _core.RowTemplate(G.n_edges)
    rows.add_text('    <edge source="', '"', "", ids, sources)
    rows.add_text(' target="', '"', "", ids, targets)
    group = rows.add_group(">\n", "    </edge>\n", " />\n")
    for k, (_, series) in enumerate(edges):
        xml.add(rows, series, f'      <data key="e{k}">', "</data>\n", group)
    _stream(handle, rows)
    handle.write(b"  </graph>\n</graphml>\n")


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
            # an empty element is an empty text (as NetworkX reads it), not a missing value
            text = "" if data.text is None and kind == "string" else data.text
            values[name] = _value(text, kind, f"{where}, attribute {name!r}")
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
def _write_gexf(G: Graph, handle: BinaryIO, clean: _Cleaner) -> None:
    xml = _Spelling(clean, attribute=True)
    ids = _xml_escape(_unique_ids(G.labels, clean))
    nodes = list(G.nodes.items())
    columns = _edge_columns(G)
    weight = columns["weight"]
    edges = _xml_columns(columns, ("source", "target", "weight"))
    head = [
        _XML_HEAD,
        f'<gexf xmlns="{_GEXF_NS}" version="1.3">\n',
        '  <graph defaultedgetype="undirected" mode="static">\n',
    ]
    for scope, declared in (("node", nodes), ("edge", edges)):
        if declared:
            head.append(f'    <attributes class="{scope}">\n')
            names = _xml_escape(clean.all([str(name) for name, _ in declared]))
            for k, ((_, series), name) in enumerate(zip(declared, names, strict=True)):
                head.append(f'      <attribute id="{k}" title="{name}" type="{_kind(series)}" />\n')
            head.append("    </attributes>\n")
    head.append("    <nodes>\n")
    handle.write("".join(head).encode("utf-8"))

    attvalues = ">\n        <attvalues>\n", "        </attvalues>\n      </{}>\n", " />\n"
    rows = _core.RowTemplate(G.n_nodes)
    rows.add_text('      <node id="', '"', "", ids, None)
    rows.add_text(' label="', '"', "", ids, None)
    group = rows.add_group(attvalues[0], attvalues[1].format("node"), attvalues[2])
    for k, (_, series) in enumerate(nodes):
        xml.add(rows, series, f'          <attvalue for="{k}" value="', '" />\n', group)
    _stream(handle, rows)
    handle.write(b"    </nodes>\n    <edges>\n")

    sources, targets = _endpoints(G)
    rows = _core.RowTemplate(G.n_edges)
    rows.add_integer('      <edge id="', '"', "", None, None)
    rows.add_text(' source="', '"', "", ids, sources)
    rows.add_text(' target="', '"', "", ids, targets)
    if weight is not None:
        xml.add(rows, weight, ' weight="', '"')
    group = rows.add_group(attvalues[0], attvalues[1].format("edge"), attvalues[2])
    for k, (_, series) in enumerate(edges):
        xml.add(rows, series, f'          <attvalue for="{k}" value="', '" />\n', group)
    _stream(handle, rows)
    handle.write(b"    </edges>\n  </graph>\n</gexf>\n")


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
def _json_rows(
    rows: _core.RowTemplate,
    fields: dict[str, pd.Series | npt.NDArray[np.int64] | None],
    labels: list[str],
    spelling: _Spelling,
    scope: str,
) -> None:
    """Add one JSON object per row: a column's values, or a label for codes (None: the row)."""
    for k, (key, field) in enumerate(fields.items()):
        before = ("  {\n   " if k == 0 else ",\n   ") + _json_text(key) + ": "
        after = "\n  }" if k == len(fields) - 1 else ""
        if isinstance(field, pd.Series):
            spelling.add(rows, field, before, after, where=f"{scope} column {key!r}")
        else:
            rows.add_text(before, after, "", labels, field)


def _json_list(handle: BinaryIO, rows: _core.RowTemplate) -> None:
    if rows.rows == 0:
        handle.write(b"[]")
        return
    handle.write(b"[\n")
    _stream(handle, rows)
    handle.write(b"\n ]")


def _write_json(G: Graph, handle: BinaryIO, clean: _Cleaner) -> None:
    spelling = _Spelling(clean, json=True)
    _unique_ids(G.labels, clean)
    graph = {clean(str(k)): _json_value(v, clean) for k, v in G.attrs.items()}
    attrs = json.dumps(graph, ensure_ascii=False, indent=1, allow_nan=False)
    head = '{\n "directed": false,\n "multigraph": false,\n "graph": '
    handle.write((head + attrs.replace("\n", "\n ") + ',\n "nodes": ').encode("utf-8"))
    labels = [_json_text(_json_value(label, clean)) for label in G.labels.tolist()]

    # keys as to_dict() and a dict comprehension make them: a later column of the same
    # (cleaned) name takes the place of an earlier one
    node_fields: dict[str, pd.Series | npt.NDArray[np.int64] | None] = {"id": None}
    node_fields.update((clean(str(name)), series) for name, series in G.nodes.items())
    rows = _core.RowTemplate(G.n_nodes, ",\n")
    _json_rows(rows, node_fields, labels, spelling, "node")
    _json_list(handle, rows)
    handle.write(b',\n "edges": ')

    ends = dict(zip(("source", "target"), _endpoints(G), strict=True))
    edge_fields: dict[str, pd.Series | npt.NDArray[np.int64] | None] = {}
    for name, series in _edge_columns(G).items():
        edge_fields[clean(str(name))] = ends[name] if series is None else series
    rows = _core.RowTemplate(G.n_edges, ",\n")
    _json_rows(rows, edge_fields, labels, spelling, "edge")
    _json_list(handle, rows)
    handle.write(b"\n}\n")


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
        source, target = (
            graph.labels.get_indexer(pd.Index(edge_frame[end].tolist(), dtype=object))
            for end in ("source", "target")
        )
        order = np.lexsort((np.maximum(source, target), np.minimum(source, target)))
        graph._edge_data = extra.iloc[order].reset_index(drop=True)
    graph.attrs.update(attrs)
    return graph
