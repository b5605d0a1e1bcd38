"""Every stored fuzz input (seeds and past findings in fuzz/) still passes its harness's checks.

The libFuzzer harnesses replay theirs in CI (``.ci/run``); the letter harness is plain Python,
so its inputs are replayed here without atheris.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
INPUTS = sorted(
    path
    for folder in (FUZZ / "corpus" / "letters", FUZZ / "regressions" / "letters")
    for path in folder.glob("*")
    if path.is_file() and not path.name.startswith(".")
)


def harness():
    spec = importlib.util.spec_from_file_location("fuzz_letters", FUZZ / "fuzz_letters.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_inputs() -> None:
    assert len(INPUTS) >= 3


@pytest.mark.parametrize("path", INPUTS, ids=lambda path: path.name)
def test_stored_input_passes(path: Path) -> None:
    harness().test_one_input(path.read_bytes())
