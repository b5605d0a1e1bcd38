"""Benchmark: a signatory network over time, window by window (``cs.temporal``).

Not a test: it prints the time of every stage per window (mean, median, slowest) and in
total, the peak memory, and whether reusing work across overlapping windows pays.

Usage::

    python benchmarks/temporal.py [--signatures 1000000] [--years 10] [--actors 60000]
                                  [--mean-size 25] [--freq M] [--length 12] [--step 1]
                                  [--threads N] [--seed 0] [--evolution auto|both|none]

Corpus
------
A seeded generated corpus of ``--signatures`` dated signatures over ``--years`` years from
2015-01-01. Letters are dated uniformly over the span; their sizes are lognormal (mean
``--mean-size``, 25 by default, sigma 1, at least 2, at most 1,000). Each actor is active
for an interval (start uniform from two years before the span to its end, length
exponential with mean four years) and belongs to one of 60 groups; a letter draws its
signers among the actors active on its date, 80% from its own group and 20% from all, each
with Zipf popularity (1 / rank). So actors join and leave, and groups stay recognisable as
coalitions. Building the corpus (``Corpus.from_frame``) is timed but is not part of the
windows' work.

What is timed
-------------
Monthly rolling windows of a year by default (``--freq M --length 12 --step 1``: 109
windows over ten years). For every window, in one pass:

- ``projection, scratch``: the window's incidence cut from the corpus's (rows: its letters;
  columns: its signers, in the order the window's own corpus would give them) and
  ``Bipartite.project()``, as ``cs.temporal.evolution(reuse=False)`` does;
- ``projection, reuse``: the same graph from per-month co-signature counts: each month is
  projected once over all actors; a window's counts are the previous window's plus the
  month that enters minus the month that leaves, relabelled to the window's actor order
  (``reuse=True``). Every window's graph is checked to be identical (same labels, same CSR
  arrays) to the scratch one;
- ``PageRank`` (``cs.centrality.pagerank``) and ``Louvain`` (``cs.community.louvain``,
  seed 0) on every window's graph.

Then ``cs.temporal.evolution(windows, measures=(..., "pagerank"))`` end to end (every column
of ``cs.temporal.MEASURES`` plus PageRank: projection, components, Louvain, modularity and
PageRank of every window), with ``reuse=None`` (cosignet decides from the first window's pair
contributions per tie), or with ``--evolution both`` once with ``reuse=False`` and once with
``reuse=True``, the two tables checked to be equal. Peak memory is the growth of the
resident set over each part (``VmHWM`` reset through ``/proc/self/clear_refs``, as in
``projection.py``) and the absolute peak.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

import numpy as np
import pandas as pd

import cosignet as cs
from cosignet._windows import REUSE_PAIRS_PER_EDGE, RollingCounts, empty_graph, reuse_pays
from projection import PeakMeter, cpu_model, git_revision

SIGMA = 1.0
MAX_SIZE = 1_000
GROUPS = 60
HOME_SHARE = 0.8
MEAN_TENURE_YEARS = 4.0


# ---------------------------------------------------------------------- the corpus


def generate(
    n_signatures: int, years: int, n_actors: int, mean_size: float, seed: int
) -> pd.DataFrame:
    """One row per signature: letter, signer, date (see the module docstring)."""
    rng = np.random.default_rng(seed)
    span = years * 365.25
    mu = np.log(mean_size) - SIGMA**2 / 2
    sizes: list[int] = []
    total = 0
    while total < n_signatures * 1.02:  # a few letters fall short of their size; cut below
        draw = np.clip(np.rint(rng.lognormal(mu, SIGMA, 10_000)), 2, MAX_SIZE).astype(np.int64)
        sizes.extend(draw.tolist())
        total += int(draw.sum())
    size = np.asarray(sizes, dtype=np.int64)
    size = size[: int(np.searchsorted(np.cumsum(size), n_signatures * 1.02)) + 1]
    n_letters = len(size)
    day = rng.uniform(0, span, n_letters)
    home = rng.integers(0, GROUPS, n_letters)

    start = rng.uniform(-2 * 365.25, span, n_actors)
    end = start + rng.exponential(MEAN_TENURE_YEARS * 365.25, n_actors)
    group = rng.integers(0, GROUPS, n_actors)
    popularity = 1.0 / rng.permutation(np.arange(1, n_actors + 1))  # Zipf, shuffled ranks
    cdf_all = np.cumsum(popularity) / popularity.sum()
    # The groups' popularity CDFs side by side: group g's runs over [g, g + 1], so one
    # searchsorted of g + u draws from group g for every draw at once.
    by_group = np.argsort(group, kind="stable")
    offsets = np.searchsorted(group[by_group], np.arange(GROUPS))
    weights = popularity[by_group]
    totals = np.add.reduceat(weights, offsets)
    sizes = np.diff([*offsets, n_actors])
    within = np.cumsum(weights) - np.repeat(np.cumsum(totals) - totals, sizes)
    cdf_groups = group[by_group] + within / totals[group[by_group]]

    keys = np.empty(0, dtype=np.int64)
    have = np.zeros(n_letters, dtype=np.int64)
    for _ in range(20):  # a letter among few active actors may never fill: it stays short
        short = np.flatnonzero(have < size)
        if len(short) < n_letters // 1000:
            break
        want = (size[short] - have[short]) * 3 + 2
        letter = np.repeat(short, want)
        pick = np.empty(len(letter), dtype=np.int64)
        from_home = rng.random(len(letter)) < HOME_SHARE
        away = ~from_home
        pick[away] = np.minimum(np.searchsorted(cdf_all, rng.random(int(away.sum()))), n_actors - 1)
        targets = home[letter[from_home]] + rng.random(int(from_home.sum()))
        slots = np.minimum(np.searchsorted(cdf_groups, targets), n_actors - 1)
        pick[from_home] = by_group[slots]
        when = day[letter]
        active = (start[pick] <= when) & (when <= end[pick])
        keys = np.unique(np.concatenate([keys, letter[active] * n_actors + pick[active]]))
        letters_of = keys // n_actors
        rank = np.arange(len(keys)) - np.searchsorted(letters_of, letters_of)
        keys = keys[rank < size[letters_of]]
        have = np.bincount(keys // n_actors, minlength=n_letters)
    keys = keys[:n_signatures]  # sorted by letter: only the last letter kept may be cut
    letter_of = keys // n_actors
    actor_of = keys % n_actors
    origin = np.datetime64("2015-01-01")
    dates = origin + np.floor(day).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "letter": np.char.add("L", letter_of.astype(str)),
            "signer": np.char.add("Signer ", actor_of.astype(str)),
            "date": dates[letter_of],
        }
    )


# ---------------------------------------------------------------------- timing


def summary(name: str, times: list[float]) -> str:
    values = np.asarray(times)
    return (
        f"{name:<22} {values.sum():9.2f} {values.mean() * 1e3:10.1f} "
        f"{np.median(values) * 1e3:10.1f} {values.max() * 1e3:10.1f}"
    )


def same_graph(a: cs.Graph, b: cs.Graph) -> bool:
    return bool(
        a.labels.equals(b.labels)
        and np.array_equal(a.upper.indptr, b.upper.indptr)
        and np.array_equal(a.upper.indices, b.upper.indices)
        and np.array_equal(a.upper.data, b.upper.data)
    )


def per_window(
    W: cs.temporal.Windows, seed: int
) -> tuple[dict[str, list[float]], list[int], list[int]]:
    """Time the stages of every window; check reuse against scratch; return times and sizes."""
    plan, index = W._plan, W._incidence
    rolling = RollingCounts(index, plan, 0.0)
    times: dict[str, list[float]] = {
        "cut rows and columns": [],
        "projection, scratch": [],
        "projection, reuse": [],
        "PageRank": [],
        "Louvain": [],
    }
    edges: list[int] = []
    pairs: list[int] = []
    mismatches = 0
    for window in range(plan.n_windows):
        started = time.perf_counter()
        rows = plan.letters_in(window)
        columns = index.columns(rows)
        times["cut rows and columns"].append(time.perf_counter() - started)

        started = time.perf_counter()
        B = index.incidence(rows, columns)
        G = empty_graph() if B is None else B.project()
        times["projection, scratch"].append(time.perf_counter() - started)

        started = time.perf_counter()
        H = rolling.graph(window, columns)
        times["projection, reuse"].append(time.perf_counter() - started)
        if not same_graph(G, H):
            mismatches += 1
        edges.append(G.n_edges)
        pairs.append(B.pair_contributions() if B is not None else 0)

        started = time.perf_counter()
        if G.n_nodes:
            cs.centrality.pagerank(G)
        times["PageRank"].append(time.perf_counter() - started)

        started = time.perf_counter()
        if G.n_nodes:
            cs.community.louvain(G, seed=seed)
        times["Louvain"].append(time.perf_counter() - started)
    if mismatches:
        print(f"!! reuse differs from scratch in {mismatches} windows", flush=True)
    return times, edges, pairs


def peer_window(B: cs.Bipartite, seed: int) -> dict[str, float]:
    """Time projection + PageRank + Louvain of one window in igraph and NetworkX."""
    import igraph as ig
    import networkx as nx

    matrix = B.matrix.tocoo()
    letters, actors = matrix.row, matrix.col + B.n_letters
    out: dict[str, float] = {}

    started = time.perf_counter()
    g = ig.Graph.Bipartite(
        [False] * B.n_letters + [True] * B.n_actors,
        list(zip(letters.tolist(), actors.tolist(), strict=True)),
    )
    projected = g.bipartite_projection(multiplicity=True, which=1)
    projected.pagerank(weights="weight")
    projected.community_multilevel(weights="weight")
    out["igraph"] = time.perf_counter() - started

    started = time.perf_counter()
    H = nx.Graph()
    H.add_nodes_from(range(B.n_letters), bipartite=0)
    H.add_nodes_from(range(B.n_letters, B.n_letters + B.n_actors), bipartite=1)
    H.add_edges_from(zip(letters.tolist(), actors.tolist(), strict=True))
    P = nx.bipartite.weighted_projected_graph(H, range(B.n_letters, B.n_letters + B.n_actors))
    nx.pagerank(P, weight="weight")
    nx.community.louvain_communities(P, weight="weight", seed=seed)
    out["NetworkX"] = time.perf_counter() - started
    return out


def compare_peers(W: cs.temporal.Windows, count: int, seed: int) -> None:
    """The first `count` non-empty windows through cosignet, igraph and NetworkX, with ratios."""
    plan, index = W._plan, W._incidence
    print(f"\n{'window':<10} {'ties':>10} {'cosignet s':>11} {'igraph s':>9} {'NetworkX s':>11}"
          f" {'igraph/cs':>10} {'NetworkX/cs':>12}")  # fmt: skip
    done = 0
    for window in range(plan.n_windows):
        rows = plan.letters_in(window)
        columns = index.columns(rows)
        if not len(columns):
            continue
        started = time.perf_counter()
        B = index.incidence(rows, index.columns(rows))
        assert B is not None
        G = B.project()
        cs.centrality.pagerank(G)
        cs.community.louvain(G, seed=seed)
        ours = time.perf_counter() - started
        peers = peer_window(B, seed)
        print(f"{W.labels[window]!s:<10} {G.n_edges:>10,} {ours:>11.2f} {peers['igraph']:>9.2f}"
              f" {peers['NetworkX']:>11.2f} {peers['igraph'] / ours:>10.1f}"
              f" {peers['NetworkX'] / ours:>12.1f}")  # fmt: skip
        done += 1
        if done == count:
            break


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--actors", type=int, default=60_000)
    parser.add_argument("--mean-size", type=float, default=25.0, help="mean signers per letter")
    parser.add_argument("--freq", default="M", choices=cs.temporal.FREQUENCIES)
    parser.add_argument("--length", type=int, default=12)
    parser.add_argument("--step", type=int, default=1)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--evolution",
        choices=("auto", "both", "none"),
        default="auto",
        help="evolution() end to end: once with reuse decided by cosignet (auto), with "
        "reuse=False and reuse=True (both, tables compared), or not at all",
    )
    parser.add_argument(
        "--peers",
        type=int,
        default=0,
        help="also run the first N windows through igraph and NetworkX (projection, PageRank, "
        "Louvain) and print the ratios",
    )
    args = parser.parse_args()
    if args.threads:
        cs.set_num_threads(args.threads)
    print(
        f"# cosignet temporal benchmark, {git_revision()}, {cpu_model()}, "
        f"{cs.get_num_threads()} threads, {dt.date.today().isoformat()}"
    )

    started = time.perf_counter()
    table = generate(args.signatures, args.years, args.actors, args.mean_size, args.seed)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
    built = time.perf_counter() - started
    n_letters = table.letter.nunique()
    print(
        f"corpus: {len(table):,} signatures, {n_letters:,} letters, "
        f"{table.signer.nunique():,} actors, {table.date.min().date()} to "
        f"{table.date.max().date()} (generated in {generated:.1f} s, "
        f"Corpus.from_frame {built:.1f} s)"
    )
    del table

    meter = PeakMeter()
    meter.start()
    started = time.perf_counter()
    W = cs.temporal.windows(corpus, freq=args.freq, length=args.length, step=args.step)
    index = W._incidence
    prepared = time.perf_counter() - started
    print(
        f"windows: {len(W)} of {args.length} {args.freq} every {args.step} "
        f"({W.labels[0]} .. {W.labels[-1]}), letters per window "
        f"{int(W.table.n_letters.min()):,} to {int(W.table.n_letters.max()):,}; windows() and "
        f"the corpus incidence {prepared:.2f} s ({index.B.n_signatures:,} signatures)"
    )

    started = time.perf_counter()
    times, edges, pairs = per_window(W, args.seed)
    wall = time.perf_counter() - started
    grown, peak = meter.stop()
    print(
        f"edges per window: {min(edges):,} to {max(edges):,} (mean {np.mean(edges):,.0f}); "
        f"pair contributions per window: mean {np.mean(pairs):,.0f}, max {max(pairs):,}"
    )
    print()
    print(f"{'stage':<22} {'total s':>9} {'mean ms':>10} {'median ms':>10} {'max ms':>10}")
    for name, values in times.items():
        print(summary(name, values))
    scratch = np.asarray(times["projection, scratch"]) + np.asarray(times["cut rows and columns"])
    reuse = np.asarray(times["projection, reuse"]) + np.asarray(times["cut rows and columns"])
    print(
        f"\nprojection per window: scratch {scratch.mean() * 1e3:.1f} ms, reuse "
        f"{reuse.mean() * 1e3:.1f} ms (reuse / scratch = {reuse.sum() / scratch.sum():.2f}); "
        "both include cutting the window's rows and columns"
    )
    stages = scratch + np.asarray(times["PageRank"]) + np.asarray(times["Louvain"])
    print(
        f"projection + PageRank + Louvain: {stages.sum():.1f} s for {len(W)} windows, "
        f"{stages.mean() * 1e3:.0f} ms per window (the pass above, both projections, took "
        f"{wall:.1f} s); peak memory +{grown / 1e6:,.0f} MB, {peak / 1e6:,.0f} MB max RSS"
    )

    if args.peers:
        compare_peers(W, args.peers, args.seed)
    if args.evolution == "none":
        return 0
    first = next(w for w in range(len(W)) if len(index.columns(W._plan.letters_in(w))))
    rows = W._plan.letters_in(first)
    B = index.incidence(rows, index.columns(rows))
    assert B is not None
    chosen = reuse_pays(B, B.project(), 0.0)
    print(
        f"\nfirst window: {B.pair_contributions() / max(B.project().n_edges, 1):.1f} pair "
        f"contributions per tie, so reuse=None chooses reuse={chosen} "
        f"(threshold {REUSE_PAIRS_PER_EDGE:g})"
    )
    measures = (*cs.temporal.MEASURES, "pagerank")
    flags: tuple[bool | None, ...] = (None,) if args.evolution == "auto" else (False, True)
    results = {}
    print(f"\n{'evolution()':<22} {'total s':>9} {'per window ms':>14} {'+peak MB':>9}")
    for flag in flags:
        fresh = cs.temporal.windows(corpus, freq=args.freq, length=args.length, step=args.step)
        meter.start()
        started = time.perf_counter()
        results[flag] = cs.temporal.evolution(fresh, measures=measures, reuse=flag, seed=args.seed)
        elapsed = time.perf_counter() - started
        grown, peak = meter.stop()
        print(
            f"{'reuse=' + str(flag):<22} {elapsed:9.1f} {elapsed / len(W) * 1e3:14.0f} "
            f"{grown / 1e6:9,.0f}   (max RSS {peak / 1e6:,.0f} MB)"
        )
    same = True
    if len(results) == 2:
        same = results[False].equals(results[True])
        print(f"tables equal: {same}")
    print()
    print(results[flags[-1]].iloc[:: max(1, len(W) // 10)].to_string(max_cols=12))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
