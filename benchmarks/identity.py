"""Identity resolution at scale: 1,000,000 generated signatures of 100,000 people.

Usage: python benchmarks/identity.py [--people 100000] [--signatures 1000000] [--seed 0]

Prints the time of each stage (building the corpus is not part of resolution), peak memory,
and pairwise precision and recall against the generator's ground truth. A benchmark, not a
test: the time depends on the machine and on what else it runs.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import cosignet as cs

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from identity_data import generate
from identity_metrics import pairwise_scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    started = time.perf_counter()
    frame = generate(n_people=args.people, n_signatures=args.signatures, seed=args.seed)
    frame["order"] = frame.groupby("letter").cumcount()
    print(
        f"generated {len(frame):,} signatures of {frame.person.nunique():,} people "
        f"on {frame.letter.nunique():,} letters in {time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    corpus = cs.Corpus.from_frame(
        frame, letter="letter", signer="name", country="country", organisation="organisation"
    )
    print(
        f"corpus built in {time.perf_counter() - started:.1f} s; "
        f"{corpus.signatures.actor_id.nunique():,} distinct printed names before resolution"
    )

    started = time.perf_counter()
    resolved = corpus.resolve()
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table = resolved.signatures[["letter_id", "order", "actor_id"]]
    joined = frame.merge(table, left_on=["letter", "order"], right_on=["letter_id", "order"])
    precision, recall, f1 = pairwise_scores(
        joined["person"].to_numpy(), joined["actor_id"].to_numpy()
    )
    print(
        f"resolve() took {elapsed:.1f} s on {cs.get_num_threads()} threads; "
        f"peak RSS of the process {peak:,.0f} MB"
    )
    decisions = resolved.resolution["decision"].value_counts()
    print(
        f"{table.actor_id.nunique():,} actors for {frame.person.nunique():,} people; "
        f"{decisions.get('merged', 0):,} merges and {decisions.get('candidate', 0):,} "
        "candidates listed"
    )
    print(f"pairwise precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}")


if __name__ == "__main__":
    main()
