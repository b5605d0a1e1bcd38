"""Letters published as documents (HTML, DOCX, PDF), as the text :func:`parse_letter` reads.

Each extractor takes the file's bytes (read, bounded, by :mod:`cosignet.readers`; no library
opens a path) and returns :class:`Extracted`: plain text in which the document's structure
survives as the parser knows it -- headings as Markdown ``#`` lines, list items as ``- ``
lines (nested ones indented), each line break of a paragraph as a line, each table row as one
line of its cells joined by ``", "`` -- and notes about the whole document (pages without
text). A document that holds no text at all (a scanned PDF, an empty page) raises
:class:`NoTextError`; one that is broken raises :class:`~cosignet.ParseError` naming the file.

Tables: a header row (``<th>`` cells, ``<thead>``, or in a DOCX the first row) that names a
name column is not printed; the cells of every row are then printed in the order the parser
reads signatures in, name, position, organisation, country, then the rest as printed. Other
tables print every row, cells in printed order. A table whose cells hold paragraphs or lists
(a page laid out with a table) is printed block by block instead.

Text from documents is data: nothing in it is executed, no link or entity is fetched
(lxml's parsers are run with ``no_network`` and without entity resolution), and DOCX
archives are checked against :data:`MAX_DOCX_UNPACKED` before anything is unpacked.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cosignet.errors import ParseError

__all__ = [
    "MAX_DOCX_UNPACKED",
    "Extracted",
    "NoTextError",
    "docx_text",
    "html_text",
    "html_unicode",
    "pdf_text",
]

#: A DOCX archive whose parts unpack to more bytes than this is refused (a "zip bomb").
MAX_DOCX_UNPACKED = 200_000_000


class NoTextError(Exception):
    """A document holds no text to read (not an error in the file): the reason says why."""


@dataclass(frozen=True)
class Extracted:
    """A document's text, and notes about the whole document (for the letter's issues)."""

    text: str
    notes: tuple[str, ...] = ()


# ------------------------------------------------------------------ the text being built


class _Lines:
    """Lines of text built block by block: inline text joins, blocks break lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._prefix = ""  # of the current line: a list marker or "# "
        self._continuation = ""  # of the lines after it in the same block (a <br> in an item)

    def text(self, piece: str | None) -> None:
        if piece:
            self._parts.append(piece)

    def start(self, prefix: str = "") -> None:
        """End the current line and start a block whose first line begins with `prefix`."""
        self.newline()
        self._prefix = prefix
        self._continuation = " " * len(prefix) if prefix.lstrip().startswith("- ") else ""

    def newline(self) -> None:
        """End the current line (a line break inside the block)."""
        line = " ".join("".join(self._parts).split())
        self._parts = []
        if line:
            self.lines.append(self._prefix + line)
            self._prefix = self._continuation

    def paragraph(self) -> None:
        """End the current block and leave a blank line (between paragraphs)."""
        self.start()
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def row(self, cells: list[str]) -> None:
        self.start()
        line = ", ".join(cell for cell in cells if cell)
        if line:
            self.lines.append(line)

    def result(self) -> str:
        self.paragraph()
        text = "\n".join(self.lines).strip("\n")
        return text + "\n" if text else ""


# Header words that say what a table column holds, in the order the parser reads them.
_COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name", ("name", "full name", "signatory", "signatories", "signer", "signed by")),
    ("position", ("position", "title", "role", "function", "job", "office")),
    ("organisation", ("organisation", "organization", "affiliation", "institution", "employer")),
    ("country", ("country", "nation", "state")),
)


def _header_order(header: list[str]) -> list[int] | None:
    """Column positions in reading order when `header` names a name column, else None."""
    kinds: dict[str, int] = {}
    for position, cell in enumerate(header):
        word = " ".join(cell.lower().replace(":", " ").split())
        for kind, words in _COLUMN_WORDS:
            if word in words and kind not in kinds:
                kinds[kind] = position
                break
    if "name" not in kinds:
        return None
    known = [kinds[kind] for kind, _ in _COLUMN_WORDS if kind in kinds]
    return known + [p for p in range(len(header)) if p not in known]


def _table_rows(lines: _Lines, rows: list[list[str]], header: list[str] | None) -> None:
    """Print `rows` one line each, in the header's reading order when it names columns."""
    order = _header_order(header) if header is not None else None
    if header is not None and order is None:
        lines.row(header)  # a header that names no signature column may be text: keep it
    for cells in rows:
        if order is not None:
            cells = [cells[p] for p in order if p < len(cells)]
        lines.row(cells)
    lines.paragraph()


# ------------------------------------------------------------------ HTML

_SKIPPED_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
        "math", "iframe", "frame", "frameset", "object", "embed", "canvas", "video", "audio",
        "map", "button", "select", "input", "textarea", "option", "form", "nav", "aside",
        "dialog",
    }
)  # fmt: skip
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "blockquote", "address",
        "figure", "figcaption", "dl", "dt", "dd", "pre", "center", "fieldset", "details",
        "summary", "hr", "body", "html", "caption", "legend",
    }
)  # fmt: skip
_PARAGRAPH_TAGS = frozenset({"p", "blockquote", "hr", "figure", "address", "dl"})
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_CELL_BLOCKS = ("p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def html_text(text: str) -> Extracted:
    """Return the main text of an HTML page (decoded by :func:`html_unicode`).

    The main text is the largest ``<main>``, else element with ``role="main"``, else
    ``<article>``, else the ``<body>`` without the page's header and footer. Navigation,
    sidebars (``<aside>``), forms, scripts and styles are left out everywhere.
    """
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise NoTextError(f"the page holds no text ({error})") from None
    main = _main_element(root)
    lines = _Lines()
    _walk_html(main, lines, 0)
    result = lines.result()
    if not result:
        raise NoTextError("the page holds no text in its main part")
    return Extracted(result)


def html_unicode(data: bytes, source: str, utf8: Callable[[bytes, str], str]) -> str:
    """Decode a page by the character set its ``<meta>`` declares, else by `utf8`."""
    declared = _CHARSET.search(data[:4096])
    if declared is not None:
        name = declared.group(1).decode("ascii").lower()
        if name.replace("-", "").replace("_", "") not in ("utf8", "utf8mb4"):
            try:
                return data.decode(name).removeprefix("\ufeff")
            except LookupError:
                raise ParseError(
                    f"{source}: the page declares the unknown character set {name!r}"
                ) from None
            except UnicodeDecodeError as error:
                raise ParseError(
                    f"{source}: not valid {name}: byte 0x{data[error.start]:02x} at offset "
                    f"{error.start}, the character set the page declares"
                ) from None
    return utf8(data, source)


def _main_element(root: Any) -> Any:
    for path in ("//main", "//*[@role='main']", "//article"):
        found = root.xpath(path)
        if found:
            return max(found, key=lambda element: len(element.text_content()))
    body = root.find("body")
    body = root if body is None else body
    for chrome in body.xpath("//header | //footer"):
        if not chrome.xpath("ancestor::article | ancestor::main | ancestor::section"):
            chrome.drop_tree()  # the page's header and footer, not a letter's
    return body


def _walk_html(element: Any, lines: _Lines, depth: int) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if tag in _SKIPPED_TAGS:
        lines.text(element.tail)
        return
    if tag == "br":
        lines.newline()
    elif tag == "table":
        _html_table(element, lines, depth)
    elif tag in ("ul", "ol", "menu"):
        lines.start()
        for child in element:
            _walk_html(child, lines, depth + 1)
        if depth == 0:
            lines.paragraph()
        else:
            lines.start()
    elif tag == "li":
        lines.start("  " * max(depth - 1, 0) + "- ")
        _inline(element, lines, depth)
        lines.start()
    elif tag in _HEADINGS:
        lines.paragraph()
        lines.start("#" * _HEADINGS[tag] + " ")
        _inline(element, lines, depth)
        lines.paragraph()
    elif tag == "pre":
        lines.paragraph()
        for line in element.text_content().splitlines():
            lines.text(line)
            lines.newline()
        lines.paragraph()
    elif tag in _BLOCK_TAGS:
        separate = lines.paragraph if tag in _PARAGRAPH_TAGS else lines.start
        separate()
        _inline(element, lines, depth)
        separate()
    else:
        _inline(element, lines, depth)
    lines.text(element.tail)


def _inline(element: Any, lines: _Lines, depth: int) -> None:
    lines.text(element.text)
    for child in element:
        _walk_html(child, lines, depth)


def _html_rows(table: Any) -> Iterator[Any]:
    """Yield the table's own rows (not those of tables inside its cells)."""
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if isinstance(row.tag, str) and row.tag == "tr")


def _cells(row: Any) -> list[Any]:
    return [cell for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]


def _html_table(table: Any, lines: _Lines, depth: int) -> None:
    rows = list(_html_rows(table))
    if any(
        cell.xpath(" | ".join(f".//{t}" for t in _CELL_BLOCKS)) for r in rows for cell in _cells(r)
    ):
        lines.paragraph()  # a table laid out with paragraphs and lists: read it block by block
        for row in rows:
            for cell in _cells(row):
                _inline(cell, lines, depth)
                lines.paragraph()
        return
    header: list[str] | None = None
    body: list[list[str]] = []
    for row in rows:
        cells = _cells(row)
        texts = [_cell_text(cell, depth) for cell in cells]
        in_head = row.getparent() is not None and row.getparent().tag == "thead"
        if header is None and not body and cells and (in_head or all(c.tag == "th" for c in cells)):
            header = texts
        else:
            body.append(texts)
    lines.paragraph()
    _table_rows(lines, body, header)


def _cell_text(cell: Any, depth: int) -> str:
    inner = _Lines()
    _inline(cell, inner, depth)
    return ", ".join(line for line in inner.result().splitlines() if line)


# ------------------------------------------------------------------ DOCX


def docx_text(data: bytes, source: str) -> Extracted:
    """Return the body text of a Word document (.docx): paragraphs, headings, lists, tables.

    Headers, footers, footnotes, comments and text boxes are not read.
    """
    _check_docx_archive(data, source)
    import docx
    from docx.table import Table

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = docx.Document(io.BytesIO(data))
            lines = _Lines()
            for block in document.iter_inner_content():
                if isinstance(block, Table):
                    _docx_table(block, lines)
                else:
                    _docx_paragraph(block, lines)
    except ParseError:
        raise
    except Exception as error:  # any failure of the library on a broken file
        raise ParseError(
            f"{source}: cannot read the Word document: {type(error).__name__}: {error}"
        ) from None
    result = lines.result()
    if not result:
        raise NoTextError("the document holds no text")
    return Extracted(result)


def _check_docx_archive(data: bytes, source: str) -> None:
    """Refuse what is no zip archive, and archives that unpack past MAX_DOCX_UNPACKED."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ParseError(
            f"{source}: not a Word document (.docx is a zip archive; this file is not one: "
            "an old .doc, or a damaged file?)"
        ) from None
    with archive:
        entries = archive.infolist()
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > MAX_DOCX_UNPACKED:
            raise ParseError(
                f"{source}: the Word document unpacks to {unpacked:,} bytes, more than "
                f"{MAX_DOCX_UNPACKED:,}; refused (a zip bomb?)"
            )
        if "word/document.xml" not in archive.namelist():
            raise ParseError(f"{source}: not a Word document (it has no word/document.xml)")


def _docx_paragraph(paragraph: Any, lines: _Lines) -> None:
    style = paragraph.style.name if paragraph.style is not None else ""
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    prefix = ""
    if style == "Title":
        prefix = "# "
    elif style.startswith("Heading") and style[7:].strip().isdigit():
        prefix = "#" * min(int(style[7:]), 6) + " "
    elif numbered or style.startswith("List"):
        level = properties.numPr.ilvl if numbered and properties.numPr.ilvl is not None else None
        prefix = "  " * (int(level.val) if level is not None else 0) + "- "
    if not prefix.endswith("- "):
        lines.paragraph()
    lines.start(prefix)
    for text in paragraph.text.split("\n"):  # a line break (<w:br/>) inside the paragraph
        lines.text(text)
        lines.newline()
    if prefix.endswith("- "):
        lines.start()
    else:
        lines.paragraph()


def _docx_table(table: Any, lines: _Lines) -> None:
    rows: list[list[str]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell comes once per column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(", ".join(" ".join(p.split()) for p in cell.text.split("\n") if p.strip()))
        rows.append(cells)
    lines.paragraph()
    if rows and _header_order(rows[0]) is not None:
        _table_rows(lines, rows[1:], rows[0])
    else:
        _table_rows(lines, rows, None)


# ------------------------------------------------------------------ PDF


def pdf_text(data: bytes, source: str) -> Extracted:
    """Return the text layer of a PDF, page by page; pages without one are noted.

    A PDF whose pages hold no text at all (a scan) raises :class:`NoTextError`: cosignet does no
    optical character recognition. An encrypted PDF that opens without a password is read.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf's notes on repaired structure
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise NoTextError("the PDF is encrypted with a password; give a decrypted copy")
            pages = [page.extract_text() or "" for page in reader.pages]
    except NoTextError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, NotImplementedError) as error:  # fmt: skip
        raise ParseError(
            f"{source}: cannot read the PDF: {type(error).__name__}: {error}"
        ) from None
    empty = [number for number, page in enumerate(pages, 1) if not page.strip()]
    if len(empty) == len(pages):
        raise NoTextError(
            "the PDF has no text layer (a scanned image?); cosignet does not read text from "
            "images: run OCR on it (for example ocrmypdf) and read the result"
        )
    notes = tuple(
        f"page {number} of the PDF has no text layer (a scanned image?); its text was not read"
        for number in empty
    )
    return Extracted("\n".join(_pdf_lines(pages)), notes)


def _pdf_lines(pages: Iterable[str]) -> Iterator[str]:
    for page in pages:
        yield from (line.rstrip() for line in page.splitlines())
        yield ""
