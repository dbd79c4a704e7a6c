"""The transcript of the suggestions review: the reader's view, with the suggestion shown as the
coding it would become, adjusted (`e`) but never selected."""

from __future__ import annotations

from qualframe.tui.bindings import TRANSCRIPT, KeyGroup
from qualframe.tui.widgets.transcript_view import TranscriptView

#: The transcript's keys that work here: a passage is adjusted (`e`), never selected, and
#: escape is the screen's (it cancels adjusting too).
ADJUSTING = KeyGroup(
    "Moving and adjusting",
    "view",
    tuple(key for key in TRANSCRIPT.keys if key.action not in ("select", "clear")),
)


class ReviewTranscript(TranscriptView):
    """The reader's transcript view, showing the suggestion as the coding it would become.
    Selecting is off: what is accepted is the suggestion, or its extent adjusted with `e`."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select" or (
            action in ("extend_down", "extend_up") and self.adjusting is None
        ):
            return False
        return super().check_action(action, parameters)
