"""Benchmark: cosignet's Louvain and Leiden side by side with igraph, NetworKit and NetworkX.

Not a test: it prints, per graph and method, the best time over a few seeded runs, the best
modularity they reach (all scored by one function, ``cosignet.community.modularity``), the
child's peak memory, and whether cosignet meets its target: at least as fast as igraph's
``community_multilevel`` with modularity no lower.

Usage::

    python benchmarks/community.py [--graphs hj,synthetic] [--runs 10] [--threads N]
                                   [--nodes 200000] [--timeout 900]

Graphs
------
- ``hj``: Fowler's House joint resolutions projected onto the legislators (1,489 nodes,
  422,906 edges, weights = shared bills; ``benchmarks/centrality_graphs.py``);
- ``synthetic``: a seeded planted partition of ``--nodes`` nodes (default 200,000) in groups
  of 1,000, each node with 16 ties inside its group and 4 outside on average (unweighted,
  about 2M edges). The planted groups are known, so the table adds the normalised mutual
  information (NMI) with them.

Methods
-------
======================= =============================================================
cosignet louvain        ``cs.community.louvain(G, seed=s)``
cosignet leiden         ``cs.community.leiden(G, seed=s)``
igraph multilevel       ``g.community_multilevel(weights="weight")`` (igraph's Louvain;
                        it draws its own order, unseeded)
igraph leiden           ``g.community_leiden(objective_function="modularity",
                        weights="weight", n_iterations=-1)``
networkit plm           ``PLM(G, refine=True)`` (parallel Louvain with refinement)
networkit leiden        ``ParallelLeiden(G)``
networkx louvain        ``louvain_communities(G, weight="weight", seed=s)`` (HJ only:
                        on the synthetic graph it would take far longer than the rest)
======================= =============================================================

Method
------
Each (graph, method) runs in a fresh subprocess: it loads the graph from an ``.npz`` the
parent wrote, builds its tool's graph (untimed), then runs the method ``--runs`` times with
seeds 0, 1, ... (timing each) and reports the fastest time and the highest modularity.
cosignet and NetworKit use ``--threads`` threads (default: all cores); igraph and NetworkX
are single-threaded. Peak memory is the child's maximum resident set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

METHODS = (
    ("cosignet", "louvain"),
    ("cosignet", "leiden"),
    ("igraph", "multilevel"),
    ("igraph", "leiden"),
    ("networkit", "plm"),
    ("networkit", "leiden"),
    ("networkx", "louvain"),
)
GROUP_SIZE = 1_000
INSIDE_DEGREE = 16
OUTSIDE_DEGREE = 4


# ---------------------------------------------------------------------- graphs


def planted_partition(n: int, seed: int) -> tuple[sp.csr_array, np.ndarray]:
    """Upper triangle of a seeded planted-partition graph, and the planted groups."""
    rng = np.random.default_rng(seed)
    n_groups = max(1, n // GROUP_SIZE)
    groups = rng.integers(0, n_groups, size=n)
    order = np.argsort(groups, kind="stable")
    starts = np.searchsorted(groups[order], np.arange(n_groups))
    ends = np.searchsorted(groups[order], np.arange(n_groups), side="right")
    inside = n * INSIDE_DEGREE // 2
    u = rng.integers(0, n, size=inside)
    g = groups[u]
    v = order[starts[g] + (rng.random(inside) * (ends[g] - starts[g])).astype(np.int64)]
    outside = n * OUTSIDE_DEGREE // 2
    s = np.concatenate([u, rng.integers(0, n, size=outside)])
    t = np.concatenate([v, rng.integers(0, n, size=outside)])
    keep = s != t
    low, high = np.minimum(s[keep], t[keep]), np.maximum(s[keep], t[keep])
    upper = sp.csr_array((np.ones(len(low)), (low, high)), shape=(n, n))
    upper.sum_duplicates()
    upper.data[:] = 1.0
    return upper, groups


def build(name: str, nodes: int, folder: Path) -> Path | None:
    path = folder / f"{name}.npz"
    if name == "hj":
        from centrality_graphs import build_graph, graph_source

        if graph_source("hj") is None:
            print("  hj: Fowler's data not found beside the repository; skipped")
            return None
        upper = build_graph("hj", 0).upper
        groups = np.zeros(0, dtype=np.int64)
    else:
        upper, groups = planted_partition(nodes, seed=2026)
    upper = sp.csr_array(upper)
    np.savez(
        path,
        indptr=upper.indptr,
        indices=upper.indices,
        data=upper.data,
        n=upper.shape[0],
        groups=groups,
    )
    return path


def load(path: str) -> tuple[sp.csr_array, np.ndarray]:
    stored = np.load(path)
    n = int(stored["n"])
    upper = sp.csr_array((stored["data"], stored["indices"], stored["indptr"]), shape=(n, n))
    return upper, stored["groups"]


# ---------------------------------------------------------------------- one measurement


def run_method(tool: str, method: str, upper: sp.csr_array, runs: int, threads: int) -> dict:
    """Build the tool's graph (untimed), run the method `runs` times; times and memberships."""
    rows, cols = upper.nonzero()
    weights = upper.data
    n = upper.shape[0]
    runners: list[Any] = []
    if tool == "cosignet":
        import cosignet as cs

        cs.set_num_threads(threads or None)
        G = cosignet_graph(upper)
        G.adjacency  # noqa: B018 - built once, untimed, as the other tools build theirs
        find = cs.community.louvain if method == "louvain" else cs.community.leiden
        runners = [lambda s: find(G, seed=s).to_numpy()]
    elif tool == "igraph":
        import igraph as ig

        g = ig.Graph(n=n, edges=np.column_stack([rows, cols]).tolist())
        g.es["weight"] = weights.tolist()
        if method == "multilevel":
            runners = [lambda s: np.array(g.community_multilevel(weights="weight").membership)]
        else:
            runners = [
                lambda s: np.array(
                    g.community_leiden(
                        objective_function="modularity", weights="weight", n_iterations=-1
                    ).membership
                )
            ]
    elif tool == "networkit":
        import networkit as nk

        nk.setNumberOfThreads(threads or os.cpu_count() or 1)
        g = nk.graph.Graph(n, weighted=True)
        g.addEdges((weights, (rows, cols)))

        def networkit_run(s: int) -> np.ndarray:
            nk.engineering.setSeed(s, True)
            algo = (
                nk.community.PLM(g, refine=True)
                if method == "plm"
                else nk.community.ParallelLeiden(g)
            )
            algo.run()
            return np.array(algo.getPartition().getVector())

        runners = [networkit_run]
    else:
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_weighted_edges_from(zip(rows.tolist(), cols.tolist(), weights.tolist(), strict=True))

        def networkx_run(s: int) -> np.ndarray:
            membership = np.empty(n, dtype=np.int64)
            for code, community in enumerate(nx.community.louvain_communities(g, seed=s)):
                membership[list(community)] = code
            return membership

        runners = [networkx_run]
    times, memberships = [], []
    for seed in range(runs):
        started = time.perf_counter()
        membership = runners[0](seed)
        times.append(time.perf_counter() - started)
        memberships.append(membership)
    return {"times": times, "memberships": memberships}


def worker(raw: str) -> None:
    job = json.loads(raw)
    upper, _ = load(job["graph"])
    result = run_method(job["tool"], job["method"], upper, job["runs"], job["threads"])
    np.savez(job["out"], times=result["times"], memberships=np.array(result["memberships"]))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_mb": peak_kb / 1024}))


# ---------------------------------------------------------------------- scoring and report


def cosignet_graph(upper: sp.csr_array) -> Any:
    """A ``cs.Graph`` over the upper triangle, nodes labelled 0 .. n - 1."""
    import pandas as pd

    import cosignet as cs
    from cosignet._sparse import wrap_csr

    n = upper.shape[0]
    csr = sp.csr_array(upper)
    indptr, indices = csr.indptr.astype(np.int64), csr.indices.astype(np.int64)
    matrix = wrap_csr(indptr, indices, csr.data.astype(np.float64), (n, n))
    return cs.Graph(matrix, pd.RangeIndex(n))


def modularity_of(upper: sp.csr_array, membership: np.ndarray) -> float:
    import pandas as pd

    import cosignet as cs

    G = cosignet_graph(upper)
    return cs.community.modularity(G, pd.Series(membership, index=G.labels))


def nmi(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised mutual information (arithmetic mean of the entropies, natural log)."""
    _, a = np.unique(a, return_inverse=True)
    _, b = np.unique(b, return_inverse=True)
    joint = sp.csr_array((np.ones(len(a)), (a, b))).toarray() / len(a)
    pa, pb = joint.sum(axis=1), joint.sum(axis=0)
    nz = joint > 0
    mutual = float((joint[nz] * np.log(joint[nz] / np.outer(pa, pb)[nz])).sum())

    def entropy(p: np.ndarray) -> float:
        return float(-(p[p > 0] * np.log(p[p > 0])).sum())

    denominator = (entropy(pa) + entropy(pb)) / 2
    return mutual / denominator if denominator > 0 else 1.0


def bench(name: str, path: Path, args: argparse.Namespace, folder: Path) -> dict:
    upper, groups = load(str(path))
    print(f"\n== {name}: {upper.shape[0]:,} nodes, {upper.nnz:,} edges")
    rows = {}
    for tool, method in METHODS:
        if tool == "networkx" and name != "hj":
            print(f"  networkx louvain: skipped on {name} (pure Python; hours at this size)")
            continue
        out = folder / f"{name}-{tool}-{method}.npz"
        job = {
            "tool": tool,
            "method": method,
            "graph": str(path),
            "runs": args.runs if tool != "networkx" else 1,
            "threads": args.threads,
            "out": str(out),
        }
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--worker", json.dumps(job)],
                capture_output=True,
                text=True,
                timeout=args.timeout,
                check=True,
            )
        except subprocess.TimeoutExpired:
            print(f"  {tool} {method}: over {args.timeout:.0f} s, stopped")
            continue
        except subprocess.CalledProcessError as error:
            print(f"  {tool} {method}: failed: {error.stderr.strip().splitlines()[-1:]}")
            continue
        peak = json.loads(done.stdout.strip().splitlines()[-1])["peak_mb"]
        stored = np.load(out)
        scores = [modularity_of(upper, m) for m in stored["memberships"]]
        best = int(np.argmax(scores))
        rows[(tool, method)] = {
            "time": float(min(stored["times"])),
            "modularity": float(scores[best]),
            "communities": len(np.unique(stored["memberships"][best])),
            "nmi": nmi(groups, stored["memberships"][best]) if len(groups) else None,
            "peak_mb": peak,
        }
        print(f"  {tool} {method}: done", flush=True)
    report(name, rows)
    return rows


def report(name: str, rows: dict) -> None:
    reference = rows.get(("igraph", "multilevel"))
    header = f"{'method':<20}{'best s':>10}{'vs igraph ML':>14}{'modularity':>13}{'groups':>8}"
    header += f"{'NMI':>8}{'peak MB':>10}"
    print(f"\n{name}\n{header}\n{'-' * len(header)}")
    for (tool, method), row in rows.items():
        ratio = f"{reference['time'] / row['time']:.2f}x" if reference else "-"
        nmi_text = f"{row['nmi']:.4f}" if row["nmi"] is not None else "-"
        print(
            f"{tool + ' ' + method:<20}{row['time']:>10.3f}{ratio:>14}"
            f"{row['modularity']:>13.6f}{row['communities']:>8}{nmi_text:>8}"
            f"{row['peak_mb']:>10.0f}"
        )
    if reference:
        for method in ("louvain", "leiden"):
            row = rows.get(("cosignet", method))
            if row is None:
                continue
            fast = row["time"] <= reference["time"]
            good = row["modularity"] >= reference["modularity"] - 1e-12
            verdict = "met" if fast and good else "NOT met"
            print(
                f"target (cosignet {method} at least as fast as igraph multilevel, "
                f"modularity no lower): {verdict} "
                f"({reference['time'] / row['time']:.2f}x, "
                f"{row['modularity'] - reference['modularity']:+.2e})"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graphs", default="hj,synthetic")
    parser.add_argument("--runs", type=int, default=10, help="seeded runs per method (best)")
    parser.add_argument("--threads", type=int, default=0, help="0: all cores")
    parser.add_argument("--nodes", type=int, default=200_000, help="synthetic graph size")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; threads: {args.threads or 'all'}; runs: {args.runs}"
    )
    with tempfile.TemporaryDirectory(prefix="cosignet-community-") as tmp:
        folder = Path(tmp)
        for name in args.graphs.split(","):
            path = build(name, args.nodes, folder)
            if path is not None:
                bench(name, path, args, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
