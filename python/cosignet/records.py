"""The records a letter is read into: signatures, parse issues and letters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Literal

__all__ = ["SIGNATURE_FIELDS", "Letter", "ParseIssue", "Signature"]

Kind = Literal["person", "organisation"]


@dataclass(frozen=True)
class Signature:
    r"""One signature (or one addressee) as printed in a letter, split into its parts.

    Attributes
    ----------
    raw : str
        The text as printed, whitespace collapsed (several lines joined with " / ").
    name : str
        The person's name as printed, without honorifics (``"Iain Duncan-Smith"``), or the
        organisation's name when `kind` is ``"organisation"``.
    honorifics : tuple of str
        Titles and post-nominals in printed order (``("Rt Hon", "Sir", "MP")``).
    position : str or None
        The office or role (``"Minister for Home Affairs"``, ``"Board Chair"``).
    organisation : str or None
        The organisation, party group or parliament (``"World Uyghur Congress"``).
    country : str or None
        The country as printed (``"United Kingdom"``, ``"UK"``); never a parliament.
    party : str or None
        The political party or parliamentary group, when printed.
    descriptor : str or None
        Any remaining free description (``"Uyghur activist in exile"``).
    kind : {"person", "organisation"}
        Whether a person or an organisation signed.
    group : str or None
        The heading the signature was printed under, if any (``"Germany"``).
    line : int or None
        1-based line number of the signature in the source text.
    handle : str or None
        A social media handle (``"@janeroe"``), from a table or record that gives one.
    url : str or None
        A profile or home page link, from a table or record that gives one.
    email : str or None
        An e-mail address, from a table or record that gives one.
    source : str or None
        Where this signature was published, when it differs from its letter's source (a
        table whose rows give different sources for one letter).

    Examples
    --------
    >>> import cosignet as cs
    >>> sig = cs.parse_letter("Sincerely,\nLord (David) Alton (United Kingdom)").signatories[0]
    >>> sig.name, sig.honorifics, sig.country, sig.kind
    ('David Alton', ('Lord',), 'United Kingdom', 'person')
    """

    raw: str
    name: str
    honorifics: tuple[str, ...] = ()
    position: str | None = None
    organisation: str | None = None
    country: str | None = None
    party: str | None = None
    descriptor: str | None = None
    kind: Kind = "person"
    group: str | None = None
    line: int | None = None
    handle: str | None = None
    url: str | None = None
    email: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a plain dict (honorifics as a list), for tables and JSON.

        Examples
        --------
        >>> from cosignet import Signature
        >>> sig = Signature(raw="Dr Jane Roe", name="Jane Roe", honorifics=("Dr",))
        >>> sig.to_dict()["honorifics"]
        ['Dr']
        """
        record = {f.name: getattr(self, f.name) for f in fields(self)}
        record["honorifics"] = list(self.honorifics)
        return record

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Signature:
        """Rebuild a Signature from :meth:`to_dict` output (unknown keys are ignored).

        Examples
        --------
        >>> from cosignet import Signature
        >>> sig = Signature(raw="Dr Jane Roe", name="Jane Roe", honorifics=("Dr",))
        >>> Signature.from_dict(sig.to_dict()) == sig
        True
        """
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in record.items() if k in known}
        values["honorifics"] = tuple(values.get("honorifics") or ())
        return cls(**values)


#: Field names of a Signature, in order: the columns every signature table has.
SIGNATURE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Signature))


@dataclass(frozen=True)
class ParseIssue:
    r"""A line inside a signature or addressee block that could not be read.

    Attributes
    ----------
    line : int
        1-based line number in the source text.
    text : str
        The line as printed.
    reason : str
        Why it was not read as a signature.

    Examples
    --------
    >>> import cosignet as cs
    >>> cs.parse_letter("Sincerely,\nJane Roe\nhttps://example.org").issues[0].reason
    'a web address or footnote, not a signature'
    """

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Letter:
    r"""A letter: its title, date, addressees, signatories and what could not be read.

    Attributes
    ----------
    id : str or None
        An identifier (the file name stem when read from a file).
    title : str or None
        The subject line or heading.
    date : datetime.date or None
        The date the letter bears.
    addressees : tuple of Signature
        Whom the letter is addressed to.
    signatories : tuple of Signature
        Who signed, in printed order.
    issues : tuple of ParseIssue
        Every line of a signature or addressee block that was not read, with the reason.
    signing_group : str or None
        A group the signatories sign as (``"MEMBERS OF THE INTER-PARLIAMENTARY ALLIANCE ON
        CHINA"``), kept here rather than counted as a signatory.
    source : str or None
        Where the text came from (a file path or URL).

    Examples
    --------
    >>> import cosignet as cs
    >>> letter = cs.parse_letter("Subject: Free them\n\nDear all,\n\nSincerely,\nJane Roe")
    >>> letter.title, [s.name for s in letter.signatories]
    ('Free them', ['Jane Roe'])
    """

    id: str | None = None
    title: str | None = None
    date: dt.date | None = None
    addressees: tuple[Signature, ...] = field(default_factory=tuple)
    signatories: tuple[Signature, ...] = field(default_factory=tuple)
    issues: tuple[ParseIssue, ...] = field(default_factory=tuple)
    signing_group: str | None = None
    source: str | None = None
