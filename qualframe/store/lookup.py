"""Finding a row the way every command names one: by its name (a code's id, a case's or a
document's name), else by its numeric database id."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from qualframe.errors import UserError

T = TypeVar("T")


def find_by_name_or_id(
    session: Session, model: type[T], name: InstrumentedAttribute[Any], ref: str, missing: str
) -> T:
    """The row whose `name` column is `ref`, else the row with id `ref` if it is a number; a
    name wins over an id (a case named `12` is that case, not case 12). `missing` is the
    one-line message when there is neither."""
    found = session.scalar(select(model).where(name == ref))
    if found is None and ref.isdigit():
        found = session.get(model, int(ref))
    if found is None:
        raise UserError(missing)
    return found
