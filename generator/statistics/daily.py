"""The statistics stage's daily values: the standards engine applied to the build's Dataset.

Every result is memoised per build in `ctx.products["statistics"]` (see `memo`), so the builders
that need the same figures (rankings, areas, warnings episodes, science, targets, home) share one
computation. Nothing here implements a rule: daily means, validity and the daily AQI come from
generator.standards; this module only chooses *what* to group (stations -> areas and cities).

- station_daily(ctx)    daily values per station and date (assessment.daily_station_values)
- area_daily(ctx)       daily values and daily AQI per configured area (columns: area, date, ...)
- city_daily(ctx)       the same per city of the station registry (column `area` holds the city)
- excluded_days(ctx)    the days left off the day counts (good-day ratio), with the reason
"""

from __future__ import annotations

import pandas as pd

from generator.standards import day_validity
from generator.standards.aqi import daily_aqi
from generator.standards.assessment import area_daily_values, daily_station_values

SCOPES = ("areas", "cities")


def _cache(ctx) -> dict:
    return ctx.products.setdefault("statistics", {})


def memo(ctx, key, compute):
    """The value under `key` for this build, computed once."""
    cache = _cache(ctx)
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def station_daily(ctx) -> pd.DataFrame:
    """Daily values per station and date, over the data's span (assessment.daily_station_values)."""
    return memo(ctx, "station_daily", lambda: daily_station_values(ctx.dataset.hourly))


def area_members(ctx) -> dict[str, tuple[str, ...]]:
    """Configured area slug -> its assessment stations."""
    return {area.slug: area.stations for area in ctx.config.areas}


def city_members(ctx) -> dict[str, tuple[str, ...]]:
    """City name -> its national-network stations in the registry that report data (the registry's
    prefecture column without 市, else its city column), only the configured province's cities
    when it is set. Provincial (county) stations are left out so every city is assessed alike."""

    def compute():
        registry = ctx.dataset.stations
        if registry.empty or "city" not in registry.columns:
            return {}
        reporting = set(ctx.dataset.hourly["station"].unique())
        listed = registry[registry["code"].isin(reporting) & registry["city"].notna()]
        if "network" in listed.columns:
            listed = listed[listed["network"] == "national"]
        # A prefecture-level city (地级行政区, e.g. 苏州市) holds county-level cities (昆山) that the
        # list's 城市 column names apart: rank prefectures when the registry carries them.
        if "prefecture" in listed.columns and listed["prefecture"].notna().any():
            city = listed["prefecture"].fillna(listed["city"]).str.removesuffix("市")
        else:
            city = listed["city"]
        province = set(ctx.config.province.get("cities", ())) or set(city)
        grouped = listed.groupby(city, sort=True)
        return {name: tuple(sorted(group["code"])) for name, group in grouped if name in province}

    return memo(ctx, "city_members", compute)


def _group_daily(ctx, members: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    daily = station_daily(ctx)
    if not members:
        return daily_aqi(area_daily_values(daily.iloc[:0], {}).assign(date=pd.Series(dtype="datetime64[ns]")))
    return daily_aqi(area_daily_values(daily, members))


def area_daily(ctx) -> pd.DataFrame:
    """Daily values and daily AQI (aqi.daily_aqi) per configured area: area, date, rules, pm25…,
    n_stations, n_missing (stations silent all day), iaqi_*, aqi, level, category, colour, primary."""
    return memo(ctx, "area_daily", lambda: _group_daily(ctx, area_members(ctx)))


def city_daily(ctx) -> pd.DataFrame:
    """As area_daily, per city of the station registry (the `area` column holds the city name)."""
    return memo(ctx, "city_daily", lambda: _group_daily(ctx, city_members(ctx)))


def excluded_days(ctx, scope: str = "areas") -> pd.DataFrame:
    """The days left off the day counts, per area (scope "areas") or city ("cities"): a tidy table
    of date, area, status and reason (standards.day_validity; for the data-completeness page)."""
    return day_validity.excluded_days(area_daily(ctx) if scope == "areas" else city_daily(ctx))


def group_names(ctx, scope: str) -> dict[str, str]:
    if scope == "areas":
        return {area.slug: area.name for area in ctx.config.areas}
    return {city: city for city in city_members(ctx)}
