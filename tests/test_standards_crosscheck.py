"""Cross-check of our IAQI against an independent implementation: PyPI aqi-hub (2026 tables).

120,000 random concentrations per pollutant and averaging time. aqi-hub's known faults are
excluded, each one listed here:
1. Its SO2_24H table is the SO2 1-hour column (150/500/650/800): SO2 24h is not compared.
2. NaN gives 500 (all its comparisons fail, so it falls through to "above the top"): no NaN drawn.
3. Its ceiling is a float ceiling, which errs where the exact result is an integer (CO 24h 2.2 gives
   56, not 55): values whose exact IAQI is an integer are excluded (checked with integer arithmetic).
4. It does not round concentrations before the IAQI, which HJ 633-2026 requires: the comparison on
   continuous values uses our 2026 rules with that rounding switched off; a second comparison on
   values already at reporting precision uses the 2026 rules as they are.
(PyPI python-aqi is not used as a reference: it does not follow HJ 633, see the methodology page.)
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

aqi_hub = pytest.importorskip("aqi_hub.aqi_cn.aqi")

from generator.standards.iaqi import iaqi  # noqa: E402
from generator.standards.rules import rules_for  # noqa: E402

N = 120_000
# aqi-hub item -> (our pollutant, period, our breakpoint item)
ITEMS = {
    "PM25_24H": ("pm25", "24h", "pm25_24h"),
    "PM25_1H": ("pm25", "1h", "pm25_24h"),
    "PM10_24H": ("pm10", "24h", "pm10_24h"),
    "PM10_1H": ("pm10", "1h", "pm10_24h"),
    "SO2_1H": ("so2", "1h", "so2_1h"),
    "NO2_24H": ("no2", "24h", "no2_24h"),
    "NO2_1H": ("no2", "1h", "no2_1h"),
    "CO_24H": ("co", "24h", "co_24h"),
    "CO_1H": ("co", "1h", "co_1h"),
    "O3_1H": ("o3", "1h", "o3_1h"),
    "O3_8H": ("o3", "8h", "o3_8h"),
}
EXCLUDED_ITEMS = {"SO2_24H": "aqi-hub's SO2 24h table is the 1-hour column"}


def exact_integer(values: np.ndarray, item: str, rules) -> np.ndarray:
    """True where the exact IAQI of a value (at most 3 decimals) is an integer: with the value as
    thousandths c, (ΔI × (c − BP_lo·1000)) must be a multiple of ΔBP·1000."""
    bp, idx = rules.breakpoints[item]
    c = np.rint(np.asarray(values) * 1000).astype(np.int64)
    b = (bp * 1000).astype(np.int64)
    seg = np.clip(np.searchsorted(b, c, side="right") - 1, 0, len(b) - 2)
    inside = c <= b[-1]
    rest = ((idx[seg + 1] - idx[seg]) * (c - b[seg])) % (b[seg + 1] - b[seg])
    return inside & (rest == 0)


def hub(item: str, values: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.array([aqi_hub.cal_iaqi_cn(item, float(v)) for v in values], dtype=float)


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_continuous_values_agree_with_aqi_hub(item):
    pollutant, period, table_item = ITEMS[item]
    rules = rules_for("2026").replace(params={"round_concentrations": 0})
    top = rules.breakpoints[table_item][0][-1]
    rng = np.random.default_rng(20260301)
    values = np.round(rng.uniform(0, top * 1.1, N), 3)  # includes values above the top breakpoint
    ours = iaqi(pollutant, values, period, rules)
    theirs = hub(item, values)
    keep = ~exact_integer(values, table_item, rules)
    assert keep.sum() > 0.9 * N
    mismatch = np.flatnonzero(keep & (ours != theirs))
    assert mismatch.size == 0, list(
        zip(values[mismatch][:5], ours[mismatch][:5], theirs[mismatch][:5], strict=True)
    )


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_values_at_reporting_precision_agree_with_aqi_hub_under_the_2026_rules(item):
    pollutant, period, table_item = ITEMS[item]
    rules = rules_for("2026")
    top = rules.breakpoints[table_item][0][-1]
    rng = np.random.default_rng(633)
    decimals = 1 if pollutant == "co" else 0
    values = np.round(rng.uniform(0, top * 1.05, N), decimals)
    ours = iaqi(pollutant, values, period, rules)
    theirs = hub(item, values)
    keep = ~exact_integer(np.unique(values), table_item, rules)
    clean = np.isin(values, np.unique(values)[keep])
    mismatch = np.flatnonzero(clean & (ours != theirs))
    assert mismatch.size == 0, list(
        zip(values[mismatch][:5], ours[mismatch][:5], theirs[mismatch][:5], strict=True)
    )
    # Where the result is an exact integer we are right and aqi-hub is one too high.
    exact = np.flatnonzero(~clean & (values > 0) & (values <= top))
    if exact.size:
        assert np.all(theirs[exact] - ours[exact] <= 1)


def test_the_known_faults_are_real():
    assert aqi_hub.cal_iaqi_cn("SO2_24H", 150) == 50  # the 24h table would give 100
    assert aqi_hub.cal_iaqi_cn("CO_24H", 2.2) == 56  # exact result is 55
    assert aqi_hub.cal_iaqi_cn("PM25_24H", float("nan")) == 500
    assert iaqi("so2", [150], "24h", "2026")[0] == 100
    assert iaqi("co", [2.2], "24h", "2026")[0] == 55
    assert np.isnan(iaqi("pm25", [np.nan], "24h", "2026")[0])
    assert EXCLUDED_ITEMS
