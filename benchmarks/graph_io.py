"""Benchmark: writing graph files with cosignet, NetworkX and igraph side by side.

Not a test: it prints, per graph size and format, the seconds, ties per second, peak memory
and file size of each writer, and the ratios peer / cosignet.

Usage::

    python benchmarks/graph_io.py [--ties 300000,3000000] [--formats graphml,gexf,json]
                                  [--tools cosignet,networkx,igraph] [--repeat 3]
                                  [--budget 60] [--timeout 900] [--seed 0]

Run from the repository with the built package importable (e.g. ``PYTHONPATH=python``).

Graphs
------
Generated, seeded: ``ties`` distinct random pairs among ``max(1000, ties // 75)`` actors
(4,000 actors for 300,000 ties, mean degree 150, as in a co-signature network), labelled
with names such as ``"Şakalienė Chow 17"`` (a few contain ``&``, ``<`` or a quote, so the
escaping is exercised), weights 1, 2, 3, ... (geometric: co-signature counts), node
attributes ``n_letters`` (int) and ``country`` (text). Each size is written twice:

- ``plain``: the weighted graph of a projection;
- ``edge data``: a backbone's columns besides the weight: ``observed`` (int),
  ``expected`` (random float) and ``pvalue`` (random float in [0, 1): 17 significant
  digits each, the slowest numbers to write).

What is timed
-------------
- ``cosignet``: ``G.write(path)`` (GraphML, GEXF 1.3 or node-link JSON), atomic write and
  fsync included;
- ``networkx``: ``nx.write_graphml(g, path)``, ``nx.write_gexf(g, path)`` and
  ``json.dump(nx.node_link_data(g, edges="edges"), file)`` on ``G.to_networkx()``;
- ``igraph``: ``g.write_graphml(path)`` on ``G.to_igraph()`` (GraphML only: igraph writes
  no GEXF, and its JSON is not node-link).

Building the graph and converting it to NetworkX or igraph are not timed.

Method
------
Every measurement runs in a fresh subprocess (the runner of ``benchmarks/projection.py``),
killed after ``--timeout`` seconds; it builds the graph, then writes the file up to
``--repeat`` times, fewer once ``--budget`` seconds are spent; ``seconds`` is the best run.
``+peak MB`` is the growth of the resident set during the write (``VmHWM`` reset through
``/proc/self/clear_refs`` just before), ``file MB`` the size written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from projection import (
    PeakMeter,
    add_repeat_options,
    cpu_model,
    fmt_mb,
    git_revision,
    parse_choices,
    progress,
    run_child,
    worker_main,
)

FORMATS = ("graphml", "gexf", "json")
TOOLS = ("cosignet", "networkx", "igraph")
DATA = ("plain", "edge data")

GIVEN = ["Anna", "Bilal", "Chen", "Dolkun", "Elif", "Şakalienė", "Gulchehra", "Hiroshi", "Inès"]
FAMILY = ["Abbas", "Berg", "Chow", "Grün", "Müller & Söhne", "O'Connor", "Lee <Jr>", "Nowak"]
COUNTRIES = ["UK", "DE", "TW", "HK", "FR", "US", "JP", "Česko", None]


def make_graph(ties: int, with_data: bool, seed: int) -> Any:
    """The seeded benchmark graph: `ties` distinct pairs, weights, node and edge columns."""
    import cosignet as cs
    from cosignet._sparse import wrap_csr

    rng = np.random.default_rng(seed)
    n = max(1000, ties // 75)
    drawn = np.unique(
        np.minimum(a := rng.integers(0, n, 2 * ties), b := rng.integers(0, n, 2 * ties)) * n
        + np.maximum(a, b)
    )
    drawn = drawn[drawn // n != drawn % n]
    keys = np.sort(rng.choice(drawn, size=ties, replace=False))
    rows, cols = keys // n, keys % n
    indptr = np.searchsorted(rows, np.arange(n + 1)).astype(np.int64)
    weights = rng.geometric(0.4, ties).astype(np.float64)
    upper = wrap_csr(indptr, cols.astype(np.int64), weights, (n, n))
    labels = pd.Index(
        [f"{GIVEN[i % len(GIVEN)]} {FAMILY[i // len(GIVEN) % len(FAMILY)]} {i}" for i in range(n)]
    )
    nodes = pd.DataFrame(
        {
            "n_letters": rng.integers(1, 50, n),
            "country": pd.Series(rng.choice(np.array(COUNTRIES, dtype=object), n)),
        }
    ).set_index(labels)
    edge_data = None
    if with_data:
        edge_data = pd.DataFrame(
            {
                "observed": weights.astype(np.int64),
                "expected": rng.random(ties) * 3,
                "pvalue": rng.random(ties),
            }
        )
    return cs.Graph(upper, labels, nodes, edge_data)


def run_worker(job: dict[str, Any]) -> dict[str, Any]:
    """One measurement in this (fresh) process: build, convert, then time the writes."""
    graph = make_graph(job["ties"], job["data"] == "edge data", job["seed"])
    tool, fmt = job["tool"], job["format"]
    folder = Path(job["folder"])
    path = folder / f"{tool}.{fmt}"
    if tool == "cosignet":
        import cosignet as cs

        cs.set_num_threads(1)

        def write() -> None:
            graph.write(path)

    elif tool == "networkx":
        import networkx as nx

        g = graph.to_networkx()
        del graph
        writers = {
            "graphml": lambda: nx.write_graphml(g, path),
            "gexf": lambda: nx.write_gexf(g, path),
            "json": lambda: path.write_text(
                json.dumps(nx.node_link_data(g, edges="edges")), encoding="utf-8"
            ),
        }
        write = writers[fmt]
    else:
        g = graph.to_igraph()
        del graph

        def write() -> None:
            g.write_graphml(str(path))

    best = float("inf")
    runs = peak = 0
    spent = 0.0
    while runs < job["repeat"] and (runs == 0 or spent < job["budget"]):
        meter = PeakMeter()
        meter.start()
        start = time.perf_counter()
        write()
        seconds = time.perf_counter() - start
        grown, _ = meter.stop()
        best = min(best, seconds)
        peak = max(peak, grown)
        spent += seconds
        runs += 1
    size = path.stat().st_size
    path.unlink()
    return {"seconds": best, "runs": runs, "peak": peak, "bytes": size}


@dataclass
class Result:
    tool: str
    fmt: str
    data: str
    seconds: float | None = None
    runs: int = 0
    peak: int | None = None
    size: int | None = None
    error: str | None = None


def print_table(ties: int, results: list[Result]) -> None:
    header = (
        f"{'format':<8} {'data':<10} {'tool':<9} {'runs':>4} {'seconds':>8} "
        f"{'ties/s':>11} {'x cosignet':>10} {'+peak MB':>9} {'file MB':>8}"
    )
    print(header)
    print("-" * len(header))
    reference = {(r.fmt, r.data): r.seconds for r in results if r.tool == "cosignet" and r.seconds}
    for r in results:
        if r.error is not None:
            print(f"{r.fmt:<8} {r.data:<10} {r.tool:<9} {'-':>4}  {r.error}")
            continue
        assert r.seconds is not None
        base = reference.get((r.fmt, r.data))
        ratio = f"{r.seconds / base:.1f}" if base else "-"
        print(
            f"{r.fmt:<8} {r.data:<10} {r.tool:<9} {r.runs:>4} {r.seconds:>8.3f} "
            f"{ties / r.seconds:>11,.0f} {ratio:>10} {fmt_mb(r.peak):>9} {fmt_mb(r.size):>8}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--ties", default="300000,3000000", help="graph sizes, comma-separated")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--data", default=",".join(DATA), help="plain, edge data or both")
    parser.add_argument("--seed", type=int, default=0)
    add_repeat_options(parser, "seconds before a measurement's subprocess is killed")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker_main(args.worker, run_worker)
        return 0
    formats = parse_choices(parser, args.formats, FORMATS, "format")
    tools = parse_choices(parser, args.tools, TOOLS, "tool")
    data = parse_choices(parser, args.data, DATA, "data")
    sizes = [int(x) for x in args.ties.split(",") if x.strip()]

    import cosignet as cs

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print("cosignet graph-writing benchmark")
    print(f"  machine   {cpu_model()}, {os.cpu_count()} cores, load {load}")
    print(f"  software  Python {sys.version.split()[0]}, cosignet {cs.__version__}, repo "
          f"{git_revision()}")  # fmt: skip
    print("  columns   seconds: best run; ties/s: ties / seconds; x cosignet: seconds / "
          "cosignet's; +peak MB: RSS growth while writing")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="cosignet-graph-io-") as folder:
        for ties in sizes:
            print(f"\n{ties:,} ties among {max(1000, ties // 75):,} actors")
            results = []
            for fmt in formats:
                for kind in data:
                    for tool in tools:
                        if tool == "igraph" and fmt != "graphml":
                            continue
                        label = f"{tool} {fmt} {kind} {ties:,}"
                        progress(label)
                        job = {
                            "tool": tool,
                            "format": fmt,
                            "data": kind,
                            "ties": ties,
                            "seed": args.seed,
                            "repeat": args.repeat,
                            "budget": args.budget,
                            "folder": folder,
                        }
                        done = run_child(job, args.timeout, __file__)
                        result = Result(tool, fmt, kind, error=done.get("error"))
                        if result.error is None:
                            result.seconds = done["seconds"]
                            result.runs = done["runs"]
                            result.peak = done["peak"]
                            result.size = done["bytes"]
                        results.append(result)
            print_table(ties, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
