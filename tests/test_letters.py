"""The two bundled INTERPOL letters parse into exactly these records; parser properties."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cosignet as cs
from cosignet.letters import _parse

LETTERS = Path(cs.__file__).parent / "data" / "letters"
IPAC_FILE = "2021-11-15_interpol_ipac_ministers.txt"
ACTIVISTS_FILE = "2021-11-15_interpol_activists_in_exile.txt"

# (name, honorifics, position, organisation, country, party, descriptor, kind, group, line)
IPAC_ADDRESSEES = [
    (
        "Karen Andrews",
        ("Hon", "MP"),
        "Minister for Home Affairs",
        None,
        "Australia",
        None,
        None,
        "person",
        None,
        3,
    ),
    (
        "Marco Mendicino",
        (),
        "Minister of Public Safety",
        None,
        "Canada",
        None,
        None,
        "person",
        None,
        4,
    ),
    (
        "Annelies Verlinden",
        (),
        "Minister of the Interior",
        None,
        "Belgium",
        None,
        None,
        "person",
        None,
        5,
    ),
    ("Jan Hamáček", (), "Minister of the Interior", None, "Czechia", None, None, "person", None, 6),
    (
        "Kaare Dybvad",
        (),
        "Minister of the Interior",
        None,
        "Denmark",
        None,
        None,
        "person",
        None,
        7,
    ),
    (
        "Ylva Johansson",
        ("Commissioner",),
        "Commissioner for Home Affairs",
        None,
        "European Union",
        None,
        None,
        "person",
        None,
        8,
    ),
    (
        "Gérald Darmanin",
        ("Minister",),
        "Minister of the Interior",
        None,
        "France",
        None,
        None,
        "person",
        None,
        9,
    ),
    (
        "Horst Seehofer",
        (),
        "Minister of the Interior, Building and Community",
        None,
        "Germany",
        None,
        None,
        "person",
        None,
        10,
    ),
    ("Amit Shah", (), "Minister of Home Affairs", None, "India", None, None, "person", None, 11),
    ("Helen McEntee", (), "Minister for Justice", None, "Ireland", None, None, "person", None, 12),
    (
        "Satoshi Ninoyu",
        (),
        "Chairperson",
        "National Public Safety Commission",
        "Japan",
        None,
        None,
        "person",
        None,
        13,
    ),
    (
        "Agnė Bilotaitė",
        (),
        "Minister of the Interior",
        None,
        "Lithuania",
        None,
        None,
        "person",
        None,
        14,
    ),
    (
        "Ferdinand Grapperhaus II",
        (),
        "Minister of Justice and Security",
        None,
        "Netherlands",
        None,
        None,
        "person",
        None,
        15,
    ),
    (
        "Poto Williams",
        ("Hon",),
        "Minister of Police",
        None,
        "New Zealand",
        None,
        None,
        "person",
        None,
        16,
    ),
    (
        "Mikael Damberg",
        (),
        "Minister of the Interior",
        None,
        "Sweden",
        None,
        None,
        "person",
        None,
        17,
    ),
    (
        "Karin Keller-Sutter",
        (),
        "Head of the Department of Justice and Police",
        None,
        "Switzerland",
        None,
        None,
        "person",
        None,
        18,
    ),
    (
        "Priti Patel",
        ("Rt Hon",),
        "Home Secretary",
        None,
        "United Kingdom",
        None,
        None,
        "person",
        None,
        19,
    ),
    (
        "Alejandro Nicholas Mayorkas",
        (),
        "Secretary of Homeland Security",
        None,
        "United States",
        None,
        None,
        "person",
        None,
        20,
    ),
]
IPAC_SIGNATORIES = [
    ("Eric Abetz", ("Senator",), None, None, "Australia", None, None, "person", None, 46),
    ("Kevin Andrews", ("MP",), None, None, "Australia", None, None, "person", None, 48),
    ("Alex Antic", ("Senator",), None, None, "Australia", None, None, "person", None, 50),
    ("George Christensen", ("MP",), None, None, "Australia", None, None, "person", None, 52),
    (
        "Concetta Fierravanti-Wells",
        ("Senator",),
        None,
        None,
        "Australia",
        None,
        None,
        "person",
        None,
        54,
    ),
    ("Kimberley Kitching", ("Senator",), None, None, "Australia", None, None, "person", None, 56),
    ("Samuel Cogolati", ("MP",), None, None, "Belgium", None, None, "person", None, 58),
    ("Georges Dallemagne", ("MP",), None, None, "Belgium", None, None, "person", None, 60),
    ("Irwin Cotler", (), None, None, "Canada", None, None, "person", None, 62),
    ("Garnett Genuis", ("MP",), None, None, "Canada", None, None, "person", None, 64),
    ("Pavel Fischer", ("Senator",), None, None, "Czechia", None, None, "person", None, 66),
    ("Uffe Elbaek", ("MP",), None, None, "Denmark", None, None, "person", None, 68),
    (
        "Reinhard Bütikofer",
        ("MEP",),
        None,
        "European Parliament",
        None,
        None,
        None,
        "person",
        None,
        70,
    ),
    ("Engin Eroglu", ("MEP",), None, "European Parliament", None, None, None, "person", None, 72),
    ("Sandro Gozi", ("MEP",), None, "European Parliament", None, None, None, "person", None, 74),
    ("David Lega", ("MEP",), None, "European Parliament", None, None, None, "person", None, 76),
    ("Miriam Lexmann", ("MEP",), None, "European Parliament", None, None, None, "person", None, 77),
    ("Olivier Cadic", ("Senator",), None, None, "France", None, None, "person", None, 79),
    ("Helene Conway Mouret", ("Senator",), None, None, "France", None, None, "person", None, 80),
    ("Frederique Dumas", ("Ms.",), None, None, "France", None, None, "person", None, 81),
    ("Andre Gattolin", ("Senator",), None, None, "France", None, None, "person", None, 82),
    ("Michael Brand", ("MdB",), None, None, "Germany", None, None, "person", None, 84),
    ("Ninong Ering", ("MLA",), None, None, "India", None, None, "person", None, 86),
    ("Sujeet Kumar", ("MP",), None, None, "India", None, None, "person", None, 87),
    ("Amar Patnaik", ("MP",), None, None, "India", None, None, "person", None, 88),
    ("Michael McDowell", ("Senator",), None, None, "Ireland", None, None, "person", None, 90),
    ("David Norris", ("Senator",), None, None, "Ireland", None, None, "person", None, 91),
    ("Shiori Yamao", (), None, None, "Japan", None, None, "person", None, 93),
    ("Dovile akaliene", ("MP",), None, None, "Lithuania", None, None, "person", None, 95),
    ("Sjoerd Sjoerdsma", ("MP",), None, None, "Netherlands", None, None, "person", None, 97),
    ("Tom van der Lee", ("MP",), None, None, "Netherlands", None, None, "person", None, 98),
    ("Simon O'Connor", ("MP",), None, None, "New Zealand", None, None, "person", None, 100),
    ("Louisa Wall", ("MP",), None, None, "New Zealand", None, None, "person", None, 101),
    ("David Josefsson", ("MP",), None, None, "Sweden", None, None, "person", None, 103),
    ("Elisabet Lann", (), None, None, "Sweden", None, None, "person", None, 104),
    ("Nicolas Walder", ("MP",), None, None, "Switzerland", None, None, "person", None, 106),
    ("David Alton", ("Lord",), None, None, "United Kingdom", None, None, "person", None, 108),
    ("Chris Bryant", ("MP",), None, None, "United Kingdom", None, None, "person", None, 109),
    ("Nusrat Ghani", ("MP",), None, None, "United Kingdom", None, None, "person", None, 110),
    ("Damian Green", ("MP",), None, None, "United Kingdom", None, None, "person", None, 111),
    ("Geraint Davies", ("MP",), None, None, "United Kingdom", None, None, "person", None, 112),
    (
        "Iain Duncan-Smith",
        ("Rt Hon", "Sir", "MP"),
        None,
        None,
        "United Kingdom",
        None,
        None,
        "person",
        None,
        113,
    ),
    ("Rosie Cooper", ("MP",), None, None, "United Kingdom", None, None, "person", None, 114),
    ("Tim Loughton", ("MP",), None, None, "United Kingdom", None, None, "person", None, 115),
    ("Craig Mackinlay", ("MP",), None, None, "United Kingdom", None, None, "person", None, 116),
    (
        "Mike Gallagher",
        ("Representative",),
        None,
        None,
        "United States",
        None,
        None,
        "person",
        None,
        118,
    ),
    ("Marco Rubio", ("Senator",), None, None, "United States", None, None, "person", None, 120),
]
ACTIVISTS_ADDRESSEES = [
    (
        "Interpol Member States",
        (),
        None,
        "Interpol Member States",
        None,
        None,
        None,
        "organisation",
        None,
        3,
    ),
]
ACTIVISTS_SIGNATORIES = [
    (
        "Abdullam Imerov",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        33,
    ),
    (
        "Ablikim Raziev",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        35,
    ),
    (
        "Adiljan Abdurehim",
        (),
        None,
        "The Norwegian Uyghur Committee",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        37,
    ),
    (
        "Alan Li Tung-sing",
        (),
        None,
        None,
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        39,
    ),
    (
        "Alerk Ablikim",
        (),
        "Political Secretary",
        "Free Uyghur Netherlands",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        41,
    ),
    (
        "Alex Chow",
        (),
        "Board Chair",
        "Hong Kong Democracy Council",
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        43,
    ),
    (
        "Angela Gui",
        (),
        None,
        None,
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        45,
    ),
    (
        "Assal Khamraeva",
        (),
        "Representative",
        "World Uyghur Congress France",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        47,
    ),
    (
        "Bob Fu",
        (),
        None,
        "ChinaAid",
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        49,
    ),
    (
        "Brian Leung Kai-ping",
        (),
        "Executive director",
        "Hong Kong Democracy Council",
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        51,
    ),
    (
        "Chen Jiangang",
        (),
        None,
        None,
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        53,
    ),
    (
        "Dolkun Isa",
        (),
        "President",
        "World Uyghur Congress",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        55,
    ),
    (
        "Ekber Tursun",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        57,
    ),
    (
        "Esmā Gūn",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        59,
    ),
    (
        "Fengsuo Zhou",
        (),
        None,
        "Humanitarian China",
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        61,
    ),
    (
        "Finn Lau",
        (),
        "Founder",
        "Hong Kong Liberty",
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        63,
    ),
    (
        "Gheyyur Qurban",
        (),
        None,
        "World Uyghur Congress Berlin",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        65,
    ),
    (
        "Glacier Kwong Chung-ching",
        (),
        None,
        None,
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        67,
    ),
    (
        "Guljennet Tayir",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        69,
    ),
    (
        "Ghunchem Hoji",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        71,
    ),
    (
        "Hua Ze",
        (),
        None,
        None,
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        73,
    ),
    (
        "Ibrahim Ismail",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        75,
    ),
    (
        "Iptihar Abdureshit",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        77,
    ),
    (
        "Jessica Chiu",
        (),
        None,
        "The Norwegian Hongkong Committee",
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        79,
    ),
    (
        "Muetter Iliqad",
        (),
        None,
        "The Norwegian Uyghur Committee",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        81,
    ),
    (
        "Nathan Law Kwun-chung",
        (),
        None,
        None,
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        83,
    ),
    (
        "Nurahmet Borhan",
        (),
        None,
        "Belgium Uyghur Association",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        85,
    ),
    (
        "Ray Wong Toi-yeung",
        (),
        None,
        None,
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        87,
    ),
    (
        "Rushan Abbas",
        (),
        "Executive Director",
        "Campaign for Uyghurs",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        89,
    ),
    (
        "Sunny Cheung Kwan-yang",
        (),
        "Advisor",
        "Hong Kong Democracy Council",
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        91,
    ),
    (
        "Ted Hui Chi-fung",
        (),
        "Former member",
        "Hong Kong Legislative Council",
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        93,
    ),
    (
        "Teng Biao",
        (),
        None,
        "China Against the Death Penalty",
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        95,
    ),
    (
        "Wayne Chan Ka-kui",
        (),
        None,
        None,
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        97,
    ),
    (
        "Wang Dan",
        (),
        None,
        None,
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        99,
    ),
    (
        "William Lee",
        (),
        "Member",
        "Stand with Hong Kong at Japan",
        None,
        None,
        "Hong Kong activist in exile",
        "person",
        None,
        101,
    ),
    (
        "Yang 'Fred' Zili",
        (),
        None,
        None,
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        103,
    ),
    (
        "Yaxue Cao",
        (),
        None,
        "ChinaChange",
        None,
        None,
        "Chinese human rights activist in exile",
        "person",
        None,
        105,
    ),
    (
        "Zumretay Arkin",
        (),
        "Program and Advocacy Manager",
        "World Uyghur Congress",
        None,
        None,
        "Uyghur activist in exile",
        "person",
        None,
        107,
    ),
]


def records(signatures: tuple[cs.Signature, ...]) -> list[tuple[object, ...]]:
    return [
        (
            s.name,
            s.honorifics,
            s.position,
            s.organisation,
            s.country,
            s.party,
            s.descriptor,
            s.kind,
            s.group,
            s.line,
        )
        for s in signatures
    ]


def read(name: str) -> cs.Letter:
    return cs.parse_letter((LETTERS / name).read_text(encoding="utf-8"), id=name)


def test_ipac_letter() -> None:
    letter = read(IPAC_FILE)
    assert letter.title == "Candidacy of Hu Binchen (P.R. China) to INTERPOL's Executive Committee"
    assert letter.date == dt.date(2021, 11, 15)
    assert letter.signing_group == "MEMBERS OF THE INTER-PARLIAMENTARY ALLIANCE ON CHINA"
    assert records(letter.addressees) == IPAC_ADDRESSEES
    assert records(letter.signatories) == IPAC_SIGNATORIES
    assert letter.issues == ()
    assert letter.signatories[0].raw == "Senator Eric Abetz (Australia)"


def test_activists_letter() -> None:
    letter = read(ACTIVISTS_FILE)
    assert letter.title == "Candidacy of Hu Binchen (China) to INTERPOL's Executive Committee"
    assert letter.date == dt.date(2021, 11, 15)
    assert letter.signing_group is None
    assert records(letter.addressees) == ACTIVISTS_ADDRESSEES
    assert records(letter.signatories) == ACTIVISTS_SIGNATORIES
    # The footnotes between the closing and the names are reported, never taken as names.
    assert [(i.line, i.reason) for i in letter.issues] == [
        (23, "a web address or footnote, not a signature"),
        (25, "a footnote marker, not a signature"),
        (27, "a web address or footnote, not a signature"),
        (29, "a footnote marker, not a signature"),
        (31, "a web address or footnote, not a signature"),
    ]


def test_the_two_letters_share_no_signatory() -> None:
    names = [{s.name for s in read(f).signatories} for f in (IPAC_FILE, ACTIVISTS_FILE)]
    assert names[0].isdisjoint(names[1])
    assert (len(names[0]), len(names[1])) == (47, 38)


def blocks_are_accounted(text: str) -> None:
    """Every non-blank line of the addressee block and of the signature block is accounted."""
    letter, account = _parse(text, None, None)
    lines = text.lstrip("\ufeff").splitlines()
    addressee_lines = [s.line for s in letter.addressees if s.line is not None]
    head = range(min(addressee_lines), max(addressee_lines) + 1) if addressee_lines else range(0)
    after_head = max(addressee_lines, default=0)
    opening = min(n for n, what in account.items() if what == "heading" and n > after_head)
    for number in [*head, *range(opening, len(lines) + 1)]:
        if lines[number - 1].strip():
            assert number in account, (number, lines[number - 1])


@pytest.mark.parametrize("name", [IPAC_FILE, ACTIVISTS_FILE])
def test_every_block_line_is_a_signature_a_heading_or_an_issue(name: str) -> None:
    blocks_are_accounted((LETTERS / name).read_text(encoding="utf-8"))


_LINE = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_categories=("Cs", "Cc")),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, max_size=25))
def test_no_line_of_a_block_is_dropped(tail: list[str]) -> None:
    head = read(IPAC_FILE).title or ""
    text = f"Subject: {head}\n\nDear Ministers,\n\nWe write to you.\n\nSincerely,\n\n" + "\n".join(
        tail
    )
    letter, account = _parse(text, None, None)
    lines = text.splitlines()
    closing = lines.index("Sincerely,") + 1
    for number in range(closing + 1, len(lines) + 1):
        if lines[number - 1].strip():
            assert number in account, (number, lines[number - 1], account)
    read_lines = {s.line for s in letter.signatories}
    assert read_lines <= set(account)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no signature block found"),
        ("   \n\n  ", "no signature block found"),
        (
            "Dear all,\n\nWe write to say that this letter has a body but nobody signed it at "
            "all, which happens.\n",
            "no signature block found",
        ),
    ],
)
def test_letters_without_signatures(text: str, reason: str) -> None:
    letter = cs.parse_letter(text)
    assert letter.signatories == ()
    assert [(i.line, i.reason) for i in letter.issues][-1] == (0, reason)


def test_parse_letter_rejects_bytes() -> None:
    with pytest.raises(cs.InvalidInputError, match="text must be a str, got bytes"):
        cs.parse_letter(b"Sincerely, Ann")  # type: ignore[arg-type]


def test_id_and_source_are_kept() -> None:
    letter = cs.parse_letter("Sincerely,\nJane Roe", id="x", source="/tmp/x.txt")
    assert (letter.id, letter.source) == ("x", "/tmp/x.txt")
    assert [s.name for s in letter.signatories] == ["Jane Roe"]


# Regression tests for silently wrong readings found while writing notebook 03. Each block
# follows the same head, so its first line is line 11.
HEAD = (
    "Subject: T\n\n2 December 2021\n\nDear Minister,\n\nWe write following the election of Hu "
    "Binchen to the Executive Committee and we ask many things of you today.\n\nSigned,\n\n"
)


def block(text: str) -> cs.Letter:
    return cs.parse_letter(HEAD + text)


def test_a_surname_printed_in_capitals_is_a_person() -> None:
    letter = block("Dolkun ISA, World Uyghur Congress\n")
    assert records(letter.signatories) == [
        ("Dolkun ISA", (), None, "World Uyghur Congress", None, None, None, "person", None, 11)
    ]
    assert letter.issues == ()
    assert cs.identity.normalise_name("Dolkun ISA") == cs.identity.normalise_name("Dolkun Isa")
    # After a complete signature it is a signature of its own, not that one's organisation.
    letter = block("Garnett Genuis MP, Canada\nDolkun ISA, World Uyghur Congress\n")
    assert records(letter.signatories) == [
        ("Garnett Genuis", ("MP",), None, None, "Canada", None, None, "person", None, 11),
        ("Dolkun ISA", (), None, "World Uyghur Congress", None, None, None, "person", None, 12),
    ]
    assert letter.signatories[0].raw == "Garnett Genuis MP, Canada"
    letter = block(
        "Reinhard BÜTIKOFER, Member of the European Parliament, Germany\n"
        "LÓPEZ AGUILAR Juan Fernando, Member of the European Parliament, Spain\n"
    )
    assert [
        (s.name, s.kind, s.position, s.organisation, s.country) for s in letter.signatories
    ] == [
        ("Reinhard BÜTIKOFER", "person", "Member", "European Parliament", "Germany"),
        ("LÓPEZ AGUILAR Juan Fernando", "person", "Member", "European Parliament", "Spain"),
    ]


def test_acronyms_still_name_organisations() -> None:
    printed = ["WUC", "ICIJ", "Amnesty International UK", "PEN International", "English PEN",
               "ACAT France", "HRW Asia"]  # fmt: skip
    letter = block("\n".join(printed) + "\n")
    assert [(s.name, s.kind, s.organisation) for s in letter.signatories] == [
        (name, "organisation", name) for name in printed
    ]
    assert letter.issues == ()


def test_an_organisation_under_a_complete_signature_is_its_own_signature() -> None:
    letter = block("Garnett Genuis MP, Canada\nAmnesty International UK\n")
    assert [(s.name, s.kind, s.organisation, s.country) for s in letter.signatories] == [
        ("Garnett Genuis", "person", None, "Canada"),
        ("Amnesty International UK", "organisation", "Amnesty International UK", None),
    ]
    # An office under it still continues it.
    letter = block("Garnett Genuis MP, Canada\nMember of Parliament\n")
    assert records(letter.signatories) == [
        ("Garnett Genuis", ("MP",), "Member of Parliament", None, "Canada", None, None, "person",
         None, 11),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "United Kingdom\n\nChris Bryant MP\n",
        "United Kingdom\nChris Bryant MP\n",
        "United Kingdom:\n\nChris Bryant MP\n",
        "UNITED KINGDOM\n\nChris Bryant MP\n",
    ],
)
def test_a_country_alone_on_a_line_heads_the_names_below(text: str) -> None:
    letter = block(text)
    line = 11 + text.count("\n") - 1
    country = text.split("\n")[0].rstrip(":")
    assert records(letter.signatories) == [
        ("Chris Bryant", ("MP",), None, None, country, None, None, "person", country, line)
    ]
    assert letter.issues == ()


def test_a_country_alone_on_a_line_is_never_a_signatory() -> None:
    letter = block("Chris Bryant MP\n\nUnited Kingdom\n\nIain Duncan Smith MP\n\nAustralia\n")
    assert [(s.name, s.country, s.group, s.line) for s in letter.signatories] == [
        ("Chris Bryant", None, None, 11),
        ("Iain Duncan Smith", "United Kingdom", "United Kingdom", 15),
    ]
    assert [(i.line, i.reason) for i in letter.issues] == [
        (17, "a heading with no signature under it")
    ]
    # Printed on the line under a signature, with a blank line after it, it is its country.
    letter = block("Jane Roe\nFrance\n\nJohn Smith, Director, Tibet Watch\nGermany\n")
    assert [(s.name, s.country, s.group, s.raw) for s in letter.signatories] == [
        ("Jane Roe", "France", None, "Jane Roe / France"),
        ("John Smith", "Germany", None, "John Smith, Director, Tibet Watch / Germany"),
    ]
    assert letter.issues == ()


ANZ = "Australia\nKevin Andrews MP\nKimberley Kitching\n\n"


@pytest.mark.parametrize("heading", ["Activists in exile", "ACTIVISTS IN EXILE", "Activists:"])
def test_a_new_heading_ends_the_scope_of_the_one_above(heading: str) -> None:
    letter = block(f"{ANZ}{heading}\nDolkun Isa, World Uyghur Congress\nWang Dan\n")
    group = heading.rstrip(":")  # a group of people, not an organisation called "Activists"
    assert records(letter.signatories) == [
        ("Kevin Andrews", ("MP",), None, None, "Australia", None, None, "person", "Australia", 12),
        ("Kimberley Kitching", (), None, None, "Australia", None, None, "person", "Australia", 13),
        ("Dolkun Isa", (), None, "World Uyghur Congress", None, None, None, "person", group, 16),
        ("Wang Dan", (), None, None, None, None, None, "person", group, 17),
    ]
    if heading == "Activists in exile":  # not a heading the parser knows: reported
        assert [(i.line, i.reason) for i in letter.issues] == [
            (
                15,
                "does not look like a name or an organisation; read as a heading: the names "
                "below it are grouped under it and take no country or group from the headings "
                "above",
            )
        ]
    else:
        assert letter.issues == ()


def test_a_kind_heading_ends_the_scope_of_a_country_heading() -> None:
    letter = block(f"{ANZ}Organisations:\nHong Kong Watch\n\nIndividuals:\nWang Dan\n")
    assert [(s.name, s.kind, s.country, s.group) for s in letter.signatories][2:] == [
        ("Hong Kong Watch", "organisation", None, None),
        ("Wang Dan", "person", None, None),
    ]


def test_an_unreadable_line_inside_a_section_does_not_end_it() -> None:
    # No blank line above it and lower case: a note, not a heading.
    letter = block(
        "Australia\nKevin Andrews, Member of Parliament\nsigned in a personal capacity\nWang Dan\n"
    )
    assert [(s.name, s.country) for s in letter.signatories] == [
        ("Kevin Andrews", "Australia"),
        ("Wang Dan", "Australia"),
    ]
    assert [(i.line, i.reason) for i in letter.issues] == [
        (13, "does not look like a name or an organisation")
    ]


LONG_SIGNATURE = (
    "Benedict Rogers, co-founder and Chief Executive of Hong Kong Watch, who signs this "
    "statement in a personal capacity and not on behalf of any organisation"
)
TOO_LONG = "too long for a signature (25 words): shorten it to the name, position and organisation"


def test_a_signature_line_too_long_is_an_issue_and_the_block_is_read() -> None:
    letter = block(f"Chris Bryant MP\n{LONG_SIGNATURE}\nNathan Law, Hong Kong activist in exile\n")
    assert records(letter.signatories) == [
        ("Chris Bryant", ("MP",), None, None, None, None, None, "person", None, 11),
        ("Nathan Law", (), None, None, None, None, "Hong Kong activist in exile", "person", None,
         13),
    ]  # fmt: skip
    assert [(i.line, i.text, i.reason) for i in letter.issues] == [(12, LONG_SIGNATURE, TOO_LONG)]
    # First in the block, or alone in it, it is still named.
    letter = block(f"{LONG_SIGNATURE}\nNathan Law\n")
    assert [s.name for s in letter.signatories] == ["Nathan Law"]
    assert [(i.line, i.reason) for i in letter.issues] == [(11, TOO_LONG)]
    letter = block(f"{LONG_SIGNATURE}\n")
    assert [(i.line, i.reason) for i in letter.issues] == [
        (11, TOO_LONG),
        (0, "no signature block found"),
    ]


def test_many_names_on_one_long_line_are_read() -> None:
    names = ["Anna Berg", "Jan de Vries", "Marc Dupont", "Pierre Lefevre", "Giulia Ferri",
             "Thomas Reiner", "Eva Kovacs", "Jonas Petraitis", "Helen Gray", "James Whitlock",
             "Katrin Vogel", "Markus Lindner", "Jane Harwood"]  # fmt: skip
    text = ", ".join(names[:-1]) + f" and {names[-1]}, on behalf of the Greens/EFA Group"
    letter = block(f"{text}\nChris Bryant MP\n")
    assert [(s.name, s.party, s.line) for s in letter.signatories] == [
        *[(name, "Greens/EFA Group", 11) for name in names],
        ("Chris Bryant", None, 12),
    ]
    assert letter.issues == ()


def test_a_note_after_the_signatures_does_not_hide_them() -> None:
    note = (
        "The signatories sign in their personal capacity; the affiliations of those who have "
        "signed are given for identification purposes only and do not imply any endorsement."
    )
    letter = block(f"Chris Bryant MP\nNathan Law\n\n{note}\n")
    assert [(s.name, s.line) for s in letter.signatories] == [
        ("Chris Bryant", 11),
        ("Nathan Law", 12),
    ]
    assert [(i.line, i.reason) for i in letter.issues] == [
        (14, "a sentence of text, not a signature")
    ]


@pytest.mark.parametrize(
    "closing",
    [
        "Yours,",
        "Yours truly,",
        "Truly yours,",
        "Respectfully,",
        "Respectfully yours,",
        "With best regards,",
        "Best regards,",
        "Best wishes,",
        "Warm regards,",
        "Kind regards",
        "Many thanks,",
        "Yours ever,",
        "Very truly yours,",
        "Cordially,",
        "In solidarity,",
        "Mit freundlichen Grüßen",
    ],
)
def test_closings(closing: str) -> None:
    letter = cs.parse_letter(HEAD.replace("Signed,", closing) + "Chris Bryant MP\nWang Dan\n")
    assert [(s.name, s.line) for s in letter.signatories] == [
        ("Chris Bryant", 11),
        ("Wang Dan", 12),
    ]
    assert letter.issues == ()
    _, account = _parse(HEAD.replace("Signed,", closing) + "Chris Bryant MP\n", None, None)
    assert account[9] == "heading"


def test_a_role_line_continues_a_name_under_a_heading_or_before_parentheses() -> None:
    letter = block(
        "Free Tibet Action:\nTenzin Norbu\nCampaigns Coordinator\n\n"
        "Australia\nKevin Andrews\nMember of Parliament\n\n"
        "Senator Kimberley Kitching (Australia)\nMember of Parliament\n"
    )
    assert [(s.name, s.position, s.organisation, s.country, s.raw) for s in letter.signatories] == [
        ("Tenzin Norbu", "Campaigns Coordinator", "Free Tibet Action", None,
         "Tenzin Norbu / Campaigns Coordinator"),
        ("Kevin Andrews", "Member of Parliament", None, "Australia",
         "Kevin Andrews / Member of Parliament"),
        ("Kimberley Kitching", "Member of Parliament", None, "Australia",
         "Senator Kimberley Kitching (Australia) / Member of Parliament"),
    ]  # fmt: skip
    # Several names under a name are signatures of their own.
    letter = block("Jane Roe\nDolkun ISA and Rushan ABBAS\n")
    assert [(s.name, s.organisation, s.line) for s in letter.signatories] == [
        ("Jane Roe", None, 11),
        ("Dolkun ISA", None, 12),
        ("Rushan ABBAS", None, 12),
    ]


def test_a_postscript_after_a_single_signature_does_not_hide_it() -> None:
    postscript = (
        "P.S. We would welcome the opportunity to meet you and discuss these concerns in "
        "person at your earliest convenience."
    )
    letter = cs.parse_letter(
        HEAD.replace("Signed,", "Yours sincerely,") + f"Jane Roe\n\n{postscript}\n"
    )
    assert [(s.name, s.line) for s in letter.signatories] == [("Jane Roe", 11)]
    assert [(i.line, i.reason) for i in letter.issues] == [
        (13, "a sentence of text, not a signature")
    ]


def test_punctuation_under_a_signature_with_a_country_is_an_issue() -> None:
    # "," has no comma segment at all: reading it as a role line once raised IndexError.
    letter = block("Anna Berg (Germany)\n,\n--\nJan de Vries\n")
    assert [(s.name, s.country, s.line) for s in letter.signatories] == [
        ("Anna Berg", "Germany", 11),
        ("Jan de Vries", None, 14),
    ]
    assert [(i.line, i.reason) for i in letter.issues] == [
        (12, "an empty line"),
        (13, "no letters: not a name"),
    ]


# ---------------------------------------------------------------- hostile text: linear time


def distinct_name(i: int) -> str:
    """A person's name of its own for each i < 26**4: Anna Bergaaaa, Anna Bergbaaa, ..."""
    return "Anna Berg" + "".join(chr(ord("a") + i // 26**k % 26) for k in range(4))


NO_BLOCK = (0, "no signature block found")
PARAGRAPH = (11, "too long for a signature (a paragraph of text?)")
NOTE = "Anna Berg, see https://example.org for all we had to say about this here and now."
LAST_NOTE = "We write to ask for the release of all the journalists detained here now."


def hostile_letter(case: str, size: int) -> tuple[str, list[str], list[tuple[int, str]]]:
    """A letter of about `size` characters; the names and issues parse_letter must find in it."""
    if case == "names on one line":  # every name read, from one line
        names = [distinct_name(i) for i in range(size // 15)]
        return HEAD + ", ".join(names), names, []
    if case == "names on their own lines":
        names = [distinct_name(i) for i in range(size // 14)]
        return HEAD + "\n".join(names), names, []
    if case == "numbered names on one line":  # not names: one sentence of the body
        return HEAD + ", ".join(f"Name{i} Surname{i}" for i in range(size // 20)), [], [NO_BLOCK]
    if case == "spaced dashes":  # a separator every 12 characters
        words = 3 * (size // 12)
        reason = TOO_LONG.replace("(25 words)", f"({words} words)")
        return HEAD + "Anna Berg - " * (size // 12), [], [(11, reason), NO_BLOCK]
    if case == "titles":  # Dr Dr Dr ... before a name (too long to be read as a signature)
        text = HEAD + "Dr " * (size // 3) + "Anna Berg, Jan de Vries, Marc Dupont"
        return text, ["Jan de Vries", "Marc Dupont"], []
    if case == "postnominals":  # Anna Berg MP MP MP ...
        return HEAD + "Anna Berg" + " MP" * (size // 3) + ", Jan de Vries", [], [NO_BLOCK]
    if case == "open links":  # [a]( never closed
        return HEAD + "[a](" * (size // 4), [], [PARAGRAPH, NO_BLOCK]
    if case == "closings and notes":  # every closing is followed by prose at the very end
        text = "\n".join(["Sincerely,", NOTE] * (size // 90)) + f"\n{LAST_NOTE}"
        return text, [], [NO_BLOCK]
    if case == "page furniture":  # thousands of "Share" lines above the letter
        text = "Share\n" * (size // 6) + "Dear all,\nWe ask.\nSincerely,\nAnna Berg\n"
        return text, ["Anna Berg"], []
    assert case.startswith("repeated ")  # one character, `size` times
    character = case.removeprefix("repeated ")
    issues = {
        ",": [(11, "an empty line"), NO_BLOCK],
        ":": [(11, "a heading with no signature under it"), NO_BLOCK],
    }
    return HEAD + character * size, [], issues.get(character, [PARAGRAPH, NO_BLOCK])


# Each case was quadratic or worse before (a 64 KiB line took seconds, 1 MiB minutes or hours).
HOSTILE_CASES = [
    *[f"repeated {c}" for c in "a([<@-.,:"],
    "names on one line",
    "names on their own lines",
    "numbered names on one line",
    "spaced dashes",
    "titles",
    "postnominals",
    "open links",
    "closings and notes",
    "page furniture",
]
SLOW_PER_CHARACTER = {"names on one line", "names on their own lines"}  # a signature each


@pytest.mark.parametrize("case", HOSTILE_CASES)
def test_parsing_hostile_text_takes_linear_time(case: str) -> None:
    size = 2**16 if case in SLOW_PER_CHARACTER else 2**18
    seconds = []
    for length in (size, 4 * size):
        text, names, issues = hostile_letter(case, length)
        started = time.process_time()
        letter = cs.parse_letter(text)
        seconds.append(time.process_time() - started)
        assert [s.name for s in letter.signatories] == names
        assert [(i.line, i.reason) for i in letter.issues] == issues
    # Four times the text, at most eight times the time (sixteen if quadratic); CPU time, so a
    # busy machine does not fail the test, and a floor for the timer's resolution.
    assert seconds[1] < 8 * max(seconds[0], 0.05), seconds
