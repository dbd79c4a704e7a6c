"""The gate's own detectors, and the screen every name finding passes before it is reported.

`gate_findings` adds what the names resource, the gazetteer and the hospital rules find to
what `qualframe.gate.identifiers` and NER find. `screen` then drops, whoever found them, the
name findings that are clinical or service vocabulary: inside an eponymous sign, scale or
report (`Glasgow Coma Scale`), a single service word (`Amber`, `May`, `Sister`), or an
organisation whose name has the shape of a national body or programme (`Sentinel Stroke
National Audit Programme`). Findings from the project's own identifier list and from speaker
labels are never dropped: the researcher said those are identifiers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from qualframe.gate.clinical import (
    clinical_spans,
    is_national_body,
    is_service_word,
    national_spans,
)
from qualframe.gate.hospitals import hospital_findings
from qualframe.gate.identifiers import NAMES, Finding
from qualframe.gate.names import BRANDS, resource, resource_findings

TRUSTED = frozenset({"list", "speaker"})
"""Sources the screen leaves alone: the researcher's own lists and the transcript's labels."""


def gate_findings(text: str) -> list[Finding]:
    """Names, places, hospital nicknames, initials and named wards in `text`."""
    return [*resource_findings(text), *hospital_findings(text)]


def screen(findings: Iterable[Finding], text: str) -> list[Finding]:
    """`findings` less the clinical and service vocabulary (see the module docstring)."""
    findings = list(findings)
    local = resource().names | resource().places
    spans = sorted([*clinical_spans(text), *national_spans(text, local)])
    ends = [end for _start, end in spans]
    named = [(f.start, f.end) for f in findings if f.source == "names"]
    kept = []
    for finding in findings:
        if finding.source in TRUSTED or finding.category not in NAMES:
            kept.append(finding)
            continue
        words = text[finding.start : finding.end]
        if _inside(finding, spans, ends):
            continue
        if finding.source != "rule" and _vocabulary(words):
            continue
        if finding.category == "organisation" and is_national_body(words, local):
            continue
        if finding.source == "ner" and _common_alone(words, finding, named):
            continue
        kept.append(finding)
    return kept


def _common_alone(words: str, finding: Finding, named: list[tuple[int, int]]) -> bool:
    """A single common English word the model calls a name (`Hope springs eternal`) needs the
    names resource's agreement (mid-sentence among names, or after a title or a cue)."""
    from qualframe.nlp.pipeline import is_common_word

    tokens = words.split()
    if len(tokens) != 1 or not is_common_word(re.sub(r"['’]s?$", "", tokens[0]).lower()):
        return False
    return not any(start <= finding.start and finding.end <= end for start, end in named)


def _inside(finding: Finding, spans: list[tuple[int, int]], ends: list[int]) -> bool:
    """Does the finding lie within a clinical phrase (or cover one and nothing else)?"""
    index = bisect_right(ends, finding.start)
    while index < len(spans) and spans[index][0] < finding.end:
        start, end = spans[index]
        if start <= finding.start and finding.end <= end:
            return True
        index += 1
    return False


def _vocabulary(words: str) -> bool:
    """Service words, brands or months only (`Amber`, `Red, Amber`), whatever found them."""
    tokens = [
        re.sub(r"(?:['’]s|['’])$", "", token)
        for token in re.split(r"[\s,/]+", words)
        if token and token not in ("and", "or", "&", "to", "then", "from", "into")
    ]
    return all(is_service_word(token) or token in BRANDS for token in tokens)
