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
- ``date`` (optional): ISO ``YYYY-MM-DD`` or any form pandas reads;
- optional columns named like the keywords of :meth:`Corpus.from_frame`: ``role``, ``raw``,
  ``honorifics`` (separated by ``";"`` in a CSV cell, a tuple as ``to_csv`` prints it, or
  a JSON list), ``position``,
  ``organisation``, ``country``, ``party``, ``descriptor``, ``kind``, ``group``, ``line``,
  ``title``, ``source``, ``signing_group``;
- other columns (``order``, ``actor_id``, ...) are ignored, so the
  :attr:`Corpus.signatures` table written with ``to_csv`` reads back.

In a CSV file only empty cells are missing (``NA`` is Namibia, not a missing value), every
cell is read as text, and rows are labelled by their line number in the file (the header is
line 1) in error messages. Letters from a table without a ``source`` column get the table's
path as their source.

Files must be UTF-8 (a byte order mark is allowed). An empty file, a binary file (one with a
NUL byte) or a file that is not valid UTF-8 is refused with a :class:`~cosignet.ParseError`
naming the file and, for invalid UTF-8, the byte offset and line.
"""

from __future__ import annotations

import errno
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from cosignet._memory import refuse_unreadable_size
from cosignet._progress import progress_bar, progress_wanted
from cosignet.corpus import FRAME_ATTRIBUTES, Corpus
from cosignet.errors import InvalidInputError, ParseError
from cosignet.records import Letter

__all__ = ["PROGRESS_THRESHOLD", "SUFFIXES", "read_letters"]

#: The file types read_letters reads, by suffix: letters (text) and tables.
SUFFIXES: dict[str, str] = {".txt": "letter", ".md": "letter", ".csv": "table", ".json": "json"}

#: read_letters shows a progress bar (on a terminal) when it reads more files than this.
PROGRESS_THRESHOLD = 20

_LETTER_COLUMNS = ("letter_id", "letter")
_SIGNER_COLUMNS = ("name", "signer")
_PathLike = str | os.PathLike[str]


def read_letters(paths: _PathLike | Iterable[_PathLike], *, progress: bool | None = None) -> Corpus:
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
        When `paths` is empty, a file given has an unsupported type, a folder holds no file
        to read, or two letters share an id (naming both files).
    ParseError
        When a file is empty, binary (holds a NUL byte) or not valid UTF-8 (giving the byte
        offset), or a table or JSON file cannot be read (naming the file, and the line and
        column for malformed JSON).
    TooLargeError
        Before reading a file that could not fit in the memory available (files are read
        whole, taking about 4x their size for letters, 10x for tables, 12x for JSON).

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
    files = _collect(paths)
    show = progress_wanted(progress, len(files), PROGRESS_THRESHOLD)
    parts: list[Corpus] = []
    letters: list[Letter] = []
    sources: dict[str, str | None] = {}  # letter id -> where it came from
    for path, source in progress_bar(files, show, "reading letters", "file"):
        kind = SUFFIXES[path.suffix.lower()]
        refuse_unreadable_size(path, kind, source)
        data = _read_bytes(path, source)
        if kind == "letter":
            _claim(sources, path.stem, source)
            letters.append(_parse_letter(_decode(data, source), path.stem, source))
            continue
        if letters:
            parts.append(Corpus.from_letters(letters))
            letters = []
        if kind == "table":
            _decode(data, source)  # refuse invalid UTF-8 with its offset, as for letters
            part = _read_csv(data, source)
        else:
            part = _read_json(_decode(data, source), source)
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


def _collect(paths: Any) -> list[tuple[Path, str]]:
    """(path, source) of every file to read, in order."""
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

    found: list[tuple[Path, str]] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            inside = _folder_files(path, source)
            if not inside:
                raise InvalidInputError(
                    f"found no .txt, .md, .csv or .json file in the folder {source!r}"
                )
            found.extend(inside)
        elif path.suffix.lower() in SUFFIXES:
            found.append((path, source))
        else:
            raise InvalidInputError(
                f"cannot read {source!r}: read_letters reads .txt and .md letters and .csv and "
                ".json tables"
            )
    return found


def _folder_files(folder: Path, source: str) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        relative = os.path.relpath(root, folder)
        for name in sorted(names):
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            inner = name if relative == os.curdir else os.path.join(relative, name)
            found.append((Path(root) / name, os.path.join(source, inner)))
    return found


# ------------------------------------------------------------------ reading bytes and text


def _read_bytes(path: Path, source: str) -> bytes:
    with open(path, "rb") as file:
        data = file.read()
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


def _decode(data: bytes, source: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ParseError(
            f"{source}: not valid UTF-8: byte 0x{data[error.start]:02x} at offset "
            f"{error.start} (line {line}) ({error.reason}); save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _parse_letter(text: str, letter_id: str, source: str) -> Letter:
    from cosignet import letters  # imported late: the parser is large and tables need none

    try:
        return letters.parse_letter(text, id=letter_id, source=source)
    except ParseError as error:
        if str(error).startswith(source):
            raise
        raise ParseError(f"{source}: {error}") from error


# ------------------------------------------------------------------ tables


def _read_csv(data: bytes, source: str) -> Corpus:
    try:
        df = pd.read_csv(
            io.BytesIO(data),
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8-sig",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise ParseError(f"{source}: cannot read the CSV table: {error}") from None
    df.index = pd.RangeIndex(2, len(df) + 2)  # line numbers, the header being line 1
    return _table_corpus(df, source)


def _read_json(text: str, source: str) -> Corpus:
    start = text.lstrip()[:1]
    if start == "{":
        return Corpus._from_json_text(text, source, source=source)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        offset = len(text[: error.pos].encode("utf-8"))
        raise ParseError(
            f"{source}: malformed JSON at line {error.lineno}, column {error.colno} "
            f"(byte {offset}): {error.msg}"
        ) from None
    if not isinstance(value, list):
        raise ParseError(
            f"{source}: expected a cosignet corpus (a JSON object) or a JSON array of "
            f"signatures (one object per signature), got {type(value).__name__}"
        )
    for position, item in enumerate(value):
        if not isinstance(item, dict):
            raise ParseError(
                f"{source}: item {position} of the JSON array is {json.dumps(item)[:40]}, "
                "expected an object (one per signature)"
            )
    return _table_corpus(pd.DataFrame.from_records(value), source)


def _table_corpus(df: pd.DataFrame, source: str) -> Corpus:
    if df.empty:
        raise ParseError(f"{source}: the table has no rows")
    columns: dict[str, Any] = {}
    for column in df.columns:
        columns.setdefault(str(column).strip().lower(), column)
    letter = next((columns[c] for c in _LETTER_COLUMNS if c in columns), None)
    signer = next((columns[c] for c in _SIGNER_COLUMNS if c in columns), None)
    if letter is None or signer is None:
        missing = "letter_id' or 'letter" if letter is None else "name' or 'signer"
        raise ParseError(
            f"{source}: the table has no column '{missing}' (a table needs one of "
            "'letter_id', 'letter' and one of 'name', 'signer'); its columns are "
            + ", ".join(repr(c) for c in df.columns)
        )
    attributes = {key: columns[key] for key in FRAME_ATTRIBUTES if key in columns}
    try:
        corpus = Corpus.from_frame(
            df, letter=letter, signer=signer, date=columns.get("date"), **attributes
        )
    except InvalidInputError as error:
        raise ParseError(f"{source}: {error}") from None
    return corpus._with_default_source(source)
