"""Benchmark: cosignet's centralities side by side with igraph, NetworKit and NetworkX.

Not a test: it prints timings, ratios, peak memory, whether the tools agree, and whether
cosignet meets its speed targets.

Usage::

    python benchmarks/centrality.py [--graphs hj,senate116,synthetic] [--measures all]
                                    [--peers igraph,networkit,networkx] [--threads N]
                                    [--repeat N] [--budget S] [--timeout S] [--k 256]
                                    [--seed S] [--networkx-limit S] [--single-thread]

    python benchmarks/centrality.py --graphs hj          # everything on the small graph
    python benchmarks/centrality.py --measures quick     # pagerank + eigenvector, all graphs
    python benchmarks/centrality.py --graphs synthetic --measures betweenness,betweenness-w

Graphs
------
All three are weighted co-signature projections (weights = shared letters) built by
cosignet once per run and never timed (``benchmarks/centrality_graphs.py``):

- ``hj``: Fowler's House joint resolutions projected onto the legislators (1,489 nodes,
  422,906 edges), from ``../shared/data/congress-fowler/hyperedges/HJ`` beside the repository
  or ``$COSIGNET_SHARED_DATA``;
- ``senate116``: the 116th Senate's bills x senators projected onto the bills (4,464 nodes,
  2,612,793 edges), from ``us-senate-cosponsorship/signatures_116.csv``;
- ``synthetic``: a seeded letters x signers incidence (the generator of
  ``benchmarks/projection.py``: lognormal letter sizes, Zipf signer popularity) projected onto
  the signers: 24,000 nodes (1,838 of them isolated) and 2,718,757 edges with the default seed.

A real graph whose data is absent is skipped with a message.

Measures
--------
``--measures`` takes keys, or the groups ``all`` (default), ``quick`` (pagerank, eigenvector),
``betweenness`` (the four betweenness rows) and ``paths`` (all path measures):

================= ==================================================================
key               what (peers' settings)
================= ==================================================================
betweenness       exact Brandes, hops. igraph ``g.betweenness(directed=False)`` divided
                  by (n-1)(n-2)/2; NetworKit ``Betweenness(normalized=True)``; NetworkX
                  ``betweenness_centrality``
betweenness-w     the same with ``weights="strength"``: peers get lengths 1/w
betweenness-k     ``k`` sampled sources (``--k``, default 256), hops. cosignet draws the
                  sources as NetworkX does (``random.Random(seed).sample(nodes, k)``);
                  igraph is given the *same* sources (``g.betweenness(sources=...)``,
                  rescaled as NetworkX does), so both must agree exactly; NetworKit's
                  ``EstimateBetweenness(k, normalized=True)`` draws its own sources, so it
                  is compared by rank correlation only
betweenness-k-w   the same, lengths 1/w
closeness         hops, Wasserman-Faust scaled for disconnected graphs (NetworkX's
                  ``wf_improved=True``). igraph ``g.closeness(normalized=True)`` times
                  (reachable - 1)/(n - 1) afterwards; NetworKit ``Closeness(G, True,
                  GENERALIZED)``
closeness-w       the same, lengths 1/w
harmonic          sum of 1/distance, not normalised (igraph and NetworKit with
                  ``normalized=False``)
harmonic-w        the same, lengths 1/w
pagerank          alpha 0.85, weights as strengths. igraph ``g.pagerank`` (PRPACK);
                  NetworKit ``PageRank(tol=1e-10, L1 norm)`` divided by its sum afterwards
                  (NetworKit's scores do not sum to 1 when a graph has isolated nodes);
                  NetworkX ``pagerank(tol=1e-10)``
eigenvector       weights as strengths, unit L2 norm. igraph ``eigenvector_centrality``
                  (ARPACK, max = 1) rescaled to unit norm; NetworKit
                  ``EigenvectorCentrality(tol=1e-10)``; NetworkX
                  ``eigenvector_centrality(tol=1e-10, max_iter=1000)``
================= ==================================================================

cosignet is called with its defaults (``normalized=True`` betweenness, ``wf_improved=True``
closeness, ``tol=1e-10`` for the spectral measures) and ``weights=None`` for hops,
``"strength"`` otherwise.

Method
------
Every measurement (one tool, one measure, one graph) runs in a fresh subprocess of this
script: it loads the graph's upper triangle from an ``.npz`` the parent wrote, builds its
tool's graph object (untimed: cosignet's ``cs.Graph`` with ``G.adjacency`` materialised,
igraph's ``Graph`` with edge attributes, NetworKit's ``GraphFromCoo``, NetworkX's
``nx.Graph``; the build time is given as a note), then times the call that returns the
scores in Python (for NetworKit: constructor, ``run()`` and ``scores()``), best of
``--repeat`` runs, fewer once ``--budget`` seconds are spent. Peak memory is the growth of the
child's resident set during the timed call (``VmHWM`` reset through ``/proc/self/clear_refs``;
the meter of ``benchmarks/projection.py``). Scores are rescaled afterwards, untimed, to the
NetworkX/cosignet convention (above) and written to a file for the parent to compare.

Threads: cosignet uses ``--threads`` (``cs.set_num_threads``), NetworKit the same number
(``nk.setNumberOfThreads``), igraph and NetworkX are single-threaded. ``--single-thread``
adds a column for cosignet on one thread. The detail table's ``cpu/wall`` (CPU seconds of
the child over wall seconds, best run) shows whether a run had its cores: about 1 for one
thread and up to the thread count in parallel on a quiet machine; well below that means it
waited for a core, and its time (and every ratio with it) is not to be trusted. Runs whose
times spread by more than 1.5x are noted. Run on a quiet machine.

Agreement: each tool's scores are compared with cosignet's (or, when cosignet failed or is
not installed, with the first tool that ran, in the order NetworkX, NetworKit, igraph):
``max rel`` is max |a - b| / max |reference|, must be <= 1e-9 for path measures and 1e-6 for
the iterative spectral ones; otherwise the row is a MISMATCH, printed loudly, and the exit
status is 1. Two expected exceptions are reported but are not failures:

- NetworKit's sampled betweenness uses other sources: only Spearman's rho is given;
- igraph's weighted betweenness treats two path lengths as equal when they differ by a
  relative 1e-10, cosignet, NetworkX and NetworKit compare them exactly; with lengths 1/w a
  sum of reciprocals that is equal in exact arithmetic often differs in its last bit, so
  igraph finds more shortest paths and its scores differ (marked ``ties``).

Skips: a peer whose estimated time exceeds ``--timeout`` (for NetworkX: 1.5 times its
estimate exceeds ``--networkx-limit``), or whose graph would not fit in the memory available,
is skipped with the reason. Estimates scale the peer's cost per unit of work (units: sources
x (n + 2m) for path measures, 2m + n for spectral ones) from the largest graph it ran in the
same run, else from the reference constants below (measured on ``hj``). cosignet is never
skipped; a measurement still running after ``--timeout`` seconds is killed and reported.

Targets (printed per graph and again at the end): exact betweenness, hops and weighted, at
least 1.8x faster than igraph and no slower than NetworKit; PageRank and eigenvector at least
2x faster than igraph.

Expect exact path measures on the big graphs to be slow for everyone: scaled from k=256
runs on a 2-core VM, igraph's exact betweenness needs about 2 minutes (hops) and 7 (weighted)
on ``senate116`` and 8 and 55 minutes on ``synthetic``, so the default ``--timeout`` skips
igraph's weighted one there; raise it (e.g. ``--timeout 4000``) to measure it. For the
targets alone, ``--measures betweenness,betweenness-w,pagerank,eigenvector`` is enough.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from centrality_graphs import (
    GRAPH_NAMES,
    build_graph,
    graph_source,
    graph_stats,
    load_upper,
    save_graph,
    upper_edges,
)
from projection import (
    PeakMeter,
    _meminfo_bytes,
    add_repeat_options,
    core_stamp,
    cpu_model,
    git_revision,
    parse_choices,
    progress,
    run_child,
    worker_main,
)

TIME_SAFETY = 1.5
MEMORY_SHARE = 0.8
PATH_TOLERANCE = 1e-9
SPECTRAL_TOLERANCE = 1e-6
SPECTRAL_TOL = 1e-10  # cosignet's default tol, given to the iterative peers too
DAMPING = 0.85


# --------------------------------------------------------------------------- measures
@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    family: str  # betweenness | closeness | harmonic | pagerank | eigenvector
    weighted: bool
    sampled: bool = False

    @property
    def is_path(self) -> bool:
        return self.family in ("betweenness", "closeness", "harmonic")

    @property
    def cost_kind(self) -> str:
        """Which per-unit cost estimates this measure (sampled shares exact's)."""
        return self.family + ("-w" if self.weighted and self.is_path else "")


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("betweenness", "betweenness, hops", "betweenness", False),
        Measure("betweenness-w", "betweenness, strength", "betweenness", True),
        Measure("betweenness-k", "betweenness k={k}, hops", "betweenness", False, True),
        Measure("betweenness-k-w", "betweenness k={k}, strength", "betweenness", True, True),
        Measure("closeness", "closeness, hops", "closeness", False),
        Measure("closeness-w", "closeness, strength", "closeness", True),
        Measure("harmonic", "harmonic, hops", "harmonic", False),
        Measure("harmonic-w", "harmonic, strength", "harmonic", True),
        Measure("pagerank", "pagerank, strength", "pagerank", True),
        Measure("eigenvector", "eigenvector, strength", "eigenvector", True),
    )
}
MEASURE_GROUPS: dict[str, tuple[str, ...]] = {
    "all": tuple(MEASURES),
    "quick": ("pagerank", "eigenvector"),
    "betweenness": ("betweenness", "betweenness-w", "betweenness-k", "betweenness-k-w"),
    "paths": tuple(key for key, m in MEASURES.items() if m.is_path),
}

PEERS = ("igraph", "networkit", "networkx")
TOOL_LABELS = {
    "cosignet": "cosignet",
    "cosignet-1": "cosignet 1thr",
    "igraph": "igraph",
    "networkit": "NetworKit",
    "networkx": "NetworkX",
}

# Reference costs on a 2-core AMD EPYC VM, measured on "hj": nanoseconds per unit of work
# (units: sources x (n + 2m) for path measures, 2m for spectral ones). Used to skip a peer
# before it runs when nothing was measured earlier in the same run.
REFERENCE_NS: dict[str, dict[str, float]] = {
    "igraph": {
        "betweenness": 3.0,  # hj: 1.7; 501 s on a 20,000-node, 4.1M-edge projection: 3.05
        "betweenness-w": 6.0,  # hj: 5.2
        "closeness": 0.6,  # hj: 0.49
        "closeness-w": 4.0,  # hj: 3.8
        "harmonic": 0.6,  # hj: 0.39
        "harmonic-w": 4.0,  # hj: 3.2
        "pagerank": 40.0,  # hj: 36
        "eigenvector": 40.0,  # hj: 32
    },
    "networkit": {  # two threads
        "betweenness": 4.0,  # hj: 3.6
        "betweenness-w": 4.5,  # hj: 4.0
        "betweenness-k": 6.0,  # EstimateBetweenness; hj: 5.5
        "betweenness-k-w": 3.0,  # hj: 1.8
        "closeness": 0.3,  # hj: 0.24
        "closeness-w": 2.0,  # hj: 1.8
        "harmonic": 5.0,  # hj: 4.5
        "harmonic-w": 4.0,  # hj: 3.4
        "pagerank": 20.0,  # hj: 19
        "eigenvector": 200.0,  # hj: 197
    },
    "networkx": {
        "betweenness": 100.0,  # hj, 8 sources: 89
        "betweenness-w": 750.0,  # hj, 8 sources: 731
        "closeness": 8.0,  # hj, 8 BFS: 4.5
        "closeness-w": 450.0,  # hj, 8 Dijkstra: 403
        "harmonic": 8.0,
        "harmonic-w": 450.0,
        "pagerank": 750.0,  # hj: 710
        "eigenvector": 4500.0,  # hj: 4240
    },
}
# Peak memory of building the tool's graph, bytes per undirected edge (skip if too much).
BYTES_PER_EDGE = {"cosignet": 60.0, "igraph": 120.0, "networkit": 80.0, "networkx": 1200.0}


def work_units(measure: Measure, n: int, m: int, k: int) -> float:
    if measure.is_path:
        sources = min(k, n) if measure.sampled else n
        return float(sources) * (n + 2 * m)
    return float(2 * m + n)


def sampled_sources(n: int, k: int, seed: int) -> list[int]:
    """The sources cosignet (and NetworkX) draw for labels 0..n-1."""
    return random.Random(seed).sample(list(range(n)), k)


def betweenness_scale(n: int, sources: list[int] | None) -> np.ndarray:
    """Factor from igraph's undirected (sub)set betweenness to NetworkX's normalised one.

    igraph counts each unordered pair once; NetworkX normalises exact betweenness by
    (n-1)(n-2)/2 and, with k sampled sources, the sum of the sources' dependencies by
    k(n-2), or (k-1)(n-2) on a node that is itself a source (``networkx`` 3.5+ ``_rescale``).
    igraph's ``sources=`` betweenness is half the sum of the dependencies.
    """
    if n < 3:
        return np.zeros(n)
    if sources is None:
        return np.full(n, 2.0 / ((n - 1) * (n - 2)))
    k = len(sources)
    scale = np.full(n, 2.0 / (k * (n - 2)))
    scale[np.asarray(sources, dtype=np.int64)] = 2.0 / ((k - 1) * (n - 2)) if k > 1 else np.nan
    return scale


# --------------------------------------------------------------------------- workers
Compute = Callable[[], Any]
Post = Callable[[Any], np.ndarray]


def _component_reach(upper: Any) -> np.ndarray:
    """Size of each node's connected component (itself included)."""
    import scipy.sparse.csgraph as csgraph

    _, labels = csgraph.connected_components(upper, directed=False)
    return np.asarray(np.bincount(labels)[labels], dtype=np.int64)


def make_cosignet(
    upper: Any, measure: Measure, job: dict[str, Any], notes: list[str]
) -> tuple[Compute, Post]:
    import pandas as pd

    import cosignet as cs

    csc = importlib.import_module("cosignet.centrality")
    cs.set_num_threads(job["threads"])
    n = upper.shape[0]
    graph = cs.Graph(upper, pd.RangeIndex(n))
    start = time.perf_counter()
    _ = graph.adjacency
    notes.append(f"G.adjacency {time.perf_counter() - start:.2f} s untimed")
    weights = "strength" if measure.weighted else None
    family = measure.family
    if family == "betweenness":
        k = job["k"] if measure.sampled else None
        seed = job["seed"] if measure.sampled else None

        def compute() -> Any:
            return csc.betweenness(graph, weights=weights, k=k, seed=seed)

    elif family == "closeness":

        def compute() -> Any:
            return csc.closeness(graph, weights=weights)

    elif family == "harmonic":

        def compute() -> Any:
            return csc.harmonic(graph, weights=weights)

    elif family == "pagerank":

        def compute() -> Any:
            return csc.pagerank(graph, weights=weights)

    else:

        def compute() -> Any:
            return csc.eigenvector(graph, weights=weights)

    def post(series: Any) -> np.ndarray:
        if not series.index.equals(graph.labels):
            series = series.reindex(graph.labels)
        return np.asarray(series.to_numpy(dtype=np.float64), dtype=np.float64)

    return compute, post


def make_igraph(
    upper: Any, measure: Measure, job: dict[str, Any], notes: list[str]
) -> tuple[Compute, Post]:
    import igraph as ig

    n = upper.shape[0]
    rows, cols, weights = upper_edges(upper)
    g = ig.Graph(n=n, edges=np.column_stack([rows, cols]), directed=False)
    attribute: str | None = None
    if measure.weighted:
        if measure.is_path:
            g.es["length"] = (1.0 / weights).tolist()
            attribute = "length"
        else:
            g.es["weight"] = weights.tolist()
            attribute = "weight"
    del rows, cols, weights
    family = measure.family

    def as_array(values: Any) -> np.ndarray:
        return np.asarray(values, dtype=np.float64)

    if family == "betweenness":
        sources = sampled_sources(n, min(job["k"], n), job["seed"]) if measure.sampled else None
        scale = betweenness_scale(n, sources)
        if sources is not None:
            notes.append("same sources as cosignet")

            def compute() -> Any:
                return g.betweenness(directed=False, weights=attribute, sources=sources)

        else:

            def compute() -> Any:
                return g.betweenness(directed=False, weights=attribute)

        def post(values: Any) -> np.ndarray:
            return as_array(as_array(values) * scale)

        return compute, post
    if family == "closeness":

        def compute() -> Any:
            return g.closeness(weights=attribute, normalized=True)

        reach = _component_reach(upper)

        def post(values: Any) -> np.ndarray:
            scores = np.nan_to_num(as_array(values), nan=0.0)
            return as_array(scores * (reach - 1) / max(n - 1, 1))

        return compute, post
    if family == "harmonic":

        def compute() -> Any:
            return g.harmonic_centrality(weights=attribute, normalized=False)

        return compute, as_array
    if family == "pagerank":

        def compute() -> Any:
            return g.pagerank(directed=False, damping=DAMPING, weights=attribute)

        return compute, as_array

    def eigenvector() -> Any:
        return g.eigenvector_centrality(weights=attribute)  # directed=False fails in igraph 1.0

    def unit(values: Any) -> np.ndarray:
        scores = as_array(values)
        return as_array(scores / np.linalg.norm(scores))

    return eigenvector, unit


def make_networkit(
    upper: Any, measure: Measure, job: dict[str, Any], notes: list[str]
) -> tuple[Compute, Post]:
    import networkit as nk

    threads = job["threads"] or len(os.sched_getaffinity(0))
    nk.setNumberOfThreads(threads)
    nk.setLogLevel("ERROR")
    n = upper.shape[0]
    rows, cols, weights = upper_edges(upper)
    if measure.weighted:
        data = 1.0 / weights if measure.is_path else weights
        g = nk.GraphFromCoo((data, (rows, cols)), n=n, weighted=True, directed=False)
    else:
        g = nk.GraphFromCoo((rows, cols), n=n, weighted=False, directed=False)
    del rows, cols, weights
    central = nk.centrality
    family = measure.family

    def as_array(values: Any) -> np.ndarray:
        return np.asarray(values, dtype=np.float64)

    def run(algorithm: Any) -> Any:
        algorithm.run()
        return algorithm.scores()

    if family == "betweenness" and measure.sampled:
        nk.setSeed(job["seed"], True)
        k = min(job["k"], n)
        notes.append("EstimateBetweenness, own sources")

        def compute() -> Any:
            return run(central.EstimateBetweenness(g, k, True, threads > 1))

        return compute, as_array
    if family == "betweenness":

        def compute() -> Any:
            return run(central.Betweenness(g, True))

        return compute, as_array
    if family == "closeness":

        def compute() -> Any:
            return run(central.Closeness(g, True, central.ClosenessVariant.GENERALIZED))

        return compute, as_array
    if family == "harmonic":

        def compute() -> Any:
            return run(central.HarmonicCloseness(g, False))

        return compute, as_array
    if family == "pagerank":

        def compute() -> Any:
            algorithm = central.PageRank(g, damp=DAMPING, tol=SPECTRAL_TOL)
            algorithm.norm = central.Norm.L1_NORM
            algorithm.run()
            return algorithm.scores()

        def post(values: Any) -> np.ndarray:
            scores = as_array(values)
            return as_array(scores / scores.sum())

        return compute, post

    def eigenvector() -> Any:
        return run(central.EigenvectorCentrality(g, tol=SPECTRAL_TOL))

    def unit(values: Any) -> np.ndarray:
        scores = np.abs(as_array(values))
        return as_array(scores / np.linalg.norm(scores))

    return eigenvector, unit


def make_networkx(
    upper: Any, measure: Measure, job: dict[str, Any], notes: list[str]
) -> tuple[Compute, Post]:
    import networkx as nx

    n = upper.shape[0]
    rows, cols, weights = upper_edges(upper)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    if measure.weighted and measure.is_path:
        g.add_edges_from(
            (u, v, {"length": 1.0 / w})
            for u, v, w in zip(rows.tolist(), cols.tolist(), weights.tolist(), strict=True)
        )
        attribute: str | None = "length"
    elif measure.weighted:
        g.add_weighted_edges_from(zip(rows.tolist(), cols.tolist(), weights.tolist(), strict=True))
        attribute = "weight"
    else:
        g.add_edges_from(zip(rows.tolist(), cols.tolist(), strict=True))
        attribute = None
    del rows, cols, weights
    family = measure.family

    def compute() -> Any:
        if family == "betweenness":
            if measure.sampled:
                return nx.betweenness_centrality(
                    g, k=min(job["k"], n), seed=job["seed"], weight=attribute
                )
            return nx.betweenness_centrality(g, weight=attribute)
        if family == "closeness":
            return nx.closeness_centrality(g, distance=attribute)
        if family == "harmonic":
            return nx.harmonic_centrality(g, distance=attribute)
        if family == "pagerank":
            return nx.pagerank(g, alpha=DAMPING, weight=attribute, tol=SPECTRAL_TOL, max_iter=1000)
        return nx.eigenvector_centrality(g, max_iter=1000, tol=SPECTRAL_TOL, weight=attribute)

    def post(values: dict[int, float]) -> np.ndarray:
        return np.fromiter((values[i] for i in range(n)), dtype=np.float64, count=n)

    return compute, post


MAKERS = {
    "cosignet": make_cosignet,
    "cosignet-1": make_cosignet,
    "igraph": make_igraph,
    "networkit": make_networkit,
    "networkx": make_networkx,
}


def run_worker(job: dict[str, Any]) -> dict[str, Any]:
    """Runs one measurement in this (fresh) process and returns its numbers."""
    limit = int(_meminfo_bytes("MemAvailable") * 0.9)
    if limit > 0:  # a safety net: fail with MemoryError rather than bring the machine down
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    measure = MEASURES[job["measure"]]
    upper = load_upper(job["graph"])
    notes: list[str] = []
    start = time.perf_counter()
    compute, post = MAKERS[job["tool"]](upper, measure, job, notes)
    setup = time.perf_counter() - start
    meter = PeakMeter()
    times: list[float] = []
    cpu: list[float] = []
    peaks: list[int] = []
    absolute: list[int] = []
    scores: np.ndarray | None = None
    budget_start = time.perf_counter()
    for _ in range(job["repeat"]):
        gc.collect()
        meter.start()
        start = time.perf_counter()
        cpu_start = time.process_time()
        result = compute()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        growth, peak = meter.stop()
        peaks.append(growth)
        absolute.append(peak)
        if scores is None:
            scores = post(result)
        del result
        if time.perf_counter() - budget_start > job["budget"]:
            break
    if not meter.exact:
        notes.append("peak ~ru_maxrss")
    assert scores is not None
    np.save(job["out"], scores)
    return {
        "times": times,
        "cpu": cpu,
        "peak": max(peaks),
        "rss": max(absolute),
        "setup": setup,
        "notes": notes,
    }


# --------------------------------------------------------------------------- parent
@dataclass
class Cell:
    """One tool on one measure of one graph."""

    tool: str
    seconds: float | None = None
    runs: int = 0
    peak: int | None = None
    rss: int | None = None
    cpu_ratio: float | None = None  # CPU seconds / wall seconds of the best run
    setup: float | None = None
    scores: np.ndarray | None = None
    error: str | None = None  # why there is no time (failure, timeout, skip)
    skipped: bool = False
    notes: list[str] = field(default_factory=list)
    check: str = ""  # agreement text
    status: str = ""  # ok | ties | info | MISMATCH | ref | ""


@dataclass
class Calibration:
    """Per-tool, per-kind cost (ns per unit) from the largest measurement so far."""

    units: dict[tuple[str, str], float] = field(default_factory=dict)
    costs: dict[tuple[str, str], float] = field(default_factory=dict)

    @staticmethod
    def key(tool: str, measure: Measure) -> tuple[str, str]:
        # NetworKit samples with another algorithm (EstimateBetweenness) than it runs exactly;
        # igraph's and NetworkX's sampled betweenness is Brandes from fewer sources.
        sampled = "-k" if measure.sampled and tool == "networkit" else ""
        return tool, measure.family + sampled + measure.cost_kind[len(measure.family) :]

    def learn(self, tool: str, measure: Measure, units: float, seconds: float) -> None:
        key = self.key(tool, measure)
        if units >= self.units.get(key, 0.0):
            self.units[key] = units
            self.costs[key] = seconds * 1e9 / units

    def cost(self, tool: str, measure: Measure) -> tuple[float, str]:
        key = self.key(tool, measure)
        if key in self.costs:
            return self.costs[key], "this run"
        return REFERENCE_NS[tool][key[1]], "reference costs"


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 1:
        return f"{value:.4f}"
    return f"{value:.3f}" if value < 100 else f"{value:.1f}"


def fmt_mb(value: int | None) -> str:
    return "-" if value is None else f"{value / 1e6:,.1f}"


def estimate_skip(
    tool: str, measure: Measure, n: int, m: int, args: argparse.Namespace, calibration: Calibration
) -> str | None:
    """Why `tool` should not run `measure` on this graph, or None."""
    if tool.startswith("cosignet"):
        return None
    ns, source = calibration.cost(tool, measure)
    seconds = ns * work_units(measure, n, m, args.k) * 1e-9
    limit = args.timeout
    if tool == "networkx":  # "only where it finishes in minutes": err on the safe side
        seconds *= TIME_SAFETY
        limit = args.networkx_limit
    memory = BYTES_PER_EDGE[tool] * m * 1.2
    available = _meminfo_bytes("MemAvailable") * MEMORY_SHARE
    if memory > available:
        return f"skipped: graph needs ~{memory / 1e9:.1f} GB > {available / 1e9:.1f} GB usable"
    if seconds > limit:
        return (
            f"skipped: estimated ~{seconds:,.0f} s ({ns:.3g} ns/unit, {source}) > "
            f"{'--networkx-limit' if tool == 'networkx' else '--timeout'} {limit:.0f} s"
        )
    return None


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import spearmanr

    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return float("nan")
    return float(spearmanr(a, b).statistic)


def compare(cell: Cell, reference: Cell, measure: Measure) -> bool:
    """Fills cell.check / cell.status against the reference; False on a real mismatch."""
    a, b = cell.scores, reference.scores
    assert a is not None
    assert b is not None
    if a.shape != b.shape:
        cell.status, cell.check = "MISMATCH", f"{a.size} scores vs {b.size}"
        return False
    rho = spearman(a, b)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        bad = int((~np.isfinite(a)).sum() + (~np.isfinite(b)).sum())
        cell.status, cell.check = "MISMATCH", f"{bad} non-finite scores"
        return False
    scale = float(np.max(np.abs(b))) or 1.0
    rel = float(np.max(np.abs(a - b))) / scale
    pair = {cell.tool, reference.tool}
    if measure.sampled and "networkit" in pair:
        cell.status = "info"
        cell.check = f"other sources: rho {rho:.4f}, max rel {rel:.2g}"
        return True
    tolerance = PATH_TOLERANCE if measure.is_path else SPECTRAL_TOLERANCE
    if rel <= tolerance:
        cell.status, cell.check = "ok", f"max rel {rel:.1e}"
        return True
    if measure.family == "betweenness" and measure.weighted and "igraph" in pair:
        cell.status = "ties"
        cell.check = f"max rel {rel:.2g}, rho {rho:.6f} (igraph's epsilon ties)"
        return True
    cell.status = "MISMATCH"
    worst = int(np.argmax(np.abs(a - b)))
    cell.check = (
        f"max rel {rel:.3g} > {tolerance:g}, rho {rho:.6f}; worst node {worst}: "
        f"{a[worst]:.10g} vs {b[worst]:.10g} ({TOOL_LABELS[reference.tool]})"
    )
    return False


def reference_order(measure: Measure) -> tuple[str, ...]:
    if measure.sampled:
        return ("cosignet", "cosignet-1", "networkx", "igraph", "networkit")
    return ("cosignet", "cosignet-1", "networkx", "networkit", "igraph")


def bench_graph(
    name: str,
    measures: list[Measure],
    tools: list[str],
    args: argparse.Namespace,
    workdir: Path,
    calibration: Calibration,
    summary: list[str],
) -> bool:
    """Runs and prints one graph; returns False on a mismatch or a cosignet failure."""
    source = graph_source(name)
    if source is not None and not source.is_file():
        print(f"\n== {name}: skipped, {source} not found ==")
        return True
    built = build_graph(name, args.seed)
    stats = graph_stats(built.upper)
    path = workdir / f"{name}.npz"
    save_graph(built, path)
    n, m = stats["nodes"], stats["edges"]
    origin = built.origin
    del built
    print(
        f"\n== {name}: {n:,} nodes, {m:,} edges; {stats['components']:,} components "
        f"(largest {stats['largest_component']:,}, {stats['isolated']:,} isolated); degree "
        f"mean {stats['mean_degree']:.0f}, max {stats['max_degree']:,}; weight "
        f"{stats['weight_min']:g}..{stats['weight_max']:g}, mean {stats['weight_mean']:.2f} =="
    )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"   {origin}; load {load}")

    ok = True
    results: dict[str, dict[str, Cell]] = {}
    for measure in measures:
        row: dict[str, Cell] = {}
        results[measure.key] = row
        for tool in tools:
            cell = Cell(tool)
            row[tool] = cell
            reason = estimate_skip(tool, measure, n, m, args, calibration)
            if reason is not None:
                cell.error, cell.skipped = reason, True
                continue
            out = workdir / f"{name}-{measure.key}-{tool}.npy"
            job = {
                "tool": tool,
                "measure": measure.key,
                "graph": str(path),
                "threads": 1 if tool == "cosignet-1" else args.threads,
                "repeat": args.repeat,
                "budget": args.budget,
                "k": args.k,
                "seed": args.seed,
                "out": str(out),
            }
            progress(f"{name}: {measure_title(measure, args)} with {TOOL_LABELS[tool]}")
            result = run_child(job, args.timeout, __file__)
            if "error" in result:
                cell.error = f"FAILED: {result['error']}"
                if tool.startswith("cosignet"):
                    ok = False
                continue
            times = result["times"]
            best = int(np.argmin(times))
            cell.seconds, cell.runs = times[best], len(times)
            cell.cpu_ratio = result["cpu"][best] / max(times[best], 1e-9)
            cell.peak, cell.rss, cell.setup = result["peak"], result["rss"], result["setup"]
            cell.notes = list(result["notes"])
            if max(times) > 1.5 * min(times):
                cell.notes.append(f"runs {min(times):.3g}-{max(times):.3g} s")
            cell.scores = np.load(out)
            out.unlink()
            calibration.learn(tool, measure, work_units(measure, n, m, args.k), cell.seconds)
        ok &= check_row(measure, row)

    print_main_table(results, measures, tools, args)
    print_detail_table(results, measures, tools, args)
    summary.extend(f"   {name:<10}{line[len('   target') :]}" for line in print_targets(results))
    return ok


def check_row(measure: Measure, row: dict[str, Cell]) -> bool:
    reference = next(
        (row[t] for t in reference_order(measure) if t in row and row[t].scores is not None),
        None,
    )
    if reference is None:
        return True
    reference.status = "ref"
    reference.check = "reference"
    ok = True
    for cell in row.values():
        if cell is reference or cell.scores is None:
            continue
        if not compare(cell, reference, measure):
            ok = False
            print(
                "   " + "!" * 80 + f"\n   !!! MISMATCH {measure.key}: {TOOL_LABELS[cell.tool]} vs "
                f"{TOOL_LABELS[reference.tool]}: {cell.check}\n   " + "!" * 80
            )
    return ok


def measure_title(measure: Measure, args: argparse.Namespace) -> str:
    return measure.title.format(k=args.k)


def print_main_table(
    results: dict[str, dict[str, Cell]],
    measures: list[Measure],
    tools: list[str],
    args: argparse.Namespace,
) -> None:
    peers = [t for t in tools if t != "cosignet"]
    header = f"   {'measure':<28} {'cosignet s':>10}"
    for tool in peers:
        header += f" {TOOL_LABELS[tool] + ' s':>14} {'x':>6}"
    header += "  agreement"
    print()
    print(header)
    print("   " + "-" * (len(header) - 3))
    for measure in measures:
        row = results[measure.key]
        base = row["cosignet"].seconds if "cosignet" in row else None
        line = f"   {measure_title(measure, args):<28} {cell_seconds(row['cosignet']):>10}"
        for tool in peers:
            cell = row[tool]
            ratio = "-"
            if base and cell.seconds is not None:
                ratio = f"{cell.seconds / base:.2f}"
            line += f" {cell_seconds(cell):>14} {ratio:>6}"
        agreement = [
            f"{TOOL_LABELS[c.tool]} {c.status}"
            for c in row.values()
            if c.status and c.status != "ref"
        ]
        line += "  " + (", ".join(agreement) if agreement else "-")
        print(line)
    print("   x = peer seconds / cosignet seconds (above 1: cosignet is faster)")


def cell_seconds(cell: Cell) -> str:
    if cell.seconds is not None:
        return fmt_seconds(cell.seconds)
    if cell.error is None:
        return "-"
    if cell.skipped:
        return "skipped"
    return "timeout" if "timed out" in cell.error else "FAILED"


def print_detail_table(
    results: dict[str, dict[str, Cell]],
    measures: list[Measure],
    tools: list[str],
    args: argparse.Namespace,
) -> None:
    header = (
        f"   {'measure':<28} {'tool':<13} {'runs':>4} {'seconds':>9} {'+peak MB':>9} "
        f"{'max RSS MB':>10} {'cpu/wall':>8}  agreement / note"
    )
    print()
    print(header)
    print("   " + "-" * (len(header) - 3))
    for measure in measures:
        for tool in tools:
            cell = results[measure.key][tool]
            notes = ([cell.check] if cell.check else []) + cell.notes
            if cell.setup is not None:
                notes.append(f"build {cell.setup:.2f} s untimed")
            if cell.error is not None:
                notes = [cell.error]
            cpu_ratio = "-" if cell.cpu_ratio is None else f"{cell.cpu_ratio:.2f}"
            print(
                f"   {measure_title(measure, args):<28} {TOOL_LABELS[tool]:<13} "
                f"{cell.runs or '-':>4} {fmt_seconds(cell.seconds):>9} {fmt_mb(cell.peak):>9} "
                f"{fmt_mb(cell.rss):>10} {cpu_ratio:>8}  {'; '.join(notes)}"
            )


TARGETS: tuple[tuple[str, str, float], ...] = (
    ("betweenness", "igraph", 1.8),
    ("betweenness", "networkit", 1.0),
    ("betweenness-w", "igraph", 1.8),
    ("betweenness-w", "networkit", 1.0),
    ("pagerank", "igraph", 2.0),
    ("eigenvector", "igraph", 2.0),
)


def print_targets(results: dict[str, dict[str, Cell]]) -> list[str]:
    """Prints whether cosignet meets its targets on this graph; returns the lines."""
    lines = []
    for key, peer, factor in TARGETS:
        if key not in results:
            continue
        row = results[key]
        title = MEASURES[key].title
        want = f"{title}: {TOOL_LABELS[peer]} / cosignet >= {factor:g}"
        base = row["cosignet"].seconds if "cosignet" in row else None
        other = row[peer].seconds if peer in row else None
        if base is None or other is None:
            why = "cosignet" if base is None else TOOL_LABELS[peer]
            lines.append(f"   target {want}: not measured ({why} has no time)")
            continue
        ratio = other / base
        verdict = "MET" if ratio >= factor else "NOT MET"
        lines.append(f"   target {want}: {ratio:.2f} -> {verdict}")
    if lines:
        print()
        print("\n".join(lines))
    return lines


def machine_header(args: argparse.Namespace, tools: list[str]) -> None:
    import igraph
    import networkit
    import networkx
    import scipy

    import cosignet as cs

    cs.set_num_threads(args.threads)
    model = cpu_model()
    usable = len(os.sched_getaffinity(0))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print("cosignet centrality benchmark")
    print(
        f"  machine   {model}, {os.cpu_count()} cores ({usable} usable), "
        f"{_meminfo_bytes('MemTotal') / 2**30:.1f} GiB RAM "
        f"({_meminfo_bytes('MemAvailable') / 2**30:.1f} GiB available), load {load}"
    )
    print(
        f"  software  Python {platform.python_version()}, cosignet {cs.__version__}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, igraph {igraph.__version__}, "
        f"networkit {networkit.__version__}, networkx {networkx.__version__}"
    )
    threads = cs.get_num_threads()
    print(
        f"  threads   cosignet {threads}, NetworKit {threads}, igraph and NetworkX 1; "
        f"repo {git_revision()}; core {core_stamp()}"
    )
    print(
        f"  settings  repeat {args.repeat} (budget {args.budget:g} s), timeout "
        f"{args.timeout:g} s, NetworkX limit {args.networkx_limit:g} s, k {args.k}, "
        f"seed {args.seed}; tools {', '.join(TOOL_LABELS[t] for t in tools)}"
    )


def parse_measures(text: str, parser: argparse.ArgumentParser) -> list[Measure]:
    keys: list[str] = []
    for item in (x.strip() for x in text.split(",")):
        if not item:
            continue
        if item in MEASURE_GROUPS:
            keys.extend(MEASURE_GROUPS[item])
        elif item in MEASURES:
            keys.append(item)
        else:
            parser.error(
                f"unknown measure {item!r}; choose from {', '.join(MEASURES)} or the groups "
                f"{', '.join(MEASURE_GROUPS)}"
            )
    return [MEASURES[key] for key in MEASURES if key in keys]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--graphs", default=",".join(GRAPH_NAMES), help="comma-separated: hj, senate116, synthetic"
    )
    parser.add_argument(
        "--measures",
        default="all",
        help=f"comma-separated keys ({', '.join(MEASURES)}) or groups "
        f"({', '.join(MEASURE_GROUPS)}); default all",
    )
    parser.add_argument(
        "--peers", default=",".join(PEERS), help="comma-separated: igraph, networkit, networkx"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="threads for cosignet and NetworKit (0: all cores, the default)",
    )
    parser.add_argument(
        "--single-thread", action="store_true", help="also time cosignet on one thread"
    )
    add_repeat_options(
        parser, "seconds before a measurement is killed; peers estimated slower are skipped"
    )
    parser.add_argument(
        "--networkx-limit",
        type=float,
        default=300.0,
        help="skip NetworkX where its estimated time is above this (default 300 s)",
    )
    parser.add_argument("--k", type=int, default=256, help="sources of sampled betweenness")
    parser.add_argument(
        "--seed", type=int, default=20240600, help="seed of the synthetic graph and the sampling"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker_main(args.worker, run_worker)
        return 0
    if args.threads < 0 or args.repeat < 1 or args.k < 2:
        parser.error("--threads must be >= 0, --repeat >= 1 and --k >= 2")
    names = parse_choices(parser, args.graphs, GRAPH_NAMES, "graphs")
    peers = parse_choices(parser, args.peers, PEERS, "peers")
    measures = parse_measures(args.measures, parser)
    if not measures:
        parser.error("no measures selected")

    tools = ["cosignet"]
    if args.single_thread and (args.threads != 1):
        tools.append("cosignet-1")
    tools += [p for p in PEERS if p in peers]
    machine_header(args, tools)
    if importlib.util.find_spec("cosignet.centrality") is None:
        print("\n!!! cosignet.centrality is not importable: cosignet rows will fail")
    installed = core_stamp()
    calibration = Calibration()
    ok = True
    summary: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cosignet-centrality-") as workdir:
        for name in sorted(names, key=list(GRAPH_NAMES).index):
            ok &= bench_graph(name, measures, tools, args, Path(workdir), calibration, summary)
    if summary:
        print("\n== targets ==")
        print("\n".join(summary))
    if core_stamp() != installed:
        print(f"\n!!! cosignet was reinstalled during the run ({core_stamp()}): rerun")
        ok = False
    if not ok:
        print("\n!!! at least one mismatch or cosignet failure: see above")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
