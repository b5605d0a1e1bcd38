"""Measure the per-unit costs behind ``cosignet.plan`` (not a test).

Every step of ``cs.analyze`` is timed on generated graphs and divided by its work units (pair
contributions, ties, ties x iterations, sources x ties, nodes^2 x iterations, ...). The script
prints the figures as the ``UNIT_COSTS`` mapping of ``python/cosignet/plan.py`` (the larger
of the two graphs' figures, rounded up), to paste there with the date and the load.

Usage::

    python benchmarks/plan_costs.py [--scale 1.0] [--threads 2]
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import cosignet as cs
from cosignet import centrality, community, layout, plan
from cosignet._edges import edge_table
from projection import Synthetic, synthetic_incidence


def seconds(work: Callable[[], Any], repeat: int = 1) -> float:
    best = math.inf
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def corpus_of(matrix: Any) -> cs.Corpus:
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    frame = pd.DataFrame(
        {"letter": [f"L{r}" for r in rows], "signer": [f"Signer {c}" for c in matrix.indices]}
    )
    return cs.Corpus.from_frame(frame, letter="letter", signer="signer")


def measure(spec: Synthetic, seed: int, small: bool) -> dict[str, float]:
    B = cs.Bipartite(synthetic_incidence(spec, seed))
    pc = B.pair_contributions()
    G = B.project()
    n, m = G.n_nodes, G.n_edges
    print(f"  {spec}: {n:,} nodes, {m:,} ties, {pc:,} pair contributions", flush=True)
    costs: dict[str, float] = {}
    costs["project"] = seconds(lambda: B.project(), 2) / pc
    costs["projection_size"] = seconds(lambda: B.projection_size(), 2) / pc
    fresh = B.project()
    costs["adjacency"] = seconds(lambda: fresh.adjacency) / m
    G.adjacency  # noqa: B018  (built once, as in analyze)
    it = plan.ITERATIONS
    costs["pagerank"] = seconds(lambda: centrality.pagerank(G), 2) / (m * it["pagerank"])
    costs["eigenvector"] = seconds(lambda: centrality.eigenvector(G), 2) / (m * it["eigenvector"])
    x = centrality.eigenvector(G).to_numpy()
    alpha = 0.5 / float(x @ (G.adjacency @ x))
    costs["katz"] = seconds(lambda: centrality.katz(G, alpha=alpha), 1) / (m * it["katz"])
    costs["louvain"] = seconds(lambda: community.louvain(G, seed=0)) / m
    k = 4 if not small else 64
    costs["betweenness"] = seconds(lambda: centrality.betweenness(G, k=k, seed=0)) / (k * m)
    if small:
        costs["closeness"] = seconds(lambda: centrality._path_sums(G, "strength")) / (n * m)
        degrees = G.degree_array().astype(np.float64)
        costs["structural_holes"] = seconds(lambda: centrality.constraint(G)) / float(
            (degrees**2).sum()
        )
    costs["backbone"] = seconds(lambda: cs.backbone.sdsm(B, correction="none")) / pc
    costs["disparity"] = seconds(lambda: cs.backbone.disparity(G, correction="none")) / m
    actors = pd.DataFrame({"name": G.labels}, index=G.labels)
    costs["edge_table"] = seconds(lambda: edge_table(G, B, actors, None, None, None, "count")) / m
    edges = edge_table(G, B, actors, None, None, None, "count")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        from cosignet import _output

        costs["csv"] = (
            seconds(lambda: _output.write_csv(edges, path / "e.csv", index=False, safe=True)) / m
        )
        for fmt in ("graphml", "gexf", "json"):
            costs[fmt] = seconds(lambda fmt=fmt: G.write(path / f"g.{fmt}")) / m
    print(f"  {costs}", flush=True)
    return costs


def measure_fixed() -> dict[str, float]:
    """Costs per signature (resolve, incidence) and per node pair of the layout."""
    costs: dict[str, float] = {}
    matrix = synthetic_incidence(Synthetic(4_000, 30_000, 25.0), 7)
    corpus = corpus_of(matrix)
    n_signatures = matrix.nnz
    resolved = corpus.resolve()
    costs["resolve"] = seconds(lambda: corpus.resolve()) / n_signatures
    costs["incidence"] = seconds(lambda: resolved.incidence()) / n_signatures
    G = cs.Bipartite(synthetic_incidence(Synthetic(400, 1_500, 20.0), 3)).project()
    iterations = 20
    costs["layout"] = seconds(lambda: layout.spring_layout(G, iterations=iterations)) / (
        G.n_nodes**2 * iterations
    )
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--threads", type=int, default=2)
    arguments = parser.parse_args()
    cs.set_num_threads(arguments.threads)
    s = arguments.scale
    print(f"load {os.getloadavg()[0]:.1f}, {arguments.threads} threads", flush=True)
    small = measure(Synthetic(int(1_500 * s), int(3_000 * s), 30.0), 1, small=True)
    large = measure(Synthetic(int(8_000 * s), int(60_000 * s), 40.0), 2, small=False)
    fixed = measure_fixed()
    merged = {**small}
    for key, value in large.items():
        merged[key] = max(merged.get(key, 0.0), value)
    merged.update(fixed)
    print(f"load {os.getloadavg()[0]:.1f}")
    print("UNIT_COSTS = {")
    for key in sorted(merged):
        print(f'    "{key}": {merged[key]:.3g},  # small {small.get(key, float("nan")):.3g}, '
              f'large {large.get(key, float("nan")):.3g}')  # fmt: skip
    print("}")


if __name__ == "__main__":
    main()
