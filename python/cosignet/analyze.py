"""The main job: a corpus of letters to a finished analysis folder.

:func:`analyze` resolves identities, builds the incidence and the co-signature network,
measures every actor, finds coalitions, tests every tie against a backbone null model and
writes tables, graph files and a self-contained HTML report. ``cosignet analyze`` (see
:mod:`cosignet.cli`) runs it from the command line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cosignet import _output, _windows, community, plan, temporal
from cosignet import backbone as backbones
from cosignet._arguments import choice, flag, non_negative_int, non_negative_real, open_unit
from cosignet._edges import annotated_graph, edge_table, written_positions
from cosignet._memory import available_bytes
from cosignet._progress import progress_wanted
from cosignet._steps import Steps, measure
from cosignet.bipartite import WEIGHTINGS, Bipartite
from cosignet.corpus import Corpus
from cosignet.errors import InvalidInputError, TooLargeError
from cosignet.graph import Graph
from cosignet.plan import Plan, Projection

__all__ = [
    "BACKBONES",
    "OUTPUT_FORMATS",
    "REPORT_FILES",
    "Analysis",
    "analysis_plan",
    "analyze",
    "check_arguments",
]

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
        columns and the edges table's columns as edge columns (when the table holds every
        tie).
    actors : pandas.DataFrame
        One row per actor: name, kind, country, organisation, party, letters signed, every
        centrality, coalition.
    edges : pandas.DataFrame
        One row per tie: source, target and their names, weight, shared letters, the
        backbone's expected weight, p-value and whether it is kept. Every tie, unless the plan
        kept only the backbone's or the strongest (``plan.decision("edges")``).
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
    plan : Plan or None
        What was estimated and chosen before the work (:mod:`cosignet.plan`).
    network : Graph or None
        The graph the graph files hold when the plan left ties out of them (the backbone's,
        or the strongest): the same nodes and columns as `graph`, fewer ties; None when the
        files hold `graph` itself.

    Examples
    --------
    >>> import cosignet as cs
    >>> result = cs.analyze(cs.datasets.interpol_2021(), out=None)
    >>> result.graph
    <cosignet.Graph: 85 nodes, 1,784 edges, total weight 1,784>
    >>> list(result.timings)[:4]
    ['resolve identities', 'build the incidence', 'plan', 'project']
    >>> result.plan.decision("betweenness")
    'exact'
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
    plan: Plan | None = None
    network: Graph | None = None


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
    budget: float = plan.BUDGET,
    giant_letters: str = "two-mode",
) -> tuple[tuple[str, ...], Path | None]:
    """Check the options and the output folder of :func:`analyze`, before any work.

    :func:`analyze` calls it; ``cosignet analyze`` calls it before reading a letter, with the
    paths it was given as `inputs`. It writes nothing.

    Parameters
    ----------
    out, weighting, min_weight, backbone, alpha, resolution, formats, aliases, force, seed
        As for :func:`analyze`.
    freq, spreadsheet_safe, budget, giant_letters
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
    plan.check_budget(budget)
    choice(giant_letters, plan.GIANT_HANDLINGS, "giant_letters")
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


def _backbone(
    P: Bipartite, G: Graph, model: str, alpha: float, every_tie: bool
) -> tuple[Graph | None, Graph | None, str]:
    """Return the kept backbone, the tested ties with p-values, the narrative.

    With `every_tie`, a second pass without correction gives every tie's p-value (for the
    edges table); without, only the kept ties have one.
    """
    if model == "none":
        return None, None, ""
    if model == "disparity":
        found = backbones.disparity(G, alpha=alpha, correction="fdr", narrative=True)
        every = backbones.disparity(G, alpha=1 - 1e-12, correction="none") if every_tie else None
    else:
        function = getattr(backbones, model)
        found = function(P, alpha=alpha, correction="fdr", narrative=True)
        every = function(P, alpha=1 - 1e-12, correction="none") if every_tie else None
    assert isinstance(found, tuple)
    kept, text = found
    assert isinstance(kept, Graph)
    assert every is None or isinstance(every, Graph)
    return kept, every if every is not None else kept, text


def _check_corpus(corpus: Any, source: Any) -> None:
    if not isinstance(corpus, Corpus):
        raise InvalidInputError(f"corpus must be a cosignet.Corpus, got {type(corpus).__name__}")
    if not isinstance(source, str):
        raise InvalidInputError(f"source must be a str, got {type(source).__name__}")
    if not (corpus.signatures.role == "signatory").any():
        raise InvalidInputError("the corpus has no signatories: there is nothing to analyse")


def _choose_freq(corpus: Corpus, freq: str | None) -> tuple[str | None, str]:
    """Return the over-time windows' base period (None: no section) and why there is none.

    A given `freq` that would make more windows than there are dated letters is refused,
    naming the finest base period that fits; the default is the coarsest of years, quarters,
    months and weeks that spans four periods and fits, else the finest that fits.
    """
    dates = corpus.letters["date"].tolist()
    n_dated = sum(d is not None for d in dates)
    if not n_dated:
        return None, "no letter has a date"
    if freq is not None:
        _windows.check_frequency(dates, freq)
        return freq, ""
    fitting = [f for f in _AUTO_FREQUENCIES if f in _windows.fitting_frequencies(dates)]
    if not fitting:
        years = _windows.periods_spanned(dates, "Y")
        return None, (
            f"the {n_dated:,} dated letters span {years:,} years: even yearly windows would "
            "outnumber them"
        )
    for candidate in fitting:
        if _windows.periods_spanned(dates, candidate) >= _MIN_PERIODS:
            return candidate, ""
    return fitting[-1], ""


@dataclass(frozen=True)
class _Prepared:
    corpus: Corpus
    incidence: Bipartite
    plan: Plan
    projection: Projection


def _prepare(
    corpus: Corpus,
    steps: Steps,
    *,
    freq: str | None,
    window_reason: str,
    aliases: Any,
    weighting: str,
    min_weight: float,
    backbone: str,
    formats: tuple[str, ...],
    giant_letters: str,
    budget: float,
) -> _Prepared:
    """Resolve identities, build the incidence and plan the rest (printed when shown)."""
    from cosignet.report import MAX_DRAWN_NODES

    steps.say(
        f"cosignet: {len(corpus.signatures):,} signatures on {len(corpus.letters):,} letters; "
        f"identity resolution (est. "
        f"{plan.format_seconds(plan.cost('resolve', len(corpus.signatures)))}) first"
    )
    resolved = steps.run("resolve identities", lambda: corpus.resolve(aliases=aliases))
    B = steps.run("build the incidence", resolved.incidence)
    if freq is not None:
        dates = resolved.letters["date"].tolist()
        plan_of_windows = _windows.make_plan(dates, freq, 1, 1, False)
        windows = plan.Windows(
            freq, plan_of_windows.n_windows, plan_of_windows.letter_period, window_reason
        )
    else:
        windows = plan.Windows(None, 0, np.zeros(0, dtype=np.int64), window_reason)
    made, projection = steps.run(
        "plan",
        lambda: plan.make_plan(
            B,
            weighting=weighting,
            min_weight=min_weight,
            backbone=backbone,
            formats=formats,
            giant_letters=giant_letters,
            budget=budget,
            memory=available_bytes(),
            windows=windows,
            drawn_nodes=MAX_DRAWN_NODES,
            done=dict(steps.timings),
        ),
    )
    steps.say(str(made))
    return _Prepared(resolved, B, made, projection)


def analysis_plan(
    corpus: Corpus,
    *,
    weighting: str = "count",
    min_weight: float = 0,
    backbone: str = "sdsm",
    formats: Sequence[str] | str = OUTPUT_FORMATS,
    aliases: Any = None,
    freq: str | None = None,
    budget: float = plan.BUDGET,
    giant_letters: str = "two-mode",
) -> Plan:
    """Plan :func:`analyze` without running it: resolve, build the incidence, estimate.

    The options are those of :func:`analyze`. Identity resolution and the incidence run (the
    plan needs who is who); nothing is projected. ``cosignet analyze --plan`` prints it.

    Returns
    -------
    Plan
        One row per step with its work, estimated seconds and bytes, decision and reason.

    Examples
    --------
    >>> import cosignet as cs
    >>> plan = cs.analysis_plan(cs.datasets.interpol_2021())
    >>> plan.steps.loc["project", ["units", "decision"]].tolist()
    [1784.0, 'run']
    >>> plan.decision("follow over time")
    '1 windows of one week'
    """
    _check_corpus(corpus, "")
    chosen, _ = check_arguments(
        None,
        weighting=weighting,
        min_weight=min_weight,
        backbone=backbone,
        formats=formats,
        aliases=aliases,
        freq=freq,
        budget=budget,
        giant_letters=giant_letters,
    )
    window_freq, reason = _choose_freq(corpus, freq)
    prepared = _prepare(
        corpus,
        Steps(False),
        freq=window_freq,
        window_reason=reason,
        aliases=aliases,
        weighting=weighting,
        min_weight=min_weight,
        backbone=backbone,
        formats=chosen,
        giant_letters=giant_letters,
        budget=budget,
    )
    return prepared.plan


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
    budget: float = plan.BUDGET,
    giant_letters: str = "two-mode",
) -> Analysis:
    """Analyse a corpus and write the report folder: the main job of cosignet.

    Steps: resolve identities (:meth:`Corpus.resolve`), build the letters x actors incidence,
    plan the rest (:mod:`cosignet.plan`: the cost of every step, estimated without building
    the graph, and what runs within `budget`), project it onto the actors, measure every
    actor (:func:`cosignet.centrality.table`), find coalitions (Louvain, seeded), test every
    tie against a backbone null model (with Benjamini-Hochberg correction), follow the
    network over time and write. Every option, the output folder and the time windows are
    checked first (:func:`check_arguments`). The folder is written to a staging folder beside
    `out` and renamed into place at the end, so a failed run leaves nothing behind.

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
        Print the plan, then one line per step with its estimate and the time it took, on
        standard error (default: on a terminal only).
    source : str
        How to describe the input in the report.
    seed : int
        Seed of the coalitions, of sampled betweenness and of the network drawing.
    freq : {"Y", "Q", "M", "W", "D"}, optional
        Time windows of the "Over time" section (:func:`cosignet.temporal.windows`), made
        when letters have dates. Default: years if the dates span four calendar years or
        more, else quarters, months or weeks, whichever first spans four. There are never
        more windows than dated letters: a `freq` that would make more is refused (the
        message names the finest that fits), and the default is the finest that fits when
        none spans four (no section when not even years fit).
    spreadsheet_safe : bool, default True
        In the CSV files, put a single quote before every text cell that starts with ``=``,
        ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width forms), so that a
        spreadsheet opening the file shows the text instead of running it as a formula
        (CSV injection). Number columns are not changed. False writes the text exactly, for
        pipelines (``cosignet analyze --raw-csv``); the graph files and JSON always hold the
        exact text.
    budget : float, default 300
        Seconds the planned steps may take, by the plan's estimates: the steps the report
        needs always run; the backbone, every tie in the tables and graph files, the time
        windows, closeness and harmonic, exact betweenness, Katz, constraint and effective
        size run, in that order, while they fit (:mod:`cosignet.plan`).
    giant_letters : {"two-mode", "newman", "keep", "drop"}
        How to handle letters whose cliques dominate the network (at least 1,000 signers and
        10% of the pair contributions; :mod:`cosignet.plan`): project the others and measure
        them in the two-mode view (default), Newman weighting with a threshold that drops
        the ties only they make, project them like any letter, or leave them out.

    Returns
    -------
    Analysis

    Raises
    ------
    InvalidInputError
        On a bad option, an output folder that cannot be used (:func:`check_arguments`), a
        `freq` making more windows than dated letters, or a corpus without signatures;
        before any work.
    TooLargeError
        When the co-signature network cannot fit in memory (after identity resolution,
        before projecting), naming the options that would make it fit.

    Examples
    --------
    >>> import cosignet as cs
    >>> result = cs.analyze(cs.datasets.interpol_2021(), out=None)
    >>> result.actors.groupby("coalition").size().tolist()
    [47, 38]
    """
    _check_corpus(corpus, source)
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
        budget=budget,
        giant_letters=giant_letters,
    )
    window_freq, window_reason = _choose_freq(corpus, freq)
    steps = Steps(progress_wanted(progress, len(corpus.signatures), 0))
    prepared = _prepare(
        corpus,
        steps,
        freq=window_freq,
        window_reason=window_reason,
        aliases=aliases,
        weighting=weighting,
        min_weight=min_weight,
        backbone=backbone,
        formats=chosen,
        giant_letters=giant_letters,
        budget=budget,
    )
    made = prepared.plan
    resolved, B, P = prepared.corpus, prepared.incidence, prepared.projection.incidence
    _refuse_if_refused(made)
    chosen_weighting: Any = made.weighting  # one of WEIGHTINGS, checked before any work
    G = steps.planned(
        made, "project", lambda: P.project(weighting=chosen_weighting, min_weight=made.min_weight)
    )
    measures = measure(G, made, steps, seed)
    labels = steps.planned(
        made, "find coalitions", lambda: community.louvain(G, resolution=resolution, seed=seed)
    )
    every_tie = made.decision("edges") == "all ties"
    kept, tested, narrative = (
        steps.planned(
            made, "extract the backbone", lambda: _backbone(P, G, backbone, alpha, every_tie)
        )
        if made.runs("extract the backbone")
        else (None, None, "")
    )
    actors = _actor_table(resolved, G, measures, labels, B, prepared.projection)
    positions = written_positions(G, made, kept)
    edges = steps.planned(
        made, "edges", lambda: edge_table(G, P, actors, tested, kept, positions, made.weighting)
    )
    coalitions = community.profile(G, labels, by=("country", "organisation"))
    graph, network = annotated_graph(G, actors, edges, positions, made)
    over_time, ranks, tracking = (
        steps.planned(
            made,
            "follow over time",
            lambda: _over_time(resolved, made, prepared.projection, resolution, seed),
        )
        if made.freq is not None
        else (None, None, None)
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
            "weighting": made.weighting,
            "min_weight": made.min_weight,
            "backbone": backbone,
            "alpha": alpha,
            "resolution": resolution,
            "seed": seed,
            "budget": budget,
            "giant_letters": made.giant_letters,
            "formats": chosen,
        },
        source=source or "a corpus given in Python",
        over_time=over_time,
        ranks=ranks,
        coalition_tracking=tracking,
        plan=made,
        network=network,
    )
    result.timings = steps.timings
    if out is not None and target is not None:
        shown = os.fspath(out)
        written = steps.planned(
            made, "write", lambda: _write(result, target, shown, chosen, force, spreadsheet_safe)
        )
        result.files = [Path(shown) / name for name in written]
    return result


def _refuse_if_refused(made: Plan) -> None:
    """Raise TooLargeError when the plan refused the projection, saying what would fit."""
    if made.decision("project") != "refused":
        return
    if made.giant_letters in ("keep", "newman"):
        hint = "giant_letters='two-mode' (--giant-letters two-mode) or a higher min_weight"
    else:
        hint = "a higher min_weight (--min-weight), or fewer letters"
    raise TooLargeError(
        f"the co-signature network would have {made.ties:,} ties or more and "
        f"{made.steps.at['project', 'reason']}; try {hint}"
    )


def _over_time(
    corpus: Corpus,
    made: Plan,
    projection: plan.Projection,
    resolution: float,
    seed: int,
) -> tuple[pd.DataFrame | None, pd.DataFrame | None, temporal.CoalitionTracking | None]:
    """Return the windows' evolution, PageRank ranks and coalitions.

    Giant letters handled in the two-mode view or dropped are left out of every window, as
    they are out of the network; ``attrs["left_out"]`` lists them.
    """
    assert made.freq is not None
    letters = corpus.letters
    dates = letters["date"].tolist()
    left_out: list[Any] = []
    if projection.handling in ("two-mode", "drop"):
        giant = set(made.giant.index)
        ids = letters["letter_id"].tolist()
        left_out = [i for i in ids if i in giant]
        dates = [None if i in giant else d for i, d in zip(ids, dates, strict=True)]
    undated = [i for i, d in zip(letters["letter_id"], letters["date"], strict=True) if d is None]
    windows = temporal.Windows(corpus, _windows.make_plan(dates, made.freq, 1, 1, False))
    run = temporal._run(
        windows,
        structure=list(temporal.MEASURES),
        chosen=["pagerank"],
        followed=[],
        weighting=made.weighting,
        min_weight=float(made.min_weight),
        resolution=resolution,
        seed=seed,
        reuse=None,
        progress=False,
    )
    run.table.attrs["undated"] = undated
    if left_out:
        run.table.attrs["left_out"] = left_out
    ranks = temporal._rank_table(run, "pagerank")
    tracking = temporal._tracking(run, temporal.DEFAULT_THRESHOLD, temporal.DEFAULT_MIN_SIZE)
    return run.table, ranks, tracking


def _actor_table(
    corpus: Corpus,
    G: Graph,
    measures: pd.DataFrame,
    labels: pd.Series,
    B: Bipartite,
    projection: plan.Projection,
) -> pd.DataFrame:
    columns = ["name", "kind", "country", "organisation", "party", "n_letters"]
    base = corpus.actors.reindex(G.labels)[columns]
    table = base.join(measures, how="left")
    table["coalition"] = labels.reindex(G.labels).to_numpy()
    if projection.handling == "two-mode":
        giant_rows = np.flatnonzero(projection.giant)
        signed = np.bincount(B.matrix[giant_rows].indices, minlength=B.n_actors)
        table["giant_letters"] = pd.Series(signed, index=B.actor_labels).reindex(G.labels)
    table.index.name = "actor_id"
    return table


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
        network = result.network if result.network is not None else result.graph
        for fmt in ("graphml", "gexf", "json"):
            if fmt in formats:
                files.append(network.write(folder / REPORT_FILES[fmt][0]))
        if "html" in formats:
            files.append(write_report(result, folder / "index.html"))
        return files

    return _output.write_folder(target, shown, force, _ALLOWED, produce)
