"""The latest hour's real-time report (实时报) per area and per city: "how is the air right now?".

A group's hourly concentrations are the arithmetic mean of its stations in that hour (as the daily
values are, HJ 663); the real-time report itself (IAQI, AQI, level, primary pollutant) comes from
the standards engine (`aqi.hourly_aqi`), under the rules of the hour's date. The 2012 report also
uses moving averages (O3 8 h, PM 24 h), so each group's last day of hours is kept, not only its
last hour. Nothing here builds daily figures: an hour of a day still in progress is a real-time
value only.
"""

from __future__ import annotations

import pandas as pd

from generator.standards.aqi import hourly_aqi
from generator.standards.assessment import moving_averages
from generator.standards.rules import POLLUTANTS
from generator.statistics.daily import area_members, city_members, memo

# Hours before a group's latest hour that its moving averages need (24-h means, O3 8 h).
WINDOW_HOURS = 24
# Only the last week of hours is read: a group silent for longer has no "now" value at all (a
# younger one is shown with its age, now_block.age_text).
LOOKBACK_HOURS = 24 * 7
REPORT_COLUMNS = ["group", "time", "aqi", "level", "category", "colour", "primary", "rules", "n_stations"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in REPORT_COLUMNS})


def latest_hour_reports(hourly: pd.DataFrame, members: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """For each group of `members` (name -> station codes) with data: its latest hour with any
    value, the stations' mean concentrations then, and that hour's real-time report.

    Columns: group, time, aqi (float, NaN when no indicator has a value), level, category,
    colour, primary, rules, n_stations (stations with a value that hour).
    """
    pairs = pd.DataFrame(
        [(g, s) for g, stations in members.items() for s in stations], columns=["group", "station"]
    )
    if pairs.empty or hourly.empty:
        return _empty()
    observed = hourly.dropna(subset=list(POLLUTANTS), how="all")
    observed = observed.assign(station=observed["station"].astype(str)).merge(pairs, on="station")
    if observed.empty:
        return _empty()
    latest = observed.groupby("group")["time"].transform("max")
    recent = observed[observed["time"] > latest - pd.Timedelta(hours=WINDOW_HOURS)]
    grouped = recent.groupby(["group", "time"], sort=True)
    means = grouped[list(POLLUTANTS)].mean().reset_index()
    counts = grouped["station"].nunique().to_numpy()
    means["n_stations"] = counts
    # The moving averages run per series; a group stands where the engine expects a station.
    averaged = moving_averages(means.rename(columns={"group": "station"})).rename(
        columns={"station": "group"}
    )
    last = averaged.sort_values(["group", "time"]).groupby("group", sort=True).tail(1)
    report = hourly_aqi(last.reset_index(drop=True))
    return report[REPORT_COLUMNS].reset_index(drop=True)


def area_latest_hour(ctx) -> pd.DataFrame:
    """latest_hour_reports of every configured area (group = area slug)."""
    return memo(
        ctx,
        "area_latest_hour",
        lambda: latest_hour_reports(ctx.dataset.recent_hours(LOOKBACK_HOURS), area_members(ctx)),
    )


def city_latest_hour(ctx) -> pd.DataFrame:
    """latest_hour_reports of the site's city over its national-network stations (group = city name)."""
    city = ctx.config.site.get("city", "")

    def compute():
        members = {city: city_members(ctx).get(city, ())}
        return latest_hour_reports(ctx.dataset.recent_hours(LOOKBACK_HOURS), members)

    return memo(ctx, "city_latest_hour", compute)
