"""The new formats (documents, records, JSON Lines) under the rules for hostile input.

PDF, Word and HTML bytes, record files and JSON Lines are found by the same folder walk and
read by the same guarded reader as text letters and tables: links are not followed out of a
folder, special files are never opened, reads are bounded by the bytes read, a key is never
given twice, and every file left out is a row of ``corpus.sources`` with its reason.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import cosignet as cs
from cosignet.cli import main
from documents import pdf

SECRET = "Private Person"
LETTER = "Subject: Free them\n\nDear Minister,\n\nWe ask.\n\nSigned,\n\nAnn Lee\nBob Ray MP\n"
LINK = "a symbolic link (not followed inside a folder; pass follow_links=True to read it)"
unix_only = pytest.mark.skipif(sys.platform != "linux", reason="Linux special files")


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@contextlib.contextmanager
def within(seconds: int = 5) -> Iterator[None]:
    """Fail, instead of hanging the test run, if the block takes longer than `seconds`."""

    def alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"blocked for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def warned(call: object, *args: object, **kwargs: object) -> tuple[cs.Corpus, list[str]]:
    with pytest.warns(cs.CosignetWarning) as caught:
        result = call(*args, **kwargs)  # type: ignore[operator]
    return result, [str(w.message) for w in caught]  # type: ignore[return-value]


def rows(corpus: cs.Corpus) -> list[list[object]]:
    return corpus.sources[["path", "format", "status", "reason"]].values.tolist()


def parse_error(path: Path, **kwargs: object) -> str:
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(path, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    write(folder / "a.txt", LETTER)
    return folder


@pytest.fixture
def private_pdf(tmp_path: Path) -> Path:
    """A PDF letter outside the letters folder, signed by someone private."""
    lines = ["Dear Minister,", "", "We ask.", "", "Signed,", "", SECRET]
    return write(tmp_path / "home" / "secret.pdf", pdf(lines))


# ================================================================== links and special files


def test_a_link_to_a_pdf_out_of_the_folder_is_skipped_warned_and_listed(
    letters: Path, private_pdf: Path
) -> None:
    (letters / "b.pdf").symlink_to(private_pdf)
    corpus, messages = warned(cs.read_letters, letters)
    assert messages == [
        f"{letters}: skipped 1 symbolic link (not followed inside a folder; pass "
        f"follow_links=True to read it): {letters / 'b.pdf'}"
    ]
    assert rows(corpus) == [
        [str(letters / "a.txt"), "text", "read", None],
        [str(letters / "b.pdf"), "pdf", "skipped", LINK],
    ]
    assert list(corpus.letters.letter_id) == ["a"]
    assert SECRET not in set(corpus.signatures.name)
    followed = cs.read_letters(letters, follow_links=True)  # asked for: read
    assert list(followed.letters.letter_id) == ["a", "b"]
    assert SECRET in set(followed.signatures.name)
    assert rows(followed)[1] == [str(letters / "b.pdf"), "pdf", "read", None]


@unix_only
def test_a_fifo_named_pdf_is_refused_given_and_skipped_in_a_folder(letters: Path) -> None:
    fifo = letters / "x.pdf"
    os.mkfifo(fifo)
    with within():
        with pytest.raises(cs.InvalidInputError) as info:
            cs.read_letters(fifo)
        assert str(info.value) == (
            f"{fifo}: a named pipe (FIFO), not a regular file or folder; read_letters reads "
            "regular files only"
        )
        corpus, messages = warned(cs.read_letters, letters)
    assert messages == [
        f"{letters}: skipped 1 file that is not a regular file (never opened): {fifo} (a named "
        "pipe (FIFO))"
    ]
    assert rows(corpus) == [
        [str(letters / "a.txt"), "text", "read", None],
        [str(fifo), "pdf", "skipped", "a named pipe (FIFO), not a regular file (never opened)"],
    ]


@unix_only
@pytest.mark.parametrize("name", ["x.pdf", "pipe.txt"])
def test_the_command_line_never_opens_a_fifo_given(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    with within():
        code = main(["analyze", str(fifo), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 1
    assert capsys.readouterr().err == (
        f"cosignet: error: {fifo}: a named pipe (FIFO), not a regular file or folder; "
        "read_letters reads regular files only\n"
    )


@unix_only
def test_a_record_folder_link_to_dev_zero_is_skipped_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "signed"
    write(folder / "a.yaml", "name: Ann Lee\n")
    (folder / "r.yaml").symlink_to("/dev/zero")
    with within():
        corpus, messages = warned(cs.read_letters, folder)
        followed, followed_messages = warned(cs.read_letters, folder, follow_links=True)
        with pytest.raises(cs.InvalidInputError) as info:
            cs.read_letters(folder / "r.yaml")  # given directly: followed, and refused
    assert messages == [
        f"{folder}: skipped 1 symbolic link (not followed inside a folder; pass "
        f"follow_links=True to read it): {folder / 'r.yaml'}"
    ]
    assert rows(corpus) == [
        [str(folder / "a.yaml"), "yaml", "read", None],
        [str(folder / "r.yaml"), "yaml", "skipped", LINK],
    ]
    assert corpus.letters[["letter_id", "n_signatories"]].values.tolist() == [["signed", 1]]
    assert followed_messages == [
        f"{folder}: skipped 1 file that is not a regular file (never opened): "
        f"{folder / 'r.yaml'} (a character device)"
    ]
    assert rows(followed)[1] == [
        str(folder / "r.yaml"),
        "yaml",
        "skipped",
        "a character device, not a regular file (never opened)",
    ]
    assert str(info.value) == (
        f"{folder / 'r.yaml'}: a character device, not a regular file or folder; read_letters "
        "reads regular files only"
    )


@unix_only
def test_every_entry_left_out_is_a_row_with_its_reason(
    letters: Path, private_pdf: Path, tmp_path: Path
) -> None:
    write(letters / ".secret.csv", f"letter,name\nh,{SECRET}\n")
    (letters / "b.pdf").symlink_to(private_pdf)
    os.mkfifo(letters / "pipe.txt")
    (letters / "self").symlink_to("self")  # a loop, and no format read_letters reads
    (letters / "sub").symlink_to(tmp_path / "home", target_is_directory=True)
    (letters / "gone.md").symlink_to(tmp_path / "nowhere.md")
    with within():
        corpus, messages = warned(cs.read_letters, letters)
    assert messages == [
        f"{letters}: skipped 3 symbolic links (not followed inside a folder; pass "
        f"follow_links=True to read them): {letters / 'b.pdf'}, {letters / 'gone.md'}, "
        f"{letters / 'sub'}",
        f"{letters}: skipped 1 file that is not a regular file (never opened): "
        f"{letters / 'pipe.txt'} (a named pipe (FIFO))",
    ]
    assert rows(corpus) == [
        [str(letters / ".secret.csv"), "csv", "skipped", "a hidden file"],
        [str(letters / "a.txt"), "text", "read", None],
        [str(letters / "b.pdf"), "pdf", "skipped", LINK],
        [str(letters / "gone.md"), "markdown", "skipped", LINK],
        [
            str(letters / "pipe.txt"),
            "text",
            "skipped",
            "a named pipe (FIFO), not a regular file (never opened)",
        ],
        [str(letters / "self"), "", "skipped", "not a format read_letters reads (no suffix)"],
        [str(letters / "sub"), "folder", "skipped", LINK],
    ]
    with within():
        followed, _ = warned(cs.read_letters, letters, follow_links=True)
    assert rows(followed)[3] == [
        str(letters / "gone.md"),
        "markdown",
        "skipped",
        "a symbolic link that leads nowhere (missing or a loop)",
    ]
    assert rows(followed)[-1] == [  # sub/ holds secret.pdf, read once through b.pdf already
        str(letters / "sub" / "secret.pdf"),
        "pdf",
        "skipped",
        "a path to a file or folder already read (read once)",
    ]


@unix_only
def test_pdf_reads_are_bounded_by_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "status.pdf"  # /proc files claim 0 bytes and hold more
    link.symlink_to("/proc/self/status")
    monkeypatch.setattr("cosignet._memory.available_bytes", lambda: 20 * 200)  # 200 bytes
    with pytest.raises(cs.TooLargeError) as info:
        cs.read_letters(link)
    assert str(info.value).startswith(f"{link}: more than 201 B read so far; reading it needs")


# ================================================================== keys given twice


def test_a_yaml_record_with_a_key_twice_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "signed"
    write(folder / "a.yaml", "name: Ann Lee\n")
    bad = write(folder / "b.yaml", "name: Bob Ray\norganisation: Tibet Watch\nname: Cy Doe\n")
    assert parse_error(folder) == (
        f"{bad}: malformed YAML at line 3, column 1: the key 'name' is repeated in one mapping "
        "(first on line 1); a key may appear once in a mapping"
    )
    listed = write(tmp_path / "list.yaml", "- name: Ann\n- {name: Bob, country: UK, country: DE}\n")
    assert parse_error(listed) == (
        f"{listed}: malformed YAML at line 2, column 28: the key 'country' is repeated in one "
        "mapping (first on line 2); a key may appear once in a mapping"
    )
    merged = write(
        tmp_path / "merged.yaml", "- &a {name: Ann, country: UK}\n- <<: *a\n  name: Bob\n"
    )
    assert cs.read_letters(merged).signatures[["name", "country"]].values.tolist() == [
        ["Ann", "UK"],
        ["Bob", "UK"],  # a merge key: the key given here overrides the merged one
    ]


def test_front_matter_with_a_key_twice_names_the_line_in_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", f"---\ntitle: One\ndate: 2021-01-01\ntitle: Two\n---\n{LETTER}")
    assert parse_error(path) == (
        f"{path}: the front matter is not valid YAML on line 4: the key 'title' is repeated in "
        "one mapping (first on line 2); a key may appear once in a mapping"
    )


def test_json_lines_and_record_files_refuse_a_key_twice(tmp_path: Path) -> None:
    lines = write(tmp_path / "x.jsonl", '{"name": "Ann"}\n{"name": "Bob", "name": "Cy"}\n')
    assert parse_error(lines) == (
        f"{lines}: the key 'name' is repeated in one object at line 2, column 17 (byte 32); a "
        "key may appear once in an object"
    )
    lines.write_text('{"name": "Ann"}\n\n{"name": "Bob", "n": NaN}\n', encoding="utf-8")
    assert parse_error(lines) == (
        f"{lines}: NaN at line 3, column 22 (byte 38) is not a JSON value (RFC 8259)"
    )
    folder = tmp_path / "signed"
    write(folder / "a.yaml", "name: Ann Lee\n")
    record = write(folder / "b.json", '{"name": "Bob",\n "name": "Cy"}')
    assert parse_error(folder) == (
        f"{record}: the key 'name' is repeated in one object at line 2, column 2 (byte 17); a "
        "key may appear once in an object"
    )


def test_json_lines_and_record_files_hold_json_types(tmp_path: Path) -> None:
    lines = write(tmp_path / "x.jsonl", '{"name": "Ann"}\n{"name": 42}\n')
    assert parse_error(lines) == f"{lines}: line 2: 'name' must be a string, got an integer: 42"
    lines.write_text('{"name": "Ann", "line": 2.5}\n', encoding="utf-8")
    assert parse_error(lines) == (
        f"{lines}: line 1: 'line' must be an integer or a string or null, got a number: 2.5"
    )
    folder = tmp_path / "signed"
    write(folder / "a.yaml", "name: Ann Lee\ncountry: [UK, Ireland]\n")  # YAML: read as text
    record = write(folder / "b.json", '{"name": "Bob", "country": ["UK", "Ireland"]}')
    assert parse_error(folder) == (
        f"{record}: 'country' must be a string or null, got an array of strings: "
        '["UK", "Ireland"]'
    )
    record.write_text('{"name": "Bob", "country": "UK"}', encoding="utf-8")
    corpus = cs.read_letters(folder)
    assert corpus.signatures[["name", "country"]].values.tolist() == [
        ["Ann Lee", "UK; Ireland"],
        ["Bob", "UK"],
    ]


def test_a_yaml_mapping_bomb_within_the_depth_is_refused_quickly(tmp_path: Path) -> None:
    # Each level repeats the one below ten times: 10**8 fields from eight lines.
    levels = ["a: &a {" + ", ".join(f"k{i}: x" for i in range(10)) + "}"]
    for level in range(1, 8):
        below, here = chr(96 + level), chr(97 + level)
        fields = ", ".join(f"k{i}: *{below}" for i in range(10))
        levels.append(f"{here}: &{here} {{{fields}}}")
    path = write(tmp_path / "bomb.yaml", "name: Ann\n" + "\n".join(levels) + "\n")
    with within():
        assert parse_error(path) == (
            f"{path}: the record has more than 10,000 fields once its nested objects are spread "
            "out (YAML aliases repeating a mapping?)"
        )


def test_the_command_line_checks_columns_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cosignet.readers

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("read before the checks")

    monkeypatch.setattr(cosignet.readers, "read_letters", no_reading)
    write(tmp_path / "L" / "a.txt", LETTER)
    out = tmp_path / "out"
    for columns in ("affil", "affil=affiliation", "=name"):
        assert main(["analyze", str(tmp_path / "L"), "--out", str(out), "--columns", columns]) == 2
    assert not out.exists()
