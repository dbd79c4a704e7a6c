"""Keys of the suggestions review and the disagreements between coders."""

from __future__ import annotations

from qualframe.tui.bindings.keys import Key, KeyGroup

SUGGESTIONS = KeyGroup(
    "Reviewing suggestions",
    "screen",
    (
        Key(
            "qualframe.suggest_accept",
            "a",
            "accept",
            "Accept",
            "Accept the suggestion: code the passage with its code, in your name",
            show=True,
        ),
        Key(
            "qualframe.suggest_adjust",
            "e",
            "adjust",
            "Adjust",
            "Adjust the passage before "
            "accepting it (arrows move the end, shift+arrows the start, enter accepts)",
            show=True,
        ),
        Key(
            "qualframe.suggest_reject",
            "x",
            "reject",
            "Reject",
            "Reject the suggestion (it is not suggested again)",
            show=True,
        ),
        Key(
            "qualframe.suggest_skip",
            "space",
            "skip",
            "Skip",
            "Skip to the next suggestion and decide later",
            show=True,
        ),
        Key(
            "qualframe.suggest_previous",
            "backspace",
            "previous",
            "Previous",
            "Back to the previous suggestion in the queue",
        ),
        Key(
            "qualframe.suggest_code_filter",
            "c",
            "filter_code",
            "By code",
            "Review only the suggestions of one code or theme",
        ),
        Key(
            "qualframe.suggest_document_filter",
            "d",
            "filter_document",
            "By document",
            "Review only the suggestions in one document",
        ),
        Key(
            "qualframe.suggest_open",
            "enter",
            "open_reader",
            "Reader",
            "Open the passage in the reader (escape there comes back)",
        ),
        Key(
            "qualframe.suggest_back",
            "escape",
            "back",
            "Back",
            "Close the suggestions review (while adjusting: cancel)",
            show=True,
            palette=False,
            priority=True,
        ),
    ),
)

DISAGREEMENTS = KeyGroup(
    "Disagreements",
    "screen",
    (
        Key(
            "qualframe.disagreement_open",
            "enter",
            "open_passage",
            "Open",
            "Open the highlighted passage in the reader (escape comes back)",
            show=True,
            palette=False,
        ),
        Key(
            "qualframe.disagreement_first",
            "a",
            "first_coder",
            "Coders",
            "Choose the first coder (left column)",
            show=True,
        ),
        Key(
            "qualframe.disagreement_second",
            "b",
            "second_coder",
            "Coder B",
            "Choose the second coder (right column)",
        ),
        Key(
            "qualframe.disagreement_code",
            "c",
            "code_filter",
            "Code",
            "Show one code only, or all codes",
            show=True,
        ),
        Key(
            "qualframe.disagreement_back",
            "escape",
            "back",
            "Back",
            "Close the disagreements",
            show=True,
            palette=False,
        ),
    ),
)
