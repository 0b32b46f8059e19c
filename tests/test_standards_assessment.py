"""HJ 663 / GB 3095 validity rules, area values, period statistics and reporting rounding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from generator.standards.assessment import (
    area_daily_values,
    daily_station_values,
    moving_averages,
    percentile,
    period_statistics,
)
from generator.standards.rounding import report_concentrations, round_half_even
from generator.standards.rules import rules_for, version_for_dates

TZ = "Asia/Shanghai"


def hours(station: str, day: str, labels, **values) -> pd.DataFrame:
    """Hourly rows of one station on one day for the given hour labels (0..23)."""
    times = pd.Timestamp(day, tz=TZ) + pd.to_timedelta(list(labels), unit="h")
    frame = pd.DataFrame({"station": station, "time": times})
    for p in ("pm25", "pm10", "so2", "no2", "o3", "co"):
        v = values.get(p, 10.0)
        frame[p] = v(np.array(list(labels))) if callable(v) else v
    return frame


def test_daily_mean_needs_20_valid_hours():
    frame = pd.concat(
        [hours("A", "2019-01-01", range(20), pm25=30.0), hours("A", "2019-01-02", range(19), pm25=30.0)]
    )
    daily = daily_station_values(frame)
    assert daily["pm25"].iloc[0] == 30.0 and daily["hours_pm25"].iloc[0] == 20
    assert np.isnan(daily["pm25"].iloc[1]) and daily["hours_pm25"].iloc[1] == 19


def test_days_without_data_are_rows_with_missing_values_not_zeros():
    frame = hours("A", "2019-01-01", range(24))
    daily = daily_station_values(frame, "2019-01-01", "2019-01-03")
    assert len(daily) == 3
    assert daily["pm25"].isna().tolist() == [False, True, True]
    assert daily["hours_pm25"].tolist() == [24, 0, 0]


def test_daily_mean_is_the_mean_of_labels_0_to_23_of_the_date_in_beijing_time():
    frame = hours("A", "2019-01-01", range(24), pm25=lambda h: h.astype(float))
    utc = frame.assign(time=frame["time"].dt.tz_convert("UTC"))  # same instants, other zone
    for data in (frame, utc):
        daily = daily_station_values(data)
        assert len(daily) == 1 and daily["pm25"].iloc[0] == pytest.approx(11.5)


def test_mda8_uses_windows_ending_at_labels_7_to_23_and_6_hours_per_window():
    # O3 = 300 at labels 0..6 only: every window ending 7..23 holds at most 7 of them, but the
    # window ending at label 7 (labels 0..7) has the highest mean; hours before the day never count.
    o3 = lambda h: np.where(h <= 6, 300.0, 20.0)  # noqa: E731
    day = daily_station_values(hours("A", "2019-07-01", range(24), o3=o3)).iloc[0]
    assert day["o3_8h_windows"] == 17
    assert day["o3_8h_max"] == pytest.approx((7 * 300 + 20) / 8)
    assert day["o3_1h_max"] == 300
    # A window with only 5 valid hours is not valid.
    sparse = hours("A", "2019-07-02", [0, 1, 2, 3, 4, *range(12, 24)], o3=100.0)
    day = daily_station_values(sparse).iloc[0]
    # windows ending 7..10 hold 5,4,3,2 valid hours of 0..4 (not valid); ending 11 holds 0..4 -> 0: not
    # valid; ending 12..16 hold 1..5 hours of 12..; 17..23 hold 6..8 hours: 7 valid windows.
    assert day["o3_8h_windows"] == 7


def test_mda8_needs_14_valid_windows_unless_it_already_exceeds_the_limit():
    # With hours labelled 0..L valid, the window ending at t (labels t−7..t) has ≥ 6 valid hours
    # exactly when t ≤ L + 2, so the valid windows are those ending 7..L+2: L+2−7+1 = L−4 of them.
    def windows_for(labels, value):
        return daily_station_values(hours("A", "2019-07-03", labels, o3=value)).iloc[0]

    thirteen = windows_for(range(0, 18), 100.0)  # L = 17: windows ending 7..19
    assert thirteen["o3_8h_windows"] == 13
    assert np.isnan(thirteen["o3_8h_max"])  # 13 < 14 and 100 ≤ 160: not valid
    exceeding = windows_for(range(0, 18), 170.0)
    assert exceeding["o3_8h_windows"] == 13 and exceeding["o3_8h_max"] == 170.0  # exceedance exception
    enough = windows_for(range(0, 19), 100.0)  # L = 18: windows ending 7..20
    assert enough["o3_8h_windows"] == 14 and enough["o3_8h_max"] == 100.0


def test_moving_averages_cross_midnight():
    frame = pd.concat(
        [hours("A", "2019-01-01", range(24), o3=10.0), hours("A", "2019-01-02", range(24), o3=90.0)]
    )
    out = moving_averages(frame)
    first_hour_day2 = out[out["time"] == pd.Timestamp("2019-01-02 00:00", tz=TZ)].iloc[0]
    assert first_hour_day2["o3_8h"] == pytest.approx((7 * 10 + 90) / 8)
    assert np.isnan(out["o3_8h"].iloc[4])  # only 5 hours so far
    assert out["pm25_24h"].iloc[23] == 10.0 and np.isnan(out["pm25_24h"].iloc[18])


def test_area_value_is_the_mean_of_stations_with_valid_data_and_missing_ones_are_counted():
    frame = pd.concat(
        [
            hours("A", "2019-01-01", range(24), pm25=20.0),
            hours("B", "2019-01-01", range(24), pm25=40.0),
            hours("C", "2019-01-01", range(10), pm25=500.0),
        ]
    )  # C: 10 hours, not valid
    daily = daily_station_values(frame)
    area = area_daily_values(daily, {"north": ["A", "B", "C", "D"]})  # D never reports
    row = area.iloc[0]
    assert row["pm25"] == 30.0
    assert row["n_stations"] == 4
    assert row["n_missing_pm25"] == 2
    assert row["n_missing"] == 2  # C has no valid value at all that day, D has no data
    assert row["rules"] == "2012"


def test_area_with_no_valid_station_is_missing_not_zero():
    daily = daily_station_values(hours("A", "2019-01-01", range(5)))
    area = area_daily_values(daily, {"x": ["A"]})
    assert np.isnan(area["pm25"].iloc[0]) and area["n_missing"].iloc[0] == 1


def test_percentile_is_the_hj663_linear_method():
    values = [10, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    # k = 1 + (10−1)·0.95 = 9.55 -> X(9) + 0.55·(X(10) − X(9)) = 9 + 0.55 = 9.55
    assert percentile(values, 95) == pytest.approx(9.55)
    # k = 1 + 9·0.9 = 9.1 -> 9 + 0.1 = 9.1
    assert percentile(values + [np.nan], 90) == pytest.approx(9.1)
    assert np.isnan(percentile([np.nan], 90))


def _daily(dates, **columns):
    frame = pd.DataFrame({"date": pd.to_datetime(dates)})
    for c in ("pm25", "pm10", "so2", "no2", "co", "o3_8h_max", "o3_1h_max"):
        frame[c] = columns.get(c, 10.0)
    frame["rules"] = version_for_dates(frame["date"])
    return frame


def test_period_statistics_coverage_levels_good_ratio_and_percentiles():
    dates = pd.date_range("2019-03-01", "2019-03-10")
    pm25 = [10, 20, 30, 40, 80, 120, 160, 260, np.nan, np.nan]  # levels 1,1,1,2,3,4,5,6; two missing
    frame = _daily(dates, pm25=pm25, co=np.arange(1, 11) / 10)
    frame.loc[frame["pm25"].isna(), ["pm10", "so2", "no2", "co", "o3_8h_max", "o3_1h_max"]] = np.nan
    stats = period_statistics(frame, "2019-03-01", "2019-03-14").iloc[0]
    assert stats["days"] == 14 and stats["valid_days_pm25"] == 8
    assert stats["coverage_pm25"] == pytest.approx(8 / 14)
    assert stats["pm25_mean"] == pytest.approx(np.mean(pm25[:8]))
    assert stats["co_p95"] == pytest.approx(np.percentile(np.arange(1, 9) / 10, 95))
    assert [stats[f"days_level_{i}"] for i in range(1, 7)] == [3, 1, 1, 1, 1, 1]
    assert stats["aqi_days"] == 8 and stats["good_days"] == 4 and stats["good_ratio"] == 0.5
    assert stats["heavy_days"] == 2
    assert stats["meets_annual_pm25"] is None


def test_annual_validity_needs_324_days_and_27_per_month_february_25():
    dates = pd.date_range("2019-01-01", "2019-12-31")
    frame = _daily(dates)
    drop_feb = frame["date"].isin(pd.date_range("2019-02-01", "2019-02-04"))  # February keeps 24
    frame.loc[drop_feb, "pm25"] = np.nan
    stats = period_statistics(frame, "2019-01-01", "2019-12-31").iloc[0]
    assert bool(stats["meets_annual_pm10"]) is True
    assert bool(stats["meets_annual_pm25"]) is False


def test_statistics_by_entity():
    frame = pd.concat(
        [
            _daily(pd.date_range("2019-01-01", periods=3), pm25=[10, 20, 30]).assign(area="a"),
            _daily(pd.date_range("2019-01-01", periods=3), pm25=[50, 60, 70]).assign(area="b"),
        ]
    )
    stats = period_statistics(frame, "2019-01-01", "2019-01-03", by="area")
    assert stats["area"].tolist() == ["a", "b"] and stats["pm25_mean"].tolist() == [20, 60]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2.5, 0, 2),
        (3.5, 0, 4),
        (35.5, 0, 36),
        (36.5, 0, 36),
        (0.85, 1, 0.8),
        (0.75, 1, 0.8),
        (0.25, 1, 0.2),
        (1.45, 1, 1.4),
        (3.0571, 2, 3.06),
        (3.065, 2, 3.06),
        (3.075, 2, 3.08),
        (-2.5, 0, -2),
        (2.51, 0, 3),
        (2.49, 0, 2),
    ],
)
def test_round_half_even_as_gb_t_8170(value, decimals, expected):
    assert round_half_even(value, decimals) == expected


def test_reported_concentrations_integer_ug_and_co_one_decimal():
    frame = pd.DataFrame({"pm25": [35.5, 36.5], "co": [0.85, 0.95]})
    out = report_concentrations(frame, rules_for("2012"))
    assert out["pm25"].tolist() == [36, 36] and out["co"].tolist() == [0.8, 1.0]
    assert frame["pm25"].tolist() == [35.5, 36.5]  # the statistics themselves are never rounded


def test_rule_version_by_date():
    assert version_for_dates(["2026-02-28", "2026-03-01", "2013-05-01"]).tolist() == ["2012", "2026", "2012"]
    stamps = pd.Series(pd.to_datetime(["2026-02-28 23:00", "2026-03-01 00:00"]).tz_localize(TZ))
    assert version_for_dates(stamps).tolist() == ["2012", "2026"]
    assert rules_for("2026").limit("pm25", "annual") == 30
    assert rules_for("2026").limit("pm25", "annual", on="2031-01-01") == 25
    assert rules_for("2012").limit("pm25", "annual") == 35
