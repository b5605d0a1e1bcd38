r"""Time: how a signatory network forms and changes across dated letters.

Coalitions are built letter by letter. This module cuts a corpus into time windows and runs
the pipeline (incidence, projection, centralities, communities) on each window's letters:

- :func:`windows`: fixed windows of base periods (``freq="Y"``, ``"Q"``, ``"M"``, ``"W"``,
  ``"D"``), rolling windows of `length` periods every `step` periods, or cumulative ones;
  each window's letters as a :class:`~cosignet.Corpus`. Letters without a date are reported
  (a :class:`~cosignet.CosignetWarning` and :attr:`Windows.undated`) and left out; nothing
  is ever dated for you.
- :func:`evolution`: one row per window: letters, actors, new, returning, continuing and
  departed actors, density, components, modularity, and chosen centralities of chosen actors.
- :func:`trajectories` (first and last signature, tenure, windows active, best rank) and
  :func:`ranks` (each actor's rank in a centrality, window by window).
- :func:`coalitions`: the communities of consecutive windows matched by the Jaccard overlap
  of their members, with births, deaths, merges, splits and continuations as events.
- :func:`plot_growth`, :func:`plot_ranks` and :func:`plot_coalitions` (alluvial) draw them.

A window's results equal those of the whole pipeline run on that window's letters alone
(``windows[label].incidence().project()`` and so on): same nodes in the same order, same
ties, same communities for the same seed. Actor ids are those of the corpus given, so
resolve identities first (:meth:`Corpus.resolve`) and the same person is one actor in every
window.

Examples
--------
>>> import pandas as pd, cosignet as cs
>>> table = pd.DataFrame({
...     "letter": ["L1", "L1", "L2", "L2", "L2", "L3", "L3"],
...     "signer": ["Ann", "Bob", "Ann", "Bob", "Cy", "Cy", "Dee"],
...     "date": ["2019-03-01", "2019-03-01", "2020-05-01", "2020-05-01", "2020-05-01",
...              "2021-01-10", "2021-01-10"],
... })
>>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
>>> cs.temporal.evolution(corpus, freq="Y")[["n_letters", "n_actors", "n_new", "n_left"]]
        n_letters  n_actors  n_new  n_left
window
2019            1         2      2      0
2020            1         3      1      0
2021            1         2      1      2
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import connected_components

from cosignet import centrality as centralities
from cosignet import community
from cosignet._arguments import choice, positive_int
from cosignet._progress import progress_bar, progress_wanted
from cosignet._sparse import IndexArray, entry_rows
from cosignet._tracking import track
from cosignet._windows import (
    FREQUENCIES,
    Plan,
    WindowIncidence,
    check_window_options,
    make_plan,
    sub_corpus,
    window_graphs,
)
from cosignet.bipartite import WEIGHTINGS, _check_min_weight
from cosignet.corpus import Corpus
from cosignet.errors import CosignetWarning, InvalidInputError
from cosignet.graph import Graph
from cosignet.temporal_plot import plot_coalitions, plot_growth, plot_ranks

__all__ = [
    "CENTRALITIES",
    "EVENTS",
    "FREQUENCIES",
    "MEASURES",
    "CoalitionTracking",
    "Windows",
    "coalitions",
    "evolution",
    "plot_coalitions",
    "plot_growth",
    "plot_ranks",
    "ranks",
    "trajectories",
    "windows",
]

#: What :func:`evolution` measures unless told otherwise, each naming a group of columns.
MEASURES: tuple[str, ...] = (
    "letters",
    "actors",
    "new",
    "returning",
    "continuing",
    "left",
    "density",
    "largest_component",
    "modularity",
)
#: Centralities :func:`evolution`, :func:`ranks` and :func:`trajectories` can follow, each
#: the function of :mod:`cosignet.centrality` with its defaults (weights as strengths).
CENTRALITIES: tuple[str, ...] = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
)
#: Jaccard overlap at which :func:`coalitions` matches two coalitions, by default.
DEFAULT_THRESHOLD = 0.3
#: Smallest community :func:`coalitions` counts as a coalition, by default.
DEFAULT_MIN_SIZE = 3
#: The kinds of event :func:`coalitions` reports, in the order its table lists them.
EVENTS: tuple[str, ...] = ("continuation", "split", "merge", "birth", "death")

_COLUMNS: dict[str, tuple[str, ...]] = {
    "letters": ("n_letters", "n_signatures"),
    "actors": ("n_actors",),
    "new": ("n_new",),
    "returning": ("n_returning",),
    "continuing": ("n_continuing",),
    "left": ("n_left",),
    "density": ("n_edges", "density"),
    "largest_component": ("n_components", "largest_component", "largest_component_share"),
    "modularity": ("modularity", "n_coalitions"),
}
# Work (signatures) above which a progress bar is shown on a terminal.
_PROGRESS_WORK = 200_000


# ---------------------------------------------------------------------- windows


class Windows:
    """A corpus cut into time windows: which letters each window holds.

    Made by :func:`windows`. Windows are labelled by their last base period (a
    :class:`pandas.Period`: ``2016`` for a year, ``2016-03`` for the year of months ending in
    March 2016). Iterating gives ``(label, corpus)`` pairs; ``windows[label]`` (a Period or
    its text, such as ``"2016-03"``) gives one window's letters as a :class:`Corpus` whose
    actor ids are the whole corpus's.

    Attributes
    ----------
    corpus : Corpus
        The corpus cut.
    freq : str
        The base period: "Y", "Q", "M", "W" or "D".
    length, step : int
        Base periods per window, and between the starts of consecutive windows.
    cumulative : bool
        Whether every window starts at the first period.

    Examples
    --------
    >>> import pandas as pd, cosignet as cs
    >>> table = pd.DataFrame({
    ...     "letter": ["L1", "L1", "L2", "L2", "L3", "L3"],
    ...     "signer": ["Ann", "Bob", "Ann", "Cy", "Bob", "Cy"],
    ...     "date": ["2020-01-15", "2020-01-15", "2020-02-03", "2020-02-03", None, None],
    ... })
    >>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     months = cs.temporal.windows(corpus, freq="M")
    >>> print(caught[0].message)  # doctest: +ELLIPSIS
    1 of 3 letters have no date and are left out of every window (first: 'L3'); ...
    >>> months
    <cosignet.temporal.Windows: 2 windows of 1 M, 2020-01-01 to 2020-02-29, 2 letters, 1 undated>
    >>> months.table
                 start         end  n_letters
    window
    2020-01  2020-01-01  2020-01-31          1
    2020-02  2020-02-01  2020-02-29          1
    >>> months["2020-02"].actors.index.tolist()
    ['person:ann', 'person:cy']
    >>> list(months.undated)
    ['L3']
    """

    def __init__(self, corpus: Corpus, plan: Plan) -> None:
        self.corpus = corpus
        self._plan = plan
        self.freq = plan.freq
        self.length = plan.length
        self.step = plan.step
        self.cumulative = plan.cumulative

    @property
    def labels(self) -> pd.PeriodIndex:
        """The window labels: the last base period of each window."""
        return self._plan.labels

    @property
    def table(self) -> pd.DataFrame:
        """One row per window: ``start`` and ``end`` (first and last day), ``n_letters``."""
        return self._table.copy()

    @cached_property
    def _table(self) -> pd.DataFrame:
        starts, ends = self._plan.bounds()
        counts = [len(self._plan.letters_in(w)) for w in range(self._plan.n_windows)]
        return pd.DataFrame(
            {"start": starts, "end": ends, "n_letters": np.asarray(counts, dtype=np.int64)},
            index=self.labels,
        )

    @property
    def undated(self) -> pd.Index:
        """The ids of the letters without a date, which no window holds."""
        ids = self.corpus.letters["letter_id"].to_numpy()
        return pd.Index(ids[self._plan.letter_period < 0], dtype=object, name="letter_id")

    def letter_ids(self, window: Any) -> pd.Index:
        """Return the ids of the letters in `window`, in corpus order.

        Parameters
        ----------
        window : pandas.Period or str
            A window label (its last base period), such as ``"2016"`` or ``"2016-03"``.

        Returns
        -------
        pandas.Index

        Raises
        ------
        InvalidInputError
            When `window` is not one of :attr:`labels`.

        Examples
        --------
        >>> import pandas as pd, cosignet as cs
        >>> corpus = cs.Corpus.from_frame(
        ...     pd.DataFrame({"letter": ["a", "b", "c"], "signer": ["Ann", "Bob", "Ann"],
        ...                   "date": ["2019-05-01", "2020-05-01", "2019-06-01"]}),
        ...     letter="letter", signer="signer", date="date",
        ... )
        >>> list(cs.temporal.windows(corpus, freq="Y").letter_ids("2019"))
        ['a', 'c']
        """
        positions = self._plan.letters_in(self._position(window))
        ids = self.corpus.letters["letter_id"].to_numpy()
        return pd.Index(ids[positions], dtype=object, name="letter_id")

    def _position(self, window: Any) -> int:
        label = window
        if isinstance(window, str):
            try:
                label = pd.Period(window, self.freq)
            except (ValueError, TypeError):
                label = None
        position = None
        if isinstance(label, pd.Period):
            try:
                found = self.labels.get_loc(label)
            except (KeyError, ValueError, TypeError):
                found = None
            if isinstance(found, (int, np.integer)):
                position = int(found)
        if position is None:
            first, last = self.labels[0], self.labels[-1]
            raise InvalidInputError(
                f"window {window!r} is not a window label; the labels run from {first} to "
                f"{last} ({len(self)} windows of {self.length} {self.freq})"
            )
        return position

    @cached_property
    def _documents(self) -> list[dict[str, Any]]:
        return self.corpus._document_letters()

    @cached_property
    def _incidence(self) -> WindowIncidence:
        return WindowIncidence(self.corpus)

    def __getitem__(self, window: Any) -> Corpus:
        return sub_corpus(self._documents, self._plan.letters_in(self._position(window)))

    def __iter__(self) -> Iterator[tuple[pd.Period, Corpus]]:
        for position, label in enumerate(self.labels):
            yield label, sub_corpus(self._documents, self._plan.letters_in(position))

    def __len__(self) -> int:
        return self._plan.n_windows

    def __repr__(self) -> str:
        table = self._table
        kind = "cumulative windows" if self.cumulative else "windows"
        every = f" every {self.step}" if self.step != self.length else ""
        return (
            f"<cosignet.temporal.Windows: {len(self):,} {kind} of {self.length} {self.freq}"
            f"{every}, {table.start.iloc[0]} to {table.end.iloc[-1]}, "
            f"{int((self._plan.letter_period >= 0).sum()):,} letters, "
            f"{len(self.undated):,} undated>"
        )


def windows(
    corpus: Corpus,
    freq: str = "Y",
    *,
    length: int = 1,
    step: int | None = None,
    cumulative: bool = False,
) -> Windows:
    """Cut a corpus into time windows by its letters' dates.

    The dated letters span base periods (years, quarters, months, weeks or days) from the
    period of the earliest to that of the latest. Windows are `length` periods long and
    start every `step` periods from the first one; with ``length=1`` (the default) they are
    the calendar periods themselves, with ``length=12, step=1`` on months they are the
    rolling years ending in each month. Windows stop with the first that reaches the last
    dated letter, so every dated letter lies in a window (unless `step` > `length` leaves
    gaps); the last window may reach past it. A period without letters is an empty window.
    Cumulative windows all start at the first period.

    Parameters
    ----------
    corpus : Corpus
        The letters, with dates in :attr:`Corpus.letters` (column ``date``).
    freq : {"Y", "Q", "M", "W", "D"}
        The base period: calendar year, quarter, month, week (Monday to Sunday) or day.
    length : int, default 1
        Base periods per window.
    step : int, optional
        Base periods between the starts of consecutive windows (default: `length`, so the
        windows tile time without overlapping).
    cumulative : bool, default False
        Every window starts at the first period (the network as it stood at each window's
        end).

    Returns
    -------
    Windows

    Raises
    ------
    InvalidInputError
        For a `freq` not in :data:`FREQUENCIES`, a `length` or `step` that is not a positive
        integer, or a corpus in which no letter has a date.

    Warns
    -----
    CosignetWarning
        When letters have no date: they are left out of every window, and
        :attr:`Windows.undated` lists them.

    Examples
    --------
    >>> import pandas as pd, cosignet as cs
    >>> dates = pd.date_range("2015-01-01", "2016-12-01", freq="MS")
    >>> corpus = cs.Corpus.from_frame(
    ...     pd.DataFrame({"letter": [f"L{i}" for i in range(24)], "signer": "Ann",
    ...                   "date": dates}),
    ...     letter="letter", signer="signer", date="date",
    ... )
    >>> rolling = cs.temporal.windows(corpus, freq="M", length=12, step=3)
    >>> rolling.table.head(3)
                 start         end  n_letters
    window
    2015-12  2015-01-01  2015-12-31         12
    2016-03  2015-04-01  2016-03-31         12
    2016-06  2015-07-01  2016-06-30         12
    >>> len(rolling), len(cs.temporal.windows(corpus, freq="Q", cumulative=True))
    (5, 8)
    """
    return _windows(corpus, freq, length, step, cumulative, stacklevel=3)


def _windows(
    corpus: Any,
    freq: Any,
    length: Any,
    step: Any,
    cumulative: Any,
    stacklevel: int,
    warn: bool = True,
) -> Windows:
    if not isinstance(corpus, Corpus):
        raise InvalidInputError(f"corpus must be a cosignet.Corpus, got {type(corpus).__name__}")
    chosen, periods, stride, together = check_window_options(freq, length, step, cumulative)
    letters = corpus.letters
    plan = make_plan(letters["date"].tolist(), chosen, periods, stride, together)
    undated = np.flatnonzero(plan.letter_period < 0)
    if warn and len(undated):
        first = letters["letter_id"].iloc[int(undated[0])]
        warnings.warn(
            f"{len(undated):,} of {len(letters):,} letters have no date and are left out of "
            f"every window (first: {first!r}); Windows.undated lists them",
            CosignetWarning,
            stacklevel=stacklevel,
        )
    return Windows(corpus, plan)


def _given(
    data: Any,
    freq: Any,
    length: Any,
    step: Any,
    cumulative: Any,
    warn: bool = True,
) -> Windows:
    """Return the windows of `data`: a Windows as it is, or a Corpus cut (by year)."""
    if isinstance(data, Windows):
        given = [
            name
            for name, value, default in (
                ("freq", freq, None),
                ("length", length, 1),
                ("step", step, None),
                ("cumulative", cumulative, False),
            )
            if value is not default and value != default
        ]
        if given:
            raise InvalidInputError(
                f"{given[0]} is given by the Windows; pass {given[0]}= only with a Corpus"
            )
        return data
    if not isinstance(data, Corpus):
        raise InvalidInputError(
            f"data must be a cosignet.Corpus or cosignet.temporal.Windows, got "
            f"{type(data).__name__}"
        )
    return _windows(
        data, "Y" if freq is None else freq, length, step, cumulative, stacklevel=4, warn=warn
    )


# ---------------------------------------------------------------------- one pass over windows


@dataclass
class _Run:
    """What one pass over the windows measured."""

    windows: Windows
    table: pd.DataFrame
    members: list[pd.Index]
    partitions: list[pd.Series | None]
    values: dict[str, list[pd.Series]] = field(default_factory=dict)


def _check_reuse(reuse: Any, weighting: str) -> bool | None:
    if reuse is None:
        return None
    if not isinstance(reuse, (bool, np.bool_)):
        raise InvalidInputError(f"reuse must be True, False or None, got {reuse!r}")
    if reuse and weighting != "count":
        raise InvalidInputError(
            f"reuse=True needs weighting='count' (sums of per-period counts), got {weighting!r}"
        )
    return bool(reuse)


def _check_measures(measures: Any) -> tuple[list[str], list[str]]:
    """Split `measures` into structure measures and centralities, checking each name."""
    if isinstance(measures, str):
        measures = (measures,)
    try:
        names = list(measures)
    except TypeError:
        raise InvalidInputError(
            f"measures must be a sequence of names, got {type(measures).__name__}"
        ) from None
    allowed = (*MEASURES, *CENTRALITIES)
    for name in names:
        choice(name, allowed, "measures")
    structure = [m for m in MEASURES if m in names]
    chosen = [c for c in CENTRALITIES if c in names]
    return structure, chosen


def _actor_columns(index: WindowIncidence, corpus: Corpus, actors: Any) -> list[tuple[str, int]]:
    """Return the actors to follow: (what the caller called them, incidence column)."""
    if actors is None:
        return []
    if isinstance(actors, str) or not isinstance(actors, Sequence | pd.Index | np.ndarray):
        actors = [actors]
    names = corpus.actors["name"]
    chosen: list[tuple[str, int]] = []
    for actor in actors:
        position = index.actor_labels.get_indexer([actor])[0] if actor is not None else -1
        if position < 0:
            matches = names.index[names.to_numpy() == actor]
            signed = index.actor_labels.get_indexer(matches)
            signed = signed[signed >= 0]
            if len(signed) == 1:
                position = int(signed[0])
            elif len(signed) > 1:
                raise InvalidInputError(
                    f"actors: {actor!r} is the name of {len(signed)} actors "
                    f"({', '.join(map(repr, index.actor_labels.take(signed)))}); give an actor id"
                )
        if position < 0:
            raise InvalidInputError(
                f"actors: {actor!r} is neither the actor id nor the name of an actor who signed"
            )
        chosen.append((str(actor), int(position)))
    return chosen


def _first_periods(index: WindowIncidence, plan: Plan) -> IndexArray:
    """Each incidence column's first base period (a large number when never dated)."""
    if index.B is None:
        return np.zeros(0, dtype=np.int64)
    matrix = index.B.matrix
    periods = plan.letter_period[entry_rows(matrix)]
    dated = periods >= 0
    first = np.full(index.B.n_actors, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, matrix.indices[dated], periods[dated])
    return first


def _components(G: Graph) -> tuple[int, int]:
    """Count the connected components and the actors in the largest."""
    if G.n_nodes == 0:
        return 0, 0
    count, labels = connected_components(G.upper, directed=False)
    return int(count), int(np.bincount(labels).max())


def _run(
    data: Windows,
    structure: Sequence[str],
    chosen: Sequence[str],
    followed: Sequence[tuple[str, int]],
    weighting: str,
    min_weight: float,
    resolution: float,
    seed: int | None,
    reuse: Any,
    progress: bool | None,
    partitions: bool = False,
    graphs: bool = True,
) -> _Run:
    """Project every window and measure it; see :func:`evolution` for the columns."""
    plan = data._plan
    use_rolling = _check_reuse(reuse, weighting)
    index = _index_of(data)
    first_period = _first_periods(index, plan)
    n_columns = len(index.actor_labels)
    signed_per_letter = (
        np.diff(index.B.matrix.indptr)
        if index.B is not None
        else np.zeros(index.n_letters, dtype=np.int64)
    )
    need_partition = partitions or "modularity" in structure
    starts, ends = plan.bounds()
    rows: list[dict[str, Any]] = []
    members: list[pd.Index] = []
    found: list[pd.Series | None] = []
    values: dict[str, list[pd.Series]] = {name: [] for name in chosen}
    previous = np.zeros(n_columns, dtype=bool)
    work = float(index.B.n_signatures if index.B is not None else 0) * max(1, plan.length)
    show = progress_wanted(progress, work, _PROGRESS_WORK)
    if graphs:
        stream: Iterator[tuple[int, IndexArray, IndexArray, Graph | None]] = (
            (w, r, c, g)
            for w, r, c, _, g in window_graphs(plan, index, weighting, min_weight, use_rolling)
        )
    else:
        stream = (
            (w, plan.letters_in(w), index.columns(plan.letters_in(w)), None)
            for w in range(plan.n_windows)
        )
    bar = progress_bar(stream, show, "windows", "window", total=plan.n_windows)
    for window, letter_rows, columns, G in bar:
        present = np.zeros(n_columns, dtype=bool)
        present[columns] = True
        row: dict[str, Any] = {"start": starts[window], "end": ends[window]}
        if "letters" in structure:
            row["n_letters"] = len(letter_rows)
            row["n_signatures"] = int(signed_per_letter[letter_rows].sum())
        if "actors" in structure:
            row["n_actors"] = len(columns)
        new = present if window == 0 else present & (first_period > plan.last[window - 1])
        continuing = present & previous
        counts = {
            "new": int(new.sum()),
            "continuing": int(continuing.sum()),
            "returning": int((present & ~new & ~previous).sum()),
            "left": int((previous & ~present).sum()),
        }
        for name in ("new", "returning", "continuing", "left"):
            if name in structure:
                row[f"n_{name}"] = counts[name]
        previous = present
        members.append(index.actor_labels.take(columns))
        labels: pd.Series | None = None
        if G is not None:
            _measure(row, G, structure)
            if need_partition and G.n_nodes:
                labels = community.louvain(G, resolution=resolution, seed=seed)
                if "modularity" in structure:
                    row["modularity"] = (
                        community.modularity(G, labels, resolution) if G.n_edges else np.nan
                    )
                    sizes = np.bincount(labels.to_numpy())
                    row["n_coalitions"] = int((sizes >= 2).sum())
            elif "modularity" in structure:
                row["modularity"], row["n_coalitions"] = np.nan, 0
            for name in chosen:
                series = _centrality(name)(G) if G.n_nodes else pd.Series(dtype=float)
                values[name].append(series)
                if followed:
                    for given, column in followed:
                        row[f"{name}[{given}]"] = series.get(index.actor_labels[column], np.nan)
                else:
                    row[f"top_{name}"] = series.idxmax() if len(series) else None
        found.append(labels)
        rows.append(row)
    order = ["start", "end", *[c for m in structure for c in _COLUMNS[m]]]
    table = pd.DataFrame(rows, index=data.labels)
    table = table[order + [c for c in table.columns if c not in order]]
    table.attrs.update(
        {
            "freq": plan.freq,
            "length": plan.length,
            "step": plan.step,
            "cumulative": plan.cumulative,
            "weighting": weighting,
            "min_weight": min_weight,
            "undated": list(data.undated),
        }
    )
    if need_partition:
        table.attrs["seed"] = seed
        table.attrs["resolution"] = resolution
    return _Run(data, table, members, found, values)


def _measure(row: dict[str, Any], G: Graph, structure: Sequence[str]) -> None:
    n = G.n_nodes
    if "density" in structure:
        row["n_edges"] = G.n_edges
        row["density"] = 2 * G.n_edges / (n * (n - 1)) if n > 1 else np.nan
    if "largest_component" in structure:
        count, largest = _components(G)
        row["n_components"] = count
        row["largest_component"] = largest
        row["largest_component_share"] = largest / n if n else np.nan


def _centrality(name: str) -> Callable[[Graph], pd.Series]:
    function: Callable[[Graph], pd.Series] = getattr(centralities, name)
    return function


def _index_of(data: Windows) -> WindowIncidence:
    """Return the incidence of the windows' corpus, built once per Windows."""
    return data._incidence


def _pipeline_options(
    weighting: Any, min_weight: Any, resolution: Any, seed: Any
) -> tuple[str, float, float, int | None]:
    chosen = choice(weighting, WEIGHTINGS, "weighting")
    threshold = _check_min_weight(min_weight)
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float)):
        raise InvalidInputError(f"resolution must be a number, got {resolution!r}")
    if not 0 <= resolution < float("inf"):
        raise InvalidInputError(f"resolution must be nonnegative and finite, got {resolution!r}")
    if seed is not None and (
        isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0
    ):
        raise InvalidInputError(f"seed must be a non-negative integer or None, got {seed!r}")
    return chosen, threshold, float(resolution), None if seed is None else int(seed)


# ---------------------------------------------------------------------- evolution


def evolution(
    data: Corpus | Windows,
    freq: str | None = None,
    *,
    length: int = 1,
    step: int | None = None,
    cumulative: bool = False,
    measures: Sequence[str] = MEASURES,
    actors: Sequence[Any] | None = None,
    weighting: str = "count",
    min_weight: float = 0,
    resolution: float = 1.0,
    seed: int | None = 0,
    reuse: bool | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    r"""Measure the network of every time window: one row per window.

    Each window's letters are projected onto their signers (:meth:`Bipartite.project` with
    `weighting` and `min_weight`) and measured; the values equal running the pipeline on the
    window's letters alone. Columns, by the names in `measures`:

    ======================= ==================================================================
    ``start``, ``end``      first and last day of the window (always)
    ``letters``             ``n_letters`` (dated letters in the window), ``n_signatures``
    ``actors``              ``n_actors``: who signed at least one of the window's letters
    ``new``                 ``n_new``: actors with no signature dated on or before the end of
                            the previous window (all actors of the first window)
    ``returning``           ``n_returning``: signed before, but not in the previous window
    ``continuing``          ``n_continuing``: in this window and in the previous one
    ``left``                ``n_left``: in the previous window and not in this one
    ``density``             ``n_edges``, ``density`` :math:`2E / (n (n - 1))` (NaN below 2)
    ``largest_component``   ``n_components`` (isolated actors count), ``largest_component``
                            (actors in the largest), ``largest_component_share``
    ``modularity``          ``modularity`` of the seeded Louvain partition
                            (:func:`cosignet.community.modularity`; NaN without ties) and
                            ``n_coalitions``, its communities of two actors or more
    a centrality            with `actors`, ``"<centrality>[<actor>]"`` for each actor (NaN
                            when the actor is absent); without, ``"top_<centrality>"``, the
                            most central actor of the window
    ======================= ==================================================================

    ``n_actors = n_new + n_returning + n_continuing`` in every window. An empty window is a
    row of zeros (NaN for density, shares, modularity and centralities).

    Parameters
    ----------
    data : Corpus or Windows
        A corpus (cut by `freq`, `length`, `step` and `cumulative` as :func:`windows` does;
        the default is calendar years) or windows already made.
    freq, length, step, cumulative
        As for :func:`windows`; only with a Corpus.
    measures : sequence of str
        Among :data:`MEASURES` (the default: all of them) and :data:`CENTRALITIES`.
    actors : sequence, optional
        Actors whose centralities to report, by actor id or by name.
    weighting : {"count", "newman", "jaccard", "overlap", "ratio"}
        Tie weights (:meth:`Bipartite.project`); larger means stronger.
    min_weight : float
        Keep only ties at least this strong, in each window.
    resolution : float
        Louvain's resolution.
    seed : int or None, default 0
        Louvain's seed, the same in every window.
    reuse : bool, optional
        Get the graphs of overlapping windows by adding and subtracting per-period
        co-signature counts instead of projecting each window (``weighting="count"`` only;
        the graphs are identical). Default: decided on the first window, when the weighting
        is count and windows overlap: reuse when its letters make at least 25 pair
        contributions (:meth:`Bipartite.pair_contributions`) per tie, below which projecting
        is faster.
    progress : bool, optional
        Show a progress bar (default: on a terminal, for large corpora).

    Returns
    -------
    pandas.DataFrame
        Indexed by window label; ``attrs`` holds the window and pipeline settings and
        ``"undated"``, the ids of the letters left out.

    Raises
    ------
    InvalidInputError
        On an unknown measure, weighting or actor, a bad window option, or `reuse=True` with
        a weighting other than count.

    Warns
    -----
    CosignetWarning
        When letters have no date (given a Corpus).

    See Also
    --------
    windows, trajectories, ranks, coalitions

    Examples
    --------
    >>> import pandas as pd, cosignet as cs
    >>> table = pd.DataFrame({
    ...     "letter": ["L1"] * 3 + ["L2"] * 3 + ["L3"] * 2,
    ...     "signer": ["Ann", "Bob", "Cy", "Ann", "Bob", "Dee", "Cy", "Eve"],
    ...     "date": ["2019-03-01"] * 3 + ["2020-05-01"] * 3 + ["2021-02-01"] * 2,
    ... })
    >>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
    >>> cs.temporal.evolution(corpus, measures=("actors", "new", "returning", "density"))
            start         end  n_actors  n_new  n_returning  n_edges  density
    window
    2019   2019-01-01  2019-12-31         3      3            0        3      1.0
    2020   2020-01-01  2020-12-31         3      1            0        3      1.0
    2021   2021-01-01  2021-12-31         2      1            1        1      1.0
    >>> cs.temporal.evolution(corpus, measures=["pagerank"], actors=["Ann"]).iloc[:, 2]
    window
    2019    0.333333
    2020    0.333333
    2021         NaN
    Freq: Y-DEC, Name: pagerank[Ann], dtype: float64
    """
    given = _given(data, freq, length, step, cumulative)
    structure, chosen = _check_measures(measures)
    weighting, threshold, gamma, seed = _pipeline_options(weighting, min_weight, resolution, seed)
    followed = _actor_columns(_index_of(given), given.corpus, actors)
    run = _run(
        given, structure, chosen, followed, weighting, threshold, gamma, seed, reuse, progress
    )
    return run.table


# ---------------------------------------------------------------------- actors over time


def _rank_table(run: _Run, measure: str) -> pd.DataFrame:
    """Windows x actors: each actor's rank in `measure` (1 the highest; NaN when absent)."""
    index = _index_of(run.windows)
    columns = [
        series.rank(ascending=False, method="min").rename(label)
        for label, series in zip(run.windows.labels, run.values[measure], strict=True)
    ]
    frame = pd.concat(columns, axis=1) if columns else pd.DataFrame()
    frame = frame.reindex(index.actor_labels).T
    frame.index = run.windows.labels
    frame.columns.name = "actor_id"
    present = np.zeros(len(index.actor_labels), dtype=bool)
    for members in run.members:
        present[index.actor_labels.get_indexer(members)] = True
    return frame.loc[:, present].astype(np.float64)


def ranks(
    data: Corpus | Windows,
    freq: str | None = None,
    *,
    length: int = 1,
    step: int | None = None,
    cumulative: bool = False,
    measure: str = "pagerank",
    actors: Sequence[Any] | None = None,
    weighting: str = "count",
    min_weight: float = 0,
    reuse: bool | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Rank every actor in a centrality, window by window.

    In each window the actors are ranked by `measure` on that window's network, 1 the most
    central (ties share the best rank, as :meth:`pandas.Series.rank` with ``method="min"``).

    Parameters
    ----------
    data : Corpus or Windows
        As for :func:`evolution`.
    freq, length, step, cumulative
        As for :func:`windows`; only with a Corpus.
    measure : str, default "pagerank"
        One of :data:`CENTRALITIES`.
    actors : sequence, optional
        Only these actors (by actor id or name; columns keep the names given).
    weighting, min_weight, reuse, progress
        As for :func:`evolution`.

    Returns
    -------
    pandas.DataFrame
        Windows x actors (every actor who signed a letter of some window, in corpus order);
        NaN where the actor signed nothing in the window.

    Examples
    --------
    >>> import pandas as pd, cosignet as cs
    >>> table = pd.DataFrame({
    ...     "letter": ["L1", "L1", "L1", "L2", "L2", "L3", "L3", "L3"],
    ...     "signer": ["Ann", "Bob", "Cy", "Ann", "Bob", "Bob", "Cy", "Dee"],
    ...     "date": ["2019-01-01"] * 5 + ["2020-01-01"] * 3,
    ... })
    >>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
    >>> cs.temporal.ranks(corpus, measure="degree")
    actor_id  person:ann  person:bob  person:cy  person:dee
    window
    2019             1.0         1.0        1.0         NaN
    2020             NaN         1.0        1.0         1.0
    """
    given = _given(data, freq, length, step, cumulative)
    name = choice(measure, CENTRALITIES, "measure")
    weighting, threshold, _, _ = _pipeline_options(weighting, min_weight, 1.0, 0)
    index = _index_of(given)
    followed = _actor_columns(index, given.corpus, actors)
    run = _run(given, [], [name], [], weighting, threshold, 1.0, 0, reuse, progress)
    frame = _rank_table(run, name)
    if followed:
        frame = frame.iloc[:, [column for _, column in followed]]
        frame.columns = pd.Index([given_name for given_name, _ in followed], name="actor")
    return frame


def trajectories(
    data: Corpus | Windows,
    freq: str | None = None,
    *,
    length: int = 1,
    step: int | None = None,
    cumulative: bool = False,
    measure: str | None = None,
    weighting: str = "count",
    min_weight: float = 0,
    reuse: bool | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Describe each actor's time in the network: when they signed and how central they were.

    Columns: ``name``, ``first_date`` and ``last_date`` (of the dated letters signed),
    ``tenure_days`` (days from the first to the last; 0 for a single date), ``n_letters``
    (dated letters signed), ``n_windows`` (windows in which the actor signed),
    ``first_window`` and ``last_window``; with `measure`, also ``best_rank`` (the best rank
    reached in any window, 1 the most central), ``best_window`` (the first window where it
    was reached) and ``last_rank`` (the rank in the actor's last window).

    Parameters
    ----------
    data : Corpus or Windows
        As for :func:`evolution`.
    freq, length, step, cumulative
        As for :func:`windows`; only with a Corpus.
    measure : str, optional
        One of :data:`CENTRALITIES`; without it nothing is projected.
    weighting, min_weight, reuse, progress
        As for :func:`evolution`.

    Returns
    -------
    pandas.DataFrame
        One row per actor who signed a dated letter, indexed by actor id, in corpus order.

    Examples
    --------
    >>> import pandas as pd, cosignet as cs
    >>> table = pd.DataFrame({
    ...     "letter": ["L1", "L1", "L2", "L2", "L3", "L3"],
    ...     "signer": ["Ann", "Bob", "Ann", "Cy", "Ann", "Bob"],
    ...     "date": ["2019-01-10", "2019-01-10", "2020-06-01", "2020-06-01", "2021-03-01",
    ...              "2021-03-01"],
    ... })
    >>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
    >>> cs.temporal.trajectories(corpus)[["first_date", "tenure_days", "n_windows"]]
                first_date  tenure_days  n_windows
    actor_id
    person:ann  2019-01-10          781          3
    person:bob  2019-01-10          781          2
    person:cy   2020-06-01            0          1
    """
    given = _given(data, freq, length, step, cumulative)
    name = None if measure is None else choice(measure, CENTRALITIES, "measure")
    weighting, threshold, _, _ = _pipeline_options(weighting, min_weight, 1.0, 0)
    run = _run(
        given,
        [],
        [] if name is None else [name],
        [],
        weighting,
        threshold,
        1.0,
        0,
        reuse,
        progress,
        graphs=name is not None,
    )
    return _trajectory_table(run, name)


def _trajectory_table(run: _Run, measure: str | None) -> pd.DataFrame:
    given = run.windows
    index = _index_of(given)
    labels = index.actor_labels
    plan = given._plan
    presence = np.zeros((plan.n_windows, len(labels)), dtype=bool)
    for window, members in enumerate(run.members):
        presence[window, labels.get_indexer(members)] = True
    active = presence.any(axis=0)
    dated_rows = np.flatnonzero(plan.letter_period >= 0)
    if index.B is not None:
        dated = index.B.matrix[dated_rows]
        n_letters = np.bincount(dated.indices, minlength=len(labels)).astype(np.int64)
    else:
        n_letters = np.zeros(len(labels), dtype=np.int64)
    window_labels = given.labels
    first_window = presence.argmax(axis=0)
    last_window = plan.n_windows - 1 - presence[::-1].argmax(axis=0)
    actors = given.corpus.actors.reindex(labels)
    kept = labels[active]
    table = pd.DataFrame(index=pd.Index(kept, name="actor_id"))
    table["name"] = actors["name"].to_numpy()[active]
    first_dates, last_dates = _signature_dates(index, plan, given.corpus)
    table["first_date"] = first_dates[active]
    table["last_date"] = last_dates[active]
    table["tenure_days"] = np.asarray(
        [(b - a).days for a, b in zip(table["first_date"], table["last_date"], strict=True)],
        dtype=np.int64,
    )
    table["n_letters"] = n_letters[active]
    table["n_windows"] = presence.sum(axis=0)[active].astype(np.int64)
    table["first_window"] = window_labels.take(first_window[active])
    table["last_window"] = window_labels.take(last_window[active])
    if measure is not None:
        frame = _rank_table(run, measure)
        values = frame.reindex(columns=kept).to_numpy()
        filled = np.where(np.isnan(values), np.inf, values)
        best = filled.min(axis=0)
        table["best_rank"] = np.where(np.isfinite(best), best, np.nan)
        table["best_window"] = window_labels.take(filled.argmin(axis=0))
        table["last_rank"] = values[last_window[active], np.arange(values.shape[1])]
    return table


def _signature_dates(
    index: WindowIncidence, plan: Plan, corpus: Corpus
) -> tuple[np.ndarray, np.ndarray]:
    """First and last date of each incidence column's dated letters (object arrays)."""
    n = len(index.actor_labels)
    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    if index.B is not None:
        dates = corpus.letters["date"].to_numpy()
        ordinals = np.asarray([d.toordinal() if d is not None else -1 for d in dates])
        matrix = index.B.matrix
        rows = entry_rows(matrix)
        dated = plan.letter_period[rows] >= 0
        np.minimum.at(first, matrix.indices[dated], ordinals[rows[dated]])
        np.maximum.at(last, matrix.indices[dated], ordinals[rows[dated]])

    def days(values: np.ndarray, missing: int) -> np.ndarray:
        out = np.empty(n, dtype=object)
        out[:] = [None if v == missing else dt.date.fromordinal(int(v)) for v in values]
        return out

    return days(first, np.iinfo(np.int64).max), days(last, np.iinfo(np.int64).min)


# ---------------------------------------------------------------------- coalitions


@dataclass(frozen=True)
class CoalitionTracking:
    r"""Coalitions window by window, matched across consecutive windows (:func:`coalitions`).

    Attributes
    ----------
    coalitions : pandas.DataFrame
        One row per coalition (a Louvain community of at least `min_size` actors), indexed
        by ``(window, coalition)``, the coalition numbered within its window from the largest
        (0) down: ``size``, ``track`` (the same number for a coalition followed from window
        to window) and ``members`` (a tuple of actor ids).
    flows : pandas.DataFrame
        Every pair of coalitions of consecutive windows that share members: ``window`` (the
        later window), ``before``, ``after`` (coalition numbers in the earlier and later
        window), ``shared``, ``jaccard`` (:math:`|C \cap D| / |C \cup D|`) and ``matched``
        (``jaccard >= threshold``).
    events : pandas.DataFrame
        What happened between consecutive windows: ``window`` (the later one), ``event``
        (one of :data:`EVENTS`), ``before`` and ``after`` (tuples of coalition numbers),
        ``tracks`` (the track numbers after the event; the tracks ended for a death) and
        ``jaccard`` (a tuple, one per matched pair).
    threshold : float
        Jaccard overlap at which two coalitions are the same one.
    min_size : int
        Smallest community counted as a coalition.
    windows : pandas.PeriodIndex
        Every window's label, also of windows without coalitions.

    Examples
    --------
    >>> import pandas as pd, cosignet as cs
    >>> table = pd.DataFrame({
    ...     "letter": ["L1"] * 6 + ["L2"] * 3 + ["L3"] * 3,
    ...     "signer": list("abcdef") + list("abc") + list("def"),
    ...     "date": ["2019-05-01"] * 6 + ["2020-05-01"] * 6,
    ... })
    >>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
    >>> tracked = cs.temporal.coalitions(corpus)
    >>> tracked.events[["window", "event", "before", "after", "jaccard"]]
      window  event before   after     jaccard
    0   2020  split   (0,)  (0, 1)  (0.5, 0.5)
    >>> tracked.coalitions[["size", "track"]]
                      size  track
    window coalition
    2019   0             6      0
    2020   0             3      0
           1             3      1
    """

    coalitions: pd.DataFrame
    flows: pd.DataFrame
    events: pd.DataFrame
    threshold: float
    min_size: int
    windows: pd.PeriodIndex


def coalitions(
    data: Corpus | Windows,
    freq: str | None = None,
    *,
    length: int = 1,
    step: int | None = None,
    cumulative: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
    min_size: int = DEFAULT_MIN_SIZE,
    weighting: str = "count",
    min_weight: float = 0,
    resolution: float = 1.0,
    seed: int | None = 0,
    reuse: bool | None = None,
    progress: bool | None = None,
) -> CoalitionTracking:
    r"""Follow coalitions from window to window: births, deaths, merges and splits.

    In each window the coalitions are the seeded Louvain communities of at least `min_size`
    actors. A coalition :math:`C` of one window and :math:`D` of the next are *matched* when
    the Jaccard overlap of their members :math:`|C \cap D| / |C \cup D|` is at least
    `threshold` (Greene, Doyle and Cunningham 2010). Between consecutive windows:

    - a **continuation**: C and D are matched to each other and to nothing else;
    - a **split**: C is matched to two or more coalitions of the next window;
    - a **merge**: D is matched by two or more coalitions of the previous window;
    - a **birth**: D is matched by none; a **death**: C is matched to none.

    A pair can take part in a split and a merge at once; each is reported. The first window
    has no events (its coalitions start the tracks). Tracks follow coalitions: a coalition
    takes the track of the previous window's coalition it overlaps most (pairs taken by
    decreasing Jaccard, each track passed on once), so after a split the larger-overlap part
    keeps the track and the others start new ones; after a merge the track of the best
    match goes on and the others end. Windows are compared only with their neighbours: a
    coalition absent for one window dies and is born again.

    Parameters
    ----------
    data : Corpus or Windows
        As for :func:`evolution`.
    freq, length, step, cumulative
        As for :func:`windows`; only with a Corpus.
    threshold : float, default 0.3
        Jaccard overlap in (0, 1] at which two coalitions are matched.
    min_size : int, default 3
        Smallest community that counts as a coalition.
    weighting, min_weight, resolution, seed, reuse, progress
        As for :func:`evolution`.

    Returns
    -------
    CoalitionTracking

    References
    ----------
    .. [1] D. Greene, D. Doyle and P. Cunningham, "Tracking the evolution of communities in
       dynamic social networks", Proc. ASONAM 2010, 176-183.
    .. [2] G. Palla, A.-L. Barabási and T. Vicsek, "Quantifying social group evolution",
       Nature 446, 664-667 (2007).

    Examples
    --------
    >>> import pandas as pd, cosignet as cs
    >>> table = pd.DataFrame({
    ...     "letter": ["L1"] * 3 + ["L2"] * 3 + ["L3"] * 6,
    ...     "signer": list("abc") + list("def") + list("abcdef"),
    ...     "date": ["2019-05-01"] * 6 + ["2020-05-01"] * 6,
    ... })
    >>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
    >>> cs.temporal.coalitions(corpus).events[["window", "event", "before", "after"]]
      window  event  before after
    0   2020  merge  (0, 1)  (0,)
    """
    given = _given(data, freq, length, step, cumulative)
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float))
        or not 0 < threshold <= 1
    ):
        raise InvalidInputError(f"threshold must be a number in (0, 1], got {threshold!r}")
    smallest = positive_int(min_size, "min_size")
    weighting, weight, gamma, seed = _pipeline_options(weighting, min_weight, resolution, seed)
    run = _run(given, [], [], [], weighting, weight, gamma, seed, reuse, progress, partitions=True)
    return _tracking(run, float(threshold), smallest)


def _tracking(run: _Run, threshold: float, min_size: int) -> CoalitionTracking:
    """Return the coalitions of a run that kept its partitions, tracked across windows."""
    labels = run.windows.labels
    tables = track(run.partitions, labels, threshold, min_size)
    return CoalitionTracking(*tables, threshold, min_size, labels)
