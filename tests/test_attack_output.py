"""Hostile and careless input against what cosignet writes (issue 17).

Three classes, each attacked from several sides:

- the output folder: nothing a user owns is deleted or overwritten (``--out`` naming an input,
  a folder holding one or inside one, through a link, ``.``/``..``/``''``, a folder of the
  user's own files with ``--force``, a report folder a user added files to), checks before any
  work, no staging folder left behind;
- text that a program reading the output would run: spreadsheet formulas in every CSV cell,
  HTML in every place the report shows user text, mathtext and TeX in every figure;
- tracebacks: networks without ties, one signatory, one signer per letter, bad option values.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import cosignet as cs
from cosignet import _output
from cosignet.cli import main

matplotlib.use("Agg")

MANIFEST = _output.MANIFEST
REPORT = sorted(
    [
        "actors.csv", "coalitions.csv", "edges.csv", "index.html", "letters.csv",
        "network.gexf", "network.graphml", "network.json", "signatures.csv", MANIFEST,
    ]
)  # fmt: skip


def cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command line in `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", "cosignet", *arguments],
        capture_output=True, text=True, cwd=cwd, timeout=120, check=False,
    )  # fmt: skip


def one_line_error(done: subprocess.CompletedProcess[str], code: int, message: str) -> None:
    """Exit `code`, no traceback, and `message` in the last line, the only error line."""
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert message in lines[-1], done.stderr
    assert [line for line in lines if "error" in line] == [lines[-1]]


def letters_folder(folder: Path, rows: list[tuple[str, str]] | None = None) -> Path:
    """A folder holding one small CSV table of signatures (two letters, three signers)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = rows or [("L1", "Ann Lee"), ("L1", "Bob Ray"), ("L2", "Ann Lee"), ("L2", "Cy Doe")]
    table = pd.DataFrame(rows, columns=["letter", "name"])
    table.to_csv(folder / "letters.csv", index=False)
    return folder


def small_corpus() -> cs.Corpus:
    table = pd.DataFrame(
        {"letter": ["L1", "L1", "L2", "L2"], "signer": ["Ann", "Bob", "Ann", "Cy"]}
    )
    return cs.Corpus.from_frame(table, letter="letter", signer="signer")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# ---------------------------------------------------------------- the output folder


def test_out_naming_the_input_folder_with_force_is_refused_and_the_letters_stay(
    tmp_path: Path,
) -> None:
    letters = letters_folder(tmp_path / "L")
    before = tree(letters)
    done = cli("analyze", "L", "--out", "L", "--force", "--quiet", cwd=tmp_path)
    one_line_error(done, 1, "L: the output folder is the input L; write the report elsewhere")
    assert tree(letters) == before


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("L/report", "L/report: the output folder lies inside the input folder L"),
        ("L/sub/../report", "L/sub/../report: the output folder lies inside the input folder L"),
        ("link", "link: the output folder is the input L"),
        ("link/report", "link/report: the output folder lies inside the input folder L"),
        ("top", "top: the output folder holds the input top/L"),
        ("L/letters.csv", "L/letters.csv: the output folder lies inside the input folder L"),
        ("aliases.csv", "aliases.csv: the output folder is the input aliases.csv"),
    ],
)
def test_out_may_not_be_contain_or_lie_inside_an_input(
    tmp_path: Path, out: str, message: str
) -> None:
    top = tmp_path / "top"
    letters = letters_folder(top / "L")
    (top / "L" / "sub").mkdir()
    (top / "link").symlink_to("L")
    (top / "aliases.csv").write_text("name_a,name_b,rule\nAnn Lee,A. Lee,same\n", "utf-8")
    cwd = tmp_path if out == "top" else top
    prefix = "top/" if out == "top" else ""
    before = tree(tmp_path)
    done = cli("analyze", f"{prefix}L", "--out", out, "--force", "--quiet", "--aliases",
               f"{prefix}aliases.csv", cwd=cwd)  # fmt: skip
    one_line_error(done, 1, message)
    assert tree(tmp_path) == before
    assert letters.is_dir()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (".", ".: the output folder is the current folder or holds it"),
        ("..", "..: the output folder is the current folder or holds it"),
        ("/", "/: the output folder is the current folder or holds it"),
        ("", "the output folder '' names no folder; give one such as report"),
    ],
)
def test_out_dot_dotdot_root_and_empty_are_refused_before_any_work(
    tmp_path: Path, out: str, message: str
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    done = cli("analyze", "--out", out, "--force", cwd=here)
    one_line_error(done, 1, message)
    assert "No PATH given" not in done.stderr  # refused before reading anything
    assert list(tmp_path.rglob("*")) == [here]


def test_a_folder_of_the_users_files_is_refused_even_with_force(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    (mine / "index.html").write_text("my home page", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(cs.InvalidInputError) as caught:
            cs.analyze(small_corpus(), out=mine, force=force, progress=False)
        assert str(caught.value) == (
            f"{mine}: the output folder is not empty and was not written by cosignet (it holds "
            "index.html); force replaces only a folder cosignet wrote"
        )
    assert tree(mine) == {"index.html": b"my home page", "thesis.docx": b"years of work"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_report_folder_is_replaced_without_force_and_its_manifest_lists_every_file(
    tmp_path: Path,
) -> None:
    out = tmp_path / "report"
    first = cs.analyze(small_corpus(), out=out, progress=False)
    assert sorted(p.name for p in out.iterdir()) == REPORT
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["cosignet"] == cs.__version__
    assert sorted(manifest["files"]) == [name for name in REPORT if name != MANIFEST]
    assert sorted(p.name for p in first.files) == sorted(manifest["files"])
    second = cs.analyze(small_corpus(), out=out, formats="csv", progress=False)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [p.name for p in second.files] + [MANIFEST]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # nothing staged is left


def test_the_same_command_runs_twice(tmp_path: Path) -> None:
    for _ in range(2):  # as the README's `cosignet analyze --out report`, without --force
        done = cli("analyze", "--out", "report", "--format", "csv,json", "--quiet", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    listed = json.loads((tmp_path / "report" / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(listed) == ["actors.csv", "coalitions.csv", "edges.csv", "letters.csv",
                              "network.json", "over_time.csv", "signatures.csv"]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_a_report_folder_with_a_file_added_is_never_wiped(tmp_path: Path) -> None:
    out = tmp_path / "report"
    cs.analyze(small_corpus(), out=out, formats="csv", progress=False)
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "sub").mkdir()
    for force in (False, True):
        with pytest.raises(cs.InvalidInputError) as caught:
            cs.analyze(small_corpus(), out=out, force=force, progress=False)
        assert str(caught.value) == (
            f"{out}: the output folder holds notes.txt, which cosignet did not write; move it "
            "away or choose another folder"
        )
    assert (out / "notes.txt").read_text(encoding="utf-8") == "my notes"
    done = cli("analyze", "--out", "report", "--force", cwd=tmp_path)
    one_line_error(done, 1, "report: the output folder holds notes.txt, which cosignet did not")


def test_a_file_added_while_the_run_works_stops_the_replacement(
    tmp_path: Path, monkeypatch
) -> None:
    import cosignet.report

    out = tmp_path / "report"
    cs.analyze(small_corpus(), out=out, formats="csv", progress=False)
    write_report = cosignet.report.write_report

    def meanwhile(result: cs.Analysis, path: Path) -> Path:
        (out / "draft.txt").write_text("written during the run", encoding="utf-8")
        return write_report(result, path)

    monkeypatch.setattr(cosignet.report, "write_report", meanwhile)
    with pytest.raises(cs.InvalidInputError, match=r"holds draft\.txt, which cosignet did not"):
        cs.analyze(small_corpus(), out=out, force=True, progress=False)
    assert (out / "draft.txt").read_text(encoding="utf-8") == "written during the run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_a_report_file_the_user_changed_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "report"
    cs.analyze(small_corpus(), out=out, formats="csv", progress=False)
    (out / "edges.csv").write_text("my edits", encoding="utf-8")
    with pytest.raises(cs.InvalidInputError) as caught:
        cs.analyze(small_corpus(), out=out, formats="csv", progress=False)
    assert str(caught.value) == (
        f"{out}: edges.csv changed since cosignet wrote it; pass force=True (--force) to replace it"
    )
    assert (out / "edges.csv").read_text(encoding="utf-8") == "my edits"
    cs.analyze(small_corpus(), out=out, formats="csv", force=True, progress=False)
    assert (out / "edges.csv").read_text(encoding="utf-8").startswith("source,target,")


@pytest.mark.parametrize(
    "forge",
    [
        # a manifest that names a file cosignet never writes
        lambda out: (out / MANIFEST).write_text(
            json.dumps({"cosignet": "0", "files": {"thesis.docx": {"sha256": "0" * 64}}})
        ),
        lambda out: (out / MANIFEST).write_text("not json"),
        lambda out: (out / MANIFEST).write_text(json.dumps(["index.html"])),
        lambda out: (out / MANIFEST).write_text(json.dumps({"files": {"index.html": 3}})),
    ],
)
def test_a_manifest_cosignet_did_not_write_does_not_make_a_folder_ours(
    tmp_path: Path, forge: object
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"years of work")
    (out / "index.html").write_bytes(b"mine")
    forge(out)  # type: ignore[operator]
    with pytest.raises(cs.InvalidInputError, match=r"was not written by cosignet|did not write"):
        cs.analyze(small_corpus(), out=out, force=True, progress=False)
    assert (out / "thesis.docx").read_bytes() == b"years of work"
    assert (out / "index.html").read_bytes() == b"mine"


def test_a_link_inside_a_report_folder_is_not_followed_or_counted_as_ours(tmp_path: Path) -> None:
    out = tmp_path / "report"
    cs.analyze(small_corpus(), out=out, formats="csv", progress=False)
    precious = tmp_path / "precious.csv"
    precious.write_text("mine", encoding="utf-8")
    (out / "edges.csv").unlink()
    (out / "edges.csv").symlink_to(precious)
    with pytest.raises(cs.InvalidInputError, match=r"holds edges\.csv, which cosignet did not"):
        cs.analyze(small_corpus(), out=out, formats="csv", force=True, progress=False)
    assert precious.read_text(encoding="utf-8") == "mine"


def test_an_out_that_links_to_a_report_folder_replaces_the_folder_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    real = tmp_path / "disk" / "report"
    real.parent.mkdir()
    cs.analyze(small_corpus(), out=real, formats="csv", progress=False)
    link = tmp_path / "report"
    link.symlink_to(real)
    result = cs.analyze(small_corpus(), out=link, formats="json", progress=False)
    assert link.is_symlink()
    assert sorted(p.name for p in real.iterdir()) == [MANIFEST, "network.json"]
    assert [str(p) for p in result.files] == [str(link / "network.json")]


def test_python_analyze_refuses_an_out_that_holds_the_corpus_sources(tmp_path: Path) -> None:
    letters = letters_folder(tmp_path / "L")
    corpus = cs.read_letters(letters)
    (tmp_path / "L" / "report").mkdir()
    for out, message in (
        (letters, f"{letters}: the output folder holds the input {letters / 'letters.csv'}"),
        (tmp_path, f"{tmp_path}: the output folder holds the input {letters / 'letters.csv'}"),
    ):
        with pytest.raises(cs.InvalidInputError) as caught:
            cs.analyze(corpus, out=out, force=True, progress=False)
        assert str(caught.value).startswith(message)
    with pytest.raises(cs.InvalidInputError, match="names no folder"):
        cs.analyze(corpus, out="", progress=False)
    assert sorted(tree(tmp_path)) == ["L/letters.csv"]


def test_every_check_comes_before_any_work(tmp_path: Path, monkeypatch, capsys) -> None:
    import cosignet.readers

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("read before the checks")

    monkeypatch.setattr(cosignet.readers, "read_letters", no_reading)
    monkeypatch.setattr(cs.Corpus, "resolve", no_reading)
    letters_folder(tmp_path / "L")
    monkeypatch.chdir(tmp_path)
    for arguments, code in (
        (["L", "--out", "L"], 1),
        (["L", "--out", "L/r"], 1),
        (["L", "--out", "."], 1),
        (["L", "--aliases", "missing.csv"], 1),
        (["L", "--alpha", "2"], 2),
        (["L", "--min-weight", "-1"], 2),
    ):
        assert main(["analyze", *arguments, "--quiet"]) == code, arguments
    with pytest.raises(cs.InvalidInputError, match="alpha must lie strictly between 0 and 1"):
        cs.analyze(small_corpus(), out=tmp_path / "r", alpha=2)
    for kwargs, message in (
        ({"force": "no"}, "force must be True or False, got 'no'"),
        ({"spreadsheet_safe": 0}, "spreadsheet_safe must be True or False, got 0"),
        ({"seed": True}, "seed must be a non-negative integer, got True"),
        ({"min_weight": float("nan")}, "min_weight must be finite and >= 0, got nan"),
        ({"resolution": "1"}, "resolution must be a number, got '1'"),
        ({"source": 3}, "source must be a str, got int"),
        ({"out": 3}, "out must be a folder path or None, got int"),
        ({"aliases": tmp_path / "none.csv"}, "none.csv: no such file or folder (aliases)"),
    ):
        with pytest.raises(cs.InvalidInputError, match=re.escape(message)):
            cs.analyze(small_corpus(), **{"out": tmp_path / "r", **kwargs})
    assert sorted(tree(tmp_path)) == ["L/letters.csv"]
    assert "Traceback" not in capsys.readouterr().err


def stale_staging(parent: Path, name: str, pid: int, marked: bool = True) -> Path:
    staging = parent / f".{name}.abc123.partial"
    (staging / "new").mkdir(parents=True)
    (staging / "new" / "edges.csv").write_text("half", encoding="utf-8")
    if marked:
        (staging / _output.STAGING_MARKER).write_text(f"cosignet {pid}\n", encoding="utf-8")
    return staging


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_runs_staging_folder_is_cleaned_by_the_next_run(tmp_path: Path) -> None:
    dead = stale_staging(tmp_path, "report", dead_pid())
    alive = stale_staging(tmp_path / "b", "report", os.getpid())
    unmarked = stale_staging(tmp_path / "c", "report", dead_pid(), marked=False)
    other = stale_staging(tmp_path, "notes", dead_pid())
    stale_staging(tmp_path / "c", "r1", dead_pid())  # matched by the glob r[1], not ours to take
    for out in (tmp_path / "report", tmp_path / "b" / "report", tmp_path / "c" / "report",
                tmp_path / "c" / "r[1]"):  # fmt: skip
        cs.analyze(small_corpus(), out=out, formats="json", progress=False)
    assert (tmp_path / "c" / ".r1.abc123.partial").exists()
    assert not dead.exists()
    assert alive.exists()  # a run still going
    assert unmarked.exists()  # not ours
    assert other.exists()  # another folder's
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.abc123.partial", "b", "c",
                                                          "report"]  # fmt: skip


def test_a_terminated_run_removes_its_staging_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    import cosignet.report

    def killed(result: object, path: Path) -> Path:
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not stop the run")

    monkeypatch.setattr(cosignet.report, "write_report", killed)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        code = main(["analyze", "--out", str(tmp_path / "report"), "--quiet"])
    finally:
        assert signal.getsignal(signal.SIGTERM) == previous  # main puts the handler back
    assert code == 143
    assert capsys.readouterr().err.strip() == "cosignet: terminated; nothing was written"
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_puts_the_previous_report_back(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "report"
    cs.analyze(small_corpus(), out=out, formats="csv", progress=False)
    before = tree(out)
    rename = os.replace

    def failing(source: str | Path, target: str | Path) -> None:
        if Path(source).name == "new":  # the new report, into place
            raise OSError(errno.EXDEV, "simulated failure", str(target))
        rename(source, target)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="simulated failure"):
        cs.analyze(small_corpus(), out=out, formats="json", progress=False)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_an_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "report").write_text("mine", encoding="utf-8")
    done = cli("analyze", "--out", "report", "--force", cwd=tmp_path)
    one_line_error(done, 1, "report: the output path exists and is not a folder")
    assert (tmp_path / "report").read_text(encoding="utf-8") == "mine"


# ---------------------------------------------------------------- formulas, HTML, mathtext

FORMULAS = [
    '=HYPERLINK("http://evil.example","click")', "+44 20 7946 0000", "-5", "@SUM(A1:A9)",
    "\tTab", "\rReturn", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20x",
]  # fmt: skip
HTML = [
    "<script>alert('name')</script>", "</table><h1>owned</h1>", '"><img src=x onerror=alert(1)>',
    "</script><script>alert('plotly')</script>", "<!--", "&amp;",
]  # fmt: skip
MATH = [r"$\foo$", "$x^$", "$" + "{" * 300, r"\$\input{/etc/passwd}$", "$$", "100$ and 5$"]


TITLES = [FORMULAS[0], HTML[2], MATH[1]]


def hostile_corpus() -> cs.Corpus:
    """Three dated letters whose names, countries, organisations and titles attack the output."""
    text = FORMULAS + HTML + MATH
    rows = []
    for k, name in enumerate(text):
        rows.append((f"L{k % 3}", name, text[(k + 1) % len(text)], text[(k + 2) % len(text)]))
    for letter in ("L0", "L1", "L2"):
        rows += [(letter, "Shared One", "UK", "IPAC"), (letter, "Shared Two", "FR", "IPAC")]
    table = pd.DataFrame(rows, columns=["letter", "signer", "country", "organisation"])
    number = table.letter.str[1].astype(int)
    table["date"] = [f"{2019 + k}-05-01" for k in number]
    table["title"] = [TITLES[k] for k in number]
    return cs.Corpus.from_frame(
        table, letter="letter", signer="signer", date="date", country="country",
        organisation="organisation", title="title",
    )  # fmt: skip


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[cs.Analysis, Path]:
    out = tmp_path_factory.mktemp("hostile") / "report"
    # Rule-based identity merges two signers of one normalised name (fullwidth "@x" and "$x^$"
    # are "x", fullwidth "+1" and "-1" are "1"); these tests follow each printed string.
    apart = [
        {"name_a": "\uff20x", "name_b": "$x^$", "rule": "different"},
        {"name_a": "\uff0b1", "name_b": "\uff0d1", "rule": "different"},
    ]
    result = cs.analyze(hostile_corpus(), out=out, progress=False, freq="Y", aliases=apart)
    return result, out


def evaluated_by_a_spreadsheet(cell: object) -> bool:
    return isinstance(cell, str) and cell[:1] in tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def read_cells(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_no_csv_cell_would_run_in_a_spreadsheet(hostile: tuple[cs.Analysis, Path]) -> None:
    _, out = hostile
    written = sorted(p.name for p in out.glob("*.csv"))
    assert written == ["actors.csv", "coalitions.csv", "edges.csv", "letters.csv",
                       "over_time.csv", "signatures.csv"]  # fmt: skip
    for name in written:
        cells = read_cells(out / name)
        bad = [c for c in cells.to_numpy().ravel() if evaluated_by_a_spreadsheet(c)]
        assert bad == [], name
        assert not any(evaluated_by_a_spreadsheet(c) for c in cells.columns), name
    signatures = read_cells(out / "signatures.csv")
    names = set(signatures.name)
    for payload in FORMULAS:
        assert "'" + payload in names, payload  # the quote, then the text as it was
    assert "'-5" in set(signatures.country)
    actors = read_cells(out / "actors.csv")
    assert "'@SUM(A1:A9)" in set(actors.name)
    edges = read_cells(out / "edges.csv")
    assert "'@SUM(A1:A9)" in set(edges.source_name) | set(edges.target_name)
    letters = read_cells(out / "letters.csv")
    assert letters.title.tolist() == ["'" + TITLES[0], *TITLES[1:]]


def test_numbers_stay_numbers_in_the_csv(hostile: tuple[cs.Analysis, Path]) -> None:
    result, out = hostile
    edges = pd.read_csv(out / "edges.csv")
    assert edges.weight.dtype.kind == "f"
    assert edges.pvalue.tolist() == result.edges.pvalue.tolist()
    assert edges.in_backbone.dtype == bool
    actors = pd.read_csv(out / "actors.csv", index_col="actor_id")
    assert actors.n_letters.tolist() == result.actors.n_letters.tolist()
    pd.testing.assert_series_equal(actors.pagerank, result.actors.pagerank, check_exact=True)
    numbers = pd.DataFrame({"x": [-5.0, 1.0], "n": [-3, 4]})
    assert _output.spreadsheet_safe(numbers).to_csv(index=False) == "x,n\n-5.0,-3\n1.0,4\n"


def test_spreadsheet_safe_cell_by_cell() -> None:
    labels = pd.Index(["=i", "i", "+i", "i", "i", "i", "i", "i", "i", "i", "i"], name="=id")
    frame = pd.DataFrame(
        {
            "text": pd.Series(
                ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "\uff1d1", "plain", "a=b", None, ""],
                dtype=object,
                index=labels,
            ),
            "number": [-1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            "mixed": ["-1", 2, ("=x",), "=x", None, 1.5, "ok", "ok", "ok", "ok", "ok"],
        },
        index=labels,
    )
    safe = _output.spreadsheet_safe(frame)
    assert safe.text.tolist() == ["'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "'\uff1d1", "plain",
                                  "a=b", None, ""]  # fmt: skip
    assert safe.number.tolist() == frame.number.tolist()
    assert safe.number.dtype == frame.number.dtype
    assert safe.mixed.tolist() == ["'-1", 2, ("=x",), "'=x", None, 1.5, *["ok"] * 5]
    assert safe.index.tolist()[:3] == ["'=i", "i", "'+i"]
    assert safe.index.name == "'=id"
    assert frame.text.iloc[0] == "=1+1"  # the frame given is not changed
    strings = pd.DataFrame({"s": pd.array(["=x", "y"], dtype="string")})
    assert _output.spreadsheet_safe(strings).s.tolist() == ["'=x", "y"]
    categories = pd.DataFrame({"c": pd.Categorical(["=x", "y", "=x"])})
    assert _output.spreadsheet_safe(categories).c.tolist() == ["'=x", "y", "'=x"]


def test_raw_csv_keeps_the_exact_text(tmp_path: Path) -> None:
    out = tmp_path / "raw"
    corpus = hostile_corpus()
    cs.analyze(corpus, out=out, formats="csv", spreadsheet_safe=False, progress=False)
    signatures = read_cells(out / "signatures.csv")
    assert '=HYPERLINK("http://evil.example","click")' in set(signatures.name)
    assert "-5" in set(signatures.country)


def test_raw_csv_from_the_command_line(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    pd.DataFrame({"letter": ["L1", "L1"], "name": ["=1+1", "@x"]}).to_csv(table, index=False)
    done = cli("analyze", "t.csv", "--out", "cli", "--raw-csv", "--format", "csv", "--quiet",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(read_cells(tmp_path / "cli" / "actors.csv").name) == ["=1+1", "@x"]
    done = cli("analyze", "t.csv", "--out", "safe", "--format", "csv", "--quiet", cwd=tmp_path)
    assert sorted(read_cells(tmp_path / "safe" / "actors.csv").name) == ["'=1+1", "'@x"]


def test_json_and_graph_files_keep_the_exact_text(hostile: tuple[cs.Analysis, Path]) -> None:
    import networkx as nx

    result, out = hostile
    expected = set(result.actors.name)
    assert set(FORMULAS + HTML + MATH) <= expected
    back = cs.Graph.read(out / "network.json")
    assert set(back.nodes.name) == expected
    assert set(back.nodes.country) == set(result.actors.country)
    for read in (nx.read_graphml, nx.read_gexf):
        path = out / ("network.graphml" if read is nx.read_graphml else "network.gexf")
        graph = read(path)
        assert {data["name"] for _, data in graph.nodes(data=True)} >= expected
    corpus = tmp_corpus_json(hostile_corpus(), out.parent / "corpus.json")
    assert set(corpus.signatures.name) == set(hostile_corpus().signatures.name)


def test_graph_files_keep_a_carriage_return(tmp_path: Path) -> None:
    import networkx as nx

    network = nx.Graph()
    network.add_node("a", name="x\ry")
    network.add_node("b", name="z")
    network.add_edge("a", "b")
    cs.Graph.from_networkx(network).write(tmp_path / "g.graphml")
    assert cs.Graph.read(tmp_path / "g.graphml").nodes.name.tolist() == ["x\ry", "z"]


def tmp_corpus_json(corpus: cs.Corpus, path: Path) -> cs.Corpus:
    corpus.to_json(path)
    return cs.Corpus.read_json(path)


def test_no_user_text_reaches_the_html_unescaped(hostile: tuple[cs.Analysis, Path]) -> None:
    _, out = hostile
    page = (out / "index.html").read_text(encoding="utf-8")
    cs.analyze(small_corpus(), out=out.parent / "clean", formats="html", progress=False)
    baseline = (out.parent / "clean" / "index.html").read_text(encoding="utf-8")
    for payload in HTML[:4]:
        assert payload not in page, payload
    for tag in ("<script", "</script", "<!--", "<h1"):  # plotly's and ours only
        assert page.count(tag) == baseline.count(tag), tag
    # Each piece of user text is shown, escaped: in the tables and in plotly's hover text.
    # plotly's JSON writes < > / as \u003c \u003e \u002f; the hover text is escaped before
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;\\u002fscript&gt;" in page
    assert page.count("&lt;script&gt;alert('name')&lt;/script&gt;") >= 2  # tables
    assert "&lt;/table&gt;&lt;h1&gt;owned&lt;/h1&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&amp;amp;" in page


def test_the_report_escapes_the_source_undated_ids_and_parse_issues(
    tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "<img src=x onerror=alert(1)>"
    folder.mkdir()
    (folder / "<b onclick=x>undated.txt").write_text(
        "Open letter\n\nSigned,\nAnn Lee\nBob Ray\n<script>alert(1)</script>\n1 <b>footnote</b>\n",
        encoding="utf-8",
    )
    pd.DataFrame(
        {"letter": ["D1", "D1", "D2", "D2"], "name": ["Ann Lee", "Cy", "Ann Lee", "Cy"],
         "date": ["2019-01-01", "2019-01-01", "2021-01-01", "2021-01-01"]}
    ).to_csv(folder / "dated.csv", index=False)  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["analyze", folder.name, "--out", "r", "--quiet", "--format", "html"]) == 0
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "letters from &lt;img src=x onerror=alert(1)&gt;" in page  # the source
    assert "left out: &lt;b onclick=x&gt;undated." in page  # undated letters
    assert "<td>1 &lt;b&gt;footnote&lt;/b&gt;</td>" in page  # parse issues
    for raw in ("<img src=x", "<b onclick", "<b>footnote", "<script>alert(1)"):
        assert raw not in page


def user_texts(figure: matplotlib.figure.Figure) -> list[matplotlib.text.Text]:
    return [t for t in figure.findobj(matplotlib.text.Text) if t.get_text()]


def test_figures_never_read_user_text_as_mathematics_or_tex() -> None:
    import matplotlib.pyplot as plt

    names = pd.Series({"a": MATH[0], "b": MATH[1], "c": MATH[2], "d": MATH[3]})
    ranks = pd.DataFrame(
        {"a": [1.0, 2.0], "b": [2.0, 1.0], "c": [3.0, 3.0], "d": [4.0, 4.0]},
        index=pd.Index(["$x^$", r"$\foo$"]),
    )
    growth = pd.DataFrame({"$x^$": [1, 2]}, index=pd.Index(["$a", "b$"]))

    def plots() -> list[matplotlib.axes.Axes]:
        return [
            cs.temporal.plot_ranks(ranks, names=names),
            cs.temporal.plot_growth(growth, columns=["$x^$"]),
        ]

    with matplotlib.rc_context({"text.usetex": True}):  # TeX would run \input{/etc/passwd}
        for ax in plots():
            texts = [*ax.get_legend().get_texts(), *ax.get_xticklabels()]
            assert [t.get_usetex() for t in texts] == [False] * len(texts)
            plt.close(ax.figure)
    ranked, grown = plots()
    for ax in (ranked, grown):
        ax.figure.canvas.draw()  # mathtext would raise here
        for text in [*ax.get_legend().get_texts(), *ax.get_xticklabels()]:
            assert text._preprocess_math(text.get_text()) == (
                text.get_text().replace(r"\$", "$"),
                False,
            )  # drawn as the plain text given
    shown = [t.get_text().replace(r"\$", "$") for t in ranked.get_legend().get_texts()]
    assert shown == [MATH[0], MATH[1], MATH[2][:59] + "\u2026", MATH[3]]
    assert [t.get_text() for t in ranked.get_xticklabels()] == [r"\$x^\$", r"\$\foo\$"]
    assert [t.get_text() for t in grown.get_legend().get_texts()] == [r"\$x^\$"]
    plt.close("all")


def test_long_and_underscored_user_text_in_figures() -> None:
    import matplotlib.pyplot as plt

    ranks = pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 1.0]}, index=pd.Index(["2019", "2020"]))
    ax = cs.temporal.plot_ranks(ranks, names={"a": "x" * 100_000, "b": "_nolegend_"})
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["x" * 59 + "\u2026", " _nolegend_"]  # a leading _ would hide the entry
    plt.close(ax.figure)
    ax = cs.temporal.plot_growth(pd.DataFrame({"_n": [1, 2]}), columns=["_n"])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [" _n"]
    plt.close(ax.figure)


def test_the_hostile_report_draws_every_figure(hostile: tuple[cs.Analysis, Path]) -> None:
    _, out = hostile
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count("<img alt") == 5  # network, growth, ranks, coalitions, countries
    assert "<h2>Countries</h2>\n<img alt" in page


# ---------------------------------------------------------------- no traceback, ever


@pytest.mark.parametrize(
    ("rows", "extra", "summary"),
    [
        ([("L1", "Ann Lee"), ("L1", "Bob Ray"), ("L2", "Ann Lee")], ["--min-weight", "99"],
         "2 letters, 2 actors, 0 ties"),
        ([("L1", "Ann Lee"), ("L2", "Bob Ray"), ("L3", "Cy Doe")], [],
         "3 letters, 3 actors, 0 ties"),
        ([("L1", "Ann Lee")], [], "1 letters, 1 actors, 0 ties"),
        ([("L1", "Ann Lee"), ("L2", "Ann Lee")], ["--backbone", "disparity"],
         "2 letters, 1 actors, 0 ties"),
    ],
)  # fmt: skip
def test_networks_without_ties_give_a_report_that_says_so(
    tmp_path: Path, rows: list[tuple[str, str]], extra: list[str], summary: str
) -> None:
    letters_folder(tmp_path / "L", rows)
    done = cli("analyze", "L", "--out", "r", "--format", "html,csv", *extra, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert summary in done.stderr
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "The network has no ties" in page
    assert len(read_cells(tmp_path / "r" / "edges.csv")) == 0


def test_min_weight_above_every_tie_says_which_weight(tmp_path: Path) -> None:
    letters_folder(tmp_path / "L")
    result = cs.analyze(cs.read_letters(tmp_path / "L"), out=tmp_path / "r", min_weight=99,
                        formats="html")  # fmt: skip
    assert result.graph.n_edges == 0
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert (
        "The network has no ties: no two actors share letters with a tie weight of at least 99"
        in page
    )


def test_mathematics_in_names_and_countries_does_not_kill_the_report(tmp_path: Path) -> None:
    rows = []
    for k, name in enumerate(MATH):
        rows += [(f"L{k}", name, MATH[(k + 1) % len(MATH)], f"{2015 + k}-01-01"),
                 (f"L{k}", "Ann Lee", "UK", f"{2015 + k}-01-01"),
                 (f"L{k}", "Bob Ray", MATH[k], f"{2015 + k}-01-01")]  # fmt: skip
    pd.DataFrame(rows, columns=["letter", "name", "country", "date"]).to_csv(
        tmp_path / "math.csv", index=False
    )
    done = cli("analyze", "math.csv", "--out", "r", "--freq", "Y", "--format", "html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert page.count("<img alt") == 5


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--alpha", "2", "argument --alpha: alpha must lie strictly between 0 and 1, got 2.0"),
        ("--alpha", "nan", "argument --alpha: alpha must lie strictly between 0 and 1, got nan"),
        ("--alpha", "x", "argument --alpha: not a number: 'x'"),
        ("--min-weight", "-1", "argument --min-weight: min_weight must be finite and >= 0"),
        ("--min-weight", "inf", "argument --min-weight: min_weight must be finite and >= 0"),
        ("--resolution", "nan", "argument --resolution: resolution must be finite and >= 0"),
        ("--resolution", "-0.5", "argument --resolution: resolution must be finite and >= 0"),
        ("--format", "", "--format: unknown output ''"),
        ("--format", ",", "--format: unknown output ','"),
        ("--freq", "", "argument --freq: invalid choice: ''"),
    ],
)
def test_bad_option_values_exit_2_with_one_line_before_any_work(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    done = cli("analyze", "--out", "r", option, value, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(("cosignet analyze: error: ", "cosignet: error: ")), last
    assert message in last
    assert "No PATH given" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_paths_with_control_characters_are_one_line_errors(tmp_path: Path) -> None:
    letters_folder(tmp_path / "L")
    (tmp_path / "L" / "bad\x1b[31m\u202e.txt").write_bytes(b"\x00binary")
    done = cli("analyze", "missing\nline", "--out", "r", cwd=tmp_path)
    one_line_error(done, 1, "missing\\nline: no such file or folder")
    done = cli("analyze", "L", "--out", "r", cwd=tmp_path)
    one_line_error(done, 1, "L/bad\\x1b[31m\\u202e.txt: not a text file (it holds a NUL byte")
    assert not (tmp_path / "r").exists()


def test_bad_aliases_are_one_line_errors_and_folder_links_are_not_followed(tmp_path: Path) -> None:
    letters_folder(tmp_path / "L")
    done = cli("analyze", "L", "--aliases", "nope.csv", "--out", "r", cwd=tmp_path)
    one_line_error(done, 1, "nope.csv: no such file or folder (aliases)")
    done = cli("analyze", "L", "--aliases", "L", "--out", "r", cwd=tmp_path)
    one_line_error(done, 1, "L: aliases must be a file (CSV or JSON), not a folder")
    assert not (tmp_path / "r").exists()
    (tmp_path / "L" / "loop").symlink_to("..")  # a folder that holds itself
    done = cli("analyze", "L", "--out", "r", "--format", "csv", "--quiet", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(read_cells(tmp_path / "r" / "signatures.csv")) == 4


def test_an_unexpected_error_is_one_line_too(tmp_path: Path, monkeypatch, capsys) -> None:
    import cosignet.report

    def broken(result: object, path: Path) -> Path:
        raise RecursionError("maximum recursion depth exceeded\nsecond line")

    monkeypatch.setattr(cosignet.report, "write_report", broken)
    monkeypatch.delenv("COSIGNET_TRACEBACK", raising=False)
    assert main(["analyze", "--out", str(tmp_path / "r"), "--quiet"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "cosignet: internal error: RecursionError: maximum recursion depth exceeded\\nsecond "
        "line (a bug in cosignet: please report it; COSIGNET_TRACEBACK=1 shows the traceback)"
    )
    assert list(tmp_path.iterdir()) == []
