"""Records: signatures as rows of a table, objects of a JSON array or JSON Lines, or files.

Everything here ends in :func:`table_corpus`, which reads one table of records (one row per
signature) into a :class:`~cosignet.Corpus` by the column convention of
:mod:`cosignet.readers`, after renaming the source's own field names (`columns`).

- :func:`load_yaml` and :func:`load_json_lines` turn a file's text into records; a JSON file is
  read in :mod:`cosignet.readers` (it may also be a corpus).
- :func:`records_frame` turns records (dicts) into one DataFrame; nested objects become dotted
  columns (``social.twitter``), lists of text stay lists (honorifics) or are joined by
  ``"; "``.
- A table without a letter column is one letter, named after its file (or, for a folder of
  one-record files, after the folder).
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd

from cosignet.corpus import FRAME_ATTRIBUTES, Corpus
from cosignet.errors import InvalidInputError, ParseError

__all__ = [
    "ALIASES",
    "FIELDS",
    "check_columns",
    "load_json_lines",
    "load_yaml",
    "records_frame",
    "table_corpus",
]

_LETTER_COLUMNS = ("letter_id", "letter")
_SIGNER_COLUMNS = ("name", "signer")
#: The field names a table or record may use (matched ignoring case and surrounding spaces).
FIELDS: tuple[str, ...] = (*_LETTER_COLUMNS, *_SIGNER_COLUMNS, "date", *FRAME_ATTRIBUTES)
#: Common field names read as cosignet's, when the table has no column of that name already.
ALIASES: dict[str, str] = {
    "link": "url",
    "affiliation": "organisation",
    "organization": "organisation",
}
_MAX_DEPTH = 8  # nested objects in a record


def _key(name: Any) -> str:
    return " ".join(str(name).split()).lower()


def check_columns(columns: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """Check a `columns` mapping (source field -> cosignet field or None) and normalise it."""
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise InvalidInputError(
            f"columns must be a mapping of a source's field names to cosignet's (such as "
            f"{{'affil': 'organisation'}}), got {type(columns).__name__}"
        )
    out: dict[str, str | None] = {}
    for source, target in columns.items():
        if not isinstance(source, str) or not source.strip():
            raise InvalidInputError(f"columns: a source field name must be text, got {source!r}")
        if target is not None and (not isinstance(target, str) or _key(target) not in FIELDS):
            raise InvalidInputError(
                f"columns: {source!r} is mapped to {target!r}, which is no cosignet field; "
                "the fields are " + ", ".join(FIELDS) + " (or None to leave the field out)"
            )
        out[_key(source)] = None if target is None else _key(target)
    return out


# ------------------------------------------------------------------ records from text


def load_yaml(text: str, source: str) -> list[dict[str, Any]] | dict[str, Any]:
    """Read a YAML file's record (a mapping) or records (a list of mappings)."""
    import yaml

    try:
        value = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ParseError(f"{source}: malformed YAML{where}: {problem}") from None
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        for position, item in enumerate(value):
            if not isinstance(item, dict):
                raise ParseError(
                    f"{source}: item {position} of the YAML list is a {type(item).__name__}, "
                    "expected a mapping (one per signature)"
                )
        return value
    raise ParseError(
        f"{source}: expected a record (a mapping of fields: name: ...) or a list of records, "
        f"got {'nothing' if value is None else 'a ' + type(value).__name__}"
    )


def load_json_lines(text: str, source: str) -> tuple[list[dict[str, Any]], list[int]]:
    """Read the records of a JSON Lines file, one object a line, and their line numbers."""
    records: list[dict[str, Any]] = []
    numbers: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise ParseError(
                f"{source}: malformed JSON on line {number}, column {error.colno}: {error.msg}"
            ) from None
        if not isinstance(value, dict):
            raise ParseError(
                f"{source}: line {number} is {json.dumps(value)[:40]}, expected an object "
                "(one per signature)"
            )
        records.append(value)
        numbers.append(number)
    if not records:
        raise ParseError(f"{source}: the file holds no record")
    return records, numbers


def _flatten(
    record: Mapping[Any, Any], out: dict[str, Any], prefix: str, depth: int, where: str
) -> None:
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            if depth >= _MAX_DEPTH:
                raise ParseError(f"{where}: the field {name!r} nests more than {_MAX_DEPTH} deep")
            _flatten(value, out, f"{name}.", depth + 1, where)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, (Mapping, list)):
                    raise ParseError(
                        f"{where}: the field {name!r} is a list of {type(item).__name__}s; a "
                        "field holds text, a number, a date or a list of them"
                    )
            out[name] = tuple("" if item is None else str(item) for item in value)
        else:
            out[name] = value


def records_frame(
    records: Sequence[Mapping[Any, Any]], labels: Sequence[Any], wheres: Sequence[str]
) -> pd.DataFrame:
    """Return one DataFrame of `records`, rows labelled `labels` (paths, lines or positions)."""
    rows: list[dict[str, Any]] = []
    for record, where in zip(records, wheres, strict=True):
        row: dict[str, Any] = {}
        _flatten(record, row, "", 0, where)
        rows.append(row)
    frame = pd.DataFrame.from_records(rows)
    frame.index = pd.Index(labels, dtype=object)
    return frame


# ------------------------------------------------------------------ a table to a corpus


def table_corpus(
    df: pd.DataFrame,
    source: str,
    default_letter: str,
    columns: Mapping[str, str | None],
    used: set[str],
) -> Corpus:
    """Read a table of signatures; a table without a letter column is `default_letter`.

    `columns` maps the table's field names (normalised) to cosignet's; the names it maps
    that the table has are added to `used`.
    """
    if df.empty:
        raise ParseError(f"{source}: the table has no rows")
    # A common name stands for cosignet's only where no column is (or is mapped to) that field.
    present = {columns.get(_key(c), _key(c)) for c in df.columns}
    found: dict[str, Hashable] = {}
    for column in df.columns:
        key = _key(column)
        if key in columns:
            used.add(key)
            target = columns[key]
        elif key in ALIASES and ALIASES[key] not in present:
            target = ALIASES[key]
        else:
            target = key
        if target is None:
            continue
        if target in found and found[target] is not column:
            raise ParseError(
                f"{source}: the columns {found[target]!r} and {column!r} are both read as "
                f"{target!r}; map one elsewhere with columns= (or to None to leave it out)"
            )
        found.setdefault(target, column)
    signer = next((found[c] for c in _SIGNER_COLUMNS if c in found), None)
    if signer is None:
        raise ParseError(
            f"{source}: the table has no column 'name' or 'signer' (name the signer's column "
            "so, or map it with columns={...: 'name'}); its columns are "
            + ", ".join(repr(c) for c in df.columns)
        )
    letter = next((found[c] for c in _LETTER_COLUMNS if c in found), None)
    original = df
    if letter is None:  # no column is read as letter_id: add one, the letter named after the file
        df, letter = df.copy(), "letter_id"
        df[letter] = default_letter
    attributes = {key: found[key] for key in FRAME_ATTRIBUTES if key in found}
    for key, column in attributes.items():
        if key != "honorifics" and df[column].map(lambda v: isinstance(v, tuple)).any():
            df = df.copy() if df is original else df
            df[column] = df[column].map(_joined)  # a list of text in a one-text field
    try:
        corpus = Corpus.from_frame(
            df, letter=letter, signer=signer, date=found.get("date"), **attributes
        )
    except InvalidInputError as error:
        raise ParseError(f"{source}: {error}") from None
    return corpus._with_default_source(source)


def _joined(value: Any) -> Any:
    return "; ".join(part for part in value if part) if isinstance(value, tuple) else value
