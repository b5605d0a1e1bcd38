"""Reading users' files safely: regular files only, every read bounded, strict JSON and CSV.

Every place that opens a path a user gave goes through :func:`read_user_file`, and every
table or JSON text a user gave through :func:`read_csv_table` or :func:`load_json`:

- only regular files are opened: a named pipe (which would block), a socket or a device
  (``/dev/zero`` never ends) is refused, naming the file, before it is opened; the opened
  descriptor is checked again (``fstat``) so a file swapped in between is refused too;
- a read stops at the memory the file may take, counting the bytes actually read, not the
  size the file claims (``/proc`` files claim 0 bytes);
- JSON refuses what the standard does not allow or leaves undefined: a key repeated in one
  object (which readers resolve differently) and ``NaN``/``Infinity``, naming the file,
  line, column and byte;
- a CSV row with more fields than its header (which would shift every column) is refused,
  naming its line; one with fewer warns; a header naming a column twice is refused; rows
  are labelled by the line they start on in the file, blank lines and multi-line quoted cells
  included.
"""

from __future__ import annotations

import csv
import io
import json
import json.decoder
import json.scanner
import os
import stat
import sys
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet import _memory
from cosignet._memory import READ_EXPANSION, human_bytes
from cosignet.errors import CosignetWarning, InvalidInputError, ParseError, TooLargeError

__all__ = [
    "decode_utf8",
    "file_type",
    "load_json",
    "read_csv_table",
    "read_user_file",
    "text_position",
    "warn_user",
]

_CHUNK = 1 << 20
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check must not block
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def warn_user(message: str) -> None:
    """Warn with :class:`CosignetWarning`, pointing at the first caller outside cosignet."""
    frame = sys._getframe(0)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    warnings.warn(message, CosignetWarning, stacklevel=level)


# ------------------------------------------------------------------ files


def file_type(mode: int) -> str:
    """Name the type of a file from its ``st_mode``: ``"a named pipe (FIFO)"``, ..."""
    for test, name in (
        (stat.S_ISREG, "a regular file"),
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _refuse_special(mode: int, source: str) -> None:
    if not stat.S_ISREG(mode):
        raise InvalidInputError(
            f"{source}: {file_type(mode)}, not a regular file; cosignet reads regular files only"
        )


def read_user_file(
    path: str | os.PathLike[str],
    source: str,
    kind: str,
    *,
    follow_links: bool = True,
    identity: tuple[int, int] | None = None,
) -> bytes:
    """Return the bytes of the regular file at `path`, read with a bound.

    Parameters
    ----------
    path : path
        The file.
    source : str
        How messages name the file (the path as the user gave it).
    kind : str
        A key of :data:`cosignet._memory.READ_EXPANSION`: the file may take at most the memory
        available divided by that factor.
    follow_links : bool
        Whether `path` may be a symbolic link (to a regular file).
    identity : (st_dev, st_ino), optional
        The file found earlier (by a folder walk); another file at `path` now is refused.

    Raises
    ------
    InvalidInputError
        When `path` is not a regular file (a FIFO, socket, device or folder; a link when
        `follow_links` is false), or was replaced between the check and the opening.
    TooLargeError
        When the file claims, or turns out when read, to be larger than the bound.
    OSError
        When it cannot be opened or read (``FileNotFoundError``, ``PermissionError``, ...).
    """
    # Check before opening: opening a device can have effects (a tape rewinds, a watchdog
    # starts), and opening a FIFO for reading blocks until a writer comes.
    before = os.stat(path) if follow_links else os.lstat(path)
    _refuse_special(before.st_mode, source)
    try:
        fd = os.open(path, _OPEN_FLAGS | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0)))
    except OSError:
        if not follow_links and os.path.islink(path):
            raise InvalidInputError(
                f"{source}: became a symbolic link after it was found; it is not followed"
            ) from None
        raise
    with os.fdopen(fd, "rb", buffering=0) as file:
        opened = os.fstat(fd)  # the file actually opened, whatever the path names now
        _refuse_special(opened.st_mode, source)
        expected = identity or (before.st_dev, before.st_ino)
        if (opened.st_dev, opened.st_ino) != expected:
            raise InvalidInputError(
                f"{source}: the file was replaced while it was being opened; not read"
            )
        limit = _memory.available_bytes() // READ_EXPANSION[kind]
        if opened.st_size > limit:
            raise _too_large(source, opened.st_size, kind)
        parts = [file.read(opened.st_size + 1)]  # one byte more shows a file longer than it says
        total = len(parts[0])
        while parts[-1]:
            if total > limit:
                raise _too_large(source, total, kind, read=True)
            chunk = file.read(min(_CHUNK, limit + 1 - total))
            total += len(chunk)
            parts.append(chunk)
    return parts[0] if len(parts) <= 2 else b"".join(parts)


def decode_utf8(data: bytes, source: str) -> str:
    """Decode UTF-8 (dropping a byte order mark); ParseError naming the byte and line if not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ParseError(
            f"{source}: not valid UTF-8: byte 0x{data[error.start]:02x} at offset "
            f"{error.start} (line {line}) ({error.reason}); save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _too_large(source: str, size: int, kind: str, read: bool = False) -> TooLargeError:
    needed = size * READ_EXPANSION[kind]
    available = _memory.available_bytes()
    what = f"more than {human_bytes(size)} read so far" if read else human_bytes(size)
    return TooLargeError(
        f"{source}: {what}; reading it needs about {human_bytes(needed)} of memory, more than "
        f"the {human_bytes(available)} available; split it into smaller files (read_letters "
        "reads a folder of them)"
    )


# ------------------------------------------------------------------ JSON


def text_position(text: str, offset: int) -> tuple[int, int, int]:
    """Return the 1-based line and column and the 0-based byte offset of ``text[offset]``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column, len(text[:offset].encode("utf-8", "surrogatepass"))


def _where(text: str, offset: int) -> str:
    line, column, byte = text_position(text, offset)
    return f"line {line}, column {column} (byte {byte})"


class _RefusedError(Exception):
    """A duplicate key or a non-standard constant, found by the fast parser."""


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RefusedError
    return result


def _refuse_constant(name: str) -> Any:
    raise _RefusedError


def load_json(text: str, source: str, *, allow_constants: bool = False) -> Any:
    """Parse JSON `text`, refusing repeated keys and (unless allowed) NaN and Infinity.

    Parameters
    ----------
    text : str
        The JSON text.
    source : str
        How messages name the file.
    allow_constants : bool
        Accept ``NaN``, ``Infinity`` and ``-Infinity`` (not JSON, but Python writes them).

    Raises
    ------
    ParseError
        On malformed JSON, a key given twice in one object, ``NaN``/``Infinity`` or nesting
        deeper than Python's recursion limit, naming `source`, the line, column and byte.
    """
    constant: Callable[[str], Any] | None = None if allow_constants else _refuse_constant
    try:
        return json.loads(text, object_pairs_hook=_unique_object, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise ParseError(
            f"{source}: malformed JSON at {_where(text, error.pos)}: {error.msg}"
        ) from None
    except RecursionError:
        raise ParseError(
            f"{source}: the JSON is nested too deeply to read (Python's limit is about "
            "1,000 levels)"
        ) from None
    except _RefusedError:
        pass
    message = _locate(text, allow_constants)
    raise ParseError(f"{source}: {message}")


def _key_start(text: str, value_start: int) -> int:
    """Return the offset of the opening quote of the key whose value starts at `value_start`."""
    at = text.rindex(":", 0, value_start)
    at = text.rindex('"', 0, at)  # the key's closing quote
    while True:  # the opening quote is the first one before it not escaped by a backslash
        at = text.rindex('"', 0, at)
        slashes = 0
        while text[at - 1 - slashes] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            return at


def _locate(text: str, allow_constants: bool) -> str:
    """Parse again with the pure-Python scanner, keeping positions, to say where and what."""
    last = [len(text) - len(text.lstrip())]  # where the value being read starts

    def tracked(scan_once: Callable[[str, int], Any], starts: list[int]) -> Any:
        def scan(s: str, idx: int) -> Any:
            last[0] = idx
            starts.append(idx)
            return scan_once(s, idx)

        return scan

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any, *rest: Any) -> Any:
        starts: list[int] = []

        def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            seen: set[str] = set()
            for index, (key, _) in enumerate(pairs):
                if key in seen:
                    at = _where(text, _key_start(text, starts[index]))
                    raise _FoundError(
                        f"the key {key!r} is repeated in one object at {at}; a key may appear "
                        "once in an object"
                    )
                seen.add(key)
            return dict(pairs)

        object_hook, _, memo = rest
        return json.decoder.JSONObject(  # type: ignore[attr-defined]
            s_and_end, strict, tracked(scan_once, starts), object_hook, pairs_hook, memo
        )

    def parse_array(s_and_end: tuple[str, int], scan_once: Any) -> Any:
        return json.decoder.JSONArray(s_and_end, tracked(scan_once, []))  # type: ignore[attr-defined]

    def parse_constant(name: str) -> Any:
        if allow_constants:
            return float(name)
        raise _FoundError(f"{name} at {_where(text, last[0])} is not a JSON value (RFC 8259)")

    decoder = json.JSONDecoder(parse_constant=parse_constant)
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.parse_array = parse_array  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except _FoundError as found:
        return str(found)
    except RecursionError:
        pass
    return "a key is repeated in one object, or NaN or Infinity is used (neither is JSON)"


class _FoundError(Exception):
    """What :func:`_locate` found, with its place."""


# ------------------------------------------------------------------ CSV


def read_csv_table(data: bytes, text: str, source: str) -> pd.DataFrame:
    """Read a CSV table, every cell as text; rows are labelled by the line they start on.

    `data` is the file's bytes and `text` the same decoded (without a byte order mark).
    Only empty cells are missing. Refuses (``ParseError``) a header that names a column twice
    (ignoring case and surrounding spaces) and a row with more fields than the header, naming
    the line; warns about rows with fewer fields (their last cells are empty).
    """
    layout = _layout(data)
    if layout is None:
        layout = _layout_by_csv_module(text, source)
    header, header_line, lines, fields = layout
    _check_header(header, header_line, source)
    _check_fields(header, header_line, lines, fields, source)
    try:
        df = pd.read_csv(
            io.BytesIO(data),
            dtype=object,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8-sig",
            index_col=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise ParseError(f"{source}: cannot read the CSV table: {error}") from None
    if len(df) != len(lines):  # seen only with lone carriage returns beside line feeds
        raise ParseError(
            f"{source}: cannot tell where its rows end (it mixes line endings: carriage "
            f"returns alone and line feeds); save the file with one kind of line ending"
        )
    df.index = pd.Index(lines)
    return df


_Layout = tuple[list[str], int, npt.NDArray[np.int64], npt.NDArray[np.int64]]


def _layout(data: bytes) -> _Layout | None:
    """Header, its line, and each row's first line and field count, by vectorised scanning.

    A comma or line break counts when an even number of quotes precede it (RFC 4180 quoting).
    Returns None when that model may not hold (a lone carriage return, unbalanced quotes, or
    any row whose count is off, which the exact reader then confirms or not).
    """
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    buf = np.frombuffer(data, dtype=np.uint8)[start:]
    returns = np.flatnonzero(buf == ord("\r"))
    if len(returns) and (returns[-1] == len(buf) - 1 or (buf[returns + 1] != ord("\n")).any()):
        return None  # a lone carriage return ends a line too: leave it to the csv module
    quotes = np.flatnonzero(buf == ord('"'))
    if len(quotes) % 2 or not _quotes_well_placed(buf, quotes):
        return None
    newlines = np.flatnonzero(buf == ord("\n"))
    commas = np.flatnonzero(buf == ord(","))
    if len(quotes):  # a comma or line break inside quotes is text
        ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
        commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
    else:
        ends = newlines
    if len(buf) and (len(ends) == 0 or ends[-1] != len(buf) - 1):
        ends = np.append(ends, len(buf))  # the last record has no line break
    begins = np.r_[0, ends[:-1] + 1].astype(np.int64)
    n_fields = np.diff(np.searchsorted(commas, ends), prepend=0) + 1
    blank = np.zeros(len(ends), dtype=bool)
    short = np.flatnonzero(n_fields == 1)  # only one-field records can be blank
    for record in short.tolist():
        blank[record] = not bytes(buf[begins[record] : ends[record]]).strip(b" \t\r")
    kept = np.flatnonzero(~blank)
    if len(kept) == 0:
        return None
    first_lines = np.searchsorted(newlines, begins) + 1  # 1-based line of each record
    head = kept[0]
    header_bytes = bytes(buf[begins[head] : ends[head]]).rstrip(b"\r")
    header = next(csv.reader([header_bytes.decode("utf-8", "replace")]), [])
    rows = kept[1:]
    fields = n_fields[rows].astype(np.int64)
    if len(header) != n_fields[head] or (fields != len(header)).any():
        return None  # an anomaly: let the exact reader decide
    return header, int(first_lines[head]), first_lines[rows].astype(np.int64), fields


def _quotes_well_placed(buf: npt.NDArray[np.uint8], quotes: npt.NDArray[np.intp]) -> bool:
    """Tell whether every quote opens a field, closes one, or doubles another (RFC 4180).

    Only then do the quotes pair up as counting them says; ``5" screen`` is a quote as text.
    """
    if len(quotes) == 0:
        return True
    opening, closing = quotes[0::2], quotes[1::2]
    before = buf[np.maximum(opening - 1, 0)]
    opens = (opening == 0) | np.isin(before, (ord(","), ord("\n"), ord('"')))
    after = buf[np.minimum(closing + 1, len(buf) - 1)]
    closes = (closing == len(buf) - 1) | np.isin(after, (ord(","), ord("\n"), ord("\r"), ord('"')))
    return bool(opens.all() and closes.all())


def _layout_by_csv_module(text: str, source: str) -> _Layout:
    """Return the exact layout, by Python's csv module (what pandas' C reader does)."""
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, len(text) + 1))
    try:
        raw = io.StringIO(text, newline="").readlines()  # the lines as the reader counts them
        reader = csv.reader(io.StringIO(text, newline=""))
        header: list[str] | None = None
        header_line = 0
        lines: list[int] = []
        fields: list[int] = []
        end = 0
        for row in reader:
            first = end + 1
            end = reader.line_num
            if len(row) <= 1 and not "".join(raw[first - 1 : end]).strip(" \t\r\n"):
                continue  # pandas skips blank lines (but not one holding "" or " ")
            if header is None:
                header, header_line = row, first
            else:
                lines.append(first)
                fields.append(len(row))
    except csv.Error as error:
        raise ParseError(f"{source}: cannot read the CSV table: line {end + 1}: {error}") from None
    finally:
        csv.field_size_limit(previous_limit)
    return (
        header or [],
        header_line,
        np.asarray(lines, dtype=np.int64),
        np.asarray(fields, dtype=np.int64),
    )


def _check_header(header: list[str], line: int, source: str) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        key = name.strip().casefold()
        if not key:
            continue  # an unnamed column is not read
        if key in seen:
            raise ParseError(
                f"{source}: line {line}: the header names the column {name.strip()!r} twice "
                f"(columns {seen[key]} and {position}, ignoring case and spaces); rename one"
            )
        seen[key] = position


def _check_fields(
    header: list[str],
    header_line: int,
    lines: npt.NDArray[np.int64],
    fields: npt.NDArray[np.int64],
    source: str,
) -> None:
    n = len(header)
    more = np.flatnonzero(fields > n)
    if len(more):
        row = int(more[0])
        raise ParseError(
            f"{source}: line {int(lines[row])} has {int(fields[row])} fields but the header "
            f"(line {header_line}) has {n}; an extra field would shift the columns (quote a "
            "cell that holds a comma)"
        )
    fewer = np.flatnonzero(fields < n)
    if len(fewer):
        row = int(fewer[0])
        rows = "a row has" if len(fewer) == 1 else f"{len(fewer)} rows have"
        warn_user(
            f"{source}: {rows} fewer fields than the header's {n} (first: line "
            f"{int(lines[row])}, {int(fields[row])} fields); the missing cells at the end of "
            "the row are read as empty"
        )
