"""Data completeness: how many hours and days of data each station has, month by month.

Statistics stage (no I/O, no page knowledge): from the Dataset's hourly frame, the daily station
values of generator.statistics and the parser's flags table, it counts for every station and
month of the data's span

- hours with data (at least one of the six pollutants has a value; flagged values do not count),
- valid days: days on which the daily values of all six pollutants meet the validity rules
  (PM2.5, PM10, SO2, NO2, CO: enough hourly values; O3: enough valid 8-hour windows), i.e. the
  daily values that generator.statistics.daily.station_daily computed;
- complete (24 hours), partial (1–23 hours) and missing (no hour at all) days, and the missing
  dates themselves;
- values flagged as implausible by the parser (kept out of every statistic).

Days missing for every station at once (a whole archive file absent upstream, e.g. 2019-04-08)
are listed separately by `network_missing_days`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from generator.i18n import N_, _
from generator.standards.rules import POLLUTANTS
from generator.statistics import daily as daily_stats

# Daily values that must all be valid for a day to count as a valid day (assessment.DAILY_COLUMNS
# minus the 1-hour O3 maximum, which the daily AQI of HJ 633 does not need).
DAILY_VALUES = ("pm25", "pm10", "so2", "no2", "co", "o3_8h_max")
HOURS_PER_DAY = 24

# Columns of the station-month table (also the CSV's columns) and what they mean.
# Headers are messages, printed in the edition's language (pages/data/completeness.py).
STATION_MONTH_COLUMNS = {
    "station": N_("站点编码"),
    "station_name": N_("站点名称"),
    "city": N_("城市"),
    "area": N_("所属县区（本市评价站点）"),
    "month": N_("月份"),
    "days": N_("统计天数（该月在数据时段内的天数）"),
    "hours_expected": N_("应有小时数"),
    "hours_with_data": N_("有数据小时数（至少一项污染物有有效值）"),
    "valid_days": N_("有效天数（六项污染物日均值均有效）"),
    "complete_days": N_("完整天数（24 小时均有数据）"),
    "partial_days": N_("不完整天数（1–23 小时有数据）"),
    "missing_days": N_("缺失天数（全天无数据）"),
    "missing_dates": N_("缺失日期"),
    "flagged_values": N_("剔除的异常值个数"),
}


def _local_dates(times: pd.Series) -> pd.Series:
    """Calendar dates (Beijing time, tz-naive midnight) of tz-aware hour labels."""
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    return times.dt.normalize()


def station_days(ctx) -> pd.DataFrame:
    """One row per station and date of the data's span: station, date, hours (hours with data),
    valid (all six daily values valid)."""

    def compute():
        hourly = ctx.dataset.hourly
        columns = ["station", "date", "hours", "valid"]
        if hourly.empty:
            return pd.DataFrame(columns=columns)
        daily = daily_stats.station_daily(ctx)
        observed = hourly[hourly[list(POLLUTANTS)].notna().any(axis=1)]
        hours = (
            pd.DataFrame({"station": observed["station"].astype(str), "date": _local_dates(observed["time"])})
            .groupby(["station", "date"], sort=False)
            .size()
            .rename("hours")
        )
        frame = daily[["station", "date"]].assign(station=daily["station"].astype(str))
        frame = frame.join(hours, on=["station", "date"])
        frame["hours"] = frame["hours"].fillna(0).astype(int)
        frame["valid"] = daily[list(DAILY_VALUES)].notna().all(axis=1).to_numpy()
        return frame[columns]

    return daily_stats.memo(ctx, "completeness_station_days", compute)


def date_ranges(dates: list[date]) -> str:
    """Sorted dates as text, runs of consecutive days joined: '2019-04-08、2019-09-01至2019-09-30'."""
    if not dates:
        return ""
    runs: list[list[date]] = [[dates[0], dates[0]]]
    for day in dates[1:]:
        if (day - runs[-1][1]).days == 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return _("、").join(
        a.isoformat() if a == b else _("%(first)s至%(last)s", first=a.isoformat(), last=b.isoformat())
        for a, b in runs
    )


def _missing_dates(days: pd.DataFrame) -> pd.Series:
    """(station, month) -> the dates without any hour of data, as text."""
    missing = days[days["hours"] == 0]
    if missing.empty:
        return pd.Series(dtype=object)
    return missing.groupby(["station", "month"])["date"].agg(
        lambda s: date_ranges(sorted(d.date() for d in s))
    )


def _flag_counts(ctx) -> pd.Series:
    flags = ctx.dataset.flags
    if flags.empty:
        return pd.Series(dtype=int)
    keyed = pd.DataFrame(
        {"station": flags["station"].astype(str), "month": _local_dates(flags["time"]).dt.strftime("%Y-%m")}
    )
    return keyed.groupby(["station", "month"]).size()


def station_months(ctx) -> pd.DataFrame:
    """One row per station and month: the columns of STATION_MONTH_COLUMNS, stations in code order."""

    def compute():
        days = station_days(ctx)
        if days.empty:
            return pd.DataFrame(columns=list(STATION_MONTH_COLUMNS))
        days = days.assign(month=days["date"].dt.strftime("%Y-%m"))
        hours = days["hours"]
        grouped = days.assign(
            complete=hours >= HOURS_PER_DAY,
            partial=(hours > 0) & (hours < HOURS_PER_DAY),
            missing=hours == 0,
        ).groupby(["station", "month"], sort=True)
        table = grouped.agg(
            days=("date", "size"),
            hours_with_data=("hours", "sum"),
            valid_days=("valid", "sum"),
            complete_days=("complete", "sum"),
            partial_days=("partial", "sum"),
            missing_days=("missing", "sum"),
        )
        table["hours_expected"] = table["days"] * HOURS_PER_DAY
        table["missing_dates"] = _missing_dates(days).reindex(table.index).fillna("")
        table["flagged_values"] = _flag_counts(ctx).reindex(table.index).fillna(0).astype(int)
        table = table.reset_index()
        registry = ctx.dataset.stations
        if not registry.empty:
            names = registry.drop_duplicates("code").set_index("code")
            table["station_name"] = table["station"].map(names["name"]).fillna("")
            table["city"] = table["station"].map(names["city"]).fillna("")
        else:
            table["station_name"], table["city"] = "", ""
        table["area"] = table["station"].map(ctx.config.station_map).fillna("")
        return table[list(STATION_MONTH_COLUMNS)]

    return daily_stats.memo(ctx, "completeness_station_months", compute)


def network_missing_days(ctx) -> list[date]:
    """Dates of the data's span on which no station has any hour of data (a whole day absent
    upstream, such as the archive file of 2019-04-08 that was never published)."""
    days = station_days(ctx)
    if days.empty:
        return []
    per_date = days.groupby("date")["hours"].sum()
    return [d.date() for d in per_date.index[per_date.to_numpy() == 0]]


def flagged_values(ctx) -> pd.DataFrame:
    """The parser's implausible values per station, month, pollutant and reason: count, min, max."""
    flags = ctx.dataset.flags
    columns = ["station", "month", "pollutant", "reason", "count", "min", "max"]
    if flags.empty:
        return pd.DataFrame(columns=columns)
    keyed = flags.assign(
        station=flags["station"].astype(str),
        month=_local_dates(flags["time"]).dt.strftime("%Y-%m"),
        value=pd.to_numeric(flags["value"], errors="coerce"),
    )
    table = keyed.groupby(["station", "month", "pollutant", "reason"], sort=True)["value"].agg(
        count="size", min="min", max="max"
    )
    return table.reset_index()[columns]
