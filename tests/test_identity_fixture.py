"""The identity evaluation data: the hand-labelled variants, the alias file, the pairwise
metric and the generator of the performance test. These check the data, not the resolver.
"""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pytest

import cosignet as cs
from identity_metrics import pairwise_counts, pairwise_scores

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "identity"
COLUMNS = ["letter", "name", "country", "organisation", "person", "kind", "category"]


@pytest.fixture(scope="module")
def variants() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "variants.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def identity_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "identity_data", ROOT / "benchmarks" / "identity_data.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- variants.csv


def test_variants_size_and_columns(variants: pd.DataFrame) -> None:
    assert list(variants.columns) == COLUMNS
    assert len(variants) >= 350
    assert variants["person"].nunique() >= 120
    assert (variants["name"].str.strip() != "").all()
    assert set(variants["kind"]) == {"person", "organisation"}
    # one person, one kind and one category
    assert (variants.groupby("person")[["kind", "category"]].nunique() == 1).all().all()


def test_variants_letters(variants: pd.DataFrame) -> None:
    assert not variants.duplicated(["letter", "person"]).any(), "a person signs a letter twice"
    sizes = variants.groupby("letter").size()
    assert sizes.between(5, 30).all(), sizes[~sizes.between(5, 30)]


ISSUE_SAME = {
    "duncan-smith-iain": [
        "Rt Hon Sir Iain Duncan-Smith MP",
        "Sir Iain Duncan Smith MP",
        "Iain Duncan Smith",
    ],
    "butikofer-reinhard": ["Reinhard Bütikofer", "Reinhard Buetikofer MEP", "Reinhard Butikofer"],
    "sakaliene-dovile": ["Dovilė Šakalienė", "Dovile Sakaliene", "Dovile akaliene"],
    "alton-david": ["Lord (David) Alton", "Lord Alton of Liverpool", "David Alton"],
    "gattolin-andre": ["Senator André Gattolin", "Andre Gattolin", "André Gattolin"],
    "law-nathan": ["Nathan Law Kwun-chung", "Nathan Law"],
    "hui-ted": ["Ted Hui Chi-fung", "Ted Hui"],
    "kwong-glacier": ["Glacier Kwong Chung-ching", "Glacier Kwong"],
    "yang-zili": ["Yang 'Fred' Zili", "Yang Zili"],
    "keller-sutter-karin": ["Karin Keller-Sutter", "Karin Keller Sutter"],
    "oconnor-simon": ["Simon O'Connor", "Simon O\u2019Connor", "Simon OConnor"],
    "zhou-fengsuo": ["Zhou Fengsuo", "Fengsuo Zhou"],
    "smith-john-robert": ["John Robert Smith", "J. R. Smith"],
    "org-norwegian-uyghur-committee": [
        "The Norwegian Uyghur Committee",
        "Norwegian Uyghur Committee",
    ],
    "org-world-uyghur-congress": ["World Uyghur Congress", "World Uyghur Congress (WUC)"],
}


@pytest.mark.parametrize(("person", "names"), ISSUE_SAME.items())
def test_variants_hold_the_issue_cases(
    variants: pd.DataFrame, person: str, names: list[str]
) -> None:
    rows = variants[variants["person"] == person]
    assert set(names) <= set(rows["name"]), set(names) - set(rows["name"])


def test_variants_hold_the_must_not_merge_cases(variants: pd.DataFrame) -> None:
    def people(name: str, country: str | None = None) -> set[str]:
        rows = variants[variants["name"] == name]
        if country is not None:
            rows = rows[rows["country"] == country]
        assert len(rows), name
        return set(rows["person"])

    assert people("Karen Andrews") == {"andrews-karen"}
    assert people("Kevin Andrews MP") == {"andrews-kevin"}
    assert people("Brenda Rogers") == {"rogers-brenda"}
    assert people("Katherina Rogers") == {"rogers-katherina"}
    assert people("John Smith", "USA") == {"smith-john-usa"}
    assert people("J. Smith") == {"smith-j-unknown"}
    assert people("John Smith Jr.") == {"smith-john-jr"}
    assert people("Maria Rossi") == {"rossi-maria-senate", "rossi-maria-bologna"}
    assert people("David Lee") == {"lee-david-hrf", "lee-david-brown"}
    assert people("Nathan Law", "Canada") == {"law-nathan-canada"}
    # two people printed the same way sign one letter
    rossi = variants[variants["name"] == "Maria Rossi"]
    assert rossi["letter"].nunique() == 1
    assert rossi["person"].nunique() == 2


def test_variants_load_as_a_corpus(variants: pd.DataFrame) -> None:
    corpus = cs.Corpus.from_frame(
        variants,
        letter="letter",
        signer="name",
        country="country",
        organisation="organisation",
        kind="kind",
    )
    assert len(corpus.signatures) == len(variants)
    assert len(corpus.letters) == variants["letter"].nunique()
    assert set(corpus.actors["kind"]) == {"person", "organisation"}


def test_aliases_file(variants: pd.DataFrame) -> None:
    aliases = pd.read_csv(FIXTURES / "aliases.csv", dtype=str, keep_default_na=False)
    assert list(aliases.columns) == ["name_a", "name_b", "rule"]
    assert set(aliases["rule"]) == {"same", "different"}
    printed = set(variants["name"])
    persons = variants.groupby("name")["person"].agg(set)
    for row in aliases.itertuples():
        assert row.name_a != row.name_b
        known = [name for name in (row.name_a, row.name_b) if name in printed]
        if len(known) == 2:  # the rule agrees with the labels
            same = bool(persons[row.name_a] & persons[row.name_b])
            assert same == (row.rule == "same"), row


# ---------------------------------------------------------------- pairwise metric


def brute_force(truth: list[object], pred: list[object]) -> tuple[int, int, int]:
    tp = predicted = actual = 0
    for i, j in itertools.combinations(range(len(truth)), 2):
        same_pred = pred[i] == pred[j]
        same_true = truth[i] == truth[j]
        predicted += same_pred
        actual += same_true
        tp += same_pred and same_true
    return tp, predicted, actual


@pytest.mark.parametrize("seed", range(20))
def test_pairwise_counts_match_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 60))
    truth = [f"p{k}" for k in rng.integers(0, max(1, n // 3), n)]
    pred = rng.integers(0, max(1, n // 2), n).tolist()
    assert pairwise_counts(truth, pred) == brute_force(truth, pred)


def test_pairwise_scores_edge_cases() -> None:
    assert pairwise_scores([], []) == (1.0, 1.0, 1.0)
    assert pairwise_scores(["a", "b"], [1, 1]) == (0.0, 1.0, 0.0)
    assert pairwise_scores(["a", "a"], [1, 2]) == (1.0, 0.0, 0.0)
    assert pairwise_scores(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0, 1.0)
    precision, recall, f1 = pairwise_scores(["a", "a", "b", "b"], [1, 1, 1, 2])
    assert (precision, recall) == (pytest.approx(1 / 3), 0.5)
    assert f1 == pytest.approx(0.4)
    with pytest.raises(ValueError, match="differ in length"):
        pairwise_scores(["a"], [1, 2])
    with pytest.raises(ValueError, match="missing label"):
        pairwise_scores(["a", None], [1, 2])


def test_pairwise_scores_of_the_truth_and_of_exact_names(variants: pd.DataFrame) -> None:
    assert pairwise_scores(variants["person"], variants["person"]) == (1.0, 1.0, 1.0)
    precision, recall, _ = pairwise_scores(variants["person"], variants["name"])
    assert precision < 1.0  # identical printed names of different people exist
    assert recall < 0.5  # most variants differ from each other as printed


# ---------------------------------------------------------------- generator


def test_generator_invariants(identity_data: ModuleType) -> None:
    df = identity_data.generate(n_people=2_000, n_signatures=20_000, n_letters=300, seed=1)
    assert list(df.columns) == ["letter", "name", "country", "organisation", "person"]
    assert len(df) == 20_000
    assert df["person"].nunique() == 2_000
    assert set(df["person"]) == set(range(2_000))
    assert not df.duplicated(["letter", "person"]).any()
    assert df["letter"].is_monotonic_increasing
    assert df["name"].notna().all()
    assert (df["name"].str.strip() != "").all()
    assert df.groupby("person")["name"].nunique().mean() > 1.5
    again = identity_data.generate(n_people=2_000, n_signatures=20_000, n_letters=300, seed=1)
    pd.testing.assert_frame_equal(df, again)
    other = identity_data.generate(n_people=2_000, n_signatures=20_000, n_letters=300, seed=2)
    assert not df["name"].equals(other["name"])


def test_generator_crowded_letters(identity_data: ModuleType) -> None:
    # people signing most of the letters still never sign one twice
    df = identity_data.generate(n_people=10, n_signatures=250, n_letters=30, seed=3)
    assert not df.duplicated(["letter", "person"]).any()
    assert len(df) == 250


def test_generator_rejects_impossible_sizes(identity_data: ModuleType) -> None:
    with pytest.raises(ValueError, match="at least n_people"):
        identity_data.generate(n_people=10, n_signatures=5)
    with pytest.raises(ValueError, match="do not fit"):
        identity_data.generate(n_people=2, n_signatures=10, n_letters=3)
