"""Charting, the Framework Method's defining stage: matrices of cases by codes, summaries, exports.

The API the CLI and the TUI share (all take an open SQLAlchemy `Session`):

- `matrix.build_matrix(session, theme, rows=, where=)`: one theme's matrix, or the overview
  (a column per theme) when `theme` is None; `build_matrices` charts several themes at once.
  `rows` is `case`, `organisation` or any case attribute; `where` comes from
  `rows.parse_where(["role=Nurse"])`. `matrix.chart_options(session)` lists themes, groupings
  and attribute values for pickers.
- `Matrix.cell(case_id, code_id)` → `Cell` (summary, version, excerpts with document, offsets,
  lines and quoted text); `cells.read_cell(session, case, code)` reads one cell fresh, with memos.
- `summaries.set_summary(session, case, code, text, actor, if_version=N)` writes a new version
  or raises `summaries.SummaryConflict` (a `UserError`) when the cell moved on since version N;
  `summaries.summary_history` lists every version.
- `analysis.code_case_counts` and `analysis.cooccurrence` read counts off built matrices.
- `exports.render(ChartExport(...), fmt)` turns matrices into xlsx, docx, html, csv, md or json;
  `appendix.load_appendix` reads what follows the matrices (codebook, cell memos, transcripts).
- `lines.LineIndex` / `lines.printed_lines`: the one line numbering (stored lines wrapped at
  `lines.WIDTH`) that references cite and `transcripts.render` (`doc export`) prints.
"""
