"""`qualframe stats`: the project's size, in one statement (this command must start fast).

The statement is built on the tables' columns (SQLAlchemy Core), not on the mapped classes:
an ORM statement would first configure every mapper, which costs more than the query.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, FromClause, func, select
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
    def count(table: FromClause, *where: ColumnElement[bool]) -> object:
        return select(func.count()).select_from(table).where(*where).scalar_subquery()

    codes, documents, versions = Code.__table__, Document.__table__, CodebookVersion.__table__
    row = session.execute(
        select(
            count(documents).label("documents"),
            count(Case.__table__).label("cases"),
            count(codes, codes.c.is_theme.is_(False), codes.c.retired.is_(False)).label("codes"),
            count(codes, codes.c.is_theme.is_(True), codes.c.retired.is_(False)).label("themes"),
            count(Coding.__table__).label("codings"),
            select(func.coalesce(func.sum(documents.c.words), 0)).scalar_subquery().label("words"),
            count(Memo.__table__).label("memos"),
            count(Suggestion.__table__).label("suggestions"),
            count(Coder.__table__).label("coders"),
            select(versions.c.label)
            .order_by(versions.c.id.desc())
            .limit(1)
            .scalar_subquery()
            .label("codebook_version"),
        )
    ).one()
    return dict(row._mapping)
