r"""Coalitions: communities of signers, how good they are, and what they are made of.

:func:`louvain` and :func:`leiden` find communities in a :class:`cosignet.Graph` (modularity,
or the constant Potts model for Leiden) or, given a :class:`cosignet.Bipartite`, communities
of letters and signers together (Barber's bipartite modularity). :func:`modularity` and
:func:`bipartite_modularity` score a partition; :func:`profile`, :func:`composition` and
:func:`bridges` describe the communities; :func:`ei_index` and :func:`assortativity` measure
how much ties stay within groups of any attribute.

Weights are tie strengths throughout. Both optimisers run in the C++ core and give the same
communities for the same seed on every machine and thread count.

Examples
--------
>>> import cosignet as cs
>>> G = cs.Graph.from_edges(list("aabddec"), list("bccefff"))
>>> labels = cs.community.leiden(G, seed=1)   # two triangles joined by one tie
>>> labels.sort_index().to_dict()
{'a': 0, 'b': 0, 'c': 0, 'd': 1, 'e': 1, 'f': 1}
>>> round(cs.community.modularity(G, labels), 6)
0.357143
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet import _core
from cosignet._arguments import positive_int
from cosignet._labels import by_label
from cosignet._sparse import IndexArray, ScalarArray, entry_rows
from cosignet.bipartite import Bipartite
from cosignet.errors import InvalidInputError
from cosignet.graph import Graph
from cosignet.two_mode import _graph, _index

__all__ = [
    "assortativity",
    "bipartite_modularity",
    "bridges",
    "composition",
    "ei_index",
    "leiden",
    "louvain",
    "modularity",
    "profile",
]

Network: TypeAlias = Graph | Bipartite
Labels: TypeAlias = "pd.Series | Mapping[Any, Any]"


# ---------------------------------------------------------------------- helpers


def _resolution(resolution: Any) -> float:
    if isinstance(resolution, bool) or not isinstance(resolution, (int, float)):
        raise InvalidInputError(f"resolution must be a number, got {resolution!r}")
    if not 0 <= resolution < float("inf"):
        raise InvalidInputError(f"resolution must be nonnegative and finite, got {resolution!r}")
    return float(resolution)


def _seed(seed: Any) -> int:
    """Return a 64-bit seed: `seed` itself, or a fresh random one when it is None."""
    if seed is None:
        return secrets.randbits(63)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InvalidInputError(f"seed must be a non-negative integer or None, got {seed!r}")
    return int(seed) % 2**64


def _bipartite_adjacency(B: Bipartite) -> tuple[int, IndexArray, IndexArray, ScalarArray]:
    """Return the symmetric adjacency of the letters-and-actors graph, letters first."""
    return _graph(B, weighted=True)


def _by_size(codes: IndexArray) -> IndexArray:
    """Renumber community codes 0, 1, ... from the largest community down (ties: first seen)."""
    if len(codes) == 0:
        return codes
    sizes = np.bincount(codes)
    first = np.full(len(sizes), len(codes))
    np.minimum.at(first, codes, np.arange(len(codes)))
    order = np.lexsort((first, -sizes))
    rank = np.empty(len(sizes), dtype=np.int64)
    rank[order] = np.arange(len(sizes))
    result: IndexArray = rank[codes]
    return result


def _optimise(
    network: Network,
    method: Literal["louvain", "leiden"],
    resolution: float,
    seed: int | None,
    quality: str,
    extra: tuple[Any, ...],
) -> pd.Series:
    gamma = _resolution(resolution)
    chosen_seed = _seed(seed)
    if isinstance(network, Bipartite):
        if quality != "modularity":
            raise InvalidInputError("a Bipartite is partitioned by Barber's modularity only")
        graph = _bipartite_adjacency(network)
        m = float(network.matrix.data.sum())
        scale = np.sqrt(2.0 / m) if m > 0 else 0.0  # no signatures: every node on its own
        n_letters = network.n_letters
        a = np.zeros(graph[0])
        b = np.zeros(graph[0])
        a[:n_letters] = network.matrix.sum(axis=1) * scale
        b[n_letters:] = network.matrix.sum(axis=0) * scale
        index: pd.Index = _index(network)
        total = 2.0 * m
    elif isinstance(network, Graph):
        adjacency = network.adjacency
        graph = (network.n_nodes, adjacency.indptr, adjacency.indices, adjacency.data)
        strength = network.strength_array()
        total = float(strength.sum())
        if quality == "modularity":
            a = b = strength / np.sqrt(total) if total > 0 else strength
        elif quality == "cpm":
            a = b = np.ones(network.n_nodes)
        else:
            raise InvalidInputError(f"quality must be 'modularity' or 'cpm', got {quality!r}")
        index = network.labels
    else:
        raise InvalidInputError(
            f"expected a cosignet.Graph or cosignet.Bipartite, got {type(network).__name__}"
        )
    kernel = _core.louvain if method == "louvain" else _core.leiden
    codes = kernel(*graph, a, b, gamma, chosen_seed, *extra)
    codes = _by_size(codes)
    result = pd.Series(codes, index=index, name="community")
    quality_value = _core.partition_quality(*graph, a, b, gamma, codes)
    result.attrs["seed"] = chosen_seed
    result.attrs["quality"] = quality
    result.attrs["resolution"] = gamma
    # H counts each tie twice: modularity is H / 2m, the Potts model's sum_c [L_c - gamma n_c^2 / 2]
    # is H / 2.
    if quality == "cpm":
        result.attrs["score"] = quality_value / 2
    else:
        result.attrs["score"] = quality_value / total if total > 0 else float("nan")
    return result


# ---------------------------------------------------------------------- optimisers


def louvain(
    network: Network,
    resolution: float = 1.0,
    seed: int | None = None,
    max_iterations: int | None = None,
) -> pd.Series:
    r"""Communities by the Louvain method: modularity, greedily, level by level.

    Nodes move one at a time to the neighbouring community that raises modularity most
    (in an order drawn from `seed`), communities then become nodes, and so on until nothing
    moves; the whole pass then repeats from the partition found until it changes nothing.
    Modularity with resolution :math:`\gamma` is

    .. math:: Q = \sum_c \left[\frac{L_c}{m} - \gamma \left(\frac{K_c}{2m}\right)^2\right]

    with :math:`L_c` the weight of the ties inside community `c`, :math:`K_c` the strength of
    its members and :math:`m` the total weight. Higher `resolution` gives smaller communities.

    Given a :class:`Bipartite`, letters and actors are partitioned together by Barber's
    bipartite modularity (see :func:`bipartite_modularity`), as scikit-network's Louvain
    does on a biadjacency.

    Parameters
    ----------
    network : Graph or Bipartite
    resolution : float, default 1.0
    seed : int, optional
        Same seed, same communities (on any machine and thread count). When None a random
        seed is drawn; it is kept in ``result.attrs["seed"]`` to reproduce the run.
    max_iterations : int, optional
        Passes to run at most (default: until a pass changes nothing).

    Returns
    -------
    pandas.Series
        The community of each node (of each letter and actor for a Bipartite, indexed by
        ``(side, label)``), numbered 0, 1, ... from the largest. ``attrs`` holds the seed,
        the resolution and the partition's modularity (``"score"``; NaN without ties).

    See Also
    --------
    leiden : better connected communities, usually of higher modularity.

    References
    ----------
    .. [1] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of
       communities in large networks", J. Stat. Mech. P10008, 2008.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(list("aabddec"), list("bccefff"))
    >>> cs.community.louvain(G, seed=0).sort_index().to_dict()   # two triangles and a bridge
    {'a': 0, 'b': 0, 'c': 0, 'd': 1, 'e': 1, 'f': 1}
    """
    iterations = -1 if max_iterations is None else positive_int(max_iterations, "max_iterations")
    return _optimise(network, "louvain", resolution, seed, "modularity", (iterations,))


def leiden(
    network: Network,
    resolution: float = 1.0,
    seed: int | None = None,
    quality: Literal["modularity", "cpm"] = "modularity",
    randomness: float = 0.01,
    max_iterations: int | None = None,
) -> pd.Series:
    r"""Communities by the Leiden method: Louvain, with every community kept well connected.

    As :func:`louvain`, but before communities become nodes each is refined into parts that
    are well connected within it (merges drawn at random, weighted by
    :math:`e^{\Delta H / \theta}` with :math:`\theta` = `randomness`), so that no community
    comes out disconnected and parts can later move between communities as wholes. It
    usually finds higher modularity than Louvain.

    Parameters
    ----------
    network : Graph or Bipartite
        A Bipartite is partitioned by Barber's bipartite modularity.
    resolution : float, default 1.0
    seed : int, optional
        Same seed, same communities; None draws one (kept in ``result.attrs["seed"]``).
    quality : {"modularity", "cpm"}, default "modularity"
        What to maximise. The constant Potts model :math:`\sum_c [L_c - \gamma\, n_c^2 / 2]`
        has no resolution limit: `resolution` is the density a community must exceed.
    randomness : float, default 0.01
        :math:`\theta` of the refinement; 0 merges greedily.
    max_iterations : int, optional
        Passes to run at most (default: until a pass changes nothing).

    Returns
    -------
    pandas.Series
        Community numbers by node label, 0 the largest; ``attrs`` as for :func:`louvain`,
        with ``"score"`` the Potts model's :math:`\sum_c [L_c - \gamma\, n_c^2 / 2]` for CPM.

    References
    ----------
    .. [1] V. A. Traag, L. Waltman and N. J. van Eck, "From Louvain to Leiden: guaranteeing
       well-connected communities", Scientific Reports 9:5233, 2019.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "a", "b", "c", "d", "d"], ["b", "c", "c", "d", "e", "f"])
    >>> cs.community.leiden(G, seed=0).to_dict()
    {'a': 0, 'b': 0, 'c': 0, 'd': 1, 'e': 1, 'f': 1}
    """
    iterations = -1 if max_iterations is None else positive_int(max_iterations, "max_iterations")
    if isinstance(randomness, bool) or not isinstance(randomness, (int, float)):
        raise InvalidInputError(f"randomness must be a number, got {randomness!r}")
    if not 0 <= randomness < float("inf"):
        raise InvalidInputError(f"randomness must be nonnegative and finite, got {randomness!r}")
    return _optimise(network, "leiden", resolution, seed, quality, (iterations, float(randomness)))


# ---------------------------------------------------------------------- quality


def _codes(index: pd.Index, labels: Labels, name: str) -> IndexArray:
    """Integer community codes aligned with `index`; every node needs a community."""
    if (
        isinstance(index, pd.MultiIndex)
        and isinstance(labels, pd.Series)
        and not isinstance(labels.index, pd.MultiIndex)
    ):
        raise InvalidInputError(f"{name} must be indexed by (side, label)")
    aligned = by_label(labels, index, name)
    missing = np.flatnonzero(pd.isna(aligned.to_numpy()))
    if missing.size:
        raise InvalidInputError(f"{name} gives no community to {index[int(missing[0])]!r}")
    codes, _ = pd.factorize(aligned)
    return np.ascontiguousarray(codes, dtype=np.int64)


def modularity(G: Graph, labels: Labels, resolution: float = 1.0) -> float:
    r"""Newman's modularity of a partition of `G`, weights as strengths.

    .. math:: Q = \sum_c \left[\frac{L_c}{m} - \gamma \left(\frac{K_c}{2m}\right)^2\right]

    Equal to NetworkX's ``community.modularity`` with ``weight="weight"``.

    Parameters
    ----------
    G : Graph
    labels : Series or mapping
        The community of every node, by label (any hashable community names).
    resolution : float, default 1.0

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b", "c"], ["b", "c", "d"])
    >>> round(cs.community.modularity(G, {"a": 0, "b": 0, "c": 1, "d": 1}), 6)   # 2 (1/3 - 1/4)
    0.166667
    """
    if not isinstance(G, Graph):
        raise InvalidInputError(f"G must be a cosignet.Graph, got {type(G).__name__}")
    gamma = _resolution(resolution)
    codes = _codes(G.labels, labels, "labels")
    upper = G.upper
    total = float(upper.data.sum())
    if total == 0:
        return float("nan")
    rows = entry_rows(upper)
    inside = codes[rows] == codes[upper.indices]
    n_communities = int(codes.max()) + 1
    internal = np.bincount(codes[rows[inside]], upper.data[inside], minlength=n_communities)
    strength = np.bincount(codes, G.strength_array(), minlength=n_communities)
    return float(np.sum(internal / total - gamma * (strength / (2 * total)) ** 2))


def bipartite_modularity(
    B: Bipartite, letter_labels: Labels, actor_labels: Labels, resolution: float = 1.0
) -> float:
    r"""Barber's bipartite modularity of communities of letters and actors.

    .. math:: Q_B = \frac{1}{m} \sum_{i, j} \left(A_{ij} - \gamma \frac{k_i d_j}{m}\right)
              \delta(g_i, h_j)

    over letters `i` (community :math:`g_i`, :math:`k_i` signatures) and actors `j`
    (community :math:`h_j`, :math:`d_j` letters), with :math:`m` the total weight. Only ties
    between a letter and an actor count, and the null model keeps both sides' degrees.

    Parameters
    ----------
    B : Bipartite
    letter_labels, actor_labels : Series or mapping
        The community of every letter and of every actor; communities are matched by name
        across the two.
    resolution : float, default 1.0

    References
    ----------
    .. [1] M. J. Barber, "Modularity and community detection in bipartite networks",
       Physical Review E 76:066102, 2007.

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2", "L2"], ["ann", "bob", "cy", "dan"])
    >>> cs.community.bipartite_modularity(B, {"L1": 0, "L2": 1},
    ...                                   {"ann": 0, "bob": 0, "cy": 1, "dan": 1})
    0.5
    """
    if not isinstance(B, Bipartite):
        raise InvalidInputError(f"B must be a cosignet.Bipartite, got {type(B).__name__}")
    gamma = _resolution(resolution)
    rows = _named(B.letter_labels, letter_labels, "letter_labels")
    cols = _named(B.actor_labels, actor_labels, "actor_labels")
    codes, _ = pd.factorize(np.concatenate([rows, cols]))
    row_codes, col_codes = codes[: len(rows)], codes[len(rows) :]
    matrix = B.matrix
    m = float(matrix.data.sum())
    letter_of = entry_rows(matrix)
    inside = row_codes[letter_of] == col_codes[matrix.indices]
    k = int(codes.max()) + 1
    within = np.bincount(row_codes[letter_of[inside]], matrix.data[inside], minlength=k)
    row_total = np.bincount(row_codes, np.asarray(matrix.sum(axis=1)).ravel(), minlength=k)
    col_total = np.bincount(col_codes, np.asarray(matrix.sum(axis=0)).ravel(), minlength=k)
    if m == 0:
        return float("nan")  # as modularity() of a graph without ties
    return float(np.sum(within / m - gamma * row_total * col_total / m**2))


def _named(index: pd.Index, labels: Labels, name: str) -> npt.NDArray[Any]:
    """Community names aligned with `index` (an object array), every node given one."""
    aligned: npt.NDArray[Any] = by_label(labels, index, name).to_numpy(dtype=object)
    missing = np.flatnonzero(pd.isna(aligned))
    if missing.size:
        raise InvalidInputError(f"{name} gives no community to {index[int(missing[0])]!r}")
    return aligned


# ---------------------------------------------------------------------- describing communities


def _attribute(G: Graph, by: str | Labels) -> pd.Series:
    """Values of a node attribute (a column of ``G.nodes``, or a mapping) by label."""
    if isinstance(by, str):
        if by not in G.nodes.columns:
            raise InvalidInputError(f"G.nodes has no column {by!r}; it has {list(G.nodes.columns)}")
        return G.nodes[by]
    if isinstance(by, (pd.Series, Mapping)):
        return by_label(by, G.labels, "groups")
    raise InvalidInputError(
        f"attributes must be column names of G.nodes or mappings, got {type(by).__name__}"
    )


def composition(G: Graph, labels: Labels, by: Sequence[str] | str = ()) -> pd.DataFrame:
    """Each community's make-up by node attributes, in long form.

    Parameters
    ----------
    G : Graph
    labels : Series or mapping
        The community of every node.
    by : str or sequence of str
        Columns of ``G.nodes``, such as ``"country"`` or ``"organisation"``. Missing values
        are counted as ``"(unknown)"``.

    Returns
    -------
    pandas.DataFrame
        Columns community, attribute, value, count and share (of the community's members),
        most common values first within each community and attribute.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b"], ["b", "c"])
    >>> party = {"a": "Labour", "b": "Labour", "c": "Green"}
    >>> cs.community.composition(G, {"a": 0, "b": 0, "c": 0}, by=[party])
       community attribute   value  count     share
    0          0         0  Labour      2  0.666667
    1          0         0   Green      1  0.333333
    """
    if not isinstance(G, Graph):
        raise InvalidInputError(f"G must be a cosignet.Graph, got {type(G).__name__}")
    codes = _codes(G.labels, labels, "labels")
    community = _community_names(G.labels, labels)
    attributes = [by] if isinstance(by, (str, Mapping, pd.Series)) else list(by)
    frames = []
    for position, attribute in enumerate(attributes):
        values = _attribute(G, attribute).fillna("(unknown)").to_numpy(dtype=object)
        name = attribute if isinstance(attribute, str) else position
        table = pd.DataFrame({"code": codes, "value": values})
        counts = table.groupby(["code", "value"], sort=False).size().rename("count")
        counts = counts.reset_index()
        sizes = np.bincount(codes)
        counts["share"] = counts["count"] / sizes[counts["code"].to_numpy()]
        counts["attribute"] = name
        counts["community"] = community[counts["code"].to_numpy()]
        counts = counts.sort_values(["code", "count"], ascending=[True, False], kind="stable")
        frames.append(counts[["community", "attribute", "value", "count", "share"]])
    if not frames:
        return pd.DataFrame(columns=["community", "attribute", "value", "count", "share"])
    return pd.concat(frames, ignore_index=True)


def _community_names(index: pd.Index, labels: Labels) -> npt.NDArray[Any]:
    """Return the community name of each code of :func:`_codes` (in code order)."""
    _, uniques = pd.factorize(by_label(labels, index, "labels"))
    return np.asarray(uniques, dtype=object)


def profile(
    G: Graph,
    labels: Labels,
    by: Sequence[str] | str = (),
    top: int = 3,
    members: int = 5,
) -> pd.DataFrame:
    """Describe each community: size, cohesion, make-up and core members.

    Parameters
    ----------
    G : Graph
    labels : Series or mapping
        The community of every node, such as the result of :func:`leiden`.
    by : str or sequence of str
        Columns of ``G.nodes`` (such as ``"country"``, ``"party"``) to describe each
        community by: a column each, listing the `top` values with their shares.
    top : int, default 3
        Values listed per attribute.
    members : int, default 5
        Core members listed: those with the largest strength inside the community.

    Returns
    -------
    pandas.DataFrame
        One row per community (indexed by its name), with columns

        - ``size``: nodes;
        - ``density``: ties inside over possible ties, ``L / (n (n - 1) / 2)``;
        - ``internal_weight`` and ``external_weight``: total weight of the ties inside it
          and of those leaving it;
        - ``conductance``: external weight over the smaller of the community's volume
          (strength) and the rest's; low means well separated;
        - one column per attribute in `by`;
        - ``core``: the core members, strongest inside first.

    See Also
    --------
    composition : the make-up in long form; bridges : the ties between communities.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "a", "b", "c"], ["b", "c", "c", "d"], weights=[3, 2, 2, 1])
    >>> cs.community.profile(G, {"a": 0, "b": 0, "c": 0, "d": 1}, members=2)
               size  density  internal_weight  external_weight  conductance  core
    community
    0             3      1.0              7.0              1.0          1.0  a, b
    1             1      NaN              0.0              1.0          1.0     d
    """
    if not isinstance(G, Graph):
        raise InvalidInputError(f"G must be a cosignet.Graph, got {type(G).__name__}")
    top = positive_int(top, "top")
    members = positive_int(members, "members")
    codes = _codes(G.labels, labels, "labels")
    names = _community_names(G.labels, labels)
    k = len(names)
    upper = G.upper
    rows = entry_rows(upper)
    inside = codes[rows] == codes[upper.indices]
    internal = np.bincount(codes[rows[inside]], upper.data[inside], minlength=k)
    internal_ties = np.bincount(codes[rows[inside]], minlength=k)
    strength = G.strength_array()
    volume = np.bincount(codes, strength, minlength=k)
    external = volume - 2 * internal
    size = np.bincount(codes, minlength=k)
    possible = size * (size - 1) / 2
    smaller = np.minimum(volume, volume.sum() - volume)
    table = pd.DataFrame(
        {
            "size": size,
            "density": np.divide(
                internal_ties, possible, out=np.full(k, np.nan), where=possible > 0
            ),
            "internal_weight": internal,
            "external_weight": external,
            "conductance": np.divide(external, smaller, out=np.full(k, np.nan), where=smaller > 0),
        },
        index=pd.Index(names, name="community"),
    )
    attributes = [by] if isinstance(by, str) else list(by)
    if attributes:
        made_of = composition(G, labels, attributes)
        for attribute in attributes:
            rows_of = made_of[made_of["attribute"] == attribute]
            table[attribute] = [
                ", ".join(
                    f"{value} ({share:.0%})"
                    for value, share in rows_of.loc[
                        rows_of["community"] == name, ["value", "share"]
                    ]
                    .head(top)
                    .itertuples(index=False)
                )
                for name in names
            ]
    table["core"] = _core_members(G, codes, k, members)
    return table.sort_values("size", ascending=False, kind="stable")


def _core_members(G: Graph, codes: IndexArray, k: int, members: int) -> list[str]:
    """List the `members` nodes of each community with the largest strength inside it."""
    adjacency = G.adjacency
    rows = entry_rows(adjacency)
    inside = codes[rows] == codes[adjacency.indices]
    inner_strength = np.bincount(rows[inside], adjacency.data[inside], minlength=G.n_nodes)
    order = np.lexsort((np.arange(G.n_nodes), -inner_strength, codes))
    result = []
    starts = np.searchsorted(codes[order], np.arange(k))
    ends = np.searchsorted(codes[order], np.arange(k), side="right")
    for start, end in zip(starts, ends, strict=True):
        chosen = order[start : min(end, start + members)]
        result.append(", ".join(str(label) for label in G.labels.take(chosen)))
    return result


def bridges(G: Graph, labels: Labels, top: int = 10, B: Bipartite | None = None) -> pd.DataFrame:
    """List the strongest ties between communities, and the letters behind them.

    Parameters
    ----------
    G : Graph
    labels : Series or mapping
        The community of every node.
    top : int, default 10
        How many ties to list, strongest first.
    B : Bipartite, optional
        The letters x actors incidence `G` was projected from: adds a column ``letters``
        with the letters each pair signed together (:meth:`Bipartite.shared_letters`).

    Returns
    -------
    pandas.DataFrame
        Columns source, target, source_community, target_community, weight (and letters).

    Examples
    --------
    >>> import cosignet as cs
    >>> B = cs.Bipartite.from_edges(["L1", "L1", "L2", "L2", "L3", "L3"],
    ...                             ["ann", "bob", "bob", "cy", "cy", "dan"])
    >>> G = B.project()
    >>> cs.community.bridges(G, {"ann": 0, "bob": 0, "cy": 1, "dan": 1}, B=B)
      source target  source_community  target_community  weight letters
    0    bob     cy                 0                 1     1.0    [L2]
    """
    if not isinstance(G, Graph):
        raise InvalidInputError(f"G must be a cosignet.Graph, got {type(G).__name__}")
    top = positive_int(top, "top")
    codes = _codes(G.labels, labels, "labels")
    names = _community_names(G.labels, labels)
    upper = G.upper
    rows = entry_rows(upper)
    across = np.flatnonzero(codes[rows] != codes[upper.indices])
    order = across[np.lexsort((across, -upper.data[across]))][:top]
    source = rows[order]
    target = upper.indices[order]
    table = pd.DataFrame(
        {
            "source": G.labels.take(source),
            "target": G.labels.take(target),
            "source_community": names[codes[source]],
            "target_community": names[codes[target]],
            "weight": upper.data[order],
        }
    )
    if B is not None:
        table["letters"] = [
            list(B.shared_letters(a, b)) for a, b in zip(table.source, table.target, strict=True)
        ]
    return table


# ---------------------------------------------------------------------- mixing


def ei_index(G: Graph, groups: str | Labels, weighted: bool = False) -> pd.DataFrame:
    """Compute Krackhardt and Stern's E-I index: how far a group's ties leave it.

    ``EI = (E - I) / (E + I)`` with `E` the ties from a group's members to non-members and `I`
    the ties among its members: -1 when every tie stays inside, +1 when every tie leaves.

    Parameters
    ----------
    G : Graph
    groups : str or Series or mapping
        A column of ``G.nodes`` or a group per node label (every node needs one).
    weighted : bool, default False
        Sum tie weights instead of counting ties.

    Returns
    -------
    pandas.DataFrame
        One row per group and a last row ``"(all)"`` for the whole graph (each tie once),
        with columns internal, external and ei.

    References
    ----------
    .. [1] D. Krackhardt and R. N. Stern, "Informal networks and organizational crises: an
       experimental simulation", Social Psychology Quarterly 51(2):123-140, 1988.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "a", "b"], ["b", "c", "c"])
    >>> cs.community.ei_index(G, {"a": "x", "b": "x", "c": "y"})
           internal  external        ei
    x           1.0       2.0  0.333333
    y           0.0       2.0  1.000000
    (all)       1.0       2.0  0.333333
    """
    if not isinstance(G, Graph):
        raise InvalidInputError(f"G must be a cosignet.Graph, got {type(G).__name__}")
    values = _attribute(G, groups)
    codes = _codes(G.labels, values, "groups")
    names = _community_names(G.labels, values)
    upper = G.upper
    rows = entry_rows(upper)
    ties = upper.data if weighted else np.ones(upper.nnz)
    same = codes[rows] == codes[upper.indices]
    k = len(names)
    internal = np.bincount(codes[rows[same]], ties[same], minlength=k)
    external = np.bincount(codes[rows[~same]], ties[~same], minlength=k) + np.bincount(
        codes[upper.indices[~same]], ties[~same], minlength=k
    )
    table = pd.DataFrame({"internal": internal, "external": external}, index=names)
    overall = pd.DataFrame(
        {"internal": [ties[same].sum()], "external": [ties[~same].sum()]}, index=["(all)"]
    )
    table = pd.concat([table, overall])
    total = table["internal"] + table["external"]
    table["ei"] = np.where(total > 0, (table["external"] - table["internal"]) / total, np.nan)
    return table


def assortativity(G: Graph, groups: str | Labels, weighted: bool = False) -> float:
    r"""Compute Newman's attribute assortativity: how much ties join nodes of one group.

    .. math:: r = \frac{\sum_g e_{gg} - \sum_g a_g^2}{1 - \sum_g a_g^2}

    with :math:`e_{gh}` the share of tie ends joining groups `g` and `h` (each tie counted
    in both directions) and :math:`a_g = \sum_h e_{gh}`. 1 when all ties stay within groups,
    0 when ties ignore groups, negative when they prefer other groups. Unweighted, equal to
    NetworkX's ``attribute_assortativity_coefficient``.

    Parameters
    ----------
    G : Graph
    groups : str or Series or mapping
        A column of ``G.nodes`` or a group per node label.
    weighted : bool, default False
        Weigh each tie by its weight.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "c", "a"], ["b", "d", "c"])
    >>> round(cs.community.assortativity(G, {"a": "x", "b": "x", "c": "y", "d": "y"}), 6)
    0.333333
    """
    if not isinstance(G, Graph):
        raise InvalidInputError(f"G must be a cosignet.Graph, got {type(G).__name__}")
    values = _attribute(G, groups)
    codes = _codes(G.labels, values, "groups")
    upper = G.upper
    if upper.nnz == 0:
        return float("nan")
    rows = entry_rows(upper)
    ties = upper.data if weighted else np.ones(upper.nnz)
    k = int(codes.max()) + 1
    mixing = np.zeros((k, k))
    np.add.at(mixing, (codes[rows], codes[upper.indices]), ties)
    mixing = mixing + mixing.T
    mixing /= mixing.sum()
    a = mixing.sum(axis=1)
    expected = float(a @ a)
    if expected == 1:
        return float("nan")
    return float((np.trace(mixing) - expected) / (1 - expected))
