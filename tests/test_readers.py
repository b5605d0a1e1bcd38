"""read_letters: files and folders of letters and tables, bad input, the progress bar."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

import cosignet as cs
from cosignet import letters as letters_module
from cosignet.readers import PROGRESS_THRESHOLD

LETTER = """Subject: Free the journalists

15 November 2021

Dear Minister,

We write to ask for their release.

Yours sincerely,

Ann Lee, Reporters Without Borders
Bob Ray MP (United Kingdom)
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def parse_error(paths: object) -> str:
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(paths)  # type: ignore[arg-type]
    return str(info.value)


# ------------------------------------------------------------------ folders and files


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(
        root / "b_bills.csv",
        "letter,name,date,Country,honorifics,party,extra\n"
        "s1,Ann Lee,2015-01-21,UK,Rt Hon; MP,Lab,ignored\n"
        "s1,Bob Ray,2015-01-21,NA,,,x\n"
        "s2,Ann Lee,,UK,,Lab,\n",
    )
    write(
        root / "a_rows.json",
        json.dumps(
            [
                {"letter_id": "p1", "signer": "Dovilė Šakalienė", "honorifics": ["MP"]},
                {"letter_id": "p1", "signer": "Ann Lee", "source": "https://example.org/p1"},
            ],
            ensure_ascii=False,
        ),
    )
    (root / "sub").mkdir()
    cs.Corpus(
        [
            cs.Letter(id="c1", signatories=(cs.Signature("Bob Ray", "Bob Ray"),), source="old.txt"),
            cs.Letter(id="c2", signatories=(cs.Signature("Cy", "Cy"),)),
        ]
    ).to_json(root / "sub" / "c_corpus.json")
    write(root / "sub" / "deeper" / "letter one.txt", LETTER)
    write(root / ".hidden.csv", "letter,name\nh,Hidden\n")
    write(root / ".git" / "x.csv", "letter,name\nh,Hidden\n")
    write(root / "logo.png", b"\x89PNG\x00")
    return root


def test_read_a_folder(folder: Path) -> None:
    corpus = cs.read_letters(folder)
    letters = corpus.letters
    given = str(folder)
    assert list(letters.letter_id) == ["p1", "s1", "s2", "c1", "c2", "letter one"]
    assert list(letters.source) == [
        "https://example.org/p1",
        os.path.join(given, "b_bills.csv"),
        os.path.join(given, "b_bills.csv"),
        "old.txt",
        os.path.join(given, "sub", "c_corpus.json"),
        os.path.join(given, "sub", "deeper", "letter one.txt"),
    ]
    assert list(letters.date) == [
        None,
        dt.date(2015, 1, 21),
        None,
        None,
        None,
        dt.date(2021, 11, 15),
    ]
    assert list(letters.n_signatories) == [2, 2, 1, 1, 1, 2]
    signatures = corpus.signatures.set_index(["letter_id", "name"])
    assert signatures.loc[("s1", "Ann Lee"), "honorifics"] == ("Rt Hon", "MP")
    assert signatures.loc[("s1", "Ann Lee"), "party"] == "Lab"
    assert signatures.loc[("s1", "Bob Ray"), "country"] == "NA"  # Namibia, not missing
    assert signatures.loc[("p1", "Dovilė Šakalienė"), "honorifics"] == ("MP",)
    assert "extra" not in corpus.signatures.columns
    assert corpus.actors.loc["person:ann lee", "n_letters"] == 4  # the .txt letter too
    assert list(corpus.letters.letter_id) == list(cs.read_letters([folder]).letters.letter_id)


def test_paths_keep_the_form_given(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder.parent)
    corpus = cs.read_letters(["corpus/sub/deeper/letter one.txt", Path("corpus/b_bills.csv")])
    assert list(corpus.letters.source) == [
        "corpus/sub/deeper/letter one.txt",
        "corpus/b_bills.csv",
        "corpus/b_bills.csv",
    ]
    assert cs.read_letters("corpus/sub").letters.source.iloc[-1] == os.path.join(
        "corpus/sub", "deeper", "letter one.txt"
    )


def test_text_letters_go_through_parse_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str | None, str | None]] = []

    def fake(text: str, id: str | None = None, source: str | None = None) -> cs.Letter:
        calls.append((text, id, source))
        return cs.Letter(id=id, source=source, title=text.strip())

    monkeypatch.setattr(letters_module, "parse_letter", fake)
    write(tmp_path / "x.md", "\ufeffA title\n")  # a byte order mark is dropped
    write(tmp_path / "y.TXT", "Another")
    corpus = cs.read_letters([tmp_path / "y.TXT", tmp_path / "x.md"])
    assert calls == [
        ("Another", "y", str(tmp_path / "y.TXT")),
        ("A title\n", "x", str(tmp_path / "x.md")),
    ]
    assert list(corpus.letters.title) == ["Another", "A title"]


def test_parse_errors_name_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(text: str, id: str | None = None, source: str | None = None) -> cs.Letter:
        raise cs.ParseError("line 3: cannot read this")

    monkeypatch.setattr(letters_module, "parse_letter", failing)
    path = write(tmp_path / "x.txt", "text")
    assert parse_error(path) == f"{path}: line 3: cannot read this"


def test_csv_with_a_byte_order_mark_and_signer_column(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "\ufeffLetter_ID , Signer\nL1,Ann\n")
    corpus = cs.read_letters(path)
    assert list(corpus.signatures.name) == ["Ann"]
    assert list(corpus.letters.letter_id) == ["L1"]


def test_signatures_table_written_as_csv_reads_back(tmp_path: Path) -> None:
    corpus = cs.Corpus(
        [
            cs.Letter(
                id="L1",
                signatories=(cs.Signature("Ann Lee MP", "Ann Lee", ("MP",), party="Lab"),),
                addressees=(cs.Signature("Bob", "Bob", position="Minister"),),
            )
        ]
    )
    table = corpus.signatures.assign(honorifics=lambda t: t.honorifics.map("; ".join))
    table.to_csv(tmp_path / "signatures.csv", index=False)
    back = cs.read_letters(tmp_path / "signatures.csv")
    columns = ["letter_id", "role", "order", "raw", "name", "honorifics", "party", "actor_id"]
    assert back.signatures[columns].equals(corpus.signatures[columns])
    assert back.signatures.line.isna().all()


def test_signatures_to_csv_as_pandas_prints_tuples_reads_back(tmp_path: Path) -> None:
    corpus = cs.datasets.interpol_2021()
    corpus.signatures.to_csv(tmp_path / "signatures.csv", index=False)  # "('Rt Hon', 'MP')"
    back = cs.read_letters(tmp_path / "signatures.csv")
    columns = [c for c in corpus.signatures.columns if c != "line"]
    assert back.signatures[columns].equals(corpus.signatures[columns])
    assert back.signatures.honorifics[80] == ("Rt Hon", "Sir", "MP")
    assert back.signatures.line.tolist() == corpus.signatures.line.tolist()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("('MP',)", ("MP",)),
        ("('MP')", ("MP",)),
        ("()", ()),
        ("['Dr', 'MEP']", ("Dr", "MEP")),
        ("(MP)", ("(MP)",)),  # not a literal: an honorific as printed
        ("(1, 2)", ("(1, 2)",)),  # not text
        ("Rt Hon; MP", ("Rt Hon", "MP")),
    ],
)
def test_honorifics_cells(tmp_path: Path, cell: str, expected: tuple[str, ...]) -> None:
    frame = pd.DataFrame({"letter": ["L1"], "name": ["Ann Lee"], "honorifics": [cell]})
    frame.to_csv(tmp_path / "t.csv", index=False)
    assert cs.read_letters(tmp_path / "t.csv").signatures.honorifics[0] == expected


# ------------------------------------------------------------------ bad input


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as info:
        cs.read_letters([tmp_path, tmp_path / "nope.txt"])
    assert str(info.value) == f"[Errno 2] No such file or directory: '{tmp_path / 'nope.txt'}'"


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", b"")
    assert parse_error(path) == f"{path}: the file is empty"
    blank = write(tmp_path / "blank.csv", b" \n\t\r\n")
    assert parse_error(blank) == f"{blank}: the file is empty (it holds only whitespace)"


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert parse_error(path) == (
        f"{path}: not a text file (it holds a NUL byte at offset 8); read_letters reads UTF-8 text"
    )


def test_invalid_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "latin1.csv", "letter,name\nL1,Reinhard Bütikofer\n".encode("latin-1"))
    assert parse_error(path) == (
        f"{path}: not valid UTF-8: byte 0xfc at offset 25 (line 2) (invalid start byte); "
        "save the file as UTF-8"
    )
    truncated = write(tmp_path / "cut.md", "Dovilė".encode()[:-1])
    assert parse_error(truncated) == (
        f"{truncated}: not valid UTF-8: byte 0xc4 at offset 5 (line 1) (unexpected end of "
        "data); save the file as UTF-8"
    )


def test_utf16(tmp_path: Path) -> None:
    path = write(tmp_path / "win.txt", "Dear Minister".encode("utf-16"))
    assert parse_error(path) == f"{path}: the file is UTF-16; save it as UTF-8"


def test_unsupported_and_empty(tmp_path: Path) -> None:
    sheet = write(tmp_path / "letter.xlsx", b"PK")
    with pytest.raises(cs.InvalidInputError) as info:
        cs.read_letters(sheet)
    assert str(info.value) == (
        f"cannot read '{sheet}': read_letters reads .txt, .md, .markdown, .html, .htm, .pdf, "
        ".docx, .csv, .json, .jsonl, .ndjson, .yaml, .yml files"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / ".hidden.txt", "x")
    write(empty / "logo.png", "x")
    with pytest.raises(cs.InvalidInputError) as info:
        cs.read_letters(empty)
    assert str(info.value) == (
        f"found no file to read in the folder '{empty}' (read_letters reads .txt, .md, "
        ".markdown, .html, .htm, .pdf, .docx, .csv, .json, .jsonl, .ndjson, .yaml, .yml files)"
    )
    with pytest.raises(cs.InvalidInputError, match="paths is empty"):
        cs.read_letters([])
    with pytest.raises(cs.InvalidInputError, match="paths must be a path or a list of paths"):
        cs.read_letters(3)  # type: ignore[arg-type]
    with pytest.raises(cs.InvalidInputError, match="paths must hold file paths, got 3"):
        cs.read_letters([sheet, 3])  # type: ignore[list-item]


def test_repeated_ids_name_both_files(tmp_path: Path) -> None:
    first = write(tmp_path / "a.csv", "letter,name\nL1,Ann\n")
    second = write(tmp_path / "b.json", '[{"letter": "L1", "name": "Bob"}]')
    with pytest.raises(cs.InvalidInputError) as info:
        cs.read_letters(tmp_path)
    assert str(info.value) == (
        f"two letters have the id 'L1': from '{first}' and from '{second}'; letter ids must be "
        "unique (a letter file's id is its name without the extension)"
    )


def test_csv_errors(tmp_path: Path) -> None:
    no_name = write(tmp_path / "a.csv", "letter,person\ns1,Ann\n")
    assert parse_error(no_name) == (
        f"{no_name}: the table has no column 'name' or 'signer' (name the signer's column so, "
        "or map it with columns={...: 'name'}); its columns are 'letter', 'person'"
    )
    no_rows = write(tmp_path / "b.csv", "letter,name\n")
    assert parse_error(no_rows) == f"{no_rows}: the table has no rows"
    missing = write(tmp_path / "c.csv", "letter,name\ns1,Ann\ns1,\n")
    assert parse_error(missing) == f"{missing}: signer is missing in row 3 (df['name'] is nan)"
    ragged = write(tmp_path / "d.csv", 'letter,name\ns1,Ann\ns2,"Bob\n')
    assert parse_error(ragged).startswith(f"{ragged}: cannot read the CSV table: ")
    conflict = write(tmp_path / "e.csv", "letter,name,date\ns1,Ann,2015-01-01\ns1,Bob,2016\n")
    assert parse_error(conflict) == (
        f"{conflict}: letter 's1' has conflicting date values in df['date']: '2015-01-01' "
        "(row 2) and '2016-01-01' (row 3)"
    )


def test_json_errors(tmp_path: Path) -> None:
    rows = write(tmp_path / "a.json", '[\n  {"letter": "L1", "name": "Šakalienė"},\n  {"letter"]')
    assert parse_error(rows) == (
        f"{rows}: malformed JSON at line 3, column 12 (byte 56): Expecting ':' delimiter"
    )
    corpus = write(tmp_path / "b.json", '{"format": "cosignet-corpus", "version": 1, "letters": [}')
    assert parse_error(corpus) == (
        f"{corpus}: malformed JSON at line 1, column 57 (byte 56): syntax error while parsing "
        "value - unexpected '}'; expected '[', '{', or a literal"
    )
    other = write(tmp_path / "c.json", '{"letters": {}}')
    assert parse_error(other) == (
        f'{other}: not a cosignet corpus: the key "format" is missing (expected "format": '
        '"cosignet-corpus")'
    )
    scalar = write(tmp_path / "d.json", "42")
    assert parse_error(scalar) == (
        f"{scalar}: expected a cosignet corpus or a record (a JSON object) or a JSON array of "
        "records (one object per signature), got int"
    )
    mixed = write(tmp_path / "e.json", '[{"letter": "L", "name": "A"}, ["L", "B"]]')
    assert parse_error(mixed) == (
        f'{mixed}: item 1 of the JSON array is ["L", "B"], expected an object (one per signature)'
    )
    bad_utf8 = write(tmp_path / "f.json", b'[{"letter": "L", "name": "B\xfctikofer"}]')
    assert parse_error(bad_utf8) == (
        f"{bad_utf8}: not valid UTF-8: byte 0xfc at offset 27 (line 1) (invalid start byte); "
        "save the file as UTF-8"
    )


def test_a_50_mb_csv(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as file:
        file.write("letter,name,country,party\n")
        row = 0
        while file.tell() < 50_000_000:
            file.write(
                "".join(
                    f"L{i // 25},Signer Šakalienė {i % 20011},Country {i % 53},Party {i % 7}\n"
                    for i in range(row, row + 20_000)
                )
            )
            row += 20_000
    tracemalloc.start()
    start = time.perf_counter()
    corpus = cs.read_letters(path)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(corpus.signatures) == row
    assert len(corpus) == row // 25
    assert len(corpus.actors) == 20011
    assert corpus.incidence().shape == (row // 25, 20011)
    assert seconds < 60
    assert peak < 3_000_000_000  # bytes allocated by Python at the peak


# ------------------------------------------------------------------ progress


@pytest.fixture
def many(tmp_path: Path) -> Path:
    for i in range(PROGRESS_THRESHOLD + 5):
        write(tmp_path / f"t{i:02d}.csv", f"letter,name\nL{i},Ann\n")
    return tmp_path


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    many: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = cs.read_letters(many)
    assert len(corpus) == PROGRESS_THRESHOLD + 5
    assert capsys.readouterr().err == ""


def test_progress_bar_on_request(many: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cs.read_letters(many, progress=True)
    err = capsys.readouterr().err
    assert "reading letters" in err
    assert f"{PROGRESS_THRESHOLD + 5}/{PROGRESS_THRESHOLD + 5}" in err
    cs.read_letters(many, progress=False)
    assert capsys.readouterr().err == ""


def test_progress_bar_on_a_terminal(
    many: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    cs.read_letters(many)
    assert "reading letters" in capsys.readouterr().err
    cs.read_letters(sorted(many.iterdir())[:PROGRESS_THRESHOLD])  # few files: no bar
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("suffix", "factor"), [(".txt", 4), (".csv", 10), (".json", 12), (".yaml", 12), (".pdf", 20)]
)
def test_a_file_too_large_for_memory_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, factor: int
) -> None:
    path = write(tmp_path / f"big{suffix}", b"letter,name\nL1,Ann\n" * 100)  # 1,900 bytes
    monkeypatch.setattr("cosignet._memory.available_bytes", lambda: 1_000 * factor)
    with pytest.raises(cs.TooLargeError) as info:
        cs.read_letters(path)
    assert str(info.value) == (
        f"{path}: 1.9 kB; reading it needs about {1.9 * factor:.1f} kB of memory, more than "
        f"the {factor:.1f} kB available; split it into smaller files (read_letters reads a "
        "folder of them)"
    )
    if suffix == ".json":
        with pytest.raises(cs.TooLargeError):
            cs.Corpus.read_json(path)
