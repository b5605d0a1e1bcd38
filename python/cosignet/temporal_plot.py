"""Pictures of a network over time: growth curves, ranks, and coalitions as an alluvial chart.

Each function draws with matplotlib on the `ax` given (or on a new figure), returns the
:class:`matplotlib.axes.Axes`, and never calls ``plt.show()``. Names, column and window labels
are drawn as plain text (``$`` is escaped, never mathematics; never TeX) and cut at 60
characters. They are also
``cs.temporal.plot_growth``, ``cs.temporal.plot_ranks`` and ``cs.temporal.plot_coalitions``.

Examples
--------
>>> import pandas as pd, cosignet as cs, matplotlib.pyplot as plt
>>> table = pd.DataFrame({
...     "letter": ["L1", "L1", "L2", "L2", "L2"],
...     "signer": ["Ann", "Bob", "Ann", "Bob", "Cy"],
...     "date": ["2019-03-01", "2019-03-01", "2020-05-01", "2020-05-01", "2020-05-01"],
... })
>>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
>>> ax = cs.temporal.plot_growth(cs.temporal.evolution(corpus))
>>> [line.get_label() for line in ax.get_lines()]
['n_letters', 'n_actors', 'n_new', 'n_returning']
>>> plt.close(ax.figure)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cosignet._figure_text import legend_label, literal, no_tex
from cosignet.errors import InvalidInputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from cosignet.temporal import CoalitionTracking

__all__ = ["plot_coalitions", "plot_growth", "plot_ranks"]

_GROWTH = ("n_letters", "n_actors", "n_new", "n_returning")


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, created = plt.subplots(figsize=size)
    return created


def _window_ticks(ax: Axes, labels: Sequence[Any]) -> None:
    """Put window labels on the x axis at 0, 1, ..., thinned to about 12, as plain text."""
    every = max(1, int(np.ceil(len(labels) / 12)))
    positions = list(range(0, len(labels), every))
    shown = [literal(labels[p]) for p in positions]
    ax.set_xticks(positions, shown, rotation=45, ha="right", usetex=False)


def _legend(ax: Axes, **options: Any) -> None:
    """Draw the legend, whose labels (names, columns) are user text: never given to TeX."""
    no_tex(ax.legend(**options).get_texts())


def plot_growth(
    table: pd.DataFrame, columns: Sequence[str] | None = None, ax: Axes | None = None
) -> Axes:
    """Draw growth curves: counts per window from :func:`cosignet.temporal.evolution`.

    Parameters
    ----------
    table : pandas.DataFrame
        The table :func:`~cosignet.temporal.evolution` returns.
    columns : sequence of str, optional
        The columns to draw (default: those of ``n_letters``, ``n_actors``, ``n_new`` and
        ``n_returning`` the table has).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidInputError
        When a column is not in the table.

    Examples
    --------
    >>> import pandas as pd, cosignet as cs, matplotlib.pyplot as plt
    >>> table = pd.DataFrame({"n_letters": [1, 3, 4], "n_actors": [2, 5, 9]},
    ...                      index=pd.period_range("2019", periods=3, freq="Y"))
    >>> ax = cs.temporal.plot_growth(table)
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_xticklabels()]
    ('per window', ['2019', '2020', '2021'])
    >>> plt.close(ax.figure)
    """
    chosen = [c for c in _GROWTH if c in table.columns] if columns is None else list(columns)
    missing = [c for c in chosen if c not in table.columns]
    if missing:
        raise InvalidInputError(
            f"columns: {missing[0]!r} is not a column of the table; it has "
            + ", ".join(map(repr, table.columns))
        )
    axes = _axes(ax, (8, 4))
    x = np.arange(len(table))
    for column in chosen:
        values = table[column].to_numpy(dtype=float)
        axes.plot(x, values, marker="o", markersize=3, label=legend_label(column))
    _window_ticks(axes, list(table.index))
    axes.set_ylabel("per window")
    axes.set_xlabel("window")
    axes.set_title("Growth")
    if chosen:
        _legend(axes, frameon=False)
    axes.grid(alpha=0.3)
    return axes


def plot_ranks(
    ranks: pd.DataFrame,
    actors: Sequence[Any] | None = None,
    top: int = 5,
    names: Mapping[Any, str] | pd.Series | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw actors' ranks over time (1 at the top), from :func:`cosignet.temporal.ranks`.

    Parameters
    ----------
    ranks : pandas.DataFrame
        Windows x actors, as :func:`~cosignet.temporal.ranks` returns.
    actors : sequence, optional
        Columns to draw (default: the `top` actors by best rank, then by mean rank).
    top : int, default 5
        How many actors to draw when `actors` is not given.
    names : mapping or Series, optional
        Legend text by actor (such as ``corpus.actors["name"]``); default: the column label.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidInputError
        When an actor is not a column of `ranks`.

    Examples
    --------
    >>> import pandas as pd, cosignet as cs, matplotlib.pyplot as plt
    >>> ranks = pd.DataFrame({"ann": [1.0, 2.0, 1.0], "bob": [2.0, 1.0, None]},
    ...                      index=pd.period_range("2019", periods=3, freq="Y"))
    >>> ax = cs.temporal.plot_ranks(ranks, names={"ann": "Ann Lee"})
    >>> [line.get_label() for line in ax.get_lines()], bool(ax.yaxis_inverted())
    (['Ann Lee', 'bob'], True)
    >>> plt.close(ax.figure)
    """
    if actors is None:
        order = pd.DataFrame({"best": ranks.min(), "mean": ranks.mean()}).sort_values(
            ["best", "mean"], kind="stable"
        )
        chosen = list(order.index[: max(0, int(top))])
    else:
        chosen = list(actors)
    missing = [a for a in chosen if a not in ranks.columns]
    if missing:
        raise InvalidInputError(f"actors: {missing[0]!r} is not a column of ranks")
    labels = dict(names) if names is not None else {}
    axes = _axes(ax, (8, 4))
    x = np.arange(len(ranks))
    for actor in chosen:
        axes.plot(
            x,
            ranks[actor].to_numpy(dtype=float),
            marker="o",
            markersize=3,
            label=legend_label(labels.get(actor, actor)),
        )
    _window_ticks(axes, list(ranks.index))
    if not axes.yaxis_inverted():
        axes.invert_yaxis()
    axes.set_ylabel("rank (1 = most central)")
    axes.set_xlabel("window")
    axes.set_title("Rank over time")
    if chosen:
        _legend(axes, frameon=False, fontsize="small")
    axes.grid(alpha=0.3)
    return axes


def _track_colour(palette: Any, track: int) -> Any:
    """Colour of a track: tab20's ten dark hues first, then its ten light ones."""
    return palette((2 * track) % 20 + (track // 10) % 2)


def plot_coalitions(
    tracking: CoalitionTracking, ax: Axes | None = None, bar_width: float = 0.3
) -> Axes:
    """Draw coalitions across windows as an alluvial chart.

    Each window is a column of bars, one per coalition (height: members), stacked by track
    and coloured by it, so a coalition followed from window to window keeps its colour.
    Bands join the coalitions of consecutive windows that share members (width: shared
    members); matched pairs are drawn darker than the other overlaps.

    Parameters
    ----------
    tracking : CoalitionTracking
        What :func:`cosignet.temporal.coalitions` returns.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    bar_width : float, default 0.3
        Width of the bars, in windows.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd, cosignet as cs, matplotlib.pyplot as plt
    >>> table = pd.DataFrame({
    ...     "letter": ["L1"] * 6 + ["L2"] * 3 + ["L3"] * 3,
    ...     "signer": list("abcdef") + list("abc") + list("def"),
    ...     "date": ["2019-05-01"] * 6 + ["2020-05-01"] * 6,
    ... })
    >>> corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")
    >>> ax = cs.temporal.plot_coalitions(cs.temporal.coalitions(corpus))
    >>> len(ax.patches), len(ax.collections)   # three bars, two bands
    (3, 2)
    >>> plt.close(ax.figure)
    """
    import matplotlib

    palette = matplotlib.colormaps["tab20"]
    axes = _axes(ax, (9, 5))
    table = tracking.coalitions
    windows = list(tracking.windows)
    position = {label: k for k, label in enumerate(windows)}
    gap = max(1.0, 0.02 * float(table["size"].max())) if len(table) else 1.0
    spans: dict[tuple[Any, int], tuple[float, float]] = {}
    for label in windows:
        if label not in table.index.get_level_values(0):
            continue
        rows = table.xs(label, level="window").sort_values("track", kind="stable")
        bottom = 0.0
        for coalition, row in rows.iterrows():
            height = float(row["size"])
            colour = _track_colour(palette, int(row["track"]))
            axes.bar(
                position[label], height, bottom=bottom, width=bar_width, color=colour,
                edgecolor="white", linewidth=0.5,
            )  # fmt: skip
            spans[(label, int(str(coalition)))] = (bottom, bottom + height)
            bottom += height + gap
    outgoing = {key: span[0] for key, span in spans.items()}
    incoming = dict(outgoing)
    flows = tracking.flows.sort_values(["window", "before", "after"], kind="stable")
    steps = np.linspace(0.0, 1.0, 30)
    ease = (1 - np.cos(np.pi * steps)) / 2
    for flow in flows.itertuples(index=False):
        later = flow.window
        earlier = windows[position[later] - 1]
        source, target = (earlier, int(flow.before)), (later, int(flow.after))
        if source not in spans or target not in spans:
            continue
        low_a = outgoing[source]
        low_b = incoming[target]
        outgoing[source] += flow.shared
        incoming[target] += flow.shared
        x0 = position[earlier] + bar_width / 2
        x1 = position[later] - bar_width / 2
        x = x0 + (x1 - x0) * steps
        low = low_a + (low_b - low_a) * ease
        track = int(table.loc[(earlier, int(flow.before)), "track"])
        axes.fill_between(
            x, low, low + flow.shared, color=_track_colour(palette, track),
            alpha=0.45 if flow.matched else 0.15, linewidth=0,
        )  # fmt: skip
    _window_ticks(axes, windows)
    axes.set_xlim(-0.6, max(len(windows) - 0.4, 0.6))
    axes.set_ylabel("members")
    axes.set_title("Coalitions across windows (colour: tracked coalition)")
    axes.spines[["top", "right"]].set_visible(False)
    return axes
