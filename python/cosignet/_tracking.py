"""Coalition tracking: communities of consecutive windows matched by the overlap of members.

:func:`track` takes each window's community labels (numbered from the largest community,
as :func:`cosignet.community.louvain` numbers them) and returns the three tables of
:class:`cosignet.temporal.CoalitionTracking`; the rules are documented on
:func:`cosignet.temporal.coalitions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

_COALITION_COLUMNS = ["window", "coalition", "size", "track", "members"]
_FLOW_COLUMNS = ["window", "before", "after", "shared", "jaccard", "matched"]
_EVENT_COLUMNS = ["window", "event", "before", "after", "tracks", "jaccard"]

Pair = tuple[int, int, float]  # (coalition before, coalition after, Jaccard)


def _coalitions(partition: pd.Series | None, min_size: int) -> pd.Series:
    """Return the labels of the actors in coalitions (communities of `min_size` or more).

    Communities are numbered from the largest, so the coalitions are numbers 0 .. k - 1.
    """
    if partition is None or not len(partition):
        return pd.Series([], dtype=np.int64)
    codes = partition.to_numpy().astype(np.int64)
    sizes = np.bincount(codes)
    return partition[sizes[codes] >= min_size].astype(np.int64)


def _overlaps(before: pd.Series, after: pd.Series) -> list[tuple[int, int, int, float]]:
    """Every (before, after, shared, Jaccard) of coalitions sharing members, in order."""
    if not len(before) or not len(after):
        return []
    later = after.reindex(before.index).to_numpy()
    common = ~pd.isna(later)
    a = before.to_numpy()[common].astype(np.int64)
    b = later[common].astype(np.int64)
    width = int(after.max()) + 1
    keys, shared = np.unique(a * width + b, return_counts=True)
    size_a = np.bincount(before.to_numpy())
    size_b = np.bincount(after.to_numpy())
    out = []
    for key, count in zip(keys.tolist(), shared.tolist(), strict=True):
        c, d = divmod(key, width)
        out.append((c, d, count, count / (size_a[c] + size_b[d] - count)))
    return out


def _events(
    label: Any,
    n_before: int,
    n_after: int,
    matched: Sequence[Pair],
    tracks_before: Sequence[int],
    tracks_after: Sequence[int],
) -> list[dict[str, Any]]:
    """List the events between two consecutive windows, continuations first."""
    forward: dict[int, list[tuple[int, float]]] = {a: [] for a in range(n_before)}
    backward: dict[int, list[tuple[int, float]]] = {b: [] for b in range(n_after)}
    for a, b, jaccard in matched:
        forward[a].append((b, jaccard))
        backward[b].append((a, jaccard))
    found: list[dict[str, Any]] = []

    def add(event: str, before: list[int], after: list[int], jaccard: list[float]) -> None:
        tracks = [tracks_after[b] for b in after] if after else [tracks_before[a] for a in before]
        found.append(
            {
                "window": label,
                "event": event,
                "before": tuple(before),
                "after": tuple(after),
                "tracks": tuple(tracks),
                "jaccard": tuple(jaccard),
            }
        )

    for a in range(n_before):
        if len(forward[a]) == 1 and len(backward[forward[a][0][0]]) == 1:
            b, jaccard = forward[a][0]
            add("continuation", [a], [b], [jaccard])
    for a in range(n_before):
        if len(forward[a]) >= 2:
            targets = sorted(forward[a])
            add("split", [a], [b for b, _ in targets], [j for _, j in targets])
    for b in range(n_after):
        if len(backward[b]) >= 2:
            sources = sorted(backward[b])
            add("merge", [a for a, _ in sources], [b], [j for _, j in sources])
    for b in range(n_after):
        if not backward[b]:
            add("birth", [], [b], [])
    for a in range(n_before):
        if not forward[a]:
            add("death", [a], [], [])
    return found


def _pass_on(matched: Sequence[Pair], tracks_before: Sequence[int], n_after: int) -> list[int]:
    """Track of each coalition after (-1: none), taken from its best match, each once."""
    assigned = [-1] * n_after
    passed: set[int] = set()
    for a, b, _ in sorted(matched, key=lambda m: (-m[2], m[0], m[1])):
        track = tracks_before[a]
        if assigned[b] < 0 and track not in passed:
            assigned[b] = track
            passed.add(track)
    return assigned


def track(
    partitions: Sequence[pd.Series | None],
    labels: pd.PeriodIndex,
    threshold: float,
    min_size: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return the coalitions, flows and events tables of the windows' partitions."""
    groups = [_coalitions(p, min_size) for p in partitions]
    counts = [int(g.max()) + 1 if len(g) else 0 for g in groups]
    tracks: list[list[int]] = []
    flows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    next_track = 0
    for window, group in enumerate(groups):
        if window == 0:
            tracks.append(list(range(counts[0])))
            next_track = counts[0]
            continue
        pairs = _overlaps(groups[window - 1], group)
        matched = [(a, b, j) for a, b, _, j in pairs if j >= threshold]
        flows.extend(
            dict(zip(_FLOW_COLUMNS, (labels[window], a, b, s, j, j >= threshold), strict=True))
            for a, b, s, j in pairs
        )
        assigned = _pass_on(matched, tracks[window - 1], counts[window])
        for b, value in enumerate(assigned):
            if value < 0:
                assigned[b] = next_track
                next_track += 1
        tracks.append(assigned)
        events.extend(
            _events(
                labels[window], counts[window - 1], counts[window], matched,
                tracks[window - 1], assigned,
            )
        )  # fmt: skip
    records: list[dict[str, Any]] = []
    for window, group in enumerate(groups):
        codes = group.to_numpy()
        for number in range(counts[window]):
            members = tuple(group.index[codes == number])
            records.append(
                dict(
                    zip(
                        _COALITION_COLUMNS,
                        (labels[window], number, len(members), tracks[window][number], members),
                        strict=True,
                    )
                )
            )
    coalitions = pd.DataFrame(records, columns=_COALITION_COLUMNS).astype(
        {"coalition": np.int64, "size": np.int64, "track": np.int64}
    )
    flow_table = pd.DataFrame(flows, columns=_FLOW_COLUMNS).astype(
        {"before": np.int64, "after": np.int64, "shared": np.int64, "jaccard": np.float64}
    )
    flow_table["matched"] = flow_table["matched"].astype(bool)
    return (
        coalitions.set_index(["window", "coalition"]),
        flow_table,
        pd.DataFrame(events, columns=_EVENT_COLUMNS),
    )
