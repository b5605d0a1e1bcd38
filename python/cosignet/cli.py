"""The command line: ``cosignet analyze [PATH ...]`` (also ``python -m cosignet``).

Exit codes: 0 on success, 2 on bad usage (unknown option, bad value), 1 on bad input (a
missing, unreadable or empty path, a file that is not text, an output folder that cannot
be used), with a one-line message naming the file and the problem. Never a traceback for a
user's error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cosignet._records import check_columns
from cosignet._version import __version__
from cosignet.analyze import BACKBONES, OUTPUT_FORMATS, analyze
from cosignet.bipartite import WEIGHTINGS
from cosignet.errors import CosignetError, InvalidInputError
from cosignet.readers import SUFFIXES
from cosignet.temporal import FREQUENCIES

__all__ = ["main"]


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
    run.add_argument("--min-weight", type=float, default=0.0, help="drop weaker ties")
    run.add_argument("--backbone", choices=BACKBONES, default="sdsm", help="null model")
    run.add_argument("--alpha", type=float, default=0.05, help="backbone significance level")
    run.add_argument("--resolution", type=float, default=1.0, help="coalition resolution")
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
    run.add_argument("--aliases", help="CSV of identity aliases (see Corpus.resolve)")
    run.add_argument("--force", action="store_true", help="replace a non-empty output folder")
    run.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    return parser


def _formats(parser: argparse.ArgumentParser, text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [part for part in chosen if part not in OUTPUT_FORMATS]
    if unknown or not chosen:
        parser.error(f"--format: unknown output {','.join(unknown) or text!r}; choose among "
                     f"{','.join(OUTPUT_FORMATS)}")  # fmt: skip
    return chosen


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
    """Fail early, per file, on what read_letters would choke on with a less useful message."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise CosignetError(f"{raw}: no such file or folder")
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        readable = [p for p in files if p.suffix.lower() in SUFFIXES]
        if path.is_dir() and not readable:
            raise CosignetError(f"{raw}: the folder holds no file to read ({', '.join(SUFFIXES)})")
        for file in readable if path.is_dir() else files:
            if SUFFIXES.get(file.suffix.lower()) in ("pdf", "docx", "html"):
                continue  # documents and pages (which may declare a charset): read_letters checks
            head = file.read_bytes()[:8192]
            if b"\0" in head:
                raise CosignetError(f"{file}: a binary file, not text")
            try:
                head.decode("utf-8")
            except UnicodeDecodeError as error:
                if error.start < len(head) - 4:  # not just a character cut at the boundary
                    raise CosignetError(f"{file}: not UTF-8 text ({error.reason} at byte "
                                        f"{error.start})") from None  # fmt: skip


def _run(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from cosignet.datasets import interpol_2021
    from cosignet.readers import read_letters

    formats = _formats(parser, arguments.format)
    columns = _columns(parser, arguments.columns)

    def say(text: str) -> None:
        if not arguments.quiet:
            print(text, file=sys.stderr)

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
    result = analyze(
        corpus,
        out=arguments.out,
        weighting=arguments.weighting,
        min_weight=arguments.min_weight,
        backbone=arguments.backbone,
        alpha=arguments.alpha,
        resolution=arguments.resolution,
        freq=arguments.freq,
        formats=formats,
        aliases=arguments.aliases,
        force=arguments.force,
        progress=False if arguments.quiet else None,
        source=source,
    )
    graph = result.graph
    say(f"{len(result.corpus.letters):,} letters, {graph.n_nodes:,} actors, "
        f"{graph.n_edges:,} ties, {result.actors.coalition.nunique():,} coalitions; wrote "
        f"{len(result.files)} files to {arguments.out}/: "
        + ", ".join(path.name for path in result.files))  # fmt: skip
    return 0


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
    try:
        return _run(arguments, parser)
    except SystemExit as exit:
        return int(exit.code or 0)
    except (CosignetError, OSError, UnicodeDecodeError) as error:
        message = str(error)
        if isinstance(error, OSError) and error.filename and str(error.filename) not in message:
            message = f"{error.filename}: {message}"
        print(f"cosignet: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cosignet: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
