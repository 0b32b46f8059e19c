"""HJ 633 individual indices and AQI, under the 2012 and the 2026 rules.

Expected values are worked by hand from the tables in standards.md §1.1, or computed by an
independent exact reference (fractions.Fraction on the decimal text of the concentration,
decimal.Decimal for the 2026 round-half-even of concentrations).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.standards.aqi import daily_aqi, hourly_aqi
from generator.standards.iaqi import iaqi
from generator.standards.rules import level_info, levels_table, rules_for

IAQI_ROWS = [0, 50, 100, 150, 200, 300, 400, 500]
# standards.md §1.1, typed in again here as the specification (None = no value in the table).
TABLE_2012 = {
    "so2_24h": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "so2_1h": [0, 150, 500, 650, 800, None, None, None],
    "no2_24h": [0, 40, 80, 180, 280, 565, 750, 940],
    "no2_1h": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "co_24h": [0, 2, 4, 14, 24, 36, 48, 60],
    "co_1h": [0, 5, 10, 35, 60, 90, 120, 150],
    "o3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "o3_8h": [0, 100, 160, 215, 265, 800, None, None],
    "pm10_24h": [0, 50, 150, 250, 350, 420, 500, 600],
    "pm25_24h": [0, 35, 75, 115, 150, 250, 350, 500],
}
TABLE_2026 = {
    **TABLE_2012,
    "pm10_24h": [0, 50, 120, 250, 350, 420, 500, 600],
    "pm25_24h": [0, 35, 60, 115, 150, 250, 350, 500],
}
TABLES = {"2012": TABLE_2012, "2026": TABLE_2026}


def split(item: str) -> tuple[str, str]:
    pollutant, period = item.split("_")
    return pollutant, period


def reference_iaqi(item: str, text: str, version: str) -> float:
    """Exact IAQI of a concentration given as decimal text (NaN where the table has no value)."""
    pollutant, _ = split(item)
    conc = Decimal(text)
    if version == "2026":
        conc = conc.quantize(Decimal("0.1") if pollutant == "co" else Decimal("1"), rounding=ROUND_HALF_EVEN)
    c = Fraction(conc)
    points = [
        (Fraction(b), i) for b, i in zip(TABLES[version][item], IAQI_ROWS, strict=True) if b is not None
    ]
    for (lo, ilo), (hi, ihi) in zip(points, points[1:], strict=False):
        if lo <= c <= hi:
            return float(math.ceil(Fraction(ihi - ilo) / (hi - lo) * (c - lo) + ilo))
    return float("nan")


def test_tables_are_the_published_ones():
    for version, table in TABLES.items():
        rules = rules_for(version)
        for item, column in table.items():
            conc, idx = rules.breakpoints[item]
            expected = [(b, i) for b, i in zip(column, IAQI_ROWS, strict=True) if b is not None]
            assert list(zip(conc.tolist(), idx.tolist(), strict=True)) == expected, (version, item)


CASES = [
    (v, item, b) for v, table in TABLES.items() for item, col in table.items() for b in col if b is not None
]


@pytest.mark.parametrize(("version", "item", "bp"), CASES)
def test_every_breakpoint_gives_its_iaqi_and_neighbours_match_the_exact_reference(version, item, bp):
    pollutant, period = split(item)
    expected_at = IAQI_ROWS[TABLES[version][item].index(bp)]
    assert iaqi(pollutant, [bp], period, version)[0] == expected_at
    for delta in ("-0.1", "0.1"):
        text = str(Decimal(str(bp)) + Decimal(delta))
        if Decimal(text) < 0 or Decimal(text) > max(b for b in TABLES[version][item] if b is not None):
            continue
        got = iaqi(pollutant, [float(text)], period, version)[0]
        assert got == reference_iaqi(item, text, version), (version, item, text)


@pytest.mark.parametrize(
    ("pollutant", "period", "value", "version", "expected"),
    [
        ("co", "24h", 2.2, "2012", 55),  # 50 + 25 × 0.2 = 55 exactly (a float ceiling gives 56)
        ("co", "24h", 2.2, "2026", 55),
        ("pm25", "24h", 36, "2012", 52),  # 50 + 50/40 × 1 = 51.25 -> 52
        ("pm25", "24h", 36, "2026", 52),  # 50 + 50/25 × 1 = 52
        ("pm25", "24h", 61, "2026", 101),  # 100 + 50/55 × 1 = 100.9 -> 101
        ("pm25", "24h", 61, "2012", 83),  # 50 + 50/40 × 26 = 82.5 -> 83
        ("pm10", "24h", 130, "2012", 90),  # 50 + 50/100 × 80 = 90
        ("pm10", "24h", 130, "2026", 104),  # 100 + 50/130 × 10 = 103.8 -> 104
        ("no2", "1h", 150, "2012", 75),  # 50 + 50/100 × 50 = 75
        ("o3", "8h", 180, "2026", 119),  # 100 + 50/55 × 20 = 118.2 -> 119
        ("so2", "24h", 475.5, "2026", 151),  # rounded half-even to 476 first: 150 + 50/325 = 150.15 -> 151
    ],
)
def test_hand_worked_values(pollutant, period, value, version, expected):
    got = iaqi(pollutant, [value], period, version)[0]
    assert got == expected
    assert got == reference_iaqi(f"{pollutant}_{period}", str(value), version)


def test_concentrations_are_rounded_half_even_before_the_iaqi_only_under_2026():
    # 2026 round half even: 34.5 -> 34 (IAQI 49), 35.5 -> 36 (IAQI 52); 2012 uses the raw value.
    assert iaqi("pm25", [34.5, 35.5], "24h", "2026").tolist() == [49, 52]
    assert iaqi("pm25", [34.5, 35.5], "24h", "2012").tolist() == [50, 51]
    # CO 2026: rounded to 1 decimal half-even: 2.25 -> 2.2 (55), 2.35 -> 2.4 (60).
    assert iaqi("co", [2.25, 2.35], "24h", "2026").tolist() == [55, 60]


def test_missing_and_negative_give_no_iaqi():
    for version in ("2012", "2026"):
        out = iaqi("pm25", [np.nan, -1.0, 0.0], "24h", version)
        assert np.isnan(out[0]) and np.isnan(out[1]) and out[2] == 0


def test_above_the_top_breakpoint_is_capped_at_500_or_left_out_when_configured():
    for version in ("2012", "2026"):
        assert iaqi("pm25", [500, 501, 900], "24h", version).tolist() == [500, 500, 500]
        assert iaqi("co", [150.1], "1h", version)[0] == 500
        no_cap = rules_for(version).replace(params={"iaqi_cap": "nan"})
        assert np.isnan(iaqi("pm25", [501], "24h", no_cap)[0])


def test_so2_1h_above_800():
    assert iaqi("so2", [800], "1h", "2012")[0] == 200
    assert np.isnan(iaqi("so2", [800.1], "1h", "2012")[0])  # 2012: no 1h IAQI, the 24h one is used
    assert iaqi("so2", [800.1, 5000], "1h", "2026").tolist() == [200, 200]  # 2026: set to 200


def test_o3_8h_above_800():
    assert iaqi("o3", [800], "8h", "2012")[0] == 300
    assert np.isnan(iaqi("o3", [801], "8h", "2012")[0])  # 2012: the 1h IAQI is used instead
    assert iaqi("o3", [801, 2000], "8h", "2026").tolist() == [300, 300]


def test_pm_hourly_values_use_the_daily_breakpoints():
    for version in ("2012", "2026"):
        assert iaqi("pm25", [36], "1h", version)[0] == iaqi("pm25", [36], "24h", version)[0]


ITEMS = [(v, item) for v in TABLES for item in TABLES[v]]


def _top(version, item):
    return max(b for b in TABLES[version][item] if b is not None)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
@pytest.mark.parametrize(("version", "item"), ITEMS)
def test_iaqi_is_monotonic_bounded_and_continuous(version, item, data):
    pollutant, period = split(item)
    top = _top(version, item)
    a = data.draw(st.floats(0, top, allow_nan=False))
    b = data.draw(st.floats(0, top, allow_nan=False))
    lo, hi = sorted((a, b))
    i_lo, i_hi = iaqi(pollutant, [lo, hi], period, version)
    assert i_lo <= i_hi
    assert 0 <= i_lo <= 500 and 0 <= i_hi <= 500
    # Continuous: a tiny step never jumps by more than the round-up (1), at breakpoints too.
    bp = data.draw(st.sampled_from([x for x in TABLES[version][item] if x is not None and 0 < x < top]))
    step = 0.001
    below, at, above = iaqi(pollutant, [bp - step, bp, bp + step], period, version)
    assert below <= at <= above and above - below <= 1


def test_levels_colours_and_advice_of_both_versions():
    for version in ("2012", "2026"):
        table = levels_table(version)
        assert table["category"].tolist() == ["优", "良", "轻度污染", "中度污染", "重度污染", "严重污染"]
        assert table["colour_hex"].tolist() == [
            "#00E400",
            "#FFFF00",
            "#FF7E00",
            "#FF0000",
            "#99004C",
            "#7E0023",
        ]
    assert level_info(1, "2012").aqi_min == 0 and level_info(1, "2026").aqi_min == 1
    assert "心脏病和肺病" in level_info(5, "2012").health_effect
    assert "心血管和呼吸系统疾病" in level_info(5, "2026").health_effect
    assert level_info(3, "2012").advice.startswith("儿童")
    assert level_info(3, "2026").advice.startswith("青少年儿童")


def _day(date, **values):
    base = {
        "pm25": 10.0,
        "pm10": 20.0,
        "so2": 5.0,
        "no2": 10.0,
        "co": 0.5,
        "o3_8h_max": 50.0,
        "o3_1h_max": 60.0,
    }
    base.update(values)
    return {"date": pd.Timestamp(date), **base}


def test_daily_report_has_seven_indicators_in_2012_and_six_in_2026():
    frame = pd.DataFrame([_day("2026-02-28", o3_1h_max=250.0), _day("2026-03-01", o3_1h_max=250.0)])
    out = daily_aqi(frame)
    old, new = out.iloc[0], out.iloc[1]
    assert old["rules"] == "2012" and new["rules"] == "2026"
    assert old["iaqi_o3_1h"] == 125 and old["aqi"] == 125 and old["primary"] == "O3_1h"  # 100 + 50/100 × 50
    assert np.isnan(new["iaqi_o3_1h"]) and new["aqi"] == 25 and new["primary"] is None


def test_daily_aqi_level_category_colour_and_tied_primary_pollutants():
    frame = pd.DataFrame(
        [
            _day("2019-03-01", pm25=75.0, pm10=150.0),  # both IAQI 100: tie, both listed
            _day("2019-03-02", pm25=35.0, pm10=50.0),  # AQI 50: no primary pollutant
            _day("2019-03-03", pm25=35.1),  # 50.125 -> 51: level 2
            _day("2019-03-04", pm25=250.0),  # 300: level 5
            _day("2019-03-05", pm25=250.1),  # 301: level 6
        ]
    )
    out = daily_aqi(frame)
    assert out["aqi"].tolist() == [100, 50, 51, 300, 301]
    assert out["level"].tolist() == [2, 1, 2, 5, 6]
    assert out["category"].tolist() == ["良", "优", "良", "重度污染", "严重污染"]
    assert out["colour"].tolist() == ["#FFFF00", "#00E400", "#FFFF00", "#99004C", "#7E0023"]
    assert out["primary"].tolist() == ["PM2.5,PM10", None, "PM2.5", "PM2.5", "PM2.5"]


def test_missing_indicator_2012_reports_the_rest_2026_only_above_100():
    frame = pd.DataFrame(
        [
            _day("2019-05-01", pm25=np.nan),
            _day("2026-05-01", pm25=np.nan),
            _day("2026-05-02", pm25=np.nan, pm10=300.0),
        ]
    )
    out = daily_aqi(frame)
    assert out["aqi"].iloc[0] == 25 and not out["complete"].iloc[0]
    assert np.isnan(out["aqi"].iloc[1]) and out["level"].iloc[1] == 0  # AQI ≤ 100 is not published
    assert out["aqi"].iloc[2] == 175 and out["level"].iloc[2] == 4  # above 100: published


def test_o3_8h_above_800_in_the_2012_daily_report_uses_the_1h_value():
    out = daily_aqi(pd.DataFrame([_day("2019-06-01", o3_8h_max=850.0, o3_1h_max=900.0)]))
    assert (
        np.isnan(out["iaqi_o3_8h"].iloc[0])
        and out["aqi"].iloc[0] == 350
        and out["primary"].iloc[0] == "O3_1h"
    )


def _hour(time, **values):
    base = {"station": "X", "pm25": 10.0, "pm10": 20.0, "so2": 5.0, "no2": 10.0, "o3": 50.0, "co": 0.5}
    base.update(values)
    return {"time": pd.Timestamp(time, tz="Asia/Shanghai"), **base}


def test_hourly_report_so2_above_800():
    frame = pd.DataFrame(
        [
            _hour("2019-01-01 10:00", so2=900.0, so2_24h=100.0),
            _hour("2026-03-01 10:00", so2=900.0, so2_24h=100.0),
        ]
    )
    out = hourly_aqi(frame)
    assert out["iaqi_so2"].tolist() == [75, 200]  # 2012: the 24h average's IAQI (50 + 50 × 50/100)
    assert out["primary"].tolist() == ["SO2", "SO2"]


def test_hourly_report_2012_counts_the_moving_averages_2026_does_not():
    frame = pd.DataFrame(
        [
            _hour("2019-01-01 10:00", o3_8h=180.0, pm25_24h=80.0, pm10_24h=10.0),
            _hour("2026-03-01 10:00", o3_8h=180.0, pm25_24h=80.0, pm10_24h=10.0),
        ]
    )
    out = hourly_aqi(frame)
    assert out["aqi"].iloc[0] == 119 and out["primary"].iloc[0] == "O3_8h"  # 100 + 50/55 × 20 -> 119
    # 2026: 1h values only: PM10 20 -> 20, PM2.5 10 -> 15, O3 1h 50 -> 16, NO2 1h 10 -> 5.
    assert out["aqi"].iloc[1] == 20 and out["primary"].iloc[1] is None
