"""Corpus: exact tables from Letter records and DataFrames, incidence, the JSON format."""

# ruff: noqa: RUF001  (typographic quotes are part of the test data)

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cosignet as cs
from cosignet.corpus import (
    ACTOR_COLUMNS,
    ISSUE_COLUMNS,
    LETTER_COLUMNS,
    SIGNATURE_COLUMNS,
    actor_key,
)

S = cs.Signature


def obj(values: list[object], index: pd.Index | None = None) -> pd.Series:
    """An object column holding the values as they are (str, None, tuples, dates)."""
    array = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        array[i] = value
    return pd.Series(array, dtype=object, index=index)


def sample_letters() -> list[cs.Letter]:
    """Three letters: every field, Unicode, a case variant, an addressee-only letter."""
    first = cs.Letter(
        id="L1",
        title="Candidacy of Hu Binchen to INTERPOL’s Executive Committee",
        date=dt.date(2021, 11, 15),
        addressees=(
            S(
                "Rt Hon Priti Patel, Home Secretary (United Kingdom)",
                "Priti Patel",
                ("Rt Hon",),
                position="Home Secretary",
                country="United Kingdom",
                line=2,
            ),
        ),
        signatories=(
            S(
                "Dovilė Šakalienė MP",
                "Dovilė Šakalienė",
                ("MP",),
                country="Lithuania",
                group="Lithuania",
                line=10,
            ),
            S(
                "Reinhard Bütikofer MEP",
                "Reinhard Bütikofer",
                ("MEP",),
                organisation="European Parliament",
                party="Greens/EFA",
                line=11,
            ),
            S("World Uyghur Congress", "World Uyghur Congress", kind="organisation", line=12),
        ),
        issues=(cs.ParseIssue(14, "¹ <https://example.org>", "a footnote"),),
        signing_group="MEMBERS OF IPAC",
        source="letters/l1.txt",
    )
    second = cs.Letter(
        signatories=(
            S("DOVILĖ  ŠAKALIENĖ", "DOVILĖ  ŠAKALIENĖ", country="LT"),
            S("‘Fred’ Bloggs", "‘Fred’ Bloggs", descriptor="“quoted”"),
            S("World Uyghur Congress", "World Uyghur Congress", kind="organisation"),
        ),
        date=dt.date(2022, 3, 1),
    )
    third = cs.Letter(addressees=(S("Jürgen Stock", "Jürgen Stock", position="Secretary General"),))
    return [first, second, third]


@pytest.fixture
def corpus() -> cs.Corpus:
    return cs.Corpus(sample_letters())


# ------------------------------------------------------------------ exact tables


def test_letters_table(corpus: cs.Corpus) -> None:
    expected = pd.DataFrame(
        {
            "letter_id": obj(["L1", "letter-1", "letter-2"]),
            "title": obj(["Candidacy of Hu Binchen to INTERPOL’s Executive Committee", None, None]),
            "date": obj([dt.date(2021, 11, 15), dt.date(2022, 3, 1), None]),
            "source": obj(["letters/l1.txt", None, None]),
            "n_signatories": np.array([3, 3, 0], dtype=np.int64),
            "n_addressees": np.array([1, 0, 1], dtype=np.int64),
            "signing_group": obj(["MEMBERS OF IPAC", None, None]),
            "n_issues": np.array([1, 0, 0], dtype=np.int64),
        }
    )
    pd.testing.assert_frame_equal(corpus.letters, expected)
    assert tuple(corpus.letters.columns) == LETTER_COLUMNS


def test_signatures_table(corpus: cs.Corpus) -> None:
    rows = [
        # letter_id, role, order, raw, name, honorifics, position, organisation, country,
        # party, descriptor, kind, group, line, actor_id
        ("L1", "signatory", 0, "Dovilė Šakalienė MP", "Dovilė Šakalienė", ("MP",), None, None,
         "Lithuania", None, None, "person", "Lithuania", 10, "person:dovilė šakalienė"),
        ("L1", "signatory", 1, "Reinhard Bütikofer MEP", "Reinhard Bütikofer", ("MEP",), None,
         "European Parliament", None, "Greens/EFA", None, "person", None, 11,
         "person:reinhard bütikofer"),
        ("L1", "signatory", 2, "World Uyghur Congress", "World Uyghur Congress", (), None, None,
         None, None, None, "organisation", None, 12, "organisation:world uyghur congress"),
        ("L1", "addressee", 0, "Rt Hon Priti Patel, Home Secretary (United Kingdom)",
         "Priti Patel", ("Rt Hon",), "Home Secretary", None, "United Kingdom", None, None,
         "person", None, 2, "person:priti patel"),
        ("letter-1", "signatory", 0, "DOVILĖ  ŠAKALIENĖ", "DOVILĖ  ŠAKALIENĖ", (), None, None,
         "LT", None, None, "person", None, None, "person:dovilė šakalienė"),
        ("letter-1", "signatory", 1, "‘Fred’ Bloggs", "‘Fred’ Bloggs", (), None, None, None,
         None, "“quoted”", "person", None, None, "person:‘fred’ bloggs"),
        ("letter-1", "signatory", 2, "World Uyghur Congress", "World Uyghur Congress", (), None,
         None, None, None, None, "organisation", None, None,
         "organisation:world uyghur congress"),
        ("letter-2", "addressee", 0, "Jürgen Stock", "Jürgen Stock", (), "Secretary General",
         None, None, None, None, "person", None, None, "person:jürgen stock"),
    ]  # fmt: skip
    rows = [(*row[:-1], None, None, None, None, row[-1]) for row in rows]  # handle..source
    columns = list(zip(*rows, strict=True))
    expected = pd.DataFrame(
        {
            name: (
                np.array(values, dtype=np.int64)
                if name == "order"
                else pd.array(values, dtype="Int64")
                if name == "line"
                else obj(list(values))
            )
            for name, values in zip(SIGNATURE_COLUMNS, columns, strict=True)
        }
    )
    pd.testing.assert_frame_equal(corpus.signatures, expected)


NOV_15, MAR_1 = dt.date(2021, 11, 15), dt.date(2022, 3, 1)


def test_actors_table(corpus: cs.Corpus) -> None:
    ids = [
        "person:dovilė šakalienė",
        "person:reinhard bütikofer",
        "organisation:world uyghur congress",
        "person:priti patel",
        "person:‘fred’ bloggs",
        "person:jürgen stock",
    ]
    expected = pd.DataFrame(
        {
            # a tie (one "Dovilė Šakalienė", one "DOVILĖ  ŠAKALIENĖ") goes to the first seen
            "name": obj(
                [
                    "Dovilė Šakalienė",
                    "Reinhard Bütikofer",
                    "World Uyghur Congress",
                    "Priti Patel",
                    "‘Fred’ Bloggs",
                    "Jürgen Stock",
                ]
            ),
            "kind": obj(["person", "person", "organisation", "person", "person", "person"]),
            "country": obj(["Lithuania", None, None, "United Kingdom", None, None]),
            "organisation": obj([None, "European Parliament", None, None, None, None]),
            "party": obj([None, "Greens/EFA", None, None, None, None]),
            "n_letters": np.array([2, 1, 2, 0, 1, 0], dtype=np.int64),
            "first_date": obj([NOV_15, NOV_15, NOV_15, None, MAR_1, None]),
            "last_date": obj([MAR_1, NOV_15, MAR_1, None, MAR_1, None]),
            "aliases": obj(
                [
                    ("Dovilė Šakalienė", "DOVILĖ  ŠAKALIENĖ"),
                    ("Reinhard Bütikofer",),
                    ("World Uyghur Congress",),
                    ("Priti Patel",),
                    ("‘Fred’ Bloggs",),
                    ("Jürgen Stock",),
                ]
            ),
        }
    )
    expected.index = pd.Index(ids, dtype=object, name="actor_id")
    pd.testing.assert_frame_equal(corpus.actors, expected)
    assert tuple(corpus.actors.columns) == ACTOR_COLUMNS


def test_most_common_name_and_country_win() -> None:
    letters = [
        cs.Letter(id=f"L{i}", signatories=(S(name, name, country=country),))
        for i, (name, country) in enumerate(
            [("ann lee", None), ("Ann Lee", "UK"), ("Ann Lee", "France"), ("Ann  LEE", "France")]
        )
    ]
    actors = cs.Corpus(letters).actors
    assert actors.loc["person:ann lee", "name"] == "Ann Lee"
    assert actors.loc["person:ann lee", "country"] == "France"
    assert actors.loc["person:ann lee", "aliases"] == ("ann lee", "Ann Lee", "Ann  LEE")
    assert actors.loc["person:ann lee", "n_letters"] == 4


def test_issues_table(corpus: cs.Corpus) -> None:
    expected = pd.DataFrame(
        {
            "letter_id": obj(["L1"]),
            "line": np.array([14], dtype=np.int64),
            "text": obj(["¹ <https://example.org>"]),
            "reason": obj(["a footnote"]),
        }
    )
    pd.testing.assert_frame_equal(corpus.issues, expected)
    assert tuple(corpus.issues.columns) == ISSUE_COLUMNS


def test_empty_corpus() -> None:
    corpus = cs.Corpus()
    assert len(corpus) == 0
    assert list(corpus.letters.columns) == list(LETTER_COLUMNS)
    assert corpus.letters.empty
    assert corpus.signatures.empty
    assert corpus.issues.empty
    assert list(corpus.actors.columns) == list(ACTOR_COLUMNS)
    assert corpus.actors.index.name == "actor_id"
    assert repr(corpus) == (
        "<cosignet.Corpus: 0 letters, 0 signatures (0 signatories, 0 addressees), 0 actors>"
    )


def test_tables_are_copies(corpus: cs.Corpus) -> None:
    table = corpus.letters
    table.loc[0, "title"] = "changed"
    assert corpus.letters.loc[0, "title"] != "changed"


def test_actor_key() -> None:
    assert actor_key("Iain  DUNCAN-SMITH") == "person:iain duncan-smith"
    assert actor_key(" World Uyghur\tCongress ", "organisation") == (
        "organisation:world uyghur congress"
    )
    assert actor_key("ﬁrst") == "person:first"  # NFKC folds the ligature
    assert actor_key("STRASSE") == actor_key("straße")  # casefold


# ------------------------------------------------------------------ ids and validation


def test_ids_skip_those_taken() -> None:
    letters = [cs.Letter(), cs.Letter(id="letter-2"), cs.Letter(), cs.Letter()]
    corpus = cs.Corpus(letters)
    assert list(corpus.letters.letter_id) == ["letter-1", "letter-2", "letter-3", "letter-4"]
    assert [letter.id for letter in corpus.letter_records] == list(corpus.letters.letter_id)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(
        cs.InvalidInputError, match="letter ids must be unique; 'L1' is the id of more than one"
    ):
        cs.Corpus([cs.Letter(id="L1"), cs.Letter(id="L2"), cs.Letter(id="L1")])


@pytest.mark.parametrize(
    ("letters", "message"),
    [
        ("abc", "letters must be an iterable of cosignet.Letter, got str"),
        (5, "letters must be an iterable of cosignet.Letter, got int"),
        ([cs.Letter(), "x"], r"letters\[1\] must be a cosignet.Letter, got str"),
        ([cs.Letter(id="")], r"letters\[0\].id must be a non-empty str or None, got ''"),
        ([cs.Letter(id=3)], r"letters\[0\].id must be a non-empty str or None, got 3"),  # type: ignore[arg-type]
        ([cs.Letter(title=1)], r"letters\[0\].title must be str or None, got int"),  # type: ignore[arg-type]
        (
            [cs.Letter(date="2021-11-15")],  # type: ignore[arg-type]
            r"letters\[0\].date must be a datetime.date or None, got '2021-11-15'",
        ),
        (
            [cs.Letter(signatories=(S("A", "A", kind="people"),))],  # type: ignore[arg-type]
            r"letters\[0\].signatories\[0\].kind must be 'person' or 'organisation', got 'people'",
        ),
        (
            [cs.Letter(addressees=(S("A", "A", honorifics="MP"),))],  # type: ignore[arg-type]
            r"letters\[0\].addressees\[0\].honorifics must be a tuple of str, got 'MP'",
        ),
        (
            [cs.Letter(signatories=(S("A", None),))],  # type: ignore[arg-type]
            r"letters\[0\].signatories\[0\].name must be str, got NoneType",
        ),
        (
            [cs.Letter(signatories=(S("A", "A", line=True),))],
            r"letters\[0\].signatories\[0\].line must be an int or None, got True",
        ),
        (
            [cs.Letter(signatories=("Ann",))],  # type: ignore[arg-type]
            r"letters\[0\].signatories\[0\] must be a cosignet.Signature, got str",
        ),
        (
            [cs.Letter(issues=(cs.ParseIssue(None, "x", "y"),))],  # type: ignore[arg-type]
            r"letters\[0\].issues\[0\].line must be an int, got None",
        ),
    ],
)
def test_bad_letters_are_refused(letters: object, message: str) -> None:
    with pytest.raises(cs.InvalidInputError, match=message):
        cs.Corpus(letters)  # type: ignore[arg-type]


def test_datetimes_become_dates() -> None:
    corpus = cs.Corpus([cs.Letter(id="L", date=dt.datetime(2021, 11, 15, 9, 30))])
    assert corpus.letters.date[0] == dt.date(2021, 11, 15)
    assert type(corpus.letters.date[0]) is dt.date


def test_letter_records() -> None:
    letters = sample_letters()
    corpus = cs.Corpus(letters)
    records = corpus.letter_records
    assert records[0] is letters[0]  # kept as given when nothing changes
    assert records[1] == cs.Letter(
        id="letter-1", date=letters[1].date, signatories=letters[1].signatories
    )
    assert cs.Corpus.from_letters(records) == corpus


def test_len_repr_eq(corpus: cs.Corpus) -> None:
    assert len(corpus) == 3
    assert repr(corpus) == (
        "<cosignet.Corpus: 3 letters, 8 signatures (6 signatories, 2 addressees), 6 actors, "
        "1 issues>"
    )
    assert corpus == cs.Corpus(sample_letters())
    assert corpus != cs.Corpus(sample_letters()[:2])
    assert corpus != "corpus"
    with pytest.raises(TypeError, match="unhashable"):
        hash(corpus)


# ------------------------------------------------------------------ incidence


def test_incidence(corpus: cs.Corpus) -> None:
    B = corpus.incidence()
    assert list(B.letter_labels) == ["L1", "letter-1", "letter-2"]
    assert list(B.actor_labels) == [
        "person:dovilė šakalienė",
        "person:reinhard bütikofer",
        "organisation:world uyghur congress",
        "person:‘fred’ bloggs",
    ]  # addressees are not actors of the incidence
    np.testing.assert_array_equal(B.matrix.toarray(), [[1, 1, 1, 0], [1, 0, 1, 1], [0, 0, 0, 0]])
    edges = B.project().edges
    assert len(edges) == 5
    assert edges.weight.max() == 2.0  # Šakalienė and the WUC signed both letters


def test_incidence_without_signatories() -> None:
    only_addressees = cs.Corpus([cs.Letter(addressees=(S("A", "A"),))])
    message = "the corpus has no signatories, so its incidence"
    with pytest.raises(cs.InvalidInputError, match=message):
        only_addressees.incidence()
    with pytest.raises(cs.InvalidInputError, match=message):
        cs.Corpus().incidence()


def test_incidence_warns_about_repeated_signatures() -> None:
    corpus = cs.Corpus([cs.Letter(id="L", signatories=(S("Ann", "Ann"), S("ANN", "ANN")))])
    with pytest.warns(
        cs.CosignetWarning,
        match="1 signatures repeat an actor on the same letter \\(first: 'person:ann' on 'L'\\)",
    ):
        B = corpus.incidence()
    assert B.matrix.toarray().tolist() == [[1.0]]


# ------------------------------------------------------------------ from_frame


def test_from_frame_every_column() -> None:
    df = pd.DataFrame(
        {
            "bill": [114, 114, 115, 114],
            "who": ["Ann Lee", "Bob Ray", "Ann Lee", "Cy"],
            "when": ["2015-01-21", None, "21 January 2015", "2015-01-21"],
            "state": ["TN", "NH", "TN", np.nan],
            "honours": ["Hon; MP", None, ["Dr"], ""],
            "kind": [None, "person", "person", "organisation"],
            "line": [3, 4.0, "5", None],
            "title": ["A bill", None, "Another", "A bill"],
            "role": ["signatory", "signatory", "signatory", "addressee"],
            "printed": ["Hon Ann Lee MP", None, None, None],
        },
        index=["a", "b", "c", "d"],
    )
    corpus = cs.Corpus.from_frame(
        df,
        letter="bill",
        signer="who",
        date="when",
        country="state",
        honorifics="honours",
        kind="kind",
        line="line",
        title="title",
        role="role",
        raw="printed",
    )
    letters = corpus.letters
    assert list(letters.letter_id) == ["114", "115"]
    assert list(letters.date) == [dt.date(2015, 1, 21), dt.date(2015, 1, 21)]
    assert list(letters.title) == ["A bill", "Another"]
    assert list(letters.source) == [None, None]
    assert list(letters.n_signatories) == [2, 1]
    assert list(letters.n_addressees) == [1, 0]
    signatures = corpus.signatures
    assert list(signatures.name) == ["Ann Lee", "Bob Ray", "Cy", "Ann Lee"]
    assert list(signatures.raw) == ["Hon Ann Lee MP", "Bob Ray", "Cy", "Ann Lee"]
    assert list(signatures.role) == ["signatory", "signatory", "addressee", "signatory"]
    assert list(signatures.order) == [0, 1, 0, 0]
    assert list(signatures.honorifics) == [("Hon", "MP"), (), (), ("Dr",)]
    assert list(signatures.kind) == ["person", "person", "organisation", "person"]
    assert signatures.line.tolist() == [3, 4, pd.NA, 5]
    assert list(signatures.country) == ["TN", "NH", None, "TN"]
    assert list(signatures.actor_id) == [
        "person:ann lee",
        "person:bob ray",
        "organisation:cy",
        "person:ann lee",
    ]


def test_from_frame_dates() -> None:
    df = pd.DataFrame(
        {
            "letter": ["a", "b", "c", "d"],
            "name": ["x"] * 4,
            "date": [
                pd.Timestamp("2021-11-15 10:00"),
                dt.datetime(2020, 1, 2, 3, 4),
                dt.date(1999, 12, 31),
                np.datetime64("2001-02-03"),
            ],
        }
    )
    corpus = cs.Corpus.from_frame(df, letter="letter", signer="name", date="date")
    assert list(corpus.letters.date) == [
        dt.date(2021, 11, 15),
        dt.date(2020, 1, 2),
        dt.date(1999, 12, 31),
        dt.date(2001, 2, 3),
    ]
    typed = df.assign(date=pd.to_datetime(["2021-11-15", None, "2020-01-01", "2020-01-01"]))
    corpus = cs.Corpus.from_frame(typed, letter="letter", signer="name", date="date")
    assert list(corpus.letters.date) == [
        dt.date(2021, 11, 15),
        None,
        dt.date(2020, 1, 1),
        dt.date(2020, 1, 1),
    ]


SENATE_LIKE = pd.DataFrame(
    {
        "bill": ["s1", "s1", "s2", None],
        "senator": ["Ann", "Bob", " ", "Cy"],
        "date": ["2015-01-01", "2015-01-02", "2015-01-01", None],
    },
    index=[10, 11, 12, 13],
)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        (
            {"letter": "bill", "signer": "senator", "state": "x"},
            "unknown attribute column keyword 'state'; the keywords are role, raw, honorifics, "
            "position, organisation, country, party, descriptor, kind, group, line, handle, url, "
            "email, title, source, signing_group",
        ),
        (
            {"letter": "bil", "signer": "senator"},
            "letter='bil' is not a column of df; its columns are 'bill', 'senator', 'date'",
        ),
        (
            {"letter": "bill", "signer": "senator", "country": "state"},
            "country='state' is not a column of df; its columns are 'bill', 'senator', 'date'",
        ),
        (
            {"letter": "bill", "signer": "senator"},
            "letter is missing in row 13 (df['bill'] is nan)",
        ),
    ],
)
def test_from_frame_errors(kwargs: dict[str, str], error: str) -> None:
    with pytest.raises(cs.InvalidInputError) as info:
        cs.Corpus.from_frame(SENATE_LIKE, **kwargs)
    assert str(info.value) == error


def test_from_frame_missing_signer_names_the_row() -> None:
    with pytest.raises(cs.InvalidInputError) as info:
        cs.Corpus.from_frame(SENATE_LIKE.iloc[:3], letter="bill", signer="senator")
    assert str(info.value) == "signer is missing in row 12 (df['senator'] is ' ')"


def test_from_frame_conflicting_dates() -> None:
    with pytest.raises(cs.InvalidInputError) as info:
        cs.Corpus.from_frame(SENATE_LIKE.iloc[:2], letter="bill", signer="senator", date="date")
    assert str(info.value) == (
        "letter 's1' has conflicting date values in df['date']: '2015-01-01' (row 10) and "
        "'2015-01-02' (row 11)"
    )


def test_from_frame_conflicting_titles() -> None:
    df = pd.DataFrame({"l": ["a", "a"], "n": ["x", "y"], "t": ["One", "Two"]})
    with pytest.raises(
        cs.InvalidInputError,
        match=r"letter 'a' has conflicting title values in df\['t'\]: 'One' \(row 0\) and 'Two'",
    ):
        cs.Corpus.from_frame(df, letter="l", signer="n", title="t")


@pytest.mark.parametrize(
    ("column", "keyword", "value", "error"),
    [
        ("d", "date", "not a date", "df['d'] (date) in row 0: cannot read 'not a date' as a date"),
        ("d", "date", 2021, "df['d'] (date) in row 0: cannot read 2021 as a date"),
        ("k", "kind", "people", "df['k'] (kind) must be 'person' or 'organisation', got 'people' "
         "in row 0"),
        ("r", "role", "author", "df['r'] (role) must be 'signatory' or 'addressee', got 'author' "
         "in row 0"),
        ("n", "line", "3rd", "df['n'] (line) must hold whole numbers, got '3rd' in row 0"),
        ("n", "line", 2.5, "df['n'] (line) must hold whole numbers, got 2.5 in row 0"),
        ("h", "honorifics", 7, "df['h'] (honorifics) must hold lists or ';'-separated text, got 7 "
         "in row 0"),
    ],
)  # fmt: skip
def test_from_frame_bad_values(column: str, keyword: str, value: object, error: str) -> None:
    df = pd.DataFrame({"l": ["a"], "s": ["x"], column: pd.Series([value], dtype=object)})
    with pytest.raises(cs.InvalidInputError) as info:
        cs.Corpus.from_frame(df, letter="l", signer="s", **{keyword: column})
    assert str(info.value) == error


def test_from_frame_refuses_other_input() -> None:
    with pytest.raises(cs.InvalidInputError, match="df must be a pandas DataFrame, got dict"):
        cs.Corpus.from_frame({"a": [1]}, letter="a", signer="a")  # type: ignore[arg-type]
    df = pd.DataFrame([[1, 2, 3]], columns=["l", "s", "s"])
    with pytest.raises(cs.InvalidInputError, match="signer='s' names more than one column"):
        cs.Corpus.from_frame(df, letter="l", signer="s")


def test_from_frame_empty() -> None:
    corpus = cs.Corpus.from_frame(pd.DataFrame({"l": [], "s": []}), letter="l", signer="s")
    assert len(corpus) == 0


@pytest.fixture
def senate(shared_data: Path) -> pd.DataFrame:
    folder = shared_data / "us-senate-cosponsorship"
    signatures = pd.read_csv(folder / "signatures_114.csv")
    senators = pd.read_csv(folder / "senators_114.csv")
    return signatures.merge(senators, on="senator_id", how="left", validate="many_to_one")


def test_from_frame_senate(senate: pd.DataFrame, tmp_path: Path) -> None:
    corpus = cs.Corpus.from_frame(
        senate, letter="bill_id", signer="label", country="state", party="party"
    )
    assert len(corpus) == 3589
    assert len(corpus.signatures) == 22910
    actors = corpus.actors
    assert len(actors) == 100
    assert actors.n_letters.min() == 49
    assert actors.n_letters.max() == 436
    assert actors.loc["person:alexander, l. (tn-r)", "country"] == "TN"
    parties = corpus.signatures.drop_duplicates("actor_id").party.value_counts().to_dict()
    assert parties == {"R": 54, "D": 44, "I": 2}
    assert corpus.letters.n_signatories.max() == 75
    graph = corpus.incidence().project()
    assert len(graph.edges) == 4949
    assert graph.edges.weight.sum() == 218600
    # The whole corpus survives the JSON format.
    corpus.to_json(tmp_path / "senate.json")
    assert cs.Corpus.read_json(tmp_path / "senate.json") == corpus


# ------------------------------------------------------------------ the JSON format


def assert_same_tables(a: cs.Corpus, b: cs.Corpus) -> None:
    pd.testing.assert_frame_equal(a.letters, b.letters)
    pd.testing.assert_frame_equal(a.signatures, b.signatures)
    pd.testing.assert_frame_equal(a.actors, b.actors)
    pd.testing.assert_frame_equal(a.issues, b.issues)
    assert a == b


def test_json_round_trip(corpus: cs.Corpus, tmp_path: Path) -> None:
    path = tmp_path / "corpus.json"
    assert corpus.to_json(path) is None
    back = cs.Corpus.read_json(path)
    assert_same_tables(back, corpus)
    assert back.letter_records == corpus.letter_records
    text = path.read_text(encoding="utf-8")
    assert text == corpus.to_json()
    for name in ("Dovilė Šakalienė", "‘Fred’", "Bütikofer"):
        assert name in text
    assert "\\u" not in text  # UTF-8 as is, not escaped
    assert sorted(os.listdir(tmp_path)) == ["corpus.json"]  # no temporary file left
    assert cs.Corpus.read_json(str(path)) == corpus


def test_json_round_trip_of_awkward_text(tmp_path: Path) -> None:
    awkward = 'tab\tnew\nline "quoted" \\ back \x01 \x7f \u2028 😀 \U0010ffff'
    letter = cs.Letter(
        id=awkward,
        title=awkward,
        date=dt.date(1, 1, 1),
        signatories=(S(awkward, awkward, (awkward, ""), descriptor="", line=-5),),
        issues=(cs.ParseIssue(0, "", awkward),),
        source="",
    )
    corpus = cs.Corpus([letter, cs.Letter(date=dt.date(9999, 12, 31))])
    corpus.to_json(tmp_path / "c.json")
    assert_same_tables(cs.Corpus.read_json(tmp_path / "c.json"), corpus)


def test_json_round_trip_of_a_frame_corpus(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {"bill": ["s1", "s1", "s2"], "name": ["Ann", "Bob", "Ann"], "line": [1, None, 3]}
    )
    corpus = cs.Corpus.from_frame(df, letter="bill", signer="name", line="line")
    corpus.to_json(tmp_path / "c.json")
    assert_same_tables(cs.Corpus.read_json(tmp_path / "c.json"), corpus)


def test_empty_corpus_round_trips(tmp_path: Path) -> None:
    cs.Corpus().to_json(tmp_path / "c.json")
    assert cs.Corpus.read_json(tmp_path / "c.json") == cs.Corpus()


def test_to_json_text_layout() -> None:
    corpus = cs.Corpus([cs.Letter(id="L1", signatories=(S("Ann", "Ann", ("Dr",), line=3),))])
    assert corpus.to_json() == textwrap.dedent(
        """\
        {
          "format": "cosignet-corpus",
          "version": 1,
          "letters": [
            {
              "id": "L1",
              "title": null,
              "date": null,
              "source": null,
              "signing_group": null,
              "addressees": [],
              "signatories": [
                {"raw": "Ann", "name": "Ann", "honorifics": ["Dr"], "position": null, "organisation": null, "country": null, "party": null, "descriptor": null, "kind": "person", "group": null, "line": 3}
              ],
              "issues": []
            }
          ]
        }
        """  # noqa: E501
    )


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def read_error(path: Path) -> str:
    with pytest.raises(cs.ParseError) as info:
        cs.Corpus.read_json(path)
    return str(info.value)


def test_malformed_json_gives_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.json",
        '{\n  "format": "cosignet-corpus",\n  "version": 1,\n  "letters": [\n'
        '    {"id": "Šakalienė", "title": "x",}\n  ]\n}\n',
    )
    assert read_error(path) == (
        f"{path}: malformed JSON at line 5, column 38 (byte 103): syntax error while parsing "
        "object key - unexpected '}'; expected string literal"
    )


def test_invalid_utf8_in_json_gives_the_byte(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", b'{"format": "cosignet-corpus",\n "x": "B\xfctikofer"}')
    message = read_error(path)
    assert message.startswith(f"{path}: malformed JSON at line 2, column 9 (byte 38): ")
    assert "ill-formed UTF-8 byte" in message


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '{"format": "cosignet-corpus", "version": 4, "letters": []}',
            "unsupported cosignet-corpus version 4; this version of cosignet reads versions 1 "
            "to 3 (supported versions: 1, 2, 3)",
        ),
        (
            '{"format": "cosignet-corpus", "version": 1}',
            'the key "letters" is missing',
        ),
        (
            '{"format": "cosignet-corpus", "version": 1, "letters": [{"title": "x"}]}',
            'letters[0]: the key "id" is missing',
        ),
        (
            '{"format": "cosignet-corpus", "version": 1, "letters": '
            '[{"id": "L", "signatories": [{"name": "A", "line": "3"}]}]}',
            'letters[0].signatories[0].line: expected an integer or null, got the string "3"',
        ),
        (
            "[1, 2]",
            'not a cosignet corpus: the top level is an array, expected an object with "format": '
            '"cosignet-corpus"',
        ),
    ],
)
def test_json_schema_errors(tmp_path: Path, text: str, error: str) -> None:
    path = write(tmp_path / "c.json", text)
    assert read_error(path) == f"{path}: {error}"


def test_read_json_empty_binary_missing(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.json", b"")
    assert read_error(empty) == f"{empty}: the file is empty"
    binary = write(tmp_path / "b.json", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert read_error(binary).startswith(f"{binary}: malformed JSON at line 1, column 1 (byte 0)")
    with pytest.raises(FileNotFoundError) as info:
        cs.Corpus.read_json(tmp_path / "missing.json")
    assert info.value.filename == str(tmp_path / "missing.json")
    assert str(info.value) == (
        f"[Errno 2] No such file or directory (while opening it for reading): "
        f"'{tmp_path / 'missing.json'}'"
    )
    with pytest.raises(cs.InvalidInputError, match="path must be a file path, got int"):
        cs.Corpus.read_json(3)  # type: ignore[arg-type]


def test_read_json_of_a_50_mb_file(tmp_path: Path) -> None:
    letters = [
        cs.Letter(
            id=f"L{i}",
            date=dt.date(2020, 1, 1) + dt.timedelta(days=i % 700),
            signatories=tuple(
                S(f"Signer Šakalienė {j}", f"Signer Šakalienė {j}", ("MP",), country="Lithuania")
                for j in range(i % 97, i % 97 + 60)
            ),
        )
        for i in range(3500)
    ]
    corpus = cs.Corpus(letters)
    path = tmp_path / "big.json"
    corpus.to_json(path)
    assert path.stat().st_size > 50_000_000
    back = cs.Corpus.read_json(path)
    assert back == corpus
    assert len(back.signatures) == 210_000


# ------------------------------------------------------------------ atomic writes


def test_write_into_a_missing_folder_leaves_nothing(corpus: cs.Corpus, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "c.json"
    with pytest.raises(FileNotFoundError) as info:
        corpus.to_json(target)
    assert str(info.value) == (
        "[Errno 2] No such file or directory (while creating a temporary file beside it): "
        f"'{target}'"
    )
    assert os.listdir(tmp_path) == []


def test_write_failing_at_the_rename_leaves_nothing(corpus: cs.Corpus, tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.mkdir()
    (target / "keep").write_text("x")
    with pytest.raises(IsADirectoryError):
        corpus.to_json(target)
    assert os.listdir(tmp_path) == ["c.json"]
    assert os.listdir(target) == ["keep"]


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root writes anywhere")
def test_write_into_a_read_only_folder(corpus: cs.Corpus, tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    target.write_text("old")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            corpus.to_json(target)
    finally:
        tmp_path.chmod(0o700)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["c.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_a_failed_write_leaves_the_previous_file(corpus: cs.Corpus, tmp_path: Path) -> None:
    """Inject a real failure mid-write: a file size limit makes write() fail with EFBIG."""
    target = tmp_path / "c.json"
    corpus.to_json(target)
    before = target.read_bytes()
    script = f"""
import errno, resource, signal
import cosignet as cs
big = cs.Corpus([cs.Letter(id="L", signatories=tuple(
    cs.Signature(f"Signer {{i}}", f"Signer {{i}}") for i in range(2000)))])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (len({before!r}) + 1000, hard))
try:
    big.to_json({str(target)!r})
except OSError as error:
    print(type(error).__name__, errno.errorcode[error.errno], error.filename)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["OSError", "EFBIG", str(target)]
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["c.json"]


def test_to_json_refuses_a_path_that_is_not_one(corpus: cs.Corpus) -> None:
    with pytest.raises(cs.InvalidInputError, match="path must be a file path, got list"):
        corpus.to_json(["c.json"])  # type: ignore[arg-type]
