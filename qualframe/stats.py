"""`qualframe stats`: the project's size, in one statement (this command must start fast)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.store.models import (
    Case,
    Code,
    CodebookVersion,
    Coder,
    Coding,
    Document,
    Memo,
    Suggestion,
)


def project_stats(session: Session) -> dict[str, int | str | None]:
    def count(model: type, *where: object) -> object:
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    row = session.execute(
        select(
            count(Document).label("documents"),
            count(Case).label("cases"),
            count(Code, Code.is_theme.is_(False), Code.retired.is_(False)).label("codes"),
            count(Code, Code.is_theme.is_(True), Code.retired.is_(False)).label("themes"),
            count(Coding).label("codings"),
            select(func.coalesce(func.sum(Document.words), 0)).scalar_subquery().label("words"),
            count(Memo).label("memos"),
            count(Suggestion).label("suggestions"),
            count(Coder).label("coders"),
            select(CodebookVersion.label).order_by(CodebookVersion.id.desc()).limit(1)
            .scalar_subquery().label("codebook_version"),
        )
    ).one()
    return dict(row._mapping)
