"""The HTML report of :func:`cosignet.analyze`: one self-contained file that works offline.

Pictures are PNGs drawn with matplotlib and embedded as data URIs; the interactive network
is plotly with its JavaScript inlined. Text from letters is never markup: every table is
escaped HTML from pandas, every other piece (the source, the hover text, undated letters) goes
through :func:`html.escape`, and in pictures it is plain text (``$`` escaped, never TeX).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cosignet._figure_text import literal
from cosignet._version import __version__
from cosignet.graph import Graph
from cosignet.layout import spring_layout

if TYPE_CHECKING:
    from cosignet.analyze import Analysis
    from cosignet.temporal import CoalitionTracking

__all__ = ["write_report"]

#: Nodes drawn at most (the most central ones), so the pictures stay legible and light.
MAX_DRAWN_NODES = 1500
#: Ties drawn at most in the interactive view (the strongest ones).
MAX_DRAWN_EDGES = 20_000
#: Ties drawn at most in the picture: beyond it, the backbone's ties among the drawn actors
#: (or the strongest).
MAX_PICTURE_TIES = 60_000
#: Rows shown at most in a table of the report; the CSV files hold every row.
MAX_TABLE_ROWS = 200
_MEASURES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank")
_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
)  # fmt: skip

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ddd; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } .figures { display: flex; flex-wrap: wrap; gap: 0.8rem; }
.figure { border: 1px solid #ddd; border-radius: 6px; padding: 0.5rem 0.9rem; min-width: 8rem; }
.figure b { display: block; font-size: 1.4rem; } img { max-width: 100%; }
.note { color: #555; font-size: 0.9rem; } .scroll { max-height: 28rem; overflow: auto; }
"""


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    with warnings.catch_warnings():  # a name in a script the font lacks is drawn as a box
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="" src="data:image/png;base64,{encoded}">'


def _table(
    frame: pd.DataFrame,
    index: bool = False,
    scroll: bool = False,
    csv: str | None = None,
    what: str = "rows",
) -> str:
    """Return `frame` as escaped HTML, at most :data:`MAX_TABLE_ROWS` rows.

    `csv` names the file holding every row (linked when the folder has it).
    """
    if frame.empty:
        return '<p class="note">None.</p>'
    note = ""
    if len(frame) > MAX_TABLE_ROWS:
        where = f' All {len(frame):,} are in <a href="{csv}">{csv}</a>.' if csv else ""
        note = f'<p class="note">The first {MAX_TABLE_ROWS:,} of {len(frame):,} {what}.{where}</p>'
        frame = frame.iloc[:MAX_TABLE_ROWS]
    shown = frame.astype(object).where(frame.notna(), "")  # None and NaN print as blanks
    body = shown.to_html(index=index, escape=True, border=0, float_format=_number)
    return note + (f'<div class="scroll">{body}</div>' if scroll else body)


def _csv(result: Analysis, name: str) -> str | None:
    """`name` when the report folder holds the CSV files, else None."""
    return name if "csv" in result.settings.get("formats", ()) else None


def _number(value: float) -> str:
    return f"{value:.4g}"


def _colour(coalition: Any) -> str:
    if pd.isna(coalition):
        return "#999999"
    return _PALETTE[int(coalition) % len(_PALETTE)]


def _drawn(result: Analysis) -> tuple[Graph, pd.DataFrame]:
    """Return the subgraph drawn and its rows of the actor table.

    Actors without ties are left out (they would ring the picture); of the others, the
    :data:`MAX_DRAWN_NODES` with the highest PageRank (fewer when the plan said so). When
    their ties exceed :data:`MAX_PICTURE_TIES`, the backbone's ties among them are drawn, or
    the strongest.
    """
    graph = result.graph
    actors = result.actors
    limit = MAX_DRAWN_NODES
    if result.plan is not None:
        limit = min(limit, int(result.plan.extra.get("drawn_nodes", limit)))
    upper = graph.upper
    tied = (np.diff(upper.indptr) > 0) | (np.bincount(upper.indices, minlength=graph.n_nodes) > 0)
    if not tied.any():  # nothing but actors without ties: draw them, as they are
        tied[:] = True
    if tied.all() and graph.n_nodes <= limit:
        return graph, actors
    candidates = np.flatnonzero(tied)
    if len(candidates) > limit:
        rank = actors["pagerank"].to_numpy()[candidates]
        order = np.argsort(-np.nan_to_num(rank, nan=-1.0), kind="stable")[:limit]
        candidates = np.sort(candidates[order])
    labels = graph.labels.take(candidates)
    sub = upper[candidates][:, candidates].tocoo()
    source, target, weight = sub.row, sub.col, sub.data
    if len(weight) > MAX_PICTURE_TIES:
        keep, which = _picture_ties(result, labels, source, target, weight)
        source, target, weight = source[keep], target[keep], weight[keep]
    drawn = Graph.from_edges(labels.take(source), labels.take(target), weights=weight, nodes=labels)
    drawn.attrs["ties"] = int(sub.nnz)
    if len(weight) < sub.nnz:
        drawn.attrs["which"] = which
    return drawn, actors.reindex(labels)


def _picture_ties(
    result: Analysis,
    labels: pd.Index,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
) -> tuple[np.ndarray, str]:
    """Positions of the ties drawn: the backbone's among these actors, else the strongest."""
    if result.backbone is not None and result.backbone.n_edges:
        kept = result.backbone.edges
        n = len(labels)
        at = pd.Index(labels)
        a = at.get_indexer(kept.source)
        b = at.get_indexer(kept.target)
        inside = (a >= 0) & (b >= 0)
        wanted = np.minimum(a, b)[inside] * n + np.maximum(a, b)[inside]
        chosen = np.flatnonzero(np.isin(source * n + target, wanted))
        if 0 < len(chosen) <= MAX_PICTURE_TIES:
            return chosen, "backbone"
    return np.sort(np.argsort(-weight, kind="stable")[:MAX_PICTURE_TIES]), "strongest"


def _network_sections(result: Analysis) -> str:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import plotly.graph_objects as go
    import plotly.io as pio
    from matplotlib.collections import LineCollection

    graph, actors = _drawn(result)
    xy = spring_layout(graph, seed=int(result.settings.get("seed", 0)))
    size = actors.pagerank.fillna(0).to_numpy()
    size = 6 + 30 * (size / size.max() if size.max() > 0 else size)
    colours = [_colour(c) for c in actors.coalition]
    edges = graph.edges
    position = {label: k for k, label in enumerate(graph.labels)}
    s = edges.source.map(position).to_numpy(dtype=np.int64)
    t = edges.target.map(position).to_numpy(dtype=np.int64)

    figure, axes = plt.subplots(figsize=(9, 7))
    # One collection for every tie: a plot() call per tie took 16 s for the Senate's 4,949.
    segments = list(np.stack([xy[s], xy[t]], axis=1))
    axes.add_collection(LineCollection(segments, colors="#bbbbbb", linewidths=0.4, zorder=1))
    axes.scatter(xy[:, 0], xy[:, 1], s=size**1.4, c=colours, edgecolors="white", zorder=2)
    axes.set_axis_off()
    axes.set_title("Co-signature network (colour: coalition, size: PageRank)")
    static = _png(figure)

    strongest = edges.nlargest(MAX_DRAWN_EDGES, "weight") if len(edges) > MAX_DRAWN_EDGES else edges
    ex: list[float | None] = []
    ey: list[float | None] = []
    for a, b in zip(strongest.source.map(position), strongest.target.map(position), strict=True):
        ex += [float(xy[a, 0]), float(xy[b, 0]), None]
        ey += [float(xy[a, 1]), float(xy[b, 1]), None]
    hover = [
        f"{html.escape(str(row.name))}<br>{html.escape(str(row.country or ''))}"
        f"<br>{html.escape(str(row.organisation or ''))}<br>coalition {row.coalition}"
        for row in actors.itertuples()
    ]
    fig = go.Figure(
        [
            go.Scatter(
                x=ex, y=ey, mode="lines", line={"width": 0.5, "color": "#bbb"}, hoverinfo="skip"
            ),
            go.Scatter(
                x=xy[:, 0], y=xy[:, 1], mode="markers", text=hover, hoverinfo="text",
                marker={"size": size, "color": colours, "line": {"width": 0.5, "color": "white"}},
            ),
        ]
    )  # fmt: skip
    fig.update_layout(
        showlegend=False, height=650, margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"visible": False}, yaxis={"visible": False}, plot_bgcolor="white",
    )  # fmt: skip
    interactive: str = pio.to_html(
        fig, include_plotlyjs=True, full_html=False, div_id="network-view",
        config={"displaylogo": False, "responsive": True},
    )  # fmt: skip
    note = _no_ties(result) + _drawn_note(result, graph)
    return (
        "<h2>The co-signature network</h2>" + note + static
        + "<h3>Interactive view</h3><p class='note'>Hover a node for its name, country, "
        "organisation and coalition; drag to pan, scroll to zoom.</p>" + interactive
    )  # fmt: skip


def _drawn_note(result: Analysis, graph: Graph) -> str:
    """Say what the picture leaves out: actors without ties, less central ones, ties."""
    whole = result.graph
    if graph is whole:
        return ""
    upper = whole.upper
    tied = (np.diff(upper.indptr) > 0) | (np.bincount(upper.indices, minlength=whole.n_nodes) > 0)
    n_tied = int(tied.sum()) or whole.n_nodes
    parts = []
    if graph.n_nodes < n_tied:
        parts.append(
            f"Drawn: the {graph.n_nodes:,} actors with the highest PageRank of {whole.n_nodes:,}."
        )
    if n_tied < whole.n_nodes:
        alone = whole.n_nodes - n_tied
        parts.append(f"{alone:,} actor{'s' if alone != 1 else ''} without ties not drawn.")
    ties = int(graph.attrs.get("ties", graph.n_edges))
    if graph.n_edges < ties:
        which = graph.attrs.get("which", "strongest")
        parts.append(f"Of their {ties:,} ties, the {graph.n_edges:,} {which} ties are drawn.")
    return f'<p class="note">{" ".join(parts)}</p>' if parts else ""


def _no_ties(result: Analysis) -> str:
    """Return a note saying the network has no ties, and why, or "" when it has some."""
    if result.graph.n_edges:
        return ""
    min_weight = float(result.settings.get("min_weight", 0) or 0)
    if min_weight > 0:
        why = f"no two actors share letters with a tie weight of at least {min_weight:g}"
    else:
        why = "no two actors signed the same letter"
    return f'<p class="note">The network has no ties: {why}.</p>'


def _heatmap(result: Analysis) -> str:
    import matplotlib.pyplot as plt
    import scipy.sparse as sp

    country = result.actors.country.reindex(result.graph.labels)
    upper = result.graph.upper
    if country.notna().sum() == 0 or upper.nnz == 0:
        return '<p class="note">No countries are known, so there is no country map.</p>'
    # Country x country weight: C' U C over the upper triangle, both directions, no diagonal.
    codes, names = pd.factorize(country)
    known = codes >= 0
    indicator = sp.csr_array(
        (np.ones(int(known.sum())), (np.flatnonzero(known), codes[known])),
        shape=(len(codes), len(names)),
    )
    between = (indicator.T @ upper @ indicator).toarray()
    between = between + between.T
    np.fill_diagonal(between, 0)
    matrix = pd.DataFrame(between, index=names, columns=names)
    present = matrix.sum(axis=1) > 0
    matrix = matrix.loc[present, present].sort_index().sort_index(axis=1)
    if matrix.empty:
        return '<p class="note">No ties join actors of two different known countries.</p>'
    order = matrix.sum(axis=1).sort_values(ascending=False).index[:30]
    matrix = matrix.reindex(index=order, columns=order, fill_value=0)
    figure, axes = plt.subplots(figsize=(1.2 + 0.32 * len(order), 1 + 0.3 * len(order)))
    image = axes.imshow(matrix.to_numpy(), cmap="Blues")
    shown = [literal(country) for country in order]  # user text: never mathtext, never TeX
    axes.set_xticks(range(len(order)), shown, rotation=90, usetex=False)
    axes.set_yticks(range(len(order)), shown, usetex=False)
    figure.colorbar(image, ax=axes, label="co-signature weight")
    axes.set_title("Ties between countries")
    return _png(figure)


_STEP_OF = {
    "degree": "degree and strength",
    "strength": "degree and strength",
    "betweenness": "betweenness",
    "closeness": "closeness and harmonic",
    "eigenvector": "eigenvector",
    "pagerank": "pagerank",
}


def _top_actors(result: Analysis) -> str:
    parts = []
    for measure in _MEASURES:
        if measure not in result.actors:
            continue
        heading = measure.capitalize()
        plan = result.plan
        step = _STEP_OF[measure]
        if plan is not None and plan.decision(step) == "sampled":
            heading += (
                f" (approximate: sampled from {plan.sources:,} of {result.graph.n_nodes:,} sources)"
            )
        if result.actors[measure].isna().all():
            why = html.escape(str(plan.steps.at[step, "reason"])) if plan is not None else ""
            parts.append(
                f"<h3>{heading}</h3><p class='note'>Not computed"
                + (f": {why}" if why else "")
                + ".</p>"
            )
            continue
        top = result.actors.nlargest(10, measure)[["name", "country", "organisation", measure]]
        parts.append(f"<h3>{html.escape(heading)}</h3>" + _table(top))
    return "".join(parts)


def _alone(result: Analysis) -> int:
    """Count the actors not in a coalition: alone in theirs (mostly actors without ties)."""
    sizes = result.actors.coalition.value_counts()
    return int(sizes[sizes == 1].sum())


def _summary(result: Analysis) -> str:
    graph = result.graph
    corpus = result.corpus
    n = graph.n_nodes
    density = 2 * graph.n_edges / (n * (n - 1)) if n > 1 else 0.0
    sizes = result.actors.coalition.value_counts()
    figures: dict[str, Any] = {
        "letters": len(corpus.letters),
        "signatures": int((corpus.signatures.role == "signatory").sum()),
        "actors": n,
        "ties": graph.n_edges,
        "density": f"{density:.3f}",
        "coalitions": int((sizes >= 2).sum()),
    }
    alone = _alone(result)
    if alone:
        figures["not in a coalition"] = alone
    plan = result.plan
    if plan is not None and not plan.giant.empty:
        figures["giant letters"] = len(plan.giant)
    figures.update(
        {
            "backbone ties": result.backbone.n_edges if result.backbone is not None else "—",
            "identity merges": len(corpus.resolution),
            "unparsed lines": len(corpus.issues),
        }
    )
    boxes = "".join(
        f'<div class="figure"><b>{html.escape(str(v if isinstance(v, str) else f"{v:,}"))}</b>'
        f"{html.escape(k)}</div>"
        for k, v in figures.items()
    )
    return f'<div class="figures">{boxes}</div>'


def _coalitions(result: Analysis) -> str:
    table = result.coalitions
    alone = _alone(result)
    if "size" in table:
        table = table[table["size"] >= 2]
    table = table.iloc[:MAX_TABLE_ROWS].copy() if len(table) > MAX_TABLE_ROWS else table.copy()
    if "core" in table:  # actor ids -> the names people know them by
        names = result.actors.name
        table["core"] = table["core"].map(
            lambda ids: ", ".join(
                str(names.get(i.strip(), i.strip())) for i in str(ids).split(", ") if i.strip()
            )
        )
    for column in table.columns:
        if table[column].map(lambda v: isinstance(v, (list, tuple, dict))).any():
            table[column] = table[column].map(_listing)
    shown = _table(table, index=True, scroll=True)
    sizes = result.coalitions.get("size")
    n_coalitions = int((sizes >= 2).sum()) if sizes is not None else len(table)
    if n_coalitions > MAX_TABLE_ROWS:
        csv = _csv(result, "coalitions.csv")
        where = f' All are in <a href="{csv}">{csv}</a>.' if csv else ""
        shown = (
            f'<p class="note">The {MAX_TABLE_ROWS:,} largest of {n_coalitions:,} coalitions.'
            f"{where}</p>" + shown
        )
    if alone:
        shown += (
            f'<p class="note">Not in a coalition: {alone:,} actor{"s" if alone != 1 else ""} '
            "alone in theirs (without ties, or tied to no group); coalitions.csv lists each "
            "as a coalition of one.</p>"
        )
    return shown


def _listing(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(
            f"{k} ({v:.0%})" if isinstance(v, float) else f"{k} ({v})" for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


_PERIOD_NAMES = {"Y": "year", "Q": "quarter", "M": "month", "W": "week", "D": "day"}
_OVER_TIME_COLUMNS = (
    "start", "end", "n_letters", "n_actors", "n_new", "n_returning", "n_left", "density",
    "largest_component_share", "modularity", "n_coalitions", "top_pagerank",
)  # fmt: skip
#: Actors whose PageRank rank over time is drawn (the most central over the whole corpus).
RANKED_ACTORS = 6


def _over_time(result: Analysis) -> str:
    """Return the "Over time" section, or "" when no letter has a date."""
    table = result.over_time
    if table is None:
        return _no_windows(result)
    import matplotlib

    matplotlib.use("Agg", force=False)
    from cosignet import temporal

    names = result.actors["name"]
    period = _PERIOD_NAMES.get(str(table.attrs.get("freq")), str(table.attrs.get("freq")))
    undated = list(table.attrs.get("undated", []))
    left_out = list(table.attrs.get("left_out", []))
    n_dated = int(len(result.corpus.letters) - len(undated) - len(left_out))
    parts = [
        "<h2>Over time</h2>",
        f"<p class='note'>{len(table):,} window{'s' if len(table) != 1 else ''} of one {period} "
        f"from {table.start.iloc[0]} to {table.end.iloc[-1]}, with the {n_dated:,} dated "
        "letters; each window's letters are projected and measured on their own (coalitions "
        "by the same seeded Louvain, matched from window to window at a Jaccard overlap of "
        f"{temporal.DEFAULT_THRESHOLD:g}).</p>",
    ]
    parts.append(_undated_note(undated))
    if left_out:
        parts.append(
            f"<p class='note'>The giant letters are left out of the windows, as out of the "
            f"network: {', '.join(html.escape(str(i)) for i in left_out)}.</p>"
        )
    shown_table = table[[c for c in _OVER_TIME_COLUMNS if c in table.columns]].copy()
    if "top_pagerank" in shown_table:
        shown_table["top_pagerank"] = shown_table["top_pagerank"].map(
            lambda actor: names.get(actor, actor) if isinstance(actor, str) else actor
        )
    shown_table.index = shown_table.index.astype(str)
    if len(table) < 2:
        parts.append(
            f"<p class='note'>All dated letters fall in one {period}: there is no change "
            "over time to show yet.</p>"
        )
        return "".join(parts) + _table(shown_table, index=True)
    parts.append(_png(temporal.plot_growth(table).figure))
    parts.append(
        _table(
            shown_table, index=True, scroll=True, csv=_csv(result, "over_time.csv"), what="windows"
        )
    )
    if result.ranks is not None and "pagerank" in result.actors:
        top = result.actors["pagerank"].nlargest(RANKED_ACTORS).index
        ranks = result.ranks.reindex(columns=top)
        parts.append("<h3>Rank over time (PageRank)</h3>")
        parts.append(_png(temporal.plot_ranks(ranks, actors=list(top), names=names).figure))
    if result.coalition_tracking is not None:
        parts.append(_tracked_coalitions(result.coalition_tracking))
    return "".join(parts)


def _undated_note(undated: list[Any]) -> str:
    if not undated:
        return ""
    shown = ", ".join(html.escape(str(i)) for i in undated[:10])
    more = f" and {len(undated) - 10:,} more" if len(undated) > 10 else ""
    return (
        f"<p class='note'>{len(undated):,} letter{'s' if len(undated) != 1 else ''} without "
        f"a date left out: {shown}{more}.</p>"
    )


def _no_windows(result: Analysis) -> str:
    """Return the "Over time" section saying why there are no windows ("" without dates)."""
    letters = result.corpus.letters
    dated = letters["date"].notna()
    if not dated.any() or result.plan is None:
        return ""
    plan = result.plan
    why = str(plan.extra.get("window_reason") or plan.steps.at["follow over time", "reason"])
    return (
        "<h2>Over time</h2>"
        f"<p class='note'>No time windows: {html.escape(why)}.</p>"
        + _undated_note(letters.loc[~dated, "letter_id"].tolist())
    )


def _tracked_coalitions(tracking: CoalitionTracking) -> str:
    """Return the alluvial picture and the events table of the tracked coalitions."""
    from cosignet import temporal

    heading = "<h3>Coalitions across windows</h3>"
    if tracking.coalitions.empty:
        return (
            f"{heading}<p class='note'>No window has a coalition of {tracking.min_size} or "
            "more actors.</p>"
        )
    events = tracking.events.copy()
    events["window"] = events["window"].astype(str)
    events["jaccard"] = events["jaccard"].map(lambda values: ", ".join(f"{v:.2f}" for v in values))
    for column in ("before", "after", "tracks"):
        events[column] = events[column].map(lambda values: ", ".join(map(str, values)))
    return (
        heading
        + _png(temporal.plot_coalitions(tracking).figure)
        + "<p class='note'>Events between consecutive windows (continuation, split, merge, "
        "birth, death); coalitions are numbered within their window from the largest, and a "
        "track follows one coalition from window to window.</p>"
        + _table(events, scroll=True, what="events")
    )


def _plan(result: Analysis) -> str:
    """Return the plan: each step's estimate, the time it took, the decision and why."""
    plan = result.plan
    if plan is None:
        return ""
    from cosignet.plan import format_seconds

    table = plan.table()
    took = result.timings
    measured = {**took}
    if "measure" in took:  # every measure in one call (cs.centrality.table)
        for step in (
            "degree and strength", "pagerank", "eigenvector", "katz", "closeness and harmonic",
            "betweenness", "constraint and effective size",
        ):  # fmt: skip
            measured.setdefault(step, float("nan"))
    table["took"] = [
        format_seconds(measured[step]) if step in measured else "" for step in table.index
    ]
    table = table.rename(columns={"seconds": "estimate"})
    total = sum(took.values())
    note = (
        f"<p class='note'>Estimated before the work from the incidence alone ({plan.ties:,} "
        f"ties from {plan.pair_contributions:,} pair contributions) with per-unit costs "
        "measured on the project's machine; steps run while they fit in the budget of "
        f"{format_seconds(plan.budget)} and in the {html.escape(_human(plan.memory))} of "
        f"memory available. The whole run took {format_seconds(total)}."
    )
    if "measure" in took:
        note += f" Every measure ran exactly in one pass, in {format_seconds(took['measure'])}."
    note += "</p>"
    columns = ["work", "units", "estimate", "bytes", "took", "decision", "reason"]
    return "<h2>The plan</h2>" + note + _table(table[columns], index=True)


def _human(n: float) -> str:
    from cosignet._memory import human_bytes

    return human_bytes(n)


def _giant(result: Analysis) -> str:
    """Return the section on giant letters, or "" when there are none."""
    plan = result.plan
    if plan is None or plan.giant.empty:
        return ""
    from cosignet.plan import GIANT_MIN_SIGNERS, GIANT_SHARE

    handled = {
        "two-mode": "The co-signature network is projected from the other letters; the giant "
        "letters stay in the two-mode view (letters x actors): each actor's n_letters counts "
        "them, and the column giant_letters of the actors table says how many each signed.",
        "newman": "Every letter is projected with Newman's weighting (a letter of n signers "
        "gives each tie 1/(n - 1)), keeping ties of at least "
        f"{plan.min_weight:.3g}: a tie only giant letters make is dropped, one a smaller "
        "letter makes keeps the giant letters' small weight.",
        "keep": "They are projected like any other letter, as asked: their cliques dominate "
        "the network and its measures.",
        "drop": "They are left out of the analysis, as asked: actors who signed only giant "
        "letters are not in the network.",
    }[plan.giant_letters]
    table = plan.giant.copy()
    table["share"] = table["share"].map(lambda v: f"{v:.1%}")
    return (
        "<h2>Giant letters</h2><p class='note'>A letter with n signers adds n(n - 1)/2 ties "
        "that say only that two people signed it. A letter is giant when it has at least "
        f"{GIANT_MIN_SIGNERS:,} signers and {GIANT_SHARE:.0%} of the pair contributions. "
        f"{html.escape(handled)} Choose another handling with --giant-letters "
        "(two-mode, newman, keep, drop).</p>"
        + _table(table.rename(columns={"only_giant": "signed nothing else"}), index=True)
    )


def _no_backbone(result: Analysis) -> str:
    plan = result.plan
    if plan is not None and plan.decision("extract the backbone") == "skipped":
        why = html.escape(str(plan.steps.at["extract the backbone", "reason"]))
        return f"<p class='note'>No backbone was extracted: {why}.</p>"
    return "<p class='note'>No backbone was extracted.</p>"


def _edges_note(result: Analysis) -> str:
    """Say which ties the edges table and graph files hold when not every one."""
    plan = result.plan
    if plan is None or result.network is None:
        return ""
    decision = plan.decision("edges")
    return (
        f"<p class='note'>The edges table and the graph files hold {result.network.n_edges:,} "
        f"of the {result.graph.n_edges:,} ties ({html.escape(decision)}: "
        f"{html.escape(str(plan.steps.at['edges', 'reason']))}).</p>"
    )


def write_report(result: Analysis, path: Path) -> Path:
    """Write the HTML report of `result` to `path` and return it."""
    settings = result.settings
    letters = result.corpus.letters[["letter_id", "title", "date", "n_signatories"]]
    merges = result.corpus.resolution
    issues = result.corpus.issues
    heading = "cosignet report"
    body = [
        f"<h1>{heading}</h1>",
        f"<p class='note'>{html.escape(result.source)}; cosignet {__version__}, "
        f"{dt.date.today().isoformat()}. Ties weighted by {html.escape(str(settings['weighting']))}"
        f"; coalitions by Louvain (resolution {settings['resolution']:g}, seed {settings['seed']})"
        f"; backbone: {html.escape(str(settings['backbone']))} at alpha {settings['alpha']:g} "
        "(Benjamini-Hochberg).</p>",
        "<h2>Summary</h2>",
        _summary(result),
        "<h2>Letters</h2>",
        _table(letters, scroll=True, csv=_csv(result, "letters.csv"), what="letters"),
        _giant(result),
        _network_sections(result),
        _edges_note(result),
        "<h2>Top actors</h2>",
        _top_actors(result),
        "<h2>Coalitions</h2>",
        _coalitions(result),
        _over_time(result),
        "<h2>Countries</h2>",
        _heatmap(result),
        "<h2>Backbone</h2>",
        "<p>" + html.escape(result.narrative).replace("\n", "<br>") + "</p>"
        if result.narrative
        else _no_backbone(result),
        "<h2>Identity merges to review</h2>",
        _table(merges, scroll=True, what="merges"),
        "<h2>Lines that could not be parsed</h2>",
        _table(issues, scroll=True, what="lines"),
        _plan(result),
    ]
    document = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{heading}</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
    path.write_text(document, encoding="utf-8")
    return path
