"""A PDF of monospaced lines, written directly: A4 portrait, Courier (a font every PDF reader
has, so nothing is embedded), a heading and "Page N of M" on every page.

Enough for a numbered transcript and no more: each given line is one printed line (the caller
has wrapped them), text is encoded as Windows-1252 and anything outside it prints as `?`.
"""

from __future__ import annotations

PAGE_WIDTH, PAGE_HEIGHT = 595.28, 841.89
MARGIN_LEFT, MARGIN_TOP, MARGIN_BOTTOM = 42.0, 56.0, 50.0
SIZE, LEADING = 9.5, 12.0
LINES_PER_PAGE = int((PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) // LEADING)


def _literal(text: str) -> bytes:
    """A PDF string literal in Windows-1252, with `\\`, `(` and `)` escaped."""
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _page_stream(lines: list[str], heading: str, page: int, pages: int) -> bytes:
    top = PAGE_HEIGHT - MARGIN_TOP
    parts = [
        b"BT /F1 8 Tf",
        b"%.2f %.2f Td " % (MARGIN_LEFT, PAGE_HEIGHT - 32) + _literal(heading[:110]) + b" Tj",
        b"ET BT /F1 8 Tf",
        b"%.2f 28 Td " % (PAGE_WIDTH - MARGIN_LEFT - 80) + _literal(f"Page {page} of {pages}"),
        b"Tj ET",
        b"BT /F1 %.1f Tf %.1f TL %.2f %.2f Td" % (SIZE, LEADING, MARGIN_LEFT, top),
    ]
    parts.extend(_literal(line) + b" Tj T*" for line in lines)
    parts.append(b"ET")
    return b"\n".join(parts)


def text_pdf(lines: list[str], heading: str, title: str) -> bytes:
    """The bytes of a PDF printing `lines`, `LINES_PER_PAGE` to a page."""
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages' numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
        b"<< /Title " + _literal(title) + b" /Producer (qualframe) >>",
    ]
    kids = []
    for number, chunk in enumerate(pages, start=1):
        stream = _page_stream(chunk, heading, number, len(pages))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, content)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
