"""Reading letters: title, date, addressees and signatories from plain text or Markdown.

A letter is read in three parts: the head (addressees, title, date) before the salutation or
subject line, the body, and the signature block after the closing ("Sincerely,") or, when
there is none, after the last paragraph of prose. Inside the two blocks every non-blank line
ends up as part of a signature, as a heading (a signing group, a country or an organisation
that the following signatures belong to) or in :attr:`Letter.issues` with the reason it was
not read. Lines are never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from cosignet import lexicon
from cosignet.dates import parse_date
from cosignet.errors import InvalidInputError
from cosignet.records import Letter, ParseIssue, Signature
from cosignet.signature_parser import (
    _STRONG_ORGANISATION,
    MAX_SIGNATURE_LENGTH,
    _is_descriptor,
    _is_position,
    _looks_like_organisation,
    _split_segments,
    _trailing_parentheses,
    clean_line,
    looks_like_person,
    split_people,
    with_defaults,
)
from cosignet.signature_parser import parse_signature as _parse_signature

__all__ = ["parse_letter"]


def _parse_plain(text: str) -> tuple[Signature | None, str]:
    """parse_signature without line or group, cached: a line is often read twice.

    A line too long for a signature is refused at once; it is not cached (the cache would keep
    thousands of long lines alive).
    """
    if len(text) > MAX_SIGNATURE_LENGTH:
        return _parse_signature(text)
    return _parse_short(text)


@lru_cache(maxsize=4096)
def _parse_short(text: str) -> tuple[Signature | None, str]:
    return _parse_signature(text)


# The same line is asked about several times in a row (is it prose? a list of people?): keep the
# answers for the last few lines only, as a line may be megabytes long.
@lru_cache(maxsize=4)
def _people(text: str) -> tuple[tuple[str, ...], str | None] | None:
    """split_people, cached."""
    found = split_people(text)
    return None if found is None else (tuple(found[0]), found[1])


def parse_signature(
    text: str, *, line: int | None = None, group: str | None = None, raw: str | None = None
) -> tuple[Signature | None, str]:
    """Read one signature line (cached), then record its line, group and printed text."""
    signature, why = _parse_plain(text)
    if signature is None:
        return None, why
    return replace(
        signature, line=line, group=group, raw=signature.raw if raw is None else raw
    ), why


_SUBJECT = re.compile(r"^(?:subject|re|title|objet|betreff|concerning)\s*:\s*(?P<title>.+)$", re.I)
_TO_LINE = re.compile(
    r"^(?:to|attn|attention|for\s+the\s+attention\s+of|to\s+the\s+attention\s+of)\s*[:,]?\s+"
    r"(?:the\s+attention\s+of\s+)?(?P<whom>.+)$",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"^(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d+\]|\d{1,2})(?:\s|$)")
_TITLE_START = re.compile(
    r"^(open\s+letter|joint\b.{0,40}\b(letter|statement|declaration|appeal)|letter|statement|"
    r"petition|declaration|appeal|call|re:)\b",
    re.IGNORECASE,
)


@dataclass
class _Reading:
    """The state of reading one letter: what was found and which line became what."""

    lines: list[str]  # cleaned
    printed: list[str]  # as printed, for issues
    signatories: list[Signature] = field(default_factory=list)
    addressees: list[Signature] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    account: dict[int, str] = field(default_factory=dict)  # line number -> what it became
    seen: dict[tuple[str, str, str], int] = field(default_factory=dict)
    signing_group: str | None = None

    def issue(self, index: int, reason: str) -> None:
        self.issues.append(ParseIssue(index + 1, self.printed[index].strip(), reason))
        self.account[index + 1] = "issue"

    def mark(self, index: int, what: str) -> None:
        self.account[index + 1] = what


_LONG = 25  # words: a line this long is a paragraph, or a signature too long to read as one
_SENTENCE = "a sentence of text, not a signature"


def _is_prose(text: str) -> bool:
    """Tell whether a line is too long for a signature: a paragraph, or an overlong signature."""
    words = len(text.split())
    return words >= _LONG or (words >= 12 and text.rstrip().endswith((".", "!", "?", ":")))


@lru_cache(maxsize=4)
def _long_signature(text: str) -> bool:
    """Whether a long line begins like a signature ("Name, office, ...") and is no sentence.

    A signature whose description runs to a sentence, or many names run together on one
    line, is still part of the signature block: it must not end the body there.
    """
    if len(text.split()) < _LONG or text.rstrip().endswith((".", "!", "?", ":")):
        return False
    if _people(text) is not None:
        return True
    segments = _split_segments(text)
    if len(segments) < 2 or len(segments[0].split()) > 6:
        return False
    first, _ = _parse_plain(segments[0])
    return first is not None and (
        first.kind == "person" or bool(_STRONG_ORGANISATION.search(first.name))
    )


def _is_sentence(text: str) -> bool:
    """Tell whether a line belongs to the body: prose, not a signature printed too long."""
    return _is_prose(text) and not _long_signature(text)


def _noise_reason(text: str) -> str | None:
    """Why a line is page furniture or a note rather than a signature, or None."""
    if lexicon.NOISE_LINES.match(text):
        return "page navigation or furniture, not a signature"
    if re.search(r"https?://|www\.|<http", text):
        return "a web address or footnote, not a signature"
    if _FOOTNOTE.match(text) and len(text.split()) <= 1:
        return "a footnote marker, not a signature"
    if _is_prose(text):
        if _long_signature(text):
            return (
                f"too long for a signature ({len(text.split())} words): shorten it to the "
                "name, position and organisation"
            )
        return _SENTENCE
    return None


def _find_title(lines: list[str], raw: list[str], head_end: int) -> tuple[int, str] | None:
    for index, text in enumerate(lines):
        match = _SUBJECT.match(text)
        if match:
            return index, match["title"].strip()
    for index in range(head_end):
        if raw[index].lstrip().startswith("#"):
            return index, lines[index]
    for index in range(head_end):
        text = lines[index]
        if text and _TITLE_START.match(text) and len(text.split()) <= 25:
            return index, text
    return None


def _find_closing(lines: list[str], after: int, sentences: list[bool]) -> int | None:
    """Find the closing line that opens the signature block: no prose follows it.

    `sentences` tells which lines are prose (:func:`_is_sentence`). Each test below looks at
    the lines after a closing; they are counted once, from the end, not once per closing.
    """
    last_prose = max((i for i, s in enumerate(sentences) if s), default=None)
    closings = [i for i in range(max(after, 0), len(lines)) if lexicon.CLOSINGS.match(lines[i])]
    if not closings:
        return None
    for index in closings:
        if last_prose is None or index > last_prose:
            return index
    # A note is prose that is no signature printed too long.
    notes = [s and _noise_reason(t) == _SENTENCE for t, s in zip(lines, sentences, strict=True)]
    last_note = max((i for i, note in enumerate(notes) if note), default=-1)
    for index in closings:  # a closing followed only by footnotes
        if index > last_note:
            return index
    # A closing followed by signatures, then a note: the first line after it is no prose, and
    # at least as many lines after it read as signatures as there are notes.
    first = closings[0] + 1
    notes_after = [0] * (len(lines) + 1)  # [i]: notes among lines[i:]
    read_after = [0] * (len(lines) + 1)  # [i]: signatures among lines[i:]
    next_text = [-1] * (len(lines) + 1)  # [i]: the first non-blank line from i on, or -1
    for i in range(len(lines) - 1, first - 1, -1):
        text = lines[i]
        read = bool(
            text
            and _noise_reason(text) is None
            and not lexicon.CLOSINGS.match(text)
            and _parse_plain(text)[0] is not None
        )
        notes_after[i] = notes_after[i + 1] + notes[i]
        read_after[i] = read_after[i + 1] + read
        next_text[i] = i if text else next_text[i + 1]
    for index in closings:
        following = next_text[index + 1]
        if (
            following >= 0
            and not sentences[following]
            and read_after[index + 1] >= notes_after[index + 1]
        ):
            return index
    return None


def _next_text(lines: list[str], index: int) -> tuple[int, str] | None:
    for following in range(index + 1, len(lines)):
        if lines[following]:
            return following, lines[following]
    return None


def _is_all_caps_heading(text: str) -> bool:
    if text.upper() != text:
        return False
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 6
        and all(c.isupper() for c in letters)
        and (len(text.split()) >= 3 or not looks_like_person(text.title()))
    )


def _person_follows(lines: list[str], index: int) -> bool:
    """Whether the next line, with no blank between, is a person's signature."""
    if index + 1 >= len(lines) or not lines[index + 1]:
        return False
    signature, _ = parse_signature(lines[index + 1])
    return signature is not None and signature.kind == "person"


_NOT_A_NAME = "does not look like a name or an organisation"
_UNKNOWN_HEADING = (
    f"{_NOT_A_NAME}; read as a heading: the names below it are grouped under it and take no "
    "country or group from the headings above"
)


def _heading_shaped(text: str) -> bool:
    """Tell whether a line is short and capitalised, without digits or a final stop."""
    return (
        len(text.split()) <= 8
        and text[:1].isupper()
        and not text.endswith((".", ",", ";", "!", "?"))
        and not any(c.isdigit() for c in text)
    )


class _BlockReader:
    """Reads the signature block, line by line, with the headings in force.

    A heading (a country, a signing group, an organisation, "Organisations:") starts a scope
    that lasts until the next heading, whatever that one is: the names under "Activists in
    exile" do not keep the country of the "Australia" heading above it.
    """

    def __init__(self, reading: _Reading) -> None:
        self.reading = reading
        self.group: str | None = None
        self.country: str | None = None
        self.organisation: str | None = None
        self.kind: str | None = None
        self.previous: int | None = None  # index in signatories of the signature just above
        self.open_heading: int | None = None  # a heading no signature has followed yet

    def scope(
        self,
        index: int,
        group: str | None,
        *,
        country: str | None = None,
        organisation: str | None = None,
        kind: str | None = None,
    ) -> None:
        """Start the scope of the heading on line `index`; `kind` None keeps the kind."""
        self.group, self.country, self.organisation = group, country, organisation
        if kind is not None:
            self.kind = kind
        self.open_heading = index

    def heading(self, index: int, text: str) -> bool:
        """Read `text` as a heading if it is one; return whether it was."""
        bare = text.rstrip(":").strip()
        if lexicon.ORGANISATION_HEADINGS.match(text):
            self.scope(index, None, kind="organisation")
        elif lexicon.PERSON_HEADINGS.match(text):
            self.scope(index, None, kind="person")
        elif lexicon.CLOSINGS.match(text):
            pass
        elif _is_all_caps_heading(text) and not lexicon.is_country(bare):
            if not self.reading.signatories and self.reading.signing_group is None:
                self.reading.signing_group = bare
                self.reading.mark(index, "heading")
                return True
            self.scope(index, bare)
        elif lexicon.is_country(bare):
            # A country alone on a line is never a signatory: it heads the names below it,
            # or, printed under a signature without a blank line, it is that one's country.
            if (
                not text.endswith(":")
                and not _person_follows(self.reading.lines, index)
                and self.country_of_previous(index, bare)
            ):
                return True
            self.scope(index, bare, country=bare)
        elif text.endswith(":"):
            # "Free Tibet Action:" names a body; "Academics:", "Activists:" a group of people.
            if len(bare.split()) >= 2:
                named = not _is_descriptor(bare)
            else:
                named = _looks_like_organisation(bare) and not lexicon.DESCRIPTOR_WORDS.match(bare)
            self.scope(index, bare, organisation=bare if named else None)
        else:
            return False
        self.reading.mark(index, "heading")
        self.previous = None
        return True

    def country_of_previous(self, index: int, country: str) -> bool:
        """Give a country printed on the line under a signature to that signature."""
        if self.previous is None or not self.reading.lines[index - 1]:
            return False
        above = self.reading.signatories[self.previous]
        if above.country is not None:
            return False
        printed = self.reading.lines[index]
        self.reading.signatories[self.previous] = replace(
            above, country=country, raw=f"{above.raw} / {printed}"
        )
        self.reading.mark(index, "signature")
        self.previous = None
        return True

    def add(self, index: int, signature: Signature) -> None:
        signature = with_defaults(
            signature, country=self.country, organisation=self.organisation, kind=self.kind
        )
        self.open_heading = None
        key = (signature.kind, signature.name.casefold(), (signature.country or "").casefold())
        first = self.reading.seen.get(key)
        if first is not None:
            self.reading.issue(index, f"printed twice: the same signature as line {first}")
            self.previous = None
            return
        self.reading.seen[key] = index + 1
        self.reading.signatories.append(signature)
        self.reading.mark(index, "signature")
        self.previous = len(self.reading.signatories) - 1

    def continues_previous(self, index: int, text: str) -> bool:
        """Merge a role line into the name line above it, if that printed only a name.

        A line under "Garnett Genuis MP, Canada" continues it only if it starts with an
        office ("Member of Parliament"); anything else is a signature of its own.
        """
        if self.previous is None or self.reading.lines[index - 1] == "":
            return False
        above = self.reading.signatories[self.previous]
        own, _ = _parse_plain(above.raw)  # the line alone, without the headings' defaults
        if above.kind != "person" or own is None:
            return False
        if any((own.position, own.organisation, own.descriptor, own.party)):
            return False
        alone, _ = _parse_plain(text)
        if alone is not None and alone.kind == "person":
            return False
        segments = _split_segments(text)  # none in "," or "--"
        if own.country is not None and not (segments and _is_position(segments[0])):
            return False
        if _people(text) is not None:
            return False  # "Dolkun ISA and Rushan ABBAS": two signatures, not a role
        # The role goes before the parentheses: "Kevin Andrews MP, Member of Parliament (...)".
        name_part, _ = _trailing_parentheses(above.raw)
        parentheses = above.raw[len(name_part) :] if above.raw.startswith(name_part) else ""
        merged, _ = parse_signature(
            f"{name_part}, {text} {parentheses}".strip()
            if parentheses.strip().startswith("(")
            else f"{above.raw}, {text}",
            line=above.line,
            group=above.group,
            raw=f"{above.raw} / {text}",
        )
        if merged is None or merged.name != above.name:
            return False
        self.reading.signatories[self.previous] = with_defaults(
            merged, country=self.country, organisation=self.organisation, kind=self.kind
        )
        self.reading.mark(index, "signature")
        self.previous = None
        return True

    def unknown_heading(self, index: int, text: str, start: int) -> bool:
        """Whether a line that is no signature heads the signatures below it.

        It stands after a blank line (or first in the block), is short and capitalised, and
        a signature follows it.
        """
        lines = self.reading.lines
        if (index > start and lines[index - 1]) or not _heading_shaped(text):
            return False
        following = _next_text(lines, index)
        if following is None or _noise_reason(following[1]) is not None:
            return False
        return _parse_plain(following[1])[0] is not None

    def read(self, start: int) -> None:
        lines = self.reading.lines
        for index in range(start, len(lines)):
            text = lines[index]
            if not text:
                if self.reading.printed[index].strip():
                    self.reading.mark(index, "markup")  # "\\", "<br>", "---": layout only
                continue
            if self.heading(index, text):
                continue
            reason = _noise_reason(text)
            if reason is not None and not (_long_signature(text) and _people(text) is not None):
                self.reading.issue(index, reason)
                self.previous = None
                continue
            if self.continues_previous(index, text):
                continue
            people = _people(text)
            if people is not None:
                names, group = people
                for name in names:
                    suffix = f" ({group})" if group else ""
                    signature, _ = parse_signature(name + suffix, line=index + 1, group=self.group)
                    if signature is not None:
                        self.add(index, replace(signature, raw=text))
                self.previous = None  # a line under it belongs to none of the names alone
                continue
            signature, why = parse_signature(text, line=index + 1, group=self.group)
            if signature is None:
                if why == _NOT_A_NAME and self.unknown_heading(index, text, start):
                    self.scope(index, text)
                    why = _UNKNOWN_HEADING
                self.reading.issue(index, why)
                self.previous = None
            else:
                self.add(index, signature)
        heading = self.open_heading
        if heading is not None and self.reading.account.get(heading + 1) == "heading":
            self.reading.issue(heading, "a heading with no signature under it")


def _read_head(reading: _Reading, end: int, skip: set[int]) -> None:
    """Read the addressees printed before the title, date or salutation."""
    lines = reading.lines
    candidates = [i for i in range(end) if lines[i] and i not in skip]
    # Page furniture above the first real line is outside the block: not an issue.
    furniture = 0
    while furniture < len(candidates) and _noise_reason(lines[candidates[furniture]]) is not None:
        furniture += 1
    candidates = candidates[furniture:]
    to_lines = [i for i in candidates if _TO_LINE.match(lines[i])]
    parsed = {i: parse_signature(lines[i], line=i + 1) for i in candidates}
    candidates_read = [i for i in candidates if _noise_reason(lines[i]) is None]
    people = sum(1 for s, _ in parsed.values() if s is not None and s.kind == "person")
    if not to_lines and people < max(1, len(candidates_read) // 2):
        return  # a letterhead or page header, not a list of addressees
    for index in candidates:
        text = lines[index]
        to = _TO_LINE.match(text)
        if to:
            signature, why = parse_signature(to["whom"].rstrip(",:"), line=index + 1)
            if (
                signature is not None
                and signature.kind == "person"
                and not looks_like_person(signature.name)
            ):
                signature = replace(signature, kind="organisation", organisation=signature.name)
        else:
            reason = _noise_reason(text)
            if reason is not None:
                reading.issue(index, reason)
                continue
            signature, why = parsed[index]
        if signature is None:
            reading.issue(index, why)
        else:
            reading.addressees.append(replace(signature, raw=text))
            reading.mark(index, "addressee")


def _parse(text: str, id: str | None, source: str | None) -> tuple[Letter, dict[int, str]]:
    """Parse a letter; also return what each line of its blocks became (for tests)."""
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be a str, got {type(text).__name__}")
    raw = text.lstrip("\ufeff").splitlines()
    lines = [clean_line(line) for line in raw]
    reading = _Reading(lines, raw)

    salutation = next((i for i, t in enumerate(lines) if lexicon.SALUTATIONS.match(t)), None)
    subject = next((i for i, t in enumerate(lines) if _SUBJECT.match(t)), None)
    head_end = min(i for i in (salutation, subject, len(lines)) if i is not None)
    title_found = _find_title(lines, raw, head_end)
    title_index, title = title_found if title_found else (None, None)

    date = None
    date_index = None
    search_order = list(range(head_end)) + [
        i for i in range(len(lines)) if i >= head_end and len(lines[i].split()) <= 6
    ]
    for index in search_order:
        date = parse_date(lines[index])
        if date is not None:
            date_index = index
            break
    if date is None:
        date = parse_date(text)

    head_skip = {i for i in (title_index, date_index) if i is not None}
    head_stop = min(i for i in (head_end, title_index, date_index) if i is not None)
    if salutation is not None or subject is not None:
        _read_head(reading, head_stop, head_skip)

    sentences = [_is_sentence(t) for t in lines]
    closing = _find_closing(lines, salutation if salutation is not None else 0, sentences)
    if closing is not None:
        reading.mark(closing, "heading")
        start = closing + 1
    else:
        last_prose = max((i for i, s in enumerate(sentences) if s), default=None)
        start = last_prose + 1 if last_prose is not None else head_end
        if salutation is None and last_prose is None:
            start = 0
    _BlockReader(reading).read(start)
    if not reading.signatories:
        reading.issues.append(ParseIssue(0, "", "no signature block found"))

    letter = Letter(
        id=id,
        title=title,
        date=date,
        addressees=tuple(reading.addressees),
        signatories=tuple(reading.signatories),
        issues=tuple(reading.issues),
        signing_group=reading.signing_group,
        source=source,
    )
    return letter, reading.account


def parse_letter(text: str, id: str | None = None, source: str | None = None) -> Letter:
    """Read a letter's title, date, addressees and signatories from its text.

    Parameters
    ----------
    text : str
        The letter as plain text or Markdown, copied from a web page or a PDF.
    id : str, optional
        An identifier to keep on the letter.
    source : str, optional
        Where the text came from (a path or URL), kept on the letter.

    Returns
    -------
    Letter
        With every signature split into name, honorifics, position, organisation,
        country, party and descriptor. Lines of the signature and addressee blocks that
        could not be read are in ``letter.issues`` with the reason; an issue on line 0
        concerns the whole letter (such as "no signature block found").

    Notes
    -----
    The signature block starts after the closing ("Sincerely,", "Signed by:", ...) or,
    without one, after the last paragraph of prose. Inside it the parser understands
    numbered and bulleted lists; ``Name, Role, Organisation, Country`` lines;
    ``Name MEP (Group, Country)``; several names on one line followed by "on behalf of the
    X Group"; a name line followed by its role line; names under country, organisation or
    group headings (each heading, known or not, ends the one before: the names under it keep
    no country of an earlier heading; a country alone on a line is a heading, or the country
    of the signature printed just above it, never a signatory); lists of organisations; page
    furniture, footnotes, notes after the signatures and signature lines too long to read
    (reported as issues, with their lines); and a signature printed twice (the second
    reported as an issue). The word lists it uses are in :mod:`cosignet.lexicon`.

    Examples
    --------
    >>> import cosignet as cs
    >>> letter = cs.parse_letter('''Subject: Free the journalists
    ... 3 March 2024
    ... Dear Minister,
    ... We write to ask for the immediate release of the journalists detained last week.
    ... Sincerely,
    ... Dr Jane Roe, Director, Tibet Watch (United Kingdom)
    ... Lord (David) Alton (United Kingdom)
    ... ''')
    >>> letter.title, letter.date
    ('Free the journalists', datetime.date(2024, 3, 3))
    >>> [(s.name, s.honorifics, s.position, s.organisation) for s in letter.signatories]
    [('Jane Roe', ('Dr',), 'Director', 'Tibet Watch'), ('David Alton', ('Lord',), None, None)]
    """
    letter, _ = _parse(text, id, source)
    return letter
