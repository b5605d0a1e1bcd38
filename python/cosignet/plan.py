"""The plan of :func:`cosignet.analyze`: what every step costs and what runs, before the work.

Before it projects anything, :func:`cosignet.analyze` counts the work of every step from the
incidence alone (pair contributions, the exact number of ties by
:meth:`Bipartite.projection_size`, sources x ties for path measures, nodes^2 for the drawing,
...), turns it into seconds with :data:`UNIT_COSTS` (measured on this project's machine) and
into bytes, and decides per step within a time budget and the memory available. The
:class:`Plan` is the result: one row per step with its work, estimated seconds and bytes, the
decision and the reason. ``cosignet analyze --plan`` prints it and stops; the report shows it
beside the time each step really took.

Rules
-----
**Giant letters.** A letter with n signers adds n(n - 1)/2 ties that say only "signed the
same letter". A letter is *giant* when it has at least :data:`GIANT_MIN_SIGNERS` signers and
its pair contributions are at least :data:`GIANT_SHARE` of the corpus's (so at most ten letters
are giant, and a letter of fewer than 1,000 signers never is). If every letter that ties
anyone is giant, none is treated as such (there is nothing else to measure them against).
Giant letters are handled by `giant_letters`:

- ``"two-mode"`` (default): the co-signature network is projected from the other letters;
  the giant letters stay in the incidence (the two-mode view: who signed which) and in every
  count of letters, each actor's ``giant_letters`` column says how many they signed, and the
  report describes each giant letter (signers, how many signed nothing else, overlap).
- ``"newman"``: every letter is projected with Newman's weighting (a letter of n signers
  gives each tie 1/(n - 1)), keeping only ties of at least 1/(m - 1), m the largest letter
  that is not giant: a tie made only by giant letters is dropped while projecting, one a
  smaller letter makes is kept, with the giant letters' small weight added.
- ``"keep"``: projected like any letter (the plan may then refuse for lack of memory).
- ``"drop"``: left out of the analysis (listed in the report); actors who signed only giant
  letters are not in the network.

**Budget.** Steps the report needs always run: the projection, degree and strength, PageRank,
eigenvector, coalitions, the drawing and the tables of letters, signatures and actors. The
others run in this order while their estimate fits in what is left of the budget: the
backbone, the edges in the tables and graph files (every tie; else the backbone's ties or the
strongest ties, as many as fit), the over-time windows, closeness and harmonic, betweenness
(exact; else sampled from as many sources as fit, at least :data:`MIN_SOURCES`), Katz, and
constraint with effective size. A step whose memory estimate exceeds the memory available is
skipped, and a projection that cannot fit is refused before it starts, with the options that
would make it fit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet._arguments import non_negative_real
from cosignet._memory import human_bytes
from cosignet.bipartite import Bipartite
from cosignet.errors import InvalidInputError

__all__ = [
    "BUDGET",
    "GIANT_HANDLINGS",
    "GIANT_MIN_SIGNERS",
    "GIANT_SHARE",
    "ITERATIONS",
    "MIN_SOURCES",
    "UNIT_COSTS",
    "Plan",
    "check_budget",
    "giant_mask",
]

#: Default time budget of the planned steps, in seconds.
BUDGET = 300.0
#: How giant letters can be handled (see the module docstring); the first is the default.
GIANT_HANDLINGS: tuple[str, ...] = ("two-mode", "newman", "keep", "drop")
#: No letter with fewer signers is giant: its clique is under half a million ties.
GIANT_MIN_SIGNERS = 1_000
#: A letter is giant when its pair contributions are at least this share of the corpus's.
GIANT_SHARE = 0.1
#: Fewest sampled sources betweenness is estimated from; below it the measure is skipped.
MIN_SOURCES = 32

#: Seconds per unit of work of each step, measured by ``benchmarks/plan_costs.py`` on this
#: project's machine (AMD EPYC, 2 cores, cosignet on 2 threads) on 2026-12-08, while other
#: jobs shared the machine (load average 4 to 7), so they are on the slow side; rerun it after
#: a kernel or writer changes (the graph writers were measured before they streamed). Each is
#: the larger of two generated graphs' figures (1,500 letters x 3,000 signers, 877,464 ties;
#: 8,000 letters x 60,000 signers, 10.4M ties), or of a million-signature corpus where noted.
#: Units: pair contributions (project, projection_size, backbone), ties (adjacency,
#: louvain, disparity, edge_table, csv, the graph formats), ties x iterations (pagerank,
#: eigenvector, katz; see :data:`ITERATIONS`), sources x ties (betweenness, closeness), the
#: sum of squared degrees (structural_holes), nodes^2 x iterations (layout), signatures
#: (resolve, incidence, signature_csv), windows (window: one window's cost besides its ties).
UNIT_COSTS: Mapping[str, float] = {
    "adjacency": 2.7e-7,
    "backbone": 6.2e-7,  # one SDSM (or fixed_*) pass, FDR included
    "betweenness": 5.8e-8,  # strength weights (lengths 1 / weight), as analyze runs it
    "closeness": 1.9e-8,  # one path pass (closeness and harmonic each take one)
    "csv": 5.7e-6,  # the edges table, spreadsheet-safe
    "disparity": 6.1e-7,
    "edge_table": 7.2e-7,
    "eigenvector": 1.4e-9,
    "gexf": 2.5e-5,
    "graphml": 3.4e-5,
    "incidence": 1.3e-5,  # Corpus.incidence of a million signatures: 13 s
    "json": 2.8e-5,
    "katz": 2.6e-9,
    "layout": 9.0e-8,
    "louvain": 1.7e-6,
    "pagerank": 3.0e-9,
    "project": 1.5e-7,
    "projection_size": 2.3e-8,
    "resolve": 3.4e-5,  # Corpus.resolve of a million signatures: 34 s
    "signature_csv": 4.0e-6,
    "structural_holes": 7.7e-9,  # per unit of the sum of squared degrees
    "window": 0.05,  # besides its ties: cutting, turnover, components, tracking
}
#: Typical iterations of the iterative measures (units are ties x iterations).
ITERATIONS: Mapping[str, int] = {"pagerank": 40, "eigenvector": 60, "katz": 60}
#: Iterations of the report's force-directed drawing.
LAYOUT_ITERATIONS = 80
#: Seconds of the report itself (plotly, figures), besides the drawing.
REPORT_SECONDS = 5.0
#: Bytes per tie: the upper triangle (16) and the symmetric adjacency (32).
GRAPH_BYTES_PER_TIE = 48
#: Bytes per tie of the edges table with names, shared letters and p-values.
TABLE_BYTES_PER_TIE = 160
#: Bytes per tested pair of a backbone pass (source, target, three floats, sorting).
BACKBONE_BYTES_PER_PAIR = 80
#: Share of the available memory the plan lets one step use.
MEMORY_SHARE = 0.8

# The plan's steps, in the order they run.
STEPS: tuple[str, ...] = (
    "resolve identities",
    "build the incidence",
    "giant letters",
    "project",
    "degree and strength",
    "pagerank",
    "eigenvector",
    "katz",
    "closeness and harmonic",
    "betweenness",
    "constraint and effective size",
    "find coalitions",
    "extract the backbone",
    "edges",
    "follow over time",
    "draw",
    "write",
)
COLUMNS: tuple[str, ...] = ("work", "units", "seconds", "bytes", "decision", "reason")


def check_budget(value: Any, name: str = "budget") -> float:
    """Return `value` as seconds, or raise InvalidInputError unless it is finite and > 0."""
    seconds = non_negative_real(value, name)
    if seconds <= 0:
        raise InvalidInputError(f"{name} must be a positive number of seconds, got {value!r}")
    return seconds


def giant_mask(sizes: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Which letters are giant, from their numbers of signers (see the module docstring).

    Examples
    --------
    >>> from cosignet.plan import giant_mask
    >>> giant_mask([8_800, 6_900, 900, 650, 402, 200]).tolist()
    [True, True, False, False, False, False]
    >>> giant_mask([47, 38]).tolist()  # small letters never are
    [False, False]
    """
    n = np.asarray(sizes, dtype=np.int64)
    pairs = n * (n - 1) // 2
    total = int(pairs.sum())
    giant = (n >= GIANT_MIN_SIGNERS) & (pairs >= GIANT_SHARE * total)
    if giant.any() and not (pairs[~giant] > 0).any():
        return np.zeros(len(n), dtype=bool)  # nothing left to measure them against
    return giant


@dataclass(frozen=True)
class Plan:
    """What :func:`cosignet.analyze` will run, estimated before the work.

    Attributes
    ----------
    steps : pandas.DataFrame
        One row per step (index ``step``): ``work`` (what the units count), ``units``,
        estimated ``seconds`` and ``bytes``, ``decision`` (``run``, ``exact``, ``sampled``,
        ``skipped``, ``done``, ``all ties``, ...) and ``reason``.
    giant : pandas.DataFrame
        The giant letters (index ``letter_id``): ``signers``, ``pair_contributions``,
        ``share`` of the corpus's pair contributions, ``only_giant`` (signers who signed no
        other letter); empty when there are none.
    giant_letters : str
        How giant letters are handled (``"none"`` when there are none).
    budget : float
        The time budget, in seconds.
    memory : int
        The memory the plan may use, in bytes.
    pair_contributions : int
        Of the letters projected.
    ties : int
        Of the co-signature network (exact).
    sources : int or None
        Sources betweenness is sampled from (None: exact or skipped).
    written_ties : int
        Ties the edges table and graph files may hold.
    min_weight : float
        The projection's smallest tie weight (raised by the ``newman`` handling).
    weighting : str
        The projection's weighting (``newman`` under that handling).
    freq : str or None
        The over-time windows' base period (None: no section).
    extra : dict
        Everything else the report shows (such as why there are no windows).

    Examples
    --------
    >>> import cosignet as cs
    >>> plan = cs.analysis_plan(cs.datasets.interpol_2021())
    >>> plan.ties, plan.decision("betweenness"), plan.giant_letters
    (1784, 'exact', 'none')
    """

    steps: pd.DataFrame
    giant: pd.DataFrame
    giant_letters: str
    budget: float
    memory: int
    pair_contributions: int
    ties: int
    sources: int | None
    written_ties: int
    min_weight: float
    weighting: str
    freq: str | None
    extra: dict[str, Any] = field(default_factory=dict)

    def decision(self, step: str) -> str:
        """Return the decision of `step` (a row of :attr:`steps`)."""
        return str(self.steps.at[step, "decision"])

    def runs(self, step: str) -> bool:
        """Whether `step` runs (it is neither skipped nor done already)."""
        return self.decision(step) not in ("skipped", "done")

    @property
    def seconds(self) -> float:
        """The estimated seconds of the steps still to run."""
        rows = self.steps[~self.steps.decision.isin(("skipped", "done"))]
        return float(rows.seconds.sum())

    @property
    def all_exact(self) -> bool:
        """Whether every measure runs exactly (as :func:`cosignet.centrality.table`)."""
        measures = (
            "katz",
            "closeness and harmonic",
            "betweenness",
            "constraint and effective size",
        )
        return all(self.decision(step) == "exact" for step in measures)

    def table(self) -> pd.DataFrame:
        """Return the steps with seconds rounded and bytes in words, for people."""
        shown = self.steps.copy()
        shown["units"] = [f"{u:,.0f}" if u == u else "" for u in shown.units]
        shown["seconds"] = [format_seconds(s) for s in shown.seconds]
        shown["bytes"] = [human_bytes(b) if b > 0 else "" for b in shown.bytes]
        return shown

    def __str__(self) -> str:
        head = (
            f"Plan: {self.ties:,} ties from {self.pair_contributions:,} pair contributions; "
            f"about {format_seconds(self.seconds)} within a budget of "
            f"{format_seconds(self.budget)}, "
            f"{human_bytes(self.memory)} of memory available"
        )
        lines = [head]
        width = max(len(step) for step in self.steps.index)
        for step, row in self.steps.iterrows():
            runs = row.decision not in ("skipped", "done") and row.seconds > 0
            estimate = format_seconds(row.seconds) if runs else ""
            if row.bytes > 0 and runs:
                estimate += f", {human_bytes(row.bytes)}"
            reason = f" ({row.reason})" if row.reason else ""
            lines.append(
                f"  {step:<{width}}  {row.decision}{reason}"
                + (f"; est. {estimate}" if estimate else "")
            )
        return "\n".join(lines)


def format_seconds(value: float) -> str:
    """Seconds for people: ``< 0.1 s``, ``4.2 s``, ``3.5 min``, ``1.2 h``."""
    if math.isnan(value):
        return ""
    if value < 0.1:
        return "< 0.1 s"
    if value < 100:
        return f"{value:.1f} s"
    if value < 6_000:
        return f"{value / 60:.1f} min"
    return f"{value / 3600:.1f} h"


def cost(step: str, units: float) -> float:
    """Seconds for `units` of `step`'s work (:data:`UNIT_COSTS`)."""
    return float(units) * UNIT_COSTS[step]


class _Rows:
    """The plan's rows as they are decided, and the budget left."""

    def __init__(self, budget: float) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.left = budget

    def add(
        self,
        step: str,
        work: str,
        units: float,
        seconds: float,
        bytes_: float,
        decision: str,
        reason: str = "",
    ) -> None:
        self.rows[step] = {
            "work": work,
            "units": float(units),
            "seconds": float(seconds),
            "bytes": float(bytes_),
            "decision": decision,
            "reason": reason,
        }
        if decision not in ("skipped", "done"):
            self.left -= seconds

    def frame(self) -> pd.DataFrame:
        frame = pd.DataFrame.from_dict(self.rows, orient="index", columns=list(COLUMNS))
        frame = frame.reindex([s for s in STEPS if s in self.rows])
        frame.index.name = "step"
        return frame


def over_budget(seconds: float, left: float) -> str:
    """Say why a step of `seconds` does not fit in the `left` seconds of the budget."""
    return (
        f"about {format_seconds(seconds)}, more than the {format_seconds(max(left, 0.0))} "
        "left of the budget"
    )


def over_memory(needed: float, memory: float) -> str:
    """Say why a step needing `needed` bytes does not fit in `memory`."""
    return f"needs about {human_bytes(needed)}, more than the {human_bytes(memory)} available"


def optional(
    rows: _Rows,
    step: str,
    work: str,
    units: float,
    seconds: float,
    bytes_: float,
    memory: float,
    run: str = "run",
) -> bool:
    """Add an optional step: `run` when it fits in the budget and memory, else skipped."""
    if bytes_ > memory:
        rows.add(step, work, units, seconds, bytes_, "skipped", over_memory(bytes_, memory))
        return False
    if seconds > rows.left:
        rows.add(step, work, units, seconds, bytes_, "skipped", over_budget(seconds, rows.left))
        return False
    rows.add(step, work, units, seconds, bytes_, run)
    return True


def sum_squared_degrees(by_actor_sizes: npt.NDArray[np.int64], repeats: float) -> float:
    """Estimate the sum of squared degrees from each actor's co-signer count (with repeats)."""
    bound = by_actor_sizes.astype(np.float64)
    return float((bound**2).sum()) / max(repeats, 1.0) ** 2


def sampled_sources(left: float, ties: float, n: int) -> int:
    """How many betweenness sources fit in `left` seconds (at most n)."""
    per_source = max(cost("betweenness", ties), 1e-12)
    return int(min(n, math.floor(max(left, 0.0) / per_source)))


# ---------------------------------------------------------------------- giant letters


@dataclass(frozen=True)
class Projection:
    """What is projected: the incidence (rows and columns kept), weighting and min_weight."""

    incidence: Bipartite
    weighting: str
    min_weight: float
    giant: npt.NDArray[np.bool_]
    handling: str


def projection(B: Bipartite, handling: str, weighting: str, min_weight: float) -> Projection:
    """Apply the giant-letter `handling` to `B`: what :func:`cosignet.analyze` projects."""
    sizes = np.diff(B.matrix.indptr)
    giant = giant_mask(sizes)
    if not giant.any():
        return Projection(B, weighting, float(min_weight), giant, "none")
    if handling == "keep":
        return Projection(B, weighting, float(min_weight), giant, handling)
    if handling == "newman":
        largest = int(sizes[~giant].max())
        threshold = 1.0 / (largest - 1)
        return Projection(B, "newman", max(float(min_weight), threshold), giant, handling)
    rows = np.flatnonzero(~giant)
    matrix = B.matrix[rows]
    columns = np.arange(B.n_actors)
    if handling == "drop":
        columns = np.flatnonzero(np.bincount(matrix.indices, minlength=B.n_actors) > 0)
        matrix = matrix[:, columns]
    kept = Bipartite(
        matrix,
        B.letter_labels.take(rows),
        B.actor_labels.take(columns),
        letters=B.letters.iloc[rows],
        actors=B.actors.iloc[columns],
    )
    return Projection(kept, weighting, float(min_weight), giant, handling)


def giant_table(B: Bipartite, giant: npt.NDArray[np.bool_]) -> pd.DataFrame:
    """One row per giant letter: signers, pair contributions, share, signers of nothing else."""
    sizes = np.diff(B.matrix.indptr).astype(np.int64)
    pairs = sizes * (sizes - 1) // 2
    total = max(int(pairs.sum()), 1)
    rows = np.flatnonzero(giant)
    # Letters each actor signed, besides giant ones.
    other = np.bincount(B.matrix[np.flatnonzero(~giant)].indices, minlength=B.n_actors).astype(
        np.int64
    )
    only = [
        int((other[B.matrix.indices[B.matrix.indptr[r] : B.matrix.indptr[r + 1]]] == 0).sum())
        for r in rows
    ]
    table = pd.DataFrame(
        {
            "signers": sizes[rows],
            "pair_contributions": pairs[rows],
            "share": pairs[rows] / total,
            "only_giant": np.asarray(only, dtype=np.int64),
        },
        index=pd.Index(B.letter_labels.take(rows), name="letter_id"),
    )
    return table.sort_values("signers", ascending=False, kind="stable")


def _giant_reason(table: pd.DataFrame, total: int) -> str:
    if table.empty:
        return (
            f"no letter of {GIANT_MIN_SIGNERS:,} signers or more holds "
            f"{GIANT_SHARE:.0%} of the pair contributions"
        )
    sizes = ", ".join(f"{s:,}" for s in table.signers)
    count = len(table)
    return (
        f"{count} letter{'s' if count != 1 else ''} of {sizes} signers hold "
        f"{int(table.pair_contributions.sum()):,} of {total:,} pair contributions "
        f"({table.pair_contributions.sum() / max(total, 1):.0%})"
    )


_HANDLED = {
    "two-mode": "projected from the other letters; the giant letters are measured in the "
    "two-mode view",
    "newman": "Newman weighting with min_weight {min_weight:.3g}: ties only giant letters make "
    "are dropped",
    "keep": "projected like any letter (as asked)",
    "drop": "left out of the analysis (as asked)",
}


# ---------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Windows:
    """What the over-time step would cut: base period, windows, and pair contributions."""

    freq: str | None
    n_windows: int
    letter_period: npt.NDArray[np.int64]  # per incidence row; -1 when left out
    reason: str


def make_plan(
    B: Bipartite,
    *,
    weighting: str,
    min_weight: float,
    backbone: str,
    formats: tuple[str, ...],
    giant_letters: str,
    budget: float,
    memory: int,
    windows: Windows,
    drawn_nodes: int,
    done: Mapping[str, float],
) -> tuple[Plan, Projection]:
    """Plan :func:`cosignet.analyze` on the incidence `B` (see the module docstring).

    `done` gives the measured seconds of the steps already run (identity resolution and the
    incidence); `windows` the over-time windows; `drawn_nodes` the most nodes drawn.
    Returns the plan and what to project.
    """
    chosen = projection(B, giant_letters, weighting, min_weight)
    P = chosen.incidence
    rows = _Rows(budget)
    n_signatures = B.n_signatures
    for step, unit in (("resolve identities", "resolve"), ("build the incidence", "incidence")):
        rows.add(
            step,
            "signatures",
            n_signatures,
            done.get(step, cost(unit, n_signatures)),
            0,
            "done",
            f"took {format_seconds(done.get(step, math.nan))}",
        )
    sizes_all = np.diff(B.matrix.indptr).astype(np.int64)
    total_pairs = int((sizes_all * (sizes_all - 1) // 2).sum())
    giant = giant_table(B, chosen.giant) if chosen.giant.any() else _empty_giant()
    handling = chosen.handling
    reason = _giant_reason(giant, total_pairs)
    if handling != "none":
        reason += "; " + _HANDLED[handling].format(min_weight=chosen.min_weight)
    rows.add(
        "giant letters",
        "pair contributions",
        int(giant.pair_contributions.sum()),
        0,
        0,
        handling,
        reason,
    )

    sizes = np.diff(P.matrix.indptr).astype(np.int64)
    pairs = int((sizes * (sizes - 1) // 2).sum())
    n = P.n_actors
    lower = int((sizes * (sizes - 1) // 2).max()) if len(sizes) else 0
    if lower * GRAPH_BYTES_PER_TIE > memory:
        ties = lower  # at least the largest letter's clique: too large already
        exact_ties = False
    else:
        checked = cast(Any, chosen.weighting)  # checked against WEIGHTINGS already
        ties = P.projection_size(weighting=checked, min_weight=chosen.min_weight)
        exact_ties = True
    graph_bytes = ties * GRAPH_BYTES_PER_TIE + 16 * n
    project_seconds = cost("project", pairs) + cost("adjacency", ties)
    work = "pair contributions" + ("" if exact_ties else " (ties: at least)")
    if graph_bytes > memory:
        rows.add(
            "project",
            work,
            pairs,
            project_seconds,
            graph_bytes,
            "refused",
            over_memory(graph_bytes, memory),
        )
    else:
        rows.add(
            "project",
            work,
            pairs,
            project_seconds,
            graph_bytes,
            "run",
            f"{ties:,} ties, {n:,} actors",
        )
    repeats = pairs / max(ties, 1)
    rows.add("degree and strength", "ties", ties, 1e-8 * ties, 8 * n, "exact")
    for step in ("pagerank", "eigenvector"):
        units = ties * ITERATIONS[step]
        rows.add(step, "ties x iterations", units, cost(step, units), 32 * n, "exact")
    rows.add("find coalitions", "ties", ties, cost("louvain", ties), 24 * ties, "run")
    with_ties = int(
        np.count_nonzero(np.bincount(P.matrix.indices[np.repeat(sizes >= 2, sizes)], minlength=n))
    )
    drawn = min(drawn_nodes, with_ties or n)  # without ties, every actor is drawn
    draw_seconds = cost("layout", float(drawn) ** 2 * LAYOUT_ITERATIONS)
    rows.add(
        "write",
        "signatures",
        n_signatures,
        cost("signature_csv", n_signatures) + REPORT_SECONDS,
        0,
        "run",
    )
    if draw_seconds > max(rows.left, 0.0) and drawn > 200:
        fit = int(math.sqrt(max(rows.left, 0.0) / (LAYOUT_ITERATIONS * UNIT_COSTS["layout"])))
        smaller = max(200, fit)
        why = f"{drawn:,} nodes would take {format_seconds(draw_seconds)}"
        drawn = smaller
        draw_seconds = cost("layout", float(drawn) ** 2 * LAYOUT_ITERATIONS)
        rows.add(
            "draw",
            "nodes^2 x iterations",
            drawn**2 * LAYOUT_ITERATIONS,
            draw_seconds,
            48 * drawn,
            f"{drawn:,} nodes",
            why,
        )
    else:
        rows.add(
            "draw",
            "nodes^2 x iterations",
            drawn**2 * LAYOUT_ITERATIONS,
            draw_seconds,
            48 * drawn,
            f"{drawn:,} nodes",
            "the most central actors with ties" if drawn < with_ties else "",
        )

    # Optional steps, in order of value, while they fit.
    backbone_runs = False
    if backbone == "none":
        rows.add(
            "extract the backbone", "pair contributions", pairs, 0, 0, "skipped", "backbone='none'"
        )
    else:
        units, unit = (ties, "disparity") if backbone == "disparity" else (pairs, "backbone")
        backbone_runs = optional(
            rows,
            "extract the backbone",
            "ties" if unit == "disparity" else "pair contributions",
            units,
            cost(unit, units),
            BACKBONE_BYTES_PER_PAIR * ties,
            memory * MEMORY_SHARE,
        )
    per_tie = UNIT_COSTS["edge_table"] + sum(
        UNIT_COSTS[f] for f in ("csv", "graphml", "gexf", "json") if f in formats
    )
    # Every tie's p-value takes a second pass of the backbone.
    second_pass = rows.rows["extract the backbone"]["seconds"] if backbone_runs else 0.0
    all_seconds = per_tie * ties + second_pass
    table_bytes = TABLE_BYTES_PER_TIE * ties
    affordable = all_seconds <= rows.left and table_bytes <= memory * MEMORY_SHARE
    if ties <= MIN_WRITTEN_TIES or affordable:
        written = ties
        rows.add("edges", "ties", ties, all_seconds, table_bytes, "all ties")
    else:
        room = min(max(rows.left, 0.0) / per_tie, memory * MEMORY_SHARE / TABLE_BYTES_PER_TIE)
        written = int(min(ties, max(MIN_WRITTEN_TIES, room)))
        which = "backbone ties" if backbone_runs else "strongest ties"
        why = (
            f"all {ties:,} ties would take about {format_seconds(all_seconds)}"
            if table_bytes <= memory * MEMORY_SHARE
            else f"all {ties:,} ties {over_memory(table_bytes, memory * MEMORY_SHARE)}"
        )
        rows.add(
            "edges",
            "ties",
            written,
            per_tie * written,
            TABLE_BYTES_PER_TIE * written,
            which,
            f"{why}; at most {written:,}",
        )

    freq = windows.freq
    if freq is None:
        rows.add("follow over time", "windows", 0, 0, 0, "skipped", windows.reason)
    else:
        periods = windows.letter_period
        inside = periods >= 0
        if len(periods) == len(sizes_all) and handling in ("two-mode", "drop"):
            inside &= ~chosen.giant
        dated_sizes = sizes_all[inside]
        dated_pairs = float((dated_sizes * (dated_sizes - 1) // 2).sum())
        dated_ties = dated_pairs / max(repeats, 1.0)
        seconds = (
            cost("project", dated_pairs)
            + cost("adjacency", dated_ties)
            + cost("louvain", dated_ties)
            + cost("pagerank", dated_ties * ITERATIONS["pagerank"])
            + cost("window", windows.n_windows)
        )
        if not optional(
            rows,
            "follow over time",
            "windows",
            windows.n_windows,
            seconds,
            GRAPH_BYTES_PER_TIE * dated_ties,
            memory * MEMORY_SHARE,
            run=f"{windows.n_windows:,} window{'s' if windows.n_windows != 1 else ''} of one "
            f"{_PERIODS[freq]}",
        ):
            freq = None

    # Path searches from a node without ties end at once: sources that cost are tied ones.
    path_units = float(with_ties) * ties
    optional(
        rows,
        "closeness and harmonic",
        "sources x ties",
        path_units,
        2 * cost("closeness", path_units),
        24 * n,
        memory,
        run="exact",
    )
    exact = cost("betweenness", path_units)
    betweenness_exact = exact <= rows.left
    if betweenness_exact:
        rows.add("betweenness", "sources x ties", path_units, exact, 24 * n, "exact")
    katz_units = float(ties) * ITERATIONS["katz"]
    optional(
        rows,
        "katz",
        "ties x iterations",
        katz_units,
        cost("katz", katz_units),
        32 * n,
        memory,
        run="exact",
    )
    squares = sum_squared_degrees(_co_signers(P), repeats)
    optional(
        rows,
        "constraint and effective size",
        "sum of squared degrees",
        squares,
        2 * cost("structural_holes", squares),
        48 * n * 2,
        memory,
        run="exact",
    )
    sources: int | None = None
    if not betweenness_exact:  # sampled from what is left, after the cheaper measures
        share = with_ties / max(n, 1)  # sampled sources without ties cost nothing
        k = sampled_sources(rows.left, ties * share, n)
        if k >= MIN_SOURCES:
            sources = k
            sampled_units = float(k) * ties * share
            rows.add(
                "betweenness",
                "sources x ties",
                sampled_units,
                cost("betweenness", sampled_units),
                24 * n,
                "sampled",
                f"from {k:,} of {n:,} sources: exact would take about {format_seconds(exact)}",
            )
        else:
            why = over_budget(exact, rows.left) + f"; fewer than {MIN_SOURCES} sources fit"
            rows.add("betweenness", "sources x ties", path_units, exact, 24 * n, "skipped", why)

    plan = Plan(
        steps=rows.frame(),
        giant=giant,
        giant_letters=handling,
        budget=float(budget),
        memory=int(memory),
        pair_contributions=pairs,
        ties=int(ties),
        sources=sources,
        written_ties=int(written),
        min_weight=chosen.min_weight,
        weighting=chosen.weighting,
        freq=freq,
        extra={"drawn_nodes": drawn, "with_ties": with_ties, "window_reason": windows.reason},
    )
    return plan, chosen


#: Fewest ties the edges table and graph files hold when not every tie fits the budget.
MIN_WRITTEN_TIES = 100_000
_PERIODS = {"Y": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day"}


def _co_signers(B: Bipartite) -> npt.NDArray[np.int64]:
    """Each actor's co-signers counted with repeats: sum over their letters of (size - 1)."""
    sizes = np.diff(B.matrix.indptr).astype(np.int64)
    per_entry = np.repeat(sizes - 1, sizes)
    return np.bincount(B.matrix.indices, weights=per_entry, minlength=B.n_actors).astype(np.int64)


def _empty_giant() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "signers": pd.Series(dtype=np.int64),
            "pair_contributions": pd.Series(dtype=np.int64),
            "share": pd.Series(dtype=np.float64),
            "only_giant": pd.Series(dtype=np.int64),
        },
        index=pd.Index([], name="letter_id", dtype=object),
    )
