"""The codebook beside the transcript: theme > code tree with counts, and the definition,
inclusion and exclusion criteria and examples of the code under the cursor, so the researcher
checks the definition while coding instead of from memory."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from qualframe.tui.colors import hue
from qualframe.tui.data import Codebook, CodeDetail, CodeInfo


class CodebookPanel(Vertical):
    """The code tree (focusable) over the detail of one code."""

    @dataclass
    class DetailWanted(Message):
        """The panel wants a code's full definition (loaded by the screen in a worker)."""

        key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.codebook: Codebook | None = None
        self.details: dict[str, CodeDetail] = {}
        self.shown: str | None = None
        self._code_nodes: dict[str, TreeNode[str]] = {}

    def compose(self) -> ComposeResult:
        tree: Tree[str] = Tree("Codebook", id="code-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        with VerticalScroll(id="code-detail-scroll"):
            yield Static(
                Text(
                    "Move onto a code (or onto coded text) to read its definition, "
                    "criteria and examples here.",
                    style="dim",
                ),
                id="code-detail",
            )

    def show_codebook(self, codebook: Codebook) -> None:
        """Fill the tree; when only counts changed (after coding), relabel nodes in place."""
        previous, self.codebook = self.codebook, codebook
        if (
            previous is not None
            and self._code_nodes
            and previous.themes == codebook.themes
            and [(c.key, c.parent) for c in previous.codes]
            == [(c.key, c.parent) for c in codebook.codes]
        ):
            self._relabel(previous, codebook)
            return
        tree = self.query_one("#code-tree", Tree)
        keep = tree.cursor_node.data if tree.cursor_node is not None else None
        tree.clear()
        self._code_nodes = {}
        totals = _theme_totals(codebook)
        themes = {
            t.id: tree.root.add(
                self._theme_label(t.name, totals.get(t.id, 0)), data=t.id, expand=True
            )
            for t in codebook.themes
        }
        for code in codebook.codes:
            parent = self._code_nodes.get(code.parent or "") or themes.get(code.theme, tree.root)
            node = parent.add(
                self._code_label(code), data=code.key, expand=True, allow_expand=False
            )
            self._code_nodes[code.key] = node
            if parent is not tree.root and parent.data in self._code_nodes:
                parent.allow_expand = True
        if not codebook.codes:
            self.query_one("#code-detail", Static).update(
                "No codebook loaded yet.\n\nLoad one with:\nqualframe codebook load FILE"
            )
        target = keep if keep in self._code_nodes else self.shown
        if target in self._code_nodes:
            self.call_after_refresh(tree.move_cursor, self._code_nodes[target])

    def _relabel(self, previous: Codebook, codebook: Codebook) -> None:
        before = {c.key: c for c in previous.codes}
        for code in codebook.codes:
            if before[code.key] != code:
                self._code_nodes[code.key].set_label(self._code_label(code))
        totals = _theme_totals(codebook)
        if totals != _theme_totals(previous):
            tree = self.query_one("#code-tree", Tree)
            for node in tree.root.children:
                name = next(t.name for t in codebook.themes if t.id == node.data)
                node.set_label(self._theme_label(name, totals.get(str(node.data), 0)))

    @staticmethod
    def _theme_label(name: str, codings: int) -> Text:
        label = Text(name, style="bold")
        if codings:
            label.append("  ")
            label.append(str(codings), style="dim")
        return label

    @staticmethod
    def _code_label(code: CodeInfo) -> Text:
        label = Text()
        label.append("■ ", style=hue(code.color))
        label.append(code.name)
        if code.origin == "emergent":
            label.append(" ✦", style="italic")
        if code.codings:
            label.append("  ")
            label.append(str(code.codings), style="dim")
        return label

    def follow(self, key: str) -> None:
        """Show `key`'s definition (the reader's cursor moved onto text coded with it)."""
        tree = self.query_one("#code-tree", Tree)
        if tree.has_focus or key not in self._code_nodes or key == self.shown:
            return
        tree.move_cursor(self._code_nodes[key])
        self._want(key)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
        if event.node.data is not None and event.node.data in self._code_nodes:
            self._want(event.node.data)
        elif event.node.data is not None and self.codebook is not None:
            theme = next((t for t in self.codebook.themes if t.id == event.node.data), None)
            if theme is not None:
                self.shown = None
                text = Text(theme.name + "\n", style="bold")
                text.append(theme.description or "", style="")
                self.query_one("#code-detail", Static).update(text)

    def _want(self, key: str) -> None:
        self.shown = key
        if key in self.details:
            self._render_detail(self.details[key])
        else:
            self.post_message(self.DetailWanted(key))

    def show_detail(self, detail: CodeDetail) -> None:
        self.details[detail.key] = detail
        if detail.key == self.shown:
            self._render_detail(detail)

    def _render_detail(self, detail: CodeDetail) -> None:
        code = self.codebook.code(detail.key) if self.codebook else None
        text = Text()
        text.append(detail.name, style=Style(bold=True) + (hue(code.color) if code else Style()))
        text.append(f"  {detail.key}\n", style="dim")
        if detail.origin == "emergent":
            who = " ".join(filter(None, [detail.created_by, detail.created]))
            text.append(f"emergent code{' · ' + who if who else ''}\n", style="italic")
        for title, body in (
            ("Definition", detail.definition),
            ("Include", detail.include),
            ("Exclude", detail.exclude),
        ):
            if body:
                text.append(f"\n{title}\n", style="bold underline")
                text.append(body.strip() + "\n")
        if detail.examples:
            text.append("\nExamples\n", style="bold underline")
            for example in detail.examples:
                text.append(f"“{example.strip()}”\n", style="italic")
        self.query_one("#code-detail", Static).update(text)
        self.query_one("#code-detail-scroll", VerticalScroll).scroll_home(animate=False)


def _theme_totals(codebook: Codebook) -> dict[str, int]:
    totals: dict[str, int] = {}
    for code in codebook.codes:
        totals[code.theme] = totals.get(code.theme, 0) + code.codings
    return totals
