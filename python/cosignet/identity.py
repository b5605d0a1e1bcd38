"""Identity resolution: one actor for one signer, however the letters print the name.

The steps, each in one function:

1. :func:`normalise_name` turns a printed name into a comparable form (Unicode NFKC, case
   folding, German transliteration then diacritics removed, honorifics and post-nominals,
   quoted nicknames, peerage territorial designations and punctuation dropped);
   :func:`_peer_parts` keeps a peer's designation apart and :func:`identifiers` reads
   handles, profile links and e-mails.
2. Signatures with the same kind, name, designation, country, organisation and identifiers
   form one *form*; a form remembers the letters it appears on.
3. Candidate pairs (:func:`_candidate_edges`): the core (``match.hpp``) blocks and compares
   names by rule (:func:`cosignet._core.compare_names`: same name, spelling variant, middle
   initial, initials, a name more, surname only, near miss ...); every pair of one
   normalised name, pairs sharing an identifier and the variants a form prints itself (a
   nickname, a copy that lost an accented letter) join them.
4. :func:`_evidence` raises each score with attributes: the same country (+0.05), the same
   organisation (+0.06), a shared title such as "Senator" (+0.03) or a shared peerage such
   as "Lord" (+0.10, +0.15 with a designation: it names one holder), never for a near miss;
   :func:`_penalty` deducts 0.3 for a generation suffix on one side only and 0.1 for an
   organisation that is a section of the other.
5. The core (``link_records``) clusters forms by decreasing score, refusing any merge that
   would put two signatures of one letter, two identifiers of one kind, two different
   countries the lexicon knows or two designations, two different names, or an
   alias-forbidden pair in one actor, and any ambiguous merge (a form that fits two people
   kept apart). Alias-forced pairs are merged first, then shared identifiers, except where a
   'different' alias forbids the merge (it wins over a 'same' row: A=B, B=C and A≠C keep A
   and C apart) or where it would join two signatures of one letter; each such row is named
   in a warning. Alias names match printed forms with or without their titles; a row that
   matches no one warns.

Each merge, and each near miss not merged with the reason, is listed in
:attr:`cosignet.Corpus.resolution` for review.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

import numpy as np
import numpy.typing as npt
import pandas as pd

from cosignet import _core, lexicon
from cosignet._aliases import apply_same, read_aliases, warn_unmatched
from cosignet.errors import InvalidInputError
from cosignet.signature_parser import _split_honorifics

__all__ = [
    "DEFAULT_THRESHOLD",
    "identifiers",
    "normalise_country",
    "normalise_name",
    "resolve_signatures",
]

#: Score at or above which two forms are the same actor, unless a constraint forbids it.
DEFAULT_THRESHOLD = 0.9
_COUNTRY_BONUS = 0.05
_ORGANISATION_BONUS = 0.06
_TITLE_BONUS = 0.03
_MAX_BONUS = _COUNTRY_BONUS + _ORGANISATION_BONUS + 0.15  # 0.15: a designated peerage
_MAX_BLOCK = 25  # names sharing a more common key are not compared on that key
_SAME_NAME_PAIRS = 32  # forms of one name are paired all with all up to this many
_CANDIDATE_FLOOR = 0.6  # near misses scoring less are not listed for review
_AMBIGUITY_MARGIN = 0.04  # a rival within this score of a pair makes it ambiguous
_VARIANT_SCORE = 0.95  # a nickname or a lost accented letter, like a spelling variant

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l",
     "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
)  # fmt: skip
_QUOTED = re.compile(r"[\"'‘’“”«»]([^\"'‘’“”«»]{1,30})[\"'‘’“”«»]")
_APOSTROPHES = re.compile(r"[\'’‘`´ʼ]")
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphen, zero widths
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


#: Titles that count as evidence; the titles of a group share a bit ("Sen." is "Senator").
_TITLE_GROUPS = (
    ("lord", "baron", "viscount", "earl", "marquess", "duke"),
    ("lady", "baroness", "viscountess", "countess", "marchioness", "duchess"),
    ("senator", "sen.", "sen", "senatrice", "senateur", "senadora", "senador"),
    ("representative", "rep.", "rep", "congressman", "congresswoman"),
    ("mep",), ("mp",), ("mdb",), ("msp",), ("mla",), ("bishop",), ("cardinal",),
    ("ambassador",), ("commissioner",),
)  # fmt: skip
_TITLE_BITS = {title: 1 << bit for bit, group in enumerate(_TITLE_GROUPS) for title in group}
_PEERAGE_MASK = 0b11  # a peer or a peeress: the title with the surname names one holder


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
    before, core = _person_split(text)
    peerage = {t.casefold() for t in before} & lexicon.PEERAGE_TITLES
    match = _PEERAGE.match(core)
    if drop_designation and peerage and match:
        core = match["name"]  # "Alton of Liverpool": the place is not the name
    return core.replace("(", " ").replace(")", " ")


def _person_split(text: str) -> tuple[list[str], str]:
    """Split a person's printed name into the titles before it and the name.

    Beyond the lexicon's titles: "the" before a title ("Professor the Lord"), an abbreviated
    title before the name ("Abg.", "Mag.", "On."), letters after a comma ("..., MA") and a
    code in capitals in parentheses at the end ("(R-OH)") go; so do quoted nicknames.
    """
    text = _QUOTED.sub(" ", text)
    text = _TRAILING_CODE.sub("", _drop_the(text))
    head, comma, tail = text.rpartition(",")
    if comma and tail.split() and all(_LETTERS_AFTER.fullmatch(w) for w in tail.split()):
        text = head
    before, core, _ = _split_honorifics(text)
    core = _ABBREVIATED_TITLE.sub("", core)
    return before, re.sub(r"^\(([^()]+)\)\s+", r"\1 ", core)  # "(David) Alton"


#: First words of the lexicon's titles: "the" before one of them is part of the title.
_TITLE_WORDS = frozenset(t.split()[0].casefold().rstrip(".") for t in lexicon.HONORIFICS_BEFORE) - {
    "the"
}
_ABBREVIATED_TITLE = re.compile(r"^(?:[A-Z][a-z]{1,4}\.\s*)+(?=[A-Z(])")
# Post-nominal letters after a comma: two capitals at least ("MA", "PhD"), not a generation.
_LETTERS_AFTER = re.compile(r"(?!(?:II|III|IV)\b)(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z.]{1,5}")
_TRAILING_CODE = re.compile(r"\s*\((?=[^()]*[A-Z])[A-Z][A-Z.\s-]{0,12}\)\s*$")


def _drop_the(text: str) -> str:
    """Drop "the" where a title follows ("The Lord Alton", "Professor the Lord Ashby")."""
    if "the" not in text.casefold():
        return text
    words = text.split()
    return " ".join(
        w
        for i, w in enumerate(words)
        if not (
            w.casefold() == "the"
            and i + 1 < len(words)
            and words[i + 1].casefold().rstrip(".") in _TITLE_WORDS
        )
    )


_MAY_NICKNAME = re.compile(r"[(\"'‘’“”«»]")
_NICKNAME = re.compile(
    r"^(?P<before>.*?\S)\s*(?:\((?P<paren>[^()\s]{2,20})\)"
    r"|[\"'‘’“”«»](?P<quoted>[^\"'‘’“”«»\s]{2,20})[\"'‘’“”«»])\s*(?P<after>\S.*)$"
)


def _nickname_forms(name: str) -> list[str]:
    """Return the normalised names that a nickname printed beside a given name stands for.

    "Elizabeth (Liz) Hartley" is also "Elizabeth Hartley" and "Liz Hartley"; "Yang 'Fred'
    Zili" is also "Yang Zili" and "Fred Yang Zili". A name in parentheses before the
    surname alone ("Lord (David) Alton") is a given name, not a nickname.
    """
    _, core, _ = _split_honorifics(_drop_the(" ".join(str(name).split())))
    match = _NICKNAME.match(core)
    if match is None:
        return []
    nickname = match["paren"] or match["quoted"]
    before, after = match["before"].split(), match["after"]
    variants = (
        [*before, after],
        [*before[:-1], nickname, after],
        [nickname, *before, after],
    )
    return list(dict.fromkeys(normalise_name(" ".join(v)) for v in variants))


def _comparable(text: str) -> str:
    """Fold case and diacritics, drop apostrophes, invisible characters, punctuation, spaces."""
    text = _APOSTROPHES.sub("", _INVISIBLE.sub("", _fold(text)))
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


#: Profile hosts and the platform they belong to (twitter.com and x.com are one).
_PROFILE_HOSTS = {
    "github.com": "github", "gitlab.com": "gitlab", "codeberg.org": "codeberg",
    "twitter.com": "x", "x.com": "x", "linkedin.com": "linkedin", "bsky.app": "bluesky",
    "instagram.com": "instagram", "facebook.com": "facebook", "threads.net": "threads",
    "youtube.com": "youtube", "tiktok.com": "tiktok", "medium.com": "medium",
    "t.me": "telegram", "keybase.io": "keybase", "orcid.org": "orcid",
}  # fmt: skip
#: Kinds of identifier the core compares: 0 a handle printed without its platform, 1 to 63
#: the platforms, 64 e-mail, from 65 the pages of one web host (see match.hpp Identifiers).
_PLATFORM_KINDS = {
    platform: code
    for code, platform in enumerate(
        dict.fromkeys(("handle", *_PROFILE_HOSTS.values(), "fediverse"))
    )
}
_EMAIL_KIND = 64
_FIRST_HOST_KIND = 65
#: First path segments of a platform that are pages, not people.
_NOT_PROFILES = frozenset(
    {"about", "explore", "features", "hashtag", "home", "i", "intent", "login", "marketplace",
     "orgs", "search", "settings", "share", "sponsors", "topics", "trending", "watch"}
)  # fmt: skip
_HANDLE = re.compile(r"[\w.-]{1,100}")
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+")


def _profile(host: str, segments: list[str]) -> tuple[str, str] | None:
    """(platform, handle) of a profile link, or None for any other page."""
    platform = _PROFILE_HOSTS.get(host)
    if platform is None:
        # A fediverse profile is "https://host/@name".
        if len(segments) == 1 and segments[0].startswith("@") and len(segments[0]) > 1:
            return "fediverse", f"{segments[0][1:]}@{host}"
        return None
    if platform == "linkedin":
        handle = segments[1] if len(segments) >= 2 and segments[0] == "in" else None
    elif platform == "bluesky":
        handle = segments[1] if len(segments) >= 2 and segments[0] == "profile" else None
    elif platform == "orcid":
        handle = segments[0] if len(segments) == 1 else None
    elif len(segments) == 1 and segments[0] not in _NOT_PROFILES:
        handle = segments[0]
    else:
        handle = None
    if handle is None:
        return None
    handle = handle.removeprefix("@")
    return (platform, handle) if _HANDLE.fullmatch(handle) else None


def _url_identifier(text: str) -> tuple[str, str] | None:
    """Read a profile link as (platform, handle), any other link as ("url", "host/path")."""
    address = text if "//" in text else "//" + text
    try:
        parts = urlsplit(address)
        host = (parts.hostname or "").casefold()
    except ValueError:
        return None
    for prefix in ("www.", "mobile.", "m."):
        host = host.removeprefix(prefix)
    if not host or "." not in host:
        return None
    segments = [s for s in unquote(parts.path).casefold().split("/") if s]
    profile = _profile(host, segments)
    if profile is not None:
        return profile
    return "url", "/".join([host, *segments])


def identifiers(
    handle: str | None = None, url: str | None = None, email: str | None = None
) -> tuple[tuple[str, str], ...]:
    """Return the identifiers of a signature as ``(kind, value)`` pairs, normalised.

    Handles and profile links name one account: ``@Name``, ``name`` and
    ``https://github.com/name`` are the handle ``name``, compared without case; a handle
    printed without its platform (kind ``"handle"``) is taken to be on the platform it is
    compared with. ``twitter.com`` and ``x.com`` are one platform (``"x"``); a link of the form
    ``https://host/@name`` is a fediverse handle ``name@host``. E-mail addresses compare
    without case. Any other link is ``("url", "host/path")``: scheme, ``www.``, query,
    fragment and a trailing slash dropped, without case. Text that is none of these (empty,
    or with spaces in a handle) gives nothing.

    :meth:`cosignet.Corpus.resolve` merges two signatures that share an identifier and keeps
    apart two that have different ones of one kind (two handles on one platform, two
    e-mails, two pages of one web host), whatever their names say.

    Parameters
    ----------
    handle, url, email : str, optional
        The Signature fields of the same names.

    Examples
    --------
    >>> from cosignet.identity import identifiers
    >>> identifiers(handle="@Thandi-M"), identifiers(url="https://github.com/thandi-m/")
    ((('handle', 'thandi-m'),), (('github', 'thandi-m'),))
    >>> identifiers(url="x.com/JaneRoe"), identifiers(url="https://twitter.com/janeroe?s=20")
    ((('x', 'janeroe'),), (('x', 'janeroe'),))
    >>> identifiers(handle="@jroe@mastodon.social", email="Jane.Roe@Example.ORG")
    (('fediverse', 'jroe@mastodon.social'), ('email', 'jane.roe@example.org'))
    >>> identifiers(url="https://www.people.example.edu/~dkim/")
    (('url', 'people.example.edu/~dkim'),)
    """
    found: list[tuple[str, str]] = []
    if not _missing(handle) and (text := unicodedata.normalize("NFKC", str(handle)).strip()):
        if "/" in text or text.casefold().startswith("www."):
            if (link := _url_identifier(text)) is not None:
                found.append(link)
        else:
            name = text.removeprefix("@").casefold()
            local, _, host = name.partition("@")
            if host and _HANDLE.fullmatch(local) and "." in host:
                found.append(("fediverse", name))
            elif not host and _HANDLE.fullmatch(name):
                found.append(("handle", name))
    text = "" if _missing(url) else unicodedata.normalize("NFKC", str(url)).strip()
    if text and (link := _url_identifier(text)) is not None:
        found.append(link)
    if not _missing(email) and (text := unicodedata.normalize("NFKC", str(email)).strip()):
        address = text.removeprefix("mailto:").strip("<> ").casefold()
        if _EMAIL.fullmatch(address):
            found.append(("email", address))
    return tuple(dict.fromkeys(found))


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
        for code, (name, kind, *_) in enumerate(pair_uniques)
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


def _peer_parts(name: str, peer: bool) -> tuple[str, str, str, int]:
    """Return a person's comparable name, designation, printed name and titles in the name.

    The designation is a peer's territorial one ("" if none); the printed name is the part the
    comparable name comes from, without titles; the titles are the bits of those printed in
    the name.

    "Penrose of Tynemouth" is the surname "penrose" and the designation "tynemouth" when the
    signature carries a peerage title (printed before the name, or in the honorifics:
    `peer`), and also without one when the name is one or two capitalised words, "of" and a
    capitalised place: a person's name of that shape is a peer's.
    """
    before, core = _person_split(" ".join(str(name).split()))
    core = " ".join(core.replace("(", " ").replace(")", " ").split())
    in_name = _title_mask(tuple(before))
    match = _DESIGNATED.match(core)
    if match is not None and (peer or in_name & _PEERAGE_MASK or _UNTITLED_PEER.match(core)):
        return _comparable(match["name"]), _comparable(match["place"]), match["name"], in_name
    return _comparable(core), "", core, in_name


@functools.lru_cache(maxsize=65536)
def _comparable_token(token: str) -> str:
    return _comparable(token)


def _lost_letter_forms(printed: str) -> list[str]:
    """Return the normalised names left when a copy loses one accented letter.

    Text copied from a PDF may drop a letter it cannot encode: "Dovilė Šakalienė" arrives
    as "Dovile akaliene", "Ciarán" as "Ciarn".
    """
    tokens = printed.split()
    folded = [_comparable_token(t) for t in tokens]
    forms = []
    for i, token in enumerate(tokens):
        if token.isascii():
            continue
        for j, letter in enumerate(token):
            if ord(letter) > 127 and letter.isalpha():
                variant = [
                    *folded[:i],
                    _comparable_token(token[:j] + token[j + 1 :]),
                    *folded[i + 1 :],
                ]
                forms.append(" ".join(" ".join(variant).split()))
    return list(dict.fromkeys(forms))


# "of" and the place, or "of" glued to a capitalised place as PDF text prints it ("ofTynemouth").
_OF = r"\s+(?:of|Of|OF)(?:\s+|(?=[A-Z][a-z]))"
_DESIGNATED = re.compile(rf"^(?P<name>.+?){_OF}(?P<place>\S.*)$")
_UNTITLED_PEER = re.compile(rf"^[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?{_OF}(?:[Tt]he\s+)?[A-Z]")


def _evidence(
    forms: pd.DataFrame, first: np.ndarray, second: np.ndarray
) -> tuple[npt.NDArray[np.float64], list[str]]:
    """Score bonus of each candidate pair, and what it rests on in words.

    The same country +0.05, the same organisation +0.06 (an organisation is the stronger
    clue), a shared title +0.03; a shared peerage ("Lord", "Baroness") +0.10 instead, +0.15
    when one side prints the territorial designation ("Lord Alton of Liverpool" names one
    holder).
    """
    country, _ = pd.factorize(forms["country_key"], use_na_sentinel=True)
    organisation, _ = pd.factorize(forms["organisation_key"], use_na_sentinel=True)
    titles = forms["title_mask"].to_numpy(dtype=np.int64)
    designated = forms["designation"].to_numpy(dtype=object) != ""
    same_country = (country[first] >= 0) & (country[first] == country[second])
    same_org = (organisation[first] >= 0) & (organisation[first] == organisation[second])
    same_title = (titles[first] & titles[second]) != 0
    peerage = (titles[first] & titles[second] & _PEERAGE_MASK) != 0
    peerage_bonus = np.where(designated[first] | designated[second], 0.15, 0.10)
    bonus = (
        _COUNTRY_BONUS * same_country
        + _ORGANISATION_BONUS * same_org
        + np.where(peerage, peerage_bonus, _TITLE_BONUS * same_title)
    )
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
    return bonus.astype(np.float64), [wording[c] for c in code.tolist()]


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


# Rules of match.hpp (NameRule), as the resolution table names them.
_DIFFERENT, _SAME, _NEAR_MISS = 0, 1, 11
_RULE_WORDS = (
    "different name",
    "same normalised name",
    "same letters, different spacing or order",
    "spelling variant",
    "middle initial",
    "romanised given name added",
    "initial for a name",
    "one letter changed",
    "one name more",
    "surname only",
    "different given names",
    "near miss: one name differs",
    "nickname",  # not rules of match.hpp: found by _nickname_forms and _lost_letter_forms
    "accented letter lost in a copy",
)
_NICKNAME_RULE, _LOST_LETTER_RULE = 12, 13
#: What a name rule needs beyond the name to merge, said when it did not.
_NEEDS = {
    6: "an initial needs the same country and organisation, or a shared handle",
    7: "a changed letter needs the same country and organisation, or a shared handle",
    8: "a name more needs the same organisation, or a shared handle",
    9: "a surname alone needs a shared peerage, or a shared handle",
    10: "different given names need a shared handle or an alias",
    11: "a different name, not a typing or transliteration variant: only a shared handle or "
    "an alias merges it",
}
# Why the core refused a pair (LinkStatus of match.hpp).
_MERGED, _TOGETHER, _SAME_GROUP, _FORBIDDEN, _IDENTIFIERS, _INCOHERENT, _AMBIGUOUS = range(7)
_COUNTRY_COLUMN, _DESIGNATION_COLUMN = 10, 11
# What a pair is trusted with (LinkTrust of match.hpp).
_TRUST_NAMES, _TRUST_AMBIGUITY, _FIRST_COVERS, _SECOND_COVERS = 1, 2, 8, 16
_TRUST_IDENTIFIER = 1 | 2 | 4


def _name_parts(name: str, kind: str, peer: bool) -> tuple[str, str, int, list[tuple[str, int]]]:
    """Return a printed name's comparable form, designation, title bits and variants.

    `peer` says whether the signature's honorifics hold a peerage title. The variants are the
    other names the printed form stands for, with their rule (a nickname beside the given
    name, the name left when a copy loses an accented letter).
    """
    variants: list[tuple[str, int]] = []
    if kind == "person":
        normal, designation, printed, in_name = _peer_parts(name, peer)
        if _MAY_NICKNAME.search(name):
            variants += [(v, _NICKNAME_RULE) for v in _nickname_forms(name)]
        if not printed.isascii():
            variants += [(v, _LOST_LETTER_RULE) for v in _lost_letter_forms(printed)]
    else:
        normal, designation = normalise_name(name, kind), ""
        in_name = _title_mask(tuple(_split_honorifics(name)[0]))
    # A designation names a peer even without the title ("Penrose of Tynemouth").
    peer_bits = _PEERAGE_MASK if designation and not in_name & _PEERAGE_MASK else 0
    return normal or _fold(name).strip(), designation, in_name | peer_bits, variants


def _group_codes(
    columns: list[npt.NDArray[Any]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the number of each row's distinct values, and each number's first row.

    Rows are numbered in order of first appearance. Missing values (None, NaN) are
    one value of their own.
    """
    n = len(columns[0])
    key = np.zeros(n, dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        key = key * (len(uniques) + 1) + (codes.astype(np.int64) + 1)
        key = pd.factorize(key)[0].astype(np.int64)  # small again: no overflow
    first = np.full(int(key.max()) + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, key, np.arange(n, dtype=np.int64))
    return key, first


def _row_identifiers(
    signatures: pd.DataFrame,
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    """Return the identifiers of each signature and their key as text ("" for none).

    Computed once per distinct (handle, url, email).
    """
    n = len(signatures)
    columns = [
        signatures[c].to_numpy(dtype=object) if c in signatures else _object_array([None] * n)
        for c in ("handle", "url", "email")
    ]
    if all(pd.isna(column).all() for column in columns):
        return _object_array([()] * n), _object_array([""] * n)
    codes, uniques = pd.factorize(pd.MultiIndex.from_arrays(columns))
    found = [identifiers(*[None if _missing(v) else v for v in triple]) for triple in uniques]
    keys = ["\n".join(f"{k}:{v}" for k, v in ids) for ids in found]
    return _object_array(found)[codes], _object_array(keys)[codes]


def _identifier_codes(
    form_ids: list[tuple[tuple[str, str], ...]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the identifiers the core checks for conflicts, as CSR (indptr, kind, value).

    Social handles are compared by name whatever their kind (a platform-less handle meets a
    platform's); links count only when they are a page below the root of a host that is not
    a platform (two personal pages of one university are two people; a repository is not).
    """
    values: dict[str, int] = {}
    hosts: dict[str, int] = {}
    indptr = [0]
    kinds: list[int] = []
    codes: list[int] = []
    for ids in form_ids:
        for kind, value in ids:
            if kind == "url":
                host, _, path = value.partition("/")
                if not path or host in _PROFILE_HOSTS:
                    continue
                code = _FIRST_HOST_KIND + hosts.setdefault(host, len(hosts))
            else:
                code = _EMAIL_KIND if kind == "email" else _PLATFORM_KINDS[kind]
            kinds.append(code)
            codes.append(values.setdefault(value, len(values)))
        indptr.append(len(kinds))
    return (
        np.asarray(indptr, dtype=np.int64),
        np.asarray(kinds, dtype=np.int64),
        np.asarray(codes, dtype=np.int64),
    )


def _shared_identifier_pairs(
    form_ids: list[tuple[tuple[str, str], ...]], kinds: npt.NDArray[np.object_]
) -> dict[tuple[int, int], str]:
    """Pairs of forms of one kind that share an identifier, with the identifier in words."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for form, ids in enumerate(form_ids):
        for kind, value in ids:
            groups.setdefault((str(kinds[form]), kind, value), []).append(form)
    pairs: dict[tuple[int, int], str] = {}

    def link(members: list[int], words: str) -> None:
        for a, b in itertools.pairwise(sorted(set(members))):
            pairs.setdefault((a, b), words)

    for (actor_kind, kind, value), members in groups.items():
        if kind == "email":
            link(members, f"same e-mail {value}")
        elif kind == "url":
            link(members, f"same link {value}")
        else:
            link(members, f"same handle @{value}")
            if kind != "handle":
                # A handle printed without its platform is this platform's handle.
                bare = groups.get((actor_kind, "handle", value), [])
                for other in bare[:1]:
                    for form in members:
                        key = (min(form, other), max(form, other))
                        pairs.setdefault(key, f"same handle @{value}")
    pairs.pop((-1, -1), None)
    return {key: words for key, words in pairs.items() if key[0] != key[1]}


def _same_name_pairs(keys: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], ...]:
    """Pairs of forms with one key (the same normalised name), blocked or not.

    Every pair of a group of up to 32 forms; in larger groups each form with the 31 after it,
    so the pairs stay linear in the number of forms.
    """
    order = np.argsort(keys, kind="stable")
    ranked = keys[order]
    first: list[npt.NDArray[np.int64]] = []
    second: list[npt.NDArray[np.int64]] = []
    for offset in range(1, _SAME_NAME_PAIRS):
        same = ranked[:-offset] == ranked[offset:]
        if not same.any():
            break
        first.append(order[:-offset][same])
        second.append(order[offset:][same])
    if not first:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    a, b = np.concatenate(first), np.concatenate(second)
    return np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)


def resolve_signatures(
    signatures: pd.DataFrame, threshold: float = DEFAULT_THRESHOLD, aliases: Any = None
) -> tuple[npt.NDArray[np.object_], pd.DataFrame]:
    """Assign an actor to every signature; return (actor ids, resolution table).

    `signatures` needs the columns letter_id, name, kind, country, organisation and
    honorifics (the :attr:`cosignet.Corpus.signatures` table); handle, url and email are
    used when present. See :meth:`Corpus.resolve`.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        raise InvalidInputError(f"threshold must be a number, got {threshold!r}")
    if not 0 < threshold <= 1:
        raise InvalidInputError(f"threshold must be in (0, 1], got {threshold!r}")
    rules = read_aliases(aliases)
    n = len(signatures)
    if n == 0:
        warn_unmatched(
            rules,
            {
                "same": [[a, b] for a, b in rules.same],
                "different": [[a, b] for a, b in rules.different],
            },
        )
        return np.empty(0, dtype=object), _empty_resolution()

    kinds = signatures["kind"].fillna("person").to_numpy(dtype=object)
    names = signatures["name"].fillna("").to_numpy(dtype=object)
    honorific_codes, honorific_uniques = pd.factorize(
        signatures["honorifics"].map(lambda h: () if _missing(h) else tuple(h))
    )
    honorific_masks = np.array([_title_mask(h) for h in honorific_uniques], dtype=np.int64)
    row_titles = honorific_masks[honorific_codes]
    # Each distinct (name, kind, peerage title printed apart) is normalised once.
    peer_apart = (row_titles & _PEERAGE_MASK) != 0
    name_codes, name_first = _group_codes([names, kinds, peer_apart])
    name_uniques = list(
        zip(
            names[name_first].tolist(),
            kinds[name_first].tolist(),
            peer_apart[name_first].tolist(),
            strict=True,
        )
    )
    parts = [_name_parts(str(name), kind, bool(peer)) for name, kind, peer in name_uniques]
    normal = _object_array([p[0] for p in parts])[name_codes]
    variant_forms = _object_array([p[3] for p in parts])[name_codes]
    designation = _object_array([p[1] for p in parts])[name_codes]
    name_titles = np.array([p[2] for p in parts], dtype=np.int64)[name_codes]
    # A printed name that an alias keeps apart must stay a form of its own.
    apart = {_tag(name) for pair in rules.different for name in pair}
    tags = _object_array(
        [_tag(name) if apart and _tag(name) in apart else "" for name, _, _ in name_uniques]
    )[name_codes]
    country_key = _map_unique(signatures["country"], normalise_country)
    org_key = _map_unique(
        signatures["organisation"],
        lambda o: None if _missing(o) else normalise_name(o, "organisation") or None,
    )
    row_ids, ids_key = _row_identifiers(signatures)

    # Forms: same kind, name, designation, country, organisation and identifiers.
    base_key, _ = _group_codes([kinds, normal, designation, country_key, org_key, tags, ids_key])
    # Two signatures of one letter are two signers even with one name: the second "David
    # Lee" of a letter is a form of its own. Not so with one handle or e-mail: that is one
    # signer printed twice.
    letter_codes, letter_uniques = pd.factorize(signatures["letter_id"])
    occurrence = (
        pd.DataFrame({"letter": letter_codes, "key": base_key})
        .groupby(["letter", "key"], sort=False)
        .cumcount()
        .to_numpy(copy=True)
    )
    occurrence[ids_key != ""] = 0
    form_of, first_row = _group_codes([base_key, occurrence])
    n_forms = len(first_row)
    forms = pd.DataFrame(
        {
            "kind": kinds[first_row],
            "normal": normal[first_row],
            "designation": designation[first_row],
            "country_key": country_key[first_row],
            "organisation_key": org_key[first_row],
            "printed": names[first_row],
        }
    )
    forms["display"] = [
        f"{n_} of {d}" if d else n_
        for n_, d in zip(forms["normal"], forms["designation"], strict=True)
    ]
    title_mask = np.zeros(n_forms, dtype=np.int64)
    np.bitwise_or.at(title_mask, form_of, row_titles | name_titles)
    forms["title_mask"] = title_mask
    forms["variants"] = variant_forms[first_row]
    form_ids = [tuple(ids) for ids in row_ids[first_row]]

    # Letters of each form (CSR, sorted), for the one-letter-one-actor constraint.
    pairs = np.unique(np.column_stack([form_of, letter_codes.astype(np.int64)]), axis=0)
    groups_indptr = np.zeros(n_forms + 1, dtype=np.int64)
    np.add.at(groups_indptr, pairs[:, 0] + 1, 1)
    groups_indptr = np.cumsum(groups_indptr).astype(np.int64)
    groups_indices = np.ascontiguousarray(pairs[:, 1], dtype=np.int64)

    edges = _candidate_edges(forms, form_ids, threshold)
    strong = edges["strong"].to_numpy()
    eligible = strong | (edges["score"].to_numpy() >= threshold - 1e-9)
    linked = edges[eligible].reset_index(drop=True)

    lookup: dict[str, list[int]] = {}
    cannot_first = cannot_second = must_first = must_second = np.empty(0, dtype=np.int64)
    if rules.same or rules.different:
        for form, name in enumerate(forms["normal"]):
            lookup.setdefault(name, []).append(form)
        for key, form in _titled_keys(signatures, names, name_codes, name_uniques, form_of):
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
        warn_unmatched(rules, {"same": unmatched_same, "different": unmatched_different}, one_form)
        must_first, must_second = apply_same(
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
    designation_codes, _ = pd.factorize(
        forms["designation"].where(forms["designation"] != ""), use_na_sentinel=True
    )
    categories = np.ascontiguousarray(
        np.column_stack([country_codes, designation_codes]).astype(np.int64)
    )
    id_indptr, id_kind, id_value = _identifier_codes(form_ids)
    labels, status, other = _core.link_records(
        n_forms,
        np.ascontiguousarray(linked["first"].to_numpy(dtype=np.int64)),
        np.ascontiguousarray(linked["second"].to_numpy(dtype=np.int64)),
        np.ascontiguousarray(linked["score"].to_numpy(dtype=np.float64)),
        np.ascontiguousarray(linked["name_score"].to_numpy(dtype=np.float64)),
        np.ascontiguousarray(linked["trust"].to_numpy(dtype=np.uint8)),
        groups_indptr,
        groups_indices,
        int(letter_codes.max()) + 1 if n else 0,
        categories,
        id_indptr,
        id_kind,
        id_value,
        must_first,
        must_second,
        cannot_first,
        cannot_second,
        forms["normal"].tolist(),  # a designation conflicts through its category
        _AMBIGUITY_MARGIN,
    )
    linked["status"] = status
    linked["other"] = other
    below = edges[~eligible & edges["rule"].isin(list(_NEEDS)).to_numpy()]
    below = below[below["score"].to_numpy() >= _CANDIDATE_FLOOR]

    actor_of_form = _actor_ids(forms, labels, form_of)
    tables = [
        _same_form_table(forms, labels, form_of, names),
        _alias_table(forms, labels, must_first, must_second),
        _merge_table(forms, labels, linked, must_first, must_second),
        _candidate_table(forms, form_ids, labels, linked, below, threshold),
    ]
    tables = [t for t in tables if len(t)]
    if not tables:
        return actor_of_form[form_of], _empty_resolution()
    resolution = pd.concat(tables, ignore_index=True)
    by_label = dict(zip(labels.tolist(), actor_of_form.tolist(), strict=True))
    resolution.insert(0, "actor_id", resolution.pop("label").map(by_label))
    resolution["actor_id_b"] = resolution.pop("label_b").map(by_label)
    return actor_of_form[form_of], resolution[list(_RESOLUTION_COLUMNS)]


def _variant_pairs(forms: pd.DataFrame) -> pd.DataFrame:
    """Pairs of forms where one prints a variant of the other's name, with the rule.

    A nickname beside the given name links the forms with either name; a name whose copy lost
    an accented letter links the complete form (see _nickname_forms, _lost_letter_forms).
    """
    all_variants = forms["variants"].to_numpy(dtype=object)
    sources = [form for form, variants in enumerate(all_variants.tolist()) if variants]
    wanted = {name for form in sources for name, _ in all_variants[form]}
    kinds, normals = forms["kind"].to_numpy(dtype=object), forms["normal"].to_numpy(dtype=object)
    by_name: dict[tuple[str, str], list[int]] = {}
    for form, (kind, name) in enumerate(zip(kinds.tolist(), normals.tolist(), strict=True)):
        if name in wanted:
            by_name.setdefault((kind, name), []).append(form)
    pairs: dict[tuple[int, int], tuple[int, int]] = {}
    for form in sources:
        kind, variants = kinds[form], all_variants[form]
        for name, rule in variants:
            for other in by_name.get((kind, name), []):
                if other != form:
                    # The printed form covers the other: its name holds both.
                    cover = _FIRST_COVERS if form < other else _SECOND_COVERS
                    pairs.setdefault((min(form, other), max(form, other)), (rule, cover))
    return pd.DataFrame(
        {
            "first": np.array([a for a, _ in pairs], dtype=np.int64),
            "second": np.array([b for _, b in pairs], dtype=np.int64),
            "rule": np.array([r for r, _ in pairs.values()], dtype=np.int64),
            "cover": np.array([c for _, c in pairs.values()], dtype=np.int64),
        }
    )


def _candidate_edges(
    forms: pd.DataFrame, form_ids: list[tuple[tuple[str, str], ...]], threshold: float
) -> pd.DataFrame:
    """Every pair of forms worth a decision: similar names, the same name, a shared identifier.

    Columns first, second (first < second), name_score, rule, score (after evidence),
    strong (a shared identifier), evidence (in words).
    """
    n_forms = len(forms)
    kinds = forms["kind"].to_numpy(dtype=object)
    first, second, name_score, rule = _core.match_names(
        forms["normal"].tolist(), min(threshold - _MAX_BONUS, _CANDIDATE_FLOOR), _MAX_BLOCK
    )
    # The same normalised name is always a candidate, however common (blocking skips
    # common keys): resolve() never splits what exact names join without a reason.
    name_keys, _ = _group_codes([kinds, forms["normal"].to_numpy(dtype=object)])
    same_first, same_second = _same_name_pairs(name_keys)
    variant = _variant_pairs(forms)
    variant_keys = variant["first"].to_numpy() * n_forms + variant["second"].to_numpy()
    shared = _shared_identifier_pairs(form_ids, kinds)
    forced_first = np.array([a for a, _ in shared], dtype=np.int64)
    forced_second = np.array([b for _, b in shared], dtype=np.int64)
    all_first = np.concatenate([first, same_first, variant["first"].to_numpy(), forced_first])
    all_second = np.concatenate([second, same_second, variant["second"].to_numpy(), forced_second])
    keys, position = np.unique(all_first * n_forms + all_second, return_index=True)
    a, b = all_first[position], all_second[position]
    # Scores of the pairs match_names did not return (the same name, or a shared identifier).
    found = pd.Series(np.arange(len(first)), index=first * n_forms + second)
    at = found.reindex(keys).to_numpy()
    missing = np.isnan(at)
    names = forms["normal"].to_numpy(dtype=object)
    extra_score, extra_rule = _core.compare_names(
        names[a[missing]].tolist(), names[b[missing]].tolist()
    )
    scores = np.empty(len(keys), dtype=np.float64)
    rules = np.empty(len(keys), dtype=np.int64)
    scores[~missing] = name_score[at[~missing].astype(np.int64)]
    rules[~missing] = rule[at[~missing].astype(np.int64)]
    scores[missing] = extra_score
    rules[missing] = extra_rule
    # A nickname or a lost accented letter makes the names variants of one another.
    variant_rule = pd.Series(variant["rule"].to_numpy(), index=variant_keys).reindex(keys)
    cover = pd.Series(variant["cover"].to_numpy(), index=variant_keys).reindex(keys)
    varied = variant_rule.notna().to_numpy() & (scores < _VARIANT_SCORE)
    scores[varied] = _VARIANT_SCORE
    rules[varied] = variant_rule.to_numpy()[varied].astype(np.int64)
    # Their names differ by what the variant explains: not a conflict; and the printed form
    # says which names it stands for (a nickname form is a hub between its two names by
    # design), so there is no ambiguity.
    trust = np.where(varied, _TRUST_NAMES | cover.fillna(0).to_numpy().astype(np.int64), 0)
    trust[varied] |= _TRUST_AMBIGUITY
    shared_words = {a_ * n_forms + b_: words for (a_, b_), words in shared.items()}
    strong = np.isin(keys, np.fromiter(shared_words, dtype=np.int64, count=len(shared_words)))
    same_kind = kinds[a] == kinds[b]
    a, b, scores, rules, strong, keys, trust = (
        x[same_kind] for x in (a, b, scores, rules, strong, keys, trust)
    )
    bonus, described = _evidence(forms, a, b)
    # One name and one organisation are one person even where the countries differ (a
    # nationality and a country of residence): such a pair merges like a shared identifier.
    org = forms["organisation_key"].to_numpy(dtype=object)
    place = forms["designation"].to_numpy(dtype=object)
    strong |= (rules == _SAME) & pd.notna(org[a]) & (org[a] == org[b]) & (place[a] == place[b])
    # Evidence cannot make a different name the same person; only an identifier can.
    named = (rules != _DIFFERENT) & (rules != _NEAR_MISS)
    score = np.where(named, scores + bonus, scores) - _penalty(forms, a, b, scores)
    evidence = [
        words
        if k not in shared_words
        else "; ".join(w for w in (shared_words[k], words) if w != "name only")
        for words, k in zip(described, keys.tolist(), strict=True)
    ]
    return pd.DataFrame(
        {
            "first": a,
            "second": b,
            "name_score": scores,
            "rule": rules,
            "score": np.minimum(score, 1.0),
            "strong": strong,
            "trust": np.where(strong, _TRUST_IDENTIFIER, trust).astype(np.uint8),
            "evidence": evidence,
        }
    )


def _actor_ids(
    forms: pd.DataFrame, labels: npt.NDArray[np.int64], form_of: npt.NDArray[np.int64]
) -> npt.NDArray[np.object_]:
    """Name each cluster by its kind and most used normalised name, made unique."""
    counts = np.bincount(form_of, minlength=len(forms))
    order = np.lexsort((np.arange(len(forms)), -counts, labels))
    kinds, normals = forms["kind"].to_numpy(), forms["display"].to_numpy()
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


def _rows(
    forms: pd.DataFrame,
    labels: npt.NDArray[np.int64],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    **columns: Any,
) -> pd.DataFrame:
    """Resolution rows of the form pairs (a, b), with the other columns given."""
    printed = forms["printed"].to_numpy(dtype=object)
    country = forms["country_key"].to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "decision": columns.pop("decision"),
            "form_a": printed[a],
            "form_b": printed[b],
            "country_a": country[a],
            "country_b": country[b],
            **columns,
            "label": labels[a],
            "label_b": labels[b],
        }
    )


def _same_form_table(
    forms: pd.DataFrame,
    labels: npt.NDArray[np.int64],
    form_of: npt.NDArray[np.int64],
    names: npt.NDArray[np.object_],
) -> pd.DataFrame:
    """List printed names that differ but normalise alike (with the same country)."""
    distinct = pd.DataFrame({"form": form_of, "name": names}).drop_duplicates()
    others = distinct[distinct["name"].to_numpy() != forms["printed"].to_numpy()[distinct["form"]]]
    form = others["form"].to_numpy()
    table = _rows(
        forms, labels, form, form, decision="merged", name_score=1.0, score=1.0,
        evidence="same normalised name", rule="same normalised name", reason=None,
    )  # fmt: skip
    table["form_b"] = others["name"].to_numpy()
    return table


def _alias_table(
    forms: pd.DataFrame,
    labels: npt.NDArray[np.int64],
    must_first: npt.NDArray[np.int64],
    must_second: npt.NDArray[np.int64],
) -> pd.DataFrame:
    """List the alias merges made (a pair refused because it shares a letter is not)."""
    done = labels[must_first] == labels[must_second]
    return _rows(
        forms, labels, must_first[done], must_second[done], decision="merged",
        name_score=np.nan, score=1.0, evidence="alias file", rule="alias: same", reason=None,
    )  # fmt: skip


def _rule_words(edges: pd.DataFrame) -> list[str]:
    return [_RULE_WORDS[r] for r in edges["rule"].to_numpy(dtype=np.int64).tolist()]


def _merge_table(
    forms: pd.DataFrame,
    labels: npt.NDArray[np.int64],
    linked: pd.DataFrame,
    must_first: npt.NDArray[np.int64],
    must_second: npt.NDArray[np.int64],
) -> pd.DataFrame:
    """List every merge-worthy pair of forms that ended up in one actor (not alias pairs)."""
    a = linked["first"].to_numpy(dtype=np.int64)
    b = linked["second"].to_numpy(dtype=np.int64)
    n = len(forms)
    aliased = np.isin(
        a * n + b, np.minimum(must_first, must_second) * n + np.maximum(must_first, must_second)
    )
    together = (labels[a] == labels[b]) & ~aliased
    edges = linked[together]
    return _rows(
        forms, labels, a[together], b[together], decision="merged",
        name_score=edges["name_score"].to_numpy(), score=edges["score"].to_numpy(),
        evidence=edges["evidence"].to_numpy(), rule=_rule_words(edges), reason=None,
    )  # fmt: skip


def _describe(forms: dict[str, Any], form_ids: list[Any], form: int) -> str:
    """Show a form as a reviewer reads it: 'David Kim' (@dkim-rs; uc berkeley; usa)."""
    details = [
        *(f"@{v}" if k not in ("email", "url") else v for k, v in form_ids[form]),
        forms["organisation_key"][form],
        forms["country_key"][form],
    ]
    shown = "; ".join(str(d) for d in details if not _missing(d) and d)
    printed = str(forms["printed"][form])
    return f"{printed!r} ({shown})" if shown else repr(printed)


#: Refusals of the core that leave a pair to review (not: one letter, an alias "different").
_REVIEWED = (_IDENTIFIERS, _INCOHERENT, _AMBIGUOUS, _COUNTRY_COLUMN, _DESIGNATION_COLUMN)


def _refusal(
    forms: dict[str, Any], form_ids: list[Any], status: int, a: int, b: int, other: int
) -> str:
    """Say why the core refused a pair."""
    if status == _IDENTIFIERS:
        return (
            f"different handles, e-mails or links: {_describe(forms, form_ids, a)} and "
            f"{_describe(forms, form_ids, b)}"
        )
    if status == _COUNTRY_COLUMN:
        return f"different countries: {forms['country_key'][a]} and {forms['country_key'][b]}"
    if status == _DESIGNATION_COLUMN:
        return f"different peerages: of {forms['designation'][a]} and of {forms['designation'][b]}"
    if status == _INCOHERENT:
        return f"would join {_describe(forms, form_ids, other)}, a different name"
    return f"ambiguous: {_describe(forms, form_ids, other)} fits as well, and is another actor"


def _candidate_table(
    forms: pd.DataFrame,
    form_ids: list[Any],
    labels: npt.NDArray[np.int64],
    linked: pd.DataFrame,
    below: pd.DataFrame,
    threshold: float,
) -> pd.DataFrame:
    """List near misses not merged, one row per pair of actors (the best scored), best first."""
    refused = linked[
        (labels[linked["first"].to_numpy()] != labels[linked["second"].to_numpy()])
        & linked["status"].isin(_REVIEWED).to_numpy()
    ]
    below = below[labels[below["first"].to_numpy()] != labels[below["second"].to_numpy()]]
    candidates = pd.concat([refused, below.assign(status=-1, other=-1)], ignore_index=True)
    if candidates.empty:
        return candidates
    la = labels[candidates["first"].to_numpy()]
    lb = labels[candidates["second"].to_numpy()]
    candidates["pair"] = np.minimum(la, lb) * (int(labels.max()) + 1) + np.maximum(la, lb)
    candidates = candidates.sort_values(
        ["score", "name_score", "first", "second"],
        ascending=[False, False, True, True],
        kind="stable",
    ).drop_duplicates("pair")
    columns = {
        c: forms[c].to_numpy(dtype=object)
        for c in ("printed", "organisation_key", "country_key", "designation")
    }
    reasons = [
        f"score {score:.2f} below the threshold {threshold:g}: {_NEEDS[rule]}"
        if status < 0
        else _refusal(columns, form_ids, status, a, b, other)
        for score, rule, status, a, b, other in zip(
            candidates["score"].tolist(),
            candidates["rule"].tolist(),
            candidates["status"].tolist(),
            candidates["first"].tolist(),
            candidates["second"].tolist(),
            candidates["other"].tolist(),
            strict=True,
        )
    ]
    return _rows(
        forms, labels, candidates["first"].to_numpy(dtype=np.int64),
        candidates["second"].to_numpy(dtype=np.int64), decision="candidate",
        name_score=candidates["name_score"].to_numpy(), score=candidates["score"].to_numpy(),
        evidence=candidates["evidence"].to_numpy(), rule=_rule_words(candidates),
        reason=reasons,
    )  # fmt: skip


def _empty_resolution() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype=object) for c in _RESOLUTION_COLUMNS}, columns=list(_RESOLUTION_COLUMNS)
    )


_RESOLUTION_COLUMNS = (
    "actor_id", "decision", "form_a", "form_b", "country_a", "country_b", "name_score",
    "score", "evidence", "rule", "reason", "actor_id_b",
)  # fmt: skip
