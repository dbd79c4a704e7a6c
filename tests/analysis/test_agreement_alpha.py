"""The agreement statistics themselves, against published values and the `krippendorff` package."""

from __future__ import annotations

import numpy as np
import pytest

from qualframe.analysis.agreement import kappa, observed_and_chance, pooled
from qualframe.analysis.alpha import alpha, binary_alpha, presence_alpha

NAN = float("nan")

#: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers
#: (A-D) rate twelve units on a 1-5 scale; blanks are missing values.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorff_2011_example(level: str, published: float) -> None:
    assert round(alpha(KRIPPENDORFF_2011, level), 3) == published  # type: ignore[arg-type]


@pytest.mark.parametrize("coders", [2, 3, 4, 6])
def test_binary_alpha_from_a_histogram_equals_the_package(coders: int) -> None:
    """Characters are counted as a histogram; it must give the package's value exactly."""
    import krippendorff

    rng = np.random.default_rng(coders)
    truth = rng.random(2000) < 0.2
    data = np.array([np.where(rng.random(2000) < 0.85, truth, ~truth) for _ in range(coders)])
    marked = data.sum(axis=0)
    expected = krippendorff.alpha(
        reliability_data=data.astype(float), level_of_measurement="nominal"
    )
    assert binary_alpha(np.bincount(marked, minlength=coders + 1)) == pytest.approx(expected)
    assert presence_alpha(marked, coders) == pytest.approx(expected)


def test_alpha_is_none_without_variation() -> None:
    assert binary_alpha([0, 0, 10]) is None
    assert presence_alpha(np.array([0, 0, 0]), 2) is None
    assert alpha([[1, 1, 1], [1, 1, 1]]) is None
    assert alpha([[1, NAN, 2], [NAN, 3, NAN]]) is None  # no unit with two values


def test_cohens_kappa_textbook_table() -> None:
    """50 proposals, two readers: 20 both yes, 5 only A, 10 only B, 15 both no (kappa 0.4)."""
    observed, chance = observed_and_chance(np.array([20, 5, 10, 15]))  # type: ignore[misc]
    assert (observed, chance) == pytest.approx((0.7, 0.5))
    assert kappa(observed, chance) == pytest.approx(0.4)
    assert kappa(1.0, 1.0) is None
    assert observed_and_chance(np.zeros(4, np.int64)) is None


def test_pooled_kappa_averages_observed_and_chance_agreement() -> None:
    percent, pooled_kappa = pooled([np.array([20, 5, 10, 15]), np.array([40, 0, 0, 10])])
    observed, chance = (0.7 + 1.0) / 2, (0.5 + (0.8 * 0.8 + 0.2 * 0.2)) / 2
    assert percent == pytest.approx(100 * observed)
    assert pooled_kappa == pytest.approx((observed - chance) / (1 - chance))
