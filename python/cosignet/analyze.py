"""The main job: a corpus of letters to a finished analysis folder.

:func:`analyze` resolves identities, builds the incidence and the co-signature network,
measures every actor, finds coalitions, tests every tie against a backbone null model and
writes tables, graph files and a self-contained HTML report. ``cosignet analyze`` (see
:mod:`cosignet.cli`) runs it from the command line.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cosignet import _output, centrality, community, temporal
from cosignet import backbone as backbones
from cosignet._arguments import choice, flag, non_negative_int, non_negative_real, open_unit
from cosignet._progress import progress_wanted
from cosignet.bipartite import WEIGHTINGS, Bipartite
from cosignet.corpus import Corpus
from cosignet.errors import InvalidInputError
from cosignet.graph import Graph

__all__ = ["BACKBONES", "OUTPUT_FORMATS", "REPORT_FILES", "Analysis", "analyze", "check_arguments"]

#: Backbone models :func:`analyze` can apply ("none" skips the step).
BACKBONES: tuple[str, ...] = ("sdsm", "fixed_row", "fixed_fill", "fixed_col", "disparity", "none")
#: What :func:`analyze` can write.
OUTPUT_FORMATS: tuple[str, ...] = ("html", "csv", "json", "graphml", "gexf")
#: The files a report folder may hold, by format, besides its manifest
#: (``cosignet-manifest.json``).
REPORT_FILES: dict[str, tuple[str, ...]] = {
    "csv": (
        "letters.csv", "signatures.csv", "actors.csv", "edges.csv", "coalitions.csv",
        "over_time.csv",
    ),
    "graphml": ("network.graphml",),
    "gexf": ("network.gexf",),
    "json": ("network.json",),
    "html": ("index.html",),
}  # fmt: skip
_ALLOWED = frozenset(name for names in REPORT_FILES.values() for name in names)

_STEPS = (
    "resolve identities",
    "build the incidence",
    "project",
    "measure",
    "find coalitions",
    "extract the backbone",
    "follow over time",
    "write",
)
# The finest base period with at least this many periods between the first and last date
# is the default of the "Over time" section.
_MIN_PERIODS = 4
_AUTO_FREQUENCIES = ("Y", "Q", "M", "W")


@dataclass
class Analysis:
    """Everything :func:`analyze` computed, as values to keep, inspect or write again.

    Attributes
    ----------
    corpus : Corpus
        The corpus after identity resolution.
    incidence : Bipartite
        Letters x actors.
    graph : Graph
        The co-signature network of the actors, with every measure and the coalition as node
        columns and the backbone's p-values as edge columns.
    actors : pandas.DataFrame
        One row per actor: name, kind, country, organisation, party, letters signed, every
        centrality, coalition.
    edges : pandas.DataFrame
        One row per tie: source, target and their names, weight, shared letters, the
        backbone's expected weight, p-value and whether it is kept.
    coalitions : pandas.DataFrame
        One row per coalition (:func:`cosignet.community.profile`).
    backbone : Graph or None
        The backbone's kept ties.
    narrative : str
        The backbone's methods paragraph, with references.
    timings : dict
        Seconds per step.
    source : str
        What was analysed (paths or the bundled example corpus).
    settings : dict
        The options it ran with.
    files : list of pathlib.Path
        The files written (none with ``out=None``), besides the folder's manifest
        ``cosignet-manifest.json``.
    over_time : pandas.DataFrame or None
        :func:`cosignet.temporal.evolution` of the resolved corpus, with PageRank (None when
        no letter has a date); its ``attrs`` name the windows and the undated letters.
    ranks : pandas.DataFrame or None
        Windows x actors: each actor's PageRank rank in each window.
    coalition_tracking : CoalitionTracking or None
        :func:`cosignet.temporal.coalitions` over the same windows.

    Examples
    --------
    >>> import cosignet as cs
    >>> result = cs.analyze(cs.datasets.interpol_2021(), out=None)
    >>> result.graph
    <cosignet.Graph: 85 nodes, 1,784 edges, total weight 1,784>
    >>> list(result.timings)[:3]
    ['resolve identities', 'build the incidence', 'project']
    """

    corpus: Corpus
    incidence: Bipartite
    graph: Graph
    actors: pd.DataFrame
    edges: pd.DataFrame
    coalitions: pd.DataFrame
    backbone: Graph | None
    narrative: str
    settings: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    source: str = ""
    files: list[Path] = field(default_factory=list)
    over_time: pd.DataFrame | None = None
    ranks: pd.DataFrame | None = None
    coalition_tracking: temporal.CoalitionTracking | None = None


def _check_formats(formats: Sequence[str] | str) -> tuple[str, ...]:
    chosen = (
        tuple(f.strip() for f in formats.split(",")) if isinstance(formats, str) else tuple(formats)
    )
    unknown = [f for f in chosen if f not in OUTPUT_FORMATS]
    if unknown or not chosen:
        allowed = ", ".join(OUTPUT_FORMATS)
        raise InvalidInputError(f"formats must be among {allowed}, got {','.join(chosen)!r}")
    return chosen


def check_arguments(
    out: str | os.PathLike[str] | None = "report",
    *,
    inputs: Sequence[str | os.PathLike[str]] = (),
    contents: Sequence[str] = (),
    weighting: str = "count",
    min_weight: float = 0,
    backbone: str = "sdsm",
    alpha: float = 0.05,
    resolution: float = 1.0,
    formats: Sequence[str] | str = OUTPUT_FORMATS,
    aliases: Any = None,
    force: bool = False,
    seed: int = 0,
    freq: str | None = None,
    spreadsheet_safe: bool = True,
) -> tuple[tuple[str, ...], Path | None]:
    """Check the options and the output folder of :func:`analyze`, before any work.

    :func:`analyze` calls it; ``cosignet analyze`` calls it before reading a letter, with the
    paths it was given as `inputs`. It writes nothing.

    Parameters
    ----------
    out, weighting, min_weight, backbone, alpha, resolution, formats, aliases, force, seed
        As for :func:`analyze`.
    freq, spreadsheet_safe
        As for :func:`analyze`.
    inputs : sequence of path
        Paths to be read (files or folders): `out` may not be one, hold one or lie inside one.
    contents : sequence of str
        Files read (such as ``corpus.letters.source``): `out` may not hold one.

    Returns
    -------
    formats : tuple of str
        The formats to write.
    target : pathlib.Path or None
        The real path of `out` (links resolved), None when `out` is None.

    Raises
    ------
    InvalidInputError
        Naming the option and its value, or the output folder and why it cannot be used:
        it is, holds or lies inside an input, it is the current folder or holds it, it exists
        and is not a folder, or it is a folder cosignet did not write (a folder cosignet wrote
        is replaced; with `force` also when its files were changed since).

    Examples
    --------
    >>> from cosignet.analyze import check_arguments
    >>> check_arguments(None, alpha=0.01, formats="csv,html")
    (('csv', 'html'), None)
    >>> check_arguments(".")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cosignet.InvalidInputError: .: the output folder is the current folder or holds it; ...
    """
    choice(weighting, WEIGHTINGS, "weighting")
    choice(backbone, BACKBONES, "backbone")
    chosen = _check_formats(formats)
    if freq is not None:
        choice(freq, temporal.FREQUENCIES, "freq")
    non_negative_real(min_weight, "min_weight")
    open_unit(alpha, "alpha")
    non_negative_real(resolution, "resolution")
    non_negative_int(seed, "seed")
    flag(force, "force")
    flag(spreadsheet_safe, "spreadsheet_safe")
    given = [os.fspath(path) for path in inputs]
    if isinstance(aliases, (str, os.PathLike)):
        path = os.fspath(aliases)
        if not os.path.exists(path):
            raise InvalidInputError(f"{path}: no such file or folder (aliases)")
        if not os.path.isfile(path):
            raise InvalidInputError(f"{path}: aliases must be a file (CSV or JSON), not a folder")
        given.append(path)
    if out is None:
        return chosen, None
    target = _output.check_output(
        out, force=bool(force), allowed=_ALLOWED, inputs=given, contents=contents
    )
    return chosen, target


class _Steps:
    """Times the steps and shows one progress bar over them (when wanted)."""

    def __init__(self, show: bool) -> None:
        self.timings: dict[str, float] = {}
        self._bar: Any = None
        if show:
            import sys

            from tqdm import tqdm

            self._bar = tqdm(total=len(_STEPS), desc="cosignet", unit="step", file=sys.stderr)

    def run(self, name: str, work: Callable[[], Any]) -> Any:
        if self._bar is not None:
            self._bar.set_description(name)
        started = time.perf_counter()
        result = work()
        self.timings[name] = time.perf_counter() - started
        if self._bar is not None:
            self._bar.update(1)
        return result

    def close(self) -> None:
        if self._bar is not None:
            self._bar.set_description("done")
            self._bar.close()


def _backbone(
    B: Bipartite, G: Graph, model: str, alpha: float
) -> tuple[Graph | None, pd.DataFrame | None, str]:
    """Return the kept backbone, every tie's p-value (for the edges table), the narrative."""
    if model == "none":
        return None, None, ""
    if model == "disparity":
        found = backbones.disparity(G, alpha=alpha, correction="fdr", narrative=True)
        every = backbones.disparity(G, alpha=1 - 1e-12, correction="none")
    else:
        function = getattr(backbones, model)
        found = function(B, alpha=alpha, correction="fdr", narrative=True)
        every = function(B, alpha=1 - 1e-12, correction="none")
    assert isinstance(found, tuple)
    assert isinstance(every, Graph)
    kept, text = found
    return kept, every.edges[["source", "target", "expected", "pvalue"]], text


def analyze(
    corpus: Corpus,
    out: str | os.PathLike[str] | None = "report",
    *,
    weighting: str = "count",
    min_weight: float = 0,
    backbone: str = "sdsm",
    alpha: float = 0.05,
    resolution: float = 1.0,
    formats: Sequence[str] | str = OUTPUT_FORMATS,
    aliases: Any = None,
    force: bool = False,
    progress: bool | None = None,
    source: str = "",
    seed: int = 0,
    freq: str | None = None,
    spreadsheet_safe: bool = True,
) -> Analysis:
    """Analyse a corpus and write the report folder: the main job of cosignet.

    Steps: resolve identities (:meth:`Corpus.resolve`), build the letters x actors incidence,
    project it onto the actors, measure every actor (:func:`cosignet.centrality.table`),
    find coalitions (Louvain, seeded), test every tie against a backbone null model (with
    Benjamini-Hochberg correction) and write. Every option and the output folder are checked
    first (:func:`check_arguments`). The folder is written to a staging folder beside `out`
    and renamed into place at the end, so a failed run leaves nothing behind.

    What is deleted: only a folder cosignet wrote. Each report folder holds
    ``cosignet-manifest.json``, the list of the files written and their SHA-256; `out` is
    replaced when it is missing, empty, or holds only files its manifest lists, unchanged
    (so running the same command again just works). With `force`, listed files changed since
    are replaced too. A folder holding anything else (a file the manifest does not list, a
    link, a subfolder, no manifest) is refused, naming it, whatever `force` says; so is an
    `out` that is, holds or lies inside a file or folder read (the corpus's sources, the
    alias file, and for ``cosignet analyze`` the paths given), or holds the current folder.

    Parameters
    ----------
    corpus : Corpus
        For example ``cs.read_letters("letters/")`` or ``cs.datasets.interpol_2021()``.
    out : str or path-like, optional
        The folder to write (see "What is deleted" above); None writes nothing.
    weighting : {"count", "newman", "jaccard", "overlap", "ratio"}
        Tie weights (:meth:`Bipartite.project`).
    min_weight : float
        Keep only ties at least this strong.
    backbone : {"sdsm", "fixed_row", "fixed_fill", "fixed_col", "disparity", "none"}
        The null model for the backbone (:mod:`cosignet.backbone`).
    alpha : float
        The backbone's significance level.
    resolution : float
        Modularity resolution of the coalitions (larger: smaller coalitions).
    formats : sequence of str or str
        Among "html", "csv", "json" (node-link), "graphml", "gexf"; a comma-separated string
        is accepted.
    aliases : str, path-like or DataFrame, optional
        Identity aliases for :meth:`Corpus.resolve`.
    force : bool
        Also replace a folder cosignet wrote whose files were changed since (never a folder
        holding files cosignet did not write).
    progress : bool, optional
        Show a progress bar (default: on a terminal only).
    source : str
        How to describe the input in the report.
    seed : int
        Seed of the coalitions and of the network drawing.
    freq : {"Y", "Q", "M", "W", "D"}, optional
        Time windows of the "Over time" section (:func:`cosignet.temporal.windows`), made
        when letters have dates. Default: years if the dates span four calendar years or
        more, else quarters, months or weeks, whichever first spans four.
    spreadsheet_safe : bool, default True
        In the CSV files, put a single quote before every text cell that starts with ``=``,
        ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width forms), so that a
        spreadsheet opening the file shows the text instead of running it as a formula
        (CSV injection). Number columns are not changed. False writes the text exactly, for
        pipelines (``cosignet analyze --raw-csv``); the graph files and JSON always hold the
        exact text.

    Returns
    -------
    Analysis

    Raises
    ------
    InvalidInputError
        On a bad option, an output folder that cannot be used (:func:`check_arguments`), or a
        corpus without signatures; before any work.

    Examples
    --------
    >>> import cosignet as cs
    >>> result = cs.analyze(cs.datasets.interpol_2021(), out=None)
    >>> result.actors.groupby("coalition").size().tolist()
    [47, 38]
    """
    if not isinstance(corpus, Corpus):
        raise InvalidInputError(f"corpus must be a cosignet.Corpus, got {type(corpus).__name__}")
    if not isinstance(source, str):
        raise InvalidInputError(f"source must be a str, got {type(source).__name__}")
    sources = corpus.letters["source"]
    chosen, target = check_arguments(
        out,
        contents=[str(s) for s in sources[sources.notna()].unique()],
        weighting=weighting,
        min_weight=min_weight,
        backbone=backbone,
        alpha=alpha,
        resolution=resolution,
        formats=formats,
        aliases=aliases,
        force=force,
        seed=seed,
        freq=freq,
        spreadsheet_safe=spreadsheet_safe,
    )
    if not (corpus.signatures.role == "signatory").any():
        raise InvalidInputError("the corpus has no signatories: there is nothing to analyse")
    show = progress_wanted(progress, len(corpus.signatures), 0)
    steps = _Steps(show)
    try:
        resolved = steps.run("resolve identities", lambda: corpus.resolve(aliases=aliases))
        B = steps.run("build the incidence", resolved.incidence)
        G = steps.run(
            "project",
            lambda: B.project(weighting=weighting, min_weight=min_weight),
        )
        measures = steps.run("measure", lambda: centrality.table(G))
        labels = steps.run(
            "find coalitions", lambda: community.louvain(G, resolution=resolution, seed=seed)
        )
        kept, pvalues, narrative = steps.run(
            "extract the backbone", lambda: _backbone(B, G, backbone, alpha)
        )
        actors = _actor_table(resolved, G, measures, labels)
        edges = _edge_table(G, B, actors, pvalues, kept)
        coalitions = community.profile(G, labels, by=("country", "organisation"))
        graph = _annotated_graph(G, actors, edges)
        over_time, ranks, tracking = steps.run(
            "follow over time",
            lambda: _over_time(resolved, freq, weighting, min_weight, resolution, seed),
        )
        result = Analysis(
            corpus=resolved,
            incidence=B,
            graph=graph,
            actors=actors,
            edges=edges,
            coalitions=coalitions,
            backbone=kept,
            narrative=narrative,
            settings={
                "weighting": weighting,
                "min_weight": min_weight,
                "backbone": backbone,
                "alpha": alpha,
                "resolution": resolution,
                "seed": seed,
            },
            source=source or "a corpus given in Python",
            over_time=over_time,
            ranks=ranks,
            coalition_tracking=tracking,
        )
        if out is not None and target is not None:
            shown = os.fspath(out)
            written = steps.run(
                "write", lambda: _write(result, target, shown, chosen, force, spreadsheet_safe)
            )
            result.files = [Path(shown) / name for name in written]
        result.timings = steps.timings
    finally:
        steps.close()
    return result


def _default_freq(dates: list[Any]) -> str:
    """Return the coarsest of years, quarters, months and weeks that spans four periods."""
    first, last = min(dates), max(dates)
    for freq in _AUTO_FREQUENCIES:
        if pd.Period(last, freq).ordinal - pd.Period(first, freq).ordinal + 1 >= _MIN_PERIODS:
            return freq
    return _AUTO_FREQUENCIES[-1]


def _over_time(
    corpus: Corpus,
    freq: str | None,
    weighting: str,
    min_weight: float,
    resolution: float,
    seed: int,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, temporal.CoalitionTracking | None]:
    """Return the windows' evolution, PageRank ranks and coalitions (None without dates)."""
    dates = [d for d in corpus.letters["date"] if d is not None]
    if not dates:
        return None, None, None
    chosen = freq if freq is not None else _default_freq(dates)
    windows = temporal._windows(corpus, chosen, 1, None, False, stacklevel=2, warn=False)
    run = temporal._run(
        windows,
        structure=list(temporal.MEASURES),
        chosen=["pagerank"],
        followed=[],
        weighting=weighting,
        min_weight=float(min_weight),
        resolution=resolution,
        seed=seed,
        reuse=None,
        progress=False,
    )
    ranks = temporal._rank_table(run, "pagerank")
    tracking = temporal._tracking(run, temporal.DEFAULT_THRESHOLD, temporal.DEFAULT_MIN_SIZE)
    return run.table, ranks, tracking


def _actor_table(
    corpus: Corpus, G: Graph, measures: pd.DataFrame, labels: pd.Series
) -> pd.DataFrame:
    columns = ["name", "kind", "country", "organisation", "party", "n_letters"]
    base = corpus.actors.reindex(G.labels)[columns]
    table = base.join(measures, how="left")
    table["coalition"] = labels.reindex(G.labels).to_numpy()
    table.index.name = "actor_id"
    return table


def _edge_table(
    G: Graph,
    B: Bipartite,
    actors: pd.DataFrame,
    pvalues: pd.DataFrame | None,
    kept: Graph | None,
) -> pd.DataFrame:
    edges = G.edges.copy()
    edges.insert(2, "source_name", actors.name.reindex(edges.source).to_numpy())
    edges.insert(3, "target_name", actors.name.reindex(edges.target).to_numpy())
    shared = _shared_letter_counts(B, edges)
    edges["shared_letters"] = shared
    if pvalues is not None:
        merged = edges.merge(pvalues, on=["source", "target"], how="left")
        merged["pvalue"] = merged["pvalue"].fillna(1.0)  # left out: p = 1
        edges = merged
        keys = (
            set(zip(kept.edges.source, kept.edges.target, strict=True))
            if kept is not None
            else set()
        )
        edges["in_backbone"] = [
            (s, t) in keys for s, t in zip(edges.source, edges.target, strict=True)
        ]
    return edges


def _shared_letter_counts(B: Bipartite, edges: pd.DataFrame) -> np.ndarray:
    """Count the letters both ends signed, for each edge."""
    if not len(edges):
        return np.zeros(0, dtype=np.int64)
    A = (B.matrix > 0).astype(np.float64)
    index = pd.Index(B.actor_labels)
    s = index.get_indexer(edges.source)
    t = index.get_indexer(edges.target)
    by_actor = A.T.tocsr()
    counts = np.asarray(by_actor[s].multiply(by_actor[t]).sum(axis=1)).ravel()
    return counts.astype(np.int64)


def _annotated_graph(G: Graph, actors: pd.DataFrame, edges: pd.DataFrame) -> Graph:
    """G with the actor table as node attributes and the edge table's extra columns."""
    nodes = actors.drop(columns=["n_letters"]).join(G.nodes[["n_letters"]])
    extra = edges.drop(columns=["source", "target", "weight", "source_name", "target_name"])
    annotated = Graph(G.upper, G.labels, nodes, extra)
    annotated.attrs.update(G.attrs)
    return annotated


def _write(
    result: Analysis,
    target: Path,
    shown: str,
    formats: tuple[str, ...],
    force: bool,
    spreadsheet_safe: bool,
) -> list[str]:
    """Write the chosen formats into the folder `target` (shown as `shown`); return the names."""
    from cosignet.report import write_report

    def produce(folder: Path) -> list[Path]:
        files: list[Path] = []
        if "csv" in formats:
            tables = {
                "letters.csv": result.corpus.letters,
                "signatures.csv": result.corpus.signatures,
                "actors.csv": result.actors,
                "edges.csv": result.edges,
                "coalitions.csv": result.coalitions,
            }
            if result.over_time is not None:
                tables["over_time.csv"] = result.over_time
            for name, table in tables.items():
                index = name in ("actors.csv", "coalitions.csv", "over_time.csv")
                files.append(
                    _output.write_csv(table, folder / name, index=index, safe=spreadsheet_safe)
                )
        for fmt in ("graphml", "gexf", "json"):
            if fmt in formats:
                files.append(result.graph.write(folder / REPORT_FILES[fmt][0]))
        if "html" in formats:
            files.append(write_report(result, folder / "index.html"))
        return files

    return _output.write_folder(target, shown, force, _ALLOWED, produce)
