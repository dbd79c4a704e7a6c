"""The codebook screen's writes: each calls the core function its command-line twin calls
(`qualframe codebook rename|move|merge|split|edit|retire|theme`) and returns the line the
screen shows; and what the split dialog offers. No Textual here: the jobs run on the
gateway's threads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualframe.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from qualframe.coding.report import Passage
    from qualframe.tui.data import Job

#: Characters of context read around each passage the split dialog offers: enough for the
#: box under its list.
CONTEXT = 100


def _named(name: str) -> str:
    if not name.strip():
        raise UserError("give it a name")
    return name.strip()


def rename(key: str, name: str, coder: str) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.reshape import rename_code

        name_given = _named(name)
        rename_code(session, key, name_given, coder)
        return f"{key} renamed {name_given!r}"

    return job


def move(key: str, parent: str, coder: str) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.reshape import move_code

        move_code(session, key, parent, coder)
        return f"{key} moved under {parent}"

    return job


def merge(key: str, target: str, coder: str) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.reshape import merge_codes

        moved = merge_codes(session, key, target, coder)
        return f"{key} merged into {target}: {moved} coding(s) moved"

    return job


def split(key: str, new_key: str, name: str, coding_ids: Sequence[int], coder: str) -> Job[str]:
    """A new sibling code with the source's definition, taking the chosen codings of the source
    (none: it starts empty, to code from the reader or to recode onto from the code view)."""

    def job(session: Session) -> str:
        from qualframe.codebook.reshape import split_code

        split_code(session, key, new_key, _named(name), list(coding_ids), coder)
        moved = len(coding_ids)
        codings = "no coding" if not moved else f"{moved} coding{'s' if moved > 1 else ''}"
        return f"{new_key} split off {key}: {codings} moved"

    return job


def edit_texts(
    key: str, definition: str, include: str, exclude: str, examples: Sequence[str], coder: str
) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.edit import edit_code_text

        edit_code_text(
            session,
            key,
            coder,
            definition=definition,
            include=include,
            exclude=exclude,
            examples=examples,
        )
        return f"{key}: texts saved"

    return job


def colour(key: str, value: str, coder: str) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.edit import set_colour

        set_colour(session, key, value, coder)
        return f"{key} coloured {value}" if value else f"{key} back to its colour by order"

    return job


def retire(key: str, coder: str) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.edit import retire_code

        retire_code(session, key, coder)
        return f"{key} retired (u brings it back)"

    return job


def new_theme(key: str, name: str, description: str, coder: str) -> Job[str]:
    def job(session: Session) -> str:
        from qualframe.codebook.edit import create_theme

        create_theme(session, key, _named(name), description, coder)
        return f"new theme {name}"

    return job


@dataclass(frozen=True)
class SplitChoices:
    """The codings offered, and how many the code has in all: under blind coding another
    coder's are not listed, nor codings of an earlier revision of a document (they stay)."""

    passages: tuple[Passage, ...]
    total: int


def split_choices(key: str, viewer: str) -> Job[SplitChoices]:
    def job(session: Session) -> SplitChoices:
        from qualframe.coding.codings import count_codings
        from qualframe.coding.report import code_report

        report = code_report(session, key, viewer=viewer, context=CONTEXT)
        passages = tuple(p for group in report.groups for p in group.passages)
        return SplitChoices(passages, count_codings(session, key))

    return job
