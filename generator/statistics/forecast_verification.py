"""Forecasts as a tidy table, set beside the observed daily AQI, and the hit rate by lead day.

A forecast day is "right" when the observed AQI's level is one of the levels it named (a
良至轻度污染 forecast is right on a 良 day and on a 轻度污染 day), and "within one level" when the
observed level is at most one level outside them. Both use the AQI levels of the rules in force on
the forecast day. The hit rate is per lead day (1 = the day after the issue) over the last
WINDOW_DAYS days with an observation, and per calendar year, for the city (全市) forecast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.sources.registers.forecast_rows import CITY
from generator.sources.registers.forecasts import Forecast
from generator.standards.aqi import aqi_levels

WINDOW_DAYS = 90
TABLE_COLUMNS = [
    "issue",
    "issued_at",
    "area",
    "area_name",
    "date",
    "lead",
    "aqi_min",
    "aqi_max",
    "level_min",
    "level_max",
    "level_text",
    "primary",
    "text",
    "rules",
]


def forecast_table(forecasts: list[Forecast]) -> pd.DataFrame:
    """One row per issue, area and forecast day (columns TABLE_COLUMNS; date as datetime64)."""
    rows = [
        {
            "issue": f.id,
            "issued_at": f.issued_at,
            "area": d.area,
            "area_name": d.area_name,
            "date": pd.Timestamp(d.date),
            "lead": d.lead,
            "aqi_min": d.aqi_min,
            "aqi_max": d.aqi_max,
            "level_min": d.level_min,
            "level_max": d.level_max,
            "level_text": d.level_text,
            "primary": "、".join(d.primary),
            "text": d.text,
            "rules": d.rules,
        }
        for f in forecasts
        for d in f.days
    ]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def observed_levels(aqi: pd.Series, rules: pd.Series) -> np.ndarray:
    """AQI level (1-6; 0 = no AQI) of each observed value under the rules of its row."""
    levels = np.zeros(len(aqi), dtype=np.int8)
    for version in rules.dropna().unique():
        rows = (rules == version).to_numpy()
        levels[rows] = aqi_levels(aqi.to_numpy(dtype=float)[rows], str(version))
    return levels


def verify(table: pd.DataFrame, observed: pd.DataFrame) -> pd.DataFrame:
    """The forecast table with the observed AQI of each day and area beside it.

    `observed`: area (全市 or an area slug), date, aqi (the statistics stage's daily AQI).
    Adds observed_aqi (NaN = not observed yet, or no AQI that day), observed_level (0 = none),
    in_range, level_hit and within_one (booleans, False where not observed).
    """
    seen = observed[["area", "date", "aqi"]].rename(columns={"aqi": "observed_aqi"}).copy()
    seen["date"] = pd.to_datetime(seen["date"])
    out = table.merge(seen.drop_duplicates(["area", "date"]), on=["area", "date"], how="left")
    out["observed_level"] = observed_levels(out["observed_aqi"], out["rules"])
    has = out["observed_level"] > 0
    aqi = out["observed_aqi"]
    level = out["observed_level"]
    out["in_range"] = has & (aqi >= out["aqi_min"]) & (aqi <= out["aqi_max"])
    out["level_hit"] = has & (level >= out["level_min"]) & (level <= out["level_max"])
    out["within_one"] = has & (level >= out["level_min"] - 1) & (level <= out["level_max"] + 1)
    return out


def _rates(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    scored = frame[frame["observed_level"] > 0]
    grouped = scored.groupby(keys)
    out = pd.DataFrame(
        {
            "days": grouped.size(),
            "level_hit": grouped["level_hit"].mean() * 100,
            "within_one": grouped["within_one"].mean() * 100,
            "in_range": grouped["in_range"].mean() * 100,
        }
    ).reset_index()
    return out.round({"level_hit": 1, "within_one": 1, "in_range": 1})


def hit_rates(verified: pd.DataFrame, window_days: int = WINDOW_DAYS) -> dict:
    """City hit rates by lead day: over the last `window_days` days up to the latest observed
    forecast day, and per year. {"window": frame or None, "window_period": (first, last) or None,
    "years": frame}; frames: [year,] lead, days, level_hit, within_one, in_range (percentages)."""
    city = verified[(verified["area"] == CITY) & (verified["observed_level"] > 0)]
    if city.empty:
        empty = pd.DataFrame(columns=["year", "lead", "days", "level_hit", "within_one", "in_range"])
        return {"window": None, "window_period": None, "years": empty}
    last = city["date"].max()
    first = last - pd.Timedelta(days=window_days - 1)
    inside = city[city["date"] >= first]
    window = _rates(inside, ["lead"])
    years = _rates(city.assign(year=city["date"].dt.year), ["year", "lead"])
    # The period the window's figures come from: its first and last scored day.
    return {"window": window, "window_period": (inside["date"].min().date(), last.date()), "years": years}
