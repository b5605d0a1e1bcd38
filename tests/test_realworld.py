"""The labelled real-world set (tests/fixtures/realworld) and where cosignet stands on it.

The first part checks the set itself: its size, that every letter has a truth file whose
names are printed in the letter, that the identity labels agree with the truth files, and
that the generated petitions are what their script writes. The second part scores the
current cosignet on the set and pins today's scores as floors. Issue 18 will raise them.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import re
import sys
import zipfile
from collections import Counter
from types import ModuleType

import pandas as pd
import pytest

from realworld_metrics import (
    ROOT,
    SIGNER_KEYS,
    LetterScore,
    SetScore,
    TruthLetter,
    identity_frame,
    load_set,
    markdown_table,
    match,
    normalise_name,
    score_set,
    shape_table,
)

NOT_SHAPES = {"identity", "sources"}
STRUCTURED = {".json", ".jsonl", ".csv"}  # names may be split over fields (first, last)


@pytest.fixture(scope="module")
def letters() -> list[TruthLetter]:
    return load_set()


@pytest.fixture(scope="module")
def persons() -> pd.DataFrame:
    return identity_frame()


@pytest.fixture(scope="module")
def score(letters: list[TruthLetter]) -> SetScore:
    return score_set(letters)


# ---------------------------------------------------------------- the set


def test_size(letters: list[TruthLetter]) -> None:
    shapes = Counter(letter.shape for letter in letters)
    assert len(letters) == 47
    assert len(shapes) == 15
    assert min(shapes.values()) >= 3, shapes
    assert sum(len(letter.signers) for letter in letters) == 4_075
    assert len({letter.letter for letter in letters}) == len(letters), "letter ids are unique"


def test_every_file_belongs_to_a_letter(letters: list[TruthLetter]) -> None:
    claimed = {letter.path for letter in letters}
    for folder in sorted(p for p in ROOT.iterdir() if p.is_dir() and p.name not in NOT_SHAPES):
        for entry in sorted(folder.iterdir()):
            assert entry.name.endswith(".truth.json") or entry in claimed, entry


def test_the_set_is_small() -> None:
    files = [p for p in ROOT.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 2_000_000
    for path in files:
        if path.suffix in {".docx", ".pdf"}:
            assert path.stat().st_size < 50_000, path


def test_truth_fields(letters: list[TruthLetter]) -> None:
    for letter in letters:
        if letter.date is not None:
            dt.date.fromisoformat(letter.date)
        assert letter.signers, letter.letter
        for signer in letter.signers:
            assert set(signer) <= set(SIGNER_KEYS), (letter.letter, signer)
            assert signer["kind"] in {"person", "organisation"}, (letter.letter, signer)
            for key, value in signer.items():
                assert isinstance(value, str), (letter.letter, key)
                assert value == value.strip() != "", (letter.letter, key, value)
            if "handle" in signer:
                assert not signer["handle"].startswith("@"), (letter.letter, signer)


def letter_text(letter: TruthLetter) -> str:
    """The letter's text as a reader sees it: tags and entities resolved, PDFs by source."""
    path = letter.path
    if path.is_dir():
        return "\n".join(p.read_text(encoding="utf-8") for p in sorted(path.rglob("*.*")))
    if path.suffix == ".html":
        return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as document:
            xml = document.read("word/document.xml").decode("utf-8")
        # paragraphs, line breaks and table cells end a word; runs do not
        xml = re.sub(r"</w:p>|<w:br/>|</w:tc>", "\n", xml)
        return html.unescape(re.sub(r"<[^>]+>", "", xml))
    if path.suffix == ".pdf":  # the PDF is built from its source; the test has no PDF reader
        assert path.read_bytes().startswith(b"%PDF-")
        source = ROOT / "sources" / "pdf" / f"{path.stem}.txt"
        return source.read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8")


def test_truth_names_are_printed(letters: list[TruthLetter]) -> None:
    """A wrong truth name would count against the parser: every one is in its letter."""
    for letter in letters:
        text = normalise_name(letter_text(letter))
        for signer in letter.signers:
            printed = normalise_name(signer.get("printed", signer["name"]))
            if printed in text:
                continue
            structured = letter.path.is_dir() or letter.path.suffix in STRUCTURED
            words = printed.replace(";", " ").split()
            assert structured, (letter.letter, printed)
            assert all(word in text for word in words), (letter.letter, printed)


def test_titles_are_printed(letters: list[TruthLetter]) -> None:
    titled = [letter for letter in letters if letter.title is not None]
    assert len(titled) == 41
    for letter in titled:
        assert normalise_name(letter.title) in normalise_name(letter_text(letter)), letter.letter


def test_docx_text_is_its_source(letters: list[TruthLetter]) -> None:
    for letter in (letter for letter in letters if letter.shape == "docx"):
        source = (ROOT / "sources" / "docx" / f"{letter.letter}.txt").read_text(encoding="utf-8")
        words = set(re.sub(r"^(?:# |- |\| )|\*| \| ", " ", source, flags=re.MULTILINE).split())
        assert words <= set(letter_text(letter).split()), letter.letter


# ---------------------------------------------------------------- identity labels


def test_identity_rows_are_the_truth_rows(
    letters: list[TruthLetter], persons: pd.DataFrame
) -> None:
    expected = [
        (letter.letter, index, signer["name"])
        for letter in letters
        for index, signer in enumerate(letter.signers)
    ]
    rows = list(zip(persons["letter"], persons["index"], persons["name"], strict=True))
    assert sorted(rows) == sorted(expected)
    assert (persons["person"] != "").all()
    assert (persons.groupby("person")["category"].nunique() == 1).all()


def test_identity_holds_the_hard_cases(persons: pd.DataFrame) -> None:
    def people(name: str) -> set[str]:
        return set(persons.loc[persons["name"] == name, "person"])

    # the same person printed differently
    assert people("Penrose of Tynemouth") == people("Martin Penrose") == {"penrose-martin"}
    assert people("Ashcombe of Lewes") == people("Helen Ashcombe")
    assert people("Sarah J. Whitfield") == people("Sarah Whitfield")
    assert people("Tomasz Kowalcyzkowski") == people("Tomasz Kowalczykowski")
    assert people("Ewa Zielinska") == people("Ewa Zielińska")
    assert people("T. Mokoena") == people("Thandiwe Mokoena")
    assert people("Wei Zhang") == people("Zhang Wei")
    assert people("Gulnisa Mehmet") == people("Gulnisa Memet")
    assert people("Kelvin Ho") == people("Kelvin Ho Ka-lok")
    assert people("Marisol Etxeberria") == people("Marisol Etxeberria Goikoetxea")
    # homonyms: three David Kims, two Alex Chens, two Maria Santos on one letter
    assert len(people("David Kim")) == 3
    assert len(people("Alex Chen")) == 2
    santos = persons[persons["name"] == "Maria Santos"]
    assert santos["letter"].nunique() == 1
    assert santos["person"].nunique() == 2
    # near misses are different people
    for a, b in [
        ("Sofia Marchetti", "Sofia Marchesi"),
        ("Mehmet Yilmaz", "Mehmet Yildiz"),
        ("Jonas Berglund", "Jonas Bergmund"),
        ("Elena Petrova", "Elena Petrenko"),
        ("Marcus Bell", "Marcus Bell Jr."),
        ("Chan Ka-wai", "Chan Ka-wing"),
        ("Paulo Santos", "Paulo Santos Ferreira"),
    ]:
        assert not people(a) & people(b), (a, b)
    # the generated homonyms: twenty names, two people each, on one petition
    generated = persons[persons["category"] == "generated-homonym"]
    assert generated.groupby("name")["person"].nunique().eq(2).sum() == 20
    assert generated["letter"].nunique() == 1


def test_generated_and_hand_written_people_do_not_share_names(persons: pd.DataFrame) -> None:
    module = _petition_script()
    generated = persons["person"].str.startswith("gen-")
    hand = set(persons.loc[~generated, "name"].map(module.name_key))
    assert not hand & set(persons.loc[generated, "name"].map(module.name_key))


def _petition_script() -> ModuleType:
    if "make_petitions" in sys.modules:
        return sys.modules["make_petitions"]
    spec = importlib.util.spec_from_file_location("make_petitions", ROOT / "make_petitions.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_petitions"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_generated_petitions_are_reproduced() -> None:
    files = _petition_script().generate()
    assert len(files) == 7
    for path, text in files.items():
        assert path.read_text(encoding="utf-8") == text, path


# ---------------------------------------------------------------- the metric


def test_normalise_and_match() -> None:
    assert normalise_name("\tZOE  Martin\n") == "zoe martin"
    assert normalise_name("José") == normalise_name("Jose\u0301") != normalise_name("Jose")
    assert match([], ["A B"]) == []
    assert match(["A B", "A B"], ["a b"]) == [0, None]
    assert match(["Ann Lee", "Bob Ray"], ["Bob Ray", "Ann  LEE"]) == [1, 0]


def test_shape_table_pools_letters() -> None:
    scores = [
        LetterScore("s", "a", "read", n_true=4, n_parsed=2, n_matched=2, date_right=True),
        LetterScore("s", "b", "read", n_true=6, n_parsed=8, n_matched=6, date_right=False),
        LetterScore("t", "c", "not read: no", n_true=3, n_parsed=0, n_matched=0, date_right=None),
    ]
    table = shape_table(scores)
    assert list(table["shape"]) == ["t", "s", "all"]
    s = table.iloc[1]
    assert (s["letters"], s["not_read"], s["true"], s["parsed"], s["matched"]) == (2, 0, 10, 10, 8)
    assert (s["precision"], s["recall"], s["dates_right"]) == (0.8, 0.8, "1/2")
    assert s["f1"] == pytest.approx(0.8)
    t = table.iloc[0]
    assert (t["not_read"], t["precision"], t["recall"], t["f1"], t["dates_right"]) == (
        1,
        0.0,
        0.0,
        0.0,
        "0/0",
    )
    assert table.iloc[2]["matched"] == 8
    assert markdown_table(table).splitlines()[2] == (
        "| `t` | 1 | 1 | 3 | 0 | 0 | 0.000 | 0.000 | 0.000 | 0/0 |"
    )


# ---------------------------------------------------------------- where cosignet stands

# Today's name F1 per shape, rounded down: floors that fail on a regression. Issue 18 will
# raise them to 0.97 on every shape; raise a floor here when the parser gets better.
F1_FLOORS = {
    "csv_jsonl": 0.0,
    "records": 0.0,
    "press_release": 0.23,
    "member_organisations": 0.58,
    "json_array": 0.59,
    "parliamentary_motion": 0.65,
    "md_list_handles": 0.66,
    "md_front_matter": 0.68,
    "pdf": 0.72,
    "docx": 0.81,
    "pdf_text": 0.82,
    "signature_block": 0.86,
    "petition_large": 0.9,
    "html": 0.93,
    "office_lines": 0.95,
}
# Letters read_letters refuses today (tables and records whose signer column is named
# otherwise, e.g. `full_name` or `Nom;Prénom`, a nested export, a `role` field holding a job):
# each shape's count of letters "not read". Issue 18's parser and reader work lowers these.
NOT_READ = {"csv_jsonl": 3, "json_array": 2, "records": 3}


def test_name_f1_per_shape(score: SetScore) -> None:
    table = shape_table(score.letters).set_index("shape")
    assert set(table.index) == {*F1_FLOORS, "all"}
    for shape, floor in F1_FLOORS.items():
        assert table.loc[shape, "f1"] >= floor, (shape, table.loc[shape, "f1"])
    assert table.loc["all", "f1"] >= 0.87
    assert table.loc["all", "precision"] >= 0.96
    assert dict(table["not_read"][table["not_read"] > 0].drop("all")) == NOT_READ
    assert table.loc["all", "dates_right"] == "37/38"


def test_identity_after_resolve(score: SetScore) -> None:
    # Issue 18's targets are precision >= 0.98 and recall >= 0.90. Measured with the rules of
    # issue 18 (point 4): 0.996 / 0.975 with the parser, 1.000 / 0.897 on the hand-written
    # letters, 0.994 / 0.987 on the true signers alone.
    assert score.identity.rows >= 3_100
    assert score.identity.precision >= 0.99
    assert score.identity.recall >= 0.97
    assert score.identity_hand.precision == 1.0
    assert score.identity_hand.recall >= 0.89
    assert score.identity_truth.rows == 4_075
    assert score.identity_truth.precision >= 0.99
    assert score.identity_truth.recall >= 0.98
    # What is left, and why: two people the labels keep apart print one name in two
    # orders ("Mei-Ling Huang", "Huang Meiling"); the true signers lose the peers' titles
    # ("Penrose of Tynemouth" and "Martin Penrose" stay candidates).
    assert score.identity_truth.wrong_merges == (("Huang Meiling", "Mei-Ling Huang"),)
    assert score.identity_truth.missed_merges == (
        ("Ashcombe of Lewes", "Helen Ashcombe"),
        ("Martin Penrose", "Penrose of Tynemouth"),
    )
