"""Progress bars on long work: shown on a terminal, never in logs or pipes unless asked."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def progress_wanted(progress: bool | None, work: float, threshold: float) -> bool:
    """Whether to show a bar: as asked, else when `work` exceeds `threshold` on a terminal."""
    if progress is not None:
        return bool(progress)
    if work <= threshold:
        return False
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced or closed stderr
        return False


def progress_bar(
    items: Iterable[T], show: bool, desc: str, unit: str, total: int | None = None
) -> Iterable[T]:
    """`items`, wrapped in a tqdm bar on standard error when `show` is true."""
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=unit, total=total, file=sys.stderr)  # type: ignore[no-any-return]
