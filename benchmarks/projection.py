"""Benchmark: cosignet's co-signature projection side by side with scipy, igraph and NetworkX.

Not a test: it prints timings, ratios, peak memory and nanoseconds per pair contribution.

Usage::

    python benchmarks/projection.py [--sizes small,medium,large,congress] [--threads N]
                                    [--repeat N] [--seed S] [--timeout SECONDS]

Corpora
-------
``small``, ``medium`` and ``large`` are seeded synthetic letters x signers incidences with
heavy-tailed letter sizes (lognormal, capped at 1,000 signers, at least 2) and Zipf signer
popularity (each letter draws its signers without replacement with probability proportional
to 1 / rank**s, s = 1; popularity ranks are shuffled over the signer ids). The mean letter
size is set per corpus so the signature counts match the targets (about 100k, 1.3M and
10.5M signatures). ``congress`` is the House joint resolutions of Fowler's cosponsorship data
(``../shared/data/congress-fowler/hyperedges/HJ`` beside the repository, or
``$COSIGNET_SHARED_DATA/congress-fowler/...``); it is skipped with a message when absent.

Method
------
Every measurement runs in a fresh subprocess of this script: it loads the corpus (written
once by the parent to a temporary ``.npz``; generation is never timed), builds what the tool
needs (untimed), then times only the projection, best of ``--repeat`` runs. Peak memory is
the growth of the child's resident set during the timed call: the kernel's high-water mark
(``VmHWM``) is reset through ``/proc/self/clear_refs`` just before, read just after, and the
RSS before is subtracted (fallback: ``ru_maxrss`` minus the RSS before). The absolute peak
RSS of the child is printed as well.

What is timed, per tool:

- ``cosignet count``: ``B.project()`` on a fresh ``Bipartite`` (so the transpose it caches
  is included), with ``--threads`` threads and, for comparison, with one thread;
- ``cosignet newman``: ``B.project(weighting="newman")``;
- ``cosignet adjacency``: materialising ``G.adjacency`` (the symmetric CSR) after the
  projection, timed alone: cosignet stores the strict upper triangle, its peers build the
  full symmetric result, so add this row to the count row for a like-for-like comparison;
- ``cosignet size``: ``B.projection_size()`` (count the ties without storing them; run on
  corpora projected with a ``min_weight``, to size the unthresholded projection);
- ``scipy``: ``X.T @ X`` on a ``csr_array`` (int32 indices when they fit), which gives
  the full symmetric matrix with its diagonal;
- ``igraph``: ``g.bipartite_projection(multiplicity=True, which=1)``; building the
  bipartite ``igraph.Graph`` is not timed (its time is given as a note);
- ``networkx``: ``bipartite.weighted_projected_graph(g, actors)``; building the NetworkX
  graph is not timed (note).

Peers cannot threshold while projecting: with a ``min_weight`` they project everything and
the threshold is applied to the checksum only (so their times are a lower bound). Peers whose
estimated memory or time (scaled from the largest synthetic corpus measured earlier in the
same run, else from reference constants) would exceed the memory available or ten minutes
are skipped with the reason. Every result is checked against ``cosignet count`` on edge count
and total weight; a mismatch is printed loudly and makes the exit status 1.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

REPO = Path(__file__).resolve().parents[1]
CONGRESS_SUBPATH = Path("congress-fowler") / "hyperedges" / "HJ" / "hyperedges.txt"
RESULT_MARKER = "@@RESULT@@ "
MAX_SECONDS = 600.0  # skip a peer whose estimated time is above this
MEMORY_SHARE = 0.8  # ... or whose estimated peak is above this share of MemAvailable
TIME_SAFETY = 1.5  # estimates scale per pair / per edge; bigger outputs are slower per unit
MEMORY_SAFETY = 1.2

# Fallback per-tool costs (ns per pair contribution, bytes of peak per unthresholded edge),
# measured on "medium" on the reference machine (2-core AMD EPYC VM); used to decide whether
# to skip a peer when no synthetic corpus was measured earlier in the same run.
REFERENCE_COST: dict[str, tuple[float, float]] = {
    "scipy": (35.0, 26.0),  # measured 29 ns/pair, 24 B/tie
    "igraph": (350.0, 70.0),  # measured 317 ns/pair, 64 B/tie
    "networkx": (9000.0, 300.0),  # measured on "small": 8,500 ns/pair, 276 B/tie
}


# --------------------------------------------------------------------------- corpora
@dataclass(frozen=True)
class Synthetic:
    n_letters: int
    n_signers: int
    mean_size: float
    sigma: float = 1.0
    zipf_s: float = 1.0
    cap: int = 1000
    min_size: int = 2


@dataclass(frozen=True)
class SizeSpec:
    name: str
    synthetic: Synthetic | None
    min_weight: float
    peers: tuple[str, ...]
    repeat: int  # default repeats (overridden by --repeat)


SIZES: dict[str, SizeSpec] = {
    "small": SizeSpec(
        "small", Synthetic(2_000, 20_000, 50.0), 0.0, ("scipy", "igraph", "networkx"), 3
    ),
    "medium": SizeSpec("medium", Synthetic(20_000, 200_000, 65.0), 0.0, ("scipy", "igraph"), 2),
    "large": SizeSpec("large", Synthetic(250_000, 2_000_000, 42.0), 3.0, ("scipy", "igraph"), 1),
    "congress": SizeSpec("congress", None, 0.0, ("scipy", "igraph", "networkx"), 5),
}
SEED_OFFSET = {"small": 1, "medium": 2, "large": 3}
PEER_LABELS = {
    "scipy": "scipy X.T @ X",
    "igraph": "igraph bipartite_projection",
    "networkx": "networkx weighted_projected_graph",
}


def synthetic_incidence(spec: Synthetic, seed: int) -> sp.csr_array:
    """Seeded letters x signers incidence: lognormal letter sizes, Zipf signer popularity.

    Sampling k signers without replacement with weights w is the same as drawing with
    replacement and keeping the first k distinct draws; this does that for all letters at
    once, redrawing only for letters that are still short.
    """
    rng = np.random.default_rng(seed)
    mu = np.log(spec.mean_size) - spec.sigma**2 / 2
    raw = rng.lognormal(mu, spec.sigma, spec.n_letters)
    high = min(spec.cap, spec.n_signers)
    sizes = np.clip(np.rint(raw), spec.min_size, high).astype(np.int64)
    popularity = 1.0 / np.arange(1, spec.n_signers + 1, dtype=np.float64) ** spec.zipf_s
    cdf = np.cumsum(popularity)
    cdf /= cdf[-1]
    signer_of_rank = rng.permutation(spec.n_signers).astype(np.int64)

    n = np.int64(spec.n_signers)
    keys = np.empty(0, dtype=np.int64)  # letter * n + rank, distinct
    have = np.zeros(spec.n_letters, dtype=np.int64)
    for _ in range(100):
        need = sizes - have
        short = np.flatnonzero(need > 0)
        if short.size == 0:
            break
        draws_per_letter = need[short] + need[short] // 2 + 4
        letters = np.repeat(short, draws_per_letter)
        ranks = np.searchsorted(cdf, rng.random(letters.size), side="right")
        np.minimum(ranks, n - 1, out=ranks)
        drawn = letters * n + ranks
        _, first = np.unique(np.concatenate([keys, drawn]), return_index=True)
        fresh = np.sort(first[first >= keys.size]) - keys.size  # new distinct, in draw order
        fresh_letters = letters[fresh]
        rank_in_letter = np.arange(fresh.size) - np.searchsorted(fresh_letters, fresh_letters)
        keep = rank_in_letter < need[fresh_letters]
        keys = np.concatenate([keys, drawn[fresh][keep]])
        have += np.bincount(fresh_letters[keep], minlength=spec.n_letters)
    keys.sort()
    rows = keys // n
    cols = signer_of_rank[keys % n]
    indptr = np.zeros(spec.n_letters + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=spec.n_letters), out=indptr[1:])
    matrix = sp.csr_array(
        (np.ones(keys.size), cols, indptr), shape=(spec.n_letters, spec.n_signers)
    )
    matrix.sort_indices()
    return matrix


def shared_data_dir() -> Path:
    env = os.environ.get("COSIGNET_SHARED_DATA")
    return Path(env) if env else REPO.parent / "shared" / "data"


def congress_incidence(path: Path) -> tuple[sp.csr_array, int]:
    """Bills x legislators from a hyperedges file; returns the matrix and repeated pairs."""
    rows: list[int] = []
    cols: list[int] = []
    n_docs = 0
    with path.open(encoding="ascii") as handle:
        for line in handle:
            ids = [int(x) - 1 for x in line.strip().split(",") if x]
            if not ids:
                continue
            rows.extend([n_docs] * len(ids))
            cols.extend(ids)
            n_docs += 1
    row = np.asarray(rows, dtype=np.int64)
    col = np.asarray(cols, dtype=np.int64)
    matrix = sp.csr_array((np.ones(row.size), (row, col)), shape=(n_docs, int(col.max()) + 1))
    matrix.sum_duplicates()
    repeated = int(row.size - matrix.nnz)
    matrix.data[:] = 1.0  # a signer listed twice on a bill still signed it once
    return matrix, repeated


def pair_contributions(matrix: sp.csr_array) -> int:
    sizes = np.diff(matrix.indptr).astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def save_corpus(matrix: sp.csr_array, path: Path) -> None:
    np.savez(
        path,
        indptr=np.asarray(matrix.indptr, dtype=np.int64),
        indices=np.asarray(matrix.indices, dtype=np.int64),
        shape=np.asarray(matrix.shape, dtype=np.int64),
    )


def load_corpus(path: str, index_dtype: type = np.int64) -> sp.csr_array:
    with np.load(path) as saved:
        indptr, indices, shape = saved["indptr"], saved["indices"], saved["shape"]
    matrix = sp.csr_array((int(shape[0]), int(shape[1])), dtype=np.float64)
    matrix.indptr = indptr.astype(index_dtype)
    matrix.indices = indices.astype(index_dtype)
    matrix.data = np.ones(indices.size)
    matrix.has_sorted_indices = True
    return matrix


# --------------------------------------------------------------------------- memory
def _status_kib(field_name: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    raise KeyError(field_name)


def _meminfo_bytes(field_name: str) -> int:
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) * 1024
    return 0


class PeakMeter:
    """Peak RSS growth over a block: resets the kernel's high-water mark when it can."""

    def __init__(self) -> None:
        self.exact = True
        self.before = 0

    def start(self) -> None:
        gc.collect()
        self.before = _status_kib("VmRSS") * 1024
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
                handle.write("5")  # reset VmHWM to the current RSS
        except OSError:
            self.exact = False

    def stop(self) -> tuple[int, int]:
        """(peak growth in bytes, absolute peak RSS in bytes) since start()."""
        if self.exact:
            peak = _status_kib("VmHWM") * 1024
        else:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return max(0, peak - self.before), peak


# --------------------------------------------------------------------------- workers
Checksum = tuple[int, float]


def _upper_checksum(matrix: sp.csr_array, min_weight: float) -> Checksum:
    """Edges and weight of a full symmetric matrix with diagonal (off-diagonal, once each)."""
    data = matrix.data
    diagonal = matrix.diagonal()
    if min_weight > 0:
        kept = data >= min_weight
        edges = int(kept.sum()) - int((diagonal >= min_weight).sum())
        total = float(data[kept].sum()) - float(diagonal[diagonal >= min_weight].sum())
    else:
        edges = int(np.count_nonzero(data)) - int(np.count_nonzero(diagonal))
        total = float(data.sum()) - float(diagonal.sum())
    return edges // 2, total / 2


def _weights_checksum(weights: np.ndarray, min_weight: float) -> Checksum:
    if min_weight > 0:
        weights = weights[weights >= min_weight]
    return int(weights.size), float(weights.sum())


def run_worker(job: dict[str, Any]) -> dict[str, Any]:
    """Runs one measurement in this (fresh) process and returns its numbers."""
    limit = int(_meminfo_bytes("MemAvailable") * 0.9)
    if limit > 0:  # a safety net: fail with MemoryError rather than bring the machine down
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    tool: str = job["tool"]
    min_weight: float = job["min_weight"]
    prepare: Callable[[], Any]
    compute: Callable[[Any], Any]
    checksum: Callable[[Any], Checksum]
    notes: list[str] = []
    setup_seconds: float | None = None

    if tool.startswith("cosignet"):
        import cosignet as cs

        cs.set_num_threads(job["threads"])
        matrix = load_corpus(job["data"])
        weighting = job.get("weighting", "count")

        def fresh() -> Any:
            return cs.Bipartite(matrix)

        if tool == "cosignet":
            prepare = fresh

            def compute(bip: Any) -> Any:
                return bip.project(weighting=weighting, min_weight=min_weight)

            def checksum(graph: Any) -> Checksum:
                return graph.n_edges, graph.total_weight

        elif tool == "cosignet-adjacency":

            def prepare() -> Any:
                return fresh().project(min_weight=min_weight)

            def compute(graph: Any) -> Any:
                return graph.adjacency

            def checksum(adjacency: Any) -> Checksum:
                return int(adjacency.nnz) // 2, float(adjacency.data.sum()) / 2

        elif tool == "cosignet-size":
            prepare = fresh

            def compute(bip: Any) -> Any:
                return bip.projection_size()

            def checksum(count: Any) -> Checksum:
                return int(count), float("nan")

        else:
            raise ValueError(tool)

    elif tool == "scipy":
        index_dtype = np.int32 if job["nnz"] < np.iinfo(np.int32).max else np.int64
        matrix = load_corpus(job["data"], index_dtype)

        def prepare() -> Any:
            return matrix

        def compute(x: Any) -> Any:
            return x.T @ x

        def checksum(product: Any) -> Checksum:
            return _upper_checksum(product, min_weight)

    elif tool == "igraph":
        import igraph as ig

        matrix = load_corpus(job["data"])
        n_letters, n_actors = matrix.shape
        letters = np.repeat(np.arange(n_letters, dtype=np.int64), np.diff(matrix.indptr))
        edges = np.column_stack([letters, matrix.indices + n_letters])
        types = [False] * n_letters + [True] * n_actors
        del letters
        start = time.perf_counter()
        bipartite = ig.Graph.Bipartite(types, edges)
        setup_seconds = time.perf_counter() - start
        del edges, matrix, types

        def prepare() -> Any:
            return bipartite

        def compute(graph: Any) -> Any:
            return graph.bipartite_projection(multiplicity=True, which=1)

        def checksum(projection: Any) -> Checksum:
            return _weights_checksum(np.asarray(projection.es["weight"], float), min_weight)

    elif tool == "networkx":
        import networkx as nx
        from networkx.algorithms import bipartite as nx_bipartite

        matrix = load_corpus(job["data"])
        n_letters, n_actors = matrix.shape
        letters = np.repeat(np.arange(n_letters, dtype=np.int64), np.diff(matrix.indptr))
        start = time.perf_counter()
        bipartite = nx.Graph()
        bipartite.add_nodes_from(range(n_letters), bipartite=0)
        actors = range(n_letters, n_letters + n_actors)
        bipartite.add_nodes_from(actors, bipartite=1)
        bipartite.add_edges_from(
            zip(letters.tolist(), (matrix.indices + n_letters).tolist(), strict=True)
        )
        setup_seconds = time.perf_counter() - start
        del letters, matrix

        def prepare() -> Any:
            return bipartite

        def compute(graph: Any) -> Any:
            return nx_bipartite.weighted_projected_graph(graph, actors)

        def checksum(projection: Any) -> Checksum:
            weights = np.fromiter((w for _, _, w in projection.edges(data="weight")), dtype=float)
            return _weights_checksum(weights, min_weight)

    else:
        raise ValueError(f"unknown tool {tool}")

    meter = PeakMeter()
    times: list[float] = []
    peaks: list[int] = []
    absolute: list[int] = []
    result_sum: Checksum | None = None
    budget_start = time.perf_counter()
    for _ in range(job["repeat"]):
        state = prepare()
        meter.start()
        start = time.perf_counter()
        result = compute(state)
        times.append(time.perf_counter() - start)
        growth, peak = meter.stop()
        peaks.append(growth)
        absolute.append(peak)
        if result_sum is None:
            result_sum = checksum(result)
        del result, state
        gc.collect()
        if time.perf_counter() - budget_start > job["budget"]:
            break  # slow tool: fewer repeats
    if not meter.exact:
        notes.append("peak ~ru_maxrss")
    assert result_sum is not None
    return {
        "times": times,
        "peak": max(peaks),
        "rss": max(absolute),
        "edges": result_sum[0],
        "total": result_sum[1],
        "setup": setup_seconds,
        "notes": notes,
    }


def worker_main(raw: str, run: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
    """Run one measurement (`run`, default this script's `run_worker`) and print its result.

    Shared by the benchmark scripts that import this one.
    """
    job = json.loads(raw)
    try:
        result = (run or run_worker)(job)
    except MemoryError:
        result = {"error": "out of memory (MemoryError)"}
    except Exception as error:  # report any failure as a table row
        result = {"error": f"{type(error).__name__}: {error}"}
    print(RESULT_MARKER + json.dumps(result), flush=True)


# --------------------------------------------------------------------------- parent
@dataclass
class Row:
    label: str
    tool: str
    seconds: float | None = None
    runs: int = 0
    peak: int | None = None
    rss: int | None = None
    edges: int | None = None
    total: float | None = None
    note: str = ""
    error: str | None = None
    is_reference: bool = False
    setup: float | None = None  # untimed graph construction of igraph / NetworkX


@dataclass
class Calibration:
    """Per-tool costs measured on the largest synthetic corpus so far."""

    pairs: int = 0
    costs: dict[str, tuple[float, float]] = field(default_factory=dict)


def run_child(job: dict[str, Any], timeout: float, script: str | None = None) -> dict[str, Any]:
    """Run `script` (default this one) with ``--worker job`` in a fresh process; its result."""
    command = [sys.executable, str(Path(script or __file__).resolve()), "--worker", json.dumps(job)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_MARKER):
            return dict(json.loads(line[len(RESULT_MARKER) :]))
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    reason = f"killed by signal {-done.returncode}" if done.returncode < 0 else "crashed"
    return {"error": f"{reason} (exit {done.returncode}): {' | '.join(tail)}"}


def add_repeat_options(
    parser: argparse.ArgumentParser, timeout_help: str, timeout: float = 900.0
) -> None:
    """Add --repeat, --budget and --timeout, as the side-by-side benchmarks take them."""
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement, best taken (default 3)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="stop repeating a measurement after this many seconds (default 60)",
    )
    parser.add_argument(
        "--timeout", type=float, default=timeout, help=f"{timeout_help} (default {timeout:g})"
    )


def parse_choices(
    parser: argparse.ArgumentParser, text: str, allowed: Iterable[str], what: str
) -> list[str]:
    """The comma-separated names in `text`, or a usage error naming the unknown ones."""
    choices = list(allowed)
    names = [x.strip() for x in text.split(",") if x.strip()]
    unknown = [x for x in names if x not in choices]
    if unknown:
        parser.error(f"unknown {what} {unknown}; choose from {', '.join(choices)}")
    return names


def progress(label: str) -> None:
    """Says what runs now, on stderr (kept out of the tables on stdout)."""
    print(f"   [{time.strftime('%H:%M:%S')}] running {label}", file=sys.stderr, flush=True)


def fmt_mb(value: int | None) -> str:
    return "-" if value is None else f"{value / 1e6:,.1f}"


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.4f}" if value < 1 else f"{value:.3f}"


def print_table(rows: list[Row], pairs: int) -> None:
    reference = next((r.seconds for r in rows if r.is_reference and r.seconds), None)
    header = (
        f"{'tool':<34} {'runs':>4} {'seconds':>9} {'x cosignet':>10} {'+peak MB':>9} "
        f"{'max RSS MB':>10} {'ns/pair':>8} {'edges':>13}  note"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if row.error is not None:
            print(
                f"{row.label:<34} {'-':>4} {'-':>9} {'-':>10} {'-':>9} {'-':>10} {'-':>8} "
                f"{'-':>13}  {row.error}"
            )
            continue
        ratio = "-"
        if reference and row.seconds is not None:
            ratio = f"{row.seconds / reference:.2f}"
        per_pair = "-" if row.seconds is None or pairs == 0 else f"{row.seconds * 1e9 / pairs:.1f}"
        edges = "-" if row.edges is None else f"{row.edges:,}"
        print(
            f"{row.label:<34} {row.runs:>4} {fmt_seconds(row.seconds):>9} {ratio:>10} "
            f"{fmt_mb(row.peak):>9} {fmt_mb(row.rss):>10} {per_pair:>8} {edges:>13}  {row.note}"
        )


def cpu_model() -> str:
    """The processor's model name (from /proc/cpuinfo where there is one)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_header(threads: int) -> None:
    import igraph
    import networkx
    import scipy

    import cosignet as cs

    cs.set_num_threads(threads)
    model = cpu_model()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print("cosignet projection benchmark")
    print(
        f"  machine   {model}, {os.cpu_count()} cores ({usable} usable), "
        f"{_meminfo_bytes('MemTotal') / 2**30:.1f} GiB RAM "
        f"({_meminfo_bytes('MemAvailable') / 2**30:.1f} GiB available), load {load}"
    )
    print(
        f"  software  Python {platform.python_version()}, cosignet {cs.__version__}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, igraph {igraph.__version__}, "
        f"networkx {networkx.__version__}"
    )
    print(
        f"  cosignet  {cs.get_num_threads()} threads; peers are single-threaded; repo "
        f"{git_revision()}; core {core_stamp()}"
    )
    print(
        "  columns   seconds: best run; x cosignet: seconds / cosignet count seconds; "
        "+peak MB: RSS growth during the call;"
    )
    print(
        "            max RSS MB: the child's peak RSS; ns/pair: seconds per pair "
        "contribution sum_k C(n_k, 2); edges: ties (each once)"
    )


def git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head or "unknown"


def core_stamp() -> str:
    """Where the installed compiled core is, and when it was installed."""
    import importlib.util

    spec = importlib.util.find_spec("cosignet._core")
    if spec is None or spec.origin is None:
        return "not found"
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(spec.origin)))
    return f"installed {stamp}"


def estimate_skip(
    tool: str, pairs: int, full_edges: int | None, calibration: Calibration
) -> str | None:
    """Why `tool` should not run on this corpus, or None."""
    ns_per_pair, bytes_per_edge = calibration.costs.get(tool, REFERENCE_COST[tool])
    source = "this run's calibration" if tool in calibration.costs else "reference costs"
    seconds = ns_per_pair * pairs * 1e-9 * TIME_SAFETY
    edges = full_edges if full_edges is not None else pairs
    memory = bytes_per_edge * edges * MEMORY_SAFETY
    available = _meminfo_bytes("MemAvailable") * MEMORY_SHARE
    if memory > available:
        return (
            f"skipped: needs ~{memory / 1e9:.1f} GB for {edges:,} ties "
            f"({bytes_per_edge:.0f} B/tie, {source}) > {available / 1e9:.1f} GB usable"
        )
    if seconds > MAX_SECONDS:
        return (
            f"skipped: would take ~{seconds:.0f} s ({ns_per_pair:.0f} ns/pair, {source}) "
            f"> {MAX_SECONDS:.0f} s"
        )
    return None


def bench_size(
    spec: SizeSpec, args: argparse.Namespace, workdir: Path, calibration: Calibration
) -> bool:
    """Runs and prints one corpus; returns False on a checksum mismatch."""
    if spec.synthetic is None:
        path = shared_data_dir() / CONGRESS_SUBPATH
        if not path.is_file():
            print(f"\n== {spec.name}: skipped, {path} not found ==")
            return True
        matrix, repeated = congress_incidence(path)
        origin = f"{path.parent.relative_to(path.parents[3])} (Fowler, House joint res.)"
        if repeated:
            origin += f", {repeated} repeated (bill, legislator) pairs merged"
    else:
        start = time.perf_counter()
        seed = args.seed + SEED_OFFSET[spec.name]
        matrix = synthetic_incidence(spec.synthetic, seed)
        origin = f"synthetic, seed {seed}, generated in {time.perf_counter() - start:.1f} s"
    corpus = workdir / f"{spec.name}.npz"
    save_corpus(matrix, corpus)
    pairs = pair_contributions(matrix)
    n_letters, n_actors = matrix.shape
    sizes = np.diff(matrix.indptr)
    print(
        f"\n== {spec.name}: {n_letters:,} letters x {n_actors:,} signers, "
        f"{matrix.nnz:,} signatures, {pairs:,} pair contributions"
        + (f", min_weight={spec.min_weight:g}" if spec.min_weight else "")
        + " =="
    )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"   {origin}; letter size mean {sizes.mean():.1f}, max {sizes.max()}; load {load}")
    repeat = args.repeat if args.repeat else spec.repeat
    base_job = {
        "data": str(corpus),
        "min_weight": spec.min_weight,
        "threads": args.threads,
        "nnz": int(matrix.nnz),
        "repeat": repeat,
        "budget": args.budget,
    }
    newman_total = float(sizes[sizes >= 2].sum()) / 2  # each letter spreads n_k / 2
    del matrix

    import cosignet as cs

    cs.set_num_threads(args.threads)
    threads = cs.get_num_threads()
    plan: list[tuple[str, dict[str, Any]]] = [
        (f"cosignet count ({threads} thr)", {"tool": "cosignet"}),
    ]
    if threads > 1:
        plan.append(("cosignet count (1 thr)", {"tool": "cosignet", "threads": 1}))
    plan.append((f"cosignet newman ({threads} thr)", {"tool": "cosignet", "weighting": "newman"}))
    plan.append(("cosignet G.adjacency (after count)", {"tool": "cosignet-adjacency"}))
    if spec.min_weight > 0:
        plan.append((f"cosignet projection_size ({threads} thr)", {"tool": "cosignet-size"}))

    rows: list[Row] = []
    full_edges: int | None = None
    for label, extra in plan:
        progress(label)
        result = run_child({**base_job, **extra}, args.timeout)
        rows.append(to_row(label, extra["tool"], result))
        if extra["tool"] == "cosignet-size" and "error" not in result:
            full_edges = int(result["edges"])
            rows[-1].note = "ties with min_weight=0, not stored"
            rows[-1].edges = full_edges
    reference = rows[0]
    reference.is_reference = True
    if spec.min_weight == 0 and reference.error is None:
        full_edges = reference.edges

    for tool in spec.peers:
        label = PEER_LABELS[tool]
        reason = estimate_skip(tool, pairs, full_edges, calibration)
        if reason is not None:
            rows.append(Row(label, tool, error=reason))
            continue
        job = {**base_job, "tool": tool}
        if tool == "networkx":
            job["repeat"] = min(repeat, 2)
        progress(label)
        result = run_child(job, args.timeout)
        rows.append(to_row(label, tool, result))

    for row in rows:
        if row.setup is not None:
            add_note(row, f"untimed graph build {row.setup:.2f} s")
        if row.tool == "scipy" and row.error is None:
            add_note(row, "symmetric, with diagonal")
        if spec.min_weight > 0 and row.tool in PEER_LABELS and row.error is None:
            add_note(row, f"projects all, ties >= {spec.min_weight:g} counted after")

    ok = check_rows(rows, spec, newman_total)
    print_table(rows, pairs)
    count, adjacency = rows[0], next(r for r in rows if r.tool == "cosignet-adjacency")
    if count.seconds is not None and adjacency.seconds is not None and spec.min_weight == 0:
        both = count.seconds + adjacency.seconds
        print(
            f"   like for like with the peers' symmetric results: cosignet count + G.adjacency"
            f" = {fmt_seconds(both)} s"
            + "".join(
                f", {row.label.split()[0]} x{row.seconds / both:.2f}"
                for row in rows
                if row.tool in PEER_LABELS and row.seconds is not None
            )
        )
    if spec.synthetic is not None and pairs >= calibration.pairs and full_edges:
        calibration.pairs = pairs
        for row in rows:
            if row.tool in REFERENCE_COST and row.error is None and row.seconds and row.peak:
                calibration.costs[row.tool] = (
                    row.seconds * 1e9 / pairs,
                    max(row.peak, 1) / max(full_edges, 1),
                )
    return ok


def to_row(label: str, tool: str, result: dict[str, Any]) -> Row:
    if "error" in result:
        return Row(label, tool, error=f"FAILED: {result['error']}")
    row = Row(
        label,
        tool,
        seconds=min(result["times"]),
        runs=len(result["times"]),
        peak=result["peak"],
        rss=result["rss"],
        edges=result["edges"],
        total=result["total"],
        note="; ".join(result["notes"]),
        setup=result.get("setup"),
    )
    return row


def add_note(row: Row, text: str) -> None:
    row.note = f"{row.note}; {text}" if row.note else text


def check_rows(rows: list[Row], spec: SizeSpec, newman_total: float) -> bool:
    reference = rows[0]
    if reference.error is not None or reference.edges is None or reference.total is None:
        print("   !!! cosignet count failed: nothing to check against")
        return False
    ok = True
    for row in rows[1:]:
        if row.error is not None or row.edges is None or row.tool == "cosignet-size":
            continue
        if row.label.startswith("cosignet newman"):
            if spec.min_weight > 0:  # a threshold on fractional weights: nothing cheap to check
                add_note(row, f"newman ties >= {spec.min_weight:g} (not checked)")
                continue
            expected = (reference.edges, newman_total)
        else:
            expected = (reference.edges, reference.total)
        total = row.total if row.total is not None else float("nan")
        same_total = bool(np.isclose(total, expected[1], rtol=1e-9, atol=1e-6))
        if row.edges != expected[0] or not same_total:
            ok = False
            message = (
                f"CHECKSUM MISMATCH: {row.label}: {row.edges:,} edges, total weight "
                f"{total:,.6f}; expected {expected[0]:,} edges, total weight {expected[1]:,.6f}"
            )
            print("   " + "!" * 80 + f"\n   !!! {message}\n   " + "!" * 80)
            add_note(row, "!!! MISMATCH")
        else:
            add_note(row, "checksum ok")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="small,medium,large,congress",
        help="comma-separated: small, medium, large, congress",
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="cosignet threads (0: all cores, the default)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=0,
        help="repeats per measurement, best taken (default 3 small, 2 medium, 1 large, 5 congress)",
    )
    parser.add_argument("--seed", type=int, default=20240600, help="base seed of the corpora")
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800.0,
        help="seconds before a measurement's subprocess is killed",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=120.0,
        help="stop repeating a measurement after this many seconds",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker_main(args.worker)
        return 0
    names = [name.strip() for name in args.sizes.split(",") if name.strip()]
    unknown = [name for name in names if name not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; choose from {', '.join(SIZES)}")
    machine_header(args.threads)
    installed = core_stamp()
    calibration = Calibration()
    ok = True
    with tempfile.TemporaryDirectory(prefix="cosignet-bench-") as workdir:
        for name in sorted(names, key=list(SIZES).index):
            ok &= bench_size(SIZES[name], args, Path(workdir), calibration)
    if core_stamp() != installed:
        print(f"\n!!! cosignet was reinstalled during the run ({core_stamp()}): rerun")
        ok = False
    if not ok:
        print("\n!!! at least one checksum mismatch or failure: see above")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
