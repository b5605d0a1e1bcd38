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
- ``date`` (optional): ISO ``YYYY-MM-DD``, numeric ``DD/MM/YYYY`` or ``MM/DD/YYYY`` (one
  order per file, see `dayfirst`), or any form pandas reads that writes the year in full;
- optional columns named like the keywords of :meth:`Corpus.from_frame`: ``role``, ``raw``,
  ``honorifics`` (separated by ``";"`` in a CSV cell, a tuple as ``to_csv`` prints it, or
  a JSON list), ``position``,
  ``organisation``, ``country``, ``party``, ``descriptor``, ``kind``, ``group``, ``line``,
  ``handle``, ``url``, ``email``, ``title``, ``source``, ``signing_group``; ``link`` is read
  as ``url``, ``affiliation`` and ``organization`` as ``organisation``, unless the table also
  has a column of that name;
- other columns (``order``, ``actor_id``, ...) are ignored, so the
  :attr:`Corpus.signatures` table written with ``to_csv`` reads back.

In a CSV file only empty cells are missing (``NA`` is Namibia, not a missing value), every
cell is read as text, and rows are labelled by the line they start on in the file (the header
is line 1) in error messages (JSON Lines rows by their line, record files by their path). A
row with more fields than the header (which would shift every column) and a header that names
a column twice are refused; a row with fewer fields warns, its missing cells being empty. In
JSON (arrays, JSON Lines, one-record files), text fields must be JSON strings (the letter id
may also be an integer, ``line`` must be an integer), keys must not repeat within an object,
and ``NaN`` and ``Infinity`` (not JSON) are refused; in YAML, a key must not repeat within a
mapping. Letters from a table without a ``source`` column get the table's path as their
source.

Text files must be UTF-8 (a byte order mark is allowed; an HTML page may declare another
character set). An empty file, a binary text file (one with a NUL byte) or a file that is not
valid UTF-8 is refused with a :class:`~cosignet.ParseError` naming the file and, for invalid
UTF-8, the byte offset and line; so is a broken PDF or Word document. A document that holds no
text (a scanned PDF without a text layer, an empty page) is *refused*: reading goes on, a
:class:`~cosignet.CosignetWarning` names it, and :attr:`Corpus.sources` says why.

Only regular files are read, each through one bounded read (PDF and Word documents too: no
library opens a path). Inside a folder, symbolic links are not followed (unless
``follow_links=True``), hidden files and folders are left out, and named pipes, sockets and
devices are never opened; each is a ``skipped`` row of :attr:`Corpus.sources` with the
reason, and links and special files also warn. A path given directly may be a link, but never
a named pipe, socket or device.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cosignet import _extract, _records
from cosignet._extract import NoTextError
from cosignet._frontmatter import FrontMatter, split_front_matter
from cosignet._progress import progress_bar, progress_wanted
from cosignet._reading import (
    decode_utf8,
    file_type,
    load_json,
    read_csv_table,
    read_user_file,
    warn_user,
)
from cosignet._records import JsonRows, json_item_place
from cosignet.corpus import _SOURCE_COLUMNS, Corpus
from cosignet.errors import InvalidInputError, ParseError
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
    follow_links: bool = False,
    dayfirst: bool | None = None,
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
        When `paths` is empty, a path given is not a regular file or folder (a named pipe,
        socket or device, which are never opened), a file given has an unsupported type, a
        folder holds no file to read, a file's name is not valid UTF-8, two letters share an
        id (naming both files), or `columns` maps a name to no cosignet field.
    ParseError
        When a file is empty, binary (holds a NUL byte) or not valid UTF-8 (giving the byte
        offset), a PDF or Word document is broken, a table, JSON or YAML file cannot be read
        (naming the file, and the line and column where it can): malformed JSON or YAML, a
        repeated key, NaN, a value of the wrong type, a CSV row with more fields than its
        header, a header that names a column twice, or dates in both day/month orders; or
        when every file was refused.
    TooLargeError
        Before reading a file that could not fit in the memory available (files are read
        whole, taking about 4x their size for letters, 10x for tables, 12x for JSON and YAML,
        20x for PDF and Word documents), or when more bytes than that come out of it
        (whatever size it claims).
    PermissionError
        When a file or folder cannot be read.

    Warns
    -----
    CosignetWarning
        When symbolic links, named pipes, sockets or devices in a folder are skipped; when a
        file was refused (a PDF without a text layer, a page without text), naming it and the
        reason; when a name in `columns` is the name of no field read; when a CSV row has
        fewer fields than its header, when a table has two columns for the letter or the
        signer (naming the one read), or when a table's numeric dates could all be read day
        or month first (read day first).

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
    if not isinstance(follow_links, bool):
        raise InvalidInputError(f"follow_links must be True or False, got {follow_links!r}")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise InvalidInputError(f"dayfirst must be True, False or None, got {dayfirst!r}")
    wanted = _records.check_columns(columns)
    files = _collect(paths, follow_links)
    to_read = [f for f in files if f.skip is None]
    show = progress_wanted(progress, len(to_read), PROGRESS_THRESHOLD)
    reading = _Reading(wanted, dayfirst)
    rows = {id(found): reading.row(found) for found in files}  # one per file, in the order met
    for found in progress_bar(to_read, show, "reading letters", "file"):
        reading.read(found, rows[id(found)])
    return reading.corpus()


@dataclass(frozen=True)
class _File:
    """A file met: where it is, how messages name it, its format, and whether it is read."""

    path: Path
    source: str  # the path as given (a folder's path joined with the path inside it)
    format: str
    skip: str | None = None  # why it is not read
    identity: tuple[int, int] | None = None  # (st_dev, st_ino) when found in a folder
    follow: bool = True  # False for a regular file found in a folder: never open a link there


@dataclass
class _Group:
    """The one-record files of one folder: one letter, named after the folder."""

    letter_id: str
    source: str  # the folder
    records: list[Any] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # the files, naming rows in errors
    from_json: list[bool] = field(default_factory=list)  # per record: held to JSON's types


@dataclass
class _Reading:
    """What read_letters has read so far: parts in order, and a row for every file."""

    columns: dict[str, str | None]
    dayfirst: bool | None
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
        data = _read_bytes(found, _MEMORY_KIND.get(kind, "letter"))  # text: a letter
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
        text = decode_utf8(data, source)  # refuses invalid UTF-8 with its offset, as for letters
        if kind == "csv":
            self._table(row, read_csv_table(data, text, source), source, path.stem)
            return
        if kind == "jsonl":
            records, numbers = _records.load_json_lines(text, source)
            wheres = [f"{source}, line {n}" for n in numbers]
            frame = _records.records_frame(records, numbers, wheres)
            self._table(row, frame, source, path.stem, JsonRows(lambda n: f"{source}: line {n}"))
            return
        value = _records.load_yaml(text, source) if kind == "yaml" else _read_json(text, source)
        if isinstance(value, Corpus):
            self._corpus(row, value)
        elif isinstance(value, list):
            wheres = [f"{source}, item {n}" for n in range(len(value))]
            frame = _records.records_frame(value, list(range(len(value))), wheres)
            self._table(
                row, frame, source, path.stem, None if kind == "yaml" else _items(text, source)
            )
        else:  # one record: its folder's letter
            folder = path.parent
            if folder not in self.groups:
                name = folder.absolute().name or path.stem
                self.groups[folder] = _Group(name, os.path.dirname(source) or os.curdir)
                self.parts.append(self.groups[folder])
            group = self.groups[folder]
            group.records.append(value)
            group.labels.append(source)
            group.from_json.append(kind == "json")
            row["letters"], row["signatures"] = 1, 1

    def _table(
        self,
        row: dict[str, Any],
        frame: pd.DataFrame,
        source: str,
        name: str,
        json_rows: JsonRows | None = None,
    ) -> None:
        part = _records.table_corpus(
            frame,
            source,
            name,
            self.columns,
            self.used,
            dayfirst=self.dayfirst,
            json_rows=json_rows,
        )
        self._corpus(row, part)

    def _corpus(self, row: dict[str, Any], part: Corpus) -> None:
        row["letters"], row["signatures"] = len(part), len(part._signatures)
        self.parts.append(part)

    def _group_corpus(self, folder: Path, group: _Group) -> Corpus:
        frame = _records.records_frame(group.records, group.labels, group.labels)
        json_rows = JsonRows(str, np.array(group.from_json)) if any(group.from_json) else None
        part = _records.table_corpus(
            frame,
            group.source,
            group.letter_id,
            self.columns,
            self.used,
            dayfirst=self.dayfirst,
            json_rows=json_rows,
        )
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
            warn_user(
                f"read_letters refused {len(refused)} file{'s' if len(refused) > 1 else ''} "
                f"(see corpus.sources): {listed}{more}"
            )
        unused = sorted(set(self.columns) - self.used)
        if unused:
            warn_user(
                "columns: no table or record read has a field "
                + ", ".join(repr(name) for name in unused)
            )


def _items(text: str, source: str) -> JsonRows:
    """Name the rows of a JSON array table by their item and where it starts."""
    return JsonRows(lambda n: f"{source}: item {n} of the JSON array ({json_item_place(text, n)})")


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
            _extract.html_unicode(data, source, decode_utf8)
            if kind == "html"
            else decode_utf8(data, source)
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


def _parse_letter(text: str, letter_id: str, source: str) -> Letter:
    from cosignet import letters  # imported late: the parser is large and tables need none

    try:
        return letters.parse_letter(text, id=letter_id, source=source)
    except ParseError as error:
        if str(error).startswith(source):
            raise
        raise ParseError(f"{source}: {error}") from error


# ------------------------------------------------------------------ finding files

#: Why a folder walk leaves an entry out (the reasons in Corpus.sources).
_LINK = "a symbolic link (not followed inside a folder; pass follow_links=True to read it)"
_BROKEN = "a symbolic link that leads nowhere (missing or a loop)"
_REPEATED = "a path to a file or folder already read (read once)"


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


def _collect(paths: Any, follow_links: bool) -> list[_File]:
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
        _check_name(source)

    found: list[_File] = []
    for source in sources:
        path = Path(source)
        mode = os.stat(path).st_mode  # a path given directly is followed if it is a link
        if stat.S_ISDIR(mode):
            skipped = _Skipped()
            inside = _folder_files(path, source, follow_links, skipped)
            skipped.warn(source)
            if all(f.skip is not None for f in inside):
                raise InvalidInputError(
                    f"found no file to read in the folder {source!r} (read_letters reads "
                    f"{_SUFFIX_LIST} files)"
                )
            found.extend(inside)
        elif not stat.S_ISREG(mode):
            raise InvalidInputError(
                f"{source}: {file_type(mode)}, not a regular file or folder; read_letters "
                "reads regular files only"
            )
        elif path.suffix.lower() in SUFFIXES:
            found.append(_File(path, source, SUFFIXES[path.suffix.lower()]))
        else:
            raise InvalidInputError(
                f"cannot read {source!r}: read_letters reads {_SUFFIX_LIST} files"
            )
    return found


def _folder_files(folder: Path, source: str, follow_links: bool, skipped: _Skipped) -> list[_File]:
    """List the files in `folder`, to read or skip, depth first in sorted order (as os.walk).

    Hidden entries are skipped. Links are skipped unless `follow_links`; then a folder or
    file reached twice (through links, or a link loop) is visited once. Every entry left out
    but a plain subfolder is listed with the reason; links and special files also go to
    `skipped`, to warn.
    """
    top = os.stat(folder)
    seen_folders = {(top.st_dev, top.st_ino)}
    seen_files: set[tuple[int, int]] = set()
    found: list[_File] = []
    stack: list[tuple[Path, str]] = [(folder, source)]
    while stack:
        directory, named = stack.pop()
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        subfolders: list[tuple[Path, str]] = []
        for entry in entries:
            inner = os.path.join(named, entry.name)
            suffix = Path(entry.name).suffix.lower()
            kind = SUFFIXES.get(suffix)
            shown = kind or suffix.lstrip(".")  # the format column of a skipped file

            def skip(reason: str, shown_as: str = shown) -> None:
                found.append(_File(Path(entry.path), inner, shown_as, reason))  # noqa: B023

            if entry.name.startswith("."):
                folder_entry = entry.is_dir(follow_symlinks=False)
                skip("a hidden folder" if folder_entry else "a hidden file",
                     "folder" if folder_entry else shown)  # fmt: skip
                continue
            try:
                status = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(status.st_mode):
                    if not follow_links:
                        to_folder = os.path.isdir(entry.path)
                        if kind is None and not to_folder:
                            skip(_not_read(suffix))
                        else:
                            skipped.links.append(inner)
                            skip(_LINK, "folder" if to_folder else shown)
                        continue
                    status = os.stat(entry.path)  # the target
            except OSError:  # a broken link, a link loop, or an entry gone since listed
                if kind is not None or entry.is_symlink():
                    skipped.broken.append(inner)
                    skip(_BROKEN)
                continue
            identity = (status.st_dev, status.st_ino)
            if stat.S_ISDIR(status.st_mode):
                if identity in seen_folders:
                    skipped.repeated.append(inner)
                    skip(_REPEATED, "folder")
                    continue
                seen_folders.add(identity)
                subfolders.append((Path(entry.path), inner))
            elif kind is None:
                skip(_not_read(suffix))
            elif not stat.S_ISREG(status.st_mode):
                skipped.special.append(f"{inner} ({file_type(status.st_mode)})")
                skip(f"{file_type(status.st_mode)}, not a regular file (never opened)")
            elif identity in seen_files:
                skipped.repeated.append(inner)
                skip(_REPEATED)
            else:
                _check_name(inner)
                seen_files.add(identity)
                follow = entry.is_symlink()  # only when follow_links let it through
                found.append(_File(Path(entry.path), inner, kind, None, identity, follow))
        stack.extend(reversed(subfolders))
    return found


def _not_read(suffix: str) -> str:
    return f"not a format read_letters reads ({suffix or 'no suffix'})"


# ------------------------------------------------------------------ reading bytes and text


def _read_bytes(found: _File, kind: str) -> bytes:
    """Return the file's bytes, read bounded (`kind`: a key of READ_EXPANSION); text checked.

    PDF and Word documents are bytes; every other file must be text (no NUL byte, not UTF-16).
    """
    source = found.source
    data = read_user_file(
        found.path, source, kind, follow_links=found.follow, identity=found.identity
    )
    if not data:
        raise ParseError(f"{source}: the file is empty")
    if found.format in _BINARY:
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


# ------------------------------------------------------------------ JSON


def _read_json(text: str, source: str) -> Corpus | list[Any] | dict[str, Any]:
    """Read a JSON file: a corpus, an array of records or one record, strictly."""
    if text.lstrip()[:1] == "{":
        # A record is small; a large object, or one that is no valid JSON, is read as a corpus
        # by the core (which gives the error's position and refuses repeated keys itself).
        value = None
        if len(text) <= _MAX_RECORD_CHARS:
            with contextlib.suppress(ValueError, RecursionError):  # JSONDecodeError included
                value = json.loads(text)
        if not isinstance(value, dict) or "format" in value or "letters" in value:
            return Corpus._from_json_text(text, source, source=source)
        record: dict[str, Any] = load_json(text, source)  # again: a repeated key, NaN refused
        return record
    value = load_json(text, source)
    if not isinstance(value, list):
        raise ParseError(
            f"{source}: expected a cosignet corpus or a record (a JSON object) or a JSON array "
            f"of records (one object per signature), got {type(value).__name__}"
        )
    for position, item in enumerate(value):
        if not isinstance(item, dict):
            raise ParseError(
                f"{source}: item {position} of the JSON array ({json_item_place(text, position)}) "
                f"is {json.dumps(item)[:40]}, expected an object (one per signature)"
            )
    return value
