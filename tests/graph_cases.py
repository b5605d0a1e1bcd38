"""Seeded random one-mode and two-mode graphs shared by the centrality tests.

Every graph is built twice from the same edge list: as a ``cs.Graph`` / ``cs.Bipartite`` and,
through the library's own converters, as the NetworkX / igraph graph the oracle runs on.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

import cosignet as cs

N_GRAPHS = 36
KINDS = (
    "gnp unweighted",
    "sparse, integer weights 1..5, isolated nodes",
    "gnp, float weights",
    "two components, integer weights",
    "unweighted, isolated nodes",
    "connected, float weights",
)


@dataclass(frozen=True)
class Case:
    seed: int
    kind: str
    graph: cs.Graph
    weighted: bool


def _labels(rng: np.random.Generator, n: int, seed: int) -> list:
    """Shuffled labels, so that label order is neither sorted nor the order of the edges."""
    order = rng.permutation(n)
    if seed % 2:
        return [int(10 * i + 3) for i in order]
    return [f"v{i:02d}" for i in order]


def _random_pairs(rng: np.random.Generator, n: int, p: float) -> list[tuple[int, int]]:
    upper = np.triu(rng.random((n, n)) < p, k=1)
    rows, cols = np.nonzero(upper)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)]


def _spanning_tree(rng: np.random.Generator, nodes: list[int]) -> list[tuple[int, int]]:
    order = [nodes[i] for i in rng.permutation(len(nodes))]
    pairs = []
    for position in range(1, len(order)):
        parent = order[int(rng.integers(0, position))]
        child = order[position]
        pairs.append((min(parent, child), max(parent, child)))
    return pairs


def random_case(seed: int) -> Case:
    """Graph number `seed`: its kind cycles through :data:`KINDS`; 10-60 nodes."""
    rng = np.random.default_rng(seed)
    kind_number = seed % len(KINDS)
    kind = KINDS[kind_number]
    n = int(rng.integers(10, 61))
    pairs: list[tuple[int, int]]
    if kind_number == 0:
        pairs = _random_pairs(rng, n, float(rng.uniform(2.0, 6.0)) / n)
    elif kind_number == 1:
        pairs = _random_pairs(rng, n, 1.5 / n)
    elif kind_number == 2:
        pairs = _random_pairs(rng, n, float(rng.uniform(2.0, 5.0)) / n)
    elif kind_number == 3:
        cut = int(rng.integers(4, n - 4))
        first = list(range(cut))
        second = list(range(cut, n))
        pairs = _spanning_tree(rng, first) + _spanning_tree(rng, second)
        pairs += [(i, j) for i, j in _random_pairs(rng, n, 4.0 / n) if (i < cut) == (j < cut)]
    elif kind_number == 4:
        active = n - int(rng.integers(1, 6))
        pairs = _random_pairs(rng, active, 3.0 / active)
    else:
        pairs = _spanning_tree(rng, list(range(n))) + _random_pairs(rng, n, 2.0 / n)
    pairs = sorted(set(pairs))
    if not pairs:
        pairs = [(0, 1)]
    if kind_number in (1, 3):
        weights = rng.integers(1, 6, size=len(pairs)).astype(float).tolist()
    elif kind_number in (2, 5):
        weights = rng.uniform(0.1, 10.0, size=len(pairs)).tolist()
    else:
        weights = None
    labels = _labels(rng, n, seed)
    extra_isolated = int(rng.integers(1, 4)) if kind_number in (1, 4) else 0
    lonely = [10_000 + i if seed % 2 else f"lonely{i}" for i in range(extra_isolated)]
    node_labels = labels + lonely
    # Each edge is given in a random orientation; the graph is undirected.
    flip = rng.random(len(pairs)) < 0.5
    sources = [labels[j] if f else labels[i] for (i, j), f in zip(pairs, flip, strict=True)]
    targets = [labels[i] if f else labels[j] for (i, j), f in zip(pairs, flip, strict=True)]
    graph = cs.Graph.from_edges(sources, targets, weights, nodes=node_labels)
    return Case(seed, kind, graph, weights is not None)


def to_nx(graph: cs.Graph) -> nx.Graph:
    """NetworkX copy with ``weight`` (strength) and ``length`` = 1 / weight on every edge."""
    nx_graph = graph.to_networkx()
    assert list(nx_graph.nodes) == list(graph.labels)
    for _, _, data in nx_graph.edges(data=True):
        data["length"] = 1.0 / data["weight"]
    return nx_graph


# Name of the edge attribute NetworkX must use for each `weights=` mode of a path measure.
PATH_ATTRIBUTE = {"strength": "length", "distance": "weight", None: None}
# ... and of a spectral / structural-holes measure.
SPECTRAL_ATTRIBUTE = {"strength": "weight", None: None}


def lambda_max(graph: cs.Graph, weighted: bool = True) -> float:
    """Largest adjacency eigenvalue (weights as strengths, or all 1)."""
    dense = graph.adjacency.toarray()
    if not weighted:
        dense = (dense != 0).astype(float)
    if dense.size == 0:
        return 0.0
    return float(np.linalg.eigvalsh(dense).max())


@dataclass(frozen=True)
class TwoModeCase:
    seed: int
    letters: list
    signers: list
    weights: list[float] | None
    bipartite: cs.Bipartite


def random_two_mode(seed: int, connected: bool = True, weighted: bool = False) -> TwoModeCase:
    """A seeded random letters x actors network; connected unless told otherwise.

    Odd seeds label both sides with small integers, so that a letter and an actor may share a
    label and only the side tells them apart.
    """
    rng = np.random.default_rng(1000 + seed)
    n_letters = int(rng.integers(2, 16))
    n_actors = int(rng.integers(2, 30))
    pairs: set[tuple[int, int]] = set()
    if connected:
        # Random bipartite spanning tree: each new node joins a node of the other side.
        pairs.add((0, 0))
        rest = [("L", i) for i in range(1, n_letters)] + [("A", j) for j in range(1, n_actors)]
        rest = [rest[i] for i in rng.permutation(len(rest))]
        seen_letters, seen_actors = [0], [0]
        for side, index in rest:
            if side == "L":
                pairs.add((index, seen_actors[int(rng.integers(0, len(seen_actors)))]))
                seen_letters.append(index)
            else:
                pairs.add((seen_letters[int(rng.integers(0, len(seen_letters)))], index))
                seen_actors.append(index)
    density = float(rng.uniform(0.05, 0.4))
    dense = rng.random((n_letters, n_actors)) < density
    pairs |= {(int(i), int(j)) for i, j in zip(*np.nonzero(dense), strict=True)}
    if not connected:
        # Two blocks (letters < cut_l with actors < cut_a, and the rest) with no tie between
        # them; every letter and actor still has a tie (a Bipartite has no isolated nodes).
        cut_l = int(rng.integers(1, n_letters))
        cut_a = int(rng.integers(1, n_actors))
        pairs = {(i, j) for i, j in pairs if (i < cut_l) == (j < cut_a)}
        for i in range(n_letters):
            low, high = (0, cut_a) if i < cut_l else (cut_a, n_actors)
            pairs.add((i, int(rng.integers(low, high))))
        for j in range(n_actors):
            low, high = (0, cut_l) if j < cut_a else (cut_l, n_letters)
            pairs.add((int(rng.integers(low, high)), j))
    ordered = sorted(pairs)
    ordered = [ordered[i] for i in rng.permutation(len(ordered))]
    if seed % 2:
        letter_names = [int(i) for i in rng.permutation(n_letters)]
        actor_names = [int(j) for j in rng.permutation(n_actors)]
    else:
        letter_names = [f"L{i}" for i in range(n_letters)]
        actor_names = [f"actor {j}" for j in range(n_actors)]
    letters = [letter_names[i] for i, _ in ordered]
    signers = [actor_names[j] for _, j in ordered]
    weights = rng.integers(1, 6, size=len(ordered)).astype(float).tolist() if weighted else None
    bipartite = cs.Bipartite.from_edges(letters, signers, weights)
    return TwoModeCase(seed, letters, signers, weights, bipartite)


def two_mode_nx(bipartite: cs.Bipartite) -> tuple[nx.Graph, set]:
    """The bipartite graph with nodes ("letters", label) and ("actors", label), and its top set."""
    matrix = bipartite.matrix.tocoo()
    graph = nx.Graph()
    top = [("letters", label) for label in bipartite.letter_labels]
    graph.add_nodes_from(top)
    graph.add_nodes_from(("actors", label) for label in bipartite.actor_labels)
    for i, j, w in zip(matrix.row, matrix.col, matrix.data, strict=True):
        graph.add_edge(
            ("letters", bipartite.letter_labels[i]),
            ("actors", bipartite.actor_labels[j]),
            weight=float(w),
        )
    return graph, set(top)


# ------------------------------------------------------------------ community tests


def planted_partition(
    n_groups: int, group_size: int, within_degree: float, between_degree: float, seed: int
) -> tuple[cs.Graph, np.ndarray]:
    """A seeded unweighted planted-partition graph and the planted group of each node.

    Node ``i`` (labelled ``i``, in group ``i // group_size``) has on average `within_degree`
    neighbours in its own group and `between_degree` in the others. Built from sampled pairs
    (duplicates and self-pairs dropped), so it costs O(edges) rather than O(n^2).
    """
    rng = np.random.default_rng(seed)
    n = n_groups * group_size
    n_within = int(rng.poisson(n * within_degree / 2))
    n_between = int(rng.poisson(n * between_degree / 2))
    # Within: a random node and another node of its group.
    first = rng.integers(0, n, size=n_within)
    second = first // group_size * group_size + rng.integers(0, group_size, size=n_within)
    # Between: a random node and a node of another group.
    third = rng.integers(0, n, size=n_between)
    shift = rng.integers(1, n_groups, size=n_between) * group_size
    fourth = (third // group_size * group_size + shift) % n + rng.integers(
        0, group_size, size=n_between
    )
    sources = np.concatenate([first, third])
    targets = np.concatenate([second, fourth])
    low, high = np.minimum(sources, targets), np.maximum(sources, targets)
    keep = low != high
    pairs = np.unique(low[keep] * n + high[keep])
    graph = cs.Graph.from_edges(pairs // n, pairs % n, nodes=range(n))
    return graph, np.arange(n) // group_size


def random_partition(rng: np.random.Generator, labels, n_communities: int) -> dict:
    """A random assignment of every label to one of `n_communities` named communities."""
    names = [f"c{i}" for i in range(n_communities)]
    return {label: names[int(rng.integers(0, n_communities))] for label in labels}
