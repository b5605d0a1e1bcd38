"""Alias rows for identity resolution: reading them, and settling rows that contradict.

An alias row names two people (``name_a``, ``name_b``) and a rule: ``same`` (one actor) or
``different`` (never one actor). :func:`read_aliases` reads them from a file or a table;
:func:`apply_same` keeps the ``same`` pairs that can all hold together, refusing any that a
``different`` row forbids (a ``different`` row wins) or that would make one actor of two
signatures of one letter, and names each refused row in one warning.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet._reading import decode_utf8, load_json, read_csv_table, read_user_file
from cosignet.errors import CosignetWarning, InvalidInputError, ParseError

__all__ = ["Aliases", "apply_same", "read_aliases", "warn_unmatched"]


def _blank(value: Any) -> bool:
    """Tell whether an alias cell holds no name: None, NaN or only spaces."""
    return value is None or (isinstance(value, float) and value != value) or not str(value).strip()


@dataclass(frozen=True)
class Aliases:
    """Pairs of names the user forces together or apart, with their row numbers."""

    same: tuple[tuple[str, str], ...]
    different: tuple[tuple[str, str], ...]
    same_rows: tuple[int, ...] = ()
    different_rows: tuple[int, ...] = ()

    def describe(self, rule: str, k: int) -> str:
        """``row 2 ('A', 'B', same)``: the k-th row of `rule`, as messages name it."""
        pairs, rows = (
            (self.same, self.same_rows) if rule == "same" else (self.different, self.different_rows)
        )
        a, b = pairs[k]
        return f"row {rows[k]} ({a!r}, {b!r}, {rule})"


def _alias_frame(aliases: Any) -> pd.DataFrame:
    """Return the aliases as a table (rows are numbered from 1 in messages)."""
    if isinstance(aliases, (str, os.PathLike)):
        path = Path(aliases)
        if not path.exists():
            raise InvalidInputError(f"aliases file {str(path)!r} does not exist")
        source = str(path)
        data = read_user_file(path, source, "table")
        text = decode_utf8(data, source)
        if path.suffix.lower() == ".json":
            records = load_json(text, source)
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise ParseError(f"{source}: expected a JSON array of objects (one per alias)")
            return pd.DataFrame.from_records(records)
        if not text.strip():
            raise ParseError(f"{source}: the file is empty")
        return read_csv_table(data, text, source)
    if isinstance(aliases, pd.DataFrame):
        return aliases
    return pd.DataFrame(list(aliases))


def read_aliases(aliases: Any) -> Aliases:
    """Read aliases from a CSV or JSON file, a DataFrame or a list of records.

    Each record has ``name_a``, ``name_b`` and ``rule`` (``"same"`` or ``"different"``).
    """
    if aliases is None:
        return Aliases((), ())
    frame = _alias_frame(aliases)
    missing = {"name_a", "name_b", "rule"} - set(frame.columns)
    if missing:
        raise InvalidInputError(
            f"aliases need the columns name_a, name_b and rule; missing {sorted(missing)}"
        )
    same: list[tuple[str, str]] = []
    different: list[tuple[str, str]] = []
    rows: dict[str, list[int]] = {"same": [], "different": []}
    for number, (a, b, rule) in enumerate(
        zip(frame["name_a"], frame["name_b"], frame["rule"], strict=True), start=1
    ):
        rule_text = str(rule).strip().casefold()
        if rule_text not in ("same", "different"):
            raise InvalidInputError(
                f"aliases row {number}: rule must be 'same' or 'different', got {rule!r}"
            )
        for column, name in (("name_a", a), ("name_b", b)):
            if _blank(name):
                raise InvalidInputError(f"aliases row {number}: {column} is missing")
        pair = (str(a), str(b))
        (same if rule_text == "same" else different).append(pair)
        rows[rule_text].append(number)
    return Aliases(tuple(same), tuple(different), tuple(rows["same"]), tuple(rows["different"]))


def warn_unmatched(
    rules: Aliases, unmatched: dict[str, list[list[str]]], one_form: Iterable[int] = ()
) -> None:
    """Warn once about the alias rows that change nothing.

    A row changes nothing when a name matches no signature, or (for 'different') when its two
    names are one printed name.
    """
    one_form = set(one_form)
    rows = []
    for rule, numbers, pairs in (
        ("same", rules.same_rows, rules.same),
        ("different", rules.different_rows, rules.different),
    ):
        for k, (number, missing) in enumerate(zip(numbers, unmatched[rule], strict=True)):
            if missing:
                names = " and ".join(repr(name) for name in missing)
                verb = "matches" if len(missing) == 1 else "match"
                rows.append((number, f"{rules.describe(rule, k)}: {names} {verb} no signature"))
            elif rule == "different" and k in one_form:
                a, b = pairs[k]
                rows.append(
                    (
                        number,
                        f"{rules.describe(rule, k)}: {a!r} and {b!r} are one printed name (up "
                        "to case and spacing), which cannot be two people",
                    )
                )
    if not rows:
        return
    listed = [text for _, text in sorted(rows)]
    more = f"; and {len(listed) - 10} more" if len(listed) > 10 else ""
    what = "an aliases row changes" if len(listed) == 1 else f"{len(listed)} aliases rows change"
    warnings.warn(
        f"{what} nothing (names are compared after normalisation, with and without "
        f"titles): {'; '.join(listed[:10])}{more}",
        CosignetWarning,
        stacklevel=4,
    )


class _AliasClusters:
    """The actors the 'same' aliases make.

    A merge is refused when a 'different' alias forbids it (a 'different' row wins over a
    'same' row) or when it would join two signatures of one letter. Only the forms aliases
    name are held, so the cost follows the aliases, not the corpus.
    """

    def __init__(
        self,
        letters_of: Callable[[int], set[int]],
        cannot: Iterable[tuple[int, int, int]],
    ) -> None:
        self.parent: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        self.letters: dict[int, set[int]] = {}
        self.letters_of = letters_of
        self.cannot: dict[int, list[tuple[int, int]]] = {}
        for x, y, k in cannot:
            self.cannot.setdefault(x, []).append((y, k))
            self.cannot.setdefault(y, []).append((x, k))

    def find(self, x: int) -> int:
        if x not in self.parent:
            self.parent[x] = x
            self.members[x] = [x]
            self.letters[x] = self.letters_of(x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: int, y: int) -> tuple[str, Any] | None:
        """Merge the actors of forms x and y, or say why not.

        Returns None when merged (or already one), ``("letter", code)`` for a letter both
        signed, or ``("different", (k, a, b))`` for the 'different' alias k keeping the forms
        a and b apart.
        """
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return None
        shared = self.letters[rx] & self.letters[ry]
        if shared:
            return "letter", min(shared)
        small, large = sorted((rx, ry), key=lambda r: len(self.members[r]))
        for form in self.members[small]:
            for partner, k in self.cannot.get(form, ()):
                if partner in self.parent and self.find(partner) == large:
                    return "different", (k, form, partner)
        self.parent[small] = large
        self.members[large] += self.members.pop(small)
        letters = self.letters.pop(small)
        if len(letters) > len(self.letters[large]):
            letters, self.letters[large] = self.letters[large], letters
        self.letters[large] |= letters
        return None


def apply_same(
    rules: Aliases,
    must: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[int]],
    cannot: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[int]],
    groups_indptr: npt.NDArray[np.int64],
    groups_indices: npt.NDArray[np.int64],
    printed: npt.NDArray[np.object_],
    letter_ids: Any,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the 'same' pairs that can all be merged, in row order; warn about the others."""
    must_first, must_second, must_origin = must
    if len(must_first) == 0:
        return must_first, must_second

    def letters_of(form: int) -> set[int]:
        return set(groups_indices[groups_indptr[form] : groups_indptr[form + 1]].tolist())

    clusters = _AliasClusters(
        letters_of, zip(cannot[0].tolist(), cannot[1].tolist(), cannot[2], strict=True)
    )
    kept: list[int] = []
    refused: dict[int, str] = {}
    for j, (x, y, k) in enumerate(
        zip(must_first.tolist(), must_second.tolist(), must_origin, strict=True)
    ):
        why = clusters.join(x, y)
        if why is None:
            kept.append(j)
        elif k not in refused:
            if why[0] == "letter":
                refused[k] = (
                    f"would make one actor of two signatures of letter {letter_ids[why[1]]!r}, "
                    "who are two people"
                )
            else:
                row, a, b = why[1]
                refused[k] = (
                    f"would make one actor of {printed[a]!r} and {printed[b]!r}, which "
                    f"{rules.describe('different', row)} keeps apart"
                )
    if refused:
        listed = [f"{rules.describe('same', k)} {refused[k]}" for k in sorted(refused)]
        more = f"; and {len(listed) - 10} more" if len(listed) > 10 else ""
        what = "an aliases row is" if len(listed) == 1 else f"{len(listed)} aliases rows are"
        warnings.warn(
            f"{what} not applied in full (a 'different' row wins over a 'same' row, and "
            f"signatures of one letter stay apart): {'; '.join(listed[:10])}{more}",
            CosignetWarning,
            stacklevel=4,
        )
    keep = np.asarray(kept, dtype=np.int64)
    return must_first[keep], must_second[keep]
