"""Shared fixtures: seeded random incidences and the real data sets in ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

import cosignet as cs


def shared_data_dir() -> Path:
    """The shared data folder: $COSIGNET_SHARED_DATA, else ../shared/data beside the repo."""
    env = os.environ.get("COSIGNET_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"shared data folder {path} is absent")
    return path


def random_incidence(seed: int, weighted: bool = False) -> sp.csr_array:
    """A seeded random letters x actors incidence with varied letter sizes."""
    rng = np.random.default_rng(seed)
    n_letters = int(rng.integers(1, 40))
    n_actors = int(rng.integers(1, 60))
    density = float(rng.uniform(0.02, 0.5))
    dense = rng.random((n_letters, n_actors)) < density
    if weighted:
        values = dense * rng.integers(1, 5, size=dense.shape)
        return sp.csr_array(values.astype(np.float64))
    return sp.csr_array(dense.astype(np.float64))


@pytest.fixture
def opsahl() -> cs.Bipartite:
    """Tore Opsahl's projection example: people A-F sign documents 1-6."""
    return cs.Bipartite.from_edges([1, 2, 1, 2, 3, 4, 5, 1, 3, 4, 5, 6, 6], list("AABBBBBCDEEEF"))


@pytest.fixture
def davis(shared_data: Path) -> cs.Bipartite:
    """Davis Southern Women, 89-tie version: events x women."""
    import pandas as pd

    table = pd.read_csv(
        shared_data / "classic-two-mode" / "davis-southern-women" / "attendance.csv"
    )
    return cs.Bipartite.from_edges(table.event, table.woman)
