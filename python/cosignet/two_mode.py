r"""Two-mode centralities: letters and signers measured on the letters x signers network itself.

Projecting loses information (a letter of 200 signers and 200 letters of two look alike), so
Borgatti and Everett (1997) measure the bipartite graph directly and normalise each side by
the most a node *of that side* could score. Every function returns a :class:`pandas.Series`
with a two-level index ``(side, label)``, side ``"letters"`` then ``"actors"``: take one side
with ``result["actors"]``.

With :math:`n` letters and :math:`m` actors (as in Borgatti and Everett, a letter has at most
:math:`m` ties and an actor at most :math:`n`):

- degree: :math:`d(v) / m` for a letter, :math:`d(v) / n` for an actor;
- closeness: :math:`(m + 2(n - 1)) / \sum_u d(v, u)` for a letter, :math:`(n + 2(m - 1)) /
  \sum_u d(v, u)` for an actor, times (reached - 1) / (n + m - 1) on disconnected graphs;
- betweenness: raw betweenness over the most a node of that side can have (see
  :func:`betweenness`);
- eigenvector: the leading left and right singular vectors of the incidence (UCINET).

Ties are the nonzero entries of :attr:`Bipartite.matrix`; only :func:`eigenvector` uses
their values (as strengths). Degree, closeness and betweenness equal NetworkX's
``bipartite.degree_centrality``, ``closeness_centrality`` and ``betweenness_centrality``.

References
----------
.. [1] S. P. Borgatti and M. G. Everett, "Network analysis of 2-mode data", Social Networks
   19(3):243-269, 1997.

Examples
--------
>>> import cosignet as cs
>>> B = cs.Bipartite.from_edges(["L1", "L1", "L2"], ["ann", "bob", "bob"])
>>> cs.two_mode.degree(B)
side     label
letters  L1       1.0
         L2       0.5
actors   ann      0.5
         bob      1.0
Name: degree, dtype: float64
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from cosignet import _core
from cosignet._arguments import positive_int, tolerance
from cosignet._sparse import IndexArray, ScalarArray
from cosignet.bipartite import Bipartite
from cosignet.errors import InvalidInputError

__all__ = ["betweenness", "closeness", "degree", "eigenvector"]


def _check(B: Any) -> Bipartite:
    if not isinstance(B, Bipartite):
        raise InvalidInputError(f"B must be a cosignet.Bipartite, got {type(B).__name__}")
    return B


def _index(B: Bipartite) -> pd.MultiIndex:
    """Return the (side, label) index of a two-mode result: letters first, then actors."""
    n, m = B.shape
    sides = np.repeat(np.array(["letters", "actors"], dtype=object), [n, m])
    labels = np.empty(n + m, dtype=object)
    labels[:n] = B.letter_labels.to_numpy(dtype=object)
    labels[n:] = B.actor_labels.to_numpy(dtype=object)
    return pd.MultiIndex.from_arrays([sides, labels], names=["side", "label"])


def _series(B: Bipartite, values: Any, name: str) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=np.float64), index=_index(B), name=name)


def _graph(B: Bipartite, weighted: bool) -> tuple[int, IndexArray, IndexArray, ScalarArray]:
    """Symmetric adjacency of the bipartite graph: letters first, then actors."""
    incidence = B.matrix.copy()
    if not weighted:
        incidence.data = np.ones_like(incidence.data)
    adjacency = sp.csr_array(sp.bmat([[None, incidence], [incidence.T, None]], format="csr"))
    adjacency.sort_indices()
    return (
        adjacency.shape[0],
        adjacency.indptr.astype(np.int64),
        adjacency.indices.astype(np.int64),
        adjacency.data.astype(np.float64),
    )


def degree(B: Bipartite) -> pd.Series:
    """Borgatti-Everett degree: a node's ties over the size of the other side.

    A letter's value is the share of all actors who signed it; an actor's is the share of all
    letters they signed.

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2"], ["ann", "bob", "bob"])
    >>> cs.two_mode.degree(B)["actors"].tolist()
    [0.5, 1.0]
    """
    B = _check(B)
    n, m = B.shape
    structure = B.matrix
    letter_degree = np.diff(structure.indptr).astype(np.float64)
    actor_degree = np.bincount(structure.indices, minlength=m).astype(np.float64)
    return _series(B, np.concatenate([letter_degree / m, actor_degree / n]), "degree")


def closeness(B: Bipartite, normalized: bool = True) -> pd.Series:
    """Borgatti-Everett closeness: the least possible distance sum over the node's own.

    A letter is at distance 1 from each of its signers and at least 2 from every other letter
    and 3 from other actors; the numerator, :math:`m + 2(n - 1)` for a letter (and
    :math:`n + 2(m - 1)` for an actor), is the distance sum of a node tied to the whole other
    side. Distances are hops.

    Parameters
    ----------
    B : Bipartite
    normalized : bool, default True
        On a disconnected graph, multiply by the share of other nodes reached (NetworkX's
        ``normalized``); no effect when connected.

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2"], ["ann", "bob", "bob"])
    >>> cs.two_mode.closeness(B)["letters"].round(4).tolist()
    [1.0, 0.6667]
    """
    B = _check(B)
    n, m = B.shape
    graph = _graph(B, weighted=False)
    reached, distance_sum, _ = _core.path_sums(*graph, False)
    best = np.concatenate([np.full(n, m + 2.0 * (n - 1)), np.full(m, n + 2.0 * (m - 1))])
    values = np.zeros(n + m)
    ok = distance_sum > 0
    values[ok] = best[ok] / distance_sum[ok]
    if normalized:
        values[ok] *= (reached[ok] - 1) / (n + m - 1)
    return _series(B, values, "closeness")


def _most_betweenness(n: int, m: int) -> float:
    """Borgatti and Everett's maximum betweenness of a node on the side of n nodes."""
    s, t = divmod(n - 1, m)
    return (m**2 * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0


def betweenness(B: Bipartite) -> pd.Series:
    r"""Borgatti-Everett betweenness: raw betweenness over the most the node's side allows.

    The raw value counts each unordered pair of nodes once (hops, all shortest paths split
    evenly). A letter's maximum, with :math:`s, t = \operatorname{divmod}(n - 1, m)`, is

    .. math:: \tfrac12\left[m^2 (s+1)^2 + m (s+1)(2t - s - 1) - t (2s - t + 3)\right]

    and an actor's the same with the sides swapped. Nodes whose maximum is 0 (a side of one
    node facing one node) get 0.

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2"], ["ann", "bob", "bob"])
    >>> cs.two_mode.betweenness(B)["actors"].tolist()
    [0.0, 1.0]
    """
    B = _check(B)
    n, m = B.shape
    graph = _graph(B, weighted=False)
    raw = _core.betweenness(*graph, False, np.arange(n + m, dtype=np.int64), False) / 2.0
    most = np.concatenate(
        [np.full(n, _most_betweenness(n, m)), np.full(m, _most_betweenness(m, n))]
    )
    values = np.divide(raw, most, out=np.zeros(n + m), where=most > 0)
    return _series(B, values, "betweenness")


def eigenvector(B: Bipartite, max_iter: int = 1000, tol: float = 1e-12) -> pd.Series:
    r"""Two-mode eigenvector centrality: the leading singular vectors of the incidence.

    UCINET's definition: the letters get the leading left singular vector :math:`u` and the
    actors the leading right one :math:`v` of :math:`A` (:math:`A v = \sigma u`,
    :math:`A^\top u = \sigma v`), each with unit norm and nonnegative. Values of
    :attr:`Bipartite.matrix` act as tie strengths. This is :math:`\sqrt 2` times the
    eigenvector centrality of the whole bipartite graph (NetworkX's, on a connected graph).

    Parameters
    ----------
    B : Bipartite
    max_iter : int, default 1000
        Most matrix-vector products.
    tol : float, default 1e-12
        Relative residual at which to stop.

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2", "L2"], ["ann", "bob", "ann", "bob"])
    >>> cs.two_mode.eigenvector(B).round(6).tolist()
    [0.707107, 0.707107, 0.707107, 0.707107]
    """
    B = _check(B)
    n, _ = B.shape
    values, _, _ = _core.eigenvector_centrality(
        *_graph(B, weighted=True), tolerance(tol), positive_int(max_iter, "max_iter")
    )
    for side in (slice(0, n), slice(n, None)):
        norm = np.linalg.norm(values[side])
        if norm > 0:
            values[side] /= norm
    return _series(B, values, "eigenvector")
