"""The edges table and the graph files of :func:`cosignet.analyze`, at any size.

Ties are matched between graphs (the projection, the backbone, a count projection) by one
sorted integer per tie, ``row * n + column`` of the upper triangle, never by joining label
columns: at tens of millions of ties a join on labels takes minutes and gigabytes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet._sparse import entry_rows, wrap_csr
from cosignet.bipartite import Bipartite
from cosignet.graph import Graph
from cosignet.plan import Plan


def tie_keys(upper: Any) -> npt.NDArray[np.int64]:
    """Each stored tie of an upper triangle as one sorted int64: row * n + column."""
    rows = entry_rows(upper)
    result: npt.NDArray[np.int64] = rows * np.int64(upper.shape[0]) + upper.indices
    return result


def locate(stored: npt.NDArray[np.int64], wanted: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Position of each of `wanted` in the sorted `stored`, -1 where absent."""
    if not len(stored):
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(stored, wanted), len(stored) - 1)
    return np.where(stored[at] == wanted, at, -1).astype(np.int64)


def written_positions(G: Graph, made: Plan, kept: Graph | None) -> npt.NDArray[np.int64] | None:
    """Positions (in G's storage order) of the ties the tables and files hold; None: all."""
    decision = made.decision("edges")
    if decision == "all ties" or (G.n_edges <= made.written_ties and decision != "backbone ties"):
        return None
    cap = made.written_ties
    if decision == "backbone ties" and kept is not None:
        at = locate(tie_keys(G.upper), tie_keys(kept.upper))
        inside = at >= 0  # a kept tie below min_weight is not in G
        chosen = at[inside]
        if len(chosen) > cap:  # the most significant, then the strongest
            pvalue = kept.edges["pvalue"].to_numpy()[inside]
            order = np.lexsort((-G.upper.data[chosen], pvalue))
            chosen = chosen[order[:cap]]
        return np.sort(chosen)
    strongest = np.argsort(-G.upper.data, kind="stable")[:cap]
    return np.sort(strongest).astype(np.int64)


def edge_table(
    G: Graph,
    P: Bipartite,
    actors: pd.DataFrame,
    tested: Graph | None,
    kept: Graph | None,
    positions: npt.NDArray[np.int64] | None,
    weighting: str,
) -> pd.DataFrame:
    """Build the edges table of the ties at `positions` of G's storage (None: every tie)."""
    upper = G.upper
    rows, cols, weight = entry_rows(upper), upper.indices, upper.data
    if positions is not None:
        rows, cols, weight = rows[positions], cols[positions], weight[positions]
    names = actors["name"].to_numpy()
    edges = pd.DataFrame(
        {
            "source": G.labels.take(rows),
            "target": G.labels.take(cols),
            "source_name": names[rows],
            "target_name": names[cols],
            "weight": weight,
        }
    )
    wanted = rows * np.int64(G.n_nodes) + cols
    edges["shared_letters"] = shared_letter_counts(G, P, wanted, weighting)
    if tested is not None:
        at = locate(tie_keys(tested.upper), wanted)
        found = at >= 0
        data = tested.edges
        expected = np.full(len(wanted), np.nan)
        expected[found] = data["expected"].to_numpy()[at[found]]
        pvalue = np.ones(len(wanted))  # not tested or not significant at any level: 1
        pvalue[found] = data["pvalue"].to_numpy()[at[found]]
        edges["expected"] = expected
        edges["pvalue"] = pvalue
        kept_keys = tie_keys(kept.upper) if kept is not None else np.zeros(0, dtype=np.int64)
        edges["in_backbone"] = locate(kept_keys, wanted) >= 0
    return edges


def shared_letter_counts(
    G: Graph, P: Bipartite, wanted: npt.NDArray[np.int64], weighting: str
) -> npt.NDArray[np.int64]:
    """Count the letters (of those projected) both ends of each tie in `wanted` signed."""
    if not len(wanted):
        return np.zeros(0, dtype=np.int64)
    if weighting == "count" and bool(np.all(P.matrix.data == 1.0)):
        counts = G  # a count projection of who signed: the weights are the counts
    else:
        signed = (P.matrix > 0).astype(np.float64)
        counts = Bipartite(signed, P.letter_labels, P.actor_labels).project(weighting="count")
    at = locate(tie_keys(counts.upper), wanted)
    shared: npt.NDArray[np.int64] = counts.upper.data[at].astype(np.int64)
    return shared


def annotated_graph(
    G: Graph,
    actors: pd.DataFrame,
    edges: pd.DataFrame,
    positions: npt.NDArray[np.int64] | None,
    made: Plan,
) -> tuple[Graph, Graph | None]:
    """G with the actor table as node attributes and the edge table's extra columns.

    Returns the graph and, when the edges table holds fewer ties than G, the graph the
    graph files hold (those ties, with the table's columns).
    """
    nodes = actors.drop(columns=["n_letters"])
    if made.giant_letters == "none":
        nodes = nodes.join(G.nodes[["n_letters"]])
    else:  # every letter signed, the giant ones too
        nodes = nodes.join(actors[["n_letters"]])
    extra = edges.drop(columns=["source", "target", "weight", "source_name", "target_name"])
    if positions is None:
        annotated = Graph(G.upper, G.labels, nodes, extra)
        annotated.attrs.update(G.attrs)
        return annotated, None
    graph = Graph(G.upper, G.labels, nodes)
    graph.attrs.update(G.attrs)
    rows = entry_rows(G.upper)[positions]
    n = G.n_nodes
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    sub = wrap_csr(
        indptr,
        np.ascontiguousarray(G.upper.indices[positions]),
        np.ascontiguousarray(G.upper.data[positions]),
        (n, n),
    )
    network = Graph(sub, G.labels, nodes, extra)
    network.attrs.update(G.attrs, ties=made.decision("edges"))
    return graph, network
