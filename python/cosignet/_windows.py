"""Time windows over a corpus: which letters each window holds, and each window's network.

The public face is :mod:`cosignet.temporal`; this module does the bookkeeping:

- :func:`make_plan` turns letter dates into base periods (years, quarters, months, weeks or
  days) and lays fixed, rolling or cumulative windows over them;
- :class:`WindowIncidence` cuts one window's letters x actors incidence out of the whole
  corpus's, with rows and columns in the order the window's own corpus would have them, so
  that projecting it gives exactly the graph :meth:`Corpus.incidence` and
  :meth:`Bipartite.project` give on that corpus (same nodes, same order, same ties);
- :class:`RollingCounts` gets the same graphs for overlapping windows by adding and
  subtracting the co-signature counts of the base periods entering and leaving a window,
  instead of projecting every window from scratch.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from cosignet import _core
from cosignet._arguments import choice, positive_int
from cosignet._sparse import IndexArray, entry_rows, wrap_csr
from cosignet.bipartite import Bipartite
from cosignet.corpus import Corpus
from cosignet.errors import InvalidInputError
from cosignet.graph import Graph

#: Base periods windows are made of: years, quarters, months, weeks (Monday to Sunday), days.
FREQUENCIES: tuple[str, ...] = ("Y", "Q", "M", "W", "D")
#: Pair contributions per tie from which adding and subtracting per-period counts is faster
#: than projecting each window. Measured in ``benchmarks/temporal.py``: projecting costs 5 to
#: 16 ns per pair contribution, updating, relabelling and rebuilding a window 60 to 140 ns per
#: tie; reuse took 0.65 of the projection's time at 29 pair contributions per tie, 1.1 times
#: at 18 and 2.7 times at 1.4.
REUSE_PAIRS_PER_EDGE = 25.0


def _day(period: pd.Period, how: str) -> dt.date:
    """First or last day of `period` as a date (also outside pandas' Timestamp range)."""
    day = period.asfreq("D", how=how)
    return dt.date(day.year, day.month, day.day)


@dataclass(frozen=True)
class Plan:
    """Windows laid over base periods.

    Base period ``p`` (0, 1, ...) is ``origin + p``; window ``w`` covers base periods
    ``first[w] .. last[w]`` (inclusive) and is labelled by the period ``origin + last[w]``.
    ``letter_period`` gives each letter's base period, -1 for a letter without a date.
    """

    freq: str
    length: int
    step: int
    cumulative: bool
    origin: pd.Period
    n_periods: int
    letter_period: IndexArray
    first: IndexArray
    last: IndexArray

    @property
    def n_windows(self) -> int:
        return len(self.first)

    @property
    def labels(self) -> pd.PeriodIndex:
        return pd.PeriodIndex([self.origin + int(end) for end in self.last], name="window")

    def bounds(self) -> tuple[list[dt.date], list[dt.date]]:
        """First and last day of every window."""
        starts = [_day(self.origin + int(p), "start") for p in self.first]
        ends = [_day(self.origin + int(p), "end") for p in self.last]
        return starts, ends

    def letters_in(self, window: int) -> IndexArray:
        """Positions (in corpus order) of the letters window `window` holds."""
        period = self.letter_period
        inside = (period >= self.first[window]) & (period <= self.last[window])
        positions: IndexArray = np.flatnonzero(inside).astype(np.int64)
        return positions

    def overlapping(self) -> bool:
        """Whether consecutive windows share base periods (rolling or cumulative windows)."""
        return self.n_windows > 1 and bool(np.any(self.first[1:] <= self.last[:-1]))


def check_window_options(
    freq: Any, length: Any, step: Any, cumulative: Any
) -> tuple[str, int, int, bool]:
    """Return the checked (freq, length, step, cumulative); step defaults to length."""
    chosen = choice(freq, FREQUENCIES, "freq")
    periods = positive_int(length, "length")
    stride = periods if step is None else positive_int(step, "step")
    if not isinstance(cumulative, (bool, np.bool_)):
        raise InvalidInputError(f"cumulative must be True or False, got {cumulative!r}")
    return chosen, periods, stride, bool(cumulative)


def make_plan(
    dates: Sequence[dt.date | None], freq: str, length: int, step: int, cumulative: bool
) -> Plan:
    """Lay windows over the base periods spanned by the dated letters.

    Windows start at the first period and every `step` periods after it, each `length`
    periods long (cumulative windows all start at the first period and end where those end).
    They stop at the first window that reaches the last dated letter, so every dated letter
    is in a window unless `step` > `length` leaves gaps.
    """
    ordinals = np.full(len(dates), -1, dtype=np.int64)
    dated = np.fromiter((d is not None for d in dates), dtype=bool, count=len(dates))
    if not dated.any():
        raise InvalidInputError(
            "no letter has a date, so the corpus cannot be cut into time windows; give dates "
            "(Corpus.from_frame(..., date=...), or a date line in each letter)"
        )
    cache: dict[dt.date, int] = {}
    for position in np.flatnonzero(dated):
        day = dates[int(position)]
        assert day is not None
        if day not in cache:
            cache[day] = int(pd.Period(day, freq).ordinal)
        ordinals[position] = cache[day]
    low = int(ordinals[dated].min())
    high = int(ordinals[dated].max())
    letter_period = np.where(dated, ordinals - low, -1).astype(np.int64)
    n_periods = high - low + 1
    if n_periods <= length:
        count = 1
    else:
        count = (n_periods - length) // step + 1
        if (count - 1) * step + length < n_periods:
            count += 1  # one more window, reaching past the last letter, to hold it
    starts = np.arange(count, dtype=np.int64) * step
    ends = starts + (length - 1)
    if cumulative:
        starts = np.zeros(count, dtype=np.int64)
    return Plan(
        freq=freq,
        length=length,
        step=step,
        cumulative=cumulative,
        origin=pd.Period(ordinal=low, freq=freq),
        n_periods=n_periods,
        letter_period=letter_period,
        first=starts,
        last=ends,
    )


def periods_spanned(dates: Sequence[dt.date | None], freq: str) -> int:
    """Count the base periods from the first dated letter's to the last's (0 without dates)."""
    dated = [d for d in dates if d is not None]
    if not dated:
        return 0
    return int(pd.Period(max(dated), freq).ordinal - pd.Period(min(dated), freq).ordinal + 1)


def fitting_frequencies(dates: Sequence[dt.date | None]) -> list[str]:
    """List the base periods (coarsest first) making no more windows than dated letters.

    One window per base period is the most a single-period cut makes; capping it by the dated
    letters keeps the work proportional to the corpus (two letters a century apart would
    otherwise make 36,525 daily windows).
    """
    n_dated = sum(d is not None for d in dates)
    return [freq for freq in FREQUENCIES if 0 < periods_spanned(dates, freq) <= n_dated]


def check_frequency(dates: Sequence[dt.date | None], freq: str, name: str = "freq") -> int:
    """Return the windows `freq` makes, or raise when they outnumber the dated letters.

    The message names the finest base period that fits (or says none does).
    """
    count = periods_spanned(dates, freq)
    n_dated = sum(d is not None for d in dates)
    if count <= n_dated:
        return count
    fitting = fitting_frequencies(dates)
    unit = {"Y": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day"}
    plural = "s" if n_dated != 1 else ""
    if fitting:
        finest = fitting[-1]
        hint = (
            f"the finest that fits is {name}={finest!r} "
            f"({periods_spanned(dates, finest):,} windows)"
        )
    else:
        hint = (
            f"no base period fits (even years make {periods_spanned(dates, 'Y'):,}); leave "
            f"{name} out to skip the time windows"
        )
    raise InvalidInputError(
        f"{name}={freq!r} would make {count:,} windows: the {n_dated:,} dated letter{plural} "
        f"span {count:,} {unit[freq]}s, and there can be no more windows than dated letters; "
        f"{hint}"
    )


def sub_corpus(documents: Sequence[dict[str, Any]], positions: IndexArray) -> Corpus:
    """Return the corpus of the letters at `positions`, from the corpus's document records.

    `documents` is ``Corpus._document_letters()`` of the whole corpus: the records its JSON
    round trip uses, which keep every field and (for a resolved corpus) every actor id.
    """
    return Corpus._from_document({"letters": [documents[int(p)] for p in positions]})


# ---------------------------------------------------------------------- window networks


def _gather_rows(
    matrix: sp.csr_array, rows: IndexArray
) -> tuple[IndexArray, IndexArray, npt.NDArray[np.float64]]:
    """Row number (0.. within `rows`), column and value of every entry of those rows."""
    indptr = matrix.indptr
    starts = indptr[rows]
    counts = indptr[rows + 1] - starts
    total = int(counts.sum())
    row_of = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    entries = np.arange(total, dtype=np.int64) + offsets
    return row_of, matrix.indices[entries], matrix.data[entries]


class WindowIncidence:
    """The corpus's incidence with what it takes to cut out one window's.

    A window's own corpus (its letters only) numbers its actors by first appearance among its
    signatures (any role), keeping those who signed; :meth:`columns` finds that order from the
    whole corpus's signature table, so the windows need no corpus of their own.
    """

    def __init__(self, corpus: Corpus) -> None:
        letters = corpus.letters
        signatures = corpus.signatures
        self.n_letters = len(letters)
        self.letter_labels = pd.Index(letters["letter_id"].to_numpy(), dtype=object)
        self.signature_letter = self.letter_labels.get_indexer(
            signatures["letter_id"].to_numpy()
        ).astype(np.int64)
        codes, actors = pd.factorize(signatures["actor_id"].to_numpy())
        self.signature_actor = codes.astype(np.int64)
        self.signs = signatures["role"].to_numpy() == "signatory"
        self.B: Bipartite | None = corpus.incidence() if self.signs.any() else None
        if self.B is None:
            self.column_of = np.full(len(actors), -1, dtype=np.int64)
            self.actor_labels = pd.Index([], dtype=object)
        else:
            self.actor_labels = self.B.actor_labels
            self.column_of = self.actor_labels.get_indexer(actors).astype(np.int64)

    def columns(self, rows: IndexArray) -> IndexArray:
        """Incidence columns of the actors who signed letters `rows`, in the window's order."""
        if self.B is None or not len(rows):
            return np.zeros(0, dtype=np.int64)
        in_window = np.zeros(self.n_letters, dtype=bool)
        in_window[rows] = True
        mask = in_window[self.signature_letter]
        codes = self.signature_actor[mask]
        signed = np.zeros(len(self.column_of), dtype=bool)
        signed[codes[self.signs[mask]]] = True
        unique, first = np.unique(codes, return_index=True)
        ordered = unique[np.argsort(first, kind="stable")]
        chosen: IndexArray = self.column_of[ordered[signed[ordered]]]
        return chosen

    def incidence(self, rows: IndexArray, columns: IndexArray) -> Bipartite | None:
        """Return the window's letters x actors incidence (None when nobody signed in it)."""
        if self.B is None or not len(columns):
            return None
        row_of, cols, values = _gather_rows(self.B.matrix, rows)
        inverse = np.full(self.B.n_actors, -1, dtype=np.int64)
        inverse[columns] = np.arange(len(columns), dtype=np.int64)
        (indptr, indices, data), _ = _core.build_incidence(
            row_of, inverse[cols], np.ascontiguousarray(values), len(rows), len(columns)
        )
        matrix = wrap_csr(indptr, indices, data, (len(rows), len(columns)))
        return Bipartite._from_canonical(
            matrix, self.letter_labels.take(rows), self.actor_labels.take(columns)
        )


def empty_graph() -> Graph:
    """Return a graph without nodes (the network of a window in which nobody signed)."""
    zero = np.zeros(1, dtype=np.int64)
    upper = wrap_csr(zero, np.zeros(0, dtype=np.int64), np.zeros(0), (0, 0))
    return Graph(upper, pd.Index([], dtype=object))


class RollingCounts:
    """Co-signature counts of overlapping windows, by adding and subtracting base periods.

    With ``weighting="count"`` each letter adds one to the tie of every pair of its signers,
    independently of the other letters, so a window's projection is the sum of the
    projections of its base periods. Each base period is projected once (over all actors of
    the corpus); a window's counts are the previous window's plus the periods that enter
    minus those that leave; `min_weight` is applied to the sum. The sums are of whole
    numbers, so they are exact, and the graph equals projecting the window on its own.
    """

    def __init__(self, index: WindowIncidence, plan: Plan, min_weight: float) -> None:
        self._index = index
        self._plan = plan
        self._min_weight = min_weight
        n = index.B.n_actors if index.B is not None else 0
        self._n = n
        self._sum = sp.csr_array((n, n), dtype=np.float64)
        self._held: deque[tuple[int, sp.csr_array]] = deque()
        self._high = -1  # last base period added

    def _period(self, period: int) -> sp.csr_array:
        """Upper-triangle counts of one base period's letters, over all actors."""
        B = self._index.B
        assert B is not None
        rows = np.flatnonzero(self._plan.letter_period == period).astype(np.int64)
        row_of, cols, values = _gather_rows(B.matrix, rows)
        (indptr, indices, data), _ = _core.build_incidence(
            row_of, cols, np.ascontiguousarray(values), len(rows), self._n
        )
        part = Bipartite._from_canonical(
            wrap_csr(indptr, indices, data, (len(rows), self._n)),
            self._index.letter_labels.take(rows),
            self._index.actor_labels,
        )
        upper: sp.csr_array = part.project(weighting="count").upper
        return upper

    def graph(self, window: int, columns: IndexArray) -> Graph:
        """Return the window's graph, nodes in `columns` order (the window's own order)."""
        if self._index.B is None or not len(columns):
            return empty_graph()
        first, last = int(self._plan.first[window]), int(self._plan.last[window])
        last = min(last, self._plan.n_periods - 1)
        change: sp.csr_array | None = None
        while self._held and self._held[0][0] < first:
            _, leaving = self._held.popleft()
            change = -leaving if change is None else change - leaving
        self._high = max(self._high, first - 1)  # after a gap nothing held carries over
        for period in range(self._high + 1, last + 1):
            entering = self._period(period)
            self._held.append((period, entering))
            change = entering if change is None else change + entering
        self._high = max(self._high, last)
        if change is not None:  # one pass over the window's ties, however many periods moved
            self._sum = self._sum + change
        self._sum.eliminate_zeros()
        total = self._sum
        keep = total.data >= self._min_weight
        rows = entry_rows(_canonical(total))[keep]
        cols = total.indices[keep].astype(np.int64)
        weights = np.ascontiguousarray(total.data[keep], dtype=np.float64)
        position = np.full(self._n, -1, dtype=np.int64)
        position[columns] = np.arange(len(columns), dtype=np.int64)
        a, b = position[rows], position[cols]
        n = len(columns)
        (indptr, indices, data), _ = _core.build_incidence(
            np.minimum(a, b), np.maximum(a, b), weights, n, n
        )
        return Graph(
            wrap_csr(indptr, indices, data, (n, n)), self._index.actor_labels.take(columns)
        )


def _canonical(matrix: sp.csr_array) -> sp.csr_array:
    """`matrix` with sorted indices and int64 index arrays (scipy's sums may use int32)."""
    if not matrix.has_canonical_format:
        matrix.sum_duplicates()
    matrix.indptr = matrix.indptr.astype(np.int64, copy=False)
    matrix.indices = matrix.indices.astype(np.int64, copy=False)
    return matrix


def reuse_pays(B: Bipartite, graph: Graph, min_weight: float) -> bool:
    """Tell whether a window's letters make enough pair contributions per tie for reuse."""
    edges = graph.n_edges if min_weight == 0 else B.projection_size()
    return B.pair_contributions() >= REUSE_PAIRS_PER_EDGE * max(edges, 1)


def window_graphs(
    plan: Plan,
    index: WindowIncidence,
    weighting: str,
    min_weight: float,
    reuse: bool | None,
) -> Iterator[tuple[int, IndexArray, IndexArray, Bipartite | None, Graph]]:
    """Yield (window, letter rows, actor columns, incidence, graph) for every window.

    With `reuse` (count weighting only) the graphs come from :class:`RollingCounts` and the
    incidence is None. With `reuse` None, the first window with signers is projected on its
    own and decides (:func:`reuse_pays`) for the others, if weighting is count and windows
    overlap.
    """
    rolling = RollingCounts(index, plan, min_weight) if reuse else None
    undecided = reuse is None and weighting == "count" and plan.overlapping()
    for window in range(plan.n_windows):
        rows = plan.letters_in(window)
        columns = index.columns(rows)
        if rolling is not None:
            yield window, rows, columns, None, rolling.graph(window, columns)
            continue
        B = index.incidence(rows, columns)
        graph = (
            empty_graph() if B is None else B.project(weighting=weighting, min_weight=min_weight)  # type: ignore[arg-type]
        )
        if undecided and B is not None:
            undecided = False
            if reuse_pays(B, graph, min_weight):
                rolling = RollingCounts(index, plan, min_weight)
        yield window, rows, columns, B, graph
