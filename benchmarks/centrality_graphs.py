"""Graphs for ``benchmarks/centrality.py``: load or generate, project, save and reload.

Three graphs, each the weighted co-signature projection (``weighting="count"``) of a
letters x signers incidence, built with cosignet (never timed):

``hj``
    Fowler's House joint resolutions (``congress-fowler/hyperedges/HJ``) projected onto the
    legislators: about 1,500 nodes and 420k edges.
``senate116``
    The 116th Senate's bills x senators (``us-senate-cosponsorship/signatures_116.csv``)
    projected onto the bills (``onto="letters"``): 4,464 nodes, about 2.6M edges.
``synthetic``
    A seeded synthetic incidence (lognormal letter sizes, Zipf signer popularity; the
    generator of ``benchmarks/projection.py``) projected onto the signers: 24,000 nodes (a
    giant component of about 22,000, about 1,800 isolated signers) and about 2.7M edges.

The parent process builds each graph once and saves its strict upper triangle to an
``.npz`` (:func:`save_graph`); every measurement subprocess reloads it (:func:`load_upper`)
and builds its tool's own graph object from it, untimed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from projection import Synthetic, congress_incidence, shared_data_dir, synthetic_incidence

HJ_SUBPATH = Path("congress-fowler") / "hyperedges" / "HJ" / "hyperedges.txt"
SENATE_SUBPATH = Path("us-senate-cosponsorship") / "signatures_116.csv"
# Sized so that the projection onto signers has >= 20,000 nodes and >= 2M edges.
SYNTHETIC = Synthetic(n_letters=10_000, n_signers=24_000, mean_size=16.0, zipf_s=0.8)
SYNTHETIC_SEED_OFFSET = 7

GRAPH_NAMES = ("hj", "senate116", "synthetic")


@dataclass
class BuiltGraph:
    """A projected graph, ready to save: strict upper triangle plus where it came from."""

    name: str
    upper: sp.csr_array
    origin: str
    build_seconds: float

    @property
    def n_nodes(self) -> int:
        return int(self.upper.shape[0])

    @property
    def n_edges(self) -> int:
        return int(self.upper.nnz)


def graph_source(name: str) -> Path | None:
    """The data file a real graph needs (None for the synthetic one)."""
    if name == "hj":
        return shared_data_dir() / HJ_SUBPATH
    if name == "senate116":
        return shared_data_dir() / SENATE_SUBPATH
    return None


def build_graph(name: str, seed: int) -> BuiltGraph:
    """Build graph `name` with cosignet's projection; raises FileNotFoundError if data is absent."""
    import cosignet as cs

    start = time.perf_counter()
    source = graph_source(name)
    if source is not None and not source.is_file():
        raise FileNotFoundError(str(source))
    if name == "hj":
        assert source is not None
        matrix, repeated = congress_incidence(source)
        graph = cs.Bipartite(matrix).project()
        origin = (
            f"Fowler House joint resolutions ({matrix.shape[0]:,} bills x {matrix.shape[1]:,} "
            f"legislators, {matrix.nnz:,} signatures) projected onto legislators, count weights"
        )
        if repeated:
            origin += f"; {repeated} repeated (bill, legislator) pairs merged"
    elif name == "senate116":
        assert source is not None
        import pandas as pd

        table = pd.read_csv(source, dtype={"bill_id": str, "senator_id": np.int64})
        bipartite = cs.Bipartite.from_edges(table["bill_id"], table["senator_id"])
        graph = bipartite.project(onto="letters")
        origin = (
            f"U.S. Senate 116 ({bipartite.n_letters:,} bills x {bipartite.n_actors:,} senators, "
            f"{bipartite.n_signatures:,} signatures) projected onto bills, count weights"
        )
    elif name == "synthetic":
        matrix = synthetic_incidence(SYNTHETIC, seed + SYNTHETIC_SEED_OFFSET)
        graph = cs.Bipartite(matrix).project()
        spec = SYNTHETIC
        origin = (
            f"synthetic, seed {seed + SYNTHETIC_SEED_OFFSET}: {spec.n_letters:,} letters x "
            f"{spec.n_signers:,} signers (lognormal sizes mean {spec.mean_size:g}, Zipf s="
            f"{spec.zipf_s:g}), {matrix.nnz:,} signatures, projected onto signers, count weights"
        )
    else:
        raise ValueError(f"unknown graph {name!r}; choose from {', '.join(GRAPH_NAMES)}")
    upper = graph.upper
    return BuiltGraph(name, upper, origin, time.perf_counter() - start)


def save_graph(graph: BuiltGraph, path: Path) -> None:
    upper = graph.upper
    np.savez(
        path,
        indptr=np.asarray(upper.indptr, dtype=np.int64),
        indices=np.asarray(upper.indices, dtype=np.int64),
        data=np.asarray(upper.data, dtype=np.float64),
        n=np.int64(upper.shape[0]),
    )


def load_upper(path: str) -> sp.csr_array:
    """The strict upper triangle saved by :func:`save_graph` (int64 indices, sorted)."""
    with np.load(path) as saved:
        indptr, indices, data, n = saved["indptr"], saved["indices"], saved["data"], int(saved["n"])
    upper = sp.csr_array((n, n), dtype=np.float64)
    upper.indptr = indptr
    upper.indices = indices
    upper.data = data
    upper.has_sorted_indices = True
    return upper


def upper_edges(upper: sp.csr_array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(sources, targets, weights) of the strict upper triangle, each edge once."""
    rows = np.repeat(np.arange(upper.shape[0], dtype=np.int64), np.diff(upper.indptr))
    return rows, np.asarray(upper.indices, dtype=np.int64), np.asarray(upper.data, np.float64)


def graph_stats(upper: sp.csr_array) -> dict[str, Any]:
    """Nodes, edges, isolated nodes, components, weight range: printed above each table."""
    n = upper.shape[0]
    full = upper + upper.T
    degree = np.diff(full.indptr)
    n_components, labels = sp.csgraph.connected_components(full, directed=False)
    sizes = np.bincount(labels)
    return {
        "nodes": n,
        "edges": int(upper.nnz),
        "isolated": int((degree == 0).sum()),
        "components": int(n_components),
        "largest_component": int(sizes.max()) if sizes.size else 0,
        "max_degree": int(degree.max()) if n else 0,
        "mean_degree": float(degree.mean()) if n else 0.0,
        "weight_min": float(upper.data.min()) if upper.nnz else 0.0,
        "weight_max": float(upper.data.max()) if upper.nnz else 0.0,
        "weight_mean": float(upper.data.mean()) if upper.nnz else 0.0,
    }
