"""`qualframe stats`: the project's size in one small query per table."""

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
    def count(model: type, *where: object) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    version = session.scalar(select(CodebookVersion.label).order_by(CodebookVersion.id.desc()))
    return {
        "documents": count(Document),
        "cases": count(Case),
        "codes": count(Code, Code.is_theme.is_(False), Code.retired.is_(False)),
        "themes": count(Code, Code.is_theme.is_(True), Code.retired.is_(False)),
        "codings": count(Coding),
        "words": session.scalar(select(func.coalesce(func.sum(Document.words), 0))) or 0,
        "memos": count(Memo),
        "suggestions": count(Suggestion),
        "coders": count(Coder),
        "codebook_version": version,
    }
