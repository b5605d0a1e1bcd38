"""Node positions for drawing a graph: a seeded force-directed layout."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from cosignet._sparse import entry_rows
from cosignet.graph import Graph

__all__ = ["spring_layout"]


def spring_layout(G: Graph, iterations: int = 80, seed: int = 0) -> npt.NDArray[np.float64]:
    """Place the nodes of `G` by Fruchterman and Reingold's (1991) force-directed method.

    Tied nodes attract in proportion to their tie's weight (a strength) and every pair of
    nodes repels, so coalitions come out as clusters; nodes without ties drift to the rim.
    The cost is O(n^2) per iteration: meant for drawing, up to a few thousand nodes.

    Parameters
    ----------
    G : Graph
    iterations : int
        Cooling steps.
    seed : int
        Seed of the random start; the same seed gives the same picture.

    Returns
    -------
    numpy.ndarray, shape (n_nodes, 2)
        Positions in [-1, 1], rows in ``G.labels`` order.

    Examples
    --------
    >>> import cosignet as cs
    >>> G = cs.Graph.from_edges(["a", "b"], ["b", "c"])
    >>> cs.layout.spring_layout(G).shape
    (3, 2)
    """
    n = G.n_nodes
    rng = np.random.default_rng(seed)
    position = rng.uniform(-1, 1, size=(n, 2))
    if n <= 1:
        return np.zeros((n, 2))
    upper = G.upper
    source, target = entry_rows(upper), upper.indices
    weight = upper.data / upper.data.max() if upper.nnz else upper.data
    k = np.sqrt(4.0 / n)  # ideal distance on a 2 x 2 square
    temperature = 0.2
    for _ in range(iterations):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (delta * (k * k / distance**2)[:, :, None]).sum(axis=1)  # repulsion
        pull = position[source] - position[target]
        length = np.maximum(np.linalg.norm(pull, axis=1), 1e-3)
        attraction = pull * (weight * length / k)[:, None]
        np.add.at(force, source, -attraction)
        np.add.at(force, target, attraction)
        size = np.maximum(np.linalg.norm(force, axis=1), 1e-9)
        position += force / size[:, None] * np.minimum(size, temperature)[:, None]
        temperature *= 0.95
    position -= position.mean(axis=0)
    scale = np.abs(position).max()
    result: npt.NDArray[np.float64] = position / scale if scale > 0 else position
    return result
