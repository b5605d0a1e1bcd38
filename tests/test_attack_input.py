"""Hostile and careless input: nothing lost, nothing leaked, no crash, no hang.

Two classes of attack, each from several sides:

- links and special files: every place that opens a path a user gave (read_letters on
  folders and files, Corpus.read_json, Graph.read, the aliases file of resolve) reads regular
  files only, never follows a link out of a folder unless asked, never blocks on a FIFO and
  never reads more than it may, whatever size the file claims;
- silent wrong answers in tables: CSV rows that shift columns, day/month orders, repeated
  JSON keys, NaN, values of the wrong type, line numbers, graph files that are not XML, and
  alias rows that contradict each other.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import json
import os
import re
import signal
import socket
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cosignet as cs
from cosignet import _reading, readers

SECRET = "Private Person, Secret Society"
LETTER = "Subject: Free them\n\nDear Minister,\n\nWe ask.\n\nSigned,\n\nAnn Lee\nBob Ray MP\n"


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


def warned(call: object, *args: object, **kwargs: object) -> tuple[object, list[str]]:
    with pytest.warns(cs.CosignetWarning) as caught:
        result = call(*args, **kwargs)  # type: ignore[operator]
    return result, [str(w.message) for w in caught]


def everything(corpus: cs.Corpus) -> str:
    """Every text the corpus holds, as a report would show it."""
    return " ".join(
        [
            corpus.letters.to_csv(),
            corpus.signatures.to_csv(),
            corpus.issues.to_csv(),
            corpus.actors.to_csv(),
        ]
    )


# ================================================================== links and special files


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """A private file outside the letters folder, that a link inside could point to."""
    return write(tmp_path / "home" / "secrets.txt", f"{LETTER}{SECRET}\n")


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    write(folder / "a.txt", LETTER)
    return folder


def test_a_link_out_of_the_folder_is_skipped_with_a_warning(letters: Path, private: Path) -> None:
    (letters / "b.txt").symlink_to(private)
    (letters / "sub").symlink_to(private.parent, target_is_directory=True)
    corpus, messages = warned(cs.read_letters, letters)
    assert messages == [
        f"{letters}: skipped 2 symbolic links (not followed inside a folder; pass "
        f"follow_links=True to read them): {letters / 'b.txt'}, {letters / 'sub'}"
    ]
    assert list(corpus.letters.letter_id) == ["a"]
    assert "Secret" not in everything(corpus)


def test_a_link_inside_the_folder_is_skipped_too(letters: Path) -> None:
    # Read through the link it would be the same letter twice under another id.
    (letters / "again.txt").symlink_to(letters / "a.txt")
    corpus, messages = warned(cs.read_letters, letters)
    assert list(corpus.letters.letter_id) == ["a"]
    assert messages[0].startswith(f"{letters}: skipped 1 symbolic link (not followed")


def test_follow_links_reads_them_once(letters: Path, private: Path) -> None:
    (letters / "again.txt").symlink_to(letters / "a.txt")
    (letters / "b.txt").symlink_to(private)
    corpus, messages = warned(cs.read_letters, letters, follow_links=True)
    assert list(corpus.letters.letter_id) == ["a", "b"]  # the link to a.txt: read once
    assert messages == [
        f"{letters}: skipped 1 path to a file or folder already read (read once): "
        f"{letters / 'again.txt'}"
    ]
    assert SECRET.split(",")[0] in set(corpus.signatures.name)


def test_a_directory_link_loop_neither_hangs_nor_recurses(letters: Path) -> None:
    (letters / "sub").mkdir()
    (letters / "sub" / "up").symlink_to(letters, target_is_directory=True)
    (letters / "self").symlink_to("self")  # a link to itself: ELOOP
    with within():
        _, skipped = warned(cs.read_letters, letters)
        corpus, followed = warned(cs.read_letters, letters, follow_links=True)
    assert skipped == [  # "self" leads to nothing read_letters would read: not listed
        f"{letters}: skipped 1 symbolic link (not followed inside a folder; pass "
        f"follow_links=True to read it): {letters / 'sub' / 'up'}"
    ]
    assert list(corpus.letters.letter_id) == ["a"]
    assert followed == [
        f"{letters}: skipped 1 symbolic link that leads nowhere (missing or a loop): "
        f"{letters / 'self'}",
        f"{letters}: skipped 1 path to a file or folder already read (read once): "
        f"{letters / 'sub' / 'up'}",
    ]


def test_a_fifo_in_a_folder_is_skipped_without_blocking(letters: Path) -> None:
    os.mkfifo(letters / "pipe.txt")
    with within():
        corpus, messages = warned(cs.read_letters, letters)
    assert list(corpus.letters.letter_id) == ["a"]
    assert messages == [
        f"{letters}: skipped 1 file that is not a regular file (never opened): "
        f"{letters / 'pipe.txt'} (a named pipe (FIFO))"
    ]


def test_a_socket_in_a_folder_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "s"  # AF_UNIX paths are short
    write(folder / "a.txt", LETTER)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "sock.csv"))
        _, messages = warned(cs.read_letters, folder)
    finally:
        server.close()
    assert messages == [
        f"{folder}: skipped 1 file that is not a regular file (never opened): "
        f"{folder / 'sock.csv'} (a socket)"
    ]


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: os.mkfifo(p), "a named pipe (FIFO)"),
        (lambda p: p.symlink_to("/dev/zero"), "a character device"),
    ],
)
def test_special_files_given_directly_are_refused_unopened(
    tmp_path: Path, make: object, kind: str
) -> None:
    path = tmp_path / "given.json"
    make(path)  # type: ignore[operator]
    with within():
        with pytest.raises(cs.InvalidInputError) as info:
            cs.read_letters(path)
        assert str(info.value) == (
            f"{path}: {kind}, not a regular file or folder; read_letters reads regular files only"
        )
        with pytest.raises(cs.InvalidInputError) as info:
            cs.Corpus.read_json(path)
        assert str(info.value) == (
            f"{path}: {kind}, not a regular file; cosignet reads regular files only"
        )
        graph = tmp_path / "g.graphml"
        make(graph)  # type: ignore[operator]
        with pytest.raises(cs.InvalidInputError, match=re.escape(f"{graph}: {kind}, not a")):
            cs.Graph.read(graph)
        aliases = tmp_path / "aliases.csv"
        make(aliases)  # type: ignore[operator]
        corpus = cs.Corpus.from_frame(pd.DataFrame({"l": ["L"], "n": ["Ann"]}), "l", "n")
        with pytest.raises(cs.InvalidInputError, match=re.escape(f"{aliases}: {kind}, not a")):
            corpus.resolve(aliases=aliases)


def test_a_link_given_directly_is_followed(tmp_path: Path, private: Path) -> None:
    # As grep -r does: a path the user names is read, a link found inside a folder is not.
    link = tmp_path / "named.txt"
    link.symlink_to(private)
    corpus = cs.read_letters(link)
    assert list(corpus.letters.letter_id) == ["named"]
    assert list(corpus.letters.source) == [str(link)]


def test_hidden_files_and_folders_are_not_read(letters: Path) -> None:
    write(letters / ".secret.csv", f"letter,name\nh,{SECRET}\n")
    write(letters / ".git" / "x.txt", f"{LETTER}{SECRET}\n")
    corpus = cs.read_letters(letters)
    assert list(corpus.letters.letter_id) == ["a"]
    assert "Secret" not in everything(corpus)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads anything")
def test_an_unreadable_file_or_folder_is_an_error_naming_it(letters: Path) -> None:
    locked = write(letters / "b.txt", LETTER)
    locked.chmod(0)
    with pytest.raises(PermissionError) as info:
        cs.read_letters(letters)
    assert info.value.filename == str(locked)
    locked.chmod(0o600)
    (letters / "sub").mkdir(mode=0)
    try:
        with pytest.raises(PermissionError) as info:
            cs.read_letters(letters)
        assert info.value.filename == str(letters / "sub")
    finally:
        (letters / "sub").chmod(0o700)


def test_reads_are_bounded_by_bytes_read_not_the_size_claimed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # /proc files claim 0 bytes and hold more: the bound counts what comes out.
    link = tmp_path / "status.txt"
    link.symlink_to("/proc/self/status")
    assert os.stat(link).st_size == 0
    monkeypatch.setattr("cosignet._memory.available_bytes", lambda: 4 * 200)  # 200 bytes
    with pytest.raises(cs.TooLargeError) as info:
        cs.read_letters(link)
    assert str(info.value).startswith(f"{link}: more than 201 B read so far; reading it needs")


def test_a_file_swapped_after_it_was_found_is_not_read(letters: Path, private: Path) -> None:
    os.link(letters / "a.txt", letters.parent / "kept")  # its inode stays taken
    found = readers._collect(letters, follow_links=False)
    assert [f.source for f in found] == [str(letters / "a.txt")]
    (letters / "a.txt").unlink()
    (letters / "a.txt").symlink_to(private)  # swapped for a link between walk and read
    with pytest.raises(cs.InvalidInputError) as info:
        readers._read_bytes(found[0], "letter")
    assert str(info.value) == (
        f"{letters / 'a.txt'}: a symbolic link, not a regular file; cosignet reads regular "
        "files only"
    )
    (letters / "a.txt").unlink()
    write(letters / "a.txt", LETTER)  # another file under the same name
    with pytest.raises(cs.InvalidInputError, match="the file was replaced while it was being"):
        readers._read_bytes(found[0], "letter")


def test_a_file_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    write(Path(os.fsdecode(os.fsencode(folder) + b"/\xff.txt")), LETTER)
    with pytest.raises(cs.InvalidInputError) as info:
        cs.read_letters(folder)
    assert str(info.value) == (
        f"'{folder}/\\udcff.txt': the name is not valid UTF-8; rename the file or folder"
    )


# ================================================================== CSV rows and headers


def parse_error(path: Path, **kwargs: object) -> str:
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(path, **kwargs)  # type: ignore[arg-type]
    return str(info.value)


@pytest.mark.parametrize(
    ("text", "line", "fields"),
    [
        # every row one field too many: pandas took the first column as the index
        ("letter,name\nL1,Ann,UK\nL2,Bob,DE\n", 2, 3),
        # one row in the middle
        ("letter,name\nL1,Ann\nL1,Bob,Lab\nL2,Cy\n", 3, 3),
        # after a quoted cell on two lines and a blank line: the line, not the row number
        ('letter,name\nL1,"Ann\nLee"\n\nL2,Bob,x,y\n', 5, 4),
        # a comma in an unquoted name
        ("letter,name,country\nL1,Lee, Ann,UK\n", 2, 4),
    ],
)
def test_a_row_with_a_field_too_many_is_refused(
    tmp_path: Path, text: str, line: int, fields: int
) -> None:
    path = write(tmp_path / "t.csv", text)
    header = text.split("\n")[0].count(",") + 1
    assert parse_error(path) == (
        f"{path}: line {line} has {fields} fields but the header (line 1) has {header}; an extra "
        "field would shift the columns (quote a cell that holds a comma)"
    )


def test_rows_with_fewer_fields_warn_and_keep_their_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "letter,name,country,party\nL1,Ann,UK\nL1,Bob\nL2,Cy,DE,G\n")
    corpus, messages = warned(cs.read_letters, path)
    assert messages == [
        f"{path}: 2 rows have fewer fields than the header's 4 (first: line 2, 3 fields); the "
        "missing cells at the end of the row are read as empty"
    ]
    table = corpus.signatures.set_index("name")
    assert table.loc["Ann", "country"] == "UK"
    assert table.loc["Bob", "country"] is None
    assert table.loc["Cy", "party"] == "G"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("letter,name,name", "the header names the column 'name' twice (columns 2 and 3"),
        ("letter, Name ,NAME", "the header names the column 'NAME' twice (columns 2 and 3"),
        ("Letter,letter,name", "the header names the column 'letter' twice (columns 1 and 2"),
    ],
)
def test_a_header_naming_a_column_twice_is_refused(
    tmp_path: Path, header: str, message: str
) -> None:
    path = write(tmp_path / "t.csv", f"{header}\nL1,Ann,Bob\n")
    assert parse_error(path) == (
        f"{path}: line 1: {message}, ignoring case and spaces); rename one"
    )


def test_unnamed_and_doubled_columns(tmp_path: Path) -> None:
    # An unnamed column (a trailing comma from a spreadsheet) is not read.
    path = write(tmp_path / "a.csv", "letter,name,\nL1,Ann,\nL2,Bob,x\n")
    assert list(cs.read_letters(path).signatures.name) == ["Ann", "Bob"]
    # Two columns for the letter: the one read is said.
    both = write(tmp_path / "b.csv", "letter_id,letter,name\nL1,Bill 1,Ann\n")
    corpus, messages = warned(cs.read_letters, both)
    assert messages == [
        f"{both}: the table has both 'letter_id' and 'letter' columns; the letter is read from "
        "'letter_id' and 'letter' is ignored"
    ]
    assert list(corpus.letters.letter_id) == ["L1"]


def test_line_numbers_survive_bom_crlf_mixed_endings_and_blank_lines(tmp_path: Path) -> None:
    text = '\ufeffletter,name\r\n\r\nL1,Ann\r\nL1,"Bob\r\nRay"\nL1,\n'
    path = write(tmp_path / "t.csv", text)
    assert parse_error(path) == f"{path}: signer is missing in row 6 (df['name'] is nan)"
    cr = write(tmp_path / "mac.csv", "letter,name\rL1,Ann\r\rL1,\r")  # old Mac line ends
    assert parse_error(cr) == f"{cr}: signer is missing in row 4 (df['name'] is nan)"
    quoted = write(tmp_path / "q.csv", 'letter,name\nL1,"say ""hi"", Ann"\nL1,\n')
    assert parse_error(quoted) == f"{quoted}: signer is missing in row 3 (df['name'] is nan)"


def test_line_endings_pandas_and_the_csv_module_split_differently_are_refused(
    tmp_path: Path,
) -> None:
    # pandas drops the row after "\n\r"; the csv module keeps it: a row could vanish.
    path = write(tmp_path / "t.csv", "letter,name\nL1,Ann\n\r,\n")
    assert parse_error(path) == (
        f"{path}: cannot tell where its rows end (it mixes line endings: carriage returns "
        "alone and line feeds); save the file with one kind of line ending"
    )


@pytest.mark.parametrize("cell", ["²", "+-5", "٣", "1e3", "99999999999999999999", "0x10"])
def test_a_line_cell_that_is_not_a_whole_number_names_its_line(tmp_path: Path, cell: str) -> None:
    path = write(tmp_path / "t.csv", f"letter,name,line\nL1,Ann,4\nL1,Bob,{cell}\n")
    assert parse_error(path) == (
        f"{path}: df['line'] (line) must hold whole numbers, got {cell!r} in row 3"
    )


def test_line_cells_that_are_whole_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "letter,name,line\nL1,Ann, +7 \nL1,Bob,-2\nL1,Cy,\n")
    assert cs.read_letters(path).signatures.line.tolist() == [7, -2, pd.NA]


# ================================================================== day and month


def dates_of(tmp_path: Path, cells: list[str], **kwargs: object) -> list[dt.date]:
    rows = "".join(f"L{i},Ann,{cell}\n" for i, cell in enumerate(cells))
    path = write(tmp_path / "t.csv", f"letter,name,date\n{rows}")
    return list(cs.read_letters(path, **kwargs).letters.date)  # type: ignore[arg-type]


def test_one_day_month_order_per_file_from_its_unambiguous_dates(tmp_path: Path) -> None:
    # 13/04 can only be day first: so 03/04 is 3 April, not 4 March.
    assert dates_of(tmp_path, ["03/04/2021", "13/04/2021"]) == [
        dt.date(2021, 4, 3),
        dt.date(2021, 4, 13),
    ]
    # 04/13 can only be month first: so 03/04 is 4 March.
    assert dates_of(tmp_path, ["03/04/2021", "04/13/2021"]) == [
        dt.date(2021, 3, 4),
        dt.date(2021, 4, 13),
    ]
    assert dates_of(tmp_path, ["3.4.21", "2021-05-06", "15.11.2021", "9 May 2021"]) == [
        dt.date(2021, 4, 3),
        dt.date(2021, 5, 6),
        dt.date(2021, 11, 15),
        dt.date(2021, 5, 9),
    ]


def test_dates_in_both_orders_are_an_error_naming_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with pytest.raises(cs.ParseError) as info:
        dates_of(tmp_path, ["13/04/2021", "03/04/2021", "04/13/2021"])
    assert str(info.value) == (
        f"{path}: df['date'] mixes day-first and month-first dates: '13/04/2021' (row 2) is "
        "day/month and '04/13/2021' (row 4) is month/day; write the dates as YYYY-MM-DD"
    )
    with pytest.raises(cs.ParseError) as info:
        dates_of(tmp_path, ["04/13/2021"], dayfirst=True)
    assert str(info.value) == (
        f"{path}: df['date']: '04/13/2021' (row 2) cannot be read day first (dayfirst=True)"
    )


def test_dates_that_read_both_ways_warn_or_follow_dayfirst(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with pytest.warns(cs.CosignetWarning) as caught:
        read = dates_of(tmp_path, ["03/04/2021", "05/06/2021", "07/07/2021"])
    assert read == [dt.date(2021, 4, 3), dt.date(2021, 6, 5), dt.date(2021, 7, 7)]
    assert [str(w.message) for w in caught] == [
        f"{path}: df['date']: 2 dates such as '03/04/2021' (row 2) could be day/month or "
        "month/day; read day first (3 April 2021); pass dayfirst=False to read them month first"
    ]
    assert dates_of(tmp_path, ["03/04/2021", "05/06/2021"], dayfirst=False) == [
        dt.date(2021, 3, 4),
        dt.date(2021, 5, 6),
    ]


@pytest.mark.parametrize("cell", ["3/4", "now", "today", "15 Nov", "1/2/3", "31/02/2021"])
def test_dates_pandas_would_invent_are_refused(tmp_path: Path, cell: str) -> None:
    # pandas reads "3/4" as the year 1, "now" as this instant, "1/2/3" as 2003.
    with pytest.raises(cs.ParseError, match=f"cannot read {cell!r} as a date"):
        dates_of(tmp_path, [cell])


def test_from_frame_takes_dayfirst_too() -> None:
    df = pd.DataFrame({"l": ["a", "b"], "n": ["x", "y"], "d": ["01/02/2020", "02/01/2020"]})
    corpus = cs.Corpus.from_frame(df, "l", "n", date="d", dayfirst=False)
    assert list(corpus.letters.date) == [dt.date(2020, 1, 2), dt.date(2020, 2, 1)]
    with pytest.raises(cs.InvalidInputError, match=r"mixes day-first and month-first dates"):
        cs.Corpus.from_frame(df.assign(d=["13/01/2020", "01/13/2020"]), "l", "n", date="d")


# ================================================================== JSON


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[{"letter": "L1", "name": "Ann",\n  "name": "Bob"}]',
            "the key 'name' is repeated in one object at line 2, column 3 (byte 35); a key may "
            "appear once in an object",
        ),
        (
            '[{"letter": "L1", "name": "Ann", "extra": {"a": 1, "a": 2}}]',
            "the key 'a' is repeated in one object at line 1, column 52 (byte 51); a key may "
            "appear once in an object",
        ),
        (
            '[{"letter": "L1", "name": "Ann", "n": NaN}]',
            "NaN at line 1, column 39 (byte 38) is not a JSON value (RFC 8259)",
        ),
        (
            '[{"letter": "L1", "name": "Ann"},\n {"letter": "L2", "name": -Infinity}]',
            "-Infinity at line 2, column 27 (byte 60) is not a JSON value (RFC 8259)",
        ),
        (
            "[" * 100_000 + "]" * 100_000,
            "the JSON is nested too deeply to read (Python's limit is about 1,000 levels)",
        ),
    ],
)
def test_json_tables_refuse_what_json_does_not_define(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path / "t.json", text)
    assert parse_error(path) == f"{path}: {message}"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ('{"letter": "L", "name": 42}', "'name' must be a string, got an integer: 42"),
        ('{"letter": "L", "name": ["Ann"]}', "'name' must be a string, got an array of strings: "
         '["Ann"]'),
        ('{"letter": 1.5, "name": "Ann"}', "'letter' must be a string or an integer, got a "
         "number: 1.5"),
        ('{"letter": true, "name": "Ann"}', "'letter' must be a string or an integer, got a "
         "boolean: true"),
        ('{"letter": "L", "name": "Ann", "country": 44}', "'country' must be a string or null, "
         "got an integer: 44"),
        ('{"letter": "L", "name": "Ann", "line": 2.5}', "'line' must be an integer or a string or "
         "null, got a number: 2.5"),
        ('{"letter": "L", "name": "Ann", "honorifics": [1]}', "'honorifics' must be a string or "
         "an array of strings or null, got an array: [1]"),
        ('{"letter": "L", "name": "Ann", "honorifics": 1}', "'honorifics' must be a string or "
         "an array of strings or null, got an integer: 1"),
        ('{"letter": "L"}', "'name' must be a string, got nothing"),
    ],
)  # fmt: skip
def test_json_values_of_the_wrong_type_name_the_item(
    tmp_path: Path, record: str, message: str
) -> None:
    path = write(tmp_path / "t.json", f'[{{"letter": "L", "name": "Cy"}},\n {record}]')
    assert parse_error(path) == (f"{path}: item 1 of the JSON array (line 2, column 2): {message}")


def test_json_keys_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.json", '[{"letter": "L", "name": "Ann"}, {"letter": "L", "Name": "B"}]'
    )
    assert parse_error(path) == (
        f"{path}: the columns 'name' and 'Name' are the same name (ignoring case and spaces); "
        "rename one"
    )


def test_the_json_corpus_format_refuses_repeated_keys(tmp_path: Path) -> None:
    corpus = cs.Corpus([cs.Letter(id="L1", signatories=(cs.Signature("Ann", "Ann"),))])
    text = corpus.to_json()
    assert text is not None
    doubled = text.replace('"name": "Ann"', '"name": "Ann", "name": "Bob"')
    path = write(tmp_path / "c.json", doubled)
    with pytest.raises(cs.ParseError) as info:
        cs.Corpus.read_json(path)
    assert str(info.value) == (
        f'{path}: the key "name" is repeated in one object at line 13, column 39 (byte 265); '
        "a key may appear once in an object"
    )
    assert parse_error(path) == str(info.value)  # read_letters reads it the same way


def test_the_json_corpus_format_bounds_nesting_and_width(tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.json", '{"letters": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with within():
        assert parse_error(deep) == (
            f"{deep}: nested deeper than 64 levels at line 1, column 76 (byte 75); a "
            "cosignet-corpus document nests 6 deep"
        )
    wide = write(tmp_path / "wide.json", "{" + ",".join(f'"k{i}": 0' for i in range(200_000)) + "}")
    with within():
        assert parse_error(wide).startswith(f"{wide}: an object has more than 64 keys at line 1")


def test_graph_json_refuses_repeated_keys_but_reads_nan(tmp_path: Path) -> None:
    doubled = write(
        tmp_path / "g.json",
        '{"nodes": [{"id": "a"}, {"id": "b", "id": "c"}], "edges": []}',
    )
    with pytest.raises(cs.ParseError) as info:
        cs.Graph.read(doubled)
    assert str(info.value) == (
        f"{doubled}: the key 'id' is repeated in one object at line 1, column 37 (byte 36); a "
        "key may appear once in an object"
    )
    nan = write(
        tmp_path / "n.json",
        '{"nodes": [{"id": "a", "x": NaN}, {"id": "b"}], '
        '"edges": [{"source": "a", "target": "b"}]}',
    )
    assert cs.Graph.read(nan).n_edges == 1  # NetworkX writes NaN; it is read as Python reads it


# ================================================================== graph files


HOSTILE_NAMES = ["ctrl\x01name", "tab\there", "vt\x0bff\x0c", "lone\ud800surrogate", "nc\ufffe"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_are_well_formed_xml_whatever_the_names(tmp_path: Path, fmt: str) -> None:
    G = cs.Graph.from_edges(HOSTILE_NAMES[:-1], HOSTILE_NAMES[1:], weights=[1.0, 2.0, 3.0, 4.0])
    G._nodes["note"] = ["\x00nul", "ok", "bell\x07", None, "fine"]
    path, messages = warned(G.write, tmp_path / f"g.{fmt}")
    assert messages == [
        f"{path}: 7 characters that XML 1.0 cannot hold (control characters, lone surrogates) "
        "written as U+FFFD (first in 'ctrl\\x01name')"
    ]
    ET.parse(path)  # well-formed
    read = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert sorted(read.nodes) == sorted(
        ["ctrl\ufffdname", "tab\there", "vt\ufffdff\ufffd", "lone\ufffdsurrogate", "nc\ufffd"]
    )
    back = cs.Graph.read(path)
    assert back.n_edges == 4
    assert back.edges.weight.tolist() == G.edges.weight.tolist()


def test_graph_json_replaces_lone_surrogates(tmp_path: Path) -> None:
    G = cs.Graph.from_edges(["a\ud800"], ["ctrl\x01"])
    path, messages = warned(G.write, tmp_path / "g.json")
    assert messages == [
        f"{path}: 1 character that JSON in UTF-8 cannot hold (control characters, lone "
        "surrogates) written as U+FFFD (first in 'a\\ud800')"
    ]
    document = json.loads(path.read_text(encoding="utf-8"))
    assert [node["id"] for node in document["nodes"]] == ["a\ufffd", "ctrl\x01"]


def test_names_that_clash_once_cleaned_are_refused(tmp_path: Path) -> None:
    G = cs.Graph.from_edges(["a\x01"], ["a\x02"])
    with pytest.raises(cs.InvalidInputError, match="two node labels are written the same way"):
        G.write(tmp_path / "g.graphml")
    assert list(tmp_path.iterdir()) == []


def test_graphml_entity_expansion_is_refused(tmp_path: Path) -> None:
    entities = "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' if i else '<!ENTITY e0 "lol">' for i in range(10)
    )
    path = write(
        tmp_path / "bomb.graphml",
        f'<?xml version="1.0"?><!DOCTYPE g [{entities}]><graphml><graph>'
        '<node id="&e9;"/></graph></graphml>',
    )
    with within(), pytest.raises(cs.ParseError, match="not well-formed XML"):
        cs.Graph.read(path)


# ================================================================== aliases


@pytest.fixture
def three() -> cs.Corpus:
    frame = pd.DataFrame(
        {"letter": ["L1", "L2", "L3"], "signer": ["Ann Lee", "Annie Lee", "A. Lee"]}
    )
    return cs.Corpus.from_frame(frame, letter="letter", signer="signer")


def actors(corpus: cs.Corpus) -> dict[str, str]:
    return dict(zip(corpus.signatures.name, corpus.signatures.actor_id, strict=True))


def test_different_wins_over_same_for_one_pair(three: cs.Corpus) -> None:
    rules = [
        {"name_a": "Ann Lee", "name_b": "Annie Lee", "rule": "same"},
        {"name_a": "Annie Lee", "name_b": "Ann Lee", "rule": "different"},
    ]
    resolved, messages = warned(three.resolve, aliases=rules)
    assert messages == [
        "an aliases row is not applied in full (a 'different' row wins over a 'same' row, and "
        "signatures of one letter stay apart): row 1 ('Ann Lee', 'Annie Lee', same) would make "
        "one actor of 'Ann Lee' and 'Annie Lee', which row 2 ('Annie Lee', 'Ann Lee', "
        "different) keeps apart"
    ]
    found = actors(resolved)
    assert found["Ann Lee"] != found["Annie Lee"]


def test_a_chain_of_same_rows_cannot_join_what_different_keeps_apart(
    three: cs.Corpus, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "aliases.csv",
        "name_a,name_b,rule\nAnn Lee,Annie Lee,same\nAnnie Lee,A. Lee,same\n"
        "Ann Lee,A. Lee,different\n",
    )
    resolved, messages = warned(three.resolve, aliases=path)
    assert messages == [
        "an aliases row is not applied in full (a 'different' row wins over a 'same' row, and "
        "signatures of one letter stay apart): row 2 ('Annie Lee', 'A. Lee', same) would make "
        "one actor of 'A. Lee' and 'Ann Lee', which row 3 ('Ann Lee', 'A. Lee', different) keeps "
        "apart"
    ]
    found = actors(resolved)
    assert found["Ann Lee"] == found["Annie Lee"] != found["A. Lee"]


def test_a_different_row_naming_one_printed_name_twice_warns(three: cs.Corpus) -> None:
    rules = [{"name_a": "Ann Lee", "name_b": "ANN  LEE", "rule": "different"}]
    _, messages = warned(three.resolve, aliases=rules)
    assert messages == [
        "an aliases row changes nothing (names are compared after normalisation, with and "
        "without titles): row 1 ('Ann Lee', 'ANN  LEE', different): 'Ann Lee' and 'ANN  LEE' "
        "are one printed name (up to case and spacing), which cannot be two people"
    ]


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("name_a,name_b,rule\nA,B,same,x\n", cs.ParseError, "line 2 has 4 fields"),
        ("name_a,name_a,rule\nA,B,same\n", cs.ParseError, "names the column 'name_a' twice"),
        ("name_a,name_b,rule\nA,,same\n", cs.InvalidInputError, "aliases row 1: name_b is missing"),
    ],
)
def test_alias_files_are_read_as_strictly_as_tables(
    three: cs.Corpus, tmp_path: Path, text: str, error: type, message: str
) -> None:
    path = write(tmp_path / "aliases.csv", text)
    with pytest.raises(error, match=message):
        three.resolve(aliases=path)
    doubled = write(
        tmp_path / "aliases.json", '[{"name_a": "A", "name_b": "B", "rule": "same", "rule": "x"}]'
    )
    with pytest.raises(cs.ParseError, match="the key 'rule' is repeated in one object"):
        three.resolve(aliases=doubled)


# ================================================================== random tables


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet='ab,"\n\r \t', max_size=60))
def test_the_fast_csv_layout_agrees_with_the_csv_module(text: str) -> None:
    # Where the vectorised scan answers, it answers as the exact (row by row) reader does.
    data = text.encode("utf-8")
    fast = _reading._layout(data)
    if fast is None:
        return
    exact = _reading._layout_by_csv_module(text, "t.csv")
    assert fast[0] == exact[0]
    assert fast[1] == exact[1]
    assert fast[2].tolist() == exact[2].tolist()
    assert fast[3].tolist() == exact[3].tolist()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet='ab,"\n\r ', max_size=60))
def test_any_csv_text_reads_or_fails_with_a_parse_error(text: str) -> None:
    data = ("letter,name\n" + text).encode("utf-8")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cs.CosignetWarning)
            table = _reading.read_csv_table(data, data.decode("utf-8"), "t.csv")
    except cs.ParseError:
        return
    assert table.index.is_monotonic_increasing
    assert list(table.columns) == ["letter", "name"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.none() | st.integers() | st.text(alphabet='a"\\é', max_size=4),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.lists(st.tuples(st.text(alphabet='ab"\\', max_size=2), inner), max_size=3)
        ),
        max_leaves=12,
    )
)
def test_repeated_keys_are_found_wherever_they_are(value: object) -> None:
    def dump(v: object) -> str:
        if isinstance(v, list) and v and all(isinstance(x, tuple) for x in v):
            return "{" + ", ".join(f"{json.dumps(k)}: {dump(x)}" for k, x in v) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(dump(x) for x in v) + "]"
        return json.dumps(v)

    text = dump(value)
    try:
        loaded = _reading.load_json(text, "t.json")
    except cs.ParseError as error:
        message = str(error)
        assert message.startswith("t.json: the key "), message
        # the place named is the opening quote of the repeated key
        column = int(message.split(", column ")[1].split(" ")[0])
        line = int(message.split(" at line ")[1].split(",")[0])
        assert line == 1
        key = ast.literal_eval(message.split("the key ")[1].split(" is repeated in one")[0])
        assert text[column - 1] == '"'
        assert json.JSONDecoder().raw_decode(text, column - 1)[0] == key
        return
    assert loaded == json.loads(text)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "a.gexf",
            '<gexf><graph><nodes><node id="a"/><node id="b"/></nodes><edges>'
            '<edge source="a" target="b" weight="heavy"/></edges></graph></gexf>',
            "edge 0 ('a', 'b'), weight: 'heavy' is not a double",
        ),
        (
            "b.graphml",
            '<graphml><key id="d0" for="node" attr.name="n" attr.type="long"/><graph>'
            '<node id="a"><data key="d0">x</data></node></graph></graphml>',
            "node 0 ('a'), attribute 'n': 'x' is not a long",
        ),
        ("c.graphml", "<graphml><graph><node/></graph></graphml>", "node 0: its id is missing"),
        (
            "d.json",
            '{"nodes": "abc", "edges": []}',
            "'nodes' must be a list of objects, got \"abc\"",
        ),
        ("e.json", '{"nodes": [1, 2]}', "'nodes' must be a list of objects, got [1, 2]"),
        ("f.json", '{"nodes": [{"id": [1]}]}', "node 0: its id is [1], not a string or number"),
        (
            "g.json",
            '{"nodes": [{"id": "a"}], "edges": [{"source": "a"}]}',
            "edge 0: its target is missing",
        ),
        (
            "h.json",
            '{"nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "a", "target": "b", '
            '"weight": "x"}]}',
            'edge 0: its weight "x" is not a number',
        ),
        (
            "i.json",
            '{"nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "a", "target": "b", '
            '"weight": -1}]}',
            "weight -1 at position 0 is not a positive finite number",
        ),
    ],
)
def test_graph_files_with_bad_values_name_the_file_and_the_element(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(cs.ParseError) as info:
        cs.Graph.read(path)
    assert str(info.value) == f"{path}: {message}"
