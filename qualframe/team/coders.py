"""Who has coded: the coders of a project and how many codings each has on current texts.

What the disagreement view offers to compare (a coder without codings has nothing to compare),
busiest first. Callers showing this to a coder check blind coding first: under it, even a
colleague's count says how far they have got.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualframe.store.models import Coder, Coding, Document


def coding_counts(session: Session) -> list[tuple[str, int]]:
    """(coder, codings on the documents' current texts), most codings first, then by name."""
    count = func.count(Coding.id)
    rows = session.execute(
        select(Coder.name, count)
        .join(Coding, Coding.coder_id == Coder.id)
        .join(Document, Document.current_revision_id == Coding.revision_id)
        .group_by(Coder.name)
        .order_by(count.desc(), Coder.name)
    )
    return [(name, int(n)) for name, n in rows]
