"""Scoring cosignet on the labelled real-world set in ``tests/fixtures/realworld``.

The set (see its README) holds letters in the shapes they are published in, each with a
truth file listing its true signers. This module reads every letter with the current
cosignet, matches the signers it finds to the true ones by name, and scores identity
resolution across letters with :func:`identity_metrics.pairwise_scores`. The benchmark
``benchmarks/realworld.py`` prints the tables; ``tests/test_realworld.py`` pins them.

Names match after :func:`normalise_name` (Unicode NFC, case folded, whitespace collapsed;
accents and punctuation kept). A letter's parsed signers are matched to its true signers
one to one, in printed order; precision is matched / parsed, recall matched / true. Scores
per shape pool the counts of its letters.

Import it from a test as ``from realworld_metrics import ...`` (pytest puts ``tests/`` on
``sys.path``).
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import cosignet as cs
from identity_metrics import pairwise_scores

ROOT = Path(__file__).resolve().parent / "fixtures" / "realworld"
IDENTITY_FILES = ("truth.csv", "generated.csv")
TRUTH_SUFFIX = ".truth.json"
TRUTH_KEYS = ("letter", "file", "title", "date", "signers")
SIGNER_KEYS = (
    "name",
    "kind",
    "position",
    "organisation",
    "country",
    "party",
    "descriptor",
    "handle",
    "url",
    "email",
    "group",
    "printed",
)

__all__ = [
    "ROOT",
    "IdentityScore",
    "LetterScore",
    "SetScore",
    "TruthLetter",
    "identity_frame",
    "identity_score",
    "load_set",
    "markdown_table",
    "match",
    "normalise_name",
    "score_set",
    "shape_table",
]


@dataclass(frozen=True)
class TruthLetter:
    """One labelled letter: where it is, its true title and date, and its true signers."""

    shape: str
    letter: str
    path: Path  # the letter's file, or its folder for a record folder
    title: str | None
    date: str | None
    signers: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class LetterScore:
    """How cosignet read one letter; ``status`` is ``"read"`` or ``"not read: <why>"``."""

    shape: str
    letter: str
    status: str
    n_true: int
    n_parsed: int
    n_matched: int
    date_right: bool | None  # None: the truth has no date

    @property
    def read(self) -> bool:
        return self.status == "read"


@dataclass(frozen=True)
class IdentityScore:
    """Pairwise identity scores of one labelling, with examples of what went wrong."""

    rows: int
    precision: float
    recall: float
    # different people merged into one actor, and one person split over actors, as printed
    wrong_merges: tuple[tuple[str, str], ...]
    missed_merges: tuple[tuple[str, str], ...]
    # pairs resolve() lists for review (decision "candidate" in corpus.resolution)
    candidates: int = 0


@dataclass(frozen=True)
class SetScore:
    """Everything measured on the set: per letter, and identity across letters."""

    letters: tuple[LetterScore, ...]
    # over the signatures cosignet found and matched to a true signer, after resolve()
    identity: IdentityScore
    # the same, only the hand-written letters' signers (not the generated petitions)
    identity_hand: IdentityScore
    # the true signers alone (Corpus.from_frame of the truth) after resolve(): the resolver
    # without the parser
    identity_truth: IdentityScore


def normalise_name(name: str) -> str:
    """The form two names are compared in: NFC, case folded, whitespace collapsed.

    Examples
    --------
    >>> normalise_name("  María\u00a0 FERNANDA ruiz ")
    'maría fernanda ruiz'
    """
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def load_set(root: Path = ROOT) -> list[TruthLetter]:
    """Every labelled letter under `root`, by shape folder and letter id."""
    letters = []
    for path in sorted(root.glob(f"*/*{TRUTH_SUFFIX}")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if tuple(document) != TRUTH_KEYS:
            raise ValueError(f"{path}: the keys are {list(document)}, expected {TRUTH_KEYS}")
        letters.append(
            TruthLetter(
                shape=path.parent.name,
                letter=document["letter"],
                path=path.parent / document["file"],
                title=document["title"],
                date=document["date"],
                signers=tuple(document["signers"]),
            )
        )
    return letters


def match(truth: Sequence[str], parsed: Sequence[str]) -> list[int | None]:
    """For each true name, the position of the parsed name it matches, or None.

    One to one and in order: each true name takes the first unused parsed name equal to it
    after :func:`normalise_name`.

    Examples
    --------
    >>> match(["Ann Lee", "Bob Ray", "Ann Lee"], ["ANN LEE", "Cy Day", "ann  lee"])
    [0, None, 2]
    """
    free: dict[str, list[int]] = defaultdict(list)
    for position, name in enumerate(parsed):
        free[normalise_name(name)].append(position)
    out: list[int | None] = []
    for name in truth:
        positions = free.get(normalise_name(name))
        out.append(positions.pop(0) if positions else None)
    return out


def _read(letter: TruthLetter) -> tuple[cs.Corpus | None, str]:
    """The corpus cosignet reads from the letter, or None and why not."""
    try:
        corpus = cs.read_letters(letter.path)
    except (cs.CosignetError, ValueError, OSError) as error:
        return None, f"not read: {type(error).__name__}: {_first_line(error)}"
    if len(corpus.letters) == 0:
        return None, "not read: no letter"
    return corpus, "read"


def _first_line(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return re.sub(r"\S*fixtures/realworld/", "", text)[:120]


def score_set(letters: Sequence[TruthLetter]) -> SetScore:
    """Read and score every letter, then resolve identities across the letters read."""
    scores: list[LetterScore] = []
    records: list[cs.Letter] = []
    matched: list[tuple[str, int, int]] = []  # (letter, truth index, parsed order)
    for letter in letters:
        corpus, status = _read(letter)
        truth_names = [signer["name"] for signer in letter.signers]
        if corpus is None:
            scores.append(
                LetterScore(letter.shape, letter.letter, status, len(truth_names), 0, 0, None)
            )
            continue
        parsed = corpus.signatures
        parsed = parsed[parsed["role"] == "signatory"]
        pairs = match(truth_names, list(parsed["name"]))
        dates = [date for date in corpus.letters["date"] if date is not None]
        date_right = None
        if letter.date is not None:
            date_right = bool(dates) and dates[0].isoformat() == letter.date
        n_matched = sum(p is not None for p in pairs)
        scores.append(
            LetterScore(
                letter.shape,
                letter.letter,
                status,
                len(truth_names),
                len(parsed),
                n_matched,
                date_right,
            )
        )
        # one letter per labelled letter, named by its id, for the identity corpus
        signatories = tuple(
            signature for record in corpus.letter_records for signature in record.signatories
        )
        first = corpus.letter_records[0]
        records.append(dataclasses.replace(first, id=letter.letter, signatories=signatories))
        matched += [(letter.letter, i, p) for i, p in enumerate(pairs) if p is not None]

    persons = identity_frame()
    labels = zip(persons["letter"], persons["index"], strict=True)
    person = dict(zip(labels, persons["person"], strict=True))
    corpus = cs.Corpus.from_letters(records).resolve()
    candidates = int((corpus.resolution["decision"] == "candidate").sum())
    resolved = corpus.signatures
    resolved = resolved[resolved["role"] == "signatory"]
    keys = list(zip(resolved["letter_id"], resolved["order"], strict=True))
    actor = dict(zip(keys, resolved["actor_id"], strict=True))
    raw = dict(zip(keys, resolved["raw"], strict=True))
    found = pd.DataFrame(
        {
            "person": [person[(letter, i)] for letter, i, _ in matched],
            "actor": [actor[(letter, order)] for letter, _, order in matched],
            "printed": [raw[(letter, order)] for letter, _, order in matched],
        }
    )
    hand = ~found["person"].str.startswith("gen-")
    return SetScore(
        letters=tuple(scores),
        identity=dataclasses.replace(identity_score(found), candidates=candidates),
        identity_hand=identity_score(found[hand]),
        identity_truth=_truth_only(letters, person),
    )


def identity_score(frame: pd.DataFrame) -> IdentityScore:
    """Pairwise scores of ``frame.actor`` against ``frame.person``, with examples.

    `frame` has one row per signature: ``person`` (the truth), ``actor`` (the resolved
    actor) and ``printed`` (the form shown in the examples).
    """
    precision, recall, _ = pairwise_scores(frame["person"], frame["actor"])
    return IdentityScore(
        rows=len(frame),
        precision=precision,
        recall=recall,
        wrong_merges=_crossed(frame, within="actor", across="person"),
        missed_merges=_crossed(frame, within="person", across="actor"),
    )


def _crossed(frame: pd.DataFrame, within: str, across: str) -> tuple[tuple[str, str], ...]:
    """Printed forms of two rows alike in `within` and unlike in `across`, one per pair."""
    mixed = frame.groupby(within)[across].transform("nunique") > 1
    out = set()
    for _, group in frame[mixed].groupby(within, sort=False):
        forms = sorted(group.drop_duplicates(across)["printed"])
        out |= {(a, b) for i, a in enumerate(forms) for b in forms[i + 1 :]}
    return tuple(sorted(out))


def _truth_only(
    letters: Sequence[TruthLetter], person: dict[tuple[str, int], str]
) -> IdentityScore:
    """Identity resolution of the true signers alone: the resolver without the parser.

    Each signer carries what its truth file gives: name, kind, country, organisation,
    handle, url and email.
    """
    rows = [
        {
            "letter": letter.letter,
            "name": signer["name"],
            "kind": signer["kind"],
            "country": signer.get("country"),
            "organisation": signer.get("organisation"),
            "handle": signer.get("handle"),
            "url": signer.get("url"),
            "email": signer.get("email"),
            "person": person[(letter.letter, index)],
        }
        for letter in letters
        for index, signer in enumerate(letter.signers)
    ]
    frame = pd.DataFrame(rows)
    corpus = cs.Corpus.from_frame(
        frame,
        letter="letter",
        signer="name",
        kind="kind",
        country="country",
        organisation="organisation",
        handle="handle",
        url="url",
        email="email",
    )
    resolved = corpus.resolve()
    frame["actor"] = resolved.signatures["actor_id"].to_numpy()
    frame["printed"] = frame["name"]
    candidates = int((resolved.resolution["decision"] == "candidate").sum())
    return dataclasses.replace(identity_score(frame), candidates=candidates)


def identity_frame(root: Path = ROOT) -> pd.DataFrame:
    """Who is who: ``letter, index, name, person, category`` for every true signer."""
    frames = [
        pd.read_csv(root / "identity" / name, dtype=str, keep_default_na=False)
        for name in IDENTITY_FILES
    ]
    frame = pd.concat(frames, ignore_index=True)
    frame["index"] = frame["index"].astype(int)
    return frame


def shape_table(scores: Iterable[LetterScore]) -> pd.DataFrame:
    """Pooled scores per shape, sorted by F1 then shape, with a total row last."""
    frame = pd.DataFrame([dataclasses.asdict(s) | {"read": s.read} for s in scores])
    rows = []
    for shape, group in [*frame.groupby("shape", sort=True), ("all", frame)]:
        dated = group["date_right"].dropna()
        rows.append(
            {
                "shape": shape,
                "letters": len(group),
                "not_read": int((~group["read"]).sum()),
                "true": int(group["n_true"].sum()),
                "parsed": int(group["n_parsed"].sum()),
                "matched": int(group["n_matched"].sum()),
                "dates_right": f"{int(dated.sum())}/{len(dated)}",
            }
        )
    table = pd.DataFrame(rows)
    table["precision"] = _ratio(table["matched"], table["parsed"])
    table["recall"] = _ratio(table["matched"], table["true"])
    total = table["precision"] + table["recall"]
    table["f1"] = (2 * table["precision"] * table["recall"] / total.where(total > 0)).fillna(0.0)
    body = table.iloc[:-1].sort_values(["f1", "shape"], kind="stable")
    return pd.concat([body, table.iloc[-1:]], ignore_index=True)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).fillna(0.0)


def markdown_table(table: pd.DataFrame) -> str:
    """The shape table as a Markdown table (for docs/benchmarks.md)."""
    header = (
        "| shape | letters | not read | true signers | parsed | matched | precision | recall "
        "| F1 | dates right |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |"
    )
    lines = [header]
    for row in table.itertuples():
        shape = f"**{row.shape}**" if row.shape == "all" else f"`{row.shape}`"
        lines.append(
            f"| {shape} | {row.letters} | {row.not_read} | {row.true:,} | {row.parsed:,} "
            f"| {row.matched:,} | {row.precision:.3f} | {row.recall:.3f} | {row.f1:.3f} "
            f"| {row.dates_right} |"
        )
    return "\n".join(lines)
