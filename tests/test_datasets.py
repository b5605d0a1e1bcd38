"""The bundled example data: the two INTERPOL letters ship inside the package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import cosignet as cs

IDS = ["2021-11-15_interpol_activists_in_exile", "2021-11-15_interpol_ipac_ministers"]


def test_interpol_2021() -> None:
    corpus = cs.datasets.interpol_2021()
    letters = corpus.letters
    assert list(letters.letter_id) == IDS
    assert list(letters.date) == [dt.date(2021, 11, 15)] * 2
    package = Path(cs.__file__).resolve().parent
    for letter_id, source in zip(letters.letter_id, letters.source, strict=True):
        path = Path(source)
        assert path.is_file()
        assert path.name == f"{letter_id}.txt"
        assert path.parent == package / "data" / "letters"  # the installed copy
    assert letters.n_signatories.min() > 0
    assert letters.n_addressees[1] == 18  # the ministers
    assert letters.signing_group[1] == "MEMBERS OF THE INTER-PARLIAMENTARY ALLIANCE ON CHINA"
    assert corpus.incidence().n_letters == 2


def test_interpol_2021_paths() -> None:
    paths = cs.datasets.interpol_2021_paths()
    assert [path.stem for path in paths] == IDS


def test_the_shipped_letters_are_the_shared_ones(shared_data: Path) -> None:
    shared = shared_data.parent / "letters"
    for path in cs.datasets.interpol_2021_paths():
        assert path.read_bytes() == (shared / path.name).read_bytes()


def test_interpol_2021_round_trips_through_json(tmp_path: Path) -> None:
    corpus = cs.datasets.interpol_2021()
    corpus.to_json(tmp_path / "interpol.json")
    back = cs.Corpus.read_json(tmp_path / "interpol.json")
    assert back == corpus
    assert back.letter_records == corpus.letter_records
    text = (tmp_path / "interpol.json").read_text(encoding="utf-8")
    assert "Jan Hamáček" in text
    assert "Agnė Bilotaitė" in text


# Counts and projection totals from ../shared/data/us-senate-cosponsorship/README.md.
SENATE = {
    114: {"bills": 3589, "senators": 100, "rows": 22910, "pairs": 4949, "weight": 218600},
    116: {"bills": 4464, "senators": 101, "rows": 31589, "pairs": 5047, "weight": 319080},
}


@pytest.mark.parametrize("congress", sorted(SENATE))
def test_us_senate(congress: int) -> None:
    expected = SENATE[congress]
    corpus = cs.datasets.us_senate(congress)
    assert len(corpus.letters) == expected["bills"]
    assert len(corpus.actors) == expected["senators"]
    assert len(corpus.signatures) == expected["rows"]
    assert corpus.letters.date.isna().all()  # the source has no dates; none are invented
    assert set(corpus.actors.party) == {"D", "R", "I"}
    assert (corpus.actors.country == "United States").all()
    G = corpus.incidence().project()
    assert G.n_edges == expected["pairs"]
    assert G.total_weight == expected["weight"]


def test_us_senate_labels_and_states() -> None:
    corpus = cs.datasets.us_senate(114)
    sanders = corpus.signatures[corpus.signatures.name == "Sanders, B. (VT-I)"]
    assert set(sanders.group) == {"VT"}
    assert set(sanders.party) == {"I"}
    assert corpus.letters.set_index("letter_id").title[["s1", "sj1"]].tolist() == [
        "S. 1",
        "S.J.Res. 1",
    ]
    # The same label in both Congresses is the same actor: 80 senators served in both.
    both = set(corpus.actors.index) & set(cs.datasets.us_senate(116).actors.index)
    assert len(both) == 80


@pytest.mark.parametrize("congress", [115, 0, "114", True])
def test_us_senate_refuses_other_congresses(congress: object) -> None:
    with pytest.raises(cs.InvalidInputError, match=r"congress must be one of 114, 116, got"):
        cs.datasets.us_senate(congress)  # type: ignore[arg-type]


def test_the_shipped_senate_files_are_the_shared_ones(shared_data: Path) -> None:
    shared = shared_data / "us-senate-cosponsorship"
    package = Path(cs.__file__).resolve().parent / "data" / "us_senate"
    for congress in SENATE:
        for table in ("bills", "senators", "signatures"):
            name = f"{table}_{congress}.csv"
            assert (package / name).read_bytes() == (shared / name).read_bytes()
