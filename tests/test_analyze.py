"""The main job end to end on the bundled letters: the numbers in the CSVs, the graph files,
the report in a real browser, and a failed run that leaves nothing behind."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import cosignet as cs

IPAC = "2021-11-15_interpol_ipac_ministers"
EXILE = "2021-11-15_interpol_activists_in_exile"
IPAC_COUNTRIES = [
    "Australia", "Belgium", "Canada", "Czechia", "Denmark", "France", "Germany", "India",
    "Ireland", "Japan", "Lithuania", "Netherlands", "New Zealand", "Sweden", "Switzerland",
    "United Kingdom", "United States",
]  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[cs.Analysis, Path]:
    out = tmp_path_factory.mktemp("analysis") / "report"
    result = cs.analyze(cs.datasets.interpol_2021(), out=out, progress=False)
    return result, out


def test_the_folder_holds_every_output(report: tuple[cs.Analysis, Path]) -> None:
    _, out = report
    assert sorted(p.name for p in out.iterdir()) == [
        "actors.csv", "coalitions.csv", "cosignet-manifest.json", "edges.csv", "index.html",
        "letters.csv", "network.gexf", "network.graphml", "network.json", "over_time.csv",
        "signatures.csv",
    ]  # fmt: skip


def test_csv_numbers(report: tuple[cs.Analysis, Path]) -> None:
    _, out = report
    letters = pd.read_csv(out / "letters.csv").set_index("letter_id")
    assert letters.n_signatories.to_dict() == {EXILE: 38, IPAC: 47}
    signatures = pd.read_csv(out / "signatures.csv")
    signers = signatures[signatures.role == "signatory"]
    assert len(signers) == 85
    assert (signatures.role == "addressee").sum() == 19
    ipac = signers[signers.letter_id == IPAC]
    assert sorted(ipac.country.dropna().unique()) == IPAC_COUNTRIES
    # The two letters share no signatory: two cliques, no tie between them.
    by_letter = signers.groupby("actor_id").letter_id.nunique()
    assert by_letter.max() == 1
    edges = pd.read_csv(out / "edges.csv")
    assert len(edges) == 38 * 37 // 2 + 47 * 46 // 2 == 1_784
    letter_of = signers.set_index("actor_id").letter_id
    assert (letter_of[edges.source].to_numpy() == letter_of[edges.target].to_numpy()).all()
    assert (edges.weight == 1).all()
    assert (edges.shared_letters == 1).all()
    actors = pd.read_csv(out / "actors.csv", index_col="actor_id")
    assert len(actors) == 85
    assert actors.groupby("coalition").size().tolist() == [47, 38]
    assert actors.groupby("coalition").n_letters.sum().tolist() == [47, 38]
    assert set(actors[actors.coalition == 0].index) == set(ipac.actor_id)
    assert actors.degree.max() == 46
    coalitions = pd.read_csv(out / "coalitions.csv")
    assert coalitions.external_weight.tolist() == [0.0, 0.0]
    assert coalitions["size"].tolist() == [47, 38]


def test_every_csv_round_trips_through_pandas(report: tuple[cs.Analysis, Path]) -> None:
    result, out = report
    tables = {
        "actors.csv": result.actors,
        "edges.csv": result.edges,
        "letters.csv": result.corpus.letters,
        "coalitions.csv": result.coalitions,
        "over_time.csv": result.over_time,
    }
    for name, table in tables.items():
        indexed = ("actors.csv", "coalitions.csv", "over_time.csv")
        read = pd.read_csv(out / name, index_col=0 if name in indexed else None)
        assert read.shape == table.shape, name
        assert list(read.columns) == [str(c) for c in table.columns], name
    edges = pd.read_csv(out / "edges.csv")
    pd.testing.assert_series_equal(edges.pvalue, result.edges.pvalue, check_exact=True)
    assert edges.in_backbone.dtype == bool


def test_graph_files_load_in_networkx(report: tuple[cs.Analysis, Path]) -> None:
    _, out = report
    for read in (nx.read_graphml, nx.read_gexf):
        graph = read(out / f"network.{'graphml' if read is nx.read_graphml else 'gexf'}")
        assert graph.number_of_nodes() == 85
        assert graph.number_of_edges() == 1_784
        node = next(iter(graph.nodes(data=True)))[1]
        assert {"name", "coalition", "pagerank"} <= set(node)
    back = cs.Graph.read(out / "network.json")
    assert back.n_edges == 1_784
    assert "pvalue" in back.edges.columns


def test_refuses_a_folder_it_did_not_write_and_replaces_one_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    corpus = cs.datasets.interpol_2021()
    for force in (False, True):  # --force never replaces a folder of someone else's files
        with pytest.raises(cs.InvalidInputError, match="not empty"):
            cs.analyze(corpus, out=out, force=force, progress=False)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    (out / "notes.txt").unlink()
    cs.analyze(corpus, out=out, formats="json", progress=False)
    cs.analyze(corpus, out=out, formats="csv", progress=False)  # ours: replaced
    assert sorted(p.name for p in out.iterdir())[:2] == ["actors.csv", "coalitions.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # no staging left over


def test_a_failed_run_leaves_nothing_half_written(tmp_path: Path, monkeypatch) -> None:
    import cosignet.report

    def broken(result, path):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(cosignet.report, "write_report", broken)
    with pytest.raises(RuntimeError, match="disk filled up"):
        cs.analyze(cs.datasets.interpol_2021(), out=tmp_path / "report", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_bad_options_are_refused_before_any_work(tmp_path: Path) -> None:
    corpus = cs.datasets.interpol_2021()
    for kwargs, message in (
        ({"weighting": "shared"}, "weighting must be one of"),
        ({"backbone": "random"}, "backbone must be one of"),
        ({"formats": "html,pdf"}, "formats must be among"),
        ({"freq": "A"}, "freq must be one of 'Y', 'Q', 'M', 'W', 'D', got 'A'"),
    ):
        with pytest.raises(cs.InvalidInputError, match=message):
            cs.analyze(corpus, out=tmp_path / "r", **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_other_backbones_and_no_output(tmp_path: Path) -> None:
    corpus = cs.datasets.interpol_2021()
    for model in ("fixed_row", "disparity", "none"):
        result = cs.analyze(corpus, out=None, backbone=model)
        assert result.graph.n_edges == 1_784
        assert ("in_backbone" in result.edges) == (model != "none")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(*arguments: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
         "--v=0", "--virtual-time-budget=8000", *arguments],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_report_renders_in_a_browser_without_console_errors(
    report: tuple[cs.Analysis, Path], tmp_path: Path
) -> None:
    _, out = report
    # The check itself works: a page that logs an error is caught.
    control = tmp_path / "control.html"
    control.write_text("<html><body><script>console.error('boom')</script></body></html>")
    assert any(
        "boom" in line for line in console_lines(chromium("--dump-dom", control.as_uri()).stderr)
    )
    page = (out / "index.html").as_uri()
    run = chromium("--dump-dom", page)
    assert console_lines(run.stderr) == []
    dom = run.stdout
    view = dom[dom.index('id="network-view"') :]
    assert 'class="main-svg"' in view[:20_000]  # plotly drew the network
    assert "<h2>Coalitions</h2>" in dom
    assert "Benjamini-Hochberg" in dom
    screenshot = tmp_path / "report.png"
    chromium("--window-size=1280,2400", f"--screenshot={screenshot}", page)
    assert screenshot.stat().st_size > 20_000
    shutil.copy(screenshot, out.parent / "report-screenshot.png")


def test_large_networks_are_drawn_by_their_most_central_actors(tmp_path: Path, monkeypatch) -> None:
    import cosignet.report

    monkeypatch.setattr(cosignet.report, "MAX_DRAWN_NODES", 40)
    result = cs.analyze(cs.datasets.interpol_2021(), out=tmp_path / "r", formats="html")
    page = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert "Drawn: the 40 actors with the highest PageRank of 85." in page
    drawn, actors = cosignet.report._drawn(result)
    assert drawn.n_nodes == 40
    assert list(actors.index) == list(drawn.labels)


# Three years of dated letters (one undated): a coalition of six splits, two merge.
DATED = [
    ("A1", "2019-02-01", "abcdef"), ("A2", "2019-09-15", "xyz"), ("B1", "2020-03-01", "abc"),
    ("B2", "2020-03-02", "def"), ("B3", "2020-11-30", "ghi"), ("C1", "2021-01-20", "abcghi"),
    ("C2", "2021-06-30", "defx"), ("U1", None, "aq"),
]  # fmt: skip


def dated_corpus(with_dates: bool = True) -> cs.Corpus:
    rows = [(letter, day, f"Signer {s.upper()}") for letter, day, signers in DATED for s in signers]
    table = pd.DataFrame(rows, columns=["letter", "date", "signer"])
    date = "date" if with_dates else None
    return cs.Corpus.from_frame(table, letter="letter", signer="signer", date=date)


def test_over_time_section_when_letters_have_dates(tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = cs.analyze(dated_corpus(), out=out, backbone="none", progress=False)
    # Three years span ten quarters, more windows than the seven dated letters: the section
    # is by year (issue 19: never more windows than dated letters).
    measures = (*cs.temporal.MEASURES, "pagerank")
    with pytest.warns(cs.CosignetWarning, match="1 of 8 letters have no date"):
        expected = cs.temporal.evolution(result.corpus, freq="Y", measures=measures)
    assert result.over_time is not None
    pd.testing.assert_frame_equal(result.over_time, expected)
    assert result.over_time.attrs["undated"] == ["U1"]
    read = pd.read_csv(out / "over_time.csv", index_col="window")
    assert list(read.index) == [int(str(p)) for p in expected.index]
    assert read.n_actors.tolist() == expected.n_actors.tolist()
    assert read.start.tolist() == [d.isoformat() for d in expected.start]
    assert result.ranks is not None
    assert result.ranks.shape == (3, 12)
    assert result.coalition_tracking is not None
    page = (out / "index.html").read_text(encoding="utf-8")
    section = page[page.index("<h2>Over time</h2>") : page.index("<h2>Countries</h2>")]
    assert "3 windows of one year from 2019-01-01 to 2021-12-31" in section
    assert "1 letter without a date left out: U1." in section
    assert section.count("<img ") == 3  # growth, ranks, coalitions
    assert "Rank over time (PageRank)" in section
    assert "<td>Signer A</td>" in section  # the most central actor, by name
    with pytest.raises(cs.InvalidInputError, match="the finest that fits is freq='Y'"):
        cs.analyze(dated_corpus(), out=tmp_path / "q", backbone="none", freq="Q")
    assert not (tmp_path / "q").exists()
    # By year, the coalition of six splits in 2020 and two coalitions merge in 2021.
    yearly = cs.analyze(dated_corpus(), out=tmp_path / "y", backbone="none", freq="Y")
    assert yearly.over_time is not None
    assert [str(p) for p in yearly.over_time.index] == ["2019", "2020", "2021"]
    assert yearly.coalition_tracking is not None
    events = yearly.coalition_tracking.events
    assert events.event.tolist() == ["split", "birth", "death", "continuation", "merge"]
    page = (tmp_path / "y" / "index.html").read_text(encoding="utf-8")
    assert "3 windows of one year" in page
    assert "<td>split</td>" in page
    assert "<td>0.50, 0.50</td>" in page


def test_no_over_time_section_without_dates(tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = cs.analyze(dated_corpus(with_dates=False), out=out, backbone="none")
    assert result.over_time is None
    assert result.coalition_tracking is None
    assert not (out / "over_time.csv").exists()
    assert "Over time" not in (out / "index.html").read_text(encoding="utf-8")


def test_letters_of_one_day_make_one_window(report: tuple[cs.Analysis, Path]) -> None:
    result, out = report
    assert result.over_time is not None
    assert len(result.over_time) == 1
    assert result.over_time.n_actors.tolist() == [85]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "All dated letters fall in one week" in page
