"""YAML front matter: the ``---`` block at the top of a Markdown or HTML letter.

Static site generators (Jekyll, Hugo, Eleventy, ...) publish letters as Markdown or HTML files
that begin with metadata::

    ---
    title: Candidacy of Hu Binchen to INTERPOL's Executive Committee
    date: 2021-11-15
    ---

The letter's ``title`` and ``date`` there win over what the parser finds in the text; other
keys are left alone. The block is blanked, not removed, so line numbers in the letter's
issues stay those of the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cosignet.errors import ParseError

__all__ = ["FrontMatter", "split_front_matter"]

_OPEN = "---"
_CLOSE = ("---", "...")


@dataclass(frozen=True)
class FrontMatter:
    """A letter's title and date from its front matter (None where it gives none)."""

    title: str | None = None
    date: dt.date | None = None


def split_front_matter(text: str, source: str) -> tuple[FrontMatter, str]:
    r"""Return the front matter of `text` and the text with the block blanked.

    Text that does not start with a ``---`` line has no front matter and comes back as it
    is. A block that is not closed, is not valid YAML or not a mapping, or holds a title or
    date that is no text or date, raises :class:`~cosignet.ParseError` naming `source` and
    the line.

    Examples
    --------
    >>> from cosignet._frontmatter import split_front_matter
    >>> text = "---\ntitle: Free them\ndate: 2024-03-03\n---\nDear all,\n"
    >>> meta, body = split_front_matter(text, "x.md")
    >>> meta
    FrontMatter(title='Free them', date=datetime.date(2024, 3, 3))
    >>> body.splitlines()
    ['', '', '', '', 'Dear all,']
    """
    lines = text.split("\n")
    if lines[0].rstrip() != _OPEN:
        return FrontMatter(), text
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _CLOSE), None)
    if end is None:
        raise ParseError(
            f"{source}: the front matter opened by '---' on line 1 is never closed (a line "
            "'---' must end it)"
        )
    values = _load(lines[1:end], source)
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return FrontMatter(_title(values, source), _date(values, source)), body


def _load(lines: list[str], source: str) -> dict[str, Any]:
    import yaml

    try:
        value = yaml.load("\n".join(lines), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ParseError(
            f"{source}: the front matter is not valid YAML{where}: {problem}"
        ) from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ParseError(
            f"{source}: the front matter must be a mapping of keys to values (title: ..., "
            f"date: ...), got a {type(value).__name__}"
        )
    return {str(key).strip().lower(): item for key, item in value.items()}


def _title(values: dict[str, Any], source: str) -> str | None:
    title = values.get("title")
    if title is None:
        return None
    if isinstance(title, (dict, list)):
        raise ParseError(
            f"{source}: the front matter's title must be text, got a {type(title).__name__}"
        )
    text = " ".join(str(title).split())
    return text or None


def _date(values: dict[str, Any], source: str) -> dt.date | None:
    from cosignet.dates import parse_date

    value = values.get("date")
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    date = parse_date(str(value)) if isinstance(value, str) else None
    if date is None:
        raise ParseError(f"{source}: the front matter's date {value!r} is not a date")
    return date
