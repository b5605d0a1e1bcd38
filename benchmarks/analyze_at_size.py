"""Benchmark: ``cosignet analyze`` at real sizes (issue 19); not a test.

Generates a corpus as a CSV table (one row per signature: letter, name, country, date) and,
unless ``--generate-only``, runs ``cosignet analyze`` on it in a child process, printing the
plan, the time and peak memory of every step (``Analysis.timings`` and the peak resident set
of the run) and the size of the report.

Usage::

    python benchmarks/analyze_at_size.py six [--out /tmp/six] [--seed 0]
    python benchmarks/analyze_at_size.py million [--out /tmp/million] [--seed 0]
    python benchmarks/analyze_at_size.py six --generate-only --out /tmp/six

Corpora
-------
``six``
    Shaped like six real open letters with 17,852 signatures: two petitions of 6,900 and
    8,800 signers (1,100 people sign both) and four small letters of 900, 650, 402 and 200
    signers drawn from a circle of 1,600 regulars, a third of whom also sign a petition.
    Without the plan the petitions alone make 62 million co-signature ties.
``million``
    1,000,000 dated signatures over ten years: 20,000 letters (lognormal sizes, mean 45, at
    most 1,000) whose signers come from 60 groups (80% from the letter's own group, Zipf
    popularity within a group), plus five petitions of 20,000 signers each, about 120,000
    people in all.

Names are drawn with ``identity_data``'s name pools (distinct people, distinct canonical
names) and printed in their canonical form, so identity resolution has real work but the
truth is recoverable.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from identity_data import _canonical, _unique_people

PETITIONS_SIX = (6_900, 8_800)
SMALL_SIX = (900, 650, 402, 200)
BOTH_PETITIONS = 1_100
REGULARS = 1_600


def _people(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Names and countries of `n` distinct people."""
    people = _unique_people(rng, n)
    return np.asarray(_canonical(people), dtype=object), people["country"].to_numpy(dtype=object)


def six_letters(seed: int = 0) -> pd.DataFrame:
    """The six-letter corpus (see the module docstring)."""
    rng = np.random.default_rng(seed)
    a, b = PETITIONS_SIX
    n_people = a + b - BOTH_PETITIONS + REGULARS * 2 // 3
    names, countries = _people(rng, n_people)
    everyone = rng.permutation(n_people)
    petition_a = everyone[:a]
    petition_b = everyone[a - BOTH_PETITIONS : a - BOTH_PETITIONS + b]
    # Regulars: a third from the petitions' signers, the rest nobody else.
    outside = everyone[a + b - BOTH_PETITIONS :]
    insiders = rng.choice(everyone[: a + b - BOTH_PETITIONS], REGULARS - len(outside), False)
    regulars = np.concatenate([outside, insiders])
    popularity = 1.0 / np.arange(1, REGULARS + 1) ** 0.6
    popularity /= popularity.sum()
    rows: list[tuple[str, int, str]] = []
    for label, members, day in (
        ("petition-a", petition_a, "2021-03-01"),
        ("petition-b", petition_b, "2021-04-12"),
    ):
        rows += [(label, int(p), day) for p in members]
    for k, size in enumerate(SMALL_SIX):
        chosen = rng.choice(regulars, size, replace=False, p=popularity)
        rows += [(f"letter-{k + 1}", int(p), f"2021-0{k + 2}-15") for p in chosen]
    frame = pd.DataFrame(rows, columns=["letter", "person", "date"])
    frame["name"] = names[frame.person]
    frame["country"] = countries[frame.person]
    return frame[["letter", "name", "country", "date"]]


def million(seed: int = 0, petitions: int = 5, petition_size: int = 20_000) -> pd.DataFrame:
    """The million-signature corpus (see the module docstring)."""
    rng = np.random.default_rng(seed)
    n_people, n_letters, groups = 120_000, 20_000, 60
    total = 1_000_000 - petitions * petition_size
    sigma = 1.0
    mu = np.log(total / n_letters) - sigma**2 / 2
    sizes = np.clip(np.round(rng.lognormal(mu, sigma, n_letters)), 2, 1_000).astype(np.int64)
    sizes = np.maximum(2, np.round(sizes * total / sizes.sum())).astype(np.int64)
    sizes[-1] += total - sizes.sum()
    names, countries = _people(rng, n_people)
    group = rng.integers(0, groups, n_people)
    members = [np.flatnonzero(group == g) for g in range(groups)]
    weights = [1.0 / np.arange(1, len(m) + 1) for m in members]
    weights = [w / w.sum() for w in weights]
    start = dt.date(2015, 1, 1).toordinal()
    letter_rows: list[np.ndarray] = []
    people_rows: list[np.ndarray] = []
    for k, size in enumerate(sizes.tolist()):
        g = int(rng.integers(0, groups))
        home = min(round(size * 0.8), len(members[g]))
        inside = rng.choice(members[g], home, replace=False, p=weights[g])
        rest = rng.choice(n_people, size - home + 16, replace=False)
        rest = rest[~np.isin(rest, inside)][: size - home]
        chosen = np.concatenate([inside, rest])
        letter_rows.append(np.full(len(chosen), k, dtype=np.int64))
        people_rows.append(chosen)
    for p in range(petitions):
        chosen = rng.choice(n_people, petition_size, replace=False)
        letter_rows.append(np.full(petition_size, n_letters + p, dtype=np.int64))
        people_rows.append(chosen)
    letter = np.concatenate(letter_rows)
    person = np.concatenate(people_rows)
    days = rng.integers(0, int(10 * 365.25), n_letters + petitions) + start
    labels = np.array(
        [f"L{k + 1:05d}" for k in range(n_letters)] + [f"P{p + 1}" for p in range(petitions)],
        dtype=object,
    )
    dates = np.array([dt.date.fromordinal(int(d)).isoformat() for d in days], dtype=object)
    return pd.DataFrame(
        {
            "letter": labels[letter],
            "name": names[person],
            "country": countries[person],
            "date": dates[letter],
        }
    )


def _describe(frame: pd.DataFrame) -> str:
    sizes = frame.groupby("letter", sort=False).size()
    pairs = int((sizes * (sizes - 1) // 2).sum())
    return (
        f"{len(frame):,} signatures, {len(sizes):,} letters, {frame.name.nunique():,} distinct "
        f"names, largest letters {sorted(sizes.tolist())[-5:]}, {pairs:,} pair contributions"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", choices=("six", "million"))
    parser.add_argument("--out", type=Path, default=None, help="folder (default /tmp/<corpus>)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--generate-only", action="store_true")
    parser.add_argument("--budget", default=None, help="passed to cosignet analyze --budget")
    arguments, extra = parser.parse_known_args()  # the rest goes to cosignet analyze
    folder = arguments.out or Path("/tmp") / f"cosignet-{arguments.corpus}"
    folder.mkdir(parents=True, exist_ok=True)
    table = folder / f"{arguments.corpus}.csv"
    if not table.exists():
        started = time.perf_counter()
        frame = (
            six_letters(arguments.seed) if arguments.corpus == "six" else million(arguments.seed)
        )
        frame.to_csv(table, index=False)
        print(f"generated {table}: {_describe(frame)} in {time.perf_counter() - started:.1f} s")
    else:
        print(f"reusing {table}")
    if arguments.generate_only:
        return 0
    report = folder / "report"
    command = [sys.executable, "-m", "cosignet", "analyze", str(table), "--out", str(report),
               "--force", *(["--budget", arguments.budget] if arguments.budget else []),
               *extra]  # fmt: skip
    print("$", " ".join(command), f"(load {os.getloadavg()[0]:.1f})", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, check=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(f"exit {done.returncode}: {seconds:.1f} s wall, peak RSS {peak / 1e9:.2f} GB, "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    if report.is_dir():
        sizes = {p.name: p.stat().st_size for p in sorted(report.iterdir())}
        print(json.dumps({name: f"{size / 1e6:.1f} MB" for name, size in sizes.items()}))
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
