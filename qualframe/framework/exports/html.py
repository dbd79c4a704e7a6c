"""One self-contained web page: a table per theme, quotes folded under each reference.

No network (inline CSS and a three-line script); on screen the header row and the case column
stay in view while scrolling. In print (A4 landscape) every quote is unfolded, each theme starts
a page with its heading kept with its table, the header row repeats on every page, a row is
never split across pages, and summaries, references and quotes print at the body's size.
The appendix (codebook, cell memos, transcripts with their printed line numbers) follows.
"""

from __future__ import annotations

import re
from html import escape

from qualframe.framework.exports import LINES, ChartExport, case_table, heading
from qualframe.framework.exports.html_appendix import appendix, line_id
from qualframe.framework.model import Cell, Matrix, Row

CSS = """
:root { --line: #c9d3dd; --head: #e8eef4; --muted: #5a6570; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232a;
       margin: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
.code-summary { white-space: pre-wrap; margin: 0 0 .35rem; }
.code-summary b { font-weight: 600; }
a.to-line { display: block; margin: 0 0 .3rem .8rem; font-size: .8rem; }
pre.transcript { font: .85rem/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, monospace;
                 white-space: pre-wrap; }
dl.codebook dt { font-weight: 600; margin-top: .5rem; }
dl.codebook dd { margin: 0 0 0 1.2rem; }
p.meta, nav { color: var(--muted); }
nav a { margin-right: 1rem; }
.scroll { display: inline-block; max-width: 100%; overflow: auto; max-height: 85vh;
          border: 1px solid var(--line); }
table { border-collapse: separate; border-spacing: 0; }
th, td { border-right: 1px solid var(--line); border-bottom: 1px solid var(--line);
         padding: .45rem .6rem; vertical-align: top; text-align: left; }
thead th { position: sticky; top: 0; background: var(--head); z-index: 2; min-width: 16rem; }
th.case { position: sticky; left: 0; background: #f7f9fb; z-index: 1; min-width: 8rem;
          max-width: 12rem; }
thead th.case { z-index: 3; background: var(--head); }
tr.group th { background: #eef2f6; position: sticky; left: 0; text-align: left; }
.attrs { display: block; font-weight: normal; font-size: .8rem; color: var(--muted); }
.summary { white-space: pre-wrap; margin: 0 0 .35rem; }
details { font-size: .85rem; color: var(--muted); margin: .1rem 0; }
details summary { cursor: pointer; }
blockquote { margin: .2rem 0 .4rem .8rem; padding-left: .6rem; border-left: 3px solid var(--line);
             color: #1d232a; white-space: pre-wrap; }
table.cases { border-top: 1px solid var(--line); border-left: 1px solid var(--line); }
table.cases thead th { position: static; min-width: 0; }
.empty { color: var(--muted); font-style: italic; }
@media print {
  @page { size: A4 landscape; margin: 10mm 10mm 14mm;
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
  html { font-size: 9pt; }
  body { margin: 0; font-size: 1rem; }
  .scroll { display: block; overflow: visible; max-height: none; border: 0; }
  table { width: 100%; border-top: 1px solid var(--line); border-left: 1px solid var(--line); }
  table.matrix { table-layout: fixed; }
  table.matrix th.case { width: 7em; }
  thead th, th.case, tr.group th { position: static; min-width: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, tr.group { break-after: avoid; page-break-after: avoid; }
  section.theme, section.appendix { break-before: page; page-break-before: always; }
  .summary, details, blockquote, .attrs, pre { font-size: 1rem; }
  details { color: #2b333b; }
  details > summary { list-style: none; }
  details > summary::-webkit-details-marker { display: none; }
  nav { display: none; }
}
"""

SCRIPT = """
addEventListener("beforeprint", () => document.querySelectorAll("details")
  .forEach(d => { d.dataset.was = d.open; d.open = true; }));
addEventListener("afterprint", () => document.querySelectorAll("details")
  .forEach(d => { d.open = d.dataset.was === "true"; }));
"""


def _case(row: Row, keys: list[str]) -> str:
    details = "".join(
        f'<span class="attrs">{escape(heading(k))}: {escape(row.attributes[k])}</span>'
        for k in keys
        if row.attributes.get(k)
    )
    return f'<th class="case" scope="row">{escape(row.name)}{details}</th>'


def _cell(cell: Cell, linked: set[str]) -> str:
    """The summary (in the overview, else the code summaries each after its code's name),
    then each reference with its quote folded under it (and, when the transcript is in the
    appendix, a link to the quote's first line there)."""
    parts = []
    if cell.text:
        parts.append(f'<p class="summary">{escape(cell.text)}</p>')
    else:
        parts.extend(
            f'<p class="code-summary"><b>{escape(name)}:</b> {escape(text)}</p>'
            for name, text in cell.code_summaries
        )
    for excerpt in cell.excerpts:
        parts.append(
            f"<details><summary>{escape(excerpt.reference)}</summary>"
            f"<blockquote>{escape(excerpt.text)}</blockquote>"
            + (
                f'<a class="to-line" href="#{line_id(excerpt.document, excerpt.line_start)}">'
                f"{escape(excerpt.document)} {escape(excerpt.lines)} in the transcript</a>"
                if excerpt.document in linked
                else ""
            )
            + "</details>"
        )
    return f"<td>{''.join(parts)}</td>"


def _anchor(index: int) -> str:
    return f"theme-{index}"


def _table(matrix: Matrix, keys: list[str], linked: set[str]) -> str:
    if not matrix.columns:
        return '<p class="empty">This theme has no codes.</p>'
    head = "".join(f'<th scope="col">{escape(c.label)}</th>' for c in matrix.columns)
    body = []
    for group, rows in matrix.groups():
        if group is not None:
            body.append(
                f'<tr class="group"><th colspan="{len(matrix.columns) + 1}">'
                f"{escape(group)}</th></tr>"
            )
        for row in rows:
            cells = "".join(_cell(cell, linked) for _, cell in matrix.row_cells(row))
            body.append(f"<tr>{_case(row, keys)}{cells}</tr>")
    return (
        '<div class="scroll"><table class="matrix"><thead><tr>'
        f'<th class="case" scope="col">Case</th>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _cases(export: ChartExport) -> str:
    headings, rows = case_table(export)
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headings)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(f"<td>{escape(value)}</td>" for value in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<section><h2 id="cases">Cases</h2><table class="cases"><thead><tr>{head}</tr>'
        f"</thead><tbody>{body}</tbody></table></section>"
    )


def _page_header(export: ChartExport) -> str:
    """The project and export time at the top of every printed page (a CSS string: quotes,
    backslashes and anything that could close the style element taken out)."""
    text = re.sub(r'["\\<>\n]', " ", f"{export.project} · exported {export.generated}")
    return (
        "@media print { @page { @top-right { content: "
        f'"{text}"; font-size: 8pt; color: #5a6570; }} }} }}'
    )


def render_text(export: ChartExport) -> str:
    appended = export.appendix.transcripts if export.appendix else []
    linked = {transcript.name for transcript in appended}
    keys = export.row_keys()
    title = f"Framework matrices: {export.project}"
    nav = '<a href="#cases">Cases</a>' + "".join(
        f'<a href="#{_anchor(i)}">{escape(m.title)}</a>' for i, m in enumerate(export.matrices)
    )
    sections = "".join(
        f'<section class="theme"><h2 id="{_anchor(i)}">{escape(m.title)}</h2>'
        f"{_table(m, keys, linked)}</section>"
        for i, m in enumerate(export.matrices)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}{_page_header(export)}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="meta">{escape(export.description())}. '
        "Each cell: the summary, then its references; open a reference to read the quote. "
        f"{escape(LINES)}</p><nav>{nav}</nav>{_cases(export)}{sections}{appendix(export)}"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def render(export: ChartExport) -> bytes:
    return render_text(export).encode("utf-8")
