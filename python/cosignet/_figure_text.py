r"""User text in matplotlib figures: always drawn as the plain text it is, and kept short.

matplotlib reads text between two ``$`` as mathematics (mathtext), where ``$x^$`` is an error
and ``$`` followed by many ``{`` takes minutes, and with ``text.usetex`` it hands text to TeX,
where ``\input{...}`` reads files. Names, countries and window labels come from letters, so
every figure passes them through :func:`literal` and :func:`no_tex`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["MAX_LABEL", "legend_label", "literal", "no_tex"]

#: Characters of user text shown in a figure; longer text is cut with an ellipsis.
MAX_LABEL = 60


def literal(text: Any, limit: int = MAX_LABEL) -> str:
    r"""Return `text` as a string matplotlib draws as it is: ``$`` escaped, cut to `limit`.

    An escaped dollar (``\$``) is never the start of mathematics, and is drawn as ``$``.
    """
    shown = str(text)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "\u2026"
    return shown.replace("$", r"\$")


def legend_label(text: Any) -> str:
    """Return :func:`literal` text for a legend, where a leading ``_`` would hide the entry."""
    shown = literal(text)
    return " " + shown if shown.startswith("_") else shown


def no_tex(texts: Iterable[Any]) -> None:
    """Never hand these matplotlib ``Text`` objects to TeX, whatever ``text.usetex`` says."""
    for text in texts:
        text.set_usetex(False)
