"""cs.temporal: windows, per-window measures, actor trajectories and coalition events.

The hand-built corpus below has known answers (actors joining, leaving and returning, a
coalition splitting in two and two merging); the random corpora check that every window's
results equal the pipeline run on that window's letters alone, built independently from
the rows of the table; the Senate test reads the 114th and 116th Congress as two windows.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy.sparse.csgraph import connected_components

import cosignet as cs
from cosignet._windows import window_graphs

matplotlib.use("Agg")

# Three years. 2019: a-f sign together, so do x, y, z. 2020: a-c and d-f sign apart (the
# coalition of six splits), x-z are gone, g-i arrive. 2021: a-c join g-i (a merge), d-f go
# on with x, who returns. One letter has no date.
HAND = [
    ("A1", "2019-02-01", "abcdef"),
    ("A2", "2019-09-15", "xyz"),
    ("B1", "2020-03-01", "abc"),
    ("B2", "2020-03-02", "def"),
    ("B3", "2020-11-30", "ghi"),
    ("C1", "2021-01-20", "abcghi"),
    ("C2", "2021-06-30", "defx"),
    ("U1", None, "aq"),
]


def frame(letters: list[tuple[str, str | None, str]]) -> pd.DataFrame:
    rows = [(letter, day, signer) for letter, day, signers in letters for signer in signers]
    return pd.DataFrame(rows, columns=["letter", "date", "signer"])


def corpus_of(table: pd.DataFrame) -> cs.Corpus:
    return cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date")


@pytest.fixture
def hand() -> cs.Corpus:
    return corpus_of(frame(HAND))


def quiet_windows(corpus: cs.Corpus, **options: object) -> cs.temporal.Windows:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cs.CosignetWarning)
        return cs.temporal.windows(corpus, **options)  # type: ignore[arg-type]


def ids(letters: str) -> list[str]:
    return [f"person:{s}" for s in letters]


# ---------------------------------------------------------------------- the hand-built corpus


def test_undated_letters_are_reported_and_left_out(hand: cs.Corpus) -> None:
    with pytest.warns(cs.CosignetWarning, match=r"^1 of 8 letters have no date .* 'U1'"):
        W = cs.temporal.windows(hand)
    assert list(W.undated) == ["U1"]
    assert sum(len(W.letter_ids(label)) for label in W.labels) == 7
    assert "U1" not in {i for label in W.labels for i in W.letter_ids(label)}
    with pytest.warns(cs.CosignetWarning, match="no date"):
        table = cs.temporal.evolution(hand)
    assert table.attrs["undated"] == ["U1"]
    # q signed only the undated letter: in no window, no trajectory.
    assert "person:q" not in cs.temporal.trajectories(W).index


def test_hand_built_evolution(hand: cs.Corpus) -> None:
    W = quiet_windows(hand)
    table = cs.temporal.evolution(W)
    assert list(table.index.astype(str)) == ["2019", "2020", "2021"]
    assert table.start.tolist() == [dt.date(y, 1, 1) for y in (2019, 2020, 2021)]
    assert table.end.tolist() == [dt.date(y, 12, 31) for y in (2019, 2020, 2021)]
    expected = {
        "n_letters": [2, 3, 2],
        "n_signatures": [9, 9, 10],
        "n_actors": [9, 9, 10],
        "n_new": [9, 3, 0],
        "n_returning": [0, 0, 1],
        "n_continuing": [0, 6, 9],
        "n_left": [0, 3, 0],
        "n_edges": [18, 9, 21],
        "n_components": [2, 3, 2],
        "largest_component": [6, 3, 6],
        "n_coalitions": [2, 3, 2],
    }
    for column, values in expected.items():
        assert table[column].tolist() == values, column
    assert table.density.tolist() == [18 / 36, 9 / 36, 21 / 45]
    assert table.largest_component_share.tolist() == [6 / 9, 3 / 9, 6 / 10]
    assert (table.n_new + table.n_returning + table.n_continuing == table.n_actors).all()


def test_hand_built_coalition_events(hand: cs.Corpus) -> None:
    tracked = cs.temporal.coalitions(quiet_windows(hand))
    members = {
        (str(w), c): "".join(m.split(":")[1] for m in row.members)
        for (w, c), row in tracked.coalitions.iterrows()
    }
    assert members == {
        ("2019", 0): "abcdef", ("2019", 1): "xyz",
        ("2020", 0): "abc", ("2020", 1): "def", ("2020", 2): "ghi",
        ("2021", 0): "abcghi", ("2021", 1): "defx",
    }  # fmt: skip
    events = tracked.events.assign(window=tracked.events.window.astype(str))
    assert events.to_dict("records") == [
        {"window": "2020", "event": "split", "before": (0,), "after": (0, 1),
         "tracks": (0, 2), "jaccard": (0.5, 0.5)},
        {"window": "2020", "event": "birth", "before": (), "after": (2,), "tracks": (3,),
         "jaccard": ()},
        {"window": "2020", "event": "death", "before": (1,), "after": (), "tracks": (1,),
         "jaccard": ()},
        {"window": "2021", "event": "continuation", "before": (1,), "after": (1,),
         "tracks": (2,), "jaccard": (0.75,)},
        {"window": "2021", "event": "merge", "before": (0, 2), "after": (0,),
         "tracks": (0,), "jaccard": (0.5, 0.5)},
    ]  # fmt: skip
    assert tracked.coalitions.track.tolist() == [0, 1, 0, 2, 3, 0, 2]
    flows = tracked.flows
    assert flows.shared.tolist() == [3, 3, 3, 3, 3]
    assert flows.matched.all()
    # With a stricter threshold the halves of the split no longer match: death and births.
    strict = cs.temporal.coalitions(quiet_windows(hand), threshold=0.6)
    first = strict.events[strict.events.window.astype(str) == "2020"]
    assert sorted(first.event) == ["birth", "birth", "birth", "death", "death"]
    # Coalitions of three or more by default; min_size=4 keeps only a-f, abcghi and defx.
    assert len(cs.temporal.coalitions(quiet_windows(hand), min_size=4).coalitions) == 3


def test_hand_built_trajectories_and_ranks(hand: cs.Corpus) -> None:
    W = quiet_windows(hand)
    paths = cs.temporal.trajectories(W, measure="degree")
    a, x, g = (paths.loc[f"person:{s}"] for s in "axg")
    assert (a.first_date, a.last_date, a.tenure_days) == (
        dt.date(2019, 2, 1), dt.date(2021, 1, 20), (dt.date(2021, 1, 20) - dt.date(2019, 2, 1)).days
    )  # fmt: skip
    assert (a.n_letters, a.n_windows) == (3, 3)
    assert (str(a.first_window), str(a.last_window)) == ("2019", "2021")
    assert (x.n_letters, x.n_windows) == (2, 2)
    assert (str(x.first_window), str(x.last_window)) == ("2019", "2021")
    assert (g.n_windows, str(g.first_window)) == (2, "2020")
    # 2019: a-f have degree 5 (rank 1), x-z degree 2 (rank 7); 2021: a-c, g-i degree 5.
    assert (a.best_rank, str(a.best_window), a.last_rank) == (1.0, "2019", 1.0)
    assert (x.best_rank, x.last_rank) == (7.0, 7.0)
    table = cs.temporal.ranks(W, measure="degree", actors=["person:a", "x"])
    assert list(table.columns) == ["person:a", "x"]
    assert table["x"].tolist()[0] == 7.0
    assert np.isnan(table["x"].tolist()[1])
    assert paths.index.tolist() == ids("abcdefxyzghi")


def test_chosen_centralities_of_chosen_actors(hand: cs.Corpus) -> None:
    W = quiet_windows(hand)
    table = cs.temporal.evolution(W, measures=("actors", "pagerank", "degree"), actors=["a", "x"])
    assert list(table.columns) == [
        "start", "end", "n_actors", "degree[a]", "degree[x]", "pagerank[a]", "pagerank[x]",
    ]  # fmt: skip
    assert table["degree[a]"].tolist() == [5.0, 2.0, 5.0]
    assert table["degree[x]"].tolist()[0] == 2.0
    assert np.isnan(table["degree[x]"].iloc[1])
    top = cs.temporal.evolution(W, measures=("degree",))
    assert top.top_degree.tolist() == ["person:a", "person:a", "person:a"]


# ---------------------------------------------------------------------- windows


def test_rolling_and_cumulative_windows_cover_the_right_periods() -> None:
    monthly = [(f"L{m}", f"2020-{m:02d}-10", "ab") for m in range(1, 13)]
    corpus = corpus_of(frame([*monthly, ("L13", "2021-01-05", "ab")]))
    rolling = cs.temporal.windows(corpus, freq="M", length=6, step=3)
    assert [str(p) for p in rolling.labels] == ["2020-06", "2020-09", "2020-12", "2021-03"]
    assert rolling.table.n_letters.tolist() == [6, 6, 6, 4]  # the last reaches past Jan 2021
    assert rolling.table.start.tolist()[-1] == dt.date(2020, 10, 1)
    assert rolling.table.end.tolist()[-1] == dt.date(2021, 3, 31)
    cumulative = cs.temporal.windows(corpus, freq="Q", cumulative=True)
    assert cumulative.table.n_letters.tolist() == [3, 6, 9, 12, 13]
    assert set(cumulative.table.start) == {dt.date(2020, 1, 1)}
    grow = cs.temporal.evolution(cumulative, measures=("new", "left", "returning"))
    assert grow.n_left.tolist() == [0] * 5
    assert grow.n_returning.tolist() == [0] * 5
    weeks = cs.temporal.windows(corpus, freq="W")
    assert str(weeks.labels[0]) == "2020-01-06/2020-01-12"
    short = cs.temporal.windows(corpus, freq="Y", length=5)
    assert len(short) == 1
    assert short.table.n_letters.tolist() == [13]
    gaps = cs.temporal.windows(corpus, freq="M", length=1, step=2)
    assert gaps.table.n_letters.tolist() == [1] * 7


def test_empty_windows_are_rows_of_zeros() -> None:
    corpus = corpus_of(frame([("L1", "2015-05-01", "abc"), ("L2", "2018-05-01", "abd")]))
    measures = (*cs.temporal.MEASURES, "pagerank")
    table = cs.temporal.evolution(corpus, measures=measures, actors=["a"])
    assert [str(p) for p in table.index] == ["2015", "2016", "2017", "2018"]
    assert table.n_letters.tolist() == [1, 0, 0, 1]
    assert table.n_actors.tolist() == [3, 0, 0, 3]
    assert table.n_left.tolist() == [0, 3, 0, 0]
    assert table.n_returning.tolist() == [0, 0, 0, 2]
    assert table.n_new.tolist() == [3, 0, 0, 1]
    assert table.largest_component.tolist() == [3, 0, 0, 3]
    for column in ("density", "modularity", "largest_component_share", "pagerank[a]"):
        assert table[column].isna().tolist() == [False, True, True, False], column
    tracked = cs.temporal.coalitions(corpus)
    assert tracked.events.event.tolist() == ["death", "birth"]
    assert [str(w) for w in tracked.events.window] == ["2016", "2018"]


def test_a_window_of_addressees_only_has_no_actors() -> None:
    table = pd.DataFrame(
        {
            "letter": ["L1", "L1", "L2"],
            "signer": ["Ann", "Bob", "Minister"],
            "role": ["signatory", "signatory", "addressee"],
            "date": ["2019-01-01", "2019-01-01", "2020-01-01"],
        }
    )
    corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date", role="role")
    result = cs.temporal.evolution(corpus)
    assert result.n_letters.tolist() == [1, 1]
    assert result.n_actors.tolist() == [2, 0]
    assert result.n_left.tolist() == [0, 2]


def test_windows_of_a_resolved_corpus_keep_its_actor_ids() -> None:
    table = pd.DataFrame(
        {
            "letter": ["L1", "L1", "L2", "L2"],
            "signer": ["Iain Duncan-Smith", "Karen Andrews", "Iain Duncan Smith", "Kevin Andrews"],
            "country": ["United Kingdom", "Australia", "UK", "Australia"],
            "date": ["2020-01-01", "2020-01-01", "2021-01-01", "2021-01-01"],
        }
    )
    corpus = cs.Corpus.from_frame(
        table, letter="letter", signer="signer", date="date", country="country"
    ).resolve()
    W = cs.temporal.windows(corpus)
    first, second = (W[label] for label in W.labels)
    shared = set(first.actors.index) & set(second.actors.index)
    assert shared == {"person:iain duncan smith"}
    assert second.signatures.name.tolist()[0] == "Iain Duncan Smith"
    table = cs.temporal.evolution(W, measures=("new", "continuing"))
    assert table.n_continuing.tolist() == [0, 1]


# ---------------------------------------------------------------------- equal to the pipeline alone


def random_table(seed: int, n_letters: int = 160, n_actors: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    days = rng.integers(0, 3 * 365, size=n_letters)
    for k in range(n_letters):
        size = int(rng.integers(1, 8))
        day = (dt.date(2017, 1, 1) + dt.timedelta(days=int(days[k]))).isoformat()
        for actor in rng.choice(n_actors, size, replace=False):
            rows.append((f"L{k}", day, f"Signer {actor}"))
    return pd.DataFrame(rows, columns=["letter", "date", "signer"])


def alone(rows: pd.DataFrame) -> cs.Corpus:
    """The window's corpus built from its rows of the table, without cs.temporal."""
    return cs.Corpus.from_frame(rows, letter="letter", signer="signer", date="date")


def in_window(table: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    days = pd.to_datetime(table.date).dt.date
    return table[(days >= start) & (days <= end)]


@pytest.mark.parametrize(
    ("options", "weighting", "reuse"),
    [
        ({"freq": "Q"}, "count", None),
        ({"freq": "M", "length": 6, "step": 2}, "count", True),
        ({"freq": "M", "length": 6, "step": 2}, "count", False),
        ({"freq": "Q", "cumulative": True}, "count", True),
        ({"freq": "Y", "length": 2, "step": 1}, "newman", None),
    ],
)
def test_every_window_equals_the_pipeline_on_its_letters_alone(
    options: dict[str, object], weighting: str, reuse: bool | None
) -> None:
    table = random_table(7)
    corpus = corpus_of(table)
    W = cs.temporal.windows(corpus, **options)  # type: ignore[arg-type]
    followed = ["person:signer 3", "person:signer 11"]
    result = cs.temporal.evolution(
        W, measures=(*cs.temporal.MEASURES, "pagerank", "betweenness"), actors=followed,
        weighting=weighting, seed=5, reuse=reuse,
    )  # fmt: skip
    ranks = cs.temporal.ranks(W, measure="pagerank", weighting=weighting, reuse=reuse)
    tracked = cs.temporal.coalitions(W, weighting=weighting, seed=5, reuse=reuse, min_size=2)
    for label, row in result.iterrows():
        rows = in_window(table, row.start, row.end)
        own = alone(rows)
        assert W[label] == own  # the window's corpus is the corpus of its rows
        assert row.n_letters == len(own.letters)
        if own.signatures.empty:
            assert row.n_actors == 0
            continue
        G = own.incidence().project(weighting=weighting)
        assert row.n_actors == G.n_nodes
        assert row.n_edges == G.n_edges
        n = G.n_nodes
        assert row.density == (2 * G.n_edges / (n * (n - 1)) if n > 1 else row.density)
        count, labels = connected_components(G.adjacency, directed=False)
        assert row.n_components == count
        assert row.largest_component == np.bincount(labels).max()
        communities = cs.community.louvain(G, seed=5)
        if G.n_edges:
            assert row.modularity == cs.community.modularity(G, communities)
        pagerank = cs.centrality.pagerank(G)
        betweenness = cs.centrality.betweenness(G)
        for actor in followed:
            for name, values in (("pagerank", pagerank), ("betweenness", betweenness)):
                got = row[f"{name}[{actor}]"]
                if actor in values.index:
                    assert got == values[actor]
                else:
                    assert np.isnan(got)
        expected_ranks = pagerank.rank(ascending=False, method="min")
        got_ranks = ranks.loc[label].dropna()
        assert got_ranks.sort_index().equals(expected_ranks.sort_index().rename(label))
        coalitions = tracked.coalitions
        mine = (
            sorted(tuple(m) for m in coalitions.xs(label, level="window").members)
            if label in coalitions.index.get_level_values(0)
            else []
        )
        sizes = communities.value_counts()
        theirs = sorted(tuple(communities.index[communities == c]) for c in sizes.index[sizes >= 2])
        assert mine == theirs


def test_reuse_gives_the_same_graphs_as_projecting_each_window() -> None:
    corpus = corpus_of(random_table(11, n_letters=300, n_actors=90))
    W = cs.temporal.windows(corpus, freq="M", length=12, step=1)
    for min_weight in (0, 2):
        direct = window_graphs(W._plan, W._incidence, "count", min_weight, reuse=False)
        rolling = window_graphs(W._plan, W._incidence, "count", min_weight, reuse=True)
        n = 0
        for (_, _, _, _, G), (_, _, _, _, H) in zip(direct, rolling, strict=True):
            assert G.labels.equals(H.labels)
            for a, b in zip(
                (G.upper.indptr, G.upper.indices, G.upper.data),
                (H.upper.indptr, H.upper.indices, H.upper.data),
                strict=True,
            ):
                assert a.dtype == b.dtype
                np.testing.assert_array_equal(a, b)
            n += 1
        assert n == len(W) == 25
    with_reuse = cs.temporal.evolution(W, measures=(*cs.temporal.MEASURES, "pagerank"), reuse=True)
    without = cs.temporal.evolution(W, measures=(*cs.temporal.MEASURES, "pagerank"), reuse=False)
    pd.testing.assert_frame_equal(with_reuse, without)


def test_same_seed_same_result() -> None:
    corpus = corpus_of(random_table(3))
    first = cs.temporal.coalitions(corpus, freq="Q", seed=9)
    second = cs.temporal.coalitions(corpus, freq="Q", seed=9)
    pd.testing.assert_frame_equal(first.coalitions, second.coalitions)
    pd.testing.assert_frame_equal(first.events, second.events)
    pd.testing.assert_frame_equal(
        cs.temporal.evolution(corpus, freq="Q", seed=9),
        cs.temporal.evolution(corpus, freq="Q", seed=9),
    )


# ---------------------------------------------------------------------- the Senate, 114th and 116th


def senate_corpus() -> cs.Corpus:
    """Both Congresses as one corpus, each bill dated to the first day of its Congress."""
    parts = []
    for congress, day in ((114, "2015-01-03"), (116, "2019-01-03")):
        signatures = cs.datasets.us_senate(congress).signatures
        parts.append(
            pd.DataFrame(
                {
                    "bill": f"{congress}-" + signatures.letter_id,
                    "senator": signatures.name,
                    "party": signatures.party,
                    "date": day,
                }
            )
        )
    table = pd.concat(parts, ignore_index=True)
    return cs.Corpus.from_frame(table, letter="bill", signer="senator", date="date", party="party")


def test_senate_114_and_116_as_two_windows() -> None:
    corpus = senate_corpus()
    W = cs.temporal.windows(corpus, freq="Y", length=2, step=4)  # 2015-16 and 2019-20
    assert [str(p) for p in W.labels] == ["2016", "2020"]
    table = cs.temporal.evolution(W)
    assert table.n_letters.tolist() == [3589, 4464]
    assert table.n_signatures.tolist() == [22910, 31589]
    assert table.n_actors.tolist() == [100, 101]
    assert table.n_edges.tolist() == [4949, 5047]
    # 80 senators served in both; 21 joined (one a mid-term replacement), 20 left.
    assert table.n_continuing.tolist() == [0, 80]
    assert table.n_new.tolist() == [100, 21]
    assert table.n_left.tolist() == [0, 20]
    paths = cs.temporal.trajectories(W)
    joined = set(paths.index[paths.first_window.astype(str) == "2020"])
    left = set(paths.index[paths.last_window.astype(str) == "2016"])
    assert len(joined) == 21
    assert len(left) == 20
    assert {"person:romney, m. (ut-r)", "person:harris, k. (ca-d)"} <= joined
    assert {"person:mccain, j. (az-r)", "person:franken, a. (mn-d)"} <= left
    # Each window has two coalitions, one Republican and one Democratic, and each carries
    # on into the 116th (a continuation, not a split or merge).
    tracked = cs.temporal.coalitions(W)
    assert tracked.events.event.tolist() == ["continuation", "continuation"]
    party = corpus.actors.party
    make_up = {
        (str(w), row.track): party.reindex(list(row.members)).value_counts().to_dict()
        for (w, _), row in tracked.coalitions.iterrows()
    }
    assert make_up == {
        ("2016", 0): {"R": 54, "D": 1},
        ("2016", 1): {"D": 43, "I": 2},
        ("2020", 0): {"R": 54, "D": 3},
        ("2020", 1): {"D": 42, "I": 2},
    }
    assert sorted(tracked.flows.jaccard.round(6)) == [0.647059, 0.679245]


# ---------------------------------------------------------------------- plots


def test_plots_return_axes() -> None:
    import matplotlib.pyplot as plt

    corpus = corpus_of(frame(HAND[:-1]))
    before = len(plt.get_fignums())
    ax = cs.temporal.plot_growth(cs.temporal.evolution(corpus))
    assert [line.get_label() for line in ax.get_lines()] == [
        "n_letters", "n_actors", "n_new", "n_returning",
    ]  # fmt: skip
    ranks = cs.temporal.ranks(corpus, measure="degree")
    ax2 = cs.temporal.plot_ranks(ranks, top=2, names=corpus.actors["name"])
    assert [line.get_label() for line in ax2.get_lines()] == ["a", "b"]
    ax3 = cs.temporal.plot_coalitions(cs.temporal.coalitions(corpus))
    assert len(ax3.patches) == 7  # seven coalitions over three windows
    assert len(ax3.collections) == 5  # five overlapping pairs
    _, axes = plt.subplots()
    assert cs.temporal.plot_growth(cs.temporal.evolution(corpus), ax=axes) is axes
    assert len(plt.get_fignums()) == before + 4
    plt.close("all")
    with pytest.raises(cs.InvalidInputError, match=r"^columns: 'n_bogus' is not a column"):
        cs.temporal.plot_growth(cs.temporal.evolution(corpus), columns=["n_bogus"])
    with pytest.raises(cs.InvalidInputError, match=r"^actors: 'nobody' is not a column"):
        cs.temporal.plot_ranks(ranks, actors=["nobody"])


# ---------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"freq": "A"}, "freq must be one of 'Y', 'Q', 'M', 'W', 'D', got 'A'"),
        ({"freq": "Y", "length": 0}, "length must be a positive integer, got 0"),
        ({"freq": "Y", "step": 1.5}, "step must be a positive integer, got 1.5"),
        ({"freq": "Y", "cumulative": "yes"}, "cumulative must be True or False, got 'yes'"),
    ],
)
def test_bad_window_options(hand: cs.Corpus, options: dict[str, object], message: str) -> None:
    with pytest.raises(cs.InvalidInputError, match="^" + re.escape(message) + "$"):
        cs.temporal.windows(hand, **options)  # type: ignore[arg-type]


def test_bad_arguments_name_the_argument_and_the_value(hand: cs.Corpus) -> None:
    W = quiet_windows(hand)
    cases = [
        (lambda: cs.temporal.windows("letters"), r"^corpus must be a cosignet.Corpus, got str$"),
        (lambda: cs.temporal.evolution(W, measures=("size",)),
         r"^measures must be one of 'letters', .*'pagerank', got 'size'$"),
        (lambda: cs.temporal.evolution(W, measures=["pagerank"], actors=["nobody"]),
         r"^actors: 'nobody' is neither the actor id nor the name of an actor who signed$"),
        (lambda: cs.temporal.evolution(W, weighting="shared"),
         r"^weighting must be one of 'count', .*, got 'shared'$"),
        (lambda: cs.temporal.evolution(W, reuse=True, weighting="newman"),
         r"^reuse=True needs weighting='count' .*, got 'newman'$"),
        (lambda: cs.temporal.evolution(W, reuse="yes"), r"^reuse must be True, False or None"),
        (lambda: cs.temporal.evolution(W, freq="M"),
         r"^freq is given by the Windows; pass freq= only with a Corpus$"),
        (lambda: cs.temporal.evolution(W, seed=-1), r"^seed must be a non-negative integer"),
        (lambda: cs.temporal.evolution(42), r"^data must be a cosignet.Corpus or .*, got int$"),
        (lambda: cs.temporal.ranks(W, measure="katz"), r"^measure must be one of .*got 'katz'$"),
        (lambda: cs.temporal.coalitions(W, threshold=0),
         r"^threshold must be a number in \(0, 1\], got 0$"),
        (lambda: cs.temporal.coalitions(W, min_size=0),
         r"^min_size must be a positive integer, got 0$"),
        (lambda: W["2030"],
         r"^window '2030' is not a window label; the labels run from 2019 to 2021"),
        (lambda: W.letter_ids("spring"), r"^window 'spring' is not a window label"),
    ]  # fmt: skip
    for call, message in cases:
        with pytest.raises(cs.InvalidInputError, match=message):
            call()


def test_a_corpus_without_dates_is_refused() -> None:
    corpus = cs.Corpus.from_frame(
        pd.DataFrame({"letter": ["a"], "signer": ["Ann"]}), letter="letter", signer="signer"
    )
    with pytest.raises(cs.InvalidInputError, match=r"^no letter has a date, so the corpus"):
        cs.temporal.evolution(corpus)


def test_an_ambiguous_name_asks_for_an_actor_id() -> None:
    table = pd.DataFrame(
        {
            "letter": ["L1", "L1", "L2"],
            "signer": ["Ann", "Bob", "Ann"],
            "kind": ["person", "person", "organisation"],
            "date": ["2020-01-01"] * 3,
        }
    )
    corpus = cs.Corpus.from_frame(table, letter="letter", signer="signer", date="date", kind="kind")
    with pytest.raises(cs.InvalidInputError, match=r"^actors: 'Ann' is the name of 2 actors"):
        cs.temporal.evolution(corpus, measures=["degree"], actors=["Ann"])


def test_reuse_is_chosen_when_letters_tie_the_same_pairs_again_and_again(monkeypatch) -> None:
    from cosignet import _windows

    calls = {"rolling": 0}
    original = _windows.RollingCounts.graph

    def counted(self: _windows.RollingCounts, window: int, columns: np.ndarray) -> cs.Graph:
        calls["rolling"] += 1
        return original(self, window, columns)

    monkeypatch.setattr(_windows.RollingCounts, "graph", counted)
    # Eight actors on every letter: 28 pair contributions per letter, the same 28 ties; 30
    # letters in each window of three months make 30 pair contributions per tie.
    dense = [(f"L{k}", f"2020-{k % 12 + 1:02d}-01", "abcdefgh") for k in range(120)]
    W = cs.temporal.windows(corpus_of(frame(dense)), freq="M", length=3, step=1)
    auto = cs.temporal.evolution(W)
    assert calls["rolling"] == len(W) - 1  # the first window decides, projected on its own
    pd.testing.assert_frame_equal(auto, cs.temporal.evolution(W, reuse=False))
    calls["rolling"] = 0
    cs.temporal.evolution(corpus_of(random_table(2)), freq="M", length=3, step=1)
    assert calls["rolling"] == 0  # about one pair contribution per tie: projecting is faster
    cs.temporal.evolution(W, weighting="newman")
    assert calls["rolling"] == 0
