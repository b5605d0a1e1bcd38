"""Reading one printed signature line into a :class:`~cosignet.records.Signature`.

A line is split into comma segments and trailing parentheses. The first segment is the name
with its honorifics; every other segment is classified as a country, an office (position),
an organisation, post-nominal letters or a free descriptor, using the word lists in
:mod:`cosignet.lexicon`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from cosignet import lexicon
from cosignet.records import Signature

__all__ = ["clean_line", "looks_like_person", "parse_signature", "split_people"]

_SMALL_WORDS = frozenset(
    {
        "of",
        "for",
        "the",
        "and",
        "in",
        "on",
        "at",
        "with",
        "a",
        "an",
        "to",
        "de",
        "du",
        "des",
        "la",
        "le",
        "el",
        "y",
        "e",
        "&",
        "against",
        "from",
        "by",
        "per",
        "pour",
        "und",
        "für",
    }
)
_STRONG_ORGANISATION = re.compile(
    r"\b(association|committee|congress|council|foundation|institute|network|alliance|"
    r"coalition|campaign|society|federation|league|movement|forum|organi[sz]ation|ministry|"
    r"department|parliament|university|watch|initiative|project|centre|center|stichting|"
    r"verein|verband|fondation|fundaci[oó]n|fundacja|associazione|asociaci[oó]n|comit[eé]|"
    r"comitato|federaci[oó]n|ligue|liga|gesellschaft|instituut|institut|centrum|ong|"
    r"union|party|group|commission|agency|inc|ltd|llc|gmbh|human rights|democracy|rights|"
    r"amnesty|ngo|collective|diaspora|students|uyghurs|tibetans|hongkongers|aid|"
    r"solidarity|freedom|platform|defenders|academy|caucus|secretariat)\b",
    re.IGNORECASE,
)
_FIELD_WORDS = re.compile(
    r"\b(law|laws|history|politics|economics|sociology|philosophy|anthropology|linguistics|"
    r"studies|science|sciences|relations|medicine|engineering|mathematics|literature)\b",
    re.IGNORECASE,
)
_GOVERNMENT_ROLES = frozenset(
    {
        "minister",
        "secretary",
        "commissioner",
        "head",
        "chancellor",
        "governor",
        "mayor",
        "ambassador",
        "envoy",
        "rapporteur",
        "deputy",
    }
)
_PARTY_WORDS = re.compile(
    r"(\b(party|group|caucus|democrats?|republicans?|labour|conservatives?|liberals?|greens?|"
    r"socialists?|christian|epp|s&d|renew|ecr|gue|ngl|efa|left|cdu|csu|spd|fdp|afd|snp|dup|"
    r"sinn|plaid|tories|tory|kmt|dpp|ldp|cdp|non-attached|non-inscrits|ni)\b|^[DRI]-[A-Z]{2}(-\d+)?$|/)",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"\b(members|states|ministers|governments|delegates|representatives|parties|nations|"
    r"citizens|leaders|officials|authorities|colleagues|excellencies|member\s+states)\b",
    re.IGNORECASE,
)
# Anchored at the start of a word: "<\S+>" alone would rescan the rest of a word from each "<".
_URL = re.compile(r"https?://\S+|www\.\S+|(?<!\S)[^\s<]*<\S+>")
_BULLET = re.compile(r"^\s*(?:[-*•·–—+▪◦●○]|\(?\d{1,4}[.)]|\(?[a-z][.)](?=\s))\s+")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# A match that begins with white space begins where the white space does ((?<!\s)): tried
# from every space of a long run, "\s*" would rescan the run each time (quadratic).
_SEPARATORS = re.compile(r"[,;]\s*|(?<!\s)\s+[,;]\s*|(?<!\s)\s+[–—|]\s+|(?<!\s)\s+-\s+")
_ON_BEHALF = re.compile(
    r"(?:[,;]\s*|(?<!\s)\s*)\bon\s+behalf\s+of\s+(?:the\s+)?(?P<group>.+)$", re.IGNORECASE
)
_PEOPLE_SEPARATORS = re.compile(r"[,;]\s*|(?<!\s)\s+[,;]\s*|(?<!\s)\s+(?:and|&)\s+")
_INITIAL = re.compile(r"^[A-Z]\.(?:[A-Z]\.)*$")

#: Characters a signature line may have; a longer line is a paragraph, not one signature.
MAX_SIGNATURE_LENGTH = 300


def _unlink(line: str) -> str:
    r"""Replace each Markdown link ``[text](target)`` by its text, in one pass.

    What ``re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)`` does, without the regular
    expression's rescan of the line from every "[" (quadratic on a line of brackets).
    """
    pieces: list[str] = []
    copied = 0  # line[:copied] is in pieces
    search = 0
    while (opening := line.find("[", search)) >= 0:
        closing = line.find("]", opening + 1)
        if closing < 0:
            break
        if not line.startswith("(", closing + 1):
            search = closing + 1  # no link starts at any "[" before this "]"
            continue
        end = line.find(")", closing + 2)
        if end < 0:
            break  # no ")" after: no later link either
        pieces += (line[copied:opening], line[opening + 1 : closing])
        copied = search = end + 1
    return "".join(pieces) + line[copied:] if pieces else line


def clean_line(line: str) -> str:
    """Strip list markers, Markdown and HTML from a printed line and collapse whitespace.

    Examples
    --------
    >>> from cosignet.signature_parser import clean_line
    >>> clean_line("  12. **Senator Eric Abetz** (Australia)  ")
    'Senator Eric Abetz (Australia)'
    """
    text = _unlink(line)
    text = _HTML_TAG.sub(" ", text)
    text = text.replace("\\", " ").replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)[*_](\S[^*_]*\S|\S)[*_](?!\w)", r"\1", text)
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = re.sub(r"^\s*>\s?", "", text)
    text = _BULLET.sub("", text)
    text = " ".join(text.split())
    return text.strip(" \t")


def _words(text: str) -> list[str]:
    return text.split()


def _is_capitalised(word: str) -> bool:
    stripped = word.strip("'\"(").lstrip("'")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit())


def _title_case(text: str) -> bool:
    """Most significant words start with a capital: an organisation's name, not a phrase."""
    significant = [w for w in _words(text) if w.casefold() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(_is_capitalised(w) for w in significant)
    return capitalised >= max(1, round(0.75 * len(significant)))


def _is_postnominal(word: str) -> bool:
    return word.strip(",") in _POSTNOMINALS


def _is_acronym(word: str) -> bool:
    """All capitals and not a roman numeral: "PEN", "WUC" (but not "II")."""
    return len(word) >= 2 and word.isalpha() and word.isupper() and not re.fullmatch("[IVX]+", word)


_VOWELS = frozenset("AEIOUY")


def _has_vowel(word: str) -> bool:
    """Whether a word has a vowel, accents aside ("BÜTIKOFER" has, "HRW" has not)."""
    return any(unicodedata.normalize("NFKD", c)[0] in _VOWELS for c in word.upper())


def _capitals_are_a_surname(words: list[str]) -> bool:
    """Whether the all-capital words of a name are a family name printed in capitals.

    "Dolkun ISA", "Reinhard BÜTIKOFER" and "LÓPEZ AGUILAR Juan Fernando" print the family
    name in capitals; "PEN International", "Amnesty International UK", "ACAT France" and
    "HRW Asia" hold an acronym. The capitals are a family name when they stand together at
    the start or the end, each could be said (it has a vowel), none is a country ("UK") or
    a word of an organisation's name ("PEN"), and the other words are capitalised names.
    """
    capitals = [_is_acronym(w) for w in words]
    first, last = capitals.index(True), len(capitals) - 1 - capitals[::-1].index(True)
    if not all(capitals[first : last + 1]) or (first > 0 and last < len(words) - 1):
        return False
    for word, is_capital in zip(words, capitals, strict=True):
        if lexicon.is_country(word) or lexicon.ORGANISATION_WORDS.fullmatch(word):
            return False
        if is_capital and not _has_vowel(word):
            return False
        if not is_capital and not (word[:1].isupper() or word.casefold() in lexicon.NAME_PARTICLES):
            return False
    return True


def looks_like_person(name: str) -> bool:
    """Whether `name` (honorifics removed) has the shape of a person's name.

    Examples
    --------
    >>> from cosignet.signature_parser import looks_like_person
    >>> looks_like_person("Tom van der Lee"), looks_like_person("Yang 'Fred' Zili")
    (True, True)
    >>> looks_like_person("Belgium Uyghur Association"), looks_like_person("ChinaAid")
    (False, False)
    """
    words = _words(name)
    if not 1 <= len(words) <= 7 or re.search(r"\d|@|https?:", name):
        return False
    if _STRONG_ORGANISATION.search(name) or _COLLECTIVE.search(name) or lexicon.is_country(name):
        return False
    if _role_words(words) == len(words) or (
        _role_words(words) > 0 and any(w.casefold() in {"of", "for", "at"} for w in words)
    ):
        return False  # "Board Chair", "Professor of Law": an office, not a name
    if len(words) == 1:
        return False  # one word is a name only after an honorific (see parse_signature)
    if (
        any(_is_acronym(w) for w in words)
        and not all(w.isupper() for w in words)
        and not _capitals_are_a_surname(words)
    ):
        return False  # an acronym among capitalised words: "PEN International"
    lowercase = 0
    for word in words:
        bare = word.strip("'\"()")
        if not bare:
            return False
        if bare.casefold() in lexicon.NAME_PARTICLES or _INITIAL.match(bare):
            continue
        if not bare[0].isalpha():
            return False
        if bare[0].islower():
            lowercase += 1
    # A PDF copy may drop a capital ("Dovile akaliene"), but a phrase has many lower words.
    return lowercase <= 1 and words[0].strip("'\"(")[:1].isupper()


# Matched at a position (pattern.match(text, pos)), not on ever shorter copies of the text.
_HONORIFIC_PREFIX = re.compile(
    r"(?P<title>"
    + "|".join(re.escape(t) for t in sorted(lexicon.HONORIFICS_BEFORE, key=len, reverse=True))
    + r")(?:\s+|(?<=\.)(?=\S))",
    re.IGNORECASE,
)
_POSTNOMINALS = frozenset(lexicon.POSTNOMINALS)


def _split_honorifics(segment: str) -> tuple[list[str], str, list[str]]:
    """Split ``"Rt Hon Sir Iain Duncan-Smith MP"`` into (["Rt Hon", "Sir"], name, ["MP"])."""
    before: list[str] = []
    rest = segment.strip()
    start = 0
    while match := _HONORIFIC_PREFIX.match(rest, start):
        end = match.end()
        # Keep a title only when a name or another title follows ("Senator the Hon. ...").
        if end == len(rest) or not (
            rest[end].isupper() or rest[end] == "(" or _HONORIFIC_PREFIX.match(rest, end)
        ):
            break
        before.append(match["title"])
        start = end
    words = _words(rest[start:])
    kept = len(words)
    while kept > 1 and _is_postnominal(words[kept - 1]):
        kept -= 1
    return before, " ".join(words[:kept]), [w.strip(",") for w in words[kept:]]


def _unfold_given_name(honorifics: list[str], name: str) -> str:
    """``Lord (David) Alton`` is David Alton; a parenthesised given name joins the name."""
    match = re.fullmatch(r"\((?P<given>[^()]+)\)\s+(?P<rest>.+)", name)
    if match and honorifics:
        return f"{match['given'].strip()} {match['rest'].strip()}"
    return re.sub(r"\s*\(([^()]+)\)\s*", r" \1 ", name).strip() if match else name


def _trailing_parentheses(text: str) -> tuple[str, list[str]]:
    """Remove the parentheses that end `text`, returning their comma-separated parts."""
    parts: list[str] = []
    rest = text.strip()
    while rest.endswith(")"):
        depth = 0
        for position in range(len(rest) - 1, -1, -1):
            if rest[position] == ")":
                depth += 1
            elif rest[position] == "(":
                depth -= 1
                if depth == 0:
                    break
        else:
            break
        inside = rest[position + 1 : -1]
        before = rest[:position].rstrip()
        if not before:
            break
        parts = [p.strip() for p in re.split(r"[,;]", inside) if p.strip()] + parts
        rest = before.rstrip(",")
    return rest, parts


def _split_segments(text: str) -> list[str]:
    """Comma (and dash) separated segments, outside parentheses."""
    segments: list[str] = []
    depth = 0  # "(" minus ")" before the separator, counted on from the last one: linear
    counted = 0
    start = 0
    for match in _SEPARATORS.finditer(text):
        depth += text.count("(", counted, match.start()) - text.count(")", counted, match.start())
        counted = match.start()
        if depth == 0:
            segments.append(text[start : match.start()])
            start = match.end()
    segments.append(text[start:])
    return [s.strip() for s in segments if s.strip()]


def _role_words(words: list[str]) -> int:
    """How many leading words form an office ("Executive Director"), 0 if none."""
    lowered = [w.casefold().strip(",.") for w in words]
    for count in range(min(4, len(lowered)), 0, -1):
        head, last = lowered[: count - 1], lowered[count - 1]
        if last in lexicon.ROLE_NOUNS and all(
            w in lexicon.ROLE_MODIFIERS
            or w in lexicon.ROLE_NOUNS
            or (w in {"and", "&"} and i > 0)  # "Program and Advocacy Manager"
            for i, w in enumerate(head)
        ):
            return count
    return 0


def _is_position(segment: str) -> bool:
    return _role_words(_words(segment)) > 0 and not lexicon.is_country(segment)


def _split_position(segment: str) -> tuple[str, str | None]:
    """Split "Board Chair of Hong Kong Democracy Council" into the office and the body.

    An office of the state ("Minister of the Interior", "Secretary of Homeland Security") or
    of a field ("Professor of Law") stays whole.
    """
    at = segment.rfind(" at ")
    if at > 0 and _STRONG_ORGANISATION.search(segment[at + 4 :]):
        return segment[:at].strip(), segment[at + 4 :].strip()
    match = re.match(r"^(?P<role>.+?)\s+of\s+(?P<body>.+)$", segment)
    if not match:
        return segment, None
    role, body = match["role"], match["body"]
    role_head = role.split()[-1].casefold()
    if re.fullmatch(
        r"(the\s+)?(parliament|congress|senate|house|assembly|legislature)", body, re.I
    ):
        return segment, None  # "Member of Parliament" is one office
    starts_with_the = body.casefold().startswith("the ")
    if lexicon.PORTFOLIO_WORDS.search(body) and not _STRONG_ORGANISATION.search(body):
        return segment, None
    if _FIELD_WORDS.search(body) and not _STRONG_ORGANISATION.search(body):
        return segment, None
    if starts_with_the and role_head in _GOVERNMENT_ROLES:
        return segment, None
    if starts_with_the:
        body = body[4:]
    if not _title_case(body):
        return segment, None
    return role.strip(), body.strip()


def _trailing_role(segment: str) -> tuple[str, str] | None:
    """Split "World Uyghur Congress President" into (organisation, position)."""
    words = _words(segment)
    for count in range(min(4, len(words) - 1), 0, -1):
        tail = words[-count:]
        if (
            _role_words(tail) == count
            and all(_is_capitalised(w) or w.casefold() in _SMALL_WORDS for w in tail)
            and _title_case(" ".join(words[:-count]))
        ):
            return " ".join(words[:-count]), " ".join(tail)
    return None


def _is_descriptor(segment: str) -> bool:
    if _title_case(segment):
        return False  # "Uyghur Student Union" names a body; "Uyghur student" describes one
    if lexicon.DESCRIPTOR_WORDS.search(segment):
        return True
    lower = [w for w in _words(segment) if w[:1].islower() and w.casefold() not in _SMALL_WORDS]
    return len(lower) >= 2


def _looks_like_organisation(segment: str) -> bool:
    words = _words(segment)
    if len(words) == 1:
        word = words[0]
        camel = bool(re.search(r"[a-z][A-Z]", word))
        acronym = word.isupper() and len(word) >= 2
        return camel or acronym or word[:1].isupper()
    return _title_case(segment) and not _is_descriptor(segment)


@dataclass
class _Parts:
    """Fields gathered while reading the segments of one signature."""

    honorifics: list[str] = field(default_factory=list)
    position: str | None = None
    organisation: str | None = None
    country: str | None = None
    party: str | None = None
    descriptors: list[str] = field(default_factory=list)
    open_office: bool = False  # the last segment was an office that may continue

    def describe(self, text: str) -> None:
        if text and text.casefold() not in {d.casefold() for d in self.descriptors}:
            self.descriptors.append(text)

    def add_organisation(self, text: str) -> None:
        if self.organisation is None:
            self.organisation = text
        elif text.casefold() != self.organisation.casefold():
            self.describe(text)

    def add_country(self, text: str) -> None:
        if self.country is None:
            self.country = text
        elif text.casefold() != self.country.casefold():
            self.describe(text)

    def add_position(self, text: str) -> None:
        office, body = _split_position(text)
        self.position = office if self.position is None else f"{self.position}; {office}"
        if body is not None:
            self.add_organisation(body)
        self.open_office = body is None and bool(re.search(r"\b(of|for)\b", office))

    def read_segment(self, segment: str) -> None:
        """Classify one comma segment after the name."""
        words = _words(segment)
        continues_office = self.open_office
        self.open_office = False
        behalf = _ON_BEHALF.match(segment) or re.match(
            r"^on\s+behalf\s+of\s+(?:the\s+)?(?P<group>.+)$", segment, re.IGNORECASE
        )
        if behalf:
            self.read_affiliation(behalf["group"])
        elif words and all(_is_postnominal(w) for w in words):
            self.honorifics.extend(w.strip(",") for w in words)
        elif lexicon.is_country(segment):
            self.add_country(segment)
        elif _is_position(segment):
            self.add_position(segment)
        elif (
            continues_office
            and self.position is not None
            and not _STRONG_ORGANISATION.search(segment)
            and not _is_descriptor(segment)
        ):
            # "Minister of the Interior, Building and Community": the comma is the office's.
            self.position = f"{self.position}, {segment}"
            self.open_office = True
        elif (split := _trailing_role(segment)) is not None:
            self.add_organisation(split[0])
            self.position = split[1] if self.position is None else self.position
        elif _looks_like_organisation(segment) or (
            lexicon.PARLIAMENT_WORDS.search(segment) and _title_case(segment)
        ):
            self.add_organisation(segment)
        else:
            self.describe(segment)

    def read_affiliation(self, text: str) -> None:
        """Read a group named in parentheses or after "on behalf of" as party or organisation."""
        if lexicon.is_country(text):
            self.add_country(text)
        elif lexicon.PARLIAMENT_WORDS.search(text) and not _PARTY_WORDS.search(text):
            self.add_organisation(text)
        elif _PARTY_WORDS.search(text):
            self.party = text if self.party is None else self.party
        elif _is_position(text):
            self.add_position(text)
        elif _is_descriptor(text):
            self.describe(text)
        else:
            self.add_organisation(text)


def parse_signature(
    text: str,
    *,
    line: int | None = None,
    group: str | None = None,
    raw: str | None = None,
) -> tuple[Signature | None, str]:
    """Read one signature; return ``(signature, "")`` or ``(None, reason)``.

    Parameters
    ----------
    text : str
        One cleaned line (see :func:`clean_line`), or a name line and its role line joined
        with ", ".
    line : int, optional
        Line number to record.
    group : str, optional
        The heading the signature stands under.
    raw : str, optional
        The printed text to record (default: `text`).

    Examples
    --------
    >>> from cosignet.signature_parser import parse_signature
    >>> sig, _ = parse_signature("Rt Hon Sir Iain Duncan-Smith MP (United Kingdom)")
    >>> sig.name, sig.honorifics, sig.country
    ('Iain Duncan-Smith', ('Rt Hon', 'Sir', 'MP'), 'United Kingdom')
    >>> sig, _ = parse_signature(
    ...     "Dolkun Isa, World Uyghur Congress President, Uyghur activist in exile"
    ... )
    >>> sig.position, sig.organisation, sig.descriptor
    ('President', 'World Uyghur Congress', 'Uyghur activist in exile')
    >>> parse_signature("https://example.org/statement")
    (None, 'a web address, not a signature')
    """
    body = text.strip().rstrip(";,")
    if not body:
        return None, "an empty line"
    if _URL.search(body):
        return None, "a web address, not a signature"
    if len(body) > MAX_SIGNATURE_LENGTH:
        return None, "too long for a signature (a paragraph of text?)"
    if not re.search(r"[^\W\d_]", body):
        return None, "no letters: not a name"
    if re.search(r"\d{3,}", body):
        return None, "contains a number: an address, a date or a phone number?"
    main, paren_parts = _trailing_parentheses(body)
    segments = _split_segments(main)
    if not segments:
        return None, "no name before the parentheses"
    parts = _Parts()
    before, name, after = _split_honorifics(segments[0])
    name = _unfold_given_name(before, name)
    parts.honorifics = before + after
    if not name:
        return None, "only titles, no name"
    single = name.split()
    person = looks_like_person(name) or (
        bool(before)
        and len(single) == 1
        and single[0][:1].isupper()
        and single[0][1:].islower()
        and not lexicon.is_country(name)
    )
    kind = "person"
    if not person:
        if (
            lexicon.is_country(name)
            or _looks_like_organisation(name)
            or (_STRONG_ORGANISATION.search(name) and not _is_descriptor(name))
        ):
            kind = "organisation"
            if lexicon.is_country(name):
                parts.country = name
            else:
                parts.organisation = name
        else:
            return None, "does not look like a name or an organisation"
    for segment in segments[1:]:
        parts.read_segment(segment)
    for part in paren_parts:
        parts.read_affiliation(part)
    signature = Signature(
        raw=raw if raw is not None else text.strip(),
        name=name,
        honorifics=tuple(parts.honorifics),
        position=parts.position,
        organisation=parts.organisation,
        country=parts.country,
        party=parts.party,
        descriptor=", ".join(parts.descriptors) or None,
        kind=kind,  # type: ignore[arg-type]
        group=group,
        line=line,
    )
    return signature, ""


def split_people(text: str) -> tuple[list[str], str | None] | None:
    """Split several names run together on one line, with an "on behalf of" group.

    Returns ``(names, group)`` when the line lists at least two people (three without a
    group or "and"), else None.

    Examples
    --------
    >>> from cosignet.signature_parser import split_people
    >>> split_people("Anna Berg, Jan de Vries and Marc Dupont, on behalf of the Greens/EFA Group")
    (['Anna Berg', 'Jan de Vries', 'Marc Dupont'], 'Greens/EFA Group')
    >>> split_people("Bob Fu, ChinaAid") is None
    True
    """
    group = None
    body = text
    behalf = _ON_BEHALF.search(body)
    if behalf:
        group = behalf["group"].strip().rstrip(".")
        body = body[: behalf.start()]
    if "(" in body:
        return None
    pieces = [p.strip() for p in _PEOPLE_SEPARATORS.split(body) if p.strip()]
    joined_by_and = bool(re.search(r"\s(?:and|&)\s", body))
    if len(pieces) < 2 or (len(pieces) < 3 and group is None and not joined_by_and):
        return None
    for piece in pieces:
        _, name, _ = _split_honorifics(piece)
        if not looks_like_person(name) or len(_words(name)) < 2:
            return None
    return pieces, group


def with_defaults(
    signature: Signature, *, country: str | None, organisation: str | None, kind: str | None
) -> Signature:
    """Fill the country, organisation or kind a heading implies, where the line left them."""
    result = signature
    if country and result.country is None:
        result = replace(result, country=country)
    if organisation and result.organisation is None:
        result = replace(result, organisation=organisation)
    if kind == "organisation" and result.kind != "organisation":
        result = replace(
            result, kind="organisation", organisation=result.organisation or result.name
        )
    return result
