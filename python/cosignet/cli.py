"""The command line: ``cosignet analyze [PATH ...]`` (also ``python -m cosignet``).

Exit codes: 0 on success, 2 on bad usage (unknown option, bad value), 1 on bad input (a
missing, unreadable or empty path, a file that is not text, an output folder that cannot
be used), 130 on Ctrl-C and 143 on SIGTERM (nothing written), with a one-line message naming
the file and the problem. Every option and the output folder are checked before a letter is
read. Never a traceback: an error cosignet did not foresee is one line too, saying it is a
bug (``COSIGNET_TRACEBACK=1`` shows the traceback). Control characters in messages (a file
named with a newline or a terminal escape) are printed escaped.
"""

from __future__ import annotations

import argparse
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from cosignet._arguments import non_negative_real, open_unit
from cosignet._records import check_columns
from cosignet._version import __version__
from cosignet.analyze import BACKBONES, OUTPUT_FORMATS, analysis_plan, analyze, check_arguments
from cosignet.bipartite import WEIGHTINGS
from cosignet.errors import CosignetError, InvalidInputError
from cosignet.plan import BUDGET, GIANT_HANDLINGS, Plan, check_budget
from cosignet.readers import SUFFIXES
from cosignet.temporal import FREQUENCIES

__all__ = ["main"]

_HEAD = 8192  # bytes of each file checked for being text
#: Formats not checked for being text: documents, and pages (which may declare a charset).
_NOT_TEXT = frozenset({"pdf", "docx", "html"})


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cosignet",
        description="Signatory networks from open letters, petitions and cosponsorships.",
    )
    parser.add_argument("--version", action="version", version=f"cosignet {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "analyze",
        help="analyse letters and write a report folder",
        description=(
            "Read letters (.txt, .md, .html, .pdf, .docx), tables (.csv, .json, .jsonl) and "
            "record folders (.yaml, .json), resolve who is who, build the "
            "co-signature network, measure it, find coalitions, extract the backbone and write "
            "index.html, CSV tables and graph files. With no PATH, the bundled example corpus "
            "(two letters of 15 November 2021 on INTERPOL's Executive Committee) is analysed."
        ),
    )
    run.add_argument("paths", nargs="*", metavar="PATH", help="letter files or folders")
    run.add_argument("--out", default="report", help="output folder (default: report)")
    run.add_argument("--weighting", choices=WEIGHTINGS, default="count", help="tie weights")
    run.add_argument(
        "--min-weight",
        type=_number(non_negative_real, "min_weight"),
        default=0.0,
        help="drop weaker ties",
    )
    run.add_argument("--backbone", choices=BACKBONES, default="sdsm", help="null model")
    run.add_argument(
        "--alpha",
        type=_number(open_unit, "alpha"),
        default=0.05,
        help="backbone significance level",
    )
    run.add_argument(
        "--resolution",
        type=_number(non_negative_real, "resolution"),
        default=1.0,
        help="coalition resolution",
    )
    run.add_argument(
        "--format",
        default=",".join(OUTPUT_FORMATS),
        help=f"comma-separated outputs among {','.join(OUTPUT_FORMATS)} (default: all)",
    )
    run.add_argument(
        "--freq",
        choices=FREQUENCIES,
        help="windows of the 'Over time' section: year, quarter, month, week or day "
        "(default: the coarsest that spans four)",
    )
    run.add_argument(
        "--columns",
        help="rename the fields of tables and records: affil=organisation,link=url "
        "(an empty target leaves the field out: date=)",
    )
    run.add_argument(
        "--budget",
        type=_number(check_budget, "budget"),
        default=BUDGET,
        metavar="SECONDS",
        help="time the planned steps may take, by the plan's estimates; beyond it the backbone, "
        "every tie in the tables, the time windows and the slow measures are sampled or "
        f"skipped, in that order (default: {BUDGET:g})",
    )
    run.add_argument(
        "--giant-letters",
        choices=GIANT_HANDLINGS,
        default=GIANT_HANDLINGS[0],
        help="letters of 1,000 signers or more holding 10%% of the pair contributions: measure "
        "them in the two-mode view and project the others (default), weight them by Newman "
        "and drop the ties only they make, keep them, or drop them",
    )
    run.add_argument(
        "--plan",
        action="store_true",
        help="print the plan (each step's estimated time and memory, and what runs) and stop",
    )
    run.add_argument("--aliases", help="CSV of identity aliases (see Corpus.resolve)")
    run.add_argument(
        "--force",
        action="store_true",
        help="also replace a report folder whose files were changed since cosignet wrote them "
        "(an unchanged one is replaced without --force; a folder cosignet did not write, "
        "never)",
    )
    run.add_argument(
        "--raw-csv",
        action="store_true",
        help="write CSV cells exactly, without the quote put before text starting with "
        "= + - @ (which spreadsheets would run as a formula)",
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    return parser


def _number(check: Callable[[Any, str], float], name: str) -> Callable[[str], float]:
    """Return an argparse type: the text as a float `check` accepts (the rules of analyze)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        try:
            return check(value, name)
        except CosignetError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def _formats(parser: argparse.ArgumentParser, text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in chosen if part not in OUTPUT_FORMATS]
    if unknown or not chosen:
        parser.error(f"--format: unknown output {','.join(unknown) or text!r}; choose among "
                     f"{','.join(OUTPUT_FORMATS)}")  # fmt: skip
    return chosen


def _has_readable_file(folder: Path) -> bool:
    """Whether `folder` holds a file read_letters reads (links to folders are not followed)."""
    for _, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        if any(not n.startswith(".") and Path(n).suffix.lower() in SUFFIXES for n in names):
            return True
    return False


def _columns(parser: argparse.ArgumentParser, text: str | None) -> dict[str, str | None] | None:
    if text is None:
        return None
    mapping: dict[str, str | None] = {}
    for part in (part.strip() for part in text.split(",")):
        source, equals, target = part.partition("=")
        if not equals or not source.strip():
            parser.error(
                f"--columns: expected SOURCE=FIELD pairs separated by commas, got {part!r}"
            )
        mapping[source.strip()] = target.strip() or None
    try:
        check_columns(mapping)
    except InvalidInputError as error:
        parser.error(f"--{error}")
    return mapping


def _check_paths(paths: Sequence[str]) -> None:
    """Fail early, per path given, with a message shorter than read_letters would give.

    Files inside folders are checked by read_letters itself (one line naming the file).
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise CosignetError(f"{raw}: no such file or folder")
        if path.is_dir():
            if not _has_readable_file(path):
                raise CosignetError(
                    f"{raw}: the folder holds no file to read ({', '.join(SUFFIXES)})"
                )
            continue
        if SUFFIXES.get(path.suffix.lower()) in _NOT_TEXT:
            continue  # documents and pages (which may declare a charset): read_letters checks
        if not path.is_file():
            continue  # a FIFO, socket or device is never opened: read_letters refuses it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO swapped in
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            head = handle.read(_HEAD)
        if b"\0" in head:
            raise CosignetError(f"{raw}: a binary file, not text")
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # not just a character cut at the boundary
                raise CosignetError(f"{raw}: not UTF-8 text ({error.reason} at byte "
                                    f"{error.start})") from None  # fmt: skip


def _printable(text: str) -> str:
    """`text` with control and format characters escaped, so a message stays one plain line."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def _run(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from cosignet.datasets import interpol_2021
    from cosignet.readers import read_letters

    def say(text: str) -> None:
        if not arguments.quiet:
            print(_printable(text), file=sys.stderr)

    options: dict[str, Any] = {
        "weighting": arguments.weighting,
        "min_weight": arguments.min_weight,
        "backbone": arguments.backbone,
        "alpha": arguments.alpha,
        "resolution": arguments.resolution,
        "freq": arguments.freq,
        "formats": _formats(parser, arguments.format),
        "aliases": arguments.aliases,
        "force": arguments.force,
        "spreadsheet_safe": not arguments.raw_csv,
        "budget": arguments.budget,
        "giant_letters": arguments.giant_letters,
    }
    columns = _columns(parser, arguments.columns)
    # Every check before the first letter is read: a refused --out costs nothing.
    check_arguments(None if arguments.plan else arguments.out, inputs=arguments.paths, **options)
    if arguments.paths:
        _check_paths(arguments.paths)
        corpus = read_letters(
            arguments.paths, columns=columns, progress=False if arguments.quiet else None
        )
        source = "letters from " + ", ".join(arguments.paths)
    else:
        say("No PATH given: analysing the bundled example corpus (two letters of 15 November "
            "2021 on INTERPOL's Executive Committee).")  # fmt: skip
        corpus = interpol_2021()
        source = "the bundled example corpus (cs.datasets.interpol_2021())"
    if arguments.plan:
        planned = {k: v for k, v in options.items() if k in _PLAN_OPTIONS}
        print(_printable_lines(str(analysis_plan(corpus, **planned))))
        return 0
    result = analyze(
        corpus,
        out=arguments.out,
        progress=False if arguments.quiet else None,
        source=source,
        **options,
    )
    graph = result.graph
    sizes = result.actors.coalition.value_counts()
    alone = int(sizes[sizes == 1].sum())
    say(f"{len(result.corpus.letters):,} letters, {graph.n_nodes:,} actors, "
        f"{graph.n_edges:,} ties, {int((sizes >= 2).sum()):,} coalitions"
        + (f" ({alone:,} actors in none)" if alone else "") + "; wrote "
        f"{len(result.files)} files to {arguments.out}/: "
        + ", ".join(path.name for path in result.files))  # fmt: skip
    if result.plan is not None:
        changed = _plan_changes(result.plan)
        if changed:
            say("The plan: " + "; ".join(changed) + " (index.html, 'The plan', says why)")
    return 0


_PLAN_OPTIONS = (
    "weighting", "min_weight", "backbone", "formats", "aliases", "freq", "budget",
    "giant_letters",
)  # fmt: skip


def _plan_changes(plan: Plan) -> list[str]:
    """List what the plan did not run as asked: giant letters, sampled or skipped steps."""
    changed = []
    if plan.giant_letters != "none":
        changed.append(f"{len(plan.giant)} giant letters: {plan.giant_letters}")
    for step, row in plan.steps.iterrows():
        if row.decision in ("sampled", "skipped", "backbone ties", "strongest ties"):
            changed.append(f"{step} {row.decision}")
    return changed


def _printable_lines(text: str) -> str:
    """`text` with each line made printable (control characters escaped)."""
    return "\n".join(_printable(line) for line in text.split("\n"))


class _Terminated(BaseException):
    """SIGTERM, raised where the run is, so the staging folder is removed on the way out."""


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: ``sys.argv[1:]``); return the exit code.

    Examples
    --------
    >>> from cosignet.cli import main
    >>> main(["analyze", "--format", "pdf"])  # doctest: +SKIP
    2
    """
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit:  # argparse: --help, --version (0) or bad usage (2)
        return int(exit.code or 0)

    def error(text: str) -> None:
        print(f"cosignet: {_printable(text)}", file=sys.stderr)

    try:
        with _terminate_cleanly():
            return _run(arguments, parser)
    except SystemExit as exit:
        return int(exit.code or 0)
    except (CosignetError, OSError, UnicodeDecodeError) as failure:
        message = str(failure)
        if (
            isinstance(failure, OSError)
            and failure.filename
            and str(failure.filename) not in message
        ):
            message = f"{failure.filename}: {message}"
        error(f"error: {message}")
        return 1
    except KeyboardInterrupt:
        error("interrupted; nothing was written")
        return 130
    except _Terminated:
        error("terminated; nothing was written")
        return 143
    except Exception as failure:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("COSIGNET_TRACEBACK"):
            raise
        error(f"internal error: {type(failure).__name__}: {failure} (a bug in cosignet: please "
              "report it; COSIGNET_TRACEBACK=1 shows the traceback)")  # fmt: skip
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
