"""The corpus: letters, who signed them and who they were addressed to, as pandas tables.

A :class:`Corpus` is an immutable value built from :class:`~cosignet.Letter` records
(:meth:`Corpus.from_letters`), from a table with one row per signature
(:meth:`Corpus.from_frame`), from files (:func:`cosignet.read_letters`) or from the JSON
corpus format (:meth:`Corpus.read_json`, described in ``docs/formats.md``). It exposes four
tables -- :attr:`~Corpus.letters`, :attr:`~Corpus.signatures`, :attr:`~Corpus.actors` and
:attr:`~Corpus.issues` -- and :meth:`~Corpus.incidence`, the letters x actors two-mode network.

Text columns are ``object`` columns holding ``str`` or ``None`` (for a missing value), dates
are :class:`datetime.date` or ``None``, honorifics and aliases are tuples of ``str``.

Examples
--------
>>> import pandas as pd, cosignet as cs
>>> corpus = cs.Corpus.from_frame(
...     pd.DataFrame({"bill": ["s1", "s1", "s2"], "senator": ["Ann Lee", "Bob Ray", "Ann Lee"]}),
...     letter="bill",
...     signer="senator",
... )
>>> corpus
<cosignet.Corpus: 2 letters, 3 signatures (3 signatories, 0 addressees), 2 actors>
>>> corpus.actors[["name", "n_letters"]]
                 name  n_letters
actor_id
person:ann lee  Ann Lee          2
person:bob ray  Bob Ray          1
"""

from __future__ import annotations

import ast
import datetime as dt
import gc
import os
import re
import unicodedata
import warnings
from collections.abc import Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from cosignet import _core
from cosignet._reading import read_user_file, warn_user
from cosignet.bipartite import Bipartite
from cosignet.dates import numeric_date, numeric_day_first
from cosignet.errors import CosignetWarning, InvalidInputError, ParseError
from cosignet.identity import _empty_resolution, resolve_signatures
from cosignet.records import SIGNATURE_FIELDS, Letter, ParseIssue, Signature

__all__ = [
    "ACTOR_COLUMNS",
    "FRAME_ATTRIBUTES",
    "ISSUE_COLUMNS",
    "LETTER_COLUMNS",
    "SIGNATURE_COLUMNS",
    "Corpus",
    "actor_key",
]

#: Columns of :attr:`Corpus.letters`, in order.
LETTER_COLUMNS: tuple[str, ...] = (
    "letter_id",
    "title",
    "date",
    "source",
    "n_signatories",
    "n_addressees",
    "signing_group",
    "n_issues",
)
#: Columns of :attr:`Corpus.signatures`, in order.
SIGNATURE_COLUMNS: tuple[str, ...] = ("letter_id", "role", "order", *SIGNATURE_FIELDS, "actor_id")
#: Columns of :attr:`Corpus.actors` (indexed by ``actor_id``), in order.
ACTOR_COLUMNS: tuple[str, ...] = (
    "name",
    "kind",
    "country",
    "organisation",
    "party",
    "n_letters",
    "first_date",
    "last_date",
    "aliases",
)
#: Columns of :attr:`Corpus.issues`, in order.
ISSUE_COLUMNS: tuple[str, ...] = ("letter_id", "line", "text", "reason")

_LETTER_FIELDS: tuple[str, ...] = ("title", "source", "signing_group")
_SOURCE_COLUMNS: tuple[str, ...] = ("path", "format", "status", "reason", "letters", "signatures")
_SIGNATURE_ATTRIBUTES: tuple[str, ...] = tuple(
    f for f in SIGNATURE_FIELDS if f not in ("name", "source")
)
#: Keywords :meth:`Corpus.from_frame` takes as ``**attribute_columns``: ``role``, every
#: Signature field but ``name`` (which is `signer`), and the letter fields (``source`` is the
#: letter's, or each signature's when the rows of a letter give different ones).
FRAME_ATTRIBUTES: tuple[str, ...] = ("role", *_SIGNATURE_ATTRIBUTES, *_LETTER_FIELDS)

_ROLES: tuple[str, ...] = ("signatory", "addressee")
_KINDS: tuple[str, ...] = ("person", "organisation")
_TEXT_SIGNATURE_FIELDS: tuple[str, ...] = (
    "position",
    "organisation",
    "country",
    "party",
    "descriptor",
    "group",
    "handle",
    "url",
    "email",
    "source",
)


# ------------------------------------------------------------------ small helpers


def actor_key(name: str, kind: str = "person") -> str:
    """Return the actor id of an exact name: ``"<kind>:<normalised name>"``.

    The name is normalised with Unicode NFKC, case-folded and its whitespace collapsed, so
    names that differ only in case, spacing or Unicode presentation form share one actor.
    Identity resolution (matching "I. Duncan-Smith" to "Iain Duncan-Smith") is not done here.

    Parameters
    ----------
    name : str
        The name as printed.
    kind : {"person", "organisation"}
        Whether the actor is a person or an organisation.

    Returns
    -------
    str

    Examples
    --------
    >>> from cosignet.corpus import actor_key
    >>> actor_key("Iain  DUNCAN-SMITH")
    'person:iain duncan-smith'
    >>> actor_key("World Uyghur Congress", kind="organisation")
    'organisation:world uyghur congress'
    """
    normal = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    return f"{kind}:{normal}"


def _copy_needed() -> bool:
    """Tell whether a returned table must be copied to keep the corpus unchanged.

    With copy-on-write (pandas 3, or the option set in pandas 2) a shallow copy suffices.
    """
    if int(pd.__version__.split(".")[0]) >= 3:
        return False
    return pd.options.mode.copy_on_write is not True


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of small dicts are made.

    They hold no cycles, but every collection would walk them all again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _object_array(values: Iterable[Any], size: int | None = None) -> npt.NDArray[np.object_]:
    """Return a 1-d object array holding `values` as they are (tuples stay whole).

    With `size`, the array is that long and padded with None.
    """
    items = values if isinstance(values, list) else list(values)
    if size is not None and size > len(items):
        items = items + [None] * (size - len(items))
    return np.fromiter(items, dtype=object, count=len(items))


def _object_series(values: Iterable[Any]) -> pd.Series:
    return pd.Series(_object_array(values), dtype=object)


def _is_missing(value: Any) -> bool:
    """Tell whether a cell is missing: None, NaN, NA, NaT or a blank string (not a container)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, np.ndarray, dict, set)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _to_text(value: Any) -> str:
    """Return a cell as text, integral numbers without a trailing ".0"."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _to_date(value: Any, day_first: bool = True) -> dt.date | None:
    """Read a date, datetime, Timestamp, datetime64 or ISO / pandas-parsable string.

    Numeric dates ``a/b/year`` are read in the order `day_first` says. Other text must name
    its year in four digits: pandas reads ``"3/4"`` as the year 1 and ``"now"`` as today.
    """
    if _is_missing(value):
        return None
    if isinstance(value, dt.datetime):  # pandas.Timestamp too
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        stamp_day: dt.date = pd.Timestamp(value).date()
        return stamp_day
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        numeric = numeric_date(text, day_first)  # ValueError if not a calendar date
        if numeric is not None:
            return numeric
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                stamp = pd.Timestamp(text)
            except (ValueError, TypeError, OverflowError):
                stamp = pd.NaT
        if not pd.isna(stamp) and f"{stamp.year:04d}" in text:
            text_day: dt.date = stamp.date()
            return text_day
    raise ValueError(f"cannot read {value!r} as a date")


def _row_label(df: pd.DataFrame, position: int) -> Any:
    label = df.index[position]
    return label.item() if isinstance(label, np.generic) else label


def _positions_by_group(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """0-based position of each element within its run of equal (sorted) keys."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    run = np.cumsum(np.r_[True, keys[1:] != keys[:-1]]) - 1
    positions: npt.NDArray[np.int64] = np.arange(n, dtype=np.int64) - starts[run]
    return positions


def _most_common(pairs: pd.DataFrame, key: str, value: str) -> pd.Series:
    """Return the most frequent non-missing `value` per `key` (ties: the one seen first)."""
    present = pairs[pairs[value].notna()]
    if present.empty:
        return pd.Series(dtype=object)
    counts = present.groupby([key, value], sort=False).size().reset_index(name="_count")
    counts["_count"] = -counts["_count"]  # a stable ascending sort keeps first-seen ties first
    best = counts.sort_values("_count", kind="stable").drop_duplicates(key)
    return pd.Series(_object_array(best[value]), index=best[key].to_numpy(), dtype=object)


# ------------------------------------------------------------------ the Corpus


class Corpus:
    """A collection of letters with their signatures, as pandas tables.

    Build one from :class:`~cosignet.Letter` records (``Corpus(letters)`` or
    :meth:`from_letters`), from a table with one row per signature (:meth:`from_frame`), from
    files (:func:`cosignet.read_letters`) or from the JSON corpus format (:meth:`read_json`). A
    corpus never changes: every method returns a new value.

    Parameters
    ----------
    letters : iterable of Letter
        The letters, in order. A letter whose ``id`` is None gets ``"letter-1"``,
        ``"letter-2"``, ... (numbering the letters without an id, skipping ids already taken).

    Raises
    ------
    InvalidInputError
        When an item is not a Letter, two letters share an id, or a field has the wrong type
        (the message names the letter and the field).

    See Also
    --------
    cosignet.read_letters : read letters and tables from files and folders.
    Corpus.from_frame : one row per signature, from a DataFrame.

    Notes
    -----
    Tables (each returned as a new DataFrame; text columns hold ``str`` or ``None``):

    - :attr:`letters`: one row per letter, in order: ``letter_id, title, date, source,
      n_signatories, n_addressees, signing_group, n_issues``.
    - :attr:`signatures`: one row per signature, grouped by letter (signatories, then
      addressees, each in printed order): ``letter_id, role, order``, every Signature field
      (``raw, name, honorifics, position, organisation, country, party, descriptor, kind,
      group, line``) and ``actor_id``.
    - :attr:`actors`: one row per actor (indexed by ``actor_id``): ``name, kind, country,
      organisation, party, n_letters, first_date, last_date, aliases``.
    - :attr:`issues`: the lines the parser could not read: ``letter_id, line, text, reason``.

    Until identity resolution, an actor is an exact name: ``actor_id`` is
    :func:`cosignet.corpus.actor_key` of the name and kind (Unicode NFKC, case-folded,
    whitespace collapsed: ``"person:iain duncan-smith"``).

    Examples
    --------
    >>> import cosignet as cs
    >>> letter = cs.Letter(
    ...     id="L1",
    ...     title="On INTERPOL",
    ...     signatories=(cs.Signature("Dovilė Šakalienė MP", "Dovilė Šakalienė", ("MP",)),),
    ...     addressees=(cs.Signature("Jürgen Stock", "Jürgen Stock"),),
    ... )
    >>> corpus = cs.Corpus([letter, cs.Letter(signatories=(cs.Signature("Ann", "Ann"),))])
    >>> len(corpus)
    2
    >>> corpus.letters[["letter_id", "title", "n_signatories", "n_addressees"]]
      letter_id        title  n_signatories  n_addressees
    0        L1  On INTERPOL              1             1
    1  letter-1         None              1             0
    >>> corpus.signatures[["letter_id", "role", "name", "honorifics", "actor_id"]]
      letter_id       role              name honorifics                 actor_id
    0        L1  signatory  Dovilė Šakalienė      (MP,)  person:dovilė šakalienė
    1        L1  addressee      Jürgen Stock         ()      person:jürgen stock
    2  letter-1  signatory               Ann         ()               person:ann
    """

    _letters: pd.DataFrame
    _signatures: pd.DataFrame
    _issues: pd.DataFrame
    _records: tuple[Letter, ...] | None
    _resolution: pd.DataFrame | None = None  # set by resolve()
    _sources: pd.DataFrame | None = None  # set by read_letters

    def __init__(self, letters: Iterable[Letter] = ()) -> None:
        built = self._build_from_letters(letters)
        self._letters = built._letters
        self._signatures = built._signatures
        self._issues = built._issues
        self._records = built._records

    # ------------------------------------------------------------ constructors

    @classmethod
    def from_letters(cls, letters: Iterable[Letter]) -> Corpus:
        """Build a corpus from Letter records (the same as ``Corpus(letters)``).

        Parameters
        ----------
        letters : iterable of Letter
            The letters, in order; letters without an id get ``"letter-1"``, ``"letter-2"``...

        Returns
        -------
        Corpus

        Raises
        ------
        InvalidInputError
            When an item is not a Letter, two letters share an id or a field has the wrong
            type.

        Examples
        --------
        >>> import cosignet as cs
        >>> ann, bob = cs.Signature("Ann", "Ann"), cs.Signature("Bob", "Bob")
        >>> corpus = cs.Corpus.from_letters(
        ...     [cs.Letter(signatories=(ann, bob)), cs.Letter(signatories=(ann,))]
        ... )
        >>> list(corpus.letters.letter_id)
        ['letter-1', 'letter-2']
        >>> corpus.actors.n_letters.to_dict()
        {'person:ann': 2, 'person:bob': 1}
        """
        return cls._build_from_letters(letters)

    @classmethod
    def _build_from_letters(cls, letters: Iterable[Letter]) -> Corpus:
        if isinstance(letters, (str, bytes, Letter)) or not isinstance(letters, Iterable):
            raise InvalidInputError(
                f"letters must be an iterable of cosignet.Letter, got {type(letters).__name__}"
            )
        items = list(letters)
        for position, item in enumerate(items):
            if not isinstance(item, Letter):
                raise InvalidInputError(
                    f"letters[{position}] must be a cosignet.Letter, got {type(item).__name__}"
                )
            _check_letter(item, f"letters[{position}]")
        records = _assign_ids(items)

        letter_columns: dict[str, list[Any]] = {
            k: [] for k in ("letter_id", "date", *_LETTER_FIELDS)
        }
        signature_columns: dict[str, list[Any]] = {
            k: [] for k in ("letter_id", "role", *SIGNATURE_FIELDS)
        }
        issue_columns: dict[str, list[Any]] = {k: [] for k in ISSUE_COLUMNS}
        for letter in records:
            letter_columns["letter_id"].append(letter.id)
            letter_columns["date"].append(letter.date)
            for name in _LETTER_FIELDS:
                letter_columns[name].append(getattr(letter, name))
            for role, signatures in (
                ("signatory", letter.signatories),
                ("addressee", letter.addressees),
            ):
                for signature in signatures:
                    signature_columns["letter_id"].append(letter.id)
                    signature_columns["role"].append(role)
                    for name in SIGNATURE_FIELDS:
                        signature_columns[name].append(getattr(signature, name))
            for issue in letter.issues:
                issue_columns["letter_id"].append(letter.id)
                issue_columns["line"].append(issue.line)
                issue_columns["text"].append(issue.text)
                issue_columns["reason"].append(issue.reason)
        signature_columns["honorifics"] = [tuple(h) for h in signature_columns["honorifics"]]
        return cls._from_columns(letter_columns, signature_columns, issue_columns, records)

    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        letter: Hashable,
        signer: Hashable,
        date: Hashable | None = None,
        *,
        dayfirst: bool | None = None,
        **attribute_columns: Hashable,
    ) -> Corpus:
        """Build a corpus from a table with one row per signature.

        Parameters
        ----------
        df : pandas.DataFrame
            One row per signature (a senator on a bill, a person on a petition).
        letter : column label
            The column identifying the letter (bill, petition). Values become ``letter_id``
            (as text: ``114`` becomes ``"114"``); letters keep the order of first appearance.
        signer : column label
            The column with the signer's name (``Signature.name``).
        date : column label, optional
            The column with the letter's date: dates, datetimes, Timestamps, or strings in ISO
            form (``"2021-11-15"``), numeric (``"15/11/2021"``, see `dayfirst`) or any form
            pandas reads that writes the year in full (``"15 November 2021"``); the time of
            day is dropped.
        dayfirst : bool, optional
            How to read numeric dates ``a/b/year``: day first (``True``) or month first. By
            default the order is taken from the dates that can only be read one way
            (``13/04/2021``), and is day first, with a warning, when every one could be read
            both ways. One order holds for the whole column.
        **attribute_columns : column label
            More columns, by keyword: ``role`` (``"signatory"`` or ``"addressee"``, default
            signatory), the Signature fields ``raw`` (default: the name), ``honorifics`` (a
            list or tuple, or a string split at ``";"``), ``position``, ``organisation``,
            ``country``, ``party``, ``descriptor``, ``kind`` (``"person"`` or
            ``"organisation"``, default person), ``group``, ``line`` (an integer), and the
            letter fields ``title``, ``source`` and ``signing_group``. Missing cells (NaN,
            None, blank strings) become None; other values become text.

        Returns
        -------
        Corpus

        Raises
        ------
        InvalidInputError
            On an unknown keyword (listing the allowed ones), a column that is not in `df`, a
            missing letter or signer (naming the row), a value that is not a date, role, kind
            or line number, numeric dates that cannot share one day/month order (``13/04/2021``
            and ``04/13/2021``), and a letter whose rows disagree on its date, title, source or
            signing group.

        Warns
        -----
        CosignetWarning
            When every numeric date could be read day or month first: they are read day
            first, and the warning names one (pass `dayfirst` to choose).

        Examples
        --------
        >>> import pandas as pd, cosignet as cs
        >>> df = pd.DataFrame(
        ...     {
        ...         "bill": ["s1", "s1", "s2", "s2"],
        ...         "senator": ["Alexander, L.", "Ayotte, K.", "Ayotte, K.", "Baldwin, T."],
        ...         "state": ["TN", "NH", "NH", "WI"],
        ...         "party": ["R", "R", "R", "D"],
        ...         "introduced": ["2015-01-21", "2015-01-21", "2015-01-22", None],
        ...     }
        ... )
        >>> corpus = cs.Corpus.from_frame(
        ...     df, letter="bill", signer="senator", date="introduced", country="state",
        ...     party="party",
        ... )
        >>> corpus.letters[["letter_id", "date", "n_signatories"]]
          letter_id        date  n_signatories
        0        s1  2015-01-21              2
        1        s2  2015-01-22              2
        >>> corpus.actors[["name", "country", "n_letters"]]
                                       name country  n_letters
        actor_id
        person:alexander, l.  Alexander, L.      TN          1
        person:ayotte, k.        Ayotte, K.      NH          2
        person:baldwin, t.      Baldwin, T.      WI          1
        """
        if not isinstance(df, pd.DataFrame):
            raise InvalidInputError(f"df must be a pandas DataFrame, got {type(df).__name__}")
        unknown = [key for key in attribute_columns if key not in FRAME_ATTRIBUTES]
        if unknown:
            raise InvalidInputError(
                f"unknown attribute column keyword {unknown[0]!r}; the keywords are "
                + ", ".join(FRAME_ATTRIBUTES)
            )
        requested: dict[str, Hashable] = {"letter": letter, "signer": signer}
        if date is not None:
            requested["date"] = date
        requested.update({k: v for k, v in attribute_columns.items() if v is not None})
        columns: dict[str, pd.Series] = {}
        for keyword, column in requested.items():
            columns[keyword] = _frame_column(df, keyword, column)

        n = len(df)
        ids = _required_text(df, columns["letter"], "letter", letter)
        names = _required_text(df, columns["signer"], "signer", signer)
        codes, unique_ids = pd.factorize(ids)
        n_letters = len(unique_ids)

        letter_columns: dict[str, Any] = {"letter_id": list(unique_ids)}
        for keyword in ("date", *_LETTER_FIELDS):
            if keyword not in columns:
                letter_columns[keyword] = [None] * n_letters
                continue
            if keyword == "date":
                values = _date_values(df, columns["date"], date, dayfirst)
            else:
                values = _optional_text(columns[keyword])
            if keyword == "source":
                letter_columns["source"], row_sources = _sources_per_letter(
                    codes, values, n_letters
                )
                continue
            letter_columns[keyword] = _per_letter(
                df, codes, values, unique_ids, keyword, requested[keyword]
            )

        signature_columns: dict[str, Any] = {"letter_id": ids, "name": names}
        if "source" not in columns:
            row_sources = _object_array([], n)
        signature_columns["role"] = (
            _choices(df, columns["role"], "role", requested["role"], _ROLES, "signatory")
            if "role" in columns
            else _object_array(["signatory"] * n)
        )
        signature_columns["kind"] = (
            _choices(df, columns["kind"], "kind", requested["kind"], _KINDS, "person")
            if "kind" in columns
            else _object_array(["person"] * n)
        )
        for name in _TEXT_SIGNATURE_FIELDS:
            if name == "source":
                signature_columns[name] = row_sources
                continue
            signature_columns[name] = (
                _optional_text(columns[name]) if name in columns else _object_array([], n)
            )
        if "raw" in columns:
            raw = _optional_text(columns["raw"])
            missing = np.fromiter((value is None for value in raw), dtype=bool, count=n)
            raw[missing] = names[missing]
            signature_columns["raw"] = raw
        else:
            signature_columns["raw"] = names
        signature_columns["honorifics"] = (
            _honorifics(df, columns["honorifics"], requested["honorifics"])
            if "honorifics" in columns
            else _object_array([()] * n)
        )
        signature_columns["line"] = (
            _line_numbers(df, columns["line"], requested["line"])
            if "line" in columns
            else pd.array([pd.NA] * n, dtype="Int64")
        )
        issue_columns: dict[str, list[Any]] = {k: [] for k in ISSUE_COLUMNS}
        return cls._from_columns(letter_columns, signature_columns, issue_columns, None)

    @classmethod
    def read_json(cls, path: str | os.PathLike[str]) -> Corpus:
        """Read a corpus written by :meth:`to_json` (the format of ``docs/formats.md``).

        Parameters
        ----------
        path : str or path-like
            The file to read.

        Returns
        -------
        Corpus

        Raises
        ------
        ParseError
            When the file is empty, is not JSON (the message gives the line, the column and
            the byte offset, also for invalid UTF-8), is not a cosignet corpus, has an
            unsupported version, misses a key or has one of the wrong type (naming it), or
            repeats a key in one object (naming the key, line, column and byte).
        InvalidInputError
            When `path` is not a regular file (a named pipe, socket, device or folder): it is
            not opened.
        TooLargeError
            When the file is too large for the memory available (about 12 bytes per byte of
            file), before it is read, or when more bytes than that bound come out of it.
        OSError
            When the file cannot be read (``FileNotFoundError``, ``PermissionError``, ...).

        Examples
        --------
        >>> import os, tempfile, cosignet as cs
        >>> corpus = cs.Corpus([cs.Letter(id="L1", signatories=(cs.Signature("Ann", "Ann"),))])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "corpus.json")
        ...     corpus.to_json(path)
        ...     cs.Corpus.read_json(path) == corpus
        True
        """
        text_path = _path_text(path, "path")
        try:
            data = read_user_file(text_path, text_path, "json")
        except OSError as error:  # worded as the core words it
            raise type(error)(
                error.errno, f"{error.strerror} (while opening it for reading)", text_path
            ) from None
        if not data:
            raise ParseError(f"{text_path}: the file is empty")
        with _gc_paused():
            document = _core.parse_corpus_json(data, text_path)  # bytes: the core checks UTF-8
            return cls._from_document(document)

    @classmethod
    def _from_json_text(cls, text: str, name: str, source: str | None = None) -> Corpus:
        """Parse a JSON corpus document; `name` prefixes errors, `source` fills sources."""
        with _gc_paused():
            return cls._from_document(_core.parse_corpus_json(text, name), source=source)

    @classmethod
    def _from_document(cls, document: Mapping[str, Any], source: str | None = None) -> Corpus:
        """Build a corpus from the dict the core returns for a JSON corpus document.

        Letters without a source get `source`.
        """
        letters = document["letters"]
        letter_columns: dict[str, list[Any]] = {
            "letter_id": [letter["id"] for letter in letters],
            "date": [
                dt.date.fromisoformat(letter["date"]) if letter["date"] is not None else None
                for letter in letters
            ],
            "title": [letter["title"] for letter in letters],
            "source": [
                letter["source"] if letter["source"] is not None else source for letter in letters
            ],
            "signing_group": [letter["signing_group"] for letter in letters],
        }
        signatures: list[dict[str, Any]] = []
        signature_letters: list[str] = []
        roles: list[str] = []
        issues: list[dict[str, Any]] = []
        issue_letters: list[str] = []
        for letter in letters:
            for role, key in (("signatory", "signatories"), ("addressee", "addressees")):
                batch = letter[key]
                signatures.extend(batch)
                signature_letters.extend([letter["id"]] * len(batch))
                roles.extend([role] * len(batch))
            issues.extend(letter["issues"])
            issue_letters.extend([letter["id"]] * len(letter["issues"]))
        signature_columns: dict[str, list[Any]] = {
            "letter_id": signature_letters,
            "role": roles,
            **{name: [s[name] for s in signatures] for name in SIGNATURE_FIELDS},
        }
        signature_columns["honorifics"] = [tuple(h) for h in signature_columns["honorifics"]]
        issue_columns: dict[str, list[Any]] = {
            "letter_id": issue_letters,
            **{name: [issue[name] for issue in issues] for name in ISSUE_COLUMNS[1:]},
        }
        corpus = cls._from_columns(letter_columns, signature_columns, issue_columns, None)
        if any("actor_id" in s for s in signatures):
            # Version 2 stores the actors of a resolved corpus (not its table of merges).
            by_position = {
                (letter_id, role, n): s.get("actor_id")
                for letter_id, role, n, s in _numbered(signature_letters, roles, signatures)
            }
            table = corpus._signatures
            keys = zip(table["letter_id"], table["role"], table["order"], strict=True)
            stored = [by_position[key] for key in keys]
            table["actor_id"] = pd.Series(
                [a if a is not None else c for a, c in zip(stored, table["actor_id"], strict=True)],
                index=table.index,
                dtype=object,
            )
            corpus._resolution = _empty_resolution()
        return corpus

    @classmethod
    def _concat(cls, corpora: Iterable[Corpus]) -> Corpus:
        """One corpus with the letters of all `corpora`, in order (ids must stay unique)."""
        parts = list(corpora)
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return cls()
        records: tuple[Letter, ...] | None = None
        if all(p._records is not None for p in parts):
            records = tuple(r for p in parts for r in (p._records or ()))

        def joined(table: str, column: str) -> npt.NDArray[np.object_]:
            # Column by column, as objects: no dtype guessing across parts (pd.concat warns
            # about empty parts in pandas 2).
            return np.concatenate([getattr(p, table)[column].to_numpy(dtype=object) for p in parts])

        letter_columns = {k: joined("_letters", k) for k in ("letter_id", "date", *_LETTER_FIELDS)}
        signature_columns = {
            k: joined("_signatures", k) for k in ("letter_id", "role", *SIGNATURE_FIELDS)
        }
        issue_columns = {k: joined("_issues", k) for k in ISSUE_COLUMNS}
        corpus = cls._from_columns(letter_columns, signature_columns, issue_columns, records)
        if any(p._resolution is not None for p in parts):
            # Keep the actors of resolved parts (parts are whole letters, so keys are unique).
            stored = {
                key: actor
                for p in parts
                if p._resolution is not None
                for key, actor in zip(
                    zip(
                        p._signatures["letter_id"],
                        p._signatures["role"],
                        p._signatures["order"],
                        strict=True,
                    ),
                    p._signatures["actor_id"],
                    strict=True,
                )
            }
            table = corpus._signatures
            keys = zip(table["letter_id"], table["role"], table["order"], strict=True)
            table["actor_id"] = pd.Series(
                [stored.get(k, a) for k, a in zip(keys, table["actor_id"], strict=True)],
                index=table.index,
                dtype=object,
            )
            corpus._resolution = _empty_resolution()
        return corpus

    def _with_letter_fields(self, letter_id: str, **values: Any) -> Corpus:
        """Return the same corpus with the letter `letter_id`'s fields set (None: unchanged)."""
        new = Corpus.__new__(Corpus)
        new._letters = self._letters.copy()
        rows = (new._letters["letter_id"] == letter_id).to_numpy()
        for name, value in values.items():
            if value is not None:
                column = new._letters[name].to_numpy(dtype=object, copy=True)
                column[rows] = value
                new._letters[name] = pd.Series(column, index=new._letters.index, dtype=object)
        new._signatures = self._signatures
        new._issues = self._issues
        new._records = None
        new._resolution = self._resolution
        return new

    def _with_default_source(self, source: str) -> Corpus:
        """Return the same corpus with `source` for every letter that has none."""
        sources = self._letters["source"]
        missing = sources.isna().to_numpy()
        if not missing.any():
            return self
        new = Corpus.__new__(Corpus)
        new._letters = self._letters.copy()
        new._letters["source"] = pd.Series(
            _object_array([source if m else v for v, m in zip(sources, missing, strict=True)]),
            dtype=object,
        )
        new._signatures = self._signatures
        new._issues = self._issues
        new._records = None
        new._resolution = self._resolution
        return new

    @classmethod
    def _from_columns(
        cls,
        letter_columns: Mapping[str, Any],
        signature_columns: Mapping[str, Any],
        issue_columns: Mapping[str, Any],
        records: tuple[Letter, ...] | None,
    ) -> Corpus:
        """Assemble the tables from checked columns.

        `letter_columns` has letter_id, date, title, source and signing_group, one entry per
        letter; `signature_columns` has letter_id, role and the Signature fields, in printed
        order within each letter and role (letters may interleave); `issue_columns` has the
        issue columns.
        """
        letter_ids = pd.Index(_object_array(letter_columns["letter_id"]), dtype=object)
        if not letter_ids.is_unique:
            repeated = letter_ids[letter_ids.duplicated()][0]
            raise InvalidInputError(
                f"letter ids must be unique; {repeated!r} is the id of more than one letter"
            )
        n_letters = len(letter_ids)

        signature_letters = _object_array(signature_columns["letter_id"])
        position = letter_ids.get_indexer(signature_letters).astype(np.int64)
        roles = _object_array(signature_columns["role"])
        rank = (roles == "addressee").astype(np.int64)
        order = np.lexsort((rank, position))
        key = position[order] * 2 + rank[order]

        signatures: dict[str, Any] = {
            "letter_id": pd.Series(signature_letters[order], dtype=object),
            "role": pd.Series(roles[order], dtype=object),
            "order": _positions_by_group(key),
        }
        for name in SIGNATURE_FIELDS:
            values = signature_columns[name]
            if name == "line":
                signatures[name] = pd.array(
                    [pd.NA if v is None or v is pd.NA else v for v in values], dtype="Int64"
                )[order]
            else:
                signatures[name] = pd.Series(_object_array(values)[order], dtype=object)
        names = signatures["name"].to_numpy()
        kinds = signatures["kind"].to_numpy()
        signatures["actor_id"] = pd.Series(_actor_ids(names, kinds), dtype=object)
        signature_table = pd.DataFrame(signatures, columns=list(SIGNATURE_COLUMNS))

        issue_letters = _object_array(issue_columns["letter_id"])
        issue_position = letter_ids.get_indexer(issue_letters).astype(np.int64)
        issue_order = np.argsort(issue_position, kind="stable")
        issue_table = pd.DataFrame(
            {
                "letter_id": pd.Series(issue_letters[issue_order], dtype=object),
                "line": np.asarray(list(issue_columns["line"]), dtype=np.int64)[issue_order],
                "text": pd.Series(_object_array(issue_columns["text"])[issue_order], dtype=object),
                "reason": pd.Series(
                    _object_array(issue_columns["reason"])[issue_order], dtype=object
                ),
            },
            columns=list(ISSUE_COLUMNS),
        )

        sorted_position = position[order]
        is_signatory = rank[order] == 0
        letters = pd.DataFrame(
            {
                "letter_id": pd.Series(letter_ids.to_numpy(), dtype=object),
                "title": _object_series(letter_columns["title"]),
                "date": _object_series(letter_columns["date"]),
                "source": _object_series(letter_columns["source"]),
                "n_signatories": np.bincount(
                    sorted_position[is_signatory], minlength=n_letters
                ).astype(np.int64),
                "n_addressees": np.bincount(
                    sorted_position[~is_signatory], minlength=n_letters
                ).astype(np.int64),
                "signing_group": _object_series(letter_columns["signing_group"]),
                "n_issues": np.bincount(issue_position, minlength=n_letters).astype(np.int64),
            },
            columns=list(LETTER_COLUMNS),
        )
        self = cls.__new__(cls)
        self._letters = letters
        self._signatures = signature_table
        self._issues = issue_table
        self._records = records
        return self

    # ------------------------------------------------------------ tables

    @property
    def letters(self) -> pd.DataFrame:
        """One row per letter, in order.

        Columns ``letter_id, title, date, source, n_signatories, n_addressees,
        signing_group, n_issues``; ``date`` holds :class:`datetime.date` or None, ``source``
        the file the letter was read from.
        """
        return self._letters.copy(deep=_copy_needed())

    @property
    def signatures(self) -> pd.DataFrame:
        """One row per signature: who signed (or was addressed by) which letter.

        Columns ``letter_id, role`` (``"signatory"`` or ``"addressee"``), ``order`` (0-based
        within the letter and role), every Signature field (``raw, name, honorifics,
        position, organisation, country, party, descriptor, kind, group, line``) and
        ``actor_id``. Rows are grouped by letter: signatories, then addressees.
        """
        return self._signatures.copy(deep=_copy_needed())

    @property
    def issues(self) -> pd.DataFrame:
        """The lines the parser could not read: ``letter_id, line, text, reason``."""
        return self._issues.copy(deep=_copy_needed())

    @property
    def sources(self) -> pd.DataFrame:
        """Every file :func:`~cosignet.read_letters` met: read, skipped or refused, and why.

        Columns ``path`` (as given), ``format`` (``text``, ``markdown``, ``html``, ``pdf``,
        ``docx``, ``csv``, ``json``, ``jsonl``, ``yaml``; for a skipped file its suffix),
        ``status`` (``read``, ``skipped``: not a format cosignet reads, hidden, a symbolic
        link not followed or leading nowhere, a named pipe, socket or device, a path already
        read; ``refused``: a document without text, such as a scanned PDF), ``reason``
        (None for a plain read), ``letters`` and ``signatures`` (how many the file gave).
        Empty for a corpus not read from files; :meth:`resolve` keeps it.
        """
        if self._sources is None:
            return pd.DataFrame(
                {name: pd.Series(dtype=object if name in ("path", "format", "status", "reason")
                                 else np.int64) for name in _SOURCE_COLUMNS}
            )  # fmt: skip
        return self._sources.copy()

    @cached_property
    def _actors(self) -> pd.DataFrame:
        return _actor_table(self._signatures, self._letters)

    @property
    def actors(self) -> pd.DataFrame:
        """One row per actor, indexed by ``actor_id``, in order of first appearance.

        Columns: ``name`` (the most common printed name), ``kind``, ``country``,
        ``organisation`` and ``party`` (the most common among the actor's signatures, None if
        never given), ``n_letters`` (letters signed; addressing does not count), ``first_date`` and
        ``last_date`` (of the dated letters signed, else None) and ``aliases`` (every distinct
        printed name, in order of appearance). Addressees are actors too, with
        ``n_letters`` 0 unless they also signed.
        """
        return self._actors.copy(deep=_copy_needed())

    @property
    def resolution(self) -> pd.DataFrame:
        """The decisions of :meth:`resolve`, for review; empty before resolution.

        One row per pair of printed forms merged (``decision`` ``"merged"``), then one per
        near miss not merged (``"candidate"``, one row per pair of actors, best first): what
        to check, and merge with one alias row if right. Columns ``actor_id, decision,
        form_a, form_b, country_a, country_b, name_score, score, evidence, rule, reason,
        actor_id_b``: ``rule`` says how the names differ ("spelling variant", "middle
        initial", "near miss: one name differs"...), ``evidence`` what supported the pair
        ("same country", "same handle @x"...), ``reason`` why a candidate was not merged.
        """
        return _empty_resolution() if self._resolution is None else self._resolution.copy()

    def resolve(self, threshold: float = 0.9, aliases: Any = None) -> Corpus:
        """Return a new corpus in which each signer written differently is one actor.

        Names are normalised (Unicode NFKC, case, diacritics and German transliteration,
        titles, post-nominals, nicknames in quotes, peerage designations, hyphens and
        apostrophes) and compared by rules that name the kind of difference: what typing and
        transliteration do to one name (a doubled, swapped or dropped letter in a long name,
        an umlaut typed "ue") merges on the name alone, as do a middle initial and a Hong Kong
        name without its Chinese given name; an initial, a name more or a surname alone need
        evidence (the same country, organisation, title or peerage); a near miss (another
        surname that shares letters, a Chinese syllable, a short name) never merges by score.
        Handles, profile links and e-mails merge what they share and keep apart what differs.
        Merges are made in decreasing order of score, never joining two signatures of one
        letter, two different countries (of those the lexicon knows), two different handles,
        a pair the aliases forbid, or a form that fits two people kept apart (it is
        ambiguous); alias-forced pairs are merged first. See ``docs/methods.md``.

        Parameters
        ----------
        threshold : float
            Score in (0, 1] at which two forms are the same actor (default 0.9; lower
            merges more, with lower precision).
        aliases : path, DataFrame or list of dict, optional
            A CSV or JSON file (or table) with columns ``name_a, name_b, rule``; rule
            ``same`` forces a merge, ``different`` forbids one. Aliases win over scores and
            countries; a ``different`` row wins over ``same`` rows (A=B, B=C and A≠C keep A
            and C apart), and two signatures of one letter are never one actor: a ``same``
            row refused for either reason warns, naming it. Names match as printed or
            normalised, with or without titles ("Lord Alton of Liverpool", "David Alton");
            a row that matches no signature warns.

        Returns
        -------
        Corpus
            With new ``actor_id`` values in :attr:`signatures` and :attr:`actors`, and every
            merge and every near miss not merged listed in :attr:`resolution`.

        Examples
        --------
        >>> import cosignet as cs
        >>> corpus = cs.Corpus.from_frame(
        ...     pd.DataFrame({
        ...         "letter": ["L1", "L1", "L2", "L2"],
        ...         "signer": ["Iain Duncan-Smith", "Karen Andrews",
        ...                    "Iain Duncan Smith", "Kevin Andrews"],
        ...         "country": ["United Kingdom", "Australia", "UK", "Australia"],
        ...     }),
        ...     letter="letter", signer="signer", country="country",
        ... ).resolve()
        >>> corpus.actors[["name", "n_letters"]]
                                         name  n_letters
        actor_id
        person:iain duncan smith   Iain Duncan-Smith          2
        person:karen andrews           Karen Andrews          1
        person:kevin andrews           Kevin Andrews          1
        >>> corpus.resolution[["decision", "form_a", "form_b", "rule"]]
          decision             form_a             form_b                  rule
        0   merged  Iain Duncan-Smith  Iain Duncan Smith  same normalised name

        A near miss is listed, not merged; one alias row merges it:

        >>> pair = cs.Corpus.from_frame(
        ...     pd.DataFrame({"letter": ["L1", "L2"], "signer": ["Isla Barker", "Isla Parker"]}),
        ...     letter="letter", signer="signer",
        ... )
        >>> row = pair.resolve().resolution.iloc[0]
        >>> row.decision, row.rule
        ('candidate', 'near miss: one name differs')
        >>> alias = [{"name_a": "Isla Barker", "name_b": "Isla Parker", "rule": "same"}]
        >>> pair.resolve(aliases=alias).actors.index.tolist()
        ['person:isla barker']
        """
        actor_ids, resolution = resolve_signatures(self._signatures, threshold, aliases)
        resolved = self.__class__.__new__(self.__class__)
        resolved._letters = self._letters
        resolved._issues = self._issues
        resolved._records = self._records
        signatures = self._signatures.copy()
        signatures["actor_id"] = pd.Series(actor_ids, index=signatures.index, dtype=object)
        resolved._signatures = signatures
        resolved._resolution = resolution
        resolved._sources = self._sources
        return resolved

    @property
    def letter_records(self) -> tuple[Letter, ...]:
        """The letters as :class:`~cosignet.Letter` records, ids assigned."""
        if self._records is None:
            with _gc_paused():
                self._records = _records_from_tables(self._letters, self._signatures, self._issues)
        return self._records

    def __len__(self) -> int:
        return len(self._letters)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Corpus):
            return NotImplemented
        return bool(
            self._letters.equals(other._letters)
            and self._signatures.equals(other._signatures)
            and self._issues.equals(other._issues)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        roles = self._signatures["role"].to_numpy()
        n_signatories = int(np.count_nonzero(roles == "signatory"))
        n_actors = int(self._signatures["actor_id"].nunique())
        text = (
            f"<cosignet.Corpus: {len(self):,} letters, {len(roles):,} signatures "
            f"({n_signatories:,} signatories, {len(roles) - n_signatories:,} addressees), "
            f"{n_actors:,} actors"
        )
        if len(self._issues):
            text += f", {len(self._issues):,} issues"
        return text + ">"

    # ------------------------------------------------------------ networks and files

    def incidence(self) -> Bipartite:
        """Return the two-mode network: letters x actors, an entry for each signatory.

        Rows are every letter (labelled by ``letter_id``, in order; a letter without
        signatories is an empty row), columns the actors who signed at least one letter
        (labelled by ``actor_id``, in the order of :attr:`actors`). Addressees are left out.

        Returns
        -------
        Bipartite

        Raises
        ------
        InvalidInputError
            When the corpus has no signatories at all.

        Warns
        -----
        CosignetWarning
            When an actor signed a letter more than once: the signature counts once.

        Examples
        --------
        >>> import pandas as pd, cosignet as cs
        >>> df = pd.DataFrame({"letter": ["L1", "L1", "L2"], "name": ["Ann", "Bob", "Ann"]})
        >>> B = cs.Corpus.from_frame(df, letter="letter", signer="name").incidence()
        >>> B
        <cosignet.Bipartite: 2 letters x 2 actors, 3 signatures>
        >>> B.project().edges
               source      target  weight
        0  person:ann  person:bob     1.0
        """
        signatures = self._signatures
        signed = signatures[signatures["role"].to_numpy() == "signatory"]
        if signed.empty:
            raise InvalidInputError(
                "the corpus has no signatories, so its incidence (letters x actors) would be empty"
            )
        letter_labels = pd.Index(self._letters["letter_id"].to_numpy(), dtype=object)
        actors = self._actors
        actor_labels = pd.Index(actors.index[actors["n_letters"].to_numpy() > 0], dtype=object)
        rows = letter_labels.get_indexer(signed["letter_id"].to_numpy()).astype(np.int64)
        cols = actor_labels.get_indexer(signed["actor_id"].to_numpy()).astype(np.int64)
        keys = rows * len(actor_labels) + cols
        unique_keys, first = np.unique(keys, return_index=True)
        if len(unique_keys) < len(keys):
            repeated = np.setdiff1d(np.arange(len(keys)), first)[0]
            warnings.warn(
                f"{len(keys) - len(unique_keys)} signatures repeat an actor on the same letter "
                f"(first: {signed['actor_id'].iloc[repeated]!r} on "
                f"{signed['letter_id'].iloc[repeated]!r}); each actor counts once per letter",
                CosignetWarning,
                stacklevel=2,
            )
        matrix = sp.csr_array(
            (
                np.ones(len(unique_keys)),
                (unique_keys // len(actor_labels), unique_keys % len(actor_labels)),
            ),
            shape=(len(letter_labels), len(actor_labels)),
        )
        letters = self._letters.set_index("letter_id")
        letters.index = letter_labels
        return Bipartite(
            matrix, letter_labels, actor_labels, letters=letters, actors=actors.loc[actor_labels]
        )

    def to_json(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """Write the corpus in the JSON corpus format (``docs/formats.md``), or return it.

        The file holds every letter with all its fields, signatures and issues, so
        :meth:`read_json` gives back an equal corpus (text is written as UTF-8, not escaped).
        The write is atomic: the text goes to a temporary file beside `path`, flushed to disk
        and renamed over `path`, so a failed write leaves the previous file as it was.

        Parameters
        ----------
        path : str or path-like, optional
            Where to write. Without it, the JSON text is returned.

        Returns
        -------
        str or None
            The JSON text when `path` is None.

        Raises
        ------
        OSError
            When the file cannot be written (``FileNotFoundError`` for a missing folder,
            ``PermissionError``, ...); nothing is left behind.

        Examples
        --------
        >>> import cosignet as cs
        >>> corpus = cs.Corpus([cs.Letter(id="L1", signatories=(cs.Signature("Ann", "Ann"),))])
        >>> print(corpus.to_json()[:75])
        {
          "format": "cosignet-corpus",
          "version": 1,
          "letters": [
            {
        """
        target = None if path is None else _path_text(path, "path")
        with _gc_paused():
            document = {"letters": self._document_letters()}
            if target is None:
                return _core.format_corpus_json(document)
            _core.write_corpus_json(document, target)
        return None

    def _document_letters(self) -> list[dict[str, Any]]:
        """Return the letters as the dicts the core writes."""
        signatures = self._signatures
        columns = {name: signatures[name].tolist() for name in SIGNATURE_FIELDS}
        columns["line"] = [None if v is pd.NA else int(v) for v in signatures["line"]]
        records = [
            dict(zip(SIGNATURE_FIELDS, row, strict=True))
            for row in zip(*columns.values(), strict=True)
        ]
        if self._resolution is not None:  # a resolved corpus keeps its actors (version 2)
            for record, actor in zip(records, signatures["actor_id"].tolist(), strict=True):
                record["actor_id"] = actor
        issues = self._issues
        issue_records = [
            {"line": int(line), "text": text, "reason": reason}
            for line, text, reason in zip(
                issues["line"], issues["text"], issues["reason"], strict=True
            )
        ]
        letters = self._letters
        out: list[dict[str, Any]] = []
        start = 0
        issue_start = 0
        for row in letters.itertuples(index=False):
            middle = start + int(row.n_signatories)
            end = middle + int(row.n_addressees)
            issue_end = issue_start + int(row.n_issues)
            out.append(
                {
                    "id": row.letter_id,
                    "title": row.title,
                    "date": row.date.isoformat() if row.date is not None else None,
                    "source": row.source,
                    "signing_group": row.signing_group,
                    "addressees": records[middle:end],
                    "signatories": records[start:middle],
                    "issues": issue_records[issue_start:issue_end],
                }
            )
            start, issue_start = end, issue_end
        return out


# ------------------------------------------------------------------ building blocks


def _numbered(
    letters: list[str], roles: list[str], signatures: list[dict[str, Any]]
) -> Iterator[tuple[str, str, int, dict[str, Any]]]:
    """Yield (letter, role, position within letter and role, signature)."""
    counts: dict[tuple[str, str], int] = {}
    for letter, role, signature in zip(letters, roles, signatures, strict=True):
        n = counts.get((letter, role), 0)
        counts[(letter, role)] = n + 1
        yield letter, role, n, signature


def _path_text(path: Any, name: str) -> str:
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise InvalidInputError(f"{name} must be a file path, got {type(path).__name__}")
    return os.fsdecode(path)


def _check_text(value: Any, where: str, optional: bool = True) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        expected = "str or None" if optional else "str"
        raise InvalidInputError(f"{where} must be {expected}, got {type(value).__name__}")


def _check_signature(signature: Any, where: str) -> None:
    if not isinstance(signature, Signature):
        raise InvalidInputError(
            f"{where} must be a cosignet.Signature, got {type(signature).__name__}"
        )
    _check_text(signature.raw, f"{where}.raw", optional=False)
    _check_text(signature.name, f"{where}.name", optional=False)
    honorifics = signature.honorifics
    if not isinstance(honorifics, (tuple, list)) or not all(isinstance(h, str) for h in honorifics):
        raise InvalidInputError(f"{where}.honorifics must be a tuple of str, got {honorifics!r}")
    for name in _TEXT_SIGNATURE_FIELDS:
        _check_text(getattr(signature, name), f"{where}.{name}")
    if signature.kind not in _KINDS:
        raise InvalidInputError(
            f"{where}.kind must be 'person' or 'organisation', got {signature.kind!r}"
        )
    line = signature.line
    if line is not None and (isinstance(line, bool) or not isinstance(line, (int, np.integer))):
        raise InvalidInputError(f"{where}.line must be an int or None, got {line!r}")


def _check_letter(letter: Letter, where: str) -> None:
    if letter.id is not None and (not isinstance(letter.id, str) or not letter.id):
        raise InvalidInputError(f"{where}.id must be a non-empty str or None, got {letter.id!r}")
    for name in _LETTER_FIELDS:
        _check_text(getattr(letter, name), f"{where}.{name}")
    if letter.date is not None and not isinstance(letter.date, dt.date):
        raise InvalidInputError(
            f"{where}.date must be a datetime.date or None, got {letter.date!r}"
        )
    for role in ("signatories", "addressees"):
        for position, signature in enumerate(getattr(letter, role)):
            _check_signature(signature, f"{where}.{role}[{position}]")
    for position, issue in enumerate(letter.issues):
        at = f"{where}.issues[{position}]"
        if not isinstance(issue, ParseIssue):
            raise InvalidInputError(
                f"{at} must be a cosignet.ParseIssue, got {type(issue).__name__}"
            )
        if isinstance(issue.line, bool) or not isinstance(issue.line, (int, np.integer)):
            raise InvalidInputError(f"{at}.line must be an int, got {issue.line!r}")
        _check_text(issue.text, f"{at}.text", optional=False)
        _check_text(issue.reason, f"{at}.reason", optional=False)


def _assign_ids(letters: list[Letter]) -> tuple[Letter, ...]:
    """Give ids to letters without: "letter-1", "letter-2", ..., skipping taken ids.

    Datetimes in ``date`` become dates.
    """
    taken = {letter.id for letter in letters if letter.id is not None}
    counter = 0
    out: list[Letter] = []
    for letter in letters:
        changes: dict[str, Any] = {}
        if letter.id is None:
            counter += 1
            while f"letter-{counter}" in taken:
                counter += 1
            changes["id"] = f"letter-{counter}"
        if isinstance(letter.date, dt.datetime):
            changes["date"] = letter.date.date()
        out.append(replace(letter, **changes) if changes else letter)
    return tuple(out)


def _actor_ids(names: npt.NDArray[Any], kinds: npt.NDArray[Any]) -> npt.NDArray[np.object_]:
    """Return actor_key of each (name, kind), computed once per distinct pair."""
    if len(names) == 0:
        return np.empty(0, dtype=object)
    name_codes, name_uniques = pd.factorize(names)
    kind_codes, kind_uniques = pd.factorize(kinds)
    n_kinds = len(kind_uniques)
    codes, pairs = pd.factorize(name_codes.astype(np.int64) * n_kinds + kind_codes)
    keys = _object_array(
        [actor_key(name_uniques[pair // n_kinds], kind_uniques[pair % n_kinds]) for pair in pairs]
    )
    ids: npt.NDArray[np.object_] = keys[codes]
    return ids


def _actor_table(signatures: pd.DataFrame, letters: pd.DataFrame) -> pd.DataFrame:
    """Build the actors table of :attr:`Corpus.actors`."""
    actor_ids = pd.unique(signatures["actor_id"].to_numpy())
    index = pd.Index(_object_array(actor_ids), dtype=object, name="actor_id")
    n = len(index)
    table = pd.DataFrame(index=index)
    if n == 0:
        for column in ACTOR_COLUMNS:
            table[column] = pd.Series(dtype=np.int64 if column == "n_letters" else object)
        return table

    pairs = signatures[["actor_id", "name", "kind", "country", "organisation", "party", "role"]]
    names = _most_common(pairs, "actor_id", "name").reindex(index)
    table["name"] = pd.Series(_object_array(names), index=index, dtype=object)
    kinds = pairs.drop_duplicates("actor_id").set_index("actor_id")["kind"].reindex(index)
    table["kind"] = pd.Series(_object_array(kinds), index=index, dtype=object)
    for column in ("country", "organisation", "party"):
        best = _most_common(pairs, "actor_id", column).reindex(index)
        table[column] = pd.Series(
            [None if _is_missing(v) else v for v in best], index=index, dtype=object
        )

    signed = signatures[signatures["role"].to_numpy() == "signatory"]
    n_letters = signed.groupby("actor_id", sort=False)["letter_id"].nunique()
    table["n_letters"] = n_letters.reindex(index, fill_value=0).to_numpy(dtype=np.int64)

    dates = letters.set_index("letter_id")["date"]
    signed_dates = dates.reindex(signed["letter_id"].to_numpy()).to_numpy()
    dated = np.fromiter((d is not None for d in signed_dates), dtype=bool, count=len(signed_dates))
    ordinals = pd.Series(
        [d.toordinal() for d in signed_dates[dated]],
        index=signed["actor_id"].to_numpy()[dated],
        dtype=np.int64,
    )
    grouped = ordinals.groupby(level=0, sort=False)
    for column, values in (("first_date", grouped.min()), ("last_date", grouped.max())):
        full = values.reindex(index)
        table[column] = pd.Series(
            [None if pd.isna(v) else dt.date.fromordinal(int(v)) for v in full],
            index=index,
            dtype=object,
        )

    # Distinct names per actor in order of appearance, grouped by one stable sort (a groupby
    # unique() runs Python per actor: 11 s for 90,000 actors).
    named = signatures[["actor_id", "name"]].drop_duplicates()
    owner = index.get_indexer(named["actor_id"].to_numpy())
    order = np.argsort(owner, kind="stable")
    names = named["name"].to_numpy(dtype=object)[order]
    counts = np.bincount(owner, minlength=n)
    ends = np.cumsum(counts)
    starts = ends - counts
    table["aliases"] = pd.Series(
        _object_array(tuple(names[a:b].tolist()) for a, b in zip(starts, ends, strict=True)),
        index=index,
        dtype=object,
    )
    return table[list(ACTOR_COLUMNS)]


def _records_from_tables(
    letters: pd.DataFrame, signatures: pd.DataFrame, issues: pd.DataFrame
) -> tuple[Letter, ...]:
    """Letter records rebuilt from the tables (they hold everything a Letter does)."""
    columns = [signatures[name].tolist() for name in SIGNATURE_FIELDS]
    line_index = SIGNATURE_FIELDS.index("line")
    columns[line_index] = [None if v is pd.NA else int(v) for v in columns[line_index]]
    records = [Signature(*row) for row in zip(*columns, strict=True)]
    issue_records = [
        ParseIssue(int(line), text, reason)
        for line, text, reason in zip(issues["line"], issues["text"], issues["reason"], strict=True)
    ]
    out: list[Letter] = []
    start = 0
    issue_start = 0
    for row in letters.itertuples(index=False):
        middle = start + int(row.n_signatories)
        end = middle + int(row.n_addressees)
        issue_end = issue_start + int(row.n_issues)
        out.append(
            Letter(
                id=row.letter_id,
                title=row.title,
                date=row.date,
                addressees=tuple(records[middle:end]),
                signatories=tuple(records[start:middle]),
                issues=tuple(issue_records[issue_start:issue_end]),
                signing_group=row.signing_group,
                source=row.source,
            )
        )
        start, issue_start = end, issue_end
    return tuple(out)


# ------------------------------------------------------------------ from_frame helpers


def _frame_column(df: pd.DataFrame, keyword: str, column: Hashable) -> pd.Series:
    """df[column], with errors naming the keyword and the columns df has."""
    try:
        present = column in df.columns
    except TypeError:
        present = False
    if not present:
        available = ", ".join(repr(c) for c in df.columns)
        raise InvalidInputError(
            f"{keyword}={column!r} is not a column of df; its columns are {available}"
        )
    selected = df[column]
    if isinstance(selected, pd.DataFrame):
        raise InvalidInputError(f"{keyword}={column!r} names more than one column of df")
    return selected


def _required_text(
    df: pd.DataFrame, series: pd.Series, keyword: str, column: Hashable
) -> npt.NDArray[np.object_]:
    values = series.to_numpy(dtype=object)
    missing = np.fromiter((_is_missing(v) for v in values), dtype=bool, count=len(values))
    if missing.any():
        position = int(np.flatnonzero(missing)[0])
        raise InvalidInputError(
            f"{keyword} is missing in row {_row_label(df, position)!r} "
            f"(df[{column!r}] is {values[position]!r})"
        )
    return _object_array([_to_text(v) for v in values])


def _optional_text(series: pd.Series) -> npt.NDArray[np.object_]:
    return _object_array(
        [None if _is_missing(v) else _to_text(v) for v in series.to_numpy(dtype=object)]
    )


def _choices(
    df: pd.DataFrame,
    series: pd.Series,
    keyword: str,
    column: Hashable,
    choices: tuple[str, ...],
    default: str,
) -> npt.NDArray[np.object_]:
    values = _optional_text(series)
    for position, value in enumerate(values):
        if value is None:
            values[position] = default
        elif value not in choices:
            allowed = " or ".join(repr(c) for c in choices)
            raise InvalidInputError(
                f"df[{column!r}] ({keyword}) must be {allowed}, got {value!r} in row "
                f"{_row_label(df, position)!r}"
            )
    return values


def _printed_tuple(text: str) -> tuple[str, ...] | None:
    """Read ``"('Rt Hon', 'MP')"``, a tuple as ``DataFrame.to_csv`` prints it, else None."""
    stripped = text.strip()
    if (stripped[:1], stripped[-1:]) not in (("(", ")"), ("[", "]")):
        return None
    try:
        value = ast.literal_eval(stripped)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, str):  # "('MP')" is a parenthesised string
        value = (value,)
    if not isinstance(value, (tuple, list)) or not all(isinstance(v, str) for v in value):
        return None
    return tuple(v.strip() for v in value if v.strip())


def _honorifics(df: pd.DataFrame, series: pd.Series, column: Hashable) -> npt.NDArray[np.object_]:
    out = []
    for position, value in enumerate(series.to_numpy(dtype=object)):
        if isinstance(value, (list, tuple, np.ndarray)):
            out.append(tuple(_to_text(v) for v in value if not _is_missing(v)))
        elif _is_missing(value):
            out.append(())
        elif isinstance(value, str) and (printed := _printed_tuple(value)) is not None:
            out.append(printed)
        elif isinstance(value, str):
            out.append(tuple(part.strip() for part in value.split(";") if part.strip()))
        else:
            raise InvalidInputError(
                f"df[{column!r}] (honorifics) must hold lists or ';'-separated text, got "
                f"{value!r} in row {_row_label(df, position)!r}"
            )
    return _object_array(out)


_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_INT64 = np.iinfo(np.int64)


def _line_numbers(df: pd.DataFrame, series: pd.Series, column: Hashable) -> Any:
    out: list[Any] = []
    for position, value in enumerate(series.to_numpy(dtype=object)):
        if _is_missing(value):
            out.append(pd.NA)
            continue
        number: int | None = None
        if (isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))) or (
            isinstance(value, (float, np.floating)) and float(value).is_integer()
        ):
            number = int(value)
        elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
            number = int(value.strip())  # ASCII digits only: int() refuses "²", accepts "٣"
        if number is None or not _INT64.min <= number <= _INT64.max:
            raise InvalidInputError(
                f"df[{column!r}] (line) must hold whole numbers, got {value!r} in row "
                f"{_row_label(df, position)!r}"
            )
        out.append(number)
    return pd.array(out, dtype="Int64")


def _date_values(
    df: pd.DataFrame, series: pd.Series, column: Hashable, dayfirst: bool | None
) -> npt.NDArray[np.object_]:
    values = series.to_numpy(dtype=object)
    first_row: dict[str, int] = {}  # each distinct text once, at its first row
    for position, value in enumerate(values):
        if isinstance(value, str) and value not in first_row:
            first_row[value] = position
    day_first, guessed = numeric_day_first(
        ((_row_label(df, row), text) for text, row in first_row.items()),
        dayfirst,
        f"df[{column!r}]",
    )
    if guessed is not None:
        warn_user(guessed)
    cache: dict[Any, dt.date | None] = {}
    out = np.empty(len(values), dtype=object)
    for position, value in enumerate(values):
        try:
            parsed = cache[value]
        except KeyError:
            try:
                parsed = _to_date(value, day_first)
            except ValueError:
                raise InvalidInputError(
                    f"df[{column!r}] (date) in row {_row_label(df, position)!r}: cannot read "
                    f"{value!r} as a date"
                ) from None
            cache[value] = parsed
        except TypeError:  # unhashable
            raise InvalidInputError(
                f"df[{column!r}] (date) in row {_row_label(df, position)!r}: cannot read "
                f"{value!r} as a date"
            ) from None
        out[position] = parsed
    return out


def _per_letter(
    df: pd.DataFrame,
    codes: npt.NDArray[np.intp],
    values: npt.NDArray[np.object_],
    letter_ids: Any,
    keyword: str,
    column: Hashable,
) -> list[Any]:
    """Return the one value each letter has in `values`; refuse rows that disagree."""
    out: list[Any] = [None] * len(letter_ids)
    seen_at: list[int] = [-1] * len(letter_ids)
    for position, (code, value) in enumerate(zip(codes, values, strict=True)):
        if value is None:
            continue
        if seen_at[code] < 0:
            out[code] = value
            seen_at[code] = position
        elif out[code] != value:
            raise InvalidInputError(
                f"letter {letter_ids[code]!r} has conflicting {keyword} values in "
                f"df[{column!r}]: {_display(out[code])!r} (row "
                f"{_row_label(df, seen_at[code])!r}) and {_display(value)!r} (row "
                f"{_row_label(df, position)!r})"
            )
    return out


def _sources_per_letter(
    codes: npt.NDArray[np.intp], values: npt.NDArray[np.object_], n_letters: int
) -> tuple[list[Any], npt.NDArray[np.object_]]:
    """Split sources: a letter's is the one its rows share; rows that differ keep their own.

    Return the letters' sources and the signatures' (None where the letter's says it all).
    """
    sources: list[Any] = [None] * n_letters
    mixed = np.zeros(n_letters, dtype=bool)
    for code, value in zip(codes, values, strict=True):
        if value is None or mixed[code]:
            continue
        if sources[code] is None:
            sources[code] = value
        elif sources[code] != value:
            mixed[code] = True
    rows = mixed[codes] if len(codes) else np.zeros(0, dtype=bool)
    own = _object_array([], len(values))
    own[rows] = values[rows]
    return [None if m else s for s, m in zip(sources, mixed, strict=True)], own


def _display(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
