"""Benchmark: cosignet's SDSM backbone side by side with the ``bicm`` package.

Not a test: it prints, per data set, the time and peak memory of each tool, the ratios
bicm / cosignet, and a sanity check that both tested the same co-signing pairs.

Usage::

    python benchmarks/backbone.py [--datasets hj,senate116] [--threads 2] [--repeat 3]
                                  [--budget 60] [--timeout 900] [--alpha 0.05]
                                  [--tools cosignet-rna,cosignet-exact,bicm-rna,bicm-poisson]

Run from the repository with the built package importable (e.g. ``PYTHONPATH=python``).

Data sets
---------
Read from ``../shared/data`` beside the repository or ``$COSIGNET_SHARED_DATA``; a data set
whose file is absent is skipped with a message.

- ``hj``: Fowler's House joint resolutions (``congress-fowler/hyperedges/HJ``), 5,123 bills
  x 1,489 legislators, backbone of the projection onto the legislators (``onto="actors"``,
  422,906 co-signing pairs);
- ``senate116``: the 116th Senate's cosponsorships (``us-senate-cosponsorship/
  signatures_116.csv``), 4,464 bills x 101 senators, backbone of the projection onto the
  bills (``onto="letters"``, about 2.6M co-signing pairs).

What is timed
-------------
The whole test from a letters x actors incidence already in memory, model fit included:

- ``cosignet sdsm rna`` / ``exact``: ``cs.backbone.sdsm(B, onto=..., alpha, correction="fdr",
  method=...)`` with ``cs.set_num_threads(--threads)``; it fits the BiCM, projects, tests
  and corrects. ``rna`` is measured twice, in two fresh processes, to show repeatability;
- ``bicm rna`` / ``poisson`` (the PyPI package ``bicm``): ``g.solve_tool(method="newton",
  tol=1e-8)`` then ``g.compute_projection(rows=True, alpha, approx_method=...,
  threads_num=--threads, validation_method="fdr")``, the projected side being the rows of
  the biadjacency. bicm's exact ``poibin`` method is not run: it takes over half an hour on
  ``hj``. bicm 3.4.0's ``rna`` returns the lower tail P(V <= v) rather than the upper one,
  so its validated edges are not meaningful; its cost is that of a correct one.

Untimed (the ``build s`` column): making the input, ``cs.Bipartite(matrix)`` for cosignet;
densifying the incidence (``int8``, projected side as rows) and ``bicm.BipartiteGraph(
biadjacency=...)`` for bicm. bicm's numba functions are compiled once per process, before
the timed runs, on a small matrix (``JIT`` note), so no timed run pays for compilation.
bicm's stdout is swallowed.

Method
------
Every measurement (tool x data set) runs in a fresh subprocess of this script (the runner of
``benchmarks/projection.py``), killed after ``--timeout`` seconds and reported as such. It
loads the incidence from an ``.npz`` the parent wrote, then repeats build + timed call up to
``--repeat`` times, fewer once ``--budget`` seconds are spent; ``seconds`` is the best run.

Memory covers build and call together, since bicm's dense biadjacency and model matrix are
part of its cost: ``+peak MB`` is the growth of the process's resident set (``VmHWM``
reset through ``/proc/self/clear_refs`` before the build, as in ``projection.py``), or,
when larger, the growth of the summed PSS of the process and its descendants, sampled every
50 ms (bicm's ``threads_num`` > 1 runs a ``multiprocessing`` pool whose workers the first
figure does not see; ``+tree MB`` shows that sample). ``max RSS MB`` is the process's
absolute peak. ``cpu/wall`` is the CPU seconds of the process and its reaped children over
the wall seconds of the best run.

Checks: the number of co-signing pairs each tool tested (cosignet:
``G.attrs["co_signing_pairs"]``; bicm: the entries of ``g.v_adj_list`` and of its p-values)
must equal the number of ties of ``B.project(onto=...)``; a mismatch is printed loudly and
makes the exit status 1. The validated edge counts are printed but differ by design:
cosignet's FDR counts one test per co-signing pair, bicm's one per pair of nodes,
n(n-1)/2; cosignet's count under bicm's convention is given for comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.metadata
import io
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from projection import (
    RESULT_MARKER,
    PeakMeter,
    _meminfo_bytes,
    add_repeat_options,
    congress_incidence,
    cpu_model,
    fmt_mb,
    fmt_seconds,
    git_revision,
    load_corpus,
    parse_choices,
    progress,
    run_child,
    save_corpus,
    shared_data_dir,
    worker_main,
)

SAMPLE_SECONDS = 0.05
BICM_TOL = 1e-8
KILL_MARGIN = 30.0  # the parent waits this much longer than the child's own deadline


# --------------------------------------------------------------------------- data sets
@dataclass(frozen=True)
class Dataset:
    name: str
    subpath: Path
    onto: str  # the side projected: "actors" or "letters"
    title: str


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "hj",
            Path("congress-fowler") / "hyperedges" / "HJ" / "hyperedges.txt",
            "actors",
            "Fowler House joint resolutions, onto the legislators",
        ),
        Dataset(
            "senate116",
            Path("us-senate-cosponsorship") / "signatures_116.csv",
            "letters",
            "U.S. Senate 116 cosponsorships, onto the bills",
        ),
    )
}


@dataclass(frozen=True)
class Tool:
    key: str
    package: str  # "cosignet" or "bicm"
    method: str  # cosignet: "rna" | "exact"; bicm: "rna" | "poisson"


TOOLS: dict[str, Tool] = {
    t.key: t
    for t in (
        Tool("cosignet-rna", "cosignet", "rna"),
        Tool("cosignet-exact", "cosignet", "exact"),
        Tool("bicm-rna", "bicm", "rna"),
        Tool("bicm-poisson", "bicm", "poisson"),
    )
}


def load_dataset(spec: Dataset) -> tuple[Any, str]:
    """The letters x actors incidence of `spec` (csr) and a line saying where it came from.

    Built with scipy and pandas only: the parent never loads cosignet's compiled core, so a
    rebuild of it during the run cannot crash the parent (each child loads its own).
    """
    path = shared_data_dir() / spec.subpath
    if spec.name == "hj":
        matrix, repeated = congress_incidence(path)
        origin = f"{spec.subpath.parent}"
        if repeated:
            origin += f", {repeated} repeated (bill, legislator) pairs merged"
        return matrix, origin
    import pandas as pd

    table = pd.read_csv(path, dtype={"bill_id": str, "senator_id": np.int64})
    letters, _ = pd.factorize(table["bill_id"], sort=True)
    actors, _ = pd.factorize(table["senator_id"], sort=True)
    shape = (int(letters.max()) + 1, int(actors.max()) + 1)
    matrix = sp.csr_array((np.ones(letters.size), (letters, actors)), shape=shape)
    matrix.sum_duplicates()
    repeated = int(letters.size - matrix.nnz)
    matrix.data[:] = 1.0
    origin = str(spec.subpath)
    if repeated:
        origin += f", {repeated} repeated (bill, senator) rows merged"
    return matrix, origin


def co_signing_pairs(matrix: Any, onto: str) -> int:
    """Pairs of nodes of the `onto` side that share at least one letter (scipy's product)."""
    side = matrix.T.tocsr() if onto == "actors" else matrix
    product = (side @ side.T).tocsr()
    product.eliminate_zeros()
    off_diagonal = int(product.nnz) - int(np.count_nonzero(product.diagonal()))
    return off_diagonal // 2


def cosignet_core_stamp() -> str:
    """Where cosignet's compiled core is and when it was built, without importing cosignet."""
    import importlib.util

    spec = importlib.util.find_spec("cosignet")
    locations = list(spec.submodule_search_locations or []) if spec else []
    cores = sorted(path for where in locations for path in Path(where).glob("_core*.so"))
    if not cores:
        return "not found"
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(cores[0].stat().st_mtime))
    return f"{cores[0]} built {stamp}"


def cosignet_info(threads: int) -> str:
    """cosignet's version and thread count, asked of a child process."""
    code = (
        f"import cosignet as cs; cs.set_num_threads({threads}); "
        "print(cs.__version__, cs.get_num_threads())"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"not importable ({type(error).__name__})"
    version, count = done.stdout.split()
    return f"{version} ({count} threads)"


# --------------------------------------------------------------------------- memory
def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(x) for x in handle.read().split())
        except OSError:
            continue
    return found


def _pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants() -> list[int]:
    """This process's children, their children, and so on."""
    found: list[int] = []
    pending = _children(os.getpid())
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(_children(pid))
    return found


def tree_pss() -> int:
    """Summed PSS of this process and all its descendants (shared pages split fairly)."""
    return sum(_pss_bytes(pid) for pid in [os.getpid(), *descendants()])


def start_deadline(seconds: float) -> None:
    """After `seconds`, kill this process's descendants (bicm's pool workers), report, exit.

    The parent's own timeout would kill this process only and leave its workers running.
    """

    def expire() -> None:
        time.sleep(seconds)
        for pid in descendants():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        message = {"error": f"timed out after {seconds:.0f} s"}
        line = RESULT_MARKER + json.dumps(message) + "\n"
        os.write(1, line.encode())  # not print(): bicm's stdout may be redirected just now
        os._exit(0)

    threading.Thread(target=expire, daemon=True).start()


class TreeSampler:
    """Peak of :func:`tree_pss` over a block, sampled by a background thread."""

    def __init__(self, interval: float = SAMPLE_SECONDS) -> None:
        self.interval = interval
        self.before = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, tree_pss())

    def start(self) -> None:
        self.before = tree_pss()
        self.peak = self.before
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        """Peak growth in bytes since start()."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.peak = max(self.peak, tree_pss())
        return max(0, self.peak - self.before)


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# --------------------------------------------------------------------------- workers
Build = Callable[[], Any]
Compute = Callable[[Any], Any]
Summary = Callable[[Any], dict[str, Any]]


def make_cosignet(job: dict[str, Any], notes: list[str]) -> tuple[Build, Compute, Summary]:
    import cosignet as cs

    cs.set_num_threads(job["threads"])
    matrix = load_corpus(job["data"])
    onto, alpha, method = job["onto"], job["alpha"], job["method"]

    def build() -> Any:
        return cs.Bipartite(matrix)

    def compute(bipartite: Any) -> Any:
        return cs.backbone.sdsm(
            bipartite, onto=onto, alpha=alpha, correction="fdr", signed=False, method=method
        )

    def summary(graph: Any) -> dict[str, Any]:
        n = graph.n_nodes
        all_pairs = n * (n - 1) // 2
        pvalues = graph.edges["pvalue"].to_numpy()
        # BH rejects a prefix of the sorted p-values, so the kept ones decide the count
        # under bicm's larger number of tests exactly.
        adjusted = cs.backbone.adjust_pvalues(pvalues, "fdr", max(all_pairs, pvalues.size))
        start = time.perf_counter()
        fit = cs.backbone.bicm(build())
        notes.append(f"BiCM fit alone {fmt_seconds(time.perf_counter() - start)} s")
        return {
            "pairs": int(graph.attrs["co_signing_pairs"]),
            "pvalues": int(graph.attrs["n_tests"]),
            "edges": int(graph.n_edges),
            "edges_all_pairs": int((adjusted < alpha).sum()),
            "fit": f"{graph.attrs['bicm_iterations']} Newton steps, degree error "
            f"{graph.attrs['bicm_max_degree_error']:.1e} ({fit.iterations} alone)",
        }

    return build, compute, summary


def make_bicm(job: dict[str, Any], notes: list[str]) -> tuple[Build, Compute, Summary]:
    warnings.filterwarnings("ignore")  # numba's experimental-feature warnings
    with contextlib.redirect_stdout(io.StringIO()):
        import bicm

        matrix = load_corpus(job["data"])
        # Warm up numba's JIT on a small incidence, so that no timed run compiles.
        rng = np.random.default_rng(0)
        small = (rng.random((40, 60)) < 0.3).astype(np.int8)
        start = time.perf_counter()
        bicm.BipartiteGraph(biadjacency=small).solve_tool(
            method="newton", tol=BICM_TOL, print_error=False
        )
        notes.append(f"JIT {time.perf_counter() - start:.1f} s untimed")
    rows_are_letters = job["onto"] == "letters"
    method, alpha, threads = job["method"], job["alpha"], job["threads"]
    printed: list[str] = []
    fit_seconds: list[float] = []

    def build() -> Any:
        oriented = matrix if rows_are_letters else matrix.T
        dense = oriented.toarray().astype(np.int8)
        with contextlib.redirect_stdout(io.StringIO()) as out:
            graph = bicm.BipartiteGraph(biadjacency=dense)
        printed.append(out.getvalue())
        return graph

    def compute(graph: Any) -> Any:
        with contextlib.redirect_stdout(io.StringIO()) as out:
            start = time.perf_counter()
            graph.solve_tool(method="newton", tol=BICM_TOL, print_error=False)
            fit_seconds.append(time.perf_counter() - start)
            graph.compute_projection(
                rows=True,
                alpha=alpha,
                approx_method=method,
                threads_num=threads,
                progress_bar=False,
                validation_method="fdr",
            )
        printed.append(out.getvalue())
        return graph

    def summary(graph: Any) -> dict[str, Any]:
        said = sorted({line.strip() for text in printed for line in text.splitlines()} - {""})
        if said:
            notes.append("printed: " + " / ".join(said)[:120])
        error = graph._check_solution(return_error=True)
        return {
            "pairs": sum(len(v) for v in graph.v_adj_list.values()),
            "pvalues": sum(len(v) for v in graph.rows_pvals.values()),
            "edges": sum(len(v) for v in graph.projected_rows_adj_list.values()),
            "fit": f"solve_tool {fmt_seconds(min(fit_seconds))} s, relative error {error:.1e}",
        }

    return build, compute, summary


def run_worker(job: dict[str, Any]) -> dict[str, Any]:
    """Runs one measurement in this (fresh) process and returns its numbers."""
    limit = int(_meminfo_bytes("MemAvailable") * 0.9)
    if limit > 0:  # a safety net: fail with MemoryError rather than bring the machine down
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    start_deadline(job["deadline"])
    notes: list[str] = []
    maker = make_cosignet if job["package"] == "cosignet" else make_bicm
    build, compute, summary = maker(job, notes)
    meter, sampler = PeakMeter(), TreeSampler()
    times: list[float] = []
    builds: list[float] = []
    cpu: list[float] = []
    peaks: list[int] = []
    trees: list[int] = []
    absolute: list[int] = []
    result: dict[str, Any] | None = None
    budget_start = time.perf_counter()
    for _ in range(job["repeat"]):
        meter.start()
        sampler.start()
        start = time.perf_counter()
        state = build()
        builds.append(time.perf_counter() - start)
        cpu_start = cpu_seconds()
        start = time.perf_counter()
        output = compute(state)
        times.append(time.perf_counter() - start)
        cpu.append(cpu_seconds() - cpu_start)
        trees.append(sampler.stop())
        growth, peak = meter.stop()
        peaks.append(growth)
        absolute.append(peak)
        if result is None:
            result = summary(output)
        del output, state
        gc.collect()
        if time.perf_counter() - budget_start > job["budget"]:
            break  # slow tool: fewer repeats
    if not meter.exact:
        notes.append("peak ~ru_maxrss")
    assert result is not None
    best = int(np.argmin(times))
    return {
        **result,
        "times": times,
        "build": builds[best],
        "cpu": cpu[best] / max(times[best], 1e-9),
        "peak": max(peaks),
        "tree": max(trees),
        "rss": max(absolute),
        "notes": notes,
    }


# --------------------------------------------------------------------------- parent
@dataclass
class Cell:
    label: str
    tool: Tool
    result: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    skipped: bool = False

    @property
    def seconds(self) -> float | None:
        return None if self.error else float(min(self.result["times"]))

    @property
    def memory(self) -> int | None:
        """Peak growth used for the ratios: the process's, or its tree's when larger."""
        return None if self.error else max(int(self.result["peak"]), int(self.result["tree"]))


def plan(tools: list[str], threads: int) -> list[tuple[str, Tool]]:
    rows: list[tuple[str, Tool]] = []
    for key in tools:
        tool = TOOLS[key]
        if tool.package == "cosignet":
            label = f"cosignet sdsm {tool.method} ({threads} thr)"
            rows.append((label, tool))
            if tool.method == "rna":
                rows.append((f"cosignet sdsm rna ({threads} thr, again)", tool))
        else:
            rows.append((f"bicm {tool.method} (threads_num={threads})", tool))
    return rows


def bench_dataset(
    spec: Dataset, args: argparse.Namespace, workdir: Path, tools: list[str]
) -> tuple[bool, list[str]]:
    """Runs and prints one data set; returns (checks passed, ratio lines for the summary)."""
    path = shared_data_dir() / spec.subpath
    if not path.is_file():
        print(f"\n== {spec.name}: skipped, {path} not found ==")
        return True, []
    matrix, origin = load_dataset(spec)
    corpus = workdir / f"{spec.name}.npz"
    save_corpus(matrix, corpus)
    n_letters, n_actors = matrix.shape
    n = n_actors if spec.onto == "actors" else n_letters
    pairs = co_signing_pairs(matrix, spec.onto)
    print(
        f"\n== {spec.name}: {spec.title}: {n_letters:,} letters x {n_actors:,} actors, "
        f"{matrix.nnz:,} signatures; {n:,} nodes, {pairs:,} co-signing pairs of "
        f"{n * (n - 1) // 2:,} =="
    )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"   {origin}; alpha {args.alpha:g}, FDR; load {load}")
    del matrix

    base_job = {
        "data": str(corpus),
        "onto": spec.onto,
        "alpha": args.alpha,
        "threads": args.threads,
        "repeat": args.repeat,
        "budget": args.budget,
        "deadline": args.timeout,
    }
    cells: list[Cell] = []
    for label, tool in plan(tools, args.threads):
        progress(f"{spec.name}: {label}")
        job = {**base_job, "package": tool.package, "method": tool.method}
        result = run_child(job, args.timeout + KILL_MARGIN, __file__)
        load = os.getloadavg()[0]
        if "error" in result:
            cells.append(Cell(label, tool, error=str(result["error"])))
        else:
            result["notes"].append(f"load {load:.1f} after")
            cells.append(Cell(label, tool, result))

    ok = check_pairs(cells, pairs)
    print_table(cells)
    print_sanity(cells, pairs, n)
    return ok, print_ratios(spec.name, cells)


def check_pairs(cells: list[Cell], pairs: int) -> bool:
    ok = True
    for cell in cells:
        if cell.error is not None:
            ok &= cell.tool.package != "cosignet"
            continue
        tested = (cell.result["pairs"], cell.result["pvalues"])
        if tested != (pairs, pairs):
            ok = False
            print(
                "   " + "!" * 80 + f"\n   !!! PAIR COUNT MISMATCH: {cell.label} tested "
                f"{tested[0]:,} pairs ({tested[1]:,} p-values), the projection has {pairs:,}"
                "\n   " + "!" * 80
            )
    return ok


def print_table(cells: list[Cell]) -> None:
    header = (
        f"   {'tool':<36} {'runs':>4} {'seconds':>9} {'build s':>8} {'+peak MB':>9} "
        f"{'+tree MB':>9} {'max RSS MB':>10} {'cpu/wall':>8} {'pairs':>10} {'validated':>9}"
        "  note"
    )
    print()
    print(header)
    print("   " + "-" * (len(header) - 3))
    for cell in cells:
        if cell.error is not None:
            status = "timeout" if "timed out" in cell.error else "FAILED"
            print(f"   {cell.label:<36} {'-':>4} {status:>9}  {cell.error}")
            continue
        r = cell.result
        notes = [r["fit"], *r["notes"]]
        if len(r["times"]) > 1:
            notes.append("runs " + ", ".join(fmt_seconds(t) for t in r["times"]) + " s")
        print(
            f"   {cell.label:<36} {len(r['times']):>4} {fmt_seconds(cell.seconds):>9} "
            f"{fmt_seconds(r['build']):>8} {fmt_mb(r['peak']):>9} {fmt_mb(r['tree']):>9} "
            f"{fmt_mb(r['rss']):>10} {r['cpu']:>8.2f} {r['pairs']:>10,} {r['edges']:>9,}  "
            + "; ".join(notes)
        )


def print_sanity(cells: list[Cell], pairs: int, n: int) -> None:
    done = [c for c in cells if c.error is None]
    if not done:
        return
    same = all(c.result["pairs"] == pairs and c.result["pvalues"] == pairs for c in done)
    verdict = "all equal" if same else "MISMATCH (see above)"
    print(
        f"\n   pairs tested: projection {pairs:,}; "
        + ", ".join(f"{c.label.split(' (')[0]} {c.result['pairs']:,}" for c in done)
        + f" -> {verdict}"
    )
    all_pairs = n * (n - 1) // 2
    print(
        f"   validated edges (FDR over m tests; cosignet m = co-signing pairs = {pairs:,}, "
        f"bicm m = n(n-1)/2 = {all_pairs:,}):"
    )
    for cell in done:
        extra = ""
        if cell.tool.package == "cosignet":
            extra = f"; with bicm's m: {cell.result['edges_all_pairs']:,}"
        elif cell.tool.method == "rna":
            extra = "; bicm's rna p-value is the lower tail, so this count is not meaningful"
        print(f"     {cell.label:<36} {cell.result['edges']:>9,}{extra}")


def _ratio(numerator: float | None, denominator: float | None, peer: Cell) -> str:
    if peer.error is not None:
        return "timeout" if "timed out" in peer.error else "failed"
    if numerator is None or not denominator:
        return "-"
    return f"{numerator / denominator:.2f}"


def print_ratios(name: str, cells: list[Cell]) -> list[str]:
    """Prints bicm / cosignet for time and memory; returns the lines for the summary."""
    references = {}
    for cell in cells:
        if cell.tool.package == "cosignet" and cell.tool.method not in references:
            references[cell.tool.method] = cell  # the first rna run, not the repeat
    peers = [c for c in cells if c.tool.package == "bicm"]
    if not references or not peers:
        return []
    header = f"   {'bicm / cosignet':<28}" + "".join(
        f" {'time vs ' + method:>16} {'memory vs ' + method:>16}" for method in references
    )
    lines = [f"   {name}:", header, "   " + "-" * (len(header) - 3)]
    for peer in peers:
        line = f"   {peer.label:<28}"
        for reference in references.values():
            line += f" {_ratio(peer.seconds, reference.seconds, peer):>16}"
            line += f" {_ratio(peer.memory, reference.memory, peer):>16}"
        lines.append(line)
    print("\n   ratios: bicm seconds / cosignet seconds, bicm +peak / cosignet +peak (max of the")
    print("   process's and the tree's growth); above 1: cosignet is faster / smaller")
    print("\n".join(lines[1:]))
    return lines


def machine_header(args: argparse.Namespace, tools: list[str]) -> None:
    import scipy

    model = cpu_model()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    versions = []
    for package in ("bicm", "numba"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} not installed")
    print("cosignet backbone benchmark (SDSM) vs bicm")
    print(
        f"  machine   {model}, {os.cpu_count()} cores ({usable} usable), "
        f"{_meminfo_bytes('MemTotal') / 2**30:.1f} GiB RAM "
        f"({_meminfo_bytes('MemAvailable') / 2**30:.1f} GiB available), load {load}"
    )
    print(
        f"  software  Python {platform.python_version()}, cosignet {cosignet_info(args.threads)}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, {', '.join(versions)}"
    )
    print(
        f"  threads   cosignet set_num_threads({args.threads}), bicm threads_num={args.threads} "
        "(pool processes); "
        f"repo {git_revision()}"
    )
    print(f"  core      {cosignet_core_stamp()}")
    print(
        f"  settings  repeat {args.repeat} (budget {args.budget:g} s), timeout "
        f"{args.timeout:g} s, alpha {args.alpha:g}, FDR; tools {', '.join(tools)}"
    )
    print(
        "  columns   seconds: best run (fit + test); build s: untimed input build; +peak MB: "
        "RSS growth over build + call;"
    )
    print(
        "            +tree MB: same for the summed PSS of the process and its pool workers "
        "(sampled); pairs: co-signing pairs tested"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", default=",".join(DATASETS), help="comma-separated: hj, senate116"
    )
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help=f"comma-separated: {', '.join(TOOLS)}"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="cosignet threads and bicm threads_num (default 2)",
    )
    add_repeat_options(parser, "seconds before a measurement's subprocess is killed")
    parser.add_argument("--alpha", type=float, default=0.05, help="significance level")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker_main(args.worker, run_worker)
        return 0
    if args.threads < 1 or args.repeat < 1 or not 0 < args.alpha < 1:
        parser.error("--threads and --repeat must be >= 1, --alpha in (0, 1)")
    names = parse_choices(parser, args.datasets, DATASETS, "data sets")
    tools = parse_choices(parser, args.tools, TOOLS, "tools")
    tools = [key for key in TOOLS if key in tools]

    machine_header(args, tools)
    installed = cosignet_core_stamp()
    ok = True
    summary: list[str] = []
    with tempfile.TemporaryDirectory(prefix="cosignet-backbone-") as workdir:
        for name in sorted(names, key=list(DATASETS).index):
            passed, lines = bench_dataset(DATASETS[name], args, Path(workdir), tools)
            ok &= passed
            summary += lines
    if summary:
        print("\n== ratios, bicm / cosignet (above 1: cosignet is faster / smaller) ==")
        print("\n".join(summary))
    if not ok:
        print("\n!!! a pair-count mismatch or a cosignet failure: see above")
    if cosignet_core_stamp() != installed:
        print(f"\n!!! cosignet's core was rebuilt during the run ({cosignet_core_stamp()}): rerun")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
