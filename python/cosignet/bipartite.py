"""The two-mode network: which actor signed which letter, and its one-mode projections."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import cached_property
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from cosignet import _core
from cosignet._arguments import choice, optional_limit
from cosignet._labels import attribute_table, factorize, labels_index, lookup
from cosignet._memory import available_bytes, csr_bytes, human_bytes
from cosignet._sparse import (
    canonical_csr,
    csr_args,
    handed_out,
    transpose,
    weight_array,
    wrap_csr,
)
from cosignet.errors import CosignetWarning, InvalidInputError, TooLargeError
from cosignet.graph import Graph

__all__ = ["WEIGHTINGS", "Bipartite"]

Side = Literal["actors", "letters"]
Weighting = Literal["count", "newman", "jaccard", "overlap", "ratio"]

#: The projection weightings :meth:`Bipartite.project` understands.
WEIGHTINGS: tuple[str, ...] = ("count", "newman", "jaccard", "overlap", "ratio")
_SIDES: tuple[str, ...] = ("actors", "letters")

#: Share of the currently available memory a projection may take before it is refused.
_MEMORY_SHARE = 0.8


def _check_min_weight(min_weight: object) -> float:
    if isinstance(min_weight, bool) or not isinstance(min_weight, (int, float, np.number)):
        raise InvalidInputError(f"min_weight must be a number, got {min_weight!r}")
    value = float(min_weight)
    if not np.isfinite(value) or value < 0:
        raise InvalidInputError(f"min_weight must be finite and >= 0, got {min_weight!r}")
    return value


def _refuse_if_too_large(
    onto: str, edges: int, n: int, min_weight: float, max_edges: int | None
) -> None:
    """Raise TooLargeError for a projection of `edges` ties that cannot be afforded."""
    needed = csr_bytes(n, edges)
    limit_bytes = int(available_bytes() * _MEMORY_SHARE)
    if max_edges is not None and edges > max_edges:
        reason = f"more than max_edges={max_edges:,}"
    elif needed > limit_bytes:
        reason = f"more than the {human_bytes(limit_bytes)} of memory available"
    else:
        return
    raise TooLargeError(
        f"the projection onto {onto} would have {edges:,} edges and need about "
        f"{human_bytes(needed)} ({human_bytes(2 * needed)} more for the symmetric "
        f"adjacency), {reason}; raise min_weight (now {min_weight:g}), use a backbone, "
        "or project the other side"
    )


class Bipartite:
    """A two-mode network: letters x actors, with who signed what.

    Rows are letters (documents, bills, petitions), columns are actors (signers). An entry is
    the weight of a signature, 1 unless given otherwise.

    Parameters
    ----------
    matrix : scipy sparse matrix or array-like, shape (n_letters, n_actors)
        Non-negative finite weights; zeros mean "did not sign". Any sparse format or a dense
        array; it is copied once into canonical CSR form (``int64`` indices, ``float64``
        weights, sorted, duplicates summed, explicit zeros dropped), so later changes to it do
        not reach the Bipartite. The :attr:`matrix` of another Bipartite is checked and shared
        instead, since its arrays are read-only.
    letter_labels, actor_labels : sequence of hashable, optional
        Unique labels of the rows and columns (default ``0 .. n - 1``).
    letters, actors : pandas.DataFrame, optional
        Attributes of the letters and actors (such as date, country, party), indexed by
        their labels; :meth:`project` passes them on to the graph's :attr:`Graph.nodes`.
        :meth:`Corpus.incidence` fills them from the corpus tables.

    Raises
    ------
    InvalidInputError
        On an empty or non-2-d matrix, a dtype that is not real numbers, NaN, infinite or
        negative entries, entries outside the shape, inconsistent CSR arrays (indptr,
        indices and data that do not fit together), or labels that do not match the shape,
        repeat or are missing. The message names the argument and the position.
    TooLargeError
        On a shape whose row and column offsets alone would not fit in memory.

    See Also
    --------
    Bipartite.from_edges : build from (letter, signer) pairs.

    Examples
    --------
    >>> import numpy as np, cosignet as cs
    >>> B = cs.Bipartite(np.array([[1, 1, 0], [0, 1, 1]]), ["L1", "L2"], ["ann", "bob", "cy"])
    >>> B
    <cosignet.Bipartite: 2 letters x 3 actors, 4 signatures>
    >>> B.actor_degrees
    ann    1
    bob    2
    cy     1
    Name: n_letters, dtype: int64
    """

    def __init__(
        self,
        matrix: Any,
        letter_labels: Iterable[Any] | None = None,
        actor_labels: Iterable[Any] | None = None,
        letters: pd.DataFrame | None = None,
        actors: pd.DataFrame | None = None,
    ) -> None:
        self._matrix, _ = canonical_csr(matrix, "matrix")
        n_letters, n_actors = self._matrix.shape
        self._letter_labels = labels_index(letter_labels, n_letters, "letter_labels")
        self._actor_labels = labels_index(actor_labels, n_actors, "actor_labels")
        self._letters = attribute_table(letters, self._letter_labels, "letters")
        self._actors = attribute_table(actors, self._actor_labels, "actors")

    @classmethod
    def _from_canonical(
        cls, matrix: sp.csr_array, letter_labels: pd.Index, actor_labels: pd.Index
    ) -> Bipartite:
        """Wrap a canonical matrix cosignet built (frozen by wrap_csr) and checked labels."""
        self = cls.__new__(cls)
        self._matrix = matrix
        self._letter_labels = letter_labels
        self._actor_labels = actor_labels
        self._letters = pd.DataFrame(index=letter_labels)
        self._actors = pd.DataFrame(index=actor_labels)
        return self

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Unpickled and deep-copied arrays are new and writable: freeze them, rebuild caches.
        state = {key: value for key, value in state.items() if key != "_by_actor"}
        matrix = state["_matrix"]
        state["_matrix"] = wrap_csr(matrix.indptr, matrix.indices, matrix.data, matrix.shape)
        self.__dict__.update(state)

    @classmethod
    def from_edges(
        cls,
        letters: Iterable[Any],
        signers: Iterable[Any],
        weights: Iterable[float] | None = None,
    ) -> Bipartite:
        """Build the incidence from two label sequences: signature i is (letters[i], signers[i]).

        Parameters
        ----------
        letters, signers : sequence of hashable
            Any hashable labels, equally long; labels keep the order of first appearance.
        weights : sequence of float, optional
            Positive finite weight of each signature (default 1).

        Returns
        -------
        Bipartite

        Raises
        ------
        InvalidInputError
            On empty or unequal sequences, missing labels, or weights that are not positive
            and finite (the message gives the position).

        Warns
        -----
        CosignetWarning
            When a (letter, signer) pair repeats: repeated pairs are merged into one
            signature, of weight 1 without `weights` and the sum of their weights with them.

        Examples
        --------
        >>> import cosignet as cs
        >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2"], ["ann", "bob", "bob"])
        >>> B.matrix.toarray()
        array([[1., 1.],
               [0., 1.]])
        """
        letter_codes, letter_labels = factorize(letters, "letters")
        signer_codes, actor_labels = factorize(signers, "signers")
        if len(letter_codes) != len(signer_codes):
            raise InvalidInputError(
                f"letters and signers must have the same length, got {len(letter_codes)} "
                f"and {len(signer_codes)}"
            )
        if len(letter_codes) == 0:
            raise InvalidInputError("letters and signers are empty: there are no signatures")
        values = weight_array(weights, len(letter_codes), "signature")
        (indptr, indices, data), repeated = _core.build_incidence(
            letter_codes, signer_codes, values, len(letter_labels), len(actor_labels)
        )
        if repeated:
            how = "their weights summed" if weights is not None else "each counted once"
            warnings.warn(
                f"{repeated} repeated (letter, signer) pairs were merged ({how})",
                CosignetWarning,
                stacklevel=2,
            )
        matrix = wrap_csr(indptr, indices, data, (len(letter_labels), len(actor_labels)))
        return cls._from_canonical(matrix, letter_labels, actor_labels)

    # ---------------------------------------------------------------- properties
    @property
    def matrix(self) -> sp.csr_array:
        """The incidence, letters x actors, as a canonical ``scipy.sparse.csr_array``.

        Its arrays are read-only views of the Bipartite's (writing into them raises
        ValueError); ``B.matrix.copy()`` gives a matrix of your own.
        """
        return handed_out(self._matrix)

    @cached_property
    def _by_actor(self) -> sp.csr_array:
        """The transpose (actors x letters), built once in the core."""
        return transpose(self._matrix)

    @property
    def letter_labels(self) -> pd.Index:
        """Labels of the letters (rows)."""
        return self._letter_labels.copy()  # O(1); renaming it leaves the Bipartite's alone

    @property
    def actor_labels(self) -> pd.Index:
        """Labels of the actors (columns)."""
        return self._actor_labels.copy()

    @property
    def letters(self) -> pd.DataFrame:
        """Attributes of the letters, indexed by label (a copy; no columns when none given)."""
        return self._letters.copy()

    @property
    def actors(self) -> pd.DataFrame:
        """Attributes of the actors, indexed by label (a copy; no columns when none given)."""
        return self._actors.copy()

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_letters, n_actors)``."""
        rows, cols = self._matrix.shape
        return int(rows), int(cols)

    @property
    def n_letters(self) -> int:
        """Number of letters."""
        return self.shape[0]

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return self.shape[1]

    @property
    def n_signatures(self) -> int:
        """Number of (letter, actor) signatures, i.e. stored entries."""
        return int(self._matrix.nnz)

    @property
    def letter_degrees(self) -> pd.Series:
        """Number of signatories of each letter (n_k)."""
        counts = np.diff(self._matrix.indptr)
        return pd.Series(counts, index=self._letter_labels, name="n_signatories")

    @property
    def actor_degrees(self) -> pd.Series:
        """Number of letters each actor signed."""
        counts = np.bincount(self._matrix.indices, minlength=self.n_actors).astype(np.int64)
        return pd.Series(counts, index=self._actor_labels, name="n_letters")

    def _oriented(self, onto: str) -> tuple[sp.csr_array, sp.csr_array, pd.Index, pd.Index]:
        """(nodes x other, other x nodes, node labels, other labels) for projecting `onto`."""
        if choice(onto, _SIDES, "onto") == "actors":
            return self._by_actor, self._matrix, self._actor_labels, self._letter_labels
        return self._matrix, self._by_actor, self._letter_labels, self._actor_labels

    # ---------------------------------------------------------------- projection
    def pair_contributions(self, onto: Side = "actors") -> int:
        """Count the node pairs a projection onto `onto` visits: sum_k C(n_k, 2).

        It is the work of projecting and an upper bound on its number of edges.

        Examples
        --------
        >>> import cosignet as cs
        >>> cs.Bipartite.from_edges(["a"] * 4, [1, 2, 3, 4]).pair_contributions()
        6
        """
        _, other_by_node, _, _ = self._oriented(onto)
        return int(_core.pair_contributions(*csr_args(other_by_node)))

    def projection_size(
        self, onto: Side = "actors", weighting: Weighting = "count", min_weight: float = 0
    ) -> int:
        """Exact number of edges :meth:`project` would return, computed without storing them.

        Takes about as long as the projection itself but only O(n) memory per thread.

        Examples
        --------
        >>> import cosignet as cs
        >>> B = cs.Bipartite.from_edges(["a", "a", "a", "b", "b"], [1, 2, 3, 1, 2])
        >>> B.projection_size(), B.projection_size(min_weight=2)
        (3, 1)
        """
        by_node, other_by_node, _, _ = self._oriented(onto)
        method = choice(weighting, WEIGHTINGS, "weighting")
        return int(
            _core.projection_size(
                *csr_args(by_node),
                *csr_args(other_by_node)[2:],
                method,
                _check_min_weight(min_weight),
            )
        )

    def project(
        self,
        onto: Side = "actors",
        weighting: Weighting = "count",
        min_weight: float = 0,
        max_edges: int | None = None,
    ) -> Graph:
        r"""Project onto one side: two nodes are tied when they share a letter (or a signer).

        With :math:`a_{uk}` the weight of u's signature on letter k, :math:`n_k` the number of
        signers of k, :math:`N(u)` the letters of u, :math:`d_u = |N(u)|` and :math:`m` the
        number of nodes on the other side, the weight of the tie u--v is

        - ``"count"``: :math:`\sum_k a_{uk} a_{vk}`, the number of shared letters on a binary
          incidence (NetworkX ``weighted_projected_graph``);
        - ``"newman"``: :math:`\sum_{k: n_k > 1} a_{uk} a_{vk} / (n_k - 1)`, Newman's (2001)
          collaboration weight: each letter spreads one unit of tie per signer over the
          co-signers (NetworkX ``collaboration_weighted_projected_graph``);
        - ``"jaccard"``: :math:`|N(u) \cap N(v)| / |N(u) \cup N(v)|` (NetworkX
          ``overlap_weighted_projected_graph``);
        - ``"overlap"``: :math:`|N(u) \cap N(v)| / \min(d_u, d_v)` (the same with
          ``jaccard=False``);
        - ``"ratio"``: :math:`|N(u) \cap N(v)| / m` (``weighted_projected_graph(ratio=True)``).

        Incidence weights enter ``count`` and ``newman`` as the products above (on a binary
        incidence they reduce to NetworkX's definitions); ``jaccard``, ``overlap`` and
        ``ratio`` are set measures and use only who signed. Letters with one signer add no
        tie; nodes without ties stay in the graph. Larger weights mean stronger ties.

        Parameters
        ----------
        onto : {"actors", "letters"}
            The side whose nodes the graph has.
        weighting : {"count", "newman", "jaccard", "overlap", "ratio"}
            How ties are weighted (above).
        min_weight : float
            Keep only ties with weight >= `min_weight`; applied while projecting, so dropped
            ties never take memory.
        max_edges : int, optional
            Refuse (before allocating) when the graph would have more edges than this.

        Returns
        -------
        Graph
            Nodes labelled as this side, with the column ``n_letters`` (or ``n_signatories``
            when projecting onto letters); each tie once.

        Raises
        ------
        InvalidInputError
            On an unknown `onto` or `weighting`, or a negative or non-finite `min_weight`.
        TooLargeError
            When the graph would exceed `max_edges` or the memory available; the message
            gives the exact edge count and the memory it would take.

        See Also
        --------
        projection_size : count the edges without building the graph.
        shared_letters : which letters tie two actors.

        Notes
        -----
        Work is proportional to :math:`\sum_k n_k^2 / 2` (the pair contributions) and runs on
        :func:`cosignet.get_num_threads` threads, with identical results for every thread
        count. Memory beyond the output is one accumulator of n entries per thread.

        References
        ----------
        .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
           weighted networks, and centrality", Phys. Rev. E 64, 016132 (2001).
        .. [2] M. Latapy, C. Magnien and N. Del Vecchio, "Basic notions for the analysis of
           large two-mode networks", Social Networks 30(1), 31-48 (2008).

        Examples
        --------
        Tore Opsahl's example: people A-F sign documents 1-6.

        >>> import cosignet as cs
        >>> B = cs.Bipartite.from_edges(
        ...     [1, 2, 1, 2, 3, 4, 5, 1, 3, 4, 5, 6, 6],
        ...     list("AABBBBBCDEEEF"),
        ... )
        >>> B.project(weighting="newman").edges
          source target  weight
        0      A      B     1.5
        1      A      C     0.5
        2      B      C     0.5
        3      B      D     1.0
        4      B      E     2.0
        5      E      F     1.0
        """
        by_node, other_by_node, labels, _ = self._oriented(onto)
        method = choice(weighting, WEIGHTINGS, "weighting")
        threshold = _check_min_weight(min_weight)
        max_edges = optional_limit(max_edges, "max_edges")
        args = (*csr_args(by_node), *csr_args(other_by_node)[2:], method, threshold)
        # The first pass counts every row's ties; the size is checked before the second
        # pass allocates anything.
        offsets = _core.projection_indptr(*args)
        _refuse_if_too_large(onto, int(offsets[-1]), len(labels), threshold, max_edges)
        indptr, indices, data = _core.project_upper_fill(*args, offsets)
        n = len(labels)
        upper = wrap_csr(indptr, indices, data, (n, n))
        return Graph._from_canonical(upper, labels, self._projected_nodes(onto))

    def _projected_nodes(self, onto: str) -> pd.DataFrame:
        """Node attributes of a graph projected onto `onto`, with the degree column added."""
        by_node, _, _, _ = self._oriented(onto)
        column = "n_letters" if onto == "actors" else "n_signatories"
        nodes = (self._actors if onto == "actors" else self._letters).copy()
        nodes[column] = np.diff(by_node.indptr)
        return nodes

    def shared_letters(self, a: Any, b: Any) -> pd.Index:
        """Return the letters both actors `a` and `b` signed: the provenance of their tie.

        Examples
        --------
        >>> import cosignet as cs
        >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2", "L2", "L3"], ["a", "b", "a", "b", "a"])
        >>> list(B.shared_letters("a", "b"))
        ['L1', 'L2']
        """
        first = lookup(self._actor_labels, a, "actor")
        second = lookup(self._actor_labels, b, "actor")
        indptr, indices = self._by_actor.indptr, self._by_actor.indices
        common = np.intersect1d(
            indices[indptr[first] : indptr[first + 1]],
            indices[indptr[second] : indptr[second + 1]],
            assume_unique=True,
        )
        return self._letter_labels.take(common).rename("letter")

    def __repr__(self) -> str:
        return (
            f"<cosignet.Bipartite: {self.n_letters:,} letters x {self.n_actors:,} actors, "
            f"{self.n_signatures:,} signatures>"
        )
