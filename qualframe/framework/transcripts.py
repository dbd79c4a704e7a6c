"""Transcripts as a supervisor holds them: numbered printed lines, the lines charts cite.

`qualframe doc export DOC -o FILE.txt|.docx|.pdf` writes one; `chart --with-transcripts` puts
the cited ones in the chart's appendix. Both number lines through `lines.printed_lines`, the
function the chart references are counted with. The pages are portrait A4 in a monospaced font
at a size where a numbered line of `lines.WIDTH` characters fits the text width, so the word
processor or PDF reader never wraps a line again and a line on paper is a line in a reference.
The PDF is written directly (one standard font, Courier; text outside Windows-1252 prints as
`?`), so no PDF library is needed.
"""

from __future__ import annotations

import io

from sqlalchemy.orm import Session

from qualframe.corpus.documents import current_text, find_document
from qualframe.errors import UserError
from qualframe.framework.appendix import Transcript
from qualframe.framework.lines import WIDTH, printed_lines

FORMATS = ("txt", "docx", "pdf")
NUMBER = 5  # digits of the line-number column
MONO, MONO_SIZE = "Courier New", 9.5


def load_transcript(session: Session, ref: str) -> Transcript:
    """DOC (name or id) as numbered printed lines of its current text."""
    document = find_document(session, ref)
    case = document.case.name if document.case else None
    return Transcript(document.name, case, list(printed_lines(current_text(session, document))))


def numbered(number: int, text: str) -> str:
    """`   12  text`: a printed line with its number, as every format prints it."""
    return f"{number:>{NUMBER}}  {text}"


def heading_of(transcript: Transcript, project: str, generated: str) -> str:
    return f"{transcript.name} · {about(transcript, project, generated)}"


def about(transcript: Transcript, project: str, generated: str) -> str:
    """Case, project and export time: what a page header says after the document's name."""
    case = f"case {transcript.case} · " if transcript.case else ""
    return f"{case}{project} · exported {generated}"


def render_txt(transcript: Transcript, project: str, generated: str) -> bytes:
    head = (
        f"{heading_of(transcript, project, generated)}\n"
        f"Lines as Framework charts cite them ({WIDTH} characters a line).\n\n"
    )
    body = "\n".join(numbered(n, text) for n, text in transcript.lines)
    return (head + body + "\n").encode("utf-8")


def add_transcript_lines(document: object, transcript: Transcript) -> None:
    """Each printed line as its own paragraph of a python-docx document: monospaced, no space
    between, so the page shows exactly the numbered lines."""
    from docx.shared import Pt

    from qualframe.framework.exports.docx_parts import xml_safe

    for number, text in transcript.lines:
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        run = paragraph.add_run(xml_safe(numbered(number, text)))
        run.font.name = MONO
        run.font.size = Pt(MONO_SIZE)


def render_docx(transcript: Transcript, project: str, generated: str) -> bytes:
    from docx import Document
    from docx.shared import Cm

    from qualframe.framework.exports.docx_parts import page_header_footer

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    page_header_footer(section, transcript.name, about(transcript, project, generated))
    document.core_properties.title = transcript.name
    add_transcript_lines(document, transcript)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(transcript: Transcript, fmt: str, project: str, generated: str) -> bytes:
    """The transcript as the bytes of a `fmt` file."""
    if fmt == "txt":
        return render_txt(transcript, project, generated)
    if fmt == "docx":
        return render_docx(transcript, project, generated)
    if fmt == "pdf":
        from qualframe.framework.pdf import text_pdf

        lines = [numbered(n, text) for n, text in transcript.lines]
        return text_pdf(lines, heading_of(transcript, project, generated), transcript.name)
    raise UserError(f"unknown transcript format {fmt!r} (one of: {', '.join(FORMATS)})")
