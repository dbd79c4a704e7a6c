"""Krippendorff's alpha: agreement among any number of coders, corrected for chance.

The `krippendorff` package computes it where the units can be listed one by one: any level of
measurement, missing values, and the sentences of a project. Characters are too many to list
(hundreds of thousands per code): for those, whether a code applies is a binary nominal value
with no missing data, and alpha follows exactly from how many units each number of coders
marked (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", section C), which
`binary_alpha` computes from that histogram. Tests check the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

Level = Literal["nominal", "ordinal", "interval", "ratio"]


def alpha(
    reliability_data: npt.ArrayLike,
    level: Level = "nominal",
    value_domain: Sequence[float] | None = None,
) -> float | None:
    """Alpha of a coders × units table (NaN where a coder gave no value); None when it is
    undefined (fewer than two values in the data, or no unit with two values)."""
    import krippendorff

    data = np.asarray(reliability_data, dtype=float)
    values = np.unique(data[~np.isnan(data)])
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if len(values) < 2 or not pairable.any():
        return None
    return float(
        krippendorff.alpha(
            reliability_data=data, level_of_measurement=level, value_domain=value_domain
        )
    )


def presence_alpha(marked: npt.NDArray[np.int_], coders: int) -> float | None:
    """Nominal alpha of binary units (a code applied or not) from, per unit, how many of the
    `coders` applied it, through the package's value counts."""
    import krippendorff

    marked = np.asarray(marked, dtype=np.int64)
    counts = np.column_stack([coders - marked, marked])
    if counts[:, 0].sum() == 0 or counts[:, 1].sum() == 0:
        return None
    return float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))


def binary_alpha(histogram: Sequence[int] | npt.NDArray[np.int_]) -> float | None:
    """Nominal alpha of binary units given `histogram[k]` = units that k of the m coders marked
    (m = len(histogram) - 1, every coder judged every unit). None when only one value occurs."""
    counts = np.asarray(histogram, dtype=float)
    coders = len(counts) - 1
    if coders < 2:
        return None
    k = np.arange(coders + 1, dtype=float)
    ones = float((counts * k).sum())
    zeros = float((counts * (coders - k)).sum())
    if ones == 0 or zeros == 0:
        return None
    total = ones + zeros
    mismatched = float((counts * k * (coders - k)).sum()) / (coders - 1)  # o_01 (= o_10)
    return 1.0 - (total - 1.0) * mismatched / (ones * zeros)
