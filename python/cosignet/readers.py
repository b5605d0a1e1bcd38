"""Reading letters and tables from files and folders into one :class:`~cosignet.Corpus`.

:func:`read_letters` takes files and folders:

- letters: plain text (``.txt``), Markdown (``.md``, ``.markdown``), web pages (``.html``,
  ``.htm``: the page's main text), Word documents (``.docx``) and PDFs (``.pdf``: the text
  layer), read by :func:`cosignet.parse_letter` with the file name without its extension as
  the letter's id (for a file named ``index``, ``_index``, ``README`` or ``letter``, the name of
  its folder) and the path as its ``source``. The title and date of a Markdown or HTML file's
  YAML front matter win over those found in the text;
- tables with one row per signature (the convention below): ``.csv`` files, JSON arrays of
  objects and JSON Lines (``.jsonl``, ``.ndjson``); a ``.json`` file holding an object is a
  corpus in the cosignet JSON format (``docs/formats.md``) when it has a ``format`` or
  ``letters`` key, else one record;
- records: a ``.yaml``/``.yml`` file holds one record (a mapping) or a list of them; the
  one-record files (YAML or JSON) of a folder are one table, the folder's letter. A letter file
  named ``index``, ``_index``, ``README`` or ``letter`` beside them gives that letter its title
  and date (and is not another letter).

Table convention (column names are matched ignoring case and surrounding spaces, after the
renaming asked for with ``columns=``):

- the letter: ``letter_id`` or ``letter``; a table without one is one letter, named after the
  file (a record folder's, after the folder);
- the signer's name: ``name`` or ``signer`` (required);
- ``date`` (optional): ISO ``YYYY-MM-DD`` or any form pandas reads;
- optional columns named like the keywords of :meth:`Corpus.from_frame`: ``role``, ``raw``,
  ``honorifics`` (separated by ``";"`` in a CSV cell, a tuple as ``to_csv`` prints it, or
  a JSON list), ``position``,
  ``organisation``, ``country``, ``party``, ``descriptor``, ``kind``, ``group``, ``line``,
  ``title``, ``source``, ``signing_group``; ``link`` is read as ``url``, ``affiliation`` and
  ``organization`` as ``organisation``, unless the table also has a column of that name;
- other columns (``order``, ``actor_id``, ...) are ignored, so the
  :attr:`Corpus.signatures` table written with ``to_csv`` reads back.

In a CSV file only empty cells are missing (``NA`` is Namibia, not a missing value), every
cell is read as text, and rows are labelled by their line number in the file (the header is
line 1) in error messages (JSON Lines rows by their line, record files by their path).
Letters from a table without a ``source`` column get the table's path as their source.

Text files must be UTF-8 (a byte order mark is allowed; an HTML page may declare another
character set). An empty file, a binary text file (one with a NUL byte) or a file that is not
valid UTF-8 is refused with a :class:`~cosignet.ParseError` naming the file and, for invalid
UTF-8, the byte offset and line; so is a broken PDF or Word document. A document that holds no
text (a scanned PDF without a text layer, an empty page) is *refused*: reading goes on, a
:class:`~cosignet.CosignetWarning` names it, and :attr:`Corpus.sources` says why.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cosignet import _extract, _records
from cosignet._extract import NoTextError
from cosignet._frontmatter import FrontMatter, split_front_matter
from cosignet._memory import refuse_unreadable_size
from cosignet._progress import progress_bar, progress_wanted
from cosignet.corpus import _SOURCE_COLUMNS, Corpus
from cosignet.errors import CosignetWarning, InvalidInputError, ParseError
from cosignet.records import Letter, ParseIssue

__all__ = ["PROGRESS_THRESHOLD", "SOURCE_COLUMNS", "SUFFIXES", "read_letters"]

#: The file formats read_letters reads, by suffix.
SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
}
#: Columns of :attr:`Corpus.sources`, one row per file met: read, skipped or refused.
SOURCE_COLUMNS: tuple[str, ...] = _SOURCE_COLUMNS

#: read_letters shows a progress bar (on a terminal) when it reads more files than this.
PROGRESS_THRESHOLD = 20

_LETTERS = frozenset({"text", "markdown", "html", "pdf", "docx"})
_BINARY = frozenset({"pdf", "docx"})  # read as bytes: no text checks
_MEMORY_KIND = {"csv": "table", "json": "json", "jsonl": "json", "yaml": "json", "pdf": "document",
                "docx": "document"}  # fmt: skip
_INDEX_STEMS = frozenset({"index", "_index", "readme", "letter"})
_SUFFIX_LIST = ", ".join(SUFFIXES)
_MAX_RECORD_CHARS = 1_000_000  # a JSON object larger than this is a corpus, never a record
_PathLike = str | os.PathLike[str]


def read_letters(
    paths: _PathLike | Iterable[_PathLike],
    *,
    columns: Mapping[str, str | None] | None = None,
    progress: bool | None = None,
) -> Corpus:
    r"""Read letters, tables and records from files and folders.

    Parameters
    ----------
    paths : path or iterable of paths
        Files and folders. Folders are searched recursively, in sorted order, for the
        formats of :data:`SUFFIXES`; every other file, and hidden files and folders (names
        starting with ``"."``), are skipped and listed in :attr:`Corpus.sources`. Files are
        read in the order given.
    columns : mapping of str to str or None, optional
        Renames a source's field names to cosignet's, for every table and record read:
        ``{"affil": "organisation", "link": "url"}``; ``None`` leaves a field out (a
        per-signature ``date`` that is the day each person signed, say). Names are matched
        ignoring case and surrounding spaces.
    progress : bool, optional
        Show a progress bar (on standard error). By default it is shown when more than
        :data:`PROGRESS_THRESHOLD` files are read and standard error is a terminal.

    Returns
    -------
    Corpus
        Every letter, in the order read, and :attr:`Corpus.sources`: every file met, with
        its format, whether it was read, skipped or refused and why, and how many letters
        and signatures it gave. A letter file's ``letter_id`` is its file name without the
        extension, and its ``source`` the path as given (a folder's path joined with the
        file's path inside it).

    Raises
    ------
    FileNotFoundError
        When a path does not exist.
    InvalidInputError
        When `paths` is empty, a file given has an unsupported type, a folder holds no file
        to read, two letters share an id (naming both files), or `columns` maps a name to no
        cosignet field.
    ParseError
        When a file is empty, binary (holds a NUL byte) or not valid UTF-8 (giving the byte
        offset), a PDF or Word document is broken, a table, JSON or YAML file cannot be read
        (naming the file, and the line and column where it can), or every file was refused.
    TooLargeError
        Before reading a file that could not fit in the memory available (files are read
        whole, taking about 4x their size for letters, 10x for tables, 12x for JSON and YAML,
        20x for PDF and Word documents).

    Warns
    -----
    CosignetWarning
        When a file was refused (a PDF without a text layer, a page without text), naming
        it and the reason; and when a name in `columns` is the name of no field read.

    See Also
    --------
    cosignet.parse_letter : how a letter's text is read.
    Corpus.from_frame : the table convention, for a DataFrame.

    Notes
    -----
    The conventions for tables and records are in the module documentation of
    :mod:`cosignet.readers` and in ``docs/formats.md``: a ``name`` or ``signer`` column, an
    optional ``letter_id`` or ``letter`` (without one a table is one letter named after its
    file), an optional ``date``, and any column named like a keyword of
    :meth:`Corpus.from_frame` (``country``, ``party``, ``organisation``, ...).

    Examples
    --------
    >>> import os, tempfile, cosignet as cs
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with open(os.path.join(folder, "bills.csv"), "w", encoding="utf-8") as f:
    ...         _ = f.write("letter,name,party\ns1,Ann Lee,D\ns1,Bob Ray,R\ns2,Ann Lee,D\n")
    ...     with open(os.path.join(folder, "logo.png"), "wb") as f:
    ...         _ = f.write(b"\x89PNG")
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
    >>> corpus.sources[["format", "status", "reason", "letters", "signatures"]]
      format   status                                          reason  letters  signatures
    0    csv     read                                            None        2           3
    1    png  skipped  not a format read_letters reads (.png)        0           0

    A folder of one-record YAML files is one letter, named after the folder; ``columns``
    renames the fields:

    >>> with tempfile.TemporaryDirectory() as root:
    ...     folder = os.path.join(root, "support-letter")
    ...     os.mkdir(folder)
    ...     for who in ("Ann Lee", "Bob Ray"):
    ...         with open(os.path.join(folder, who + ".yaml"), "w", encoding="utf-8") as f:
    ...             _ = f.write(f"name: {who}\naffil: Tibet Watch\n")
    ...     corpus = cs.read_letters(folder, columns={"affil": "organisation"})
    >>> corpus.signatures[["letter_id", "name", "organisation"]]
            letter_id     name organisation
    0  support-letter  Ann Lee  Tibet Watch
    1  support-letter  Bob Ray  Tibet Watch
    """
    wanted = _records.check_columns(columns)
    files = _collect(paths)
    to_read = [f for f in files if f.skip is None]
    show = progress_wanted(progress, len(to_read), PROGRESS_THRESHOLD)
    reading = _Reading(wanted)
    rows = {id(found): reading.row(found) for found in files}  # one per file, in the order met
    for found in progress_bar(to_read, show, "reading letters", "file"):
        reading.read(found, rows[id(found)])
    return reading.corpus()


@dataclass(frozen=True)
class _File:
    path: Path
    source: str  # the path as given (a folder's path joined with the path inside it)
    format: str
    skip: str | None = None  # why it is not read


@dataclass
class _Group:
    """The one-record files of one folder: one letter, named after the folder."""

    letter_id: str
    source: str  # the folder
    records: list[Any] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # the files, naming rows in errors


@dataclass
class _Reading:
    """What read_letters has read so far: parts in order, and a row for every file."""

    columns: dict[str, str | None]
    parts: list[Any] = field(default_factory=list)  # Letter, Corpus or _Group, in order
    rows: list[dict[str, Any]] = field(default_factory=list)
    groups: dict[Path, _Group] = field(default_factory=dict)
    texts: dict[Path, tuple[Letter, dict[str, Any]]] = field(default_factory=dict)  # index files
    used: set[str] = field(default_factory=set)  # names of `columns` some table had

    def row(self, found: _File) -> dict[str, Any]:
        """Add the file's row to the sources table: skipped, or read until said otherwise."""
        row = {"path": found.source, "format": found.format,
               "status": "read" if found.skip is None else "skipped",
               "reason": found.skip, "letters": 0, "signatures": 0}  # fmt: skip
        self.rows.append(row)
        return row

    def read(self, found: _File, row: dict[str, Any]) -> None:
        """Read one file into a part (or a record folder's group) and fill its row."""
        path, source, kind = found.path, found.source, found.format
        refuse_unreadable_size(path, _MEMORY_KIND.get(kind, "letter"), source)  # text: letter
        data = _read_bytes(path, source, binary=kind in _BINARY)
        if kind in _LETTERS:
            try:
                letter = _read_letter(data, kind, path, source)
            except NoTextError as refusal:
                row["status"], row["reason"] = "refused", str(refusal)
                return
            row["letters"] = 1
            row["signatures"] = len(letter.signatories) + len(letter.addressees)
            if path.stem.lower() in _INDEX_STEMS:
                self.texts[path.parent] = (letter, row)
            self.parts.append(letter)
            return
        if kind == "csv":
            _decode(data, source)  # refuse invalid UTF-8 with its offset, as for letters
            frame = _read_csv(data, source)
            self._table(row, frame, source, path.stem)
            return
        text = _decode(data, source)
        if kind == "jsonl":
            records, numbers = _records.load_json_lines(text, source)
            wheres = [f"{source}, line {n}" for n in numbers]
            self._table(row, _records.records_frame(records, numbers, wheres), source, path.stem)
            return
        value = _records.load_yaml(text, source) if kind == "yaml" else _read_json(text, source)
        if isinstance(value, Corpus):
            self._corpus(row, value)
        elif isinstance(value, list):
            wheres = [f"{source}, item {n}" for n in range(len(value))]
            frame = _records.records_frame(value, list(range(len(value))), wheres)
            self._table(row, frame, source, path.stem)
        else:  # one record: its folder's letter
            folder = path.parent
            if folder not in self.groups:
                name = folder.absolute().name or path.stem
                self.groups[folder] = _Group(name, os.path.dirname(source) or os.curdir)
                self.parts.append(self.groups[folder])
            group = self.groups[folder]
            group.records.append(value)
            group.labels.append(source)
            row["letters"], row["signatures"] = 1, 1

    def _table(self, row: dict[str, Any], frame: pd.DataFrame, source: str, name: str) -> None:
        self._corpus(row, _records.table_corpus(frame, source, name, self.columns, self.used))

    def _corpus(self, row: dict[str, Any], part: Corpus) -> None:
        row["letters"], row["signatures"] = len(part), len(part._signatures)
        self.parts.append(part)

    def _group_corpus(self, folder: Path, group: _Group) -> Corpus:
        frame = _records.records_frame(group.records, group.labels, group.labels)
        part = _records.table_corpus(frame, group.source, group.letter_id, self.columns, self.used)
        text = self.texts.pop(folder, None)
        if text is None:
            return part
        letter, row = text  # the letter's own text: its title and date, not a letter itself
        self.parts = [p for p in self.parts if p is not letter]
        row["letters"], row["signatures"] = 0, 0
        row["reason"] = f"the title and date of the letter {group.letter_id!r} (records beside it)"
        return part._with_letter_fields(group.letter_id, title=letter.title, date=letter.date)

    def corpus(self) -> Corpus:
        for folder, group in list(self.groups.items()):
            index = self.parts.index(group)
            self.parts[index] = self._group_corpus(folder, group)
        corpora: list[Corpus] = []
        letters: list[Letter] = []
        for part in self.parts:
            if isinstance(part, Letter):
                letters.append(part)
                continue
            if letters:
                corpora.append(Corpus.from_letters(letters))
                letters = []
            corpora.append(part)
        if letters:
            corpora.append(Corpus.from_letters(letters))
        claimed: dict[str, str | None] = {}
        for part in corpora:
            table = part._letters
            for letter_id, source in zip(table["letter_id"], table["source"], strict=True):
                _claim(claimed, letter_id, source)
        self._warn(bool(claimed))
        corpus = Corpus._concat(corpora)
        corpus._sources = pd.DataFrame(
            {
                name: pd.Series(
                    [row[name] for row in self.rows],
                    dtype=np.int64 if name in ("letters", "signatures") else object,
                )
                for name in SOURCE_COLUMNS
            }
        )
        return corpus

    def _warn(self, any_letter: bool) -> None:
        refused = [r for r in self.rows if r["status"] == "refused"]
        listed = "; ".join(f"{r['path']} ({r['reason']})" for r in refused[:5])
        more = f"; and {len(refused) - 5} more" if len(refused) > 5 else ""
        if refused and not any_letter:
            raise ParseError(f"no letter could be read: {listed}{more}")
        if refused:
            warnings.warn(
                f"read_letters refused {len(refused)} file{'s' if len(refused) > 1 else ''} "
                f"(see corpus.sources): {listed}{more}",
                CosignetWarning,
                stacklevel=4,
            )
        unused = sorted(set(self.columns) - self.used)
        if unused:
            warnings.warn(
                "columns: no table or record read has a field "
                + ", ".join(repr(name) for name in unused),
                CosignetWarning,
                stacklevel=4,
            )


def _claim(sources: dict[str, str | None], letter_id: str, source: str | None) -> None:
    """Record where `letter_id` came from; refuse it if another file gave it already."""
    if letter_id in sources:
        raise InvalidInputError(
            f"two letters have the id {letter_id!r}: from {sources[letter_id]!r} and from "
            f"{source!r}; letter ids must be unique (a letter file's id is its name without "
            "the extension)"
        )
    sources[letter_id] = source


# ------------------------------------------------------------------ letters in documents


def _read_letter(data: bytes, kind: str, path: Path, source: str) -> Letter:
    """Read a letter file's bytes (text, Markdown, HTML, PDF or Word) into a Letter."""
    front = FrontMatter()
    notes: tuple[str, ...] = ()
    if kind in _BINARY:
        extract = _extract.pdf_text if kind == "pdf" else _extract.docx_text
        extracted = extract(data, source)
        text, notes = extracted.text, extracted.notes
    else:
        text = (
            _extract.html_unicode(data, source, _decode)
            if kind == "html"
            else _decode(data, source)
        )
        if kind in ("markdown", "html"):
            front, text = split_front_matter(text, source)
        if kind == "html":
            text = _extract.html_text(text).text
    letter_id = path.stem
    if letter_id.lower() in _INDEX_STEMS and path.absolute().parent.name:
        letter_id = path.absolute().parent.name  # a page bundle: letters/<name>/index.md
    letter = _parse_letter(text, letter_id, source)
    changes: dict[str, Any] = {k: v for k, v in vars(front).items() if v is not None}
    if notes:
        changes["issues"] = tuple(ParseIssue(0, "", note) for note in notes) + letter.issues
    return replace(letter, **changes) if changes else letter


# ------------------------------------------------------------------ finding files


def _collect(paths: Any) -> list[_File]:
    """Every file to read or skip, in order."""
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

    found: list[_File] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            inside = _folder_files(path, source)
            if all(f.skip is not None for f in inside):
                raise InvalidInputError(
                    f"found no file to read in the folder {source!r} (read_letters reads "
                    f"{_SUFFIX_LIST} files)"
                )
            found.extend(inside)
        elif path.suffix.lower() in SUFFIXES:
            found.append(_File(path, source, SUFFIXES[path.suffix.lower()]))
        else:
            raise InvalidInputError(
                f"cannot read {source!r}: read_letters reads {_SUFFIX_LIST} files"
            )
    return found


def _folder_files(folder: Path, source: str) -> list[_File]:
    found: list[_File] = []
    for root, folders, names in os.walk(folder):
        relative = os.path.relpath(root, folder)
        inside = source if relative == os.curdir else os.path.join(source, relative)

        for name in sorted(folders):
            if name.startswith("."):
                found.append(
                    _File(
                        Path(root) / name, os.path.join(inside, name), "folder", "a hidden folder"
                    )
                )
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            suffix = Path(name).suffix.lower()
            kind = SUFFIXES.get(suffix)
            skip = None
            if name.startswith("."):
                skip = "a hidden file"
            elif kind is None:
                skip = f"not a format read_letters reads ({suffix or 'no suffix'})"
            found.append(
                _File(
                    Path(root) / name, os.path.join(inside, name), kind or suffix.lstrip("."), skip
                )
            )
    return found


# ------------------------------------------------------------------ reading bytes and text


def _read_bytes(path: Path, source: str, binary: bool = False) -> bytes:
    """Return the file's bytes; unless `binary`, checked to be text (no NUL byte, not UTF-16)."""
    with open(path, "rb") as file:
        data = file.read()
    if not data:
        raise ParseError(f"{source}: the file is empty")
    if binary:
        return data
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


def _read_csv(data: bytes, source: str) -> pd.DataFrame:
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
    return df


def _read_json(text: str, source: str) -> Corpus | list[Any] | dict[str, Any]:
    """Read a JSON file: a corpus, an array of records or one record."""
    if text.lstrip()[:1] == "{":
        # A record is small; a large object, or one that is no valid JSON, is read as a corpus
        # by the core (which gives the error's position), without parsing it twice.
        value = None
        if len(text) <= _MAX_RECORD_CHARS:
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(text)
        if not isinstance(value, dict) or "format" in value or "letters" in value:
            return Corpus._from_json_text(text, source, source=source)
        return value
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
            f"{source}: expected a cosignet corpus or a record (a JSON object) or a JSON array "
            f"of records (one object per signature), got {type(value).__name__}"
        )
    for position, item in enumerate(value):
        if not isinstance(item, dict):
            raise ParseError(
                f"{source}: item {position} of the JSON array is {json.dumps(item)[:40]}, "
                "expected an object (one per signature)"
            )
    return value
