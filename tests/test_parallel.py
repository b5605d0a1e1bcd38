"""Thread count: set_num_threads, get_num_threads and COSIGNET_NUM_THREADS."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import cosignet as cs


def test_set_and_reset() -> None:
    try:
        cs.set_num_threads(3)
        assert cs.get_num_threads() == 3
    finally:
        cs.set_num_threads(None)
    assert cs.get_num_threads() == (os.cpu_count() or 1)


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True])
def test_bad_thread_counts(bad: object) -> None:
    with pytest.raises(cs.InvalidInputError, match="n must be a non-negative integer"):
        cs.set_num_threads(bad)  # type: ignore[arg-type]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_environment_variable() -> None:
    done = run_python(
        "import cosignet; print(cosignet.get_num_threads())", COSIGNET_NUM_THREADS="1"
    )
    assert done.stdout.strip() == "1"
    bad = run_python("import cosignet", COSIGNET_NUM_THREADS="many")
    assert bad.returncode != 0
    assert "COSIGNET_NUM_THREADS must be a non-negative integer, got 'many'" in bad.stderr
