"""The bundled example data: the two INTERPOL letters ship inside the package."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
