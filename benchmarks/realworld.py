"""Name F1 per printed shape and identity precision/recall on the labelled real-world set.

Usage: python benchmarks/realworld.py [--letters] [--markdown]

Reads every letter in ``tests/fixtures/realworld`` with the current cosignet, matches the
signers it finds to each letter's truth by name (case folded, whitespace collapsed, accents
kept) and prints per shape: letters, letters not read, true signers, signers parsed, matched,
precision, recall and F1 (pooled over the shape's letters), and the letters whose date was
read right. Then pairwise identity precision and recall after ``corpus.resolve()``: over the
signatures that were found (parser and resolver together), and over the true signers alone
(the resolver by itself), with the number of near misses resolve() lists for review
(``decision == "candidate"`` in ``corpus.resolution``). ``--letters`` adds the table per
letter; ``--markdown`` prints the shape table as Markdown, as in docs/benchmarks.md;
``--examples N`` shows N wrong and missed merges (printed forms).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from realworld_metrics import load_set, markdown_table, score_set, shape_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", action="store_true", help="also print each letter")
    parser.add_argument("--markdown", action="store_true", help="the shape table as Markdown")
    parser.add_argument("--examples", type=int, default=20, help="wrong and missed merges shown")
    args = parser.parse_args()

    started = time.perf_counter()
    letters = load_set()
    score = score_set(letters)
    elapsed = time.perf_counter() - started
    table = shape_table(score.letters)
    print(
        f"{len(letters)} letters in {table.shape[0] - 1} shapes, "
        f"{int(table['true'].iloc[-1]):,} true signers; read and scored in {elapsed:.1f} s\n"
    )
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        if args.markdown:
            print(markdown_table(table))
        else:
            print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
        if args.letters:
            frame = pd.DataFrame(score.letters)
            print()
            print(frame.to_string(index=False))
    print()
    for label, identity, listed in [
        ("signatures found and matched (parser + resolve())", score.identity, True),
        ("of them on the hand-written letters", score.identity_hand, False),
        ("true signers alone (Corpus.from_frame + resolve())", score.identity_truth, True),
    ]:
        review = f"; {identity.candidates:,} candidates listed for review" if listed else ""
        print(
            f"identity over {identity.rows:,} {label}: precision {identity.precision:.3f}, "
            f"recall {identity.recall:.3f}{review}"
        )
    for label, identity in [
        ("parser + resolve()", score.identity),
        ("true signers alone", score.identity_truth),
    ]:
        print(f"\n{label}: {len(identity.wrong_merges)} pairs of different people merged")
        for a, b in identity.wrong_merges[: args.examples]:
            print(f"  {a!r} + {b!r}")
        print(f"{label}: {len(identity.missed_merges)} pairs of one person's forms left apart")
        for a, b in identity.missed_merges[: args.examples]:
            print(f"  {a!r} / {b!r}")


if __name__ == "__main__":
    main()
