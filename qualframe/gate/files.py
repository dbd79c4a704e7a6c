"""`qualframe anonymise`: residual identifiers in transcript files, and anonymised copies.

The check reads each file as its author sees it (decoded, LF line endings; a Word file as its
paragraphs, one per line, body then tables) so `file:line:column` points at something the
author can fix. Every file is searched by the rules and identifier lists of
`qualframe.gate.identifiers` and, when a trained English pipeline is installed, its NER (only the
`ner` component, on both cores for a large corpus). Names found as speaker labels anywhere in
the corpus are searched for everywhere, so `Srijani` in a chat message is caught because
`Srijani Ghosh:` labelled a turn.

`apply` replaces every finding with its placeholder from the key (see
`qualframe.gate.pseudonyms`) and writes copies elsewhere; the originals are never touched and
nothing here prints an identifier's text except `check`, which exists to show it to the person
who runs it. The project setting `[anonymise] refuse_on_import = true` makes `import` run the
same check first and refuse, naming the file, line and category only.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualframe.corpus.lines import line_starts as starts_of
from qualframe.corpus.lines import position as position_of
from qualframe.errors import UserError
from qualframe.fileio import write_atomic
from qualframe.gate.detectors import detectors, require_ner, why
from qualframe.gate.docx_copies import docx_text, render_docx
from qualframe.gate.identifiers import (
    PLACEHOLDER,
    Finding,
    Lexicon,
    parse_identifier_list,
    resolve,
    rule_findings,
    speaker_findings,
    speaker_names,
)
from qualframe.gate.screen import gate_findings, screen
from qualframe.ingest.decode import decode_bytes, read_source
from qualframe.ingest.formats import SUFFIXES, TIMED, is_transcript, unsupported

if TYPE_CHECKING:
    from qualframe.gate.pseudonyms import Key
    from qualframe.nlp.pipeline import NerPipeline
    from qualframe.project import Project

PARALLEL_CHARACTERS = 200_000
"""Below this much text a second NER process costs more to start than it saves."""
_TIMED_MACHINERY = re.compile(r"WEBVTT\b.*|\d+|[\w-]+/\d+-\d+|.*-->.*")
_TAG = re.compile(r"<[^<>\n]*>")
_WORD = re.compile(r"\w+")


# --- settings ----------------------------------------------------------------------------------


@dataclass
class Settings:
    """What the check uses besides the files: known identifiers, terms never flagged, which
    trained pipeline (None: the first installed; "none": no NER), and the import gate."""

    identifiers: list[tuple[str, str]] = field(default_factory=list)
    allowed: frozenset[str] = frozenset()
    ner_pipeline: str | None = None
    refuse_on_import: bool = False
    require_ner: bool = True


def settings_for(project: Project | None, identifier_files: Sequence[Path] = ()) -> Settings:
    """The project's `[anonymise]` settings (if any) plus identifier lists named on the
    command line. Lists are read here and kept in memory only."""
    settings = Settings()
    files = list(identifier_files)
    if project is not None:
        where = str(project.root / "qualframe.toml")
        section = project.settings.extra.get("anonymise", {})
        if not isinstance(section, dict):
            raise UserError("[anonymise] must be a table", path=where)
        settings.refuse_on_import = _typed(section, "refuse_on_import", bool, False, where)
        settings.ner_pipeline = _typed(section, "ner_pipeline", str, None, where)
        settings.require_ner = _typed(section, "require_ner", bool, True, where)
        allowed = _typed(section, "allow", list, [], where)
        identifiers = _typed(section, "identifiers", list, [], where)
        if not all(isinstance(item, str) for item in [*allowed, *identifiers]):
            raise UserError("[anonymise] allow and identifiers must be lists of text", path=where)
        settings.allowed = frozenset(term.strip().casefold() for term in allowed)
        files = [*(_inside_project(project.root, name, where) for name in identifiers), *files]
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read the identifier list: {exc}", path=str(path)) from None
        settings.identifiers.extend(parse_identifier_list(text, str(path)))
    return settings


def _inside_project(root: Path, name: str, where: str) -> Path:
    """An identifier list named in the settings: a file inside the project folder (settings
    travel with a project, so they must not reach elsewhere on the machine)."""
    path = (root / name).resolve()
    if path != root.resolve() and root.resolve() not in path.parents:
        raise UserError(f"[anonymise] identifiers: {name!r} is outside the project", path=where)
    if not path.is_file():
        raise UserError(f"[anonymise] identifiers: {name!r} is not a file", path=where)
    return path


def _typed(section: dict[str, Any], name: str, kind: type, default: Any, where: str) -> Any:
    value = section.get(name, default)
    if value is not default and not isinstance(value, kind):
        raise UserError(f"[anonymise] {name} must be {kind.__name__}", path=where)
    return value


# --- sources -----------------------------------------------------------------------------------


@dataclass
class Source:
    """One file's text as the check sees it; `kind` is text, timed (VTT/SRT) or docx."""

    path: Path
    text: str
    kind: str
    line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.line_starts = starts_of(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (code points) of `offset`."""
        return position_of(self.line_starts, offset)

    def lines(self) -> list[tuple[int, str]]:
        """(offset, line) of each line worth running NER on."""
        out = []
        ends = [*self.line_starts[1:], len(self.text) + 1]
        for start, end in zip(self.line_starts, ends, strict=True):
            line = self.text[start : end - 1] if end <= len(self.text) else self.text[start:]
            if not line.strip():
                continue
            if self.kind == "timed" and _TIMED_MACHINERY.fullmatch(line.strip()):
                continue
            out.append((start, line))
        return out


def collect_sources(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(file, the input it came from) for every transcript named or found in a folder."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            found.extend((p, path) for p in sorted(path.rglob("*")) if is_transcript(p))
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise UserError(unsupported(path), path=str(path))
            found.append((path, path))
        else:
            raise UserError("no such file or folder", path=str(path))
    return found


def read_source_file(path: Path) -> Source:
    data = read_source(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return Source(path, docx_text(data, path), "docx")
    text, _warnings = decode_bytes(data, str(path))
    return Source(path, text, "timed" if suffix in TIMED else "text")


# --- detection ---------------------------------------------------------------------------------


def detect(
    sources: Sequence[Source],
    settings: Settings,
    known: Sequence[tuple[str, str]] = (),
    processes: int | None = None,
) -> tuple[list[list[Finding]], NerPipeline | None]:
    """Findings per source (non-overlapping, in order) and the NER pipeline used, if any."""
    from qualframe.nlp.pipeline import installed_ner_pipeline, ner_pipeline

    names = set().union(*(speaker_names(source.text) for source in sources))
    lexicon = Lexicon([*settings.identifiers, *known, *((name, "person") for name in names)])
    found = [
        [
            *rule_findings(s.text),
            *lexicon.findings(s.text),
            *speaker_findings(s.text),
            *gate_findings(s.text),
        ]
        for s in sources
    ]
    name = installed_ner_pipeline(settings.ner_pipeline)
    ner = ner_pipeline(name) if name is not None else None
    if ner is not None:
        for findings, entities in zip(found, model_findings(ner, sources, processes), strict=True):
            findings.extend(entities)
    return [
        resolve(screen(f, s.text), s.text, settings.allowed)
        for f, s in zip(found, sources, strict=True)
    ], ner


def model_findings(
    ner: NerPipeline, sources: Sequence[Source], processes: int | None = None
) -> list[list[Finding]]:
    """What the model finds in each source, line by line (both cores for a large corpus), and
    every full name it found searched for everywhere, with its parts: the model tags `Priya
    Raman` in one sentence and misses `Priya said` in the next."""
    from qualframe.gate.entities import Unit, entity_findings, lower_case_words

    units = [
        Unit(index, offset, _mask(line))
        for index, source in enumerate(sources)
        for offset, line in source.lines()
    ]
    if processes is None:
        characters = sum(len(unit.text) for unit in units)
        processes = min(2, os.cpu_count() or 1) if characters >= PARALLEL_CHARACTERS else 1
    lower = [lower_case_words(source.text) for source in sources]
    found: list[list[Finding]] = [[] for _ in sources]
    for index, finding in entity_findings(ner, units, lower, n_process=processes):
        found[index].append(finding)
    names = {
        " ".join(source.text[f.start : f.end].split())
        for source, findings in zip(sources, found, strict=True)
        for f in findings
        if f.category == "person"
    }
    lexicon = Lexicon((name, "person") for name in names if " " in name)
    if len(lexicon):
        for source, findings in zip(sources, found, strict=True):
            findings.extend(
                replace(f, source="ner", detail="NER PERSON found elsewhere in the corpus")
                for f in lexicon.findings(source.text)
            )
    return found


def _mask(line: str) -> str:
    """Placeholders and markup replaced by spaces (same length, so offsets hold): the model
    should not read `[Person 1]` or `<v Sarah>` as names."""
    line = _TAG.sub(lambda m: " " * len(m.group()), line)
    return PLACEHOLDER.sub(lambda m: " " * len(m.group()), line)


# --- check -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Located:
    """A finding placed in its file; `text` is shown only by `check`."""

    path: str
    line: int
    column: int
    category: str
    source: str
    text: str
    why: str = ""


@dataclass
class CheckReport:
    files: int
    words: int
    findings: list[Located]
    ner: str | None
    detectors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        found = Counter(f.category for f in self.findings)
        what = ", ".join(f"{category} {n}" for category, n in sorted(found.items()))
        head = (
            f"{len(self.findings)} identifier(s) in {self.files} file(s) ({what})"
            if self.findings
            else f"no identifiers found in {self.files} file(s)"
        )
        return f"{head}; {self.ner_note()}"

    def ner_note(self) -> str:
        from qualframe.nlp.pipeline import NER_HINT

        if self.ner is None:
            return (
                "NER not used: no trained English spaCy pipeline is installed "
                f"({NER_HINT}); rules and identifier lists only"
            )
        return f"NER: {self.ner} (ner only)"

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "words": self.words,
            "ner": self.ner,
            "ner_note": self.ner_note(),
            "detectors": self.detectors,
            "findings": [vars(f) for f in self.findings],
        }


def check_paths(
    paths: Sequence[Path], settings: Settings, processes: int | None = None
) -> CheckReport:
    """Every residual identifier in the files and folders named."""
    sources = [read_source_file(path) for path, _root in collect_sources(paths)]
    found, ner = detect(sources, settings, processes=processes)
    located = [
        Located(
            str(source.path),
            *source.position(f.start),
            f.category,
            f.source,
            source.text[f.start : f.end],
            why(f.source, f.category, f.detail),
        )
        for source, findings in zip(sources, found, strict=True)
        for f in findings
    ]
    words = sum(len(_WORD.findall(source.text)) for source in sources)
    label = ner.label if ner else None
    ran = detectors(len(settings.identifiers), label)
    return CheckReport(len(sources), words, located, label, ran)


def refuse_identifiers_on_import(project: Project, paths: Sequence[Path]) -> None:
    """The import gate: with `[anonymise] refuse_on_import = true`, a file with residual
    identifiers stops the import before anything is written. The message names the file,
    line, column and category, never the identifier itself."""
    settings = settings_for(project)
    if not settings.refuse_on_import or not paths:
        return
    where = str(project.root / "qualframe.toml")
    require_ner(settings.refuse_on_import, settings.require_ner, settings.ner_pipeline, where)
    report = check_paths(paths, settings, processes=1)
    if report.findings:
        first = report.findings[0]
        more = len(report.findings) - 1
        raise UserError(
            f"{first.category} at column {first.column}"
            + (f" (and {more} more identifier(s))" if more else "")
            + "; this project refuses documents that fail the anonymisation check "
            "([anonymise] refuse_on_import): see qualframe anonymise check",
            path=first.path,
            line=first.line,
        )


# --- apply -------------------------------------------------------------------------------------


@dataclass
class ApplyReport:
    files: int
    out_dir: Path
    key_file: Path
    replacements: Counter[str]
    key_entries: int
    new_entries: int

    def summary(self) -> str:
        what = ", ".join(f"{c} {n}" for c, n in sorted(self.replacements.items()))
        total = sum(self.replacements.values())
        return (
            f"wrote {self.files} anonymised file(s) to {self.out_dir}: {total} "
            f"replacement(s){f' ({what})' if what else ''}; key {self.key_file}: "
            f"{self.key_entries} entries ({self.new_entries} new)"
        )


def apply_paths(
    paths: Sequence[Path],
    out_dir: Path,
    key_file: Path,
    settings: Settings,
    processes: int | None = None,
) -> ApplyReport:
    """Anonymised copies of every file under `out_dir`, placeholders from (and added to) the
    key. Everything is prepared in memory first; then the key, then the copies, are written."""
    from qualframe.gate.pseudonyms import Key

    pairs = collect_sources(paths)
    targets = _targets(pairs, out_dir, key_file)
    key = Key.load(key_file)
    sources = [read_source_file(path) for path, _root in pairs]
    for source in sources:
        key.reserve(source.text)
    found, _ner = detect(sources, settings, known=key.known(), processes=processes)
    _assign(key, sources, found)
    replacements: Counter[str] = Counter()
    outputs = []
    for source, findings in zip(sources, found, strict=True):
        edits = [
            (f.start, f.end, key.placeholder(f.category, source.text[f.start : f.end]))
            for f in findings
        ]
        replacements.update(f.category for f in findings)
        outputs.append(_render(source, edits))
    key.save(key_file)
    for target, data in zip(targets, outputs, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    return ApplyReport(len(sources), out_dir, key_file, replacements, len(key.entries), key.new)


def _targets(pairs: Sequence[tuple[Path, Path]], out_dir: Path, key_file: Path) -> list[Path]:
    """Where each copy goes (mirroring a folder's layout); refused: an output folder inside
    (or equal to) an input folder or beside an input file, two copies with one name, and a
    key inside the output folder (it would travel with the copies)."""
    out = out_dir.resolve()
    if out.exists() and not out.is_dir():
        raise UserError("the output must be a folder", path=str(out_dir))
    for _path, root in pairs:
        folder = root.resolve() if root.is_dir() else root.resolve().parent
        if out == folder or folder in out.parents:
            raise UserError(
                f"the output folder is inside the input folder {root}; choose a folder outside it",
                path=str(out_dir),
            )
    key = key_file.resolve()
    if out == key.parent or out in key.parents:
        raise UserError(
            "the key must not be inside the output folder (it would be shared "
            "with the anonymised copies)",
            path=str(key_file),
        )
    targets: list[Path] = []
    for path, root in pairs:
        target = out / (path.relative_to(root) if root.is_dir() else path.name)
        if target in targets:
            raise UserError(f"two inputs would both be written to {target}", path=str(path))
        if target.resolve() == key:
            raise UserError("an anonymised copy would overwrite the key", path=str(path))
        targets.append(target)
    return targets


def _assign(key: Key, sources: Sequence[Source], found: Sequence[Sequence[Finding]]) -> None:
    """Give full names their placeholders before bare first or last names, so `Sarah` can
    share `Sarah Jones`'s; otherwise in order of appearance across the corpus."""
    ordered = sorted(
        ((" " not in source.text[f.start : f.end].strip(), n, f.start), f, source)
        for n, (source, findings) in enumerate(zip(sources, found, strict=True))
        for f in findings
    )
    for _order, finding, source in ordered:
        key.placeholder(finding.category, source.text[finding.start : finding.end])


def _render(source: Source, edits: list[tuple[int, int, str]]) -> bytes:
    """The anonymised file's bytes: UTF-8 text with LF endings, or a Word document."""
    if source.kind == "docx":
        return render_docx(read_source(source.path), source, edits)
    text = source.text
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text.encode("utf-8")
