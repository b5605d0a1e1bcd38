"""Identity resolution: one actor for one signer, however the letters print the name.

The steps, each in one function:

1. :func:`normalise_name` turns a printed name into a comparable form (Unicode NFKC, case
   folding, German transliteration then diacritics removed, honorifics and post-nominals,
   quoted nicknames, peerage territorial designations and punctuation dropped).
2. Signatures with the same kind, normalised name and country form one *form*; a form
   remembers the letters it appears on.
3. The core (``match.hpp``) finds candidate pairs of forms by blocking and scores their
   names (token-aligned Jaro-Winkler; see :func:`cosignet._core.name_similarity`).
4. :func:`_evidence` adjusts each score with attributes: the same country (+0.05), the same
   organisation (+0.05), a shared title such as "Senator" (+0.03) or a shared peerage such
   as "Lord" (+0.10, it names one holder); :func:`_penalty` deducts 0.3 for a generation
   suffix on one side only and 0.1 for an organisation that is a section of the other.
5. The core clusters forms by decreasing score, refusing any merge that would put two
   signatures of one letter, two different countries the lexicon knows, or an
   alias-forbidden pair in one actor. Alias-forced pairs are merged first, over scores and
   countries, except where a 'different' alias forbids the merge (it wins over a 'same'
   row: A=B, B=C and A≠C keep A and C apart) or where it would join two signatures of one
   letter; each such row is named in a warning. Alias names match printed forms with or
   without their titles; a row that matches no one warns.

Each merge is listed in :attr:`cosignet.Corpus.resolution` for review.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet import _core, lexicon
from cosignet._reading import decode_utf8, load_json, read_csv_table, read_user_file
from cosignet.errors import CosignetWarning, InvalidInputError, ParseError
from cosignet.signature_parser import _split_honorifics

__all__ = ["DEFAULT_THRESHOLD", "normalise_country", "normalise_name", "resolve_signatures"]

#: Score at or above which two forms are the same actor, unless a constraint forbids it.
DEFAULT_THRESHOLD = 0.9
_MAX_BONUS = 0.2
_MAX_BLOCK = 25  # names sharing a more common key are not compared on that key

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l",
     "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
)  # fmt: skip
_QUOTED = re.compile(r"[\"'‘’“”«»]([^\"'‘’“”«»]{1,30})[\"'‘’“”«»]")
_APOSTROPHES = re.compile(r"[\'’‘`´ʼ]")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_PEERAGE = re.compile(r"^(?P<name>.+?)\s+of\s+\S.*$")


def _object_array(values: list[Any]) -> npt.NDArray[np.object_]:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _map_unique(values: pd.Series, function: Any) -> npt.NDArray[np.object_]:
    """Apply `function` once per distinct value (missing values map to None)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = _object_array([function(u) for u in uniques] + [None])
    result: npt.NDArray[np.object_] = mapped[codes]  # code -1 (missing) picks the last None
    return result


_TITLE_BITS = {title: 1 << bit for bit, title in enumerate(sorted(
    {"lord", "lady", "baroness", "baron", "senator", "sen.", "sen", "representative", "rep.",
     "mep", "mp", "mdb", "msp", "mla", "bishop", "cardinal", "ambassador", "commissioner"}
))}  # fmt: skip


_PEERAGE_MASK = sum(_TITLE_BITS[t] for t in ("lord", "lady", "baroness", "baron"))


def _title_mask(honorifics: tuple[str, ...]) -> int:
    """Bits of the titles that count as evidence ("Lord", "Senator", "MEP" ...)."""
    mask = 0
    for title in honorifics:
        mask |= _TITLE_BITS.get(str(title).casefold(), 0)
    return mask


def _fold(text: str) -> str:
    """NFKC, case folding, German transliteration, then remaining diacritics removed."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLITERATION)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(name: str, kind: str = "person") -> str:
    """Return the comparable form of a printed name.

    Parameters
    ----------
    name : str
        The name as printed, with or without titles.
    kind : {"person", "organisation"}
        Organisations lose a leading "The" and a trailing acronym in parentheses instead of
        titles.

    Examples
    --------
    >>> from cosignet.identity import normalise_name
    >>> normalise_name("Rt Hon Sir Iain Duncan-Smith MP")
    'iain duncan smith'
    >>> normalise_name("Reinhard Bütikofer"), normalise_name("Dovilė Šakalienė")
    ('reinhard buetikofer', 'dovile sakaliene')
    >>> normalise_name("Lord Alton of Liverpool"), normalise_name("Lord (David) Alton")
    ('alton', 'david alton')
    >>> normalise_name("Yang 'Fred' Zili"), normalise_name("Simon O’Connor")
    ('yang zili', 'simon oconnor')
    >>> normalise_name("The Norwegian Uyghur Committee", kind="organisation")
    'norwegian uyghur committee'
    """
    text = " ".join(str(name).split())
    if kind == "organisation":
        text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
        text = re.sub(r"\s*\([^()]*\)\s*$", "", text)
        # Legal forms do not change who the organisation is.
        text = re.sub(
            r"[\s,]+(e\.\s?v\.?|inc\.?|ltd\.?|llc|gmbh|ngo|a\.?s\.?b\.?l\.?|vzw)$",
            "",
            text,
            flags=re.IGNORECASE,
        )
    else:
        text = _person_core(text, drop_designation=True)
    return _comparable(text)


def _person_core(text: str, *, drop_designation: bool) -> str:
    """Remove titles, quoted nicknames and (if asked) a peer's designation from a name."""
    text = _QUOTED.sub(" ", text)
    before, core, _ = _split_honorifics(text)
    core = re.sub(r"^\(([^()]+)\)\s+", r"\1 ", core)  # "(David) Alton"
    peerage = {t.casefold() for t in before} & lexicon.PEERAGE_TITLES
    match = _PEERAGE.match(core)
    if drop_designation and peerage and match:
        core = match["name"]  # "Alton of Liverpool": the place is not the name
    return core.replace("(", " ").replace(")", " ")


def _comparable(text: str) -> str:
    """Fold case and diacritics, drop apostrophes, punctuation and extra spaces."""
    text = _APOSTROPHES.sub("", _fold(text))
    text = _PUNCTUATION.sub(" ", text.replace("-", " ").replace("–", " "))
    return " ".join(text.split())


#: Printed forms (English short forms, ISO 3166 codes, local names) of the same country.
_COUNTRY_FORMS = {
    "united kingdom": ("uk", "u k", "gb", "great britain", "britain", "england", "scotland",
                       "wales", "northern ireland"),
    "united states": ("us", "u s", "usa", "u s a", "united states of america", "america"),
    "germany": ("de", "deutschland"), "france": ("fr",), "italy": ("it", "italia"),
    "spain": ("es", "espana"), "poland": ("pl", "polska"), "lithuania": ("lt", "lietuva"),
    "latvia": ("lv", "latvija"), "estonia": ("ee", "eesti"), "sweden": ("se", "sverige"),
    "norway": ("no", "norge"), "denmark": ("dk", "danmark"), "finland": ("fi", "suomi"),
    "hungary": ("hu", "magyarorszag"), "switzerland": ("ch", "schweiz", "suisse", "svizzera"),
    "austria": ("at", "osterreich"), "netherlands": ("nl", "the netherlands", "nederland",
                                                     "holland"),
    "belgium": ("be", "belgie", "belgique"), "czechia": ("cz", "czech republic", "cesko"),
    "slovakia": ("sk", "slovensko"), "romania": ("ro",), "moldova": ("md", "republic of moldova"),
    "ukraine": ("ua", "ukraina"), "ireland": ("ie", "eire"), "portugal": ("pt",),
    "greece": ("gr", "hellas"), "turkey": ("tr", "turkiye"), "canada": ("ca",),
    "australia": ("au",), "new zealand": ("nz", "aotearoa"), "japan": ("jp", "nippon"),
    "india": ("in", "bharat"), "taiwan": ("tw", "republic of china", "roc"),
    "hong kong": ("hk", "hksar", "hong kong sar"),
    "china": ("cn", "prc", "p r china", "peoples republic of china"),
    "south korea": ("kr", "korea", "republic of korea"), "russia": ("ru", "russian federation"),
    "vietnam": ("vn", "viet nam"), "myanmar": ("mm", "burma"),
    "ivory coast": ("ci", "cote d ivoire", "cote divoire"), "nigeria": ("ng",),
    "european union": ("eu",),
}  # fmt: skip
_COUNTRY_CANONICAL = {
    variant: canonical for canonical, forms in _COUNTRY_FORMS.items() for variant in forms
}
_KNOWN_COUNTRIES = frozenset(_COUNTRY_CANONICAL.values()) | {
    " ".join(_PUNCTUATION.sub(" ", unicodedata.normalize("NFKD", c)).split())
    for c in lexicon.COUNTRIES
}


def _plain(text: str) -> str:
    """Case-folded, diacritics removed (no transliteration: "Türkiye" is "turkiye")."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_country(country: str | None) -> str | None:
    """Return one spelling per country ("UK", "GB" and "United Kingdom" agree), or None.

    Examples
    --------
    >>> from cosignet.identity import normalise_country
    >>> normalise_country("U.K."), normalise_country("United Kingdom"), normalise_country(None)
    ('united kingdom', 'united kingdom', None)
    >>> normalise_country("Deutschland"), normalise_country("Taiwan (ROC)")
    ('germany', 'taiwan')
    """
    if _missing(country):
        return None
    text = re.sub(r"\([^()]*\)", " ", str(country))
    text = " ".join(_PUNCTUATION.sub(" ", _APOSTROPHES.sub("", _plain(text))).split())
    if not text:
        return None
    return _COUNTRY_CANONICAL.get(text, text)


@dataclass(frozen=True)
class _Aliases:
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


def _read_aliases(aliases: Any) -> _Aliases:
    """Read aliases from a CSV or JSON file, a DataFrame or a list of records.

    Each record has ``name_a``, ``name_b`` and ``rule`` (``"same"`` or ``"different"``).
    """
    if aliases is None:
        return _Aliases((), ())
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
            if _missing(name) or not str(name).strip():
                raise InvalidInputError(f"aliases row {number}: {column} is missing")
        pair = (str(a), str(b))
        (same if rule_text == "same" else different).append(pair)
        rows[rule_text].append(number)
    return _Aliases(tuple(same), tuple(different), tuple(rows["same"]), tuple(rows["different"]))


def _tag(name: str) -> str:
    """Return the printed name up to case and spacing, as aliases that forbid a merge name it."""
    return " ".join(unicodedata.normalize("NFKC", str(name)).casefold().split())


def _alias_keys(name: str) -> list[str]:
    """List the normalised forms an alias name is looked up by.

    The name normalised as a person and as an organisation, and as a person keeping a peer's
    designation: "Lord Alton of Liverpool" is found as "alton" (how it normalises) and as
    "alton of liverpool" (how the signature "Alton of Liverpool" with the title "Lord"
    normalises without its title). Titles are recognised in lower case too ("lord alton").
    """
    text = " ".join(str(name).split())
    capitalised = " ".join(word[:1].upper() + word[1:] for word in text.split())
    keys = []
    for variant in dict.fromkeys((text, capitalised)):
        keys += [
            normalise_name(variant, "person"),
            normalise_name(variant, "organisation"),
            _comparable(_person_core(variant, drop_designation=False)),
        ]
    return list(dict.fromkeys(k for k in keys if k))


def _printed_keys(name: str, honorifics: Any) -> list[str]:
    """Return the alias look-up keys of a printed name beyond its normalised form.

    The name with the titles printed before it ("Lord" + "Alton of Liverpool" normalises
    to "alton"), and the name without its titles but with a peer's designation ("Lord Alton
    of Liverpool" printed as one name gives "alton of liverpool").
    """
    titles = [] if _missing(honorifics) else [str(t) for t in tuple(honorifics)]
    before = [t for t in titles if t.casefold() in _BEFORE]
    full = " ".join([*before, str(name)])
    return [
        normalise_name(full, "person"),
        _comparable(_person_core(" ".join(full.split()), drop_designation=False)),
    ]


_BEFORE = frozenset(t.casefold() for t in lexicon.HONORIFICS_BEFORE)
_DESIGNATION = re.compile(r"\sof\s", re.IGNORECASE)


def _alias_pairs(
    pairs: Iterable[tuple[str, str]],
    lookup: Mapping[str, list[int]],
    tagged: Mapping[str, list[int]] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[int], list[list[str]], list[int]]:
    """Every pair of forms whose names match an alias pair.

    Returns the pairs (first, second), the alias each came from (its index in `pairs`), each
    alias's unmatched names, and the aliases whose names all match one and the same form.
    Forms are looked up by printed tag in `tagged` (if given) and, when no printed name
    matches, by the normalised keys of :func:`_alias_keys` in `lookup`.
    """

    def forms_of(name: str) -> list[int]:
        if tagged is not None and (found := tagged.get(_tag(name))):
            return found
        return [form for key in _alias_keys(name) for form in lookup.get(key, [])]

    first: list[int] = []
    second: list[int] = []
    origin: list[int] = []
    unmatched: list[list[str]] = []
    one_form: list[int] = []
    seen: set[tuple[int, int]] = set()
    for k, (a, b) in enumerate(pairs):
        left, right = forms_of(a), forms_of(b)
        unmatched.append([name for name, found in ((a, left), (b, right)) if not found])
        if left and set(left) == set(right) and len(set(left)) == 1:
            one_form.append(k)
        for x in dict.fromkeys(left):
            for y in dict.fromkeys(right):
                pair = (min(x, y), max(x, y))
                if x != y and pair not in seen:  # a rule given twice is one merge
                    seen.add(pair)
                    first.append(pair[0])
                    second.append(pair[1])
                    origin.append(k)
    return (
        np.asarray(first, dtype=np.int64),
        np.asarray(second, dtype=np.int64),
        origin,
        unmatched,
        one_form,
    )


def _warn_unmatched(
    rules: _Aliases, unmatched: dict[str, list[list[str]]], one_form: Iterable[int] = ()
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


def _apply_same(
    rules: _Aliases,
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


def _titled_keys(
    signatures: pd.DataFrame,
    names: npt.NDArray[np.object_],
    pair_codes: npt.NDArray[np.intp],
    pair_uniques: Any,
    form_of: npt.NDArray[np.int64],
) -> list[tuple[str, int]]:
    """Return the alias keys of printed forms whose titles change how they normalise.

    Only a peer's title does ("Lord" drops "of Liverpool"), so only people whose name holds
    " of " are looked at.
    """
    candidates = [
        code
        for code, (name, kind) in enumerate(pair_uniques)
        if kind == "person" and _DESIGNATION.search(str(name))
    ]
    if not candidates:
        return []
    rows = np.flatnonzero(np.isin(pair_codes, candidates))
    honorifics = signatures["honorifics"].to_numpy(dtype=object)[rows]
    keys: list[tuple[str, int]] = []
    seen: set[tuple[str, Any, int]] = set()
    for row, titles in zip(rows.tolist(), honorifics, strict=True):
        titles_key = titles if isinstance(titles, tuple) else tuple(titles or ())
        marker = (str(names[row]), titles_key, int(form_of[row]))
        if marker in seen:
            continue
        seen.add(marker)
        keys.extend((key, marker[2]) for key in _printed_keys(marker[0], titles_key) if key)
    return keys


def _evidence(forms: pd.DataFrame, first: np.ndarray, second: np.ndarray) -> tuple[Any, Any]:
    """Score adjustments of each candidate pair, and their description.

    The same country +0.05, the same organisation +0.05, a shared title +0.03 (a shared
    peerage, such as "Lord", +0.10: it names one holder).
    """
    country, _ = pd.factorize(forms["country_key"], use_na_sentinel=True)
    organisation, _ = pd.factorize(forms["organisation_key"], use_na_sentinel=True)
    titles = forms["title_mask"].to_numpy(dtype=np.int64)
    same_country = (country[first] >= 0) & (country[first] == country[second])
    same_org = (organisation[first] >= 0) & (organisation[first] == organisation[second])
    same_title = (titles[first] & titles[second]) != 0
    peerage = (titles[first] & titles[second] & _PEERAGE_MASK) != 0
    bonus = 0.05 * same_country + 0.05 * same_org + np.where(peerage, 0.1, 0.03 * same_title)
    code = same_country * 1 + same_org * 2 + same_title * 4
    wording = [
        "; ".join(
            w
            for bit, w in ((1, "same country"), (2, "same organisation"), (4, "shared title"))
            if c & bit
        )
        or "name only"
        for c in range(8)
    ]
    return bonus, [wording[c] for c in code.tolist()]


_SUFFIX = re.compile(r"\b(jr|sr|ii|iii|iv)\b")


def _penalty(
    forms: pd.DataFrame, first: np.ndarray, second: np.ndarray, name_score: np.ndarray
) -> npt.NDArray[np.float64]:
    """Deduct from scores for what names alone cannot show.

    A generation suffix on one side only ("John Smith Jr.") costs 0.3; an organisation whose
    name only contains the other's costs 0.1 ("Amnesty International UK" is a section, not
    Amnesty International).
    """
    normal = forms["normal"].to_numpy(dtype=object)
    kind = forms["kind"].to_numpy(dtype=object)
    suffix = np.array([bool(_SUFFIX.search(n)) for n in normal], dtype=bool)
    length = np.array([len(n.split()) for n in normal], dtype=np.int64)
    generation = suffix[first] != suffix[second]
    section = (
        (kind[first] == "organisation") & (length[first] != length[second]) & (name_score < 0.99)
    )
    penalty: npt.NDArray[np.float64] = 0.3 * generation + 0.1 * section
    return penalty


def resolve_signatures(
    signatures: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD, aliases: Any = None
) -> tuple[npt.NDArray[np.object_], pd.DataFrame]:
    """Assign an actor to every signature; return (actor ids, resolution table).

    `signatures` needs the columns letter_id, name, kind, country, organisation and
    honorifics (the :attr:`cosignet.Corpus.signatures` table). See :meth:`Corpus.resolve`.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise InvalidInputError(f"threshold must be a number, got {threshold!r}")
    if not 0 < threshold <= 1:
        raise InvalidInputError(f"threshold must be in (0, 1], got {threshold!r}")
    rules = _read_aliases(aliases)
    n = len(signatures)
    if n == 0:
        _warn_unmatched(
            rules,
            {
                "same": [[a, b] for a, b in rules.same],
                "different": [[a, b] for a, b in rules.different],
            },
        )
        return np.empty(0, dtype=object), _empty_resolution()

    kinds = signatures["kind"].fillna("person").to_numpy(dtype=object)
    names = signatures["name"].fillna("").to_numpy(dtype=object)
    # Each distinct value is normalised once.
    pair_codes, pair_uniques = pd.factorize(pd.MultiIndex.from_arrays([names, kinds]))
    normal = _object_array(
        [normalise_name(name, kind) or _fold(str(name)).strip() for name, kind in pair_uniques]
    )[pair_codes]
    # Titles printed inside the name ("Lord Alton") count as evidence like the honorifics.
    name_titles = np.array(
        [_title_mask(tuple(_split_honorifics(str(name))[0])) for name, _ in pair_uniques],
        dtype=np.int64,
    )[pair_codes]
    # A printed name that an alias keeps apart must stay a form of its own.
    apart = {_tag(name) for pair in rules.different for name in pair}
    tags = _object_array([_tag(name) if _tag(name) in apart else "" for name, _ in pair_uniques])[
        pair_codes
    ]
    country_key = _map_unique(signatures["country"], normalise_country)
    org_key = _map_unique(
        signatures["organisation"],
        lambda o: None if _missing(o) else normalise_name(o, "organisation") or None,
    )

    # Forms: same kind, normalised name and country.
    # Two signatures of one letter are two actors even with one name: number them within
    # the letter (the second "David Lee" of a letter is a form of its own).
    base = pd.DataFrame(
        {"kind": kinds, "normal": normal, "country": country_key, "org": org_key, "tag": tags},
        dtype=object,
    ).fillna("")
    occurrence = (
        base.assign(letter=signatures["letter_id"].to_numpy())
        .groupby(["letter", *base.columns], sort=False)
        .cumcount()
    )
    form_frame = base.assign(occurrence=occurrence.to_numpy())
    form_of, form_index = pd.factorize(pd.MultiIndex.from_frame(form_frame))
    form_of = form_of.astype(np.int64)
    n_forms = len(form_index)
    first_row = np.full(n_forms, n, dtype=np.int64)
    np.minimum.at(first_row, form_of, np.arange(n, dtype=np.int64))
    forms = pd.DataFrame(
        {
            "kind": kinds[first_row],
            "normal": normal[first_row],
            "country_key": country_key[first_row],
            "organisation_key": org_key[first_row],
            "printed": names[first_row],
        }
    )
    honorific_codes, honorific_uniques = pd.factorize(signatures["honorifics"].map(tuple))
    masks = np.array([_title_mask(h) for h in honorific_uniques], dtype=np.int64)
    title_mask = np.zeros(n_forms, dtype=np.int64)
    np.bitwise_or.at(title_mask, form_of, masks[honorific_codes] | name_titles)
    forms["title_mask"] = title_mask

    # Letters of each form (CSR, sorted), for the one-letter-one-actor constraint.
    letter_codes, letter_uniques = pd.factorize(signatures["letter_id"])
    pairs = np.unique(np.column_stack([form_of, letter_codes.astype(np.int64)]), axis=0)
    groups_indptr = np.zeros(n_forms + 1, dtype=np.int64)
    np.add.at(groups_indptr, pairs[:, 0] + 1, 1)
    groups_indptr = np.cumsum(groups_indptr).astype(np.int64)
    groups_indices = np.ascontiguousarray(pairs[:, 1], dtype=np.int64)

    # Candidate pairs scored by name, then by evidence.
    first, second, name_score = _core.match_names(
        forms["normal"].tolist(),
        max(0.0, threshold - _MAX_BONUS - 1e-9),
        _MAX_BLOCK,
    )
    same_kind = forms["kind"].to_numpy()[first] == forms["kind"].to_numpy()[second]
    first, second, name_score = first[same_kind], second[same_kind], name_score[same_kind]
    bonus, described = _evidence(forms, first, second)
    score = np.minimum(name_score + bonus - _penalty(forms, first, second, name_score), 1.0)
    keep = score >= threshold - 1e-9  # 0.85 + 0.05 is 0.8999999999999999 in floating point
    first = np.ascontiguousarray(first[keep])
    second = np.ascontiguousarray(second[keep])
    score = np.ascontiguousarray(score[keep])
    name_score = name_score[keep]
    described = [d for d, k in zip(described, keep, strict=True) if k]

    lookup: dict[str, list[int]] = {}
    cannot_first = cannot_second = must_first = must_second = np.empty(0, dtype=np.int64)
    if rules.same or rules.different:
        for form, name in enumerate(forms["normal"]):
            lookup.setdefault(name, []).append(form)
        for key, form in _titled_keys(signatures, names, pair_codes, pair_uniques, form_of):
            if form not in lookup.setdefault(key, []):
                lookup[key].append(form)
        must_first, must_second, must_origin, unmatched_same, _ = _alias_pairs(rules.same, lookup)
        tagged: dict[str, list[int]] = {}
        for form, tag in enumerate(tags[first_row]):
            if tag:
                tagged.setdefault(tag, []).append(form)
        cannot_first, cannot_second, cannot_origin, unmatched_different, one_form = _alias_pairs(
            rules.different, lookup, tagged
        )
        _warn_unmatched(rules, {"same": unmatched_same, "different": unmatched_different}, one_form)
        must_first, must_second = _apply_same(
            rules,
            (must_first, must_second, must_origin),
            (cannot_first, cannot_second, cannot_origin),
            groups_indptr,
            groups_indices,
            forms["printed"].to_numpy(dtype=object),
            letter_uniques,
        )

    # Only countries the lexicon knows can conflict; anything else might be a city or body.
    known = forms["country_key"].where(forms["country_key"].isin(_KNOWN_COUNTRIES))
    country_codes, _ = pd.factorize(known, use_na_sentinel=True)
    labels = _core.constrained_clusters(
        n_forms,
        first,
        second,
        score,
        groups_indptr,
        groups_indices,
        int(letter_codes.max()) + 1 if n else 0,
        country_codes.astype(np.int64),
        must_first,
        must_second,
        cannot_first,
        cannot_second,
        forms["normal"].tolist(),
    )

    actor_of_form = _actor_ids(forms, labels, form_of)
    resolution = _resolution_table(
        forms, labels, first, second, name_score, score, described, must_first, must_second
    )
    parts = [_same_form_table(forms, labels, form_of, names), resolution]
    parts = [p for p in parts if len(p)]
    if not parts:
        return actor_of_form[form_of], _empty_resolution()
    resolution = pd.concat(parts, ignore_index=True)
    by_label = dict(zip(labels.tolist(), actor_of_form.tolist(), strict=True))
    resolution.insert(0, "actor_id", resolution.pop("label").map(by_label))
    return actor_of_form[form_of], resolution[list(_RESOLUTION_COLUMNS)]


def _actor_ids(
    forms: pd.DataFrame, labels: npt.NDArray[np.int64], form_of: npt.NDArray[np.int64]
) -> npt.NDArray[np.object_]:
    """Name each cluster by its kind and most used normalised name, made unique."""
    counts = np.bincount(form_of, minlength=len(forms))
    order = np.lexsort((np.arange(len(forms)), -counts, labels))
    kinds, normals = forms["kind"].to_numpy(), forms["normal"].to_numpy()
    chosen: dict[int, str] = {}
    for form in order.tolist():
        label = int(labels[form])
        if label not in chosen:
            chosen[label] = f"{kinds[form]}:{normals[form]}"
    taken: dict[str, int] = {}
    ids = np.empty(len(forms), dtype=object)
    unique_ids: dict[int, str] = {}
    for label in sorted(chosen):
        base = chosen[label]
        count = taken.get(base, 0)
        taken[base] = count + 1
        unique_ids[label] = base if count == 0 else f"{base}#{count + 1}"
    ids[:] = [unique_ids[label] for label in labels.tolist()]
    return ids


def _same_form_table(
    forms: pd.DataFrame,
    labels: npt.NDArray[np.int64],
    form_of: npt.NDArray[np.int64],
    names: npt.NDArray[np.object_],
) -> pd.DataFrame:
    """List printed names that differ but normalise alike (with the same country)."""
    distinct = pd.DataFrame({"form": form_of, "name": names}).drop_duplicates()
    others = distinct[distinct["name"].to_numpy() != forms["printed"].to_numpy()[distinct["form"]]]
    if others.empty:
        return pd.DataFrame(columns=["label", *_RESOLUTION_COLUMNS[1:]])
    form = others["form"].to_numpy()
    country = forms["country_key"].to_numpy()[form]
    return pd.DataFrame(
        {
            "form_a": forms["printed"].to_numpy()[form],
            "form_b": others["name"].to_numpy(),
            "country_a": country,
            "country_b": country,
            "name_score": 1.0,
            "score": 1.0,
            "evidence": "same normalised name",
            "rule": "same normalised name",
            "label": labels[form],
        }
    )


def _empty_resolution() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype=object) for c in _RESOLUTION_COLUMNS}, columns=list(_RESOLUTION_COLUMNS)
    )


_RESOLUTION_COLUMNS = (
    "actor_id", "form_a", "form_b", "country_a", "country_b", "name_score", "score", "evidence",
    "rule",
)  # fmt: skip


def _resolution_table(
    forms: pd.DataFrame,
    labels: npt.NDArray[np.int64],
    first: np.ndarray,
    second: np.ndarray,
    name_score: np.ndarray,
    score: np.ndarray,
    described: list[str],
    must_first: np.ndarray,
    must_second: np.ndarray,
) -> pd.DataFrame:
    """Every accepted pair of forms that ended up in one actor, and every alias merge."""
    rows: list[dict[str, Any]] = []
    printed = forms["printed"].to_numpy()
    normal = forms["normal"].to_numpy()
    country = forms["country_key"].to_numpy()
    for a, b in zip(must_first, must_second, strict=True):
        if labels[a] != labels[b]:
            continue  # refused: the two forms signed one letter
        rows.append(
            {"a": a, "b": b, "name_score": np.nan, "score": 1.0, "evidence": "alias file",
             "rule": "alias: same"}
        )  # fmt: skip
    for a, b, s_name, s, words in zip(first, second, name_score, score, described, strict=True):
        if labels[a] != labels[b]:
            continue
        if normal[a] == normal[b]:
            rule = "same normalised name"
        elif s_name >= 0.99:
            rule = "same letters, different spacing or order"
        else:
            rule = "similar name" if words == "name only" else "similar name and attributes"
        rows.append(
            {"a": a, "b": b, "name_score": float(s_name), "score": float(s), "evidence": words,
             "rule": rule}
        )  # fmt: skip
    if not rows:
        return pd.DataFrame(columns=["label", *_RESOLUTION_COLUMNS[1:]])
    frame = pd.DataFrame(rows)
    return pd.DataFrame(
        {
            "form_a": printed[frame["a"]],
            "form_b": printed[frame["b"]],
            "country_a": country[frame["a"]],
            "country_b": country[frame["b"]],
            "name_score": frame["name_score"].to_numpy(),
            "score": frame["score"].to_numpy(),
            "evidence": frame["evidence"].to_numpy(),
            "rule": frame["rule"].to_numpy(),
            "label": labels[frame["a"].to_numpy()],
        }
    )
