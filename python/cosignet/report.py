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


def _table(frame: pd.DataFrame, index: bool = False, scroll: bool = False) -> str:
    if frame.empty:
        return '<p class="note">None.</p>'
    shown = frame.astype(object).where(frame.notna(), "")  # None and NaN print as blanks
    body = shown.to_html(index=index, escape=True, border=0, float_format=_number)
    return f'<div class="scroll">{body}</div>' if scroll else body


def _number(value: float) -> str:
    return f"{value:.4g}"


def _colour(coalition: Any) -> str:
    if pd.isna(coalition):
        return "#999999"
    return _PALETTE[int(coalition) % len(_PALETTE)]


def _drawn(result: Analysis) -> tuple[Graph, pd.DataFrame]:
    """Return the subgraph drawn (the most central nodes) and its rows of the actor table."""
    graph = result.graph
    actors = result.actors
    if graph.n_nodes <= MAX_DRAWN_NODES:
        return graph, actors
    keep = actors.pagerank.nlargest(MAX_DRAWN_NODES).index
    labels = graph.labels[graph.labels.isin(keep)]
    edges = graph.edges
    inside = edges.source.isin(keep) & edges.target.isin(keep)
    sub = Graph.from_edges(
        edges.source[inside], edges.target[inside], weights=edges.weight[inside], nodes=labels
    )
    return sub, actors.reindex(labels)


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
    note = _no_ties(result)
    if graph.n_nodes < result.graph.n_nodes:
        note += (
            f'<p class="note">Drawn: the {graph.n_nodes:,} actors with the highest PageRank of '
            f"{result.graph.n_nodes:,}.</p>"
        )
    return (
        "<h2>The co-signature network</h2>" + note + static
        + "<h3>Interactive view</h3><p class='note'>Hover a node for its name, country, "
        "organisation and coalition; drag to pan, scroll to zoom.</p>" + interactive
    )  # fmt: skip


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

    country = result.actors.country
    edges = result.edges
    if country.notna().sum() == 0 or edges.empty:
        return '<p class="note">No countries are known, so there is no country map.</p>'
    a = country.reindex(edges.source).to_numpy()
    b = country.reindex(edges.target).to_numpy()
    known = pd.notna(a) & pd.notna(b)
    pairs = pd.DataFrame({"a": a[known], "b": b[known], "w": edges.weight.to_numpy()[known]})
    both = pd.concat([pairs, pairs.rename(columns={"a": "b", "b": "a"})])
    both = both[both.a != both.b]
    matrix = both.pivot_table(index="a", columns="b", values="w", aggfunc="sum", fill_value=0)
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


def _top_actors(result: Analysis) -> str:
    parts = []
    for measure in _MEASURES:
        if measure not in result.actors:
            continue
        top = result.actors.nlargest(10, measure)[["name", "country", "organisation", measure]]
        parts.append(f"<h3>{measure.capitalize()}</h3>" + _table(top))
    return "".join(parts)


def _summary(result: Analysis) -> str:
    graph = result.graph
    corpus = result.corpus
    n = graph.n_nodes
    density = 2 * graph.n_edges / (n * (n - 1)) if n > 1 else 0.0
    figures = {
        "letters": len(corpus.letters),
        "signatures": int((corpus.signatures.role == "signatory").sum()),
        "actors": n,
        "ties": graph.n_edges,
        "density": f"{density:.3f}",
        "coalitions": int(result.actors.coalition.nunique()),
        "backbone ties": result.backbone.n_edges if result.backbone is not None else "—",
        "identity merges": len(corpus.resolution),
        "unparsed lines": len(corpus.issues),
    }
    boxes = "".join(
        f'<div class="figure"><b>{html.escape(str(v if isinstance(v, str) else f"{v:,}"))}</b>'
        f"{html.escape(k)}</div>"
        for k, v in figures.items()
    )
    return f'<div class="figures">{boxes}</div>'


def _coalitions(result: Analysis) -> str:
    table = result.coalitions.copy()
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
    return _table(table, index=True, scroll=True)


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
        return ""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from cosignet import temporal

    names = result.actors["name"]
    period = _PERIOD_NAMES.get(str(table.attrs.get("freq")), str(table.attrs.get("freq")))
    undated = list(table.attrs.get("undated", []))
    n_dated = int(len(result.corpus.letters) - len(undated))
    parts = [
        "<h2>Over time</h2>",
        f"<p class='note'>{len(table):,} window{'s' if len(table) != 1 else ''} of one {period} "
        f"from {table.start.iloc[0]} to {table.end.iloc[-1]}, with the {n_dated:,} dated "
        "letters; each window's letters are projected and measured on their own (coalitions "
        "by the same seeded Louvain, matched from window to window at a Jaccard overlap of "
        f"{temporal.DEFAULT_THRESHOLD:g}).</p>",
    ]
    if undated:
        shown = ", ".join(html.escape(str(i)) for i in undated[:10])
        more = f" and {len(undated) - 10:,} more" if len(undated) > 10 else ""
        parts.append(
            f"<p class='note'>{len(undated):,} letter{'s' if len(undated) != 1 else ''} without "
            f"a date left out: {shown}{more}.</p>"
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
    parts.append(_table(shown_table, index=True, scroll=True))
    if result.ranks is not None and "pagerank" in result.actors:
        top = result.actors["pagerank"].nlargest(RANKED_ACTORS).index
        ranks = result.ranks.reindex(columns=top)
        parts.append("<h3>Rank over time (PageRank)</h3>")
        parts.append(_png(temporal.plot_ranks(ranks, actors=list(top), names=names).figure))
    if result.coalition_tracking is not None:
        parts.append(_tracked_coalitions(result.coalition_tracking))
    return "".join(parts)


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
        "track follows one coalition from window to window.</p>" + _table(events, scroll=True)
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
        _table(letters, scroll=True),
        _network_sections(result),
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
        else "<p class='note'>No backbone was extracted.</p>",
        "<h2>Identity merges to review</h2>",
        _table(merges, scroll=True),
        "<h2>Lines that could not be parsed</h2>",
        _table(issues, scroll=True),
    ]
    document = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{heading}</title><style>{_CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
    path.write_text(document, encoding="utf-8")
    return path
