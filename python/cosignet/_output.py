"""Writing a report folder without ever deleting what is not ours, and CSV cells that stay text.

A report folder is written beside its target, in a staging folder
``.<name>.XXXXXXXX.partial`` marked with :data:`STAGING_MARKER` (holding the writer's process
id), and renamed into place at the end, with a manifest (:data:`MANIFEST`) listing every file
written and its SHA-256. The manifest is how a later run recognises a folder cosignet wrote:

- a missing or empty folder is written;
- a folder whose every entry is a regular file the manifest lists, unchanged, is replaced;
- with ``force``, also one whose listed files were changed since;
- anything else (a file the manifest does not list, a link, a subfolder, no manifest) is
  refused, naming the entry, whatever ``force`` says.

The output folder may not be, hold or lie inside an input (compared by device and inode, so
links, ``..`` and relative paths are seen through), nor be the current folder or hold it.
A staging folder left by a killed run is removed by the next run to the same parent once its
process is gone.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from cosignet._version import __version__
from cosignet.errors import InvalidInputError

__all__ = [
    "FORMULA_STARTS",
    "MANIFEST",
    "STAGING_MARKER",
    "check_output",
    "spreadsheet_safe",
    "write_csv",
    "write_folder",
]

#: The file in every report folder that lists the files cosignet wrote there.
MANIFEST = "cosignet-manifest.json"
#: The file that marks a staging folder as cosignet's, holding ``cosignet <pid>``.
STAGING_MARKER = ".cosignet-staging"
#: First characters that make a spreadsheet evaluate a cell (OWASP's list, with the
#: full-width forms some spreadsheets also read as operators).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_Identity = tuple[int, int]


def _identity(path: str) -> _Identity | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):  # missing, unreadable, or a NUL in the name
        return None
    return status.st_dev, status.st_ino


def _chain(path: str) -> list[_Identity]:
    """Identities of the real `path` and of every folder above it that exists."""
    found = []
    current = os.path.realpath(path)
    while True:
        identity = _identity(current)
        if identity is not None:
            found.append(identity)
        parent = os.path.dirname(current)
        if parent == current:
            return found
        current = parent


def _check_overlap(out: Path, shown: str, inputs: Iterable[str], contents: Iterable[str]) -> None:
    """Refuse an `out` that is, holds or lies inside an input, or holds the current folder.

    `inputs` are the paths given (files or folders); `contents` the files read, of which only
    "out holds one" matters (checked once per folder, so a million letters cost little).
    """
    above = _chain(str(out))  # out and the folders above it
    itself = _identity(str(out))
    if itself is not None and itself in _chain(os.getcwd()):
        raise InvalidInputError(
            f"{shown}: the output folder is the current folder or holds it; name a new folder "
            "such as report"
        )
    for source in inputs:
        identity = _identity(source)
        if identity is None:
            continue
        if identity == itself:
            raise InvalidInputError(
                f"{shown}: the output folder is the input {source}; write the report elsewhere"
            )
        if identity in above:
            raise InvalidInputError(
                f"{shown}: the output folder lies inside the input folder {source}; write the "
                "report elsewhere"
            )
        if itself is not None and itself in _chain(source):
            raise InvalidInputError(
                f"{shown}: the output folder holds the input {source}; write the report elsewhere"
            )
    if itself is None:
        return
    folders: dict[str, str] = {}
    for source in contents:
        folders.setdefault(os.path.dirname(source) or os.curdir, source)
    for folder, source in folders.items():
        if itself in _chain(folder):
            raise InvalidInputError(
                f"{shown}: the output folder holds the input {source}; write the report elsewhere"
            )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(folder: Path, allowed: frozenset[str]) -> dict[str, str] | None:
    """Return the files and digests listed by a manifest cosignet wrote (None: not one)."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file() or path.stat().st_size > 1 << 20:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not files:
        return None
    digests = {}
    for name, entry in files.items():
        digest = entry.get("sha256") if isinstance(entry, dict) else None
        if name not in allowed or not isinstance(digest, str):
            return None
        digests[name] = digest
    return digests


def _check_contents(out: Path, shown: str, force: bool, allowed: frozenset[str]) -> None:
    """Refuse a non-empty `out` unless cosignet wrote it (and, without force, left it as was)."""
    with os.scandir(out) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    if not entries:
        return
    listed = _manifest(out, allowed)
    if listed is None:
        raise InvalidInputError(
            f"{shown}: the output folder is not empty and was not written by cosignet (it holds "
            f"{entries[0].name}); force replaces only a folder cosignet wrote"
        )
    for entry in entries:
        ours = entry.name == MANIFEST or entry.name in listed
        if not ours or not entry.is_file(follow_symlinks=False):
            raise InvalidInputError(
                f"{shown}: the output folder holds {entry.name}, which cosignet did not write; "
                "move it away or choose another folder"
            )
    if force:
        return
    for entry in entries:
        if entry.name != MANIFEST and _sha256(Path(entry.path)) != listed[entry.name]:
            raise InvalidInputError(
                f"{shown}: {entry.name} changed since cosignet wrote it; pass force=True "
                "(--force) to replace it"
            )


def check_output(
    out: str | os.PathLike[str],
    *,
    force: bool,
    allowed: frozenset[str],
    inputs: Iterable[str] = (),
    contents: Iterable[str] = (),
) -> Path:
    """Return the real path of the output folder `out`, or refuse it (InvalidInputError).

    `allowed` names the files a report folder may hold; `inputs` are the paths given to read
    (files or folders) and `contents` the files read. Nothing is written.
    """
    try:
        shown = os.fspath(out)
    except TypeError:
        raise InvalidInputError(
            f"out must be a folder path or None, got {type(out).__name__}"
        ) from None
    if not isinstance(shown, str) or not shown.strip():
        raise InvalidInputError(
            f"the output folder {shown!r} names no folder; give one such as report"
        )
    target = Path(os.path.realpath(shown))
    _check_overlap(target, shown, inputs, contents)
    if target.exists() and not target.is_dir():
        raise InvalidInputError(f"{shown}: the output path exists and is not a folder")
    parent = target.parent
    if not parent.is_dir():
        raise InvalidInputError(f"{shown}: {parent} is not an existing folder")
    if not os.access(parent, os.W_OK):
        raise InvalidInputError(f"{shown}: cannot write in {parent}")
    if target.is_dir():
        _check_contents(target, shown, force, allowed)
    return target


def _marker_pid(folder: Path) -> int | None:
    marker = folder / STAGING_MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        word, pid = marker.read_text(encoding="utf-8").split()
        return int(pid) if word == "cosignet" else None
    except (OSError, ValueError):
        return None


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or a pid we may not signal
        return True
    return True


def _clean_stale(parent: Path, name: str) -> None:
    """Remove the staging folders of `name` that killed runs left in `parent`."""
    for folder in parent.glob(f".{glob.escape(name)}.*.partial"):
        if folder.is_symlink() or not folder.is_dir():
            continue
        pid = _marker_pid(folder)
        if pid is not None and not _running(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_folder(
    out: Path,
    shown: str,
    force: bool,
    allowed: frozenset[str],
    produce: Callable[[Path], list[Path]],
) -> list[str]:
    """Have `produce(folder)` write the files into a staging folder, then replace `out` by it.

    `out` is the real path :func:`check_output` returned; it is checked again just before it
    is replaced. Returns the names of the files written (the manifest aside). A failure or an
    interruption removes the staging folder; a kill leaves it for the next run to remove.
    """
    parent = out.parent
    _clean_stale(parent, out.name)
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=parent))
    except OSError as error:
        raise InvalidInputError(f"{shown}: cannot write there ({error.strerror})") from None
    try:
        (work / STAGING_MARKER).write_text(f"cosignet {os.getpid()}\n", encoding="utf-8")
        build = work / "new"
        build.mkdir()
        build.chmod(0o777 & ~_umask())  # the report is for sharing, as a plain mkdir makes it
        names = [path.name for path in produce(build)]
        listing = {name: {"sha256": _sha256(build / name)} for name in names}
        manifest = {"cosignet": __version__, "files": listing}
        (build / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        old = work / "old"
        if out.is_dir():
            _check_contents(out, shown, force, allowed)  # the user may have added a file since
            os.replace(out, old)
        try:
            os.replace(build, out)
        except BaseException:
            if old.exists():  # put the previous report back
                os.replace(old, out)
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return names


def _neutralised(values: pd.Series) -> pd.Series | None:
    """`values` with a quote before every text cell a spreadsheet would evaluate (None: none)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)):
        return None  # numbers, dates, booleans: not text
    cells = values.to_numpy(dtype=object)
    risky = np.fromiter((_risky(v) for v in cells), dtype=bool, count=len(cells))
    if not risky.any():
        return None
    cells = cells.copy()
    cells[risky] = ["'" + v for v in cells[risky]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


def _risky(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _cell(value: object) -> object:
    return "'" + value if isinstance(value, str) and _risky(value) else value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of `frame` whose text cells, index and headers no spreadsheet evaluates.

    A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or
    their full-width forms) gets a single quote in front, which spreadsheets read as "this is
    text" (OWASP's advice against CSV injection). Numeric, boolean and date columns are left as
    they are, so ``-5`` in a number column stays a number.
    """
    safe = frame.copy()
    for position in range(safe.shape[1]):
        column = _neutralised(safe.iloc[:, position])
        if column is not None:
            safe.isetitem(position, column)
    if not isinstance(safe.index, pd.MultiIndex):
        index = _neutralised(safe.index.to_series())
        if index is not None:
            safe.index = pd.Index(index.to_numpy(), dtype=object)
        safe.index.name = _cell(frame.index.name)
    safe.columns = pd.Index([_cell(c) for c in safe.columns], name=safe.columns.name)
    return safe


def write_csv(frame: pd.DataFrame, path: Path, *, index: bool, safe: bool) -> Path:
    """Write `frame` to `path` as UTF-8 CSV with CRLF line ends (RFC 4180); return `path`.

    With CRLF as the line end, Python's csv writer quotes every cell holding a carriage return
    or a line feed; with a bare LF it leaves a lone carriage return unquoted, and readers cut
    the row there. With `safe`, cells go through :func:`spreadsheet_safe` first.
    """
    shown = spreadsheet_safe(frame) if safe else frame
    shown.to_csv(path, index=index, encoding="utf-8", lineterminator="\r\n")
    return path
