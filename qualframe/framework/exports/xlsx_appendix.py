"""The appendix sheets of the xlsx chart: the codebook (its version and each code's definition),
the memos written on chart cells, and (with `--with-transcripts`) the transcripts with the
printed line numbers the references cite. Laid out like the matrix sheets: a header row
repeated on every printed page, every row as tall as its text wraps to, nothing clipped.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from qualframe.framework.exports import ChartExport
from qualframe.framework.exports.xlsx_style import (
    Styles,
    height_of,
    lines_needed,
    print_setup,
    split_to_fit,
)

CODEBOOK, MEMOS, TRANSCRIPTS = "Codebook", "Cell memos", "Transcripts"
APPENDIX_NAMES = (CODEBOOK, MEMOS, TRANSCRIPTS)


def appendix_sheets(export: ChartExport) -> list[str]:
    """The names of the appendix sheets this export has, in order."""
    appendix = export.appendix
    if appendix is None:
        return []
    return [
        name
        for name, present in (
            (CODEBOOK, bool(appendix.codes)),
            (MEMOS, bool(appendix.memos)),
            (TRANSCRIPTS, bool(appendix.transcripts)),
        )
        if present
    ]


def _table(
    workbook: Workbook,
    styles: Styles,
    export: ChartExport,
    name: str,
    title: str,
    columns: list[tuple[str, float]],
    rows: list[list[str]],
) -> None:
    """A sheet of `rows` under a header row; a row whose text is taller than a row can show
    goes on over continuation rows (the other cells repeated)."""
    sheet = workbook.add_worksheet(name)
    for col, (_, width) in enumerate(columns):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, height_of(max(lines_needed(h, w) for h, w in columns)))
    for col, (text, _) in enumerate(columns):
        styles.put(sheet, 0, col, text, "header")
    r = 1
    widths = [width for _, width in columns]
    for values in rows:
        pieces = [split_to_fit(text, width) for text, width in zip(values, widths, strict=True)]
        for k in range(max(len(p) for p in pieces)):
            shown = [p[k] if k < len(p) else p[0] if len(p) == 1 else "" for p in pieces]
            lines = max(lines_needed(t, w) for t, w in zip(shown, widths, strict=True))
            sheet.set_row(r, height_of(lines))
            for col, text in enumerate(shown):
                styles.put(sheet, r, col, text, "body")
            r += 1
    print_setup(sheet, title, export.generated)
    sheet.print_area(0, 0, max(r - 1, 0), len(columns) - 1)


def write(workbook: Workbook, styles: Styles, export: ChartExport) -> None:
    """The appendix sheets, after the matrices."""
    appendix = export.appendix
    if appendix is None:
        return
    if appendix.codes:
        version = f"{appendix.codebook} version {appendix.version}".strip()
        _table(
            workbook,
            styles,
            export,
            CODEBOOK,
            f"Codebook: {version}",
            [("Theme / code", 34.0), ("Origin", 12.0), ("Definition", 90.0)],
            [
                [
                    "    " * code.depth + code.name + (" (retired)" if code.retired else ""),
                    "theme" if code.depth == 0 else code.origin,
                    code.definition,
                ]
                for code in appendix.codes
            ],
        )
    if appendix.memos:
        _table(
            workbook,
            styles,
            export,
            MEMOS,
            "Cell memos",
            [("Case", 14.0), ("Code", 26.0), ("Author", 14.0), ("Memo", 80.0)],
            [[m.case, m.code, m.author, m.text] for m in appendix.memos],
        )
    if appendix.transcripts:
        _table(
            workbook,
            styles,
            export,
            TRANSCRIPTS,
            "Transcripts (lines as charts cite them)",
            [("Document", 14.0), ("Line", 7.0), ("Text", 64.0)],
            [
                [transcript.name, str(number), text]
                for transcript in appendix.transcripts
                for number, text in transcript.lines
            ],
        )
