r"""Backbones: which co-signature ties are stronger (or weaker) than chance.

A projection ties everyone who ever shared a letter; a large letter ties hundreds of people
at once. A *backbone* keeps only the ties whose weight a null model finds significant. For
a bipartite projection the null model randomises the letters x actors incidence while
keeping some of its margins, and the test asks how likely a co-signature count at least as
large as the observed one would be:

- :func:`fixed_fill`: only the number of signatures is kept (Neal, Domagalski and Sagan 2021);
- :func:`fixed_row`: the degrees of the projected side are kept, the other side's are free;
  the count is hypergeometric (Tumminello et al. 2011; Neal 2013);
- :func:`fixed_col`: the degrees of the other side are kept;
- :func:`sdsm`: both sides' degrees are kept on average, by the bipartite configuration
  model (:func:`bicm`; Saracco et al. 2015), which makes the count Poisson binomial: the
  stochastic degree sequence model (Neal 2014).

:func:`disparity` filters any weighted :class:`~cosignet.Graph` (Serrano, Boguñá and
Vespignani 2009). Every function returns a :class:`~cosignet.Graph` of the kept ties with
their observed weight, expected weight and p-value as edge columns, and optionally a
methods paragraph to cite (``narrative=True``), as R's ``backbone`` package does.

P-values are computed in the C++ core pair by pair as the projection is formed and only
the pairs that can pass the test are kept: no n x n matrix is ever allocated.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from cosignet import _core
from cosignet._arguments import choice, optional_limit
from cosignet._memory import available_bytes, human_bytes
from cosignet._sparse import csr_args, entry_rows, wrap_csr
from cosignet._version import __version__
from cosignet.bipartite import Bipartite
from cosignet.errors import CosignetWarning, InvalidInputError, TooLargeError
from cosignet.graph import Graph

__all__ = [
    "CORRECTIONS",
    "BiCM",
    "adjust_pvalues",
    "bicm",
    "disparity",
    "fixed_col",
    "fixed_fill",
    "fixed_row",
    "sdsm",
]

Correction = Literal["none", "bonferroni", "holm", "fdr"]
Side = Literal["actors", "letters"]

#: The multiple-testing corrections: none, Bonferroni, Holm's step-down, and
#: Benjamini-Hochberg's false discovery rate ("fdr").
CORRECTIONS: tuple[str, ...] = ("none", "bonferroni", "holm", "fdr")
_METHODS: tuple[str, ...] = ("rna", "exact")

#: Bytes the core keeps per candidate pair: two int64 ends and four float64 values.
_BYTES_PER_PAIR = 48
_MEMORY_SHARE = 0.5

_MODEL_NAMES = {
    "fixed_fill": "the fixed fill model (FFM; Neal, Domagalski & Sagan 2021)",
    "fixed_row": "the fixed row model (hypergeometric; Tumminello et al. 2011, Neal 2013)",
    "fixed_col": "the fixed column model (FCM; Neal, Domagalski & Sagan 2021)",
    "sdsm": (
        "the stochastic degree sequence model (SDSM; Neal 2014) with the bipartite "
        "configuration model (BiCM; Saracco et al. 2015)"
    ),
}
_CORRECTION_NAMES = {
    "none": "no correction for multiple tests",
    "bonferroni": "Bonferroni-adjusted",
    "holm": "Holm-Bonferroni-adjusted",
    "fdr": "Benjamini-Hochberg (false discovery rate) adjusted",
}
_REFERENCES = {
    "fixed_fill": [
        "Neal, Z. P., Domagalski, R., & Sagan, B. (2021). Comparing alternatives to the fixed "
        "degree sequence model for extracting the backbone of bipartite projections. "
        "Scientific Reports, 11, 23929.",
    ],
    "fixed_row": [
        "Tumminello, M., Miccichè, S., Lillo, F., Piilo, J., & Mantegna, R. N. (2011). "
        "Statistically validated networks in bipartite complex systems. PLoS ONE, 6(3), e17994.",
        "Neal, Z. P. (2013). Identifying statistically significant edges in one-mode projections. "
        "Social Network Analysis and Mining, 3, 915-924.",
    ],
    "fixed_col": [
        "Neal, Z. P., Domagalski, R., & Sagan, B. (2021). Comparing alternatives to the fixed "
        "degree sequence model for extracting the backbone of bipartite projections. "
        "Scientific Reports, 11, 23929.",
    ],
    "sdsm": [
        "Neal, Z. P. (2014). The backbone of bipartite projections: Inferring relationships from "
        "co-authorship, co-sponsorship, co-attendance and other co-behaviors. Social Networks, "
        "39, 84-97.",
        "Saracco, F., Di Clemente, R., Gabrielli, A., & Squartini, T. (2015). Randomizing "
        "bipartite networks: the case of the World Trade Web. Scientific Reports, 5, 10595.",
        "Hong, Y. (2013). On computing the distribution function for the Poisson binomial "
        "distribution. Computational Statistics & Data Analysis, 59, 41-51.",
    ],
    "disparity": [
        "Serrano, M. Á., Boguñá, M., & Vespignani, A. (2009). Extracting the multiscale backbone "
        "of complex weighted networks. PNAS, 106(16), 6483-6488.",
    ],
}
_HOLM = "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal of Statistics, 6(2), 65-70."  # noqa: E501
_BH = "Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. Journal of the Royal Statistical Society B, 57(1), 289-300."  # noqa: E501


# ------------------------------------------------------------------------- checks
def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)):
        raise InvalidInputError(f"alpha must be a number in (0, 1), got {alpha!r}")
    value = float(alpha)
    if not 0.0 < value < 1.0:
        raise InvalidInputError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    return value


# ------------------------------------------------------------------------- corrections
def adjust_pvalues(
    pvalues: npt.ArrayLike, method: Correction = "fdr", n_tests: int | None = None
) -> npt.NDArray[np.float64]:
    r"""Adjust p-values for multiple testing, as R's ``p.adjust``.

    With :math:`m` tests and :math:`p_{(1)} \le \dots \le p_{(m)}`:

    - ``"bonferroni"``: :math:`\min(1, m p)`;
    - ``"holm"``: :math:`\max_{j \le i} \min(1, (m - j + 1) p_{(j)})`;
    - ``"fdr"`` (Benjamini-Hochberg): :math:`\min_{j \ge i} \min(1, m p_{(j)} / j)`;
    - ``"none"``: the p-values unchanged.

    Parameters
    ----------
    pvalues : array-like of float
        P-values in [0, 1].
    method : {"fdr", "holm", "bonferroni", "none"}
    n_tests : int, optional
        The number of tests, if larger than ``len(pvalues)``: the p-values given are then the
        smallest ones and the others are taken to be larger than all of them (this is how a
        backbone corrects over every pair while keeping only the candidates). The adjusted
        values are exact wherever they are below the smallest p-value left out.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the input order.

    Examples
    --------
    >>> import cosignet as cs
    >>> cs.backbone.adjust_pvalues([0.01, 0.04, 0.03], "fdr").round(3).tolist()
    [0.03, 0.04, 0.04]
    >>> cs.backbone.adjust_pvalues([0.01, 0.04, 0.03], "holm").round(3).tolist()
    [0.03, 0.06, 0.06]
    """
    method = choice(method, CORRECTIONS, "correction")  # type: ignore[assignment]
    p = np.asarray(pvalues, dtype=np.float64)
    if p.ndim != 1:
        raise InvalidInputError(f"pvalues must be one-dimensional, got shape {p.shape}")
    if p.size and (np.isnan(p).any() or p.min() < 0 or p.max() > 1):
        raise InvalidInputError("pvalues must lie in [0, 1]")
    m = p.size if n_tests is None else int(n_tests)
    if m < p.size:
        raise InvalidInputError(f"n_tests ({m}) is smaller than the number of p-values ({p.size})")
    if method == "none" or p.size == 0:
        return p.copy()
    if method == "bonferroni":
        return np.minimum(1.0, p * m)
    order = np.argsort(p, kind="stable")
    ranked = p[order]
    rank = np.arange(1, p.size + 1, dtype=np.float64)
    if method == "holm":
        adjusted = np.maximum.accumulate(np.minimum(1.0, (m - rank + 1) * ranked))
    else:  # fdr
        adjusted = np.minimum.accumulate(np.minimum(1.0, m * ranked / rank)[::-1])[::-1]
    out = np.empty_like(p)
    out[order] = adjusted
    return out


# ------------------------------------------------------------------------- BiCM
@dataclass(frozen=True, repr=False)
class BiCM:
    """The bipartite configuration model fitted to a :class:`~cosignet.Bipartite`.

    Letter k and actor i are tied independently with probability
    :math:`p_{ki} = x_k y_i / (1 + x_k y_i)`, the fitnesses chosen so that every node's
    expected degree equals its observed degree. Nodes of equal degree share a fitness.

    Attributes
    ----------
    letter_fitness, actor_fitness : pandas.Series
        :math:`x_k` and :math:`y_i` (0 for a node without ties, ``inf`` for one tied to every
        node it can be; their probabilities are exactly 0 or 1). The scale is arbitrary:
        ``x * c`` and ``y / c`` give the same model.
    iterations : int
        Newton steps taken.
    max_degree_error : float
        Largest ``|expected - observed|`` degree over all nodes.

    Examples
    --------
    Fitted by :func:`bicm`; the expected degrees are the observed ones:

    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["a", "a", "b", "c"], [1, 2, 1, 3])
    >>> fit = cs.backbone.bicm(B)
    >>> fit.probabilities().sum(axis=1).round(9).tolist()  # letters a, b, c
    [2.0, 1.0, 1.0]
    >>> fit.max_degree_error < 1e-9
    True
    """

    letter_fitness: pd.Series
    actor_fitness: pd.Series
    iterations: int
    max_degree_error: float
    _letter_class: npt.NDArray[np.int64] = field(repr=False)
    _actor_class: npt.NDArray[np.int64] = field(repr=False)
    _table: npt.NDArray[np.float64] = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"<cosignet.backbone.BiCM: {len(self.letter_fitness):,} letters x "
            f"{len(self.actor_fitness):,} actors, {self.iterations} Newton steps, "
            f"largest degree error {self.max_degree_error:.1e}>"
        )

    def probability(self, letter: Any, actor: Any) -> float:
        """Return the probability that `actor` signs `letter` under the model.

        Examples
        --------
        >>> import cosignet as cs
        >>> B = cs.Bipartite.from_edges(["a", "a", "b", "c"], [1, 2, 1, 3])
        >>> fit = cs.backbone.bicm(B)
        >>> round(fit.probability("a", 1), 6)
        0.863117
        """
        k = self.letter_fitness.index.get_loc(letter)
        i = self.actor_fitness.index.get_loc(actor)
        return float(self._table[self._letter_class[k], self._actor_class[i]])

    def probabilities(self) -> npt.NDArray[np.float64]:
        """Return the dense letters x actors matrix of probabilities.

        Raises
        ------
        TooLargeError
            When the matrix would take more than half the memory available.

        Examples
        --------
        >>> import cosignet as cs
        >>> B = cs.Bipartite.from_edges(["a", "a", "b", "c"], [1, 2, 1, 3])
        >>> cs.backbone.bicm(B).probabilities().shape  # letters a, b, c x actors 1, 2, 3
        (3, 3)
        """
        n, m = len(self._letter_class), len(self._actor_class)
        needed = 8 * n * m
        if needed > available_bytes() * _MEMORY_SHARE:
            raise TooLargeError(
                f"the {n:,} x {m:,} probability matrix would need {human_bytes(needed)}; use "
                "probability(letter, actor) or expected_degrees() instead"
            )
        matrix: npt.NDArray[np.float64] = self._table[np.ix_(self._letter_class, self._actor_class)]
        return matrix

    def expected_degrees(self) -> tuple[pd.Series, pd.Series]:
        """Return the expected degrees of the letters and the actors (equal to the observed).

        Examples
        --------
        >>> import cosignet as cs
        >>> B = cs.Bipartite.from_edges(["a", "a", "b", "c"], [1, 2, 1, 3])
        >>> letters, actors = cs.backbone.bicm(B).expected_degrees()
        >>> letters.round(9).tolist(), actors.round(9).tolist()
        ([2.0, 1.0, 1.0], [2.0, 1.0, 1.0])
        """
        actor_counts = np.bincount(self._actor_class, minlength=self._table.shape[1])
        letter_counts = np.bincount(self._letter_class, minlength=self._table.shape[0])
        per_letter_class = self._table @ actor_counts
        per_actor_class = self._table.T @ letter_counts
        return (
            pd.Series(
                per_letter_class[self._letter_class],
                index=self.letter_fitness.index,
                name="expected_degree",
            ),
            pd.Series(
                per_actor_class[self._actor_class],
                index=self.actor_fitness.index,
                name="expected_degree",
            ),
        )


def bicm(B: Bipartite, tolerance: float = 1e-10, max_iterations: int = 200) -> BiCM:
    r"""Fit the bipartite configuration model (Saracco et al. 2015) to `B`.

    The maximum-entropy distribution over letters x actors incidences whose expected degrees
    equal the observed ones. It is solved in the core by Newton's method on the convex
    log-likelihood over degree classes (nodes of equal degree share a fitness), each step a
    preconditioned conjugate-gradient solve, with a backtracking line search; nodes tied to
    no one or to everyone are fixed at probability 0 or 1 first.

    Parameters
    ----------
    B : Bipartite
        Any positive entry counts as one signature.
    tolerance : float
        Stop once every expected degree is within this of the observed one.
    max_iterations : int
        Newton steps at most.

    Returns
    -------
    BiCM

    Raises
    ------
    ConvergenceError
        When the degrees are not met within `tolerance` in `max_iterations` steps.

    Notes
    -----
    Degrees that only few incidences have can force a tie to be present (or absent) in all
    of them without any node being full or empty; the fitnesses then have no finite value and
    grow until the degrees are met, so those probabilities come out within `tolerance` of 1
    (or 0). :func:`fixed_row` and :func:`fixed_fill` need no fitting.

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["a", "a", "b", "c"], [1, 2, 1, 3])
    >>> fit = cs.backbone.bicm(B)
    >>> fit.max_degree_error < 1e-10
    True
    """
    if not (isinstance(tolerance, (int, float)) and tolerance > 0):
        raise InvalidInputError(f"tolerance must be a positive number, got {tolerance!r}")
    letter_degrees = np.diff(B.matrix.indptr).astype(np.int64)
    actor_degrees = np.bincount(B.matrix.indices, minlength=B.n_actors).astype(np.int64)
    fit = _core.solve_bicm(letter_degrees, actor_degrees, float(tolerance), int(max_iterations))
    letter_class = fit["row_class"]
    actor_class = fit["col_class"]
    return BiCM(
        letter_fitness=pd.Series(
            np.exp(fit["row_theta"][letter_class]), index=B.letter_labels, name="fitness"
        ),
        actor_fitness=pd.Series(
            np.exp(fit["col_theta"][actor_class]), index=B.actor_labels, name="fitness"
        ),
        iterations=int(fit["iterations"]),
        max_degree_error=float(fit["max_degree_error"]),
        _letter_class=letter_class,
        _actor_class=actor_class,
        _table=fit["probability"],
    )


# ------------------------------------------------------------------------- bipartite models
def _binary(matrix: sp.csr_array) -> sp.csr_array:
    """`matrix` with every stored weight 1 (the null models count signatures, not weights)."""
    if np.all(matrix.data == 1.0):
        return matrix
    warnings.warn(
        "the null models count signatures: signature weights other than 1 are treated as 1",
        CosignetWarning,
        stacklevel=4,
    )
    return wrap_csr(matrix.indptr, matrix.indices, np.ones(matrix.nnz), matrix.shape)


def _edge_graph(
    labels: pd.Index,
    nodes: pd.DataFrame,
    source: npt.NDArray[np.int64],
    target: npt.NDArray[np.int64],
    weight: npt.NDArray[np.float64],
    edge_data: pd.DataFrame,
) -> Graph:
    """Build the Graph of the given edges (source < target), sorted by (source, target)."""
    n = len(labels)
    order = np.lexsort((target, source))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(source, minlength=n), out=indptr[1:])
    upper = wrap_csr(
        indptr,
        np.ascontiguousarray(target[order], dtype=np.int64),
        np.ascontiguousarray(weight[order], dtype=np.float64),
        (n, n),
    )
    # Built here, canonical by construction; a signed backbone's negative ties are valid.
    return Graph._from_canonical(upper, labels, nodes, edge_data.iloc[order].reset_index(drop=True))


def _bipartite_backbone(
    B: Bipartite,
    model: str,
    onto: str,
    alpha: float,
    correction: str,
    signed: bool,
    method: str,
    narrative: bool,
    max_edges: int | None,
    tolerance: float = 1e-10,
) -> Graph | tuple[Graph, str]:
    if not isinstance(B, Bipartite):
        raise InvalidInputError(f"B must be a cosignet.Bipartite, got {type(B).__name__}")
    alpha = _check_alpha(alpha)
    correction = choice(correction, CORRECTIONS, "correction")
    method = choice(method, _METHODS, "method")
    limit = optional_limit(max_edges, "max_edges")
    by_node, other_by_node, labels, _ = B._oriented(onto)
    by_node, other_by_node = _binary(by_node), _binary(other_by_node)
    n = len(labels)
    n_pairs = n * (n - 1) // 2
    # A signed backbone is a two-tailed test: each tail at alpha / 2.
    tail_alpha = alpha / 2 if signed else alpha
    max_pairs = int(available_bytes() * _MEMORY_SHARE) // _BYTES_PER_PAIR
    try:
        found = _core.backbone_pairs(
            *csr_args(by_node),
            *csr_args(other_by_node)[2:],
            model,
            method,
            bool(signed),
            tail_alpha,
            max_pairs,
            float(tolerance),
            200,
        )
    except TooLargeError:
        raise TooLargeError(
            f"more than {max_pairs:,} pairs pass p < {tail_alpha:g} before correction, which "
            f"would need over {human_bytes(max_pairs * _BYTES_PER_PAIR)}; lower alpha"
        ) from None
    # Unsigned: one test per co-signing pair (pairs that never co-sign cannot be stronger
    # than chance). Signed: one two-tailed test per pair of nodes.
    n_tests = n_pairs if signed else int(found["co_signing_pairs"])
    adjusted = adjust_pvalues(found["pvalue"], correction, max(n_tests, len(found["pvalue"])))  # type: ignore[arg-type]
    keep = adjusted < tail_alpha
    if limit is not None and int(keep.sum()) > limit:
        raise TooLargeError(
            f"the backbone has {int(keep.sum()):,} edges, more than max_edges={limit:,}"
        )
    sign = found["sign"][keep]
    observed = found["observed"][keep]
    edge_data = pd.DataFrame(
        {
            "observed": observed,
            "expected": found["expected"][keep],
            "pvalue": found["pvalue"][keep],
        }
    )
    if correction != "none":
        edge_data["pvalue_adjusted"] = adjusted[keep]
    if signed:
        edge_data["sign"] = sign.astype(np.int64)
    graph = _edge_graph(
        labels,
        B._projected_nodes(onto),
        found["source"][keep],
        found["target"][keep],
        sign if signed else observed,
        edge_data,
    )
    graph.attrs.update(
        model=model,
        onto=onto,
        alpha=alpha,
        correction=correction,
        signed=bool(signed),
        n_tests=n_tests,
        co_signing_pairs=int(found["co_signing_pairs"]),
    )
    if model == "sdsm":
        graph.attrs.update(
            method=method,
            bicm_iterations=int(found["bicm_iterations"]),
            bicm_max_degree_error=float(found["bicm_max_degree_error"]),
        )
    if not narrative:
        return graph
    return graph, _bipartite_narrative(B, graph, onto, model, method)


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def _references(keys: list[str], correction: str) -> str:
    refs = [ref for key in keys for ref in _REFERENCES[key]]
    if correction == "holm":
        refs.append(_HOLM)
    if correction == "fdr":
        refs.append(_BH)
    return "\n".join(f"- {ref}" for ref in refs)


def _bipartite_narrative(B: Bipartite, G: Graph, onto: str, model: str, method: str) -> str:
    other = "letters" if onto == "actors" else "actors"
    n_other = B.n_letters if onto == "actors" else B.n_actors
    a = G.attrs
    tails = (
        "significantly stronger or weaker than expected (two-tailed"
        if a["signed"]
        else "significantly stronger than expected (one-tailed"
    )
    how = ""
    if model == "sdsm":
        how = (
            " P-values were computed "
            + (
                "exactly by the discrete Fourier transform of the characteristic function"
                if method == "exact"
                else "by the refined normal approximation"
            )
            + " of the Poisson binomial distribution (Hong 2013)."
        )
    connected = int(np.count_nonzero(G.degree_array()))
    text = (
        f"We extracted the backbone of the co-signature network of {G.n_nodes:,} {onto} "
        f"(projected from {n_other:,} {other} and {B.n_signatures:,} signatures) with cosignet "
        f"{__version__}, using {_MODEL_NAMES[model]} as the null model.{how} A tie was kept if its "
        f"weight was {tails}, alpha = {a['alpha']:g}, {_CORRECTION_NAMES[a['correction']]} over "
        f"{a['n_tests']:,} tests). The backbone keeps {G.n_edges:,} of the "
        f"{a['co_signing_pairs']:,} co-signature ties ({_share(G.n_edges, a['co_signing_pairs'])}) "
        f"and {connected:,} of the {G.n_nodes:,} {onto} remain tied to someone."
    )
    return text + "\n\nReferences\n" + _references([model], a["correction"])


_SHARED_PARAMETERS = """
    Parameters
    ----------
    B : Bipartite
        The two-mode network; any positive entry counts as one signature.
    onto : {"actors", "letters"}
        The side whose ties are tested.
    alpha : float
        Significance level, strictly between 0 and 1.
    correction : {"fdr", "holm", "bonferroni", "none"}
        Multiple-testing correction (:func:`adjust_pvalues`). An unsigned backbone makes one
        test per co-signing pair; a signed one a two-tailed test per pair of nodes.
    signed : bool
        Also keep ties significantly *weaker* than expected (pairs that never co-sign
        included), as negative edges: the test is then two-tailed, alpha / 2 in each tail, and
        the graph's weight is the sign (+1 or -1).
    narrative : bool
        Also return a methods paragraph with references.
    max_edges : int, optional
        Refuse a backbone with more edges than this.

    Returns
    -------
    Graph or (Graph, str)
        The kept ties. Edge columns: ``observed`` (shared letters), ``expected`` (under the
        model), ``pvalue`` (of the tail tested: P(W >= observed), or P(W <= observed) for
        negative ties), ``pvalue_adjusted`` (unless ``correction="none"``) and ``sign``
        (signed only). The weight is ``observed`` (unsigned) or ``sign`` (signed). ``attrs``
        records the model, alpha, correction and number of tests.

    Raises
    ------
    InvalidInputError
        On an unknown `onto`, `correction` or `method`, or `alpha` outside (0, 1).
    TooLargeError
        When more candidate pairs pass than memory allows, or more edges than `max_edges`.
"""


def fixed_fill(
    B: Bipartite,
    onto: Side = "actors",
    alpha: float = 0.05,
    correction: Correction = "fdr",
    signed: bool = False,
    narrative: bool = False,
    max_edges: int | None = None,
) -> Graph | tuple[Graph, str]:
    r"""Backbone under the fixed fill model: only the number of signatures is kept.

    Every incidence of n nodes x m letters with the observed F signatures is equally likely
    (Neal, Domagalski and Sagan 2021). The number W of letters two nodes share then has

    .. math:: P(W = k) \propto \sum_r \binom{m}{k} \binom{m-k}{r} 2^r \binom{(n-2)m}{F-2k-r},

    r counting the letters only one of the two signed; it is the same for every pair, so one
    distribution, computed once, tests every tie.
    {parameters}

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1"] * 3 + ["L2"] * 3 + ["L3"] * 2, list("abcabcde"))
    >>> G = cs.backbone.fixed_fill(B, alpha=0.5, correction="none")
    >>> G.edges[["source", "target", "observed", "pvalue"]].round(4)
      source target  observed  pvalue
    0      a      b       2.0  0.1427
    1      a      c       2.0  0.1427
    2      b      c       2.0  0.1427
    """
    return _bipartite_backbone(
        B, "fixed_fill", onto, alpha, correction, signed, "exact", narrative, max_edges
    )


def fixed_row(
    B: Bipartite,
    onto: Side = "actors",
    alpha: float = 0.05,
    correction: Correction = "fdr",
    signed: bool = False,
    narrative: bool = False,
    max_edges: int | None = None,
) -> Graph | tuple[Graph, str]:
    r"""Backbone under the fixed row model: the hypergeometric test of shared letters.

    The degrees of the projected side are kept, the other side's are free: node u signs
    :math:`d_u` of the m letters uniformly at random, so the number W of letters u and v share
    is hypergeometric, :math:`P(W = k) = \binom{d_u}{k}\binom{m - d_u}{d_v - k} / \binom{m}{d_v}`
    (Tumminello et al. 2011's statistically validated networks; Neal 2013). "Row" follows R's
    ``backbone``, whose incidence has the projected nodes as rows. Tails are summed in the
    core from Loader's saddle-point probabilities and equal ``scipy.stats.hypergeom``.
    {parameters}

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2", "L2", "L3", "L4"], list("ababcd"))
    >>> G = cs.backbone.fixed_row(B, alpha=0.5, correction="none")
    >>> G.edges[["source", "target", "observed", "expected", "pvalue"]]
      source target  observed  expected    pvalue
    0      a      b       2.0       1.0  0.166667
    """
    return _bipartite_backbone(
        B, "fixed_row", onto, alpha, correction, signed, "exact", narrative, max_edges
    )


def fixed_col(
    B: Bipartite,
    onto: Side = "actors",
    alpha: float = 0.05,
    correction: Correction = "fdr",
    signed: bool = False,
    narrative: bool = False,
    max_edges: int | None = None,
) -> Graph | tuple[Graph, str]:
    r"""Backbone under the fixed column model: the letters' sizes are kept.

    Each letter k keeps its :math:`c_k` signers, drawn uniformly from the n nodes, so it holds
    both u and v with probability :math:`c_k (c_k - 1) / (n (n - 1))` and W is Poisson
    binomial over the letters, the same for every pair (Neal, Domagalski and Sagan 2021). The
    distribution is convolved exactly in the core.
    {parameters}

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2", "L2", "L3", "L3"], list("abab" "cd"))
    >>> G = cs.backbone.fixed_col(B, alpha=0.5, correction="none")
    >>> G.edges[["source", "target", "observed", "pvalue"]].round(4)
      source target  observed  pvalue
    0      a      b       2.0  0.0741
    1      c      d       1.0  0.4213
    """
    return _bipartite_backbone(
        B, "fixed_col", onto, alpha, correction, signed, "exact", narrative, max_edges
    )


def sdsm(
    B: Bipartite,
    onto: Side = "actors",
    alpha: float = 0.05,
    correction: Correction = "fdr",
    signed: bool = False,
    method: Literal["rna", "exact"] = "rna",
    narrative: bool = False,
    max_edges: int | None = None,
    tolerance: float = 1e-10,
) -> Graph | tuple[Graph, str]:
    r"""Backbone under the stochastic degree sequence model (Neal 2014).

    Both sides' degrees are kept on average: the incidence is drawn from the bipartite
    configuration model (:func:`bicm`), each letter k and node u tied independently with
    probability :math:`p_{uk}`. The number of letters u and v share is then Poisson binomial,
    the sum of independent Bernoulli(:math:`p_{uk} p_{vk}`) over the letters. Its tail is
    computed by Hong's (2013) refined normal approximation (``method="rna"``, the default, as
    in R's ``backbone``) or exactly by the discrete Fourier transform of its characteristic
    function (``method="exact"``; absolute error about 1e-15, so p-values below that are
    rounding). The approximation is within 0.01 of the exact value everywhere but loses its
    relative precision far in the tail, in either direction (on the 114th Senate an exact 3e-8
    comes out as 8e-8; on the 116th Senate's bills, FDR at 0.05 keeps 10,529 ties by the
    approximation and 2,154 by the exact test), so use ``method="exact"`` when decisions rest
    on small p-values, as they do under any multiple-testing correction over many pairs.
    Pairs of equal degrees share a distribution, which the core computes once per thread.
    {parameters}
    method : {"rna", "exact"}
        How the Poisson binomial tail is computed.
    tolerance : float
        Largest degree error allowed in the BiCM fit.

    Raises
    ------
    ConvergenceError
        When the BiCM has no solution (see :func:`bicm`).

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(
    ...     ["L1", "L1", "L2", "L2", "L3", "L3", "L4", "L4", "L5", "L6"], list("ababcdcdea")
    ... )
    >>> G = cs.backbone.sdsm(B, alpha=0.2, correction="none")
    >>> G.edges[["source", "target", "observed"]]
      source target  observed
    0      c      d       2.0
    """
    return _bipartite_backbone(
        B, "sdsm", onto, alpha, correction, signed, method, narrative, max_edges, tolerance
    )


for _function in (fixed_fill, fixed_row, fixed_col, sdsm):
    _function.__doc__ = (_function.__doc__ or "").replace("{parameters}", _SHARED_PARAMETERS)


# ------------------------------------------------------------------------- disparity
def disparity(
    G: Graph,
    alpha: float = 0.05,
    correction: Correction = "none",
    narrative: bool = False,
) -> Graph | tuple[Graph, str]:
    r"""Backbone of a weighted graph by the disparity filter (Serrano et al. 2009).

    The null model spreads each node's strength :math:`s_u` uniformly at random over its
    :math:`k_u` ties; the probability that a tie takes a share at least
    :math:`p_{uv} = w_{uv} / s_u` is

    .. math:: \alpha_{uv} = (1 - p_{uv})^{k_u - 1}

    (1 for a node with one tie). A tie is kept when it is significant for either end: its
    p-value is :math:`\min(\alpha_{uv}, \alpha_{vu})`. Weights are strengths (larger is
    stronger).

    Parameters
    ----------
    G : Graph
    alpha : float
        Significance level, strictly between 0 and 1.
    correction : {"none", "bonferroni", "holm", "fdr"}
        Correction over the graph's edges (one test each); the default is the filter as
        published.
    narrative : bool
        Also return a methods paragraph with references.

    Returns
    -------
    Graph or (Graph, str)
        The kept ties with their weight; edge columns ``expected`` (the share :math:`s/k` of
        the end that decides), ``pvalue`` and ``pvalue_adjusted`` (with a correction).

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(list("aaaab"), list("bcdec"), weights=[10, 1, 1, 1, 1])
    >>> cs.backbone.disparity(G, alpha=0.1).edges[["source", "target", "weight", "pvalue"]]
      source target  weight    pvalue
    0      a      b    10.0  0.012289
    """
    if not isinstance(G, Graph):
        raise InvalidInputError(f"G must be a cosignet.Graph, got {type(G).__name__}")
    alpha = _check_alpha(alpha)
    correction = choice(correction, CORRECTIONS, "correction")  # type: ignore[assignment]
    upper = G.upper
    if upper.nnz and (not np.all(np.isfinite(upper.data)) or upper.data.min() <= 0):
        raise InvalidInputError("the disparity filter needs positive, finite weights (strengths)")
    source = entry_rows(upper)
    target = upper.indices
    weight = upper.data
    strength = G.strength_array()
    degree = G.degree_array()

    def one_end(node: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        k = degree[node].astype(np.float64)
        share = weight / strength[node]
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.exp((k - 1) * np.log1p(-np.minimum(share, 1.0)))
        return np.where(k > 1, p, 1.0)

    p_source, p_target = one_end(source), one_end(target)
    pvalue = np.minimum(p_source, p_target)
    decides = np.where(p_source <= p_target, source, target)
    expected = strength[decides] / degree[decides]
    adjusted = adjust_pvalues(pvalue, correction)
    keep = adjusted < alpha
    edge_data = pd.DataFrame({"expected": expected[keep], "pvalue": pvalue[keep]})
    if correction != "none":
        edge_data["pvalue_adjusted"] = adjusted[keep]
    result = _edge_graph(G.labels, G.nodes, source[keep], target[keep], weight[keep], edge_data)
    result.attrs.update(
        model="disparity", alpha=alpha, correction=correction, n_tests=int(upper.nnz)
    )
    if not narrative:
        return result
    connected = int(np.count_nonzero(result.degree_array()))
    text = (
        f"We extracted the backbone of a weighted network of {G.n_nodes:,} nodes and "
        f"{G.n_edges:,} ties with the disparity filter (Serrano, Boguñá & Vespignani 2009) in "
        f"cosignet {__version__}: a tie was kept if its share of either end's strength was "
        f"significantly larger than a uniform split of that strength would give (alpha = "
        f"{alpha:g}, {_CORRECTION_NAMES[correction]} over {G.n_edges:,} tests). The backbone "
        f"keeps {result.n_edges:,} ties ({_share(result.n_edges, G.n_edges)}), and "
        f"{connected:,} of the {G.n_nodes:,} nodes remain tied to someone."
    )
    return result, text + "\n\nReferences\n" + _references(["disparity"], correction)
