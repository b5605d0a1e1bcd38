"""The one-mode network: a weighted, undirected graph with labelled nodes."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from cosignet import _core
from cosignet._labels import attribute_table, factorize, labels_index
from cosignet._sparse import (
    canonical_csr,
    csr_args,
    entry_rows,
    handed_out,
    weight_array,
    wrap_csr,
)
from cosignet.errors import CosignetWarning, InvalidInputError

if TYPE_CHECKING:
    import igraph
    import networkx

__all__ = ["Graph"]

#: Values a Graph computes once and keeps (cached properties), rebuilt after unpickling.
_CACHES = ("_adjacency", "_edges")


def _require_strictly_upper(upper: sp.csr_array, labels: pd.Index) -> None:
    """Raise unless every entry (u, v) of the canonical `upper` has u < v. O(n)."""
    indptr = upper.indptr
    rows = np.flatnonzero(np.diff(indptr) > 0)
    first = upper.indices[indptr[rows]]  # the smallest column of each row with entries
    bad = np.flatnonzero(first <= rows)
    if not bad.size:
        return
    row, col = int(rows[bad[0]]), int(first[bad[0]])
    if row == col:
        raise InvalidInputError(
            f"upper: entry ({row}, {col}) is a self-loop on {labels[row]!r}; co-signature "
            "graphs have none"
        )
    raise InvalidInputError(
        f"upper: entry ({row}, {col}) is below the diagonal; upper is the strict upper "
        "triangle (u < v) of the adjacency: pass scipy.sparse.triu(adjacency, k=1)"
    )


class Graph:
    """A weighted undirected graph whose nodes carry labels, such as a co-signature network.

    A larger weight means a stronger tie. Graphs come from :meth:`Bipartite.project`,
    :meth:`from_edges` or :meth:`from_networkx`; the constructor wraps a matrix of ties you
    already have, as its strict upper triangle.

    Parameters
    ----------
    upper : scipy sparse matrix or array-like, shape (n, n)
        Strict upper triangle (u < v) of the weighted adjacency: entry (u, v) is the weight of
        the tie u--v, each tie once. Any sparse format or a dense array; weights must be
        finite and non-negative, explicit zeros are dropped and duplicate entries summed (as
        scipy reads them). It is copied once into canonical CSR form (``int64`` indices,
        ``float64`` weights, sorted); the matrix of another Graph (:attr:`upper`) is checked
        and shared instead, since its arrays are read-only.
    labels : sequence of hashable
        One unique, non-missing label per node.
    nodes : pandas.DataFrame, optional
        Node attributes indexed by label; rows for labels it lacks are left empty.
    edge_data : pandas.DataFrame, optional
        Further edge attributes (such as a backbone's p-values), one row per stored entry of
        `upper` in storage order (which must then already be canonical: sorted, without
        duplicates or explicit zeros); :attr:`edges` shows them beside the weight.

    Attributes
    ----------
    attrs : dict
        Free-form metadata about how the graph was made (a backbone's model, alpha and
        multiple-testing correction, for example), like ``pandas.DataFrame.attrs``.

    Raises
    ------
    InvalidInputError
        On a matrix that is not n x n for n labels, an entry on or below the diagonal or
        outside the shape, a negative, NaN or infinite weight, inconsistent CSR arrays,
        labels that repeat or are missing, or `edge_data` that does not match the entries.
        The message names the argument and the offending position or value.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["Alton", "Alton"], ["Bütikofer", "Chow"], weights=[2, 1])
    >>> G
    <cosignet.Graph: 3 nodes, 2 edges, total weight 3>
    >>> G.edges
      source     target  weight
    0  Alton  Bütikofer     2.0
    1  Alton       Chow     1.0

    Wrapping a matrix:

    >>> import numpy as np
    >>> cs.Graph(np.array([[0, 2, 1], [0, 0, 0], [0, 0, 0]]), ["a", "b", "c"]).edges
      source target  weight
    0      a      b     2.0
    1      a      c     1.0
    """

    def __init__(
        self,
        upper: Any,
        labels: Iterable[Any],
        nodes: pd.DataFrame | None = None,
        edge_data: pd.DataFrame | None = None,
    ) -> None:
        index = labels_index(labels, None, "labels")
        n = len(index)
        shape = getattr(upper, "shape", None)
        if isinstance(shape, tuple) and len(shape) == 2 and shape != (n, n):
            raise InvalidInputError(f"upper has shape {tuple(shape)} but there are {n} labels")
        matrix, in_order = canonical_csr(upper, "upper", allow_empty=True)
        if matrix.shape != (n, n):
            raise InvalidInputError(f"upper has shape {matrix.shape} but there are {n} labels")
        _require_strictly_upper(matrix, index)
        if edge_data is not None:
            if not isinstance(edge_data, pd.DataFrame):
                raise InvalidInputError(
                    f"edge_data must be a DataFrame, got {type(edge_data).__name__}"
                )
            if not in_order:
                raise InvalidInputError(
                    "edge_data needs upper in canonical form (rows in order, columns sorted "
                    "within them, no repeated entries or explicit zeros) so that its rows match "
                    "the stored entries; sort upper and sum its duplicates first"
                )
            if len(edge_data) != matrix.nnz:
                raise InvalidInputError(
                    f"edge_data has {len(edge_data)} rows but upper has {matrix.nnz} edges; "
                    "give one row per stored entry, in storage order"
                )
        self._set(matrix, index, attribute_table(nodes, index, "nodes"), edge_data)

    @classmethod
    def _from_canonical(
        cls,
        upper: sp.csr_array,
        labels: pd.Index,
        nodes: pd.DataFrame | None = None,
        edge_data: pd.DataFrame | None = None,
    ) -> Graph:
        """Wrap a strict upper triangle cosignet built (frozen by wrap_csr), without checks."""
        self = cls.__new__(cls)
        self._set(
            upper, labels, nodes if nodes is not None else pd.DataFrame(index=labels), edge_data
        )
        return self

    def _set(
        self,
        upper: sp.csr_array,
        labels: pd.Index,
        nodes: pd.DataFrame,
        edge_data: pd.DataFrame | None,
    ) -> None:
        self._upper = upper
        self._labels = labels
        self._nodes = nodes
        self._edge_data = edge_data.reset_index(drop=True) if edge_data is not None else None
        self.attrs: dict[str, Any] = {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Unpickled and deep-copied arrays are new and writable: freeze them, rebuild caches.
        state = {key: value for key, value in state.items() if key not in _CACHES}
        upper = state["_upper"]
        state["_upper"] = wrap_csr(upper.indptr, upper.indices, upper.data, upper.shape)
        self.__dict__.update(state)

    # ---------------------------------------------------------------- constructors
    @classmethod
    def from_edges(
        cls,
        sources: Iterable[Any],
        targets: Iterable[Any],
        weights: Iterable[float] | None = None,
        nodes: Iterable[Any] | None = None,
    ) -> Graph:
        """Build a graph from two label sequences, one edge per position.

        Parameters
        ----------
        sources, targets : sequence of hashable
            The two ends of each edge (order does not matter: the graph is undirected).
        weights : sequence of float, optional
            Positive, finite tie strengths (default 1). Repeated edges are merged, their
            weights summed, and a :class:`CosignetWarning` says how many.
        nodes : sequence of hashable, optional
            Labels of every node, including isolated ones; nodes first seen in the edges are
            added after them.

        Returns
        -------
        Graph

        Raises
        ------
        InvalidInputError
            On sequences of different lengths, missing labels, self-loops, or weights that are
            not positive and finite.

        Examples
        --------
        >>> import cosignet as cs
        >>> G = cs.Graph.from_edges(["a", "b"], ["b", "c"], nodes=["a", "b", "c", "d"])
        >>> G.n_nodes, G.n_edges
        (4, 2)
        """
        known = None
        if nodes is not None:
            node_list = list(nodes)
            known = labels_index(node_list, len(node_list), "nodes")
        source_codes, labels = factorize(sources, "sources", known)
        target_codes, labels = factorize(targets, "targets", labels)
        if len(source_codes) != len(target_codes):
            raise InvalidInputError(
                f"sources and targets must have the same length, got {len(source_codes)} "
                f"and {len(target_codes)}"
            )
        loops = np.flatnonzero(source_codes == target_codes)
        if loops.size:
            raise InvalidInputError(
                f"edge {int(loops[0])} is a self-loop on {labels[source_codes[loops[0]]]!r}; "
                "co-signature graphs have none"
            )
        values = weight_array(weights, len(source_codes), "edge")
        low = np.minimum(source_codes, target_codes)
        high = np.maximum(source_codes, target_codes)
        n = len(labels)
        (indptr, indices, data), repeated = _core.build_incidence(low, high, values, n, n)
        if repeated:
            warnings.warn(
                f"{repeated} repeated edges were merged into one each"
                + (" (weights summed)" if weights is not None else ""),
                CosignetWarning,
                stacklevel=2,
            )
        return cls._from_canonical(wrap_csr(indptr, indices, data, (n, n)), labels)

    @classmethod
    def from_networkx(cls, graph: networkx.Graph, weight: str = "weight") -> Graph:
        """Convert an undirected NetworkX graph; edge attribute `weight` (default 1) is strength.

        Node attributes become columns of :attr:`nodes`.

        Examples
        --------
        >>> import networkx as nx, cosignet as cs
        >>> G = cs.Graph.from_networkx(nx.path_graph(3))
        >>> G.edges.weight.tolist()
        [1.0, 1.0]
        """
        if graph.is_directed() or graph.is_multigraph():
            raise InvalidInputError("from_networkx needs an undirected simple nx.Graph")
        node_list = list(graph.nodes)
        edges = list(graph.edges(data=weight, default=1.0))
        result = cls.from_edges(
            [u for u, _, _ in edges],
            [v for _, v, _ in edges],
            weights=[float(w) for _, _, w in edges],
            nodes=node_list,
        )
        attributes = pd.DataFrame.from_dict(dict(graph.nodes(data=True)), orient="index")
        if not attributes.empty:
            result._nodes = attributes.reindex(result._labels)
        return result

    # ---------------------------------------------------------------- properties
    @property
    def n_nodes(self) -> int:
        """Number of nodes, isolated ones included."""
        return len(self._labels)

    @property
    def n_edges(self) -> int:
        """Number of (undirected) edges."""
        return int(self._upper.nnz)

    @property
    def labels(self) -> pd.Index:
        """Node labels, in the order of the rows of :attr:`adjacency`."""
        return self._labels.copy()  # O(1); renaming it leaves the graph's alone

    @property
    def nodes(self) -> pd.DataFrame:
        """Node attributes as a DataFrame indexed by label (a copy)."""
        return self._nodes.copy()

    @property
    def upper(self) -> sp.csr_array:
        """Strict upper triangle of :attr:`adjacency`: each edge once, as stored.

        Its arrays are read-only views of the graph's (writing into them raises ValueError);
        ``G.upper.copy()`` gives a matrix of your own.
        """
        return handed_out(self._upper)

    @property
    def adjacency(self) -> sp.csr_array:
        """Symmetric weighted adjacency matrix, rows and columns in :attr:`labels` order.

        Built once; its arrays are read-only like those of :attr:`upper`.
        """
        return handed_out(self._adjacency)

    @cached_property
    def _adjacency(self) -> sp.csr_array:
        indptr, indices, data = _core.symmetrize_upper(
            self.n_nodes, self._upper.indptr, self._upper.indices, self._upper.data
        )
        return wrap_csr(indptr, indices, data, (self.n_nodes, self.n_nodes))

    @property
    def edges(self) -> pd.DataFrame:
        """Edges as a DataFrame: source, target, weight (source before target), then edge data.

        Built once; each access returns a copy, so changing it leaves the graph alone.
        """
        # Deep: pandas 3 hands out the object columns' own arrays, writable, from to_numpy().
        return self._edges.copy()

    @cached_property
    def _edges(self) -> pd.DataFrame:
        rows = entry_rows(self._upper)
        table = pd.DataFrame(
            {
                "source": self._labels.take(rows),
                "target": self._labels.take(self._upper.indices),
                "weight": self._upper.data,
            }
        )
        if self._edge_data is not None:
            for column in self._edge_data.columns:
                table[column] = self._edge_data[column].to_numpy()
        return table

    @property
    def total_weight(self) -> float:
        """Sum of all edge weights (each edge counted once)."""
        return float(self._upper.data.sum())

    def degree_array(self) -> np.ndarray:
        """Return the number of neighbours of each node, in :attr:`labels` order.

        Examples
        --------
        >>> import cosignet as cs
        >>> cs.Graph.from_edges(["a", "a"], ["b", "c"]).degree_array().tolist()
        [2, 1, 1]
        """
        _, _, indptr, indices, _ = csr_args(self._upper)
        counts = np.diff(indptr)
        return counts + np.bincount(indices, minlength=self.n_nodes)

    def strength_array(self) -> np.ndarray:
        """Return the sum of each node's tie weights, in :attr:`labels` order.

        Examples
        --------
        >>> import cosignet as cs
        >>> cs.Graph.from_edges(["a", "a"], ["b", "c"], weights=[2, 3]).strength_array().tolist()
        [5.0, 2.0, 3.0]
        """
        adjacency = self._adjacency
        strengths: np.ndarray = np.bincount(
            entry_rows(adjacency), adjacency.data, minlength=self.n_nodes
        ).astype(np.float64)
        return strengths

    # ---------------------------------------------------------------- conversion
    def to_networkx(self) -> networkx.Graph:
        """Return a ``networkx.Graph`` with node attributes and edge attribute ``weight``.

        Examples
        --------
        >>> import cosignet as cs
        >>> cs.Graph.from_edges(["a"], ["b"], weights=[2.5]).to_networkx().edges(data=True)
        EdgeDataView([('a', 'b', {'weight': 2.5})])
        """
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(zip(self._labels, self._node_records(), strict=True))
        edges = self._edges
        graph.add_weighted_edges_from(
            zip(edges.source, edges.target, edges.weight.tolist(), strict=True)
        )
        if self._edge_data is not None:
            for column in self._edge_data.columns:
                values = dict(
                    zip(
                        zip(edges.source, edges.target, strict=True),
                        edges[column].tolist(),
                        strict=True,
                    )
                )
                nx.set_edge_attributes(graph, values, str(column))
        graph.graph.update(self.attrs)
        return graph

    def to_igraph(self) -> igraph.Graph:
        """Return an ``igraph.Graph`` with vertex attribute ``name`` and edge attribute ``weight``.

        Examples
        --------
        >>> import cosignet as cs
        >>> g = cs.Graph.from_edges(["a"], ["b"], weights=[2.5]).to_igraph()
        >>> g.vs["name"], g.es["weight"]
        (['a', 'b'], [2.5])
        """
        import igraph as ig

        rows = entry_rows(self._upper)
        graph = ig.Graph(n=self.n_nodes, edges=np.column_stack([rows, self._upper.indices]))
        graph.vs["name"] = list(self._labels)
        for column in self._nodes.columns:
            graph.vs[str(column)] = self._nodes[column].tolist()
        graph.es["weight"] = self._upper.data.tolist()
        if self._edge_data is not None:
            for column in self._edge_data.columns:
                graph.es[str(column)] = self._edge_data[column].tolist()
        return graph

    def write(self, path: str | os.PathLike[str], format: str | None = None) -> Path:
        """Write the graph with its node attributes and edge data.

        Parameters
        ----------
        path : str or path-like
            Where to write; written to a temporary file beside it and renamed into place.
        format : {"graphml", "gexf", "json"}, optional
            GraphML, GEXF 1.3 (Gephi) or NetworkX's node-link JSON; by default from the
            suffix (``.graphml``, ``.gexf``, ``.json``). Node labels are written as text in
            GraphML and GEXF; JSON keeps numbers as numbers.

        Returns
        -------
        pathlib.Path
            The path written.

        Examples
        --------
        >>> import tempfile, pathlib, cosignet as cs
        >>> G = cs.Graph.from_edges(["a"], ["b"], weights=[2.0])
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
        >>> cs.Graph.read(G.write(path)).edges
          source target  weight
        0      a      b     2.0
        """
        from cosignet.graph_io import write_graph

        return write_graph(self, path, format)

    @classmethod
    def read(cls, path: str | os.PathLike[str], format: str | None = None) -> Graph:
        """Read a GraphML, GEXF or node-link JSON graph (see :meth:`write`).

        Undirected graphs only; edge attribute ``weight`` (default 1) is the strength, other
        attributes become edge data and node attributes columns of :attr:`nodes`.

        Raises
        ------
        ParseError
            On a file that is not well-formed, or a directed graph.

        Examples
        --------
        >>> import json, tempfile, pathlib, cosignet as cs
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.json"
        >>> _ = path.write_text(json.dumps({"nodes": [{"id": "a"}, {"id": "b"}],
        ...                                 "edges": [{"source": "a", "target": "b"}]}))
        >>> cs.Graph.read(path)
        <cosignet.Graph: 2 nodes, 1 edges, total weight 1>
        """
        from cosignet.graph_io import read_graph

        return read_graph(path, format)

    def _node_records(self) -> list[Mapping[str, Any]]:
        """Per-node attribute dicts (missing values left out)."""
        if self._nodes.columns.empty:
            return [{} for _ in range(self.n_nodes)]
        records = self._nodes.to_dict(orient="records")
        return [{k: v for k, v in r.items() if not pd.isna(v)} for r in records]

    def __repr__(self) -> str:
        return (
            f"<cosignet.Graph: {self.n_nodes:,} nodes, {self.n_edges:,} edges, "
            f"total weight {self.total_weight:,.6g}>"
        )
