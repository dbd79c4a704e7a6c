"""Inter-coder agreement per code and overall, at character and at sentence level.

Units: every character of the compared documents, or every sentence (a sentence counts as
coded with a code when any coding of it overlaps it, as the data contract says). For each code
each coder's judgement of a unit is binary: applied or not.

Two scopes, because users disagree on which is meaningful:
- `with_uncoded`: all units; text nobody coded counts as agreement on absence.
- `coded_only`: only units that at least one compared coder coded with some code; text nobody
  touched is left out, which is what most "percent agreement on coded segments" reports mean.

Figures: percent agreement; Cohen's kappa for each pair of coders (with more than two coders,
the reported kappa and percent are the means over pairs: Light's kappa); Krippendorff's alpha
over all coders at once. Overall figures pool the codes: percent and kappa as in De Vries et al.
(2008) "pooled kappa" (mean observed and mean chance agreement over codes), alpha over every
code × unit judgement. A figure that is undefined (no variation at all) is None.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from qualframe.analysis.alpha import binary_alpha, presence_alpha
from qualframe.analysis.comparison import CodedDocument, Comparison

LEVELS = ("character", "sentence")
SCOPES = ("with_uncoded", "coded_only")

Mask = npt.NDArray[np.bool_]


@dataclass
class Tally:
    """Counts behind the figures of one code (or of all codes pooled) at one level and scope."""

    coders: int
    #: keep each unit's count for the krippendorff package (sentences), else a histogram
    by_unit: bool
    units: int = 0
    #: per pair of coder indices: [both, first only, second only, neither]
    pairs: dict[tuple[int, int], npt.NDArray[np.int64]] = field(default_factory=dict)
    histogram: npt.NDArray[np.int64] | None = None
    marked: list[npt.NDArray[np.int64]] = field(default_factory=list)

    def count_pairs(self, matrix: Mask) -> None:
        """Add a coders × units matrix of judgements to each pair's 2 × 2 table."""
        self.units += matrix.shape[1]
        for i, j in combinations(range(self.coders), 2):
            a, b = matrix[i], matrix[j]
            both, first, second = int((a & b).sum()), int((a & ~b).sum()), int((~a & b).sum())
            counts = np.array([both, first, second, matrix.shape[1] - both - first - second])
            self.pairs[(i, j)] = self.pairs.get((i, j), np.zeros(4, np.int64)) + counts

    def count_marks(self, matrix: Mask) -> None:
        """Add how many coders marked each unit (what alpha needs)."""
        marked = matrix.sum(axis=0)
        if self.by_unit:
            self.marked.append(marked)
        else:
            histogram = np.bincount(marked, minlength=self.coders + 1)
            self.histogram = histogram if self.histogram is None else self.histogram + histogram

    def alpha(self) -> float | None:
        if self.by_unit:
            return presence_alpha(np.concatenate(self.marked), self.coders) if self.marked else None
        return binary_alpha(self.histogram) if self.histogram is not None else None


def observed_and_chance(counts: npt.NDArray[np.int64]) -> tuple[float, float] | None:
    """(observed agreement, agreement expected by chance) of a 2 × 2 table; None if empty."""
    n = int(counts.sum())
    if n == 0:
        return None
    both, first, second, neither = (int(c) for c in counts)
    p_first, p_second = (both + first) / n, (both + second) / n
    chance = p_first * p_second + (1 - p_first) * (1 - p_second)
    return (both + neither) / n, chance


def kappa(observed: float, chance: float) -> float | None:
    """Cohen's kappa; None when chance agreement is already perfect."""
    return None if chance >= 1.0 else (observed - chance) / (1.0 - chance)


def pooled(tables: list[npt.NDArray[np.int64]]) -> tuple[float | None, float | None]:
    """(percent, kappa) over several codes' 2 × 2 tables of one pair (De Vries et al. 2008)."""
    rates = [r for r in (observed_and_chance(t) for t in tables) if r is not None]
    if not rates:
        return None, None
    observed = float(np.mean([r[0] for r in rates]))
    chance = float(np.mean([r[1] for r in rates]))
    return 100.0 * observed, kappa(observed, chance)


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return float(np.mean(present)) if present and len(present) == len(values) else None


@dataclass
class ScopeFigures:
    """One level and scope's figures; `pairs` maps each pair of coders to (percent, kappa)."""

    units: int
    percent: float | None
    kappa: float | None
    alpha: float | None
    pairs: dict[tuple[str, str], tuple[float | None, float | None]]


def figures(tallies: list[Tally], coders: tuple[str, ...], marks: Tally) -> ScopeFigures:
    """Figures for one level and scope: `tallies` holds one code's counts (or every code's,
    pooled), `marks` the judgements alpha is computed from."""
    pairs = {}
    for i, j in combinations(range(len(coders)), 2):
        pairs[(coders[i], coders[j])] = pooled([t.pairs[(i, j)] for t in tallies if t.pairs])
    return ScopeFigures(
        units=tallies[0].units if tallies else 0,
        percent=_mean([p for p, _ in pairs.values()]),
        kappa=_mean([k for _, k in pairs.values()]),
        alpha=marks.alpha(),
        pairs=pairs,
    )


@dataclass
class AgreementReport:
    """Figures per code and overall: `figures[code or None][level][scope]`."""

    coders: tuple[str, ...]
    documents: list[str]
    codes: tuple[str, ...]
    figures: dict[str | None, dict[str, dict[str, ScopeFigures]]]

    def to_json(self) -> dict[str, Any]:
        """Stable keys for `--format json`: overall first, then one entry per code."""
        return {
            "coders": list(self.coders),
            "documents": self.documents,
            "overall": self._levels(None),
            "codes": [{"code": code, **self._levels(code)} for code in self.codes],
        }

    def _levels(self, code: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for level in LEVELS:
            scopes = self.figures[code][level]
            out[level] = {
                "units": scopes["with_uncoded"].units,
                "coded_units": scopes["coded_only"].units,
                **{scope: _rounded(scopes[scope]) for scope in SCOPES},
                "pairs": [
                    {
                        "coders": list(pair),
                        **{
                            scope: {
                                "percent": _round(scopes[scope].pairs[pair][0], 2),
                                "kappa": _round(scopes[scope].pairs[pair][1], 4),
                            }
                            for scope in SCOPES
                        },
                    }
                    for pair in scopes["with_uncoded"].pairs
                ],
            }
        return out


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _rounded(f: ScopeFigures) -> dict[str, float | None]:
    return {
        "percent": _round(f.percent, 2),
        "kappa": _round(f.kappa, 4),
        "alpha": _round(f.alpha, 4),
    }


def measure_agreement(comparison: Comparison) -> AgreementReport:
    """Percent agreement, kappa and alpha for the comparison's codes and overall."""
    m, codes = len(comparison.coders), comparison.codes
    tallies = {
        (code, level, scope): Tally(m, by_unit=level == "sentence")
        for code in (*codes, None)
        for level in LEVELS
        for scope in SCOPES
    }
    for document in comparison.documents:
        for level, code, scope, matrix in _judgements(document, comparison.coders, codes):
            tallies[(code, level, scope)].count_pairs(matrix)
            tallies[(code, level, scope)].count_marks(matrix)
            tallies[(None, level, scope)].count_marks(matrix)
    out: dict[str | None, dict[str, dict[str, ScopeFigures]]] = {}
    for reported in (*codes, None):
        out[reported] = {level: {} for level in LEVELS}
        for level in LEVELS:
            for scope in SCOPES:
                chosen = codes if reported is None else (reported,)
                members = [tallies[(c, level, scope)] for c in chosen]
                out[reported][level][scope] = figures(
                    members, comparison.coders, tallies[(reported, level, scope)]
                )
    return AgreementReport(comparison.coders, [d.name for d in comparison.documents], codes, out)


def _judgements(
    document: CodedDocument, coders: tuple[str, ...], codes: tuple[str, ...]
) -> Iterator[tuple[str, str, str, Mask]]:
    """(level, code, scope, coders × units matrix) for one document."""
    index = {name: i for i, name in enumerate(coders)}
    covered: dict[str, Mask] = {
        code: np.zeros((len(coders), document.length), bool) for code in codes
    }
    anything = np.zeros(document.length, bool)
    for span in document.spans:
        anything[span.start : span.end] = True
        if span.code in covered:
            covered[span.code][index[span.coder], span.start : span.end] = True
    starts = np.array([s for s, _ in document.sentences], dtype=np.int64)
    ends = np.array([e for _, e in document.sentences], dtype=np.int64)
    coded_sentences = _overlapping(anything[np.newaxis, :], starts, ends)[0]
    for code, chars in covered.items():
        sentences = _overlapping(chars, starts, ends)
        yield "character", code, "with_uncoded", chars
        yield "character", code, "coded_only", chars[:, anything]
        yield "sentence", code, "with_uncoded", sentences
        yield "sentence", code, "coded_only", sentences[:, coded_sentences]


def _overlapping(chars: Mask, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]) -> Mask:
    """Per row and sentence: does any marked character fall inside the sentence?"""
    running = np.zeros((chars.shape[0], chars.shape[1] + 1), np.int64)
    np.cumsum(chars, axis=1, out=running[:, 1:])
    return (running[:, ends] - running[:, starts]) > 0
