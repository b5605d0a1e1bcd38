"""Pairwise precision and recall of an identity resolution against hand labels.

Every pair of rows (signatures) is a decision: merged (same predicted label) or not. A pair
is a true positive when both the prediction and the ground truth put the two rows together.
The counts come from the contingency table of the two labellings, so the cost is
O(n log n) in the number of rows, not O(n^2) in the number of pairs.

Import it from a test as ``from identity_metrics import pairwise_scores`` (pytest puts
``tests/`` on ``sys.path``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["pairwise_counts", "pairwise_scores"]


def _codes(labels: Sequence[Any] | np.ndarray | pd.Series, what: str) -> np.ndarray:
    values = pd.Series(np.asarray(labels, dtype=object), dtype=object)
    if values.isna().any():
        position = int(np.flatnonzero(values.isna().to_numpy())[0])
        raise ValueError(f"{what} has a missing label at position {position}")
    codes, _ = pd.factorize(values, sort=False)
    return codes.astype(np.int64, copy=False)


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64, copy=False)
    return int((counts * (counts - 1) // 2).sum())


def pairwise_counts(
    labels_true: Sequence[Any] | np.ndarray | pd.Series,
    labels_pred: Sequence[Any] | np.ndarray | pd.Series,
) -> tuple[int, int, int]:
    """Return ``(true_positive, predicted_pairs, true_pairs)`` over all pairs of rows.

    ``predicted_pairs - true_positive`` pairs were merged wrongly and
    ``true_pairs - true_positive`` pairs were missed. Labels may be any hashable values
    (strings, integers); only equality within each sequence matters.
    """
    truth = _codes(labels_true, "labels_true")
    pred = _codes(labels_pred, "labels_pred")
    if len(truth) != len(pred):
        raise ValueError(
            f"labels_true and labels_pred differ in length: {len(truth)} != {len(pred)}"
        )
    if len(truth) == 0:
        return 0, 0, 0
    n_pred = int(pred.max()) + 1
    _, cells = np.unique(truth * n_pred + pred, return_counts=True)
    true_positive = _pairs(cells)
    predicted_pairs = _pairs(np.bincount(pred))
    true_pairs = _pairs(np.bincount(truth))
    return true_positive, predicted_pairs, true_pairs


def pairwise_scores(
    labels_true: Sequence[Any] | np.ndarray | pd.Series,
    labels_pred: Sequence[Any] | np.ndarray | pd.Series,
) -> tuple[float, float, float]:
    """Return pairwise ``(precision, recall, f1)`` of a predicted labelling.

    precision = merged pairs that are the same person / all merged pairs;
    recall = merged pairs that are the same person / all same-person pairs.
    With no merged pairs precision is 1.0 (nothing was merged wrongly); with no
    same-person pairs recall is 1.0; f1 is 0.0 when both precision and recall are 0.

    Examples
    --------
    >>> pairwise_scores(["a", "a", "b", "b"], [1, 1, 1, 2])
    (0.3333333333333333, 0.5, 0.4)
    >>> pairwise_scores(["a", "a", "b"], ["x", "y", "z"])
    (1.0, 0.0, 0.0)
    """
    true_positive, predicted_pairs, true_pairs = pairwise_counts(labels_true, labels_pred)
    precision = true_positive / predicted_pairs if predicted_pairs else 1.0
    recall = true_positive / true_pairs if true_pairs else 1.0
    total = precision + recall
    f1 = 2 * precision * recall / total if total else 0.0
    return precision, recall, f1
