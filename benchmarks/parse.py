"""Letter parsing throughput on generated letters (a benchmark, not a test).

Usage: python benchmarks/parse.py [--letters 10000] [--seed 0]

Each generated letter has a subject, a date, a salutation, two paragraphs and a signature
block of 5-120 signatories in one of several printed shapes (country in parentheses,
"Name, Role, Organisation, Country", numbered lists, bullets, two-line signatures, country
headings, organisation lists), so the timing covers the whole parser, not one fast path.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import cosignet as cs

GIVEN = [
    "Anna",
    "Bilal",
    "Chen",
    "Dolkun",
    "Elif",
    "Finn",
    "Gulchehra",
    "Hiroshi",
    "Ines",
    "Jan",
    "Karin",
    "Luis",
    "Mei",
    "Nathan",
    "Olga",
    "Pavel",
    "Rushan",
    "Siobhan",
    "Tenzin",
]
FAMILY = [
    "Abbas",
    "Berg",
    "Chow",
    "Dallemagne",
    "Eroglu",
    "Fischer",
    "Grün",
    "Hoja",
    "Ismail",
    "Jansen",
    "Kwong Chung-ching",
    "Lee",
    "Müller",
    "Nowak",
    "O’Connor",  # noqa: RUF001 (a curly apostrophe, as printed)
    "Patel",
    "Qurban",
    "Rossi",
    "Šakalienė",
    "van der Berg",
]
COUNTRIES = [
    "Australia",
    "Belgium",
    "Canada",
    "Czechia",
    "France",
    "Germany",
    "Japan",
    "Lithuania",
    "Netherlands",
    "Sweden",
    "United Kingdom",
    "United States",
]
ORGS = [
    "World Uyghur Congress",
    "Hong Kong Democracy Council",
    "Tibet Action Institute",
    "Human Rights Watch",
    "Belgium Uyghur Association",
    "ChinaAid",
]
ROLES = ["Director", "President", "Board Chair", "Executive Director", "Founder", "Advisor"]
MONTHS = ["March", "June", "November"]
TITLES = ["Senator", "Dr", "Rt Hon", "Ms.", "Prof.", ""]
POST = ["MP", "MEP", "MdB", ""]


def person(rng: random.Random) -> str:
    # Middle initials keep names distinct, so duplicates reported are parser mistakes.
    initials = "".join(f"{rng.choice('ABCDEFGHJKLMNPRSTW')}. " for _ in range(rng.randrange(3)))
    return f"{rng.choice(GIVEN)} {initials}{rng.choice(FAMILY)} {rng.choice(FAMILY).split()[0]}"


def signature_block(rng: random.Random, n: int) -> str:
    shape = rng.randrange(6)
    lines: list[str] = []
    if shape == 5:
        for country in rng.sample(COUNTRIES, 3):
            lines += ["", country] + [
                f"{person(rng)} {rng.choice(POST)}".strip() for _ in range(n // 3)
            ]
        return "\n".join(lines)
    for i in range(n):
        name = person(rng)
        if shape == 0:
            lines.append(
                f"{rng.choice(TITLES)} {name} {rng.choice(POST)} ({rng.choice(COUNTRIES)})".strip()
            )
        elif shape == 1:
            lines.append(
                f"{name}, {rng.choice(ROLES)}, {rng.choice(ORGS)}, {rng.choice(COUNTRIES)}"
            )
        elif shape == 2:
            lines.append(f"{i + 1}. {name} ({rng.choice(COUNTRIES)})")
        elif shape == 3:
            lines.append(f"- {name}, {rng.choice(ORGS)}, Uyghur activist in exile")
        else:
            lines += [name, f"{rng.choice(ROLES)}, {rng.choice(ORGS)}", ""]
    return "\n".join(lines)


def letter(rng: random.Random) -> str:
    body = " ".join(["We write to express our deep concern about the treatment of activists."] * 4)
    return (
        f"Subject: Open letter number {rng.randrange(10**6)}\n\n"
        f"{rng.randrange(1, 28)} {rng.choice(MONTHS)} {rng.randrange(2015, 2025)}\n\n"
        "Dear Ministers,\n\n"
        f"{body}\n\n{body}\n\n"
        "Sincerely,\n\n"
        f"{signature_block(rng, rng.randrange(5, 121))}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [letter(rng) for _ in range(args.letters)]
    n_lines = sum(t.count("\n") for t in texts)
    n_bytes = sum(len(t.encode()) for t in texts)
    per_letter: list[float] = []
    signatures = 0
    issues = 0
    started = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        parsed = cs.parse_letter(text)
        per_letter.append(time.perf_counter() - t0)
        signatures += len(parsed.signatories)
        issues += len(parsed.issues)
    elapsed = time.perf_counter() - started
    print(f"letters parsed      {args.letters:,} ({n_lines:,} lines, {n_bytes / 1e6:.1f} MB)")
    print(f"signatures read     {signatures:,}; issues reported {issues:,}")
    print(f"total time          {elapsed:.2f} s")
    print(
        f"throughput          {args.letters / elapsed:,.0f} letters/s, "
        f"{signatures / elapsed:,.0f} signatures/s, {n_bytes / elapsed / 1e6:.2f} MB/s"
    )
    print(
        f"per letter          median {statistics.median(per_letter) * 1e3:.2f} ms, "
        f"max {max(per_letter) * 1e3:.1f} ms"
    )


if __name__ == "__main__":
    main()
