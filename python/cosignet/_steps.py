"""Running the steps of :func:`cosignet.analyze` as its plan decided.

:class:`Steps` times each step and, on a terminal, prints one line per step with the plan's
estimate and, when it ends, the time it took; in a pipe or a log it prints nothing.
:func:`measure` computes the actor measures the plan chose: every one exactly (as
:func:`cosignet.centrality.table`), or each as decided (exact, sampled or skipped).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, Any

import numpy as np
import pandas as pd

from cosignet import centrality
from cosignet.graph import Graph
from cosignet.plan import Plan, format_seconds

#: The measures' columns, in the order of :func:`cosignet.centrality.table`.
MEASURES: tuple[str, ...] = (
    "degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector", "pagerank",
    "katz", "constraint", "effective_size",
)  # fmt: skip
#: The plan's step of each measure.
STEP_OF: dict[str, str] = {
    "degree": "degree and strength",
    "strength": "degree and strength",
    "betweenness": "betweenness",
    "closeness": "closeness and harmonic",
    "harmonic": "closeness and harmonic",
    "eigenvector": "eigenvector",
    "pagerank": "pagerank",
    "katz": "katz",
    "constraint": "constraint and effective size",
    "effective_size": "constraint and effective size",
}


class Steps:
    """Times the steps; with `show`, one line per step on `stream` (standard error)."""

    def __init__(self, show: bool, stream: IO[str] | None = None) -> None:
        self.timings: dict[str, float] = {}
        self.show = show
        self._stream = stream
        self._count = 0

    def say(self, text: str) -> None:
        """Print `text` (a line) when shown."""
        if self.show:
            stream = self._stream or sys.stderr
            print(text, file=stream, flush=True)

    def run(self, name: str, work: Callable[[], Any], estimate: float | None = None) -> Any:
        """Run `work` as the step `name`, timed; the line shows the estimate in seconds."""
        stream = self._stream or sys.stderr
        if self.show:
            self._count += 1
            guess = f" (est. {format_seconds(estimate)})" if estimate is not None else ""
            print(f"cosignet: {name}{guess} ...", end="", file=stream, flush=True)
        started = time.perf_counter()
        try:
            result = work()
        except BaseException:
            if self.show:
                print(" stopped", file=stream, flush=True)
            raise
        elapsed = time.perf_counter() - started
        self.timings[name] = self.timings.get(name, 0.0) + elapsed
        if self.show:
            print(f" {format_seconds(elapsed)}", file=stream, flush=True)
        return result

    def planned(self, plan: Plan, step: str, work: Callable[[], Any]) -> Any:
        """Run the plan's `step` with its estimate."""
        return self.run(step, work, float(plan.steps.at[step, "seconds"]))


def measure(G: Graph, plan: Plan, steps: Steps, seed: int) -> pd.DataFrame:
    """Every actor measure the plan chose, as :func:`cosignet.centrality.table`'s columns.

    When the plan runs every measure exactly this is :func:`cosignet.centrality.table` itself
    (one call, the same numbers). Otherwise each runs as decided: betweenness may be sampled
    (from ``plan.sources`` sources, seeded), a skipped measure is a column of NaN, and Katz's
    alpha is half the inverse of the leading eigenvalue (the Rayleigh quotient of the
    eigenvector), as in :func:`cosignet.centrality.table`.
    """
    if plan.all_exact:
        names = list(dict.fromkeys(STEP_OF.values()))
        estimate = float(plan.steps.loc[names, "seconds"].sum())
        return steps.run("measure", lambda: centrality.table(G), estimate)
    columns: dict[str, pd.Series] = {}
    nothing = pd.Series(np.nan, index=G.labels, dtype=np.float64)

    def chosen(step: str) -> bool:
        return plan.runs(step)

    columns["degree"], columns["strength"] = steps.planned(
        plan, "degree and strength", lambda: (centrality.degree(G), centrality.strength(G))
    )
    columns["pagerank"] = steps.planned(plan, "pagerank", lambda: centrality.pagerank(G))
    columns["eigenvector"] = steps.planned(plan, "eigenvector", lambda: centrality.eigenvector(G))
    if chosen("closeness and harmonic"):
        columns["closeness"], columns["harmonic"] = steps.planned(
            plan,
            "closeness and harmonic",
            lambda: (centrality.closeness(G), centrality.harmonic(G)),
        )
    if chosen("betweenness"):
        columns["betweenness"] = steps.planned(
            plan,
            "betweenness",
            lambda: centrality.betweenness(G, k=plan.sources, seed=seed, progress=False),
        )
    katz_alpha = float("nan")
    if chosen("katz"):
        eigenvalue = _rayleigh(G, columns["eigenvector"])
        katz_alpha = 0.5 / eigenvalue if eigenvalue > 0 else 0.1
        columns["katz"] = steps.planned(plan, "katz", lambda: centrality.katz(G, alpha=katz_alpha))
    if chosen("constraint and effective size"):
        columns["constraint"], columns["effective_size"] = steps.planned(
            plan,
            "constraint and effective size",
            lambda: (centrality.constraint(G), centrality.effective_size(G)),
        )
    table = pd.DataFrame(
        {name: columns.get(name, nothing).rename(name) for name in MEASURES}, index=G.labels
    )
    table.attrs["katz_alpha"] = katz_alpha
    return table


def _rayleigh(G: Graph, vector: pd.Series) -> float:
    """Return the eigenvalue of the unit eigenvector `vector`: x . A x."""
    x = vector.to_numpy(dtype=np.float64)
    if not len(x) or not G.n_edges:
        return 0.0
    return float(x @ (G.adjacency @ x))
