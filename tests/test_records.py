"""Records: folders of one-record files, JSON arrays, JSON Lines, columns=, corpus.sources."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pandas as pd
import pytest

import cosignet as cs
from cosignet.readers import SOURCE_COLUMNS


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A letter published as a static site: its text, and one file per signature."""
    folder = tmp_path / "support-letter"
    write(
        folder / "index.md",
        "---\ntitle: In support of Jane Roe\ndate: 2021-03-23\n---\n# Another title\n\n"
        "Dear community,\n\nWe support her.\n\nSigned,\n\nNot A Record\n",
    )
    write(folder / "ann-lee.yaml", "name: Ann Lee\nlink: https://example.org/ann\n")
    write(folder / "bob-ray.yml", "name: Bob Ray\naffiliation: Tibet Watch\nhandle: '@bob'\n")
    write(
        folder / "cy-doe.json",
        json.dumps({"name": "Cy Doe", "email": "cy@example.org", "social": {"x": "@cy"}}),
    )
    write(folder / "logo.svg", "<svg/>")
    return folder


def test_a_record_folder_is_one_letter_named_after_the_folder(site: Path) -> None:
    corpus = cs.read_letters(site)
    assert corpus.letters[
        ["letter_id", "title", "date", "source", "n_signatories"]
    ].values.tolist() == [
        ["support-letter", "In support of Jane Roe", dt.date(2021, 3, 23), str(site), 3]
    ]
    columns = ["name", "organisation", "handle", "url", "email", "source"]
    assert corpus.signatures[columns].values.tolist() == [
        ["Ann Lee", None, None, "https://example.org/ann", None, None],
        ["Bob Ray", "Tibet Watch", "@bob", None, None, None],
        ["Cy Doe", None, None, None, "cy@example.org", None],
    ]
    assert corpus.sources.to_dict("records") == [
        {"path": str(site / "ann-lee.yaml"), "format": "yaml", "status": "read", "reason": None,
         "letters": 1, "signatures": 1},
        {"path": str(site / "bob-ray.yml"), "format": "yaml", "status": "read", "reason": None,
         "letters": 1, "signatures": 1},
        {"path": str(site / "cy-doe.json"), "format": "json", "status": "read", "reason": None,
         "letters": 1, "signatures": 1},
        {"path": str(site / "index.md"), "format": "markdown", "status": "read",
         "reason": "the title and date of the letter 'support-letter' (records beside it)",
         "letters": 0, "signatures": 0},
        {"path": str(site / "logo.svg"), "format": "svg", "status": "skipped",
         "reason": "not a format read_letters reads (.svg)", "letters": 0, "signatures": 0},
    ]  # fmt: skip


def test_columns_rename_fields_and_nested_fields(site: Path) -> None:
    corpus = cs.read_letters(site, columns={"Social.X": "url", "link": None})
    assert corpus.signatures[["name", "handle", "url"]].values.tolist() == [
        ["Ann Lee", None, None],
        ["Bob Ray", "@bob", None],
        ["Cy Doe", None, "@cy"],
    ]
    # "link" reads as url only where no column is (or is mapped to) url
    assert cs.read_letters(site, columns={"Social.X": "url"}) == corpus


def test_unused_columns_warn(site: Path) -> None:
    with pytest.warns(cs.CosignetWarning) as warned:
        cs.read_letters(site, columns={"afil": "organisation"})
    assert [str(w.message) for w in warned] == [
        "columns: no table or record read has a field 'afil'"
    ]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"affil": "organization"}, "columns: 'affil' is mapped to 'organization', which is no "
         "cosignet field; the fields are letter_id, letter, name, signer, date, role, raw, "
         "honorifics, position, organisation, country, party, descriptor, kind, group, line, "
         "handle, url, email, title, source, signing_group (or None to leave the field out)"),
        ({"": "name"}, "columns: a source field name must be text, got ''"),
        ("affil=organisation", "columns must be a mapping of a source's field names to "
         "cosignet's (such as {'affil': 'organisation'}), got str"),
    ],
)  # fmt: skip
def test_bad_columns(tmp_path: Path, columns: object, message: str) -> None:
    with pytest.raises(cs.InvalidInputError) as info:
        cs.read_letters(tmp_path, columns=columns)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_two_columns_read_as_one_field(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "name,affil,organisation\nAnn,A,B\n")
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(path, columns={"affil": "organisation"})
    assert str(info.value) == (
        f"{path}: the columns 'affil' and 'organisation' are both read as 'organisation'; map "
        "one elsewhere with columns= (or to None to leave it out)"
    )


def test_an_alias_gives_way_to_the_column_it_names(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "name,affiliation,organisation\nAnn,A,B\n")
    assert cs.read_letters(path).signatures.organisation.tolist() == ["B"]


def test_json_array_and_json_lines_without_a_letter_column(tmp_path: Path) -> None:
    array = write(
        tmp_path / "petition.json",
        json.dumps([{"signer": "Ann", "country": "UK"}, {"signer": "Bob", "honorifics": ["Dr"]}]),
    )
    lines = write(
        tmp_path / "cosponsors.jsonl",
        '{"letter": "s1", "name": "Ann"}\n\n{"letter": "s2", "name": "Bob", "line": 4}\n',
    )
    corpus = cs.read_letters([array, lines])
    assert corpus.letters[["letter_id", "source"]].values.tolist() == [
        ["petition", str(array)],
        ["s1", str(lines)],
        ["s2", str(lines)],
    ]
    assert corpus.signatures[["name", "honorifics", "country"]].values.tolist() == [
        ["Ann", (), "UK"],
        ["Bob", ("Dr",), None],
        ["Ann", (), None],
        ["Bob", (), None],
    ]
    assert corpus.sources[["format", "letters", "signatures"]].values.tolist() == [
        ["json", 1, 2],
        ["jsonl", 2, 2],
    ]


def test_a_yaml_list_and_a_csv_without_letter_column(tmp_path: Path) -> None:
    listed = write(tmp_path / "signers.yaml", "- name: Ann\n  organisation: [A, B]\n- name: Bob\n")
    table = write(tmp_path / "bill.csv", "senator,state\nAnn,TN\n")
    corpus = cs.read_letters([listed, table], columns={"senator": "name", "state": "country"})
    assert corpus.letters.letter_id.tolist() == ["signers", "bill"]
    assert corpus.signatures[["name", "organisation", "country"]].values.tolist() == [
        ["Ann", "A; B", None],
        ["Bob", None, None],
        ["Ann", None, "TN"],
    ]


def test_rows_with_their_own_source(tmp_path: Path) -> None:
    path = write(
        tmp_path / "rows.csv",
        "letter,name,source\n"
        "L1,Ann,https://example.org/pr/1\nL1,Bob,https://example.org/pr/2\nL1,Cy,\n"
        "L2,Ann,https://example.org/l2\nL2,Bob,https://example.org/l2\n",
    )
    corpus = cs.read_letters(path)
    assert corpus.letters[["letter_id", "source"]].values.tolist() == [
        ["L1", str(path)],
        ["L2", "https://example.org/l2"],
    ]
    assert corpus.signatures[["letter_id", "name", "source"]].values.tolist() == [
        ["L1", "Ann", "https://example.org/pr/1"],
        ["L1", "Bob", "https://example.org/pr/2"],
        ["L1", "Cy", None],
        ["L2", "Ann", None],
        ["L2", "Bob", None],
    ]
    frame = pd.DataFrame({"l": ["x", "x"], "n": ["A", "B"], "s": ["u1", "u2"]})
    from_frame = cs.Corpus.from_frame(frame, letter="l", signer="n", source="s")
    assert from_frame.letters.source.tolist() == [None]
    assert from_frame.signatures.source.tolist() == ["u1", "u2"]


def test_new_fields_round_trip_through_json_and_csv(tmp_path: Path, site: Path) -> None:
    corpus = cs.read_letters(site)
    path = tmp_path / "corpus.json"
    corpus.to_json(path)
    text = path.read_text(encoding="utf-8")
    assert '"version": 3,' in text
    assert '"handle": "@bob", "url": null, "email": null, "source": null}' in text
    assert cs.Corpus.read_json(path) == corpus
    corpus.signatures.to_csv(tmp_path / "signatures.csv", index=False)
    back = cs.read_letters(tmp_path / "signatures.csv")
    columns = ["name", "handle", "url", "email", "source"]
    assert back.signatures[columns].equals(corpus.signatures[columns])
    plain = cs.datasets.interpol_2021()
    assert '"version": 1,' in (plain.to_json() or "")


def test_record_errors_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "letter"
    write(folder / "a.yaml", "name: Ann\n")
    bad = write(folder / "b.yaml", "name: [Bob\n")
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(folder)
    assert str(info.value) == (
        f"{bad}: malformed YAML at line 2, column 1: did not find expected ',' or ']'"
    )
    bad.write_text("42\n", encoding="utf-8")
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(folder)
    assert str(info.value) == (
        f"{bad}: expected a record (a mapping of fields: name: ...) or a list of records, got a int"
    )
    bad.write_text("organisation: Tibet Watch\n", encoding="utf-8")
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(folder)
    assert str(info.value) == (
        f"{folder}: signer is missing in row {str(bad)!r} (df['name'] is nan)"
    )
    bad.write_text("name: Bob\nsocial: [{x: 1}]\n", encoding="utf-8")
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(folder)
    assert str(info.value) == (
        f"{bad}: the field 'social' is a list of dicts; a field holds text, a number, a date or "
        "a list of them"
    )
    lines = write(tmp_path / "x.jsonl", '{"name": "Ann"}\n[1]\n')
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(lines)
    assert str(info.value) == f"{lines}: line 2 is [1], expected an object (one per signature)"
    lines.write_text('{"name": "Ann"}\n{"name": \n', encoding="utf-8")
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(lines)
    assert str(info.value) == (f"{lines}: malformed JSON on line 2, column 10: Expecting value")


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        levels.append(
            f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]"
        )
    path = write(tmp_path / "bomb.yaml", "name: Ann\n" + "\n".join(levels) + "\n")
    start = time.perf_counter()
    with pytest.raises(cs.ParseError, match="the field 'b' is a list of lists"):
        cs.read_letters(path)
    assert time.perf_counter() - start < 5


def test_sources_of_a_corpus_not_read_from_files() -> None:
    sources = cs.datasets.interpol_2021().resolve().sources
    assert list(sources.columns) == list(SOURCE_COLUMNS)
    assert sources.status.tolist() == ["read", "read"]
    empty = cs.Corpus().sources
    assert list(empty.columns) == list(SOURCE_COLUMNS)
    assert len(empty) == 0
    assert empty.letters.dtype == "int64"


def test_hidden_files_and_folders_are_listed_as_skipped(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Sincerely,\nAnn Lee\n")
    write(tmp_path / ".git" / "x.csv", "name\nx\n")
    write(tmp_path / ".notes.md", "x")
    write(tmp_path / "README", "x")
    rows = cs.read_letters(tmp_path).sources[["path", "format", "status", "reason"]]
    assert rows.values.tolist() == [
        [str(tmp_path / ".git"), "folder", "skipped", "a hidden folder"],
        [str(tmp_path / ".notes.md"), "markdown", "skipped", "a hidden file"],
        [str(tmp_path / "README"), "", "skipped", "not a format read_letters reads (no suffix)"],
        [str(tmp_path / "a.txt"), "text", "read", None],
    ]


def test_page_bundles_are_named_after_their_folder(tmp_path: Path) -> None:
    for name in ("first-letter", "second-letter"):
        write(tmp_path / name / "index.md", f"# {name}\n\nSincerely,\n\nAnn Lee\n")
    corpus = cs.read_letters(tmp_path)
    assert corpus.letters[["letter_id", "title"]].values.tolist() == [
        ["first-letter", "first-letter"],
        ["second-letter", "second-letter"],
    ]


def test_a_6900_file_record_folder_reads_in_seconds(tmp_path: Path) -> None:
    folder = tmp_path / "signed"
    folder.mkdir()
    for i in range(6900):
        (folder / f"signer-{i:04d}.yaml").write_text(
            f"name: Signer Number {i}\nlink: https://example.org/{i}\n", encoding="utf-8"
        )
    start = time.perf_counter()
    corpus = cs.read_letters(folder)
    seconds = time.perf_counter() - start
    assert corpus.letters.n_signatories.tolist() == [6900]
    assert corpus.signatures.url.iloc[-1] == "https://example.org/6899"
    assert len(corpus.sources) == 6900
    assert seconds < 30, seconds
    assert os.path.basename(corpus.letters.source.iloc[0]) == "signed"
