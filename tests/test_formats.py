"""Letters as they are published: HTML pages, PDFs, Word documents, front matter."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

import cosignet as cs
from cosignet import _extract
from cosignet._frontmatter import split_front_matter
from documents import IMAGE_PAGE, docx, pdf

BODY = [
    "15 November 2021",
    "Dear Minister,",
    "We write to ask for the immediate release of the journalists detained last week in the "
    "capital.",
    "Sincerely,",
]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def names(corpus: cs.Corpus) -> list[tuple[str, str | None, str | None]]:
    table = corpus.signatures
    return list(zip(table.name, table.organisation, table.country, strict=True))


# ------------------------------------------------------------------ HTML

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Site | Open letter</title>
<script>document.write("<p>Injected, Evil Corp</p>")</script><style>p {}</style></head>
<body>
<header><nav><a href="/">Home</a> <a href="/about">About us</a></nav><p>Site banner</p></header>
<main>
<h1>Open letter on the INTERPOL election &amp; Hu Binchen</h1>
<p>15 November 2021</p>
<p>Dear Minister,</p>
<p>We write to ask for the immediate release of the journalists detained last week in the
capital.</p>
<p>Sincerely,</p>
<ul>
  <li>Ann Lee, Reporters Without Borders</li>
  <li><strong>Bob Ray MP</strong> (United Kingdom)</li>
</ul>
<table>
  <thead><tr><th>Country</th><th>Name</th><th>Affiliation</th></tr></thead>
  <tbody>
    <tr><td>France</td><td>Cy Doe</td><td>Amnesty International</td></tr>
    <tr><td>Germany</td><td>Di Eve</td><td></td></tr>
  </tbody>
</table>
<form><label>Your name</label><input name="name"><button>Sign</button></form>
</main>
<aside><p>Related: Another letter, Another Org</p></aside>
<footer><p>Copyright 2021, Example Org</p></footer>
</body></html>
"""


def test_html_main_text_keeps_lists_and_tables() -> None:
    assert _extract.html_text(PAGE).text == (
        "# Open letter on the INTERPOL election & Hu Binchen\n"
        "\n"
        "15 November 2021\n"
        "\n"
        "Dear Minister,\n"
        "\n"
        "We write to ask for the immediate release of the journalists detained last week in "
        "the capital.\n"
        "\n"
        "Sincerely,\n"
        "\n"
        "- Ann Lee, Reporters Without Borders\n"
        "- Bob Ray MP (United Kingdom)\n"
        "\n"
        "Cy Doe, Amnesty International, France\n"
        "Di Eve, Germany\n"
    )


def test_html_letter_is_read(tmp_path: Path) -> None:
    corpus = cs.read_letters(write(tmp_path / "interpol.html", PAGE))
    letter = corpus.letters.iloc[0]
    assert (letter.letter_id, letter.title, letter.date) == (
        "interpol",
        "Open letter on the INTERPOL election & Hu Binchen",
        dt.date(2021, 11, 15),
    )
    assert names(corpus) == [
        ("Ann Lee", "Reporters Without Borders", None),
        ("Bob Ray", None, "United Kingdom"),
        ("Cy Doe", "Amnesty International", "France"),
        ("Di Eve", None, "Germany"),
    ]
    assert corpus.sources.to_dict("records") == [
        {
            "path": str(tmp_path / "interpol.html"),
            "format": "html",
            "status": "read",
            "reason": None,
            "letters": 1,
            "signatures": 4,
        }
    ]


def test_html_without_main_drops_page_chrome_and_nested_lists_indent() -> None:
    page = (
        "<html><body><header><p>Menu, Links</p></header><div><h2>Signed by</h2>"
        "<ol><li>Ann Lee<ul><li>Director, Tibet Watch</li></ul></li><li>Bob Ray</li></ol>"
        "<p>Line one<br>line two</p></div><footer>Footer text</footer></body></html>"
    )
    assert _extract.html_text(page).text == (
        "## Signed by\n\n- Ann Lee\n  - Director, Tibet Watch\n- Bob Ray\n\nLine one\nline two\n"
    )


def test_html_largest_article_and_layout_tables() -> None:
    page = (
        "<body><article><p>Short teaser</p></article><article><h1>The letter</h1>"
        "<table><tr><td><p>First paragraph.</p><ul><li>Ann Lee</li></ul></td></tr></table>"
        "</article></body>"
    )
    assert _extract.html_text(page).text == "# The letter\n\nFirst paragraph.\n\n- Ann Lee\n"


def test_html_table_without_a_name_header_keeps_rows_as_printed() -> None:
    page = (
        "<main><table><tr><th>Signatory organisations</th><th>Where</th></tr>"
        "<tr><td>Tibet Watch</td><td>London</td></tr></table></main>"
    )
    assert _extract.html_text(page).text == "Signatory organisations, Where\nTibet Watch, London\n"


def test_html_is_never_fetched_nor_run(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "TOP SECRET")
    page = (
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "file://{secret}">]><html><body><main>'
        f'<p>&x;</p><iframe src="file://{secret}"></iframe><img src="http://192.0.2.1/x.png">'
        "<p>Ann Lee</p></main></body></html>"
    )
    text = _extract.html_text(page).text
    assert "SECRET" not in text
    assert text.endswith("Ann Lee\n")


def test_html_charset_and_errors(tmp_path: Path) -> None:
    latin = write(
        tmp_path / "latin.html",
        '<html><head><meta charset="iso-8859-1"></head><body><main><h1>Lettre</h1><p>Dear all,'
        "</p><p>Sincerely,</p><p>Reinhard Bütikofer MEP</p></main></body></html>".encode("latin-1"),
    )
    corpus = cs.read_letters(latin)
    assert corpus.letters.title.tolist() == ["Lettre"]
    assert corpus.signatures.name.tolist() == ["Reinhard Bütikofer"]
    unknown = write(tmp_path / "x.html", b'<meta charset="klingon"><p>x</p>')
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(unknown)
    assert str(info.value) == f"{unknown}: the page declares the unknown character set 'klingon'"
    undeclared = write(tmp_path / "y.html", "<p>Bütikofer</p>".encode("latin-1"))
    with pytest.raises(cs.ParseError, match=r"y.html: not valid UTF-8: byte 0xfc at offset 4"):
        cs.read_letters(undeclared)


def test_html_without_text_is_refused_with_a_warning(tmp_path: Path) -> None:
    empty = write(tmp_path / "a" / "empty.html", "<html><body><nav>Menu</nav></body></html>")
    write(tmp_path / "a" / "letter.txt", "Sincerely,\nAnn Lee\n")
    with pytest.warns(cs.CosignetWarning) as warned:
        corpus = cs.read_letters(tmp_path / "a")
    assert [str(w.message) for w in warned] == [
        f"read_letters refused 1 file (see corpus.sources): {empty} (the page holds no text in "
        "its main part)"
    ]
    assert corpus.sources[["format", "status", "letters"]].values.tolist() == [
        ["html", "refused", 0],
        ["text", "read", 1],
    ]


# ------------------------------------------------------------------ front matter


def test_front_matter_title_and_date_win(tmp_path: Path) -> None:
    text = (
        "---\ntitle: 'Candidacy of Hu Binchen'\ndate: 2021-11-15\nlayout: post\n---\n"
        "Subject: A subject line\n\n3 March 2024\n\nDear Minister,\n\n"
        + BODY[2]
        + "\n\nSincerely,\n\nAnn Lee\n"
    )
    corpus = cs.read_letters(write(tmp_path / "letter.md", text))
    assert corpus.letters[["title", "date"]].values.tolist() == [
        ["Candidacy of Hu Binchen", dt.date(2021, 11, 15)]
    ]
    assert corpus.signatures[["name", "line"]].values.tolist() == [["Ann Lee", 16]]


def test_front_matter_in_html_and_a_written_date(tmp_path: Path) -> None:
    page = (
        "---\ndate: 15 November 2021\n---\n<main><h1>Title</h1><p>Sincerely,</p><p>Ann</p></main>"
    )
    corpus = cs.read_letters(write(tmp_path / "p.html", page))
    assert corpus.letters[["title", "date"]].values.tolist() == [["Title", dt.date(2021, 11, 15)]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: x\n", "the front matter opened by '---' on line 1 is never closed (a line "
         "'---' must end it)"),
        ("---\ntitle: [x\n---\n", "the front matter is not valid YAML on line 3: did not find "
         "expected ',' or ']'"),
        ("---\n- a\n---\n", "the front matter must be a mapping of keys to values (title: ..., "
         "date: ...), got a list"),
        ("---\ndate: soon\n---\n", "the front matter's date 'soon' is not a date"),
        ("---\ntitle: {a: 1}\n---\n", "the front matter's title must be text, got a dict"),
    ],
)  # fmt: skip
def test_front_matter_errors(text: str, message: str) -> None:
    with pytest.raises(cs.ParseError) as info:
        split_front_matter(text, "x.md")
    assert str(info.value) == f"x.md: {message}"


def test_no_front_matter_and_an_empty_one() -> None:
    assert split_front_matter("Dear all\n---\n", "x.md")[1] == "Dear all\n---\n"
    meta, body = split_front_matter("---\n---\nDear all", "x.md")
    assert (meta.title, meta.date, body) == (None, None, "\n\nDear all")


# ------------------------------------------------------------------ PDF

LETTER_LINES = [
    "Open letter on INTERPOL",
    *BODY,
    "Ann Lee, Reporters Without Borders",
    "Bob Ray MP (United Kingdom)",
]


def test_pdf_text_layer(tmp_path: Path) -> None:
    path = write(tmp_path / "interpol.pdf", pdf(LETTER_LINES))
    assert _extract.pdf_text(path.read_bytes(), "x.pdf") == _extract.Extracted(
        "\n".join(LETTER_LINES) + "\n"
    )
    corpus = cs.read_letters(path)
    assert corpus.letters[["letter_id", "title", "date"]].values.tolist() == [
        ["interpol", "Open letter on INTERPOL", dt.date(2021, 11, 15)]
    ]
    assert names(corpus) == [
        ("Ann Lee", "Reporters Without Borders", None),
        ("Bob Ray", None, "United Kingdom"),
    ]
    assert corpus.sources.format.tolist() == ["pdf"]


def test_pdf_page_without_text_is_an_issue(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.pdf", pdf(LETTER_LINES, IMAGE_PAGE))
    corpus = cs.read_letters(path)
    assert corpus.issues[["line", "reason"]].values.tolist()[0] == [
        0,
        "page 2 of the PDF has no text layer (a scanned image?); its text was not read",
    ]
    assert len(corpus.signatures) == 2


def test_scanned_pdf_is_refused_not_skipped(tmp_path: Path) -> None:
    scan = write(tmp_path / "letters" / "scan.pdf", pdf(IMAGE_PAGE, IMAGE_PAGE))
    write(tmp_path / "letters" / "typed.pdf", pdf(LETTER_LINES))
    reason = (
        "the PDF has no text layer (a scanned image?); cosignet does not read text from images: "
        "run OCR on it (for example ocrmypdf) and read the result"
    )
    with pytest.warns(cs.CosignetWarning) as warned:
        corpus = cs.read_letters(tmp_path / "letters")
    assert str(warned[0].message) == (
        f"read_letters refused 1 file (see corpus.sources): {scan} ({reason})"
    )
    assert corpus.sources.to_dict("records")[0] == {
        "path": str(scan),
        "format": "pdf",
        "status": "refused",
        "reason": reason,
        "letters": 0,
        "signatures": 0,
    }
    assert corpus.letters.letter_id.tolist() == ["typed"]
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(scan)
    assert str(info.value) == f"no letter could be read: {scan} ({reason})"


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4\n%%EOF\n", b"%PDF-1.4\n1 0 obj << /Type /Catalog", b"not a pdf at all"]
)
def test_broken_pdf_is_a_parse_error_naming_the_file(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "broken.pdf", data)
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(path)
    assert str(info.value).startswith(f"{path}: cannot read the PDF: ")


def test_empty_pdf_file(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.pdf", b"")
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(path)
    assert str(info.value) == f"{path}: the file is empty"


# ------------------------------------------------------------------ Word


def build_letter(document) -> None:  # type: ignore[no-untyped-def]
    document.add_heading("Open letter on INTERPOL", 1)
    for text in BODY:
        document.add_paragraph(text)
    document.add_paragraph("Ann Lee, Reporters Without Borders", style="List Bullet")
    item = document.add_paragraph("Bob Ray MP", style="List Bullet")
    item.add_run().add_break()
    item.add_run("United Kingdom")
    table = document.add_table(rows=3, cols=3)
    rows = [("Country", "Name", "Affiliation"), ("France", "Cy Doe", "Amnesty International")]
    rows.append(("Germany", "Di Eve", ""))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def test_docx_paragraphs_lists_and_tables(tmp_path: Path) -> None:
    data = docx(build_letter)
    assert _extract.docx_text(data, "x.docx").text == (
        "# Open letter on INTERPOL\n\n15 November 2021\n\nDear Minister,\n\n"
        + BODY[2]
        + "\n\nSincerely,\n\n"
        "- Ann Lee, Reporters Without Borders\n- Bob Ray MP\n  United Kingdom\n\n"
        "Cy Doe, Amnesty International, France\nDi Eve, Germany\n"
    )
    corpus = cs.read_letters(write(tmp_path / "letter.docx", data))
    assert corpus.letters[["title", "date"]].values.tolist() == [
        ["Open letter on INTERPOL", dt.date(2021, 11, 15)]
    ]
    assert names(corpus) == [
        ("Ann Lee", "Reporters Without Borders", None),
        ("Bob Ray", None, "United Kingdom"),
        ("Cy Doe", "Amnesty International", "France"),
        ("Di Eve", None, "Germany"),
    ]


def test_docx_without_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.docx", docx(lambda document: None))
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(path)
    assert str(info.value) == f"no letter could be read: {path} (the document holds no text)"


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_broken_docx_files(tmp_path: Path) -> None:
    old = write(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0 an OLE file, a .doc renamed")
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(old)
    assert str(info.value) == (
        f"{old}: not a Word document (.docx is a zip archive; this file is not one: an old "
        ".doc, or a damaged file?)"
    )
    other = write(tmp_path / "other.docx", zipped({"hello.txt": b"hi"}))
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(other)
    assert str(info.value) == f"{other}: not a Word document (it has no word/document.xml)"
    good = docx(build_letter)
    cut = write(tmp_path / "cut.docx", good[: len(good) // 2])
    with pytest.raises(cs.ParseError, match=r"cut.docx: not a Word document"):
        cs.read_letters(cut)
    archive = zipfile.ZipFile(io.BytesIO(good))
    broken = {name: archive.read(name) for name in archive.namelist()}
    broken["word/document.xml"] = b"<w:document><unclosed>"
    bad_xml = write(tmp_path / "bad.docx", zipped(broken))
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(bad_xml)
    assert str(info.value).startswith(f"{bad_xml}: cannot read the Word document: XMLSyntaxError")


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    archive = zipfile.ZipFile(io.BytesIO(docx(build_letter)))
    entries = {name: archive.read(name) for name in archive.namelist()}
    entries["word/media/bomb.bin"] = b"\x00" * (_extract.MAX_DOCX_UNPACKED + 1)
    data = zipped(entries)
    assert len(data) < 300_000
    path = write(tmp_path / "bomb.docx", data)
    with pytest.raises(cs.ParseError) as info:
        cs.read_letters(path)
    unpacked = sum(len(v) for v in entries.values())
    assert str(info.value) == (
        f"{path}: the Word document unpacks to {unpacked:,} bytes, more than "
        f"{_extract.MAX_DOCX_UNPACKED:,}; refused (a zip bomb?)"
    )


def test_docx_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "TOP SECRET")
    archive = zipfile.ZipFile(io.BytesIO(docx(build_letter)))
    entries = {name: archive.read(name) for name in archive.namelist()}
    xml = entries["word/document.xml"].decode("utf-8")
    head, rest = xml.split("?>", 1)
    doctype = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>'
    entries["word/document.xml"] = (
        head + "?>" + doctype + rest.replace("Ann Lee", "Ann Lee &x;", 1)
    ).encode("utf-8")
    text = _extract.docx_text(zipped(entries), "x.docx").text
    assert "SECRET" not in text
    assert "- Ann Lee" in text
