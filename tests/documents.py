"""Small PDF and Word documents made at test time, byte for byte (no generator library)."""

from __future__ import annotations

import io
import zlib


def _pdf(pages: list[bytes], extra: list[bytes] | None = None) -> bytes:
    """A PDF with one content stream per page (Helvetica as F1, an image as Im1)."""
    objects: list[bytes] = []
    n_pages = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    font = 3 + 2 * n_pages
    image = font + 1
    for i, content in enumerate(pages):
        stream = zlib.compress(content)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> /XObject << /Im1 {image} 0 R >> >> "
            ">>".encode()
        )
        objects.append(
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
            + stream
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pixels = zlib.compress(bytes([0x80] * 16 * 16))
    objects.append(
        f"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray "
        f"/BitsPerComponent 8 /Length {len(pixels)} /Filter /FlateDecode >>\nstream\n".encode()
        + pixels
        + b"\nendstream"
    )
    objects.extend(extra or [])
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def text_page(lines: list[str]) -> bytes:
    """A page content stream printing `lines` (Latin-1) top to bottom."""

    def escaped(text: str) -> bytes:
        raw = text.encode("latin-1")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    parts = [b"BT /F1 11 Tf 14 TL 72 780 Td"]
    for line in lines:
        parts.append(b"(" + escaped(line) + b") Tj T*")
    parts.append(b"ET")
    return b"\n".join(parts)


#: A page that only paints an image: what a scanner makes.
IMAGE_PAGE = b"q 400 0 0 400 72 300 cm /Im1 Do Q"


def pdf(*pages: list[str] | bytes) -> bytes:
    """A PDF whose pages print the given lines (or run the given content stream)."""
    return _pdf([p if isinstance(p, bytes) else text_page(p) for p in pages])


def docx(build) -> bytes:  # type: ignore[no-untyped-def]
    """A Word document made by python-docx: `build(document)` adds the content."""
    import docx as python_docx

    document = python_docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
