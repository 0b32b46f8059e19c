"""Forecast against what happened: which days count as right, the hit rate by lead day, and when a
forecast is out of date."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd

from generator.pages.forecast.model import age
from generator.sources.registers.forecast_rows import ForecastDay
from generator.sources.registers.forecasts import Forecast
from generator.statistics.forecast_verification import forecast_table, hit_rates, verify

BEIJING = timezone(timedelta(hours=8))


def _forecast(issue: str, ranges: list[tuple[int, int, int, int]]) -> Forecast:
    """An issue whose city days have (aqi_min, aqi_max, level_min, level_max)."""
    issued = datetime.fromisoformat(f"{issue}T16:00:00+08:00")
    days = tuple(
        ForecastDay(
            area="全市",
            area_name="全市",
            date=issued.date() + timedelta(days=n),
            lead=n,
            aqi_min=lo,
            aqi_max=hi,
            level_min=a,
            level_max=b,
            level_text="",
            primary=("PM2.5",),
            text="",
            rules="2026",
        )
        for n, (lo, hi, a, b) in enumerate(ranges, start=1)
    )
    return Forecast(id=issue, path=None, issued_at=issued, authority="", text="", days=days)


def _observed(values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area": "全市",
            "date": pd.to_datetime(list(values)),
            "aqi": list(values.values()),
            "primary": "PM2.5",
            "rules": "2026",
        }
    )


def test_a_two_level_forecast_is_right_on_either_level_and_near_one_level_beyond():
    # 良至轻度污染 (80–120): a 101 day (轻度污染) is right, a 151 day (中度污染) is one level off,
    # a 201 day (重度污染) is two levels off; a day not yet observed counts for nothing.
    forecast = _forecast("2026-11-01", [(80, 120, 2, 3)] * 4)
    observed = _observed({"2026-11-02": 101, "2026-11-03": 151, "2026-11-04": 201})
    v = verify(forecast_table([forecast]), observed)
    assert v["level_hit"].tolist() == [True, False, False, False]
    assert v["within_one"].tolist() == [True, True, False, False]
    assert v["in_range"].tolist() == [True, False, False, False]
    assert v["observed_level"].tolist() == [3, 4, 5, 0]


def test_a_forecast_at_the_edge_of_its_range_is_right():
    forecast = _forecast("2026-11-01", [(51, 100, 2, 2)])
    v = verify(forecast_table([forecast]), _observed({"2026-11-02": 100}))
    assert bool(v["level_hit"].iloc[0]) and bool(v["in_range"].iloc[0])
    v = verify(forecast_table([forecast]), _observed({"2026-11-02": 101}))
    assert not v["level_hit"].iloc[0] and bool(v["within_one"].iloc[0])


def test_hit_rates_are_per_lead_day_over_the_window_and_per_year():
    # Two issues: lead 1 right both times, lead 2 right once; an old issue outside the 90 days.
    old = _forecast("2025-06-01", [(51, 100, 2, 2), (51, 100, 2, 2)])
    first = _forecast("2026-11-01", [(51, 100, 2, 2), (51, 100, 2, 2)])
    second = _forecast("2026-11-02", [(51, 100, 2, 2), (51, 100, 2, 2)])
    observed = _observed(
        {"2025-06-02": 160, "2025-06-03": 160, "2026-11-02": 60, "2026-11-03": 70, "2026-11-04": 120}
    )
    rates = hit_rates(verify(forecast_table([old, first, second]), observed))
    window = rates["window"].set_index("lead")
    assert window.loc[1, "days"] == 2 and window.loc[1, "level_hit"] == 100.0
    assert window.loc[2, "days"] == 2 and window.loc[2, "level_hit"] == 50.0
    assert window.loc[2, "within_one"] == 100.0
    assert rates["window_period"][1].isoformat() == "2026-11-04"
    years = rates["years"].set_index(["year", "lead"])
    assert years.loc[(2025, 1), "level_hit"] == 0.0 and years.loc[(2025, 1), "within_one"] == 0.0


def test_a_forecast_is_out_of_date_after_the_configured_hours():
    issued = datetime(2026, 11, 22, 16, tzinfo=BEIJING)
    assert age(issued, issued + timedelta(hours=36), 36)["stale"] is False
    late = age(issued, issued + timedelta(hours=37), 36)
    assert late["stale"] is True and late["text"] == "37 小时前发布"
    assert age(issued, issued + timedelta(days=9), 36)["text"] == "9 天前发布"
