"""The fast paths of the IAQI/AQI engine give exactly the figures of the direct computation.

iaqi() looks values up in tables (unit-interval segment tables for unrounded concentrations, a
table over the rounding grid under 2026) and works in cache-sized chunks; daily_aqi/hourly_aqi
find a single rule version from the first and last day. The reference here is the plain
computation: round_half_even (2026), then _interpolate_ceil on the values inside the table, NaN
below zero or missing, the above-top rule above the top breakpoint.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.standards import aqi, iaqi
from generator.standards.rounding import round_half_even
from generator.standards.rules import load_rules, rules_for

ITEMS = [
    (version, pollutant, period)
    for version, ruleset in load_rules().items()
    for item in ruleset.breakpoints
    for pollutant, period in [item.split("_")]
]


def reference_iaqi(pollutant, values, period, rules):
    ruleset = rules_for(rules) if isinstance(rules, str) else rules
    item = iaqi._item(pollutant, period)
    bp, idx = ruleset.breakpoints[item]
    conc = np.array(values, dtype=float, ndmin=1)
    if ruleset.param("round_concentrations"):
        with np.errstate(invalid="ignore"):  # infinities (see awkward_values) warn in fmod
            conc = round_half_even(conc, ruleset.reporting_decimals[pollutant])
    out = np.full(conc.shape, np.nan)
    inside = (conc >= 0) & (conc <= bp[-1])
    if inside.any():
        out[inside] = iaqi._interpolate_ceil(conc[inside], bp, idx)
    out[conc > bp[-1]] = iaqi._above_top(item, ruleset)
    return out


def awkward_values(top: float, rng: np.random.Generator) -> np.ndarray:
    """Breakpoints and their neighbours, halves a hair off, signed zeros, NaN, infinities, random."""
    bp = np.concatenate(
        [rules_for(v).breakpoints[i][0] for v in ("2012", "2026") for i in rules_for(v).breakpoints]
    )
    near = np.concatenate([bp + d for d in (0, 1e-7, -1e-7, 0.05, -0.05, 0.1, -0.1, 0.45, 0.5, -0.5, 0.55)])
    special = [
        np.nan,
        -0.0,
        0.0,
        -1e-300,
        1e-300,
        -0.3,
        -0.5,
        -0.7,
        -5,
        np.inf,
        -np.inf,
        0.85,
        2.25,
        2.35,
        0.05,
        0.15,
        2.2,
        36,
        top,
        top + 1e-9,
        top * 3,
    ]
    spread = [
        rng.uniform(-2, top * 1.1, 40_000),
        np.round(rng.uniform(0, top * 1.1, 40_000), 1),
        np.round(rng.uniform(0, top * 1.1, 40_000), 2),
        np.round(rng.uniform(0, top * 1.1, 40_000) * 2) / 2,
    ]
    values = np.concatenate([near, special, *spread])
    return np.concatenate([values, values * (1 + 1e-15), values / 10])


@pytest.mark.parametrize(("version", "pollutant", "period"), ITEMS)
def test_iaqi_equals_the_direct_computation_on_awkward_values(version, pollutant, period):
    top = rules_for(version).breakpoints[f"{pollutant}_{period}"][0][-1]
    values = awkward_values(top, np.random.default_rng(len(pollutant) + int(version)))
    assert values.size > 3 * iaqi._CHUNK  # several chunks
    np.testing.assert_array_equal(
        iaqi.iaqi(pollutant, values, period, version), reference_iaqi(pollutant, values, period, version)
    )


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ITEMS),
    st.lists(st.one_of(st.floats(min_value=-10, max_value=5000), st.floats()), max_size=50),
)
def test_iaqi_equals_the_direct_computation_on_any_floats(item, values):
    version, pollutant, period = item
    np.testing.assert_array_equal(
        iaqi.iaqi(pollutant, values, period, version), reference_iaqi(pollutant, values, period, version)
    )


def test_the_2026_half_tolerance_is_per_value_so_a_huge_glitch_changes_no_other_value():
    # HJ 633-2026 rounds PM2.5 to whole µg/m³ (half to even) before the IAQI; between 35 and 60
    # µg/m³ the 24-hour IAQI runs 50 -> 100, so IAQI = 50 + 2 × (C - 35), by hand:
    # 37.4999999 is no half (1e-7 off, far outside 1e-9 × 37) -> 37 -> 54; 36.5 -> 36 -> 52;
    # 37.5 -> 38 -> 56. A value of 1e9 is above the top breakpoint (500 µg/m³): IAQI 500.
    # Figures written out, not recomputed: the reference above uses the rounding under test.
    values = np.array([37.4999999, 36.5, 37.5, 1e9, np.nan])
    expected = np.array([54.0, 52.0, 56.0, 500.0, np.nan])
    np.testing.assert_array_equal(iaqi.iaqi("pm25", values, "24h", "2026"), expected)
    without_glitch = [0, 1, 2, 4]
    np.testing.assert_array_equal(
        iaqi.iaqi("pm25", values[without_glitch], "24h", "2026"), expected[without_glitch]
    )
    # Under 2012 nothing is rounded first: 50 + 50/40 × (C - 35), rounded up: 54, 52, 54.
    np.testing.assert_array_equal(iaqi.iaqi("pm25", values[:3], "24h", "2012"), [54.0, 52.0, 54.0])


def test_iaqi_keeps_the_input_shape_and_leaves_the_input_alone():
    values = np.array([[2.2, 14.0], [np.nan, 70.0]])
    before = values.copy()
    assert iaqi.iaqi("co", values, "24h", "2012").tolist()[0] == [55.0, 150.0]
    assert iaqi.iaqi("co", values, "24h", "2012").shape == (2, 2)
    np.testing.assert_array_equal(values, before)
    assert iaqi.iaqi("co", 2.2, "24h", "2026").tolist() == [55.0]
    assert iaqi.iaqi("co", [], "24h", "2026").shape == (0,)


def test_iaqi_cap_switch_applies_on_the_table_paths():
    nan_cap = rules_for("2026").replace(params={"iaqi_cap": "nan"})
    values = [499.6, 500.4, 501.0, 700.0]
    assert np.isnan(iaqi.iaqi("pm25", values, "24h", nan_cap)[2:]).all()
    assert iaqi.iaqi("pm25", values, "24h", "2026").tolist() == [500.0, 500.0, 500.0, 500.0]


def test_aqi_levels_count_the_upper_bounds_exceeded():
    values = np.array([np.nan, -1, 0, 50, 50.5, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500, np.inf])
    expected = [0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6]
    for version in ("2012", "2026"):
        assert aqi.aqi_levels(values, version).tolist() == expected
    assert aqi.aqi_levels(120.0, "2012") == 3


def _daily(dates, rng, n):
    frame = pd.DataFrame({"date": pd.Series(dates) if np.ndim(dates) else [dates] * n})
    for column, scale in [
        ("pm25", 60),
        ("pm10", 90),
        ("so2", 20),
        ("no2", 40),
        ("co", 1.2),
        ("o3_8h_max", 100),
        ("o3_1h_max", 130),
    ]:
        values = np.round(rng.gamma(2, scale, n), 0 if column != "co" else 1)
        values[rng.random(n) < 0.05] = np.nan
        frame[column] = values
    return frame


def test_rows_of_a_mixed_frame_get_the_figures_of_their_own_version():
    rng = np.random.default_rng(11)
    dates = pd.Series(pd.date_range("2026-02-20", "2026-03-10", freq="D")).sample(
        400, replace=True, random_state=1
    )
    frame = _daily(dates.to_numpy(), rng, len(dates)).reset_index(drop=True)
    mixed = aqi.daily_aqi(frame)
    assert set(mixed["rules"]) == {"2012", "2026"}
    for version in ("2012", "2026"):
        rows = mixed["rules"] == version
        alone = aqi.daily_aqi(frame[rows])  # one version: the first/last-day shortcut
        pd.testing.assert_frame_equal(mixed[rows], alone, check_exact=True)


def test_a_frame_with_missing_dates_is_dated_row_by_row():
    rng = np.random.default_rng(12)
    dates = pd.Series(pd.to_datetime(["2026-03-02", None, "2026-03-03"]))
    report = aqi.daily_aqi(_daily(dates, rng, 3))
    assert report["rules"].tolist() == ["2026", "2012", "2026"]  # NaT falls to the first version


def test_the_report_is_a_copy_with_new_columns_in_order():
    rng = np.random.default_rng(13)
    frame = _daily(pd.Timestamp("2019-05-01"), rng, 50)
    frame["aqi"] = -1.0  # an existing column is replaced where it stands
    frame.index = frame.index * 3
    report = aqi.daily_aqi(frame)
    new = [
        "iaqi_pm25",
        "iaqi_pm10",
        "iaqi_so2",
        "iaqi_no2",
        "iaqi_co",
        "iaqi_o3_8h",
        "iaqi_o3_1h",
        "level",
        "category",
        "colour",
        "primary",
        "complete",
        "rules",
    ]
    assert list(report.columns) == [*frame.columns, *new]
    assert report.index.equals(frame.index)
    assert (report["aqi"] != -1).all()
    report.loc[0, "pm25"] = 12345.0
    assert frame.loc[0, "pm25"] != 12345.0  # the caller's frame is untouched


def test_one_glitch_in_an_array_does_not_change_the_others():
    # The half-to-even tolerance is per value: an infinite or huge value elsewhere in the array
    # must not change how 36.2 rounds (2026 rules round concentrations before the IAQI).
    alone = iaqi.iaqi("pm25", [36.2, 80.0], "24h", "2026")
    with_glitches = iaqi.iaqi("pm25", [36.2, 80.0, np.inf, 1e9], "24h", "2026")
    assert list(with_glitches[:2]) == list(alone)
    assert list(round_half_even(np.array([0.85, 2.5, np.inf, 1e12]), 1)[:2]) == [0.8, 2.5]
    assert round_half_even(np.array([2.5, 1e12]))[0] == 2.0


def test_huge_values_round_to_themselves():
    # Whole numbers stay whole however large: the half tolerance is capped.
    huge = np.array([1e16, 4e15 + 2, 1.7e308])
    assert list(round_half_even(huge)) == list(huge)
