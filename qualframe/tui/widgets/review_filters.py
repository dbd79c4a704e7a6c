"""The choices of the suggestions review's filters (a code or theme, a document), each with its
pending count first, so a long name is cut, never its count."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.text import Text

from qualframe.tui.colors import hue

if TYPE_CHECKING:
    from qualframe.tui import data
    from qualframe.tui.suggestions_data import FilterChoice, ReviewQueue

#: The filters' "no filter" value (Select needs a value for it).
EVERYTHING = ""

Options = list[tuple[Text, str]]


def filter_options(
    queue: ReviewQueue, counts: Counter[str], codebook: data.Codebook | None
) -> tuple[Options, Options]:
    """The code filter's choices (themes with their codes under them) and the document
    filter's, each after an "all" choice."""
    code_options: Options = [(count_label("All codes", counts["all"]), EVERYTHING)]
    code_options.extend(
        (choice_label("code", choice, counts, codebook), choice.value) for choice in queue.codes
    )
    document_options: Options = [(count_label("All documents", counts["all"]), EVERYTHING)]
    document_options.extend(
        (choice_label("document", choice, counts, codebook), choice.value)
        for choice in queue.documents
    )
    return code_options, document_options


def choice_label(
    kind: str, choice: FilterChoice, counts: Counter[str], codebook: data.Codebook | None
) -> Text:
    """A theme in bold, its codes indented under it with their colour."""
    label = count_label("", counts[f"{kind}:{choice.value}"])
    if choice.theme:
        label.append(choice.label, style="bold")
        return label
    label.append("  " * len(choice.within))
    if codebook is not None and codebook.code(choice.value) is not None:
        label.append("■ ", style=hue(codebook.color_of(choice.value)))
    label.append(choice.label)
    return label


def count_label(name: str, pending: int) -> Text:
    """`  12  name`: the count first, so a long name is cut, never its count."""
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(f"{pending:>4}  ", style="dim")
    label.append(name)
    return label
