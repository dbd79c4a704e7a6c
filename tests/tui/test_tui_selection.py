"""Selecting by keyboard at word level: `shift+→` and `shift+←` move the selection's end a
word at a time, on across sentences, and `c` codes exactly what is selected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qualframe.corpus.documents import show_document
from qualframe.project import open_project
from tests.support.tui import codings, make_app, open_document, pick, press, sentences

pytestmark = pytest.mark.asyncio


def text_of(project_dir: Path, name: str) -> str:
    project = open_project(project_dir)
    with project.sessions() as session:
        text = show_document(session, name).text
    project.close()
    return text


async def test_shift_arrows_select_by_word_across_sentences(sample_dir: Path) -> None:
    spans = sentences(sample_dir, "P10")
    text = text_of(sample_dir, "P10")
    start = spans[1][0]
    ends = [m.end() for m in re.finditer(r"\S+", text[start:])]
    app = make_app(sample_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_document(pilot, "P10")
        await press(pilot, "j", *["shift+right"] * 3)
        assert view.selection() == (start, start + ends[2])
        await press(pilot, "shift+left")
        assert view.selection() == (start, start + ends[1])
        words = len(re.findall(r"\S+", text[spans[1][0] : spans[1][1]]))
        await press(pilot, *["shift+right"] * words)  # on into the next sentence
        assert view.selection() == (start, start + ends[words + 1])
        assert start + ends[words + 1] > spans[1][1]
        await press(pilot, "c")
        await pick(pilot, "competition")
    assert codings(sample_dir) == [("competition", start, start + ends[words + 1], "tester")]
