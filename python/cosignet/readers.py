"""Reading letters and tables from files and folders into one :class:`~cosignet.Corpus`.

:func:`read_letters` takes files and folders:

- ``.txt`` and ``.md`` files are letters, read by :func:`cosignet.parse_letter` with the file
  name without its extension as the letter's id and the path as its ``source``;
- ``.csv`` files are tables with one row per signature (the convention below);
- ``.json`` files are either a corpus in the cosignet JSON format (``docs/formats.md``) or a
  JSON array of objects, one signature per object, following the same convention.

Table convention (column names are matched ignoring case and surrounding spaces):

- the letter: ``letter_id`` or ``letter`` (required);
- the signer's name: ``name`` or ``signer`` (required);
- ``date`` (optional): ISO ``YYYY-MM-DD``, numeric ``DD/MM/YYYY`` or ``MM/DD/YYYY`` (one
  order per file, see `dayfirst`), or any form pandas reads that writes the year in full;
- optional columns named like the keywords of :meth:`Corpus.from_frame`: ``role``, ``raw``,
  ``honorifics`` (separated by ``";"`` in a CSV cell, a tuple as ``to_csv`` prints it, or
  a JSON list), ``position``,
  ``organisation``, ``country``, ``party``, ``descriptor``, ``kind``, ``group``, ``line``,
  ``title``, ``source``, ``signing_group``;
- other columns (``order``, ``actor_id``, ...) are ignored, so the
  :attr:`Corpus.signatures` table written with ``to_csv`` reads back.

In a CSV file only empty cells are missing (``NA`` is Namibia, not a missing value), every
cell is read as text, and rows are labelled by the line they start on in the file (the header
is line 1) in error messages. A row with more fields than the header (which would shift every
column) and a header that names a column twice are refused; a row with fewer fields warns, its
missing cells being empty. In a JSON array, text fields must be JSON strings (the letter id may
also be an integer, ``line`` must be an integer), keys must not repeat within an object, and
``NaN`` and ``Infinity`` (not JSON) are refused. Letters from a table without a ``source``
column get the table's path as their source.

Files must be UTF-8 (a byte order mark is allowed). An empty file, a binary file (one with a
NUL byte) or a file that is not valid UTF-8 is refused with a :class:`~cosignet.ParseError`
naming the file and, for invalid UTF-8, the byte offset and line.

Only regular files are read. Inside a folder, symbolic links are not followed (unless
``follow_links=True``), hidden files and folders are left out, and named pipes, sockets and
devices are skipped, each with a warning naming them; a path given directly may be a link,
but never a named pipe, socket or device.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cosignet._progress import progress_bar, progress_wanted
from cosignet._reading import (
    decode_utf8,
    file_type,
    load_json,
    read_csv_table,
    read_user_file,
    text_position,
    warn_user,
)
from cosignet.corpus import FRAME_ATTRIBUTES, Corpus
from cosignet.errors import CosignetWarning, InvalidInputError, ParseError
from cosignet.records import Letter

__all__ = ["PROGRESS_THRESHOLD", "SUFFIXES", "read_letters"]

#: The file types read_letters reads, by suffix: letters (text) and tables.
SUFFIXES: dict[str, str] = {".txt": "letter", ".md": "letter", ".csv": "table", ".json": "json"}

#: read_letters shows a progress bar (on a terminal) when it reads more files than this.
PROGRESS_THRESHOLD = 20

_LETTER_COLUMNS = ("letter_id", "letter")
_SIGNER_COLUMNS = ("name", "signer")
_PathLike = str | os.PathLike[str]


def read_letters(
    paths: _PathLike | Iterable[_PathLike],
    *,
    progress: bool | None = None,
    follow_links: bool = False,
    dayfirst: bool | None = None,
) -> Corpus:
    r"""Read letters (.txt, .md) and tables (.csv, .json) from files and folders.

    Parameters
    ----------
    paths : path or iterable of paths
        Files and folders. Folders are searched recursively for ``.txt``, ``.md``, ``.csv``
        and ``.json`` files, in sorted order, skipping hidden files and folders (names
        starting with ``"."``). Files are read in the order given.
    progress : bool, optional
        Show a progress bar (on standard error). By default it is shown when more than
        :data:`PROGRESS_THRESHOLD` files are read and standard error is a terminal.
    follow_links : bool
        Follow symbolic links found inside folders (to files and to folders, wherever they
        point; a folder reached twice is searched once, a file reached twice is read once).
        By default they are skipped, with a warning naming them, so a link in a folder of
        letters cannot pull a private file into the corpus and its report. Paths given
        directly are followed either way (as ``grep -r`` does).
    dayfirst : bool, optional
        How tables' numeric dates ``a/b/year`` are read: day first (``True``) or month
        first. By default each file's order is taken from its dates that can only be read
        one way (``13/04/2021``), and is day first, with a warning, when every one could be
        read both ways.

    Returns
    -------
    Corpus
        Every letter, in the order read. A letter file's ``letter_id`` is its file name
        without the extension, and its ``source`` the path as given (a folder's path joined
        with the file's path inside it).

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    InvalidInputError
        When `paths` is empty, a path given is not a regular file or folder (a named pipe,
        socket or device, which are never opened), a file given has an unsupported type, a
        folder holds no file to read, a file's name is not valid UTF-8, or two letters share
        an id (naming both files).
    ParseError
        When a file is empty, binary (holds a NUL byte) or not valid UTF-8 (giving the byte
        offset), or a table or JSON file cannot be read: malformed JSON, a repeated key, NaN,
        a value of the wrong type, a CSV row with more fields than its header, a header that
        names a column twice, or dates in both day/month orders (naming the file and the
        line).
    TooLargeError
        Before reading a file that could not fit in the memory available (files are read
        whole, taking about 4x their size for letters, 10x for tables, 12x for JSON), or
        when more bytes than that come out of it (whatever size it claims).
    PermissionError
        When a file or folder cannot be read.

    Warns
    -----
    CosignetWarning
        When symbolic links, named pipes, sockets or devices in a folder are skipped, when a
        CSV row has fewer fields than its header, when a table has two columns for the letter
        or the signer (naming the one read), or when a table's numeric dates could all be read
        day or month first (read day first).

    See Also
    --------
    cosignet.parse_letter : how a letter's text is read.
    Corpus.from_frame : the table convention, for a DataFrame.

    Notes
    -----
    The conventions for tables are in the module documentation of
    :mod:`cosignet.readers`: a ``letter_id`` or ``letter`` column, a ``name`` or ``signer``
    column, an optional ``date``, and any column named like a keyword of
    :meth:`Corpus.from_frame` (``country``, ``party``, ``organisation``, ...).

    Examples
    --------
    >>> import os, tempfile, cosignet as cs
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with open(os.path.join(folder, "bills.csv"), "w", encoding="utf-8") as f:
    ...         _ = f.write("letter,name,party\ns1,Ann Lee,D\ns1,Bob Ray,R\ns2,Ann Lee,D\n")
    ...     corpus = cs.read_letters(folder)
    >>> corpus.letters[["letter_id", "source", "n_signatories"]]  # doctest: +ELLIPSIS
      letter_id            source  n_signatories
    0        s1  ...bills.csv              2
    1        s2  ...bills.csv              1
    >>> corpus.actors[["name", "n_letters"]]
                       name  n_letters
    actor_id
    person:ann lee  Ann Lee          2
    person:bob ray  Bob Ray          1
    """
    if not isinstance(follow_links, bool):
        raise InvalidInputError(f"follow_links must be True or False, got {follow_links!r}")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise InvalidInputError(f"dayfirst must be True, False or None, got {dayfirst!r}")
    files = _collect(paths, follow_links)
    show = progress_wanted(progress, len(files), PROGRESS_THRESHOLD)
    parts: list[Corpus] = []
    letters: list[Letter] = []
    sources: dict[str, str | None] = {}  # letter id -> where it came from
    for found in progress_bar(files, show, "reading letters", "file"):
        path, source = found.path, found.source
        kind = SUFFIXES[path.suffix.lower()]
        data = _read_bytes(found, kind)
        if kind == "letter":
            _claim(sources, path.stem, source)
            letters.append(_parse_letter(decode_utf8(data, source), path.stem, source))
            continue
        if letters:
            parts.append(Corpus.from_letters(letters))
            letters = []
        text = decode_utf8(data, source)  # refuses invalid UTF-8 with its offset, as for letters
        if kind == "table":
            part = _table_corpus(read_csv_table(data, text, source), source, dayfirst)
        else:
            part = _read_json(text, source, dayfirst)
        table = part._letters
        for letter_id, letter_source in zip(table["letter_id"], table["source"], strict=True):
            _claim(sources, letter_id, letter_source)
        parts.append(part)
    if letters:
        parts.append(Corpus.from_letters(letters))
    return Corpus._concat(parts)


def _claim(sources: dict[str, str | None], letter_id: str, source: str | None) -> None:
    """Record where `letter_id` came from; refuse it if another file gave it already."""
    if letter_id in sources:
        raise InvalidInputError(
            f"two letters have the id {letter_id!r}: from {sources[letter_id]!r} and from "
            f"{source!r}; letter ids must be unique (a letter file's id is its name without "
            "the extension)"
        )
    sources[letter_id] = source


# ------------------------------------------------------------------ finding files


@dataclass(frozen=True)
class _Found:
    """A file to read: where it is, how messages name it, and (inside a folder) which file."""

    path: Path
    source: str
    identity: tuple[int, int] | None = None  # (st_dev, st_ino) when found; None: given
    follow: bool = True  # False for a regular file found in a folder: never open a link there


@dataclass
class _Skipped:
    """What a folder walk left out and must say so."""

    links: list[str] = field(default_factory=list)
    special: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)

    def warn(self, folder: str) -> None:
        for names, what in (
            (self.links, "symbolic link{s} (not followed inside a folder; pass "
                         "follow_links=True to read {them})"),
            (self.special, "file{s} that {are} not {a}regular file{s} (never opened)"),
            (self.broken, "symbolic link{s} that lead{s_verb} nowhere (missing or a loop)"),
            (self.repeated, "path{s} to a file or folder already read (read once)"),
        ):  # fmt: skip
            if not names:
                continue
            one = len(names) == 1
            text = what.format(
                s="" if one else "s",
                them="it" if one else "them",
                are="is" if one else "are",
                a="a " if one else "",
                s_verb="s" if one else "",
            )
            listed = ", ".join(names[:5]) + (
                f" and {len(names) - 5} more" if len(names) > 5 else ""
            )
            warn_user(f"{folder}: skipped {len(names)} {text}: {listed}")


def _check_name(source: str) -> None:
    """Refuse a path that is not valid UTF-8 (it could not be written to a report)."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"{source!a}: the name is not valid UTF-8; rename the file or folder"
        ) from None


def _collect(paths: Any, follow_links: bool) -> list[_Found]:
    """Every file to read, in order."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        items = [paths]
    elif isinstance(paths, Iterable):
        items = list(paths)
    else:
        raise InvalidInputError(
            f"paths must be a path or a list of paths, got {type(paths).__name__}"
        )
    if not items:
        raise InvalidInputError("paths is empty: give at least one file or folder")
    for item in items:
        if not isinstance(item, (str, bytes, os.PathLike)):
            raise InvalidInputError(f"paths must hold file paths, got {item!r}")
    sources = [os.fsdecode(item) for item in items]
    for source in sources:
        if not os.path.exists(source):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), source)
        _check_name(source)

    found: list[_Found] = []
    for source in sources:
        path = Path(source)
        mode = os.stat(path).st_mode  # a path given directly is followed if it is a link
        if stat.S_ISDIR(mode):
            skipped = _Skipped()
            inside = _folder_files(path, source, follow_links, skipped)
            skipped.warn(source)
            if not inside:
                raise InvalidInputError(
                    f"found no .txt, .md, .csv or .json file in the folder {source!r}"
                )
            found.extend(inside)
        elif not stat.S_ISREG(mode):
            raise InvalidInputError(
                f"{source}: {file_type(mode)}, not a regular file or folder; read_letters "
                "reads regular files only"
            )
        elif path.suffix.lower() in SUFFIXES:
            found.append(_Found(path, source))
        else:
            raise InvalidInputError(
                f"cannot read {source!r}: read_letters reads .txt and .md letters and .csv and "
                ".json tables"
            )
    return found


def _folder_files(folder: Path, source: str, follow_links: bool, skipped: _Skipped) -> list[_Found]:
    """List the files to read in `folder`, depth first in sorted order (as os.walk goes).

    Hidden entries are left out. Links are skipped unless `follow_links`; then a folder or
    file reached twice (through links, or a link loop) is visited once.
    """
    top = os.stat(folder)
    seen_folders = {(top.st_dev, top.st_ino)}
    seen_files: set[tuple[int, int]] = set()
    found: list[_Found] = []
    stack: list[tuple[Path, str]] = [(folder, source)]
    while stack:
        directory, named = stack.pop()
        with os.scandir(directory) as scan:
            entries = sorted(
                (entry for entry in scan if not entry.name.startswith(".")),
                key=lambda entry: entry.name,
            )
        subfolders: list[tuple[Path, str]] = []
        for entry in entries:
            inner = os.path.join(named, entry.name)
            readable = Path(entry.name).suffix.lower() in SUFFIXES
            try:
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(status.st_mode):
                    if not follow_links:
                        if readable or os.path.isdir(entry.path):
                            skipped.links.append(inner)
                        continue
                    status = os.stat(entry.path)  # the target
            except OSError:  # a broken link, a link loop, or an entry gone since listed
                if readable or entry.is_symlink():
                    skipped.broken.append(inner)
                continue
            identity = (status.st_dev, status.st_ino)
            if stat.S_ISDIR(status.st_mode):
                if identity in seen_folders:
                    skipped.repeated.append(inner)
                    continue
                seen_folders.add(identity)
                subfolders.append((Path(entry.path), inner))
            elif not readable:
                continue
            elif not stat.S_ISREG(status.st_mode):
                skipped.special.append(f"{inner} ({file_type(status.st_mode)})")
            elif identity in seen_files:
                skipped.repeated.append(inner)
            else:
                _check_name(inner)
                seen_files.add(identity)
                follow = entry.is_symlink()  # only when follow_links let it through
                found.append(_Found(Path(entry.path), inner, identity, follow))
        stack.extend(reversed(subfolders))
    return found


# ------------------------------------------------------------------ reading bytes and text


def _read_bytes(found: _Found, kind: str) -> bytes:
    source = found.source
    data = read_user_file(
        found.path, source, kind, follow_links=found.follow, identity=found.identity
    )
    if not data:
        raise ParseError(f"{source}: the file is empty")
    if data.isspace():
        raise ParseError(f"{source}: the file is empty (it holds only whitespace)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError(f"{source}: the file is UTF-16; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ParseError(
            f"{source}: not a text file (it holds a NUL byte at offset {nul}); "
            "read_letters reads UTF-8 text"
        )
    return data


def _parse_letter(text: str, letter_id: str, source: str) -> Letter:
    from cosignet import letters  # imported late: the parser is large and tables need none

    try:
        return letters.parse_letter(text, id=letter_id, source=source)
    except ParseError as error:
        if str(error).startswith(source):
            raise
        raise ParseError(f"{source}: {error}") from error


# ------------------------------------------------------------------ tables


def _read_json(text: str, source: str, dayfirst: bool | None) -> Corpus:
    start = text.lstrip()[:1]
    if start == "{":
        return Corpus._from_json_text(text, source, source=source)
    value = load_json(text, source)
    if not isinstance(value, list):
        raise ParseError(
            f"{source}: expected a cosignet corpus (a JSON object) or a JSON array of "
            f"signatures (one object per signature), got {type(value).__name__}"
        )
    for position, item in enumerate(value):
        if not isinstance(item, dict):
            raise ParseError(
                f"{source}: item {position} of the JSON array ({_item_place(text, position)}) "
                f"is {json.dumps(item)[:40]}, expected an object (one per signature)"
            )
    df = pd.DataFrame.from_records(value)
    _check_json_types(value, _column_map(df, source), text, source)
    return _table_corpus(df, source, dayfirst)


def _item_place(text: str, position: int) -> str:
    """Where item `position` of the top-level JSON array starts: "line L, column C"."""
    decoder = json.JSONDecoder()
    at = text.index("[") + 1
    for _ in range(position + 1):
        while text[at] in " \t\r\n,":
            at += 1
        start = at
        _, at = decoder.raw_decode(text, at)
    line, column, _ = text_position(text, start)
    return f"line {line}, column {column}"


#: The JSON types each table field takes (text, unless said here), with null if optional.
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


def _check_json_types(
    records: list[dict[str, Any]], columns: dict[str, Any], text: str, source: str
) -> None:
    """Refuse a JSON value of the wrong type in a field read (a number as a name, ...)."""
    missing = object()
    for keyword, column in columns.items():
        allowed = _JSON_KINDS.get(keyword, ("a string",))
        required = keyword in ("letter", "signer")
        types = {type(record.get(column, missing)) for record in records}  # one fast pass
        plain = {_PLAIN_TYPES[kind] for kind in allowed if kind in _PLAIN_TYPES}
        if types <= plain | (set() if required else {type(None)}):
            continue
        for position, record in enumerate(records):
            value = record.get(column)
            if value is None and not required:
                continue
            kind = _json_kind(value) if column in record else "missing"
            if kind in allowed:
                continue
            expected = " or ".join(allowed) + ("" if required else " or null")
            shown = "nothing" if kind == "missing" else f"{kind}: {json.dumps(value)[:40]}"
            raise ParseError(
                f"{source}: item {position} of the JSON array ({_item_place(text, position)}): "
                f"{column!r} must be {expected}, got {shown}"
            )


def _column_map(df: pd.DataFrame, source: str) -> dict[str, Any]:
    """Return the table's column for each field read (letter, signer, date, attributes).

    Column names match ignoring case and surrounding spaces; two names that match alike are
    refused, and a table with both ``letter_id`` and ``letter`` (or ``name`` and ``signer``)
    warns that the first is read.
    """
    columns: dict[str, Any] = {}
    for column in df.columns:
        key = str(column).strip().lower()
        if key in columns:
            raise ParseError(
                f"{source}: the columns {columns[key]!r} and {column!r} are the same name "
                "(ignoring case and spaces); rename one"
            )
        columns[key] = column
    chosen: dict[str, Any] = {}
    for keyword, names in (("letter", _LETTER_COLUMNS), ("signer", _SIGNER_COLUMNS)):
        present = [columns[name] for name in names if name in columns]
        if len(present) > 1:
            warn_user(
                f"{source}: the table has both {present[0]!r} and {present[1]!r} columns; "
                f"the {keyword} is read from {present[0]!r} and {present[1]!r} is ignored"
            )
        if present:
            chosen[keyword] = present[0]
    if "letter" not in chosen or "signer" not in chosen:
        missing = "letter_id' or 'letter" if "letter" not in chosen else "name' or 'signer"
        raise ParseError(
            f"{source}: the table has no column '{missing}' (a table needs one of "
            "'letter_id', 'letter' and one of 'name', 'signer'); its columns are "
            + ", ".join(repr(c) for c in df.columns)
        )
    if "date" in columns:
        chosen["date"] = columns["date"]
    chosen.update({key: columns[key] for key in FRAME_ATTRIBUTES if key in columns})
    return chosen


def _table_corpus(df: pd.DataFrame, source: str, dayfirst: bool | None) -> Corpus:
    if df.empty:
        raise ParseError(f"{source}: the table has no rows")
    columns = _column_map(df, source)
    letter, signer = columns.pop("letter"), columns.pop("signer")
    date = columns.pop("date", None)
    try:
        corpus = _from_frame_naming(
            df, source, letter=letter, signer=signer, date=date, dayfirst=dayfirst, **columns
        )
    except InvalidInputError as error:
        raise ParseError(f"{source}: {error}") from None
    return corpus._with_default_source(source)


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
