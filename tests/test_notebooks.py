"""The notebooks run top to bottom from a clean kernel, and git holds them without outputs.

Each notebook checks its own numbers with ``assert`` cells (against NetworkX, igraph and
the published values), so running it is a test of what it tells the reader.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
EXPECTED = [
    "01_interpol_letters.ipynb",
    "02_us_senate_cosponsorship.ipynb",
    "03_from_raw_letters.ipynb",
    "04_scale.ipynb",
]
#: Seconds one cell may take before the run is called hung.
CELL_TIMEOUT = 240


def test_the_four_notebooks_are_there() -> None:
    assert sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")) == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_stored_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "a notebook without code"
    assert [cell.outputs for cell in code] == [[] for _ in code]
    assert [cell.execution_count for cell in code] == [None] * len(code)
    assert "widgets" not in notebook.metadata


@pytest.mark.parametrize("name", EXPECTED)
def test_runs_from_a_clean_kernel(name: str, tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},  # files it writes land here
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    print(f"{name}: {elapsed:.1f} s")
