"""The command line: exit codes, one-line messages, the bundled corpus by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cosignet.cli import main


def run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cosignet", *arguments],
        capture_output=True, text=True, cwd=cwd, timeout=300, check=False,
    )  # fmt: skip


def test_no_path_analyses_the_bundled_corpus_and_says_so(tmp_path: Path) -> None:
    done = run("analyze", "--out", "report", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "bundled example corpus" in done.stderr
    assert "wrote 10 files to report/" in done.stderr
    assert (tmp_path / "report" / "index.html").is_file()
    assert "Traceback" not in done.stderr


def test_letters_from_a_folder(tmp_path: Path) -> None:
    import cosignet as cs

    letters = tmp_path / "letters"
    letters.mkdir()
    for path in cs.datasets.interpol_2021_paths():
        (letters / path.name).write_bytes(path.read_bytes())
    assert main(["analyze", str(letters), "--out", str(tmp_path / "out"), "--quiet",
                 "--format", "csv,graphml", "--backbone", "fixed_row"]) == 0  # fmt: skip
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".csv"] * 6 + [".graphml"]
    assert main(["analyze", str(letters), "--out", str(tmp_path / "daily"), "--quiet",
                 "--format", "csv", "--freq", "D"]) == 0  # fmt: skip
    over_time = (tmp_path / "daily" / "over_time.csv").read_text(encoding="utf-8").splitlines()
    assert over_time[1].startswith("2021-11-15,")  # one window: the day both letters were sent


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["analyze", "--bogus"], 2, "unrecognized arguments: --bogus"),
        (["analyze", "--format", "pdf"], 2, "--format: unknown output 'pdf'"),
        (["analyze", "--weighting", "shared"], 2, "invalid choice: 'shared'"),
        (["analyze", "--freq", "H"], 2, "--freq: invalid choice: 'H'"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
        (["analyze", "missing/"], 1, "missing/: no such file or folder"),
        (["analyze", "binary.txt"], 1, "binary.txt: a binary file, not text"),
        (["analyze", "latin1.txt"], 1, "latin1.txt: not UTF-8 text"),
        (["analyze", "empty"], 1, "empty: the folder holds no file to read (.txt, .md, "),
        (
            ["analyze", "--columns", "affil"],
            2,
            "--columns: expected SOURCE=FIELD pairs separated by commas, got 'affil'",
        ),
        (
            ["analyze", "--columns", "affil=affiliation"],
            2,
            "--columns: 'affil' is mapped to 'affiliation', which is no cosignet field",
        ),
        (["analyze", "--out", "afile/report"], 1, "is not an existing folder"),
        (["analyze", "--out", "/proc/cosignet-report"], 1, "cannot write there"),
        (["analyze", "--out", "full"], 1, "full: the output folder is not empty"),
    ],
)
def test_errors_are_one_line_with_the_right_exit_code(
    tmp_path: Path, arguments: list[str], code: int, message: str
) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 PK zip")
    (tmp_path / "latin1.txt").write_bytes("Lettre ouverte, signée par".encode("latin-1") * 40)
    (tmp_path / "empty").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", encoding="utf-8")
    done = run(*arguments, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    if code == 1:  # one line of error, the last one
        lines = done.stderr.strip().splitlines()
        assert [line for line in lines if "error" in line] == [lines[-1]]
        assert lines[-1].startswith("cosignet: error: ")
    assert (tmp_path / "full" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "report").exists()


def test_version_and_help() -> None:
    assert main(["--version"]) == 0
    assert main(["analyze", "--help"]) == 0
