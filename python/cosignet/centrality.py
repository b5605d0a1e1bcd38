"""Who is central in a signatory network, and who bridges groups.

Every function takes a :class:`cosignet.Graph` and returns a :class:`pandas.Series` indexed
by node label (:func:`brokerage` and :func:`table` return a DataFrame). The values equal
NetworkX's functions of the same name to floating-point rounding; the kernels run in the C++
core, in parallel (see :func:`cosignet.set_num_threads`), and stop on Ctrl-C.

Weights
-------
In a co-signature graph a larger weight is a stronger tie. What a measure does with it:

- **Path measures** (:func:`betweenness`, :func:`closeness`, :func:`harmonic`) need lengths.
  ``weights="strength"`` (the default) takes each edge's length as ``1 / weight``, so strong
  ties are short; ``weights="distance"`` takes the weight itself as the length;
  ``weights=None`` counts hops.
- **Spectral measures** (:func:`eigenvector`, :func:`pagerank`, :func:`katz`) and **structural
  holes** (:func:`constraint`, :func:`effective_size`) use weights as strengths
  (``weights="strength"``, the default) or ignore them (``weights=None``).

Examples
--------
>>> import cosignet as cs
>>> G = cs.Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])   # a path a-b-c-d
>>> cs.centrality.betweenness(G, weights=None).tolist()
[0.0, 0.6666666666666666, 0.6666666666666666, 0.0]
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from cosignet import _core
from cosignet._arguments import positive_int, tolerance
from cosignet._labels import by_label
from cosignet._progress import progress_bar, progress_wanted
from cosignet._sparse import IndexArray, ScalarArray
from cosignet.errors import InvalidInputError
from cosignet.graph import Graph

__all__ = [
    "betweenness",
    "brokerage",
    "closeness",
    "constraint",
    "degree",
    "effective_size",
    "eigenvector",
    "harmonic",
    "katz",
    "pagerank",
    "strength",
    "table",
]

PathWeights = Literal["strength", "distance"] | None
StrengthWeights = Literal["strength"] | None

#: Column names of :func:`brokerage`, in the core's order.
BROKERAGE_ROLES = ("coordinator", "itinerant", "representative_gatekeeper", "liaison")

# Betweenness shows a progress bar (on a terminal) above this many edge visits.
_PROGRESS_WORK = 2e9
# ... and then runs its sources in this many batches (fixed, so results do not depend on it).
_PROGRESS_BATCHES = 100

Csr = tuple[int, IndexArray, IndexArray, ScalarArray]


# ---------------------------------------------------------------------- graph arguments


def _check_graph(G: Any) -> Graph:
    if not isinstance(G, Graph):
        raise InvalidInputError(f"G must be a cosignet.Graph, got {type(G).__name__}")
    return G


def _first_bad_edge(G: Graph, values: ScalarArray, what: str, hint: str) -> None:
    """Raise naming the first edge whose `values` entry is not positive and finite."""
    bad = np.flatnonzero(~(np.isfinite(values) & (values > 0)))
    if bad.size == 0:
        return
    adjacency = G.adjacency
    position = int(bad[0])
    row = int(np.searchsorted(adjacency.indptr, position, side="right") - 1)
    col = int(adjacency.indices[position])
    source, target = G.labels[min(row, col)], G.labels[max(row, col)]
    weight = float(adjacency.data[position])
    raise InvalidInputError(
        f"edge ({source!r}, {target!r}) has weight {weight!r}, which gives {what} "
        f"{float(values[position])!r}; {hint}"
    )


def _path_graph(G: Graph, weights: PathWeights) -> tuple[Csr, bool]:
    """Return the adjacency with path lengths as values, and whether they are weighted."""
    adjacency = G.adjacency
    n = G.n_nodes
    if weights is None:
        return (n, adjacency.indptr, adjacency.indices, adjacency.data), False
    if weights == "strength":
        with np.errstate(divide="ignore"):
            lengths = 1.0 / adjacency.data
        hint = "with weights='strength' a length is 1 / weight, so weights must be positive"
    elif weights == "distance":
        lengths = adjacency.data
        hint = "with weights='distance' the weight is the length: positive and finite"
    else:
        raise InvalidInputError(
            f"weights must be 'strength', 'distance' or None for path measures, got {weights!r}"
        )
    _first_bad_edge(G, lengths, "length", hint)
    return (n, adjacency.indptr, adjacency.indices, lengths), True


def _strength_graph(G: Graph, weights: StrengthWeights) -> Csr:
    """Return the adjacency with tie strengths as values (ones when `weights` is None)."""
    adjacency = G.adjacency
    if weights is None:
        data = np.ones(adjacency.nnz, dtype=np.float64)
    elif weights == "strength":
        data = adjacency.data
        _first_bad_edge(G, data, "strength", "weights must be positive and finite")
    else:
        raise InvalidInputError(
            "this measure uses weights as tie strengths: weights must be 'strength' or None, "
            f"got {weights!r}"
        )
    return G.n_nodes, adjacency.indptr, adjacency.indices, data


def _series(G: Graph, values: Any, name: str) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=np.float64), index=G.labels, name=name)


def _node_vector(G: Graph, values: Mapping[Any, float] | pd.Series, name: str) -> ScalarArray:
    """Per-node values from a mapping keyed by label (missing labels are 0)."""
    aligned = by_label(values, G.labels, name)
    unknown = pd.Index(list(values.keys())).difference(G.labels)
    if len(unknown):
        raise InvalidInputError(f"{name} names {unknown[0]!r}, which is not a node")
    try:
        vector = aligned.fillna(0).to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(f"{name} values must be numbers: {error}") from None
    return np.ascontiguousarray(vector)


def _distribution(G: Graph, values: Mapping[Any, float] | pd.Series, name: str) -> ScalarArray:
    """Return a nonnegative per-node vector scaled to sum 1."""
    vector = _node_vector(G, values, name)
    if not np.all(np.isfinite(vector)) or np.any(vector < 0):
        raise InvalidInputError(f"{name} values must be nonnegative and finite")
    total = vector.sum()
    if total <= 0:
        raise InvalidInputError(f"{name} values must not all be zero")
    result: ScalarArray = vector / total
    return result


# ---------------------------------------------------------------------- local measures


def degree(G: Graph, normalized: bool = False) -> pd.Series:
    """Count the neighbours of each node.

    Parameters
    ----------
    G : Graph
    normalized : bool, default False
        Divide by ``n - 1``, the most a node can have (NetworkX's ``degree_centrality``;
        a graph of one node gives 1, as there).

    Returns
    -------
    pandas.Series
        Indexed by node label. Weights play no part: see :func:`strength`.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "a"], ["b", "c"])
    >>> cs.centrality.degree(G).tolist()
    [2.0, 1.0, 1.0]
    >>> cs.centrality.degree(G, normalized=True).tolist()
    [1.0, 0.5, 0.5]
    """
    G = _check_graph(G)
    values = G.degree_array().astype(np.float64)
    if normalized and G.n_nodes == 1:
        values[:] = 1.0  # as NetworkX's degree_centrality of a single node
    elif normalized:
        values *= 1.0 / (G.n_nodes - 1)
    return _series(G, values, "degree")


def strength(G: Graph) -> pd.Series:
    """Sum of the weights of each node's ties (its weighted degree).

    In a count projection this is how many co-signatures a signer has in all.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "a"], ["b", "c"], weights=[2, 3])
    >>> cs.centrality.strength(G).tolist()
    [5.0, 2.0, 3.0]
    """
    G = _check_graph(G)
    return _series(G, G.strength_array(), "strength")


# ---------------------------------------------------------------------- path measures


def betweenness(
    G: Graph,
    weights: PathWeights = "strength",
    normalized: bool = True,
    endpoints: bool = False,
    k: int | None = None,
    seed: int | random.Random | None = None,
    progress: bool | None = None,
) -> pd.Series:
    r"""Shortest-path betweenness: how much of the traffic between others passes a node.

    .. math:: c_B(v) = \sum_{s \ne v \ne t} \frac{\sigma(s, t \mid v)}{\sigma(s, t)}

    where :math:`\sigma(s, t)` counts the shortest s-t paths and :math:`\sigma(s, t \mid v)`
    those through `v` (Brandes' algorithm, exact, sources in parallel). Equal to NetworkX's
    ``betweenness_centrality`` with the same arguments, including the sampled version.

    Parameters
    ----------
    G : Graph
    weights : {"strength", "distance", None}, default "strength"
        How weights become lengths: ``1 / weight`` (strong ties are short), the weight itself,
        or hops. Two paths tie when their lengths are equal as floating-point sums.
    normalized : bool, default True
        Divide by the number of node pairs, ``(n - 1)(n - 2) / 2`` (NetworkX's rescaling);
        otherwise each unordered pair counts once.
    endpoints : bool, default False
        Count a path's ends as lying on it.
    k : int, optional
        Estimate from `k` sampled sources instead of all ``n`` (faster on large graphs).
    seed : int or random.Random, optional
        Picks the sample: ``random.Random(seed).sample(nodes, k)``, so an integer seed picks
        the same sources as NetworkX, in the order of :attr:`Graph.labels`.
    progress : bool, optional
        Show a progress bar; by default shown for long runs on a terminal.

    Returns
    -------
    pandas.Series
        Indexed by node label.

    Raises
    ------
    InvalidInputError
        For a weight that gives a length that is not positive and finite (naming the edge),
        or `k` outside ``1 .. n``.

    See Also
    --------
    closeness, harmonic, brokerage

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality", Journal of
       Mathematical Sociology 25(2):163-177, 2001.
    .. [2] U. Brandes, "On variants of shortest-path betweenness centrality and their generic
       computation", Social Networks 30(2):136-145, 2008.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b", "b"], ["b", "c", "d"])   # a star around b
    >>> cs.centrality.betweenness(G, weights=None)
    a    0.0
    b    1.0
    c    0.0
    d    0.0
    Name: betweenness, dtype: float64
    >>> cs.centrality.betweenness(G, weights=None, normalized=False)["b"]
    np.float64(3.0)
    """
    G = _check_graph(G)
    graph, weighted = _path_graph(G, weights)
    n = G.n_nodes
    sampled = k is not None and positive_int(k, "k") != n
    if k is not None and k > n:
        raise InvalidInputError(f"k must be at most the number of nodes ({n}), got {k}")
    if sampled:
        assert k is not None
        rng = seed if isinstance(seed, random.Random) else random.Random(seed)
        sources = np.asarray(rng.sample(range(n), k), dtype=np.int64)
    else:
        sources = np.arange(n, dtype=np.int64)
    raw = _betweenness_sums(graph, weighted, sources, endpoints, progress)
    return _series(
        G, _rescale(raw, n, normalized, endpoints, sources if sampled else None), "betweenness"
    )


def _betweenness_sums(
    graph: Csr, weighted: bool, sources: IndexArray, endpoints: bool, progress: bool | None
) -> ScalarArray:
    """Raw Brandes sums, in batches of sources when a progress bar is shown."""
    work = float(len(sources)) * (len(graph[2]) + graph[0])
    show = progress_wanted(progress, work, _PROGRESS_WORK)
    if not show:
        result: ScalarArray = _core.betweenness(*graph, weighted, sources, endpoints)
        return result
    batches = np.array_split(sources, min(_PROGRESS_BATCHES, len(sources)))
    total = np.zeros(graph[0])
    for batch in progress_bar(batches, True, "betweenness", "batch"):
        total += _core.betweenness(*graph, weighted, np.ascontiguousarray(batch), endpoints)
    return total


def _rescale(
    raw: ScalarArray, n: int, normalized: bool, endpoints: bool, sampled: IndexArray | None
) -> ScalarArray:
    """NetworkX's rescaling of raw betweenness sums (undirected graphs)."""
    pairs_end = n if endpoints else n - 1
    if pairs_end < 2:
        return raw
    k = None if sampled is None else len(sampled)
    n_sources = pairs_end if k is None else k
    if k is None or endpoints:
        scale = 1 / (n_sources * (pairs_end - 1)) if normalized else pairs_end / (n_sources * 2)
        return raw * scale if scale != 1 else raw
    # Sampled without endpoints: a source cannot lie on its own paths, so it had one fewer.
    if normalized:
        scale_source = 1 / ((k - 1) * (pairs_end - 1)) if k > 1 else math.nan
        scale_other = 1 / (k * (pairs_end - 1))
    else:
        scale_source = pairs_end / ((k - 1) * 2) if k > 1 else math.nan
        scale_other = pairs_end / (k * 2)
    scale_array = np.full(n, scale_other)
    scale_array[sampled] = scale_source
    result: ScalarArray = raw * scale_array
    return result


def _path_sums(G: Graph, weights: PathWeights) -> tuple[IndexArray, ScalarArray, ScalarArray]:
    graph, weighted = _path_graph(G, weights)
    result: tuple[IndexArray, ScalarArray, ScalarArray] = _core.path_sums(*graph, weighted)
    return result


def closeness(G: Graph, weights: PathWeights = "strength", wf_improved: bool = True) -> pd.Series:
    r"""Compute closeness: the inverse of a node's mean distance to the nodes it reaches.

    .. math:: c_C(u) = \frac{r - 1}{\sum_v d(u, v)} \cdot \frac{r - 1}{n - 1}

    where :math:`r` counts the nodes `u` reaches (itself included). The second factor
    (Wasserman and Faust's correction, ``wf_improved``) scales down nodes in small
    components. Equal to NetworkX's ``closeness_centrality``; isolated nodes get 0.

    Parameters
    ----------
    G : Graph
    weights : {"strength", "distance", None}, default "strength"
        How weights become lengths: ``1 / weight``, the weight itself, or hops.
    wf_improved : bool, default True
        Apply the correction for graphs that are not connected.

    Returns
    -------
    pandas.Series

    See Also
    --------
    harmonic : defined on disconnected graphs without a correction.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b"], ["b", "c"])   # a path a-b-c
    >>> cs.centrality.closeness(G, weights=None).round(4).tolist()
    [0.6667, 1.0, 0.6667]
    """
    G = _check_graph(G)
    reached, distance_sum, _ = _path_sums(G, weights)
    return _closeness(G, reached, distance_sum, wf_improved)


def _closeness(
    G: Graph, reached: IndexArray, distance_sum: ScalarArray, wf_improved: bool
) -> pd.Series:
    n = G.n_nodes
    others = reached.astype(np.float64) - 1.0
    values = np.zeros(n)
    if n > 1:
        ok = distance_sum > 0
        values[ok] = others[ok] / distance_sum[ok]
        if wf_improved:
            values[ok] *= others[ok] / (n - 1)
    return _series(G, values, "closeness")


def harmonic(G: Graph, weights: PathWeights = "strength", normalized: bool = False) -> pd.Series:
    r"""Harmonic centrality: the sum of inverse distances to every other node.

    .. math:: c_H(u) = \sum_{v \ne u} \frac{1}{d(u, v)}

    with :math:`1/\infty = 0`, so it needs no correction on disconnected graphs. Equal to
    NetworkX's ``harmonic_centrality``.

    Parameters
    ----------
    G : Graph
    weights : {"strength", "distance", None}, default "strength"
        How weights become lengths: ``1 / weight``, the weight itself, or hops.
    normalized : bool, default False
        Divide by ``n - 1`` (1 for a node adjacent to all others, with hops).

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b"], ["b", "c"])   # a path a-b-c
    >>> cs.centrality.harmonic(G, weights=None).tolist()
    [1.5, 2.0, 1.5]
    """
    G = _check_graph(G)
    _, _, inverse_sum = _path_sums(G, weights)
    return _harmonic(G, inverse_sum, normalized)


def _harmonic(G: Graph, inverse_sum: ScalarArray, normalized: bool) -> pd.Series:
    values = inverse_sum / (G.n_nodes - 1) if normalized and G.n_nodes > 1 else inverse_sum
    return _series(G, values, "harmonic")


# ---------------------------------------------------------------------- spectral measures


def eigenvector(
    G: Graph, weights: StrengthWeights = "strength", max_iter: int = 1000, tol: float = 1e-12
) -> pd.Series:
    r"""Eigenvector centrality: a node is central when its neighbours are.

    The leading eigenvector :math:`x` of the weighted adjacency, :math:`A x = \lambda x`,
    scaled to unit Euclidean norm and nonnegative. Computed by Lanczos iteration from the
    all-ones vector, which gives the limit of NetworkX's power iteration
    (``eigenvector_centrality``), also on disconnected graphs: there, components whose
    leading eigenvalue is below the graph's get 0.

    Parameters
    ----------
    G : Graph
    weights : {"strength", None}, default "strength"
        Weights as tie strengths, or every tie 1.
    max_iter : int, default 1000
        Most matrix-vector products.
    tol : float, default 1e-12
        Stop when :math:`\|A x - \lambda x\| \le tol \cdot \lambda`.

    Raises
    ------
    ConvergenceError
        If `max_iter` products do not reach `tol` (the message gives both).

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b", "c"], ["b", "c", "a"])   # a triangle
    >>> cs.centrality.eigenvector(G).round(6).tolist()
    [0.57735, 0.57735, 0.57735]
    """
    G = _check_graph(G)
    graph = _strength_graph(G, weights)
    values, _, _ = _core.eigenvector_centrality(
        *graph, tolerance(tol), positive_int(max_iter, "max_iter")
    )
    return _series(G, values, "eigenvector")


def pagerank(
    G: Graph,
    alpha: float = 0.85,
    personalization: Mapping[Any, float] | pd.Series | None = None,
    dangling: Mapping[Any, float] | pd.Series | None = None,
    weights: StrengthWeights = "strength",
    tol: float = 1e-12,
    max_iter: int = 1000,
) -> pd.Series:
    r"""PageRank: where a random walker that follows strong ties ends up.

    The :math:`x` with :math:`\sum x = 1` solving

    .. math:: x = \alpha \left(W D^{-1} x + \textstyle\sum_{d} x_d \, u\right) + (1 - \alpha) p

    with :math:`W` the weights, :math:`D` the strengths, :math:`p` the personalization and
    :math:`u` the distribution that isolated ("dangling") nodes pass their walkers to. Equal
    to NetworkX's ``pagerank``. The graph being undirected, the system is symmetric after
    scaling, so it is solved by conjugate gradients (far fewer iterations than power
    iteration).

    Parameters
    ----------
    G : Graph
    alpha : float, default 0.85
        Damping: the chance the walker follows a tie rather than jumping.
    personalization : mapping or Series, optional
        Where jumps land, by node label (missing labels get 0; scaled to sum 1). Default:
        uniform.
    dangling : mapping or Series, optional
        Where walkers on isolated nodes go (scaled to sum 1). Default: `personalization`.
    weights : {"strength", None}, default "strength"
        Weights as tie strengths, or every tie 1.
    tol : float, default 1e-12
        Relative residual of the linear system at which to stop.
    max_iter : int, default 1000
        Most iterations.

    Raises
    ------
    ConvergenceError
        If `max_iter` iterations do not reach `tol`.
    InvalidInputError
        For `alpha` outside [0, 1), or personalization values that are negative or all zero.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b"], ["b", "c"])   # a path a-b-c
    >>> cs.centrality.pagerank(G).round(4).tolist()
    [0.2568, 0.4865, 0.2568]
    """
    G = _check_graph(G)
    graph = _strength_graph(G, weights)
    n = G.n_nodes
    if not isinstance(alpha, (int, float)) or not 0 <= alpha < 1:
        raise InvalidInputError(f"alpha must be in [0, 1), got {alpha!r}")
    p = np.full(n, 1.0 / max(n, 1))
    if personalization is not None:
        p = _distribution(G, personalization, "personalization")
    u = p if dangling is None else _distribution(G, dangling, "dangling")
    values = _core.pagerank(
        *graph, float(alpha), p, u, tolerance(tol), positive_int(max_iter, "max_iter")
    )
    return _series(G, values, "pagerank")


def katz(
    G: Graph,
    alpha: float = 0.1,
    beta: float | Mapping[Any, float] | pd.Series = 1.0,
    normalized: bool = True,
    weights: StrengthWeights = "strength",
    tol: float = 1e-12,
    max_iter: int = 1000,
) -> pd.Series:
    r"""Katz centrality: walks of every length, longer ones damped by `alpha`.

    .. math:: x = \alpha A x + \beta = \sum_{k \ge 0} \alpha^k A^k \beta

    The series converges only when :math:`\alpha < 1 / \lambda_{max}`; co-signature weights
    make :math:`\lambda_{max}` large, so pick `alpha` from it (the error message gives the
    bound). Equal to NetworkX's ``katz_centrality`` with ``weight="weight"``.

    Parameters
    ----------
    G : Graph
    alpha : float, default 0.1
        Attenuation per step.
    beta : float or mapping or Series, default 1.0
        Each node's own weight: one number, or one per node label (all of them).
    normalized : bool, default True
        Scale to unit Euclidean norm.
    weights : {"strength", None}, default "strength"
        Weights as tie strengths, or every tie 1.
    tol : float, default 1e-12
        Relative residual at which to stop.
    max_iter : int, default 1000
        Most iterations.

    Raises
    ------
    InvalidInputError
        When `alpha` is not in :math:`(0, 1 / \lambda_{max})` (NetworkX accepts 0 and below;
        the series then does not measure anything), or `beta` misses a node.
    ConvergenceError
        If `max_iter` iterations do not reach `tol`.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b"], ["b", "c"])   # a path a-b-c
    >>> cs.centrality.katz(G, alpha=0.5, normalized=False).tolist()
    [3.0, 4.0, 3.0]
    """
    G = _check_graph(G)
    graph = _strength_graph(G, weights)
    if isinstance(beta, (Mapping, pd.Series)):
        series = pd.Series(beta) if isinstance(beta, Mapping) else beta
        missing = G.labels.difference(series.index)
        if len(missing):
            raise InvalidInputError(f"beta must give every node a value; {missing[0]!r} has none")
        b = _node_vector(G, beta, "beta")
    elif isinstance(beta, (int, float)) and math.isfinite(beta):
        b = np.full(G.n_nodes, float(beta))
    else:
        raise InvalidInputError(f"beta must be a finite number or a mapping, got {beta!r}")
    if not isinstance(alpha, (int, float)):
        raise InvalidInputError(f"alpha must be a number, got {alpha!r}")
    values = _core.katz(*graph, float(alpha), b, tolerance(tol), positive_int(max_iter, "max_iter"))
    if normalized and len(values):
        norm = math.hypot(*values)
        if norm > 0:
            values = values * (1.0 / norm)
    return _series(G, values, "katz")


# ---------------------------------------------------------------------- brokerage


def constraint(G: Graph, weights: StrengthWeights = "strength") -> pd.Series:
    r"""Burt's constraint: how much a node's ties are tied to each other (low = broker).

    .. math:: c(i) = \sum_{j \in N(i)} \Big(p_{ij} + \sum_{q \in N(i)} p_{iq} p_{qj}\Big)^2

    with :math:`p_{ij} = w_{ij} / \sum_k w_{ik}` the share of `i`'s ties that go to `j`.
    Equal to NetworkX's ``constraint``; isolated nodes get NaN.

    Parameters
    ----------
    G : Graph
    weights : {"strength", None}, default "strength"
        Weights as tie strengths, or every tie 1.

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard
       University Press, 1992.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "a"], ["b", "c"])   # a brokers between b and c
    >>> cs.centrality.constraint(G).tolist()
    [0.5, 1.0, 1.0]
    """
    G = _check_graph(G)
    constraint_values, _ = _core.structural_holes(*_strength_graph(G, weights))
    return _series(G, constraint_values, "constraint")


def effective_size(G: Graph, weights: StrengthWeights = "strength") -> pd.Series:
    r"""Burt's effective size: the number of a node's contacts, less their redundancy.

    .. math:: e(i) = \sum_{j \in N(i)} \Big(1 - \sum_{q \in N(i)} p_{iq} m_{jq}\Big)

    with :math:`p_{iq} = w_{iq} / \sum_k w_{ik}` and :math:`m_{jq} = w_{jq} / \max_k w_{jk}`.
    Unweighted, this is Borgatti's :math:`n - 2t/n` (``t`` ties among the ``n`` contacts).
    Equal to NetworkX's ``effective_size``; isolated nodes get NaN.

    Parameters
    ----------
    G : Graph
    weights : {"strength", None}, default "strength"
        Weights as tie strengths, or every tie 1.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "a", "b"], ["b", "c", "c"])   # a triangle
    >>> cs.centrality.effective_size(G).tolist()
    [1.0, 1.0, 1.0]
    """
    G = _check_graph(G)
    _, size = _core.structural_holes(*_strength_graph(G, weights))
    return _series(G, size, "effective_size")


def _group_codes(G: Graph, groups: str | Mapping[Any, Any] | pd.Series) -> IndexArray:
    """Integer group codes per node from a column of ``G.nodes`` or a label mapping."""
    if isinstance(groups, str):
        nodes = G.nodes
        if groups not in nodes.columns:
            raise InvalidInputError(
                f"groups names column {groups!r}, but G.nodes has {list(nodes.columns)}"
            )
        series = nodes[groups]
    elif isinstance(groups, (Mapping, pd.Series)):
        series = by_label(groups, G.labels, "groups")
    else:
        raise InvalidInputError(
            "groups must be a column name of G.nodes or a mapping from label to group, "
            f"got {type(groups).__name__}"
        )
    missing = np.flatnonzero(pd.isna(series.to_numpy()))
    if missing.size:
        raise InvalidInputError(f"node {G.labels[int(missing[0])]!r} has no group")
    codes, _ = pd.factorize(series, sort=False)
    return np.ascontiguousarray(codes, dtype=np.int64)


def brokerage(G: Graph, groups: str | Mapping[Any, Any] | pd.Series) -> pd.DataFrame:
    """Gould and Fernandez's brokerage roles of each node, for an undirected graph.

    A node `v` brokers between two of its neighbours `a` and `c` that are not tied to each
    other (an open two-path ``a - v - c``). By the groups of the three, the role is

    ========================== ==========================================================
    coordinator                 all three in one group
    itinerant                   `a` and `c` in one group, `v` in another (a consultant)
    representative_gatekeeper   `v` shares its group with exactly one of `a` and `c`
    liaison                     three different groups
    ========================== ==========================================================

    Undirected adaptation: Gould and Fernandez count directed two-paths ``a -> v -> c``; here
    each unordered pair ``{a, c}`` counts once, and the representative (``a`` in `v`'s group)
    and gatekeeper (``c`` in `v`'s group) roles, which differ only by direction, are counted
    together. ``total`` is the number of open two-paths through `v`.

    Parameters
    ----------
    G : Graph
    groups : str or mapping or Series
        A column of ``G.nodes`` (such as ``"country"``), or a group per node label; every
        node needs one.

    Returns
    -------
    pandas.DataFrame
        Indexed by node label; integer columns coordinator, itinerant,
        representative_gatekeeper, liaison and total.

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: A formal approach to
       brokerage in transaction networks", Sociological Methodology 19:89-126, 1989.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b", "b"], ["b", "c", "d"])   # b links a, c and d
    >>> groups = {"a": "UK", "b": "UK", "c": "DE", "d": "DE"}
    >>> cs.centrality.brokerage(G, groups).loc["b"]   # {c, d} itinerant, {a, c} and {a, d} not
    coordinator                  0
    itinerant                    1
    representative_gatekeeper    2
    liaison                      0
    total                        3
    Name: b, dtype: int64
    """
    G = _check_graph(G)
    codes = _group_codes(G, groups)
    adjacency = G.adjacency
    counts = _core.brokerage(G.n_nodes, adjacency.indptr, adjacency.indices, adjacency.data, codes)
    table_ = pd.DataFrame(counts, index=G.labels, columns=list(BROKERAGE_ROLES))
    table_["total"] = counts.sum(axis=1)
    return table_


# ---------------------------------------------------------------------- all at once


def table(
    G: Graph,
    groups: str | Mapping[Any, Any] | pd.Series | None = None,
    weights: Literal["strength"] | None = "strength",
) -> pd.DataFrame:
    """Every centrality of every node in one DataFrame.

    Columns: degree, strength, betweenness, closeness, harmonic, eigenvector, pagerank, katz,
    constraint and effective_size, each with its function's defaults and `weights`; with
    `groups`, also the :func:`brokerage` counts. Shortest paths are searched once for
    closeness and harmonic together. Katz uses ``alpha = 0.5 / lambda_max`` (half the
    bound), since the usual 0.1 diverges on most weighted co-signature graphs; the value
    used is in ``result.attrs["katz_alpha"]``.

    Parameters
    ----------
    G : Graph
    groups : str or mapping or Series, optional
        Node groups for :func:`brokerage`.
    weights : {"strength", None}, default "strength"
        Weights as tie strengths (path lengths ``1 / weight``), or ignored (hops).

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b"], ["b", "c"])
    >>> list(cs.centrality.table(G).columns)  # doctest: +NORMALIZE_WHITESPACE
    ['degree', 'strength', 'betweenness', 'closeness', 'harmonic', 'eigenvector', 'pagerank',
     'katz', 'constraint', 'effective_size']
    """
    G = _check_graph(G)
    if weights not in ("strength", None):
        raise InvalidInputError(f"weights must be 'strength' or None, got {weights!r}")
    path_weights: PathWeights = weights
    reached, distance_sum, inverse_sum = _path_sums(G, path_weights)
    spectral = _strength_graph(G, weights)
    eigen_values, eigenvalue, _ = _core.eigenvector_centrality(*spectral, 1e-12, 1000)
    katz_alpha = 0.5 / eigenvalue if eigenvalue > 0 else 0.1
    holes = _core.structural_holes(*spectral)
    columns = {
        "degree": degree(G),
        "strength": strength(G) if weights else degree(G),
        "betweenness": betweenness(G, weights=path_weights),
        "closeness": _closeness(G, reached, distance_sum, wf_improved=True),
        "harmonic": _harmonic(G, inverse_sum, normalized=False),
        "eigenvector": _series(G, eigen_values, "eigenvector"),
        "pagerank": pagerank(G, weights=weights),
        "katz": katz(G, alpha=katz_alpha, weights=weights),
        "constraint": _series(G, holes[0], "constraint"),
        "effective_size": _series(G, holes[1], "effective_size"),
    }
    result = pd.DataFrame(columns, index=G.labels)
    if groups is not None:
        result = result.join(brokerage(G, groups))
    result.attrs["katz_alpha"] = katz_alpha
    return result
