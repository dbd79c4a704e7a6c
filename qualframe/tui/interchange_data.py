"""The workbench's REFI-QDA export and import: the jobs behind the palette's "Export project"
and "Import project", calling the core functions of `qualframe export` and `qualframe import
FILE.qdpx` (no Textual here).

An export reports its progress document by document through `progress(done, total)`, called
in the worker thread; an import plans the file (reading and checking it, nothing written) and
merges it in the same write transaction, so a refused file leaves the project as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qualframe.tui.data import Job

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.project import Project

Progress = Callable[[int, int], None]


def export_job(out: Path, progress: Progress) -> Job[str]:
    """Write the project to `out` (.qdpx or .qde); the result is the one-line report."""

    def job(session: Session) -> str:
        from qualframe.interchange.refi_export import export_project

        report = export_project(session, out, progress)
        return (
            f"Exported {report.documents} document(s), {report.codes} code(s), "
            f"{report.codings} coding(s) to {out}"
        )

    return job


def import_job(project: Project, path: Path, actor: str, progress: Progress) -> Job[str]:
    """Merge the REFI-QDA project at `path` into this one; the result is the one-line report
    (warnings counted in it, as `qualframe import` prints them)."""

    def job(session: Session) -> str:
        from qualframe.interchange.refi_import import import_project
        from qualframe.interchange.refi_plan import plan_project

        progress(0, 2)
        plan = plan_project(project, session, path)
        progress(1, 2)
        try:
            report = import_project(session, plan, actor)
        finally:
            plan.file.close()
        progress(2, 2)
        warnings = f"; {len(report.warnings)} warning(s)" if report.warnings else ""
        return report.summary() + warnings

    return job
