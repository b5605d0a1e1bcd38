"""Records: signatures as rows of a table, objects of a JSON array or JSON Lines, or files.

Everything here ends in :func:`table_corpus`, which reads one table of records (one row per
signature) into a :class:`~cosignet.Corpus` by the column convention of
:mod:`cosignet.readers`, after renaming the source's own field names (`columns`).

- :func:`load_yaml` and :func:`load_json_lines` turn a file's text into records, strictly (a key
  repeated in one mapping or object is an error naming the line); a JSON file is read in
  :mod:`cosignet.readers` (it may also be a corpus).
- :func:`records_frame` turns records (dicts) into one DataFrame; nested objects become dotted
  columns (``social.twitter``). Lists of text stay lists until :func:`table_corpus` has checked
  them: they become tuples (honorifics) or are joined by ``"; "``.
- Records from JSON are held to JSON's types (:class:`JsonRows`): a field read as text must
  be a JSON string, as in a JSON array table. YAML's types are looser (``2021`` is a number,
  ``2021-03-01`` a date), so YAML values are read as text.
- A table without a letter column is one letter, named after its file (or, for a folder of
  one-record files, after the folder).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet import _reading
from cosignet._reading import load_json, text_position, warn_user
from cosignet.corpus import FRAME_ATTRIBUTES, Corpus
from cosignet.errors import CosignetWarning, InvalidInputError, ParseError

__all__ = [
    "ALIASES",
    "FIELDS",
    "JsonRows",
    "check_columns",
    "json_item_place",
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
#: Fields of one record once its nested objects are spread out: YAML aliases can repeat a
#: mapping ten times a level within the depth allowed, 10**8 fields from a few lines.
_MAX_FIELDS = 10_000


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
    """Read a YAML file's record (a mapping) or records (a list of mappings).

    A key repeated in one mapping is an error naming the line (PyYAML would keep the last).
    """
    import yaml

    try:
        value = _reading.load_yaml(text)
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
    """Read the records of a JSON Lines file, one object a line, and their line numbers.

    Each line is read as strictly as a JSON file (a repeated key, NaN or Infinity refused),
    and errors give the line, column and byte in the file.
    """
    records: list[dict[str, Any]] = []
    numbers: list[int] = []
    lines = text.split("\n")  # JSON text holds no raw line feed (nor does a JSON string)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        value = _json_line(lines, number, source)
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


def _json_line(lines: list[str], number: int, source: str) -> Any:
    """Read line `number` of a JSON Lines file; errors give places in the file."""
    try:
        return load_json(lines[number - 1], source, start=(number, 0))
    except ParseError:
        pass  # read again, knowing the line's byte offset (worked out only when needed)
    byte = len("\n".join(lines[: number - 1]).encode("utf-8", "surrogatepass")) + (number > 1)
    return load_json(lines[number - 1], source, start=(number, byte))


def json_item_place(text: str, position: int) -> str:
    """Where item `position` of the top-level JSON array in `text` starts: "line L, column C"."""
    decoder = json.JSONDecoder()
    at = text.index("[") + 1
    for _ in range(position + 1):
        while text[at] in " \t\r\n,":
            at += 1
        start = at
        _, at = decoder.raw_decode(text, at)
    line, column, _ = text_position(text, start)
    return f"line {line}, column {column}"


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
            out[name] = value  # made text once its type is checked (table_corpus)
        else:
            out[name] = value
        if len(out) > _MAX_FIELDS:
            raise ParseError(
                f"{where}: the record has more than {_MAX_FIELDS:,} fields once its nested "
                "objects are spread out (YAML aliases repeating a mapping?)"
            )


def records_frame(
    records: Sequence[Mapping[Any, Any]], labels: Sequence[Any], wheres: Sequence[str]
) -> pd.DataFrame:
    """Return one DataFrame of `records`, rows labelled `labels` (paths, lines or positions)."""
    rows: list[dict[str, Any]] = []
    for record, where in zip(records, wheres, strict=True):
        row: dict[str, Any] = {}
        _flatten(record, row, "", 0, where)
        rows.append(row)
    frame = pd.DataFrame(rows, dtype=object)  # values as read: 4 stays 4, not 4.0
    frame.index = pd.Index(labels, dtype=object)
    return frame


# ------------------------------------------------------------------ a table to a corpus


@dataclass(frozen=True)
class JsonRows:
    """Which rows of a table came from JSON (their types are checked), and how to name one.

    `where` turns a row's label into the start of a message (``"t.json: item 3 of the JSON
    array (line 4, column 2)"``); `rows` marks the rows from JSON (None: all of them).
    """

    where: Callable[[Any], str]
    rows: npt.NDArray[np.bool_] | None = None


#: The JSON types each field takes (text, unless said here), with null if optional.
_JSON_KINDS: dict[str, tuple[str, ...]] = {
    "letter": ("a string", "an integer"),
    "line": ("an integer", "a string"),
    "honorifics": ("a string", "an array of strings"),
}
#: The Python type of each JSON kind that needs no look inside (arrays do).
_PLAIN_TYPES: dict[str, type] = {"a string": str, "an integer": int}


def _json_kind(value: Any) -> str:
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "an array of strings"
    return {float: "a number", list: "an array", dict: "an object"}.get(type(value), "a value")


def _check_json_types(df: pd.DataFrame, fields: Mapping[str, Hashable], rows: JsonRows) -> None:
    """Refuse a JSON value of the wrong type in a field read (a number as a name, ...)."""
    chosen = np.ones(len(df), dtype=bool) if rows.rows is None else rows.rows
    labels = df.index[chosen]
    for keyword, column in fields.items():
        allowed = _JSON_KINDS.get(keyword, ("a string",))
        required = keyword in ("letter", "signer")
        values = df[column].to_numpy(dtype=object)[chosen]
        missing = pd.isna(values)  # None or, for a key absent from a record, NaN
        plain = {_PLAIN_TYPES[kind] for kind in allowed if kind in _PLAIN_TYPES}
        if set(map(type, values[~missing])) <= plain and not (required and missing.any()):
            continue  # one fast pass unless a value needs a closer look
        for label, value, absent in zip(labels, values, missing, strict=True):
            if absent and not required:
                continue
            kind = "missing" if absent else _json_kind(value)
            if kind in allowed:
                continue
            expected = " or ".join(allowed) + ("" if required else " or null")
            shown = "nothing" if kind == "missing" else f"{kind}: {_dumps(value)[:40]}"
            raise ParseError(f"{rows.where(label)}: {column!r} must be {expected}, got {shown}")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False)


def table_corpus(
    df: pd.DataFrame,
    source: str,
    default_letter: str,
    columns: Mapping[str, str | None],
    used: set[str],
    *,
    dayfirst: bool | None = None,
    json_rows: JsonRows | None = None,
) -> Corpus:
    """Read a table of signatures; a table without a letter column is `default_letter`.

    `columns` maps the table's field names (normalised) to cosignet's; the names it maps
    that the table has are added to `used`. `dayfirst` is as for :meth:`Corpus.from_frame`;
    rows from JSON (`json_rows`) must hold JSON's types for the fields read.
    """
    if df.empty:
        raise ParseError(f"{source}: the table has no rows")
    names: dict[str, Hashable] = {}
    for column in df.columns:
        if _key(column) in names:
            raise ParseError(
                f"{source}: the columns {names[_key(column)]!r} and {column!r} are the same name "
                "(ignoring case and spaces); rename one"
            )
        names[_key(column)] = column
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
    chosen: dict[str, Hashable] = {}
    for keyword, candidates in (("letter", _LETTER_COLUMNS), ("signer", _SIGNER_COLUMNS)):
        both = [found[name] for name in candidates if name in found]
        if len(both) > 1:
            warn_user(
                f"{source}: the table has both {both[0]!r} and {both[1]!r} columns; the "
                f"{keyword} is read from {both[0]!r} and {both[1]!r} is ignored"
            )
        if both:
            chosen[keyword] = both[0]
    if "signer" not in chosen:
        raise ParseError(
            f"{source}: the table has no column 'name' or 'signer' (name the signer's column "
            "so, or map it with columns={...: 'name'}); its columns are "
            + ", ".join(repr(c) for c in df.columns)
        )
    chosen.update({key: found[key] for key in ("date", *FRAME_ATTRIBUTES) if key in found})
    if json_rows is not None:
        _check_json_types(df, chosen, json_rows)
    original = df
    letter = chosen.pop("letter", None)
    signer = chosen.pop("signer")
    date = chosen.pop("date", None)
    if letter is None:  # no column is read as letter_id: add one, the letter named after the file
        df, letter = df.copy(), "letter_id"
        df[letter] = default_letter
    for key, column in chosen.items():
        if df[column].map(lambda v: isinstance(v, list)).any():
            df = df.copy() if df is original else df
            df[column] = df[column].map(_tuple if key == "honorifics" else _joined)
    try:
        corpus = _from_frame_naming(
            df, source, letter=letter, signer=signer, date=date, dayfirst=dayfirst, **chosen
        )
    except InvalidInputError as error:
        raise ParseError(f"{source}: {error}") from None
    return corpus._with_default_source(source)


def _tuple(value: Any) -> Any:
    """Make a list of a record's values the tuple of text that honorifics hold."""
    if not isinstance(value, list):
        return value
    return tuple("" if item is None else str(item) for item in value)


def _joined(value: Any) -> Any:
    """Join a list of a record's values by "; ", for a field that holds one text."""
    if not isinstance(value, list):
        return value
    return "; ".join(str(item) for item in value if item is not None and str(item))


def _from_frame_naming(df: pd.DataFrame, file: str, /, **keywords: Any) -> Corpus:
    """Corpus.from_frame, its warnings naming the file."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CosignetWarning)
        corpus = Corpus.from_frame(df, **keywords)
    for warning in caught:
        if issubclass(warning.category, CosignetWarning):
            warn_user(f"{file}: {warning.message}")
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return corpus
