"""The city's own figures that the science and targets pages quote, from the statistics stage.

Everything a rule decides (daily values, AQI, validity, period statistics, rounding) comes from
generator.standards through generator.statistics; this module only picks the periods (calendar
years, year to date, seasons) and the city, and memoises the results in ctx.products.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from babel.dates import format_date

from generator import i18n, statistics
from generator.i18n import N_, _
from generator.i18n.dates import day_text, short_day_text
from generator.standards.assessment import period_statistics
from generator.standards.rounding import round_half_even
from generator.standards.rules import rules_for, version_for_date
from generator.statistics import figures

# Months of the seasons the science pages talk about.
WINTER_MONTHS = (12, 1, 2)
SUMMER_MONTHS = (6, 7, 8)
# The seasons' names, passed to latest_season and translated in its label.
WINTER = N_("冬季")
SUMMER = N_("夏季")


@dataclass(frozen=True)
class Period:
    key: str  # used in figure ids: "2025", "2026", "winter-2025", "summer-2026"
    label: str  # "2025年", "2026年（截至11月22日）"
    start: date
    end: date
    complete: bool  # the whole calendar period lies within the data

    @property
    def text(self) -> str:
        """The period as a line of the facts: '2025-01-01 至 2025-12-31'."""
        return span_text(self.start, self.end)


def _memo(ctx, key: str, compute):
    cache = ctx.products.setdefault("science", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def city_name(ctx) -> str:
    return ctx.config.site["city"]


def city_stations(ctx) -> tuple[str, ...]:
    return statistics.city_members(ctx).get(city_name(ctx), ())


def city_daily(ctx) -> pd.DataFrame:
    """The city's daily values and daily AQI (statistics.city_daily for this site's city)."""

    def compute():
        daily = statistics.city_daily(ctx)
        return daily[daily["area"] == city_name(ctx)].sort_values("date").reset_index(drop=True)

    return _memo(ctx, "city_daily", compute)


def span(ctx) -> tuple[date, date] | None:
    """First and last day on which the city has any daily value."""

    def compute():
        daily = city_daily(ctx)
        columns = ["pm25", "pm10", "so2", "no2", "co", "o3_8h_max"]
        with_data = daily.loc[daily[columns].notna().any(axis=1), "date"]
        if with_data.empty:
            return None
        return with_data.min().date(), with_data.max().date()

    return _memo(ctx, "span", compute)


def span_text(start: date, end: date) -> str:
    """'2025-01-01 至 2025-12-31' (to, in English)."""
    return _("%(start)s 至 %(end)s", start=start.isoformat(), end=end.isoformat())


def years(ctx) -> list[Period]:
    """Every calendar year with data: completed years whole, the last one to date when unfinished."""
    bounds = span(ctx)
    if bounds is None:
        return []
    first, last = bounds
    out = []
    for year in range(first.year, last.year + 1):
        end = date(year, 12, 31)
        if end <= last:
            out.append(Period(str(year), _("%(year)s年", year=year), date(year, 1, 1), end, True))
        else:
            out.append(
                Period(
                    str(year),
                    _("%(year)s年（截至%(day)s）", year=year, day=short_day_text(last)),
                    date(year, 1, 1),
                    last,
                    False,
                )
            )
    return out


def latest_complete_year(ctx) -> Period | None:
    done = [p for p in years(ctx) if p.complete]
    return done[-1] if done else None


def year_to_date(ctx) -> Period | None:
    current = [p for p in years(ctx) if not p.complete]
    return current[-1] if current else None


def _month_name(month: int) -> str:
    """12月 / December."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return f"{month}月"
    return format_date(date(2000, month, 1), "MMMM", locale="en_GB")


def latest_season(ctx, months: tuple[int, ...], name: str) -> Period | None:
    """The latest season (e.g. winter Dec–Feb) lying wholly within the data."""
    bounds = span(ctx)
    if bounds is None:
        return None
    first, last = bounds
    for year in range(last.year, first.year - 1, -1):
        start_year = year - 1 if months[0] > months[-1] else year
        start = date(start_year, months[0], 1)
        end = (pd.Timestamp(year, months[-1], 1) + pd.offsets.MonthEnd(0)).date()
        if first <= start and end <= last:
            key_year = start_year
            label = (
                _(
                    "%(start)s—%(end)s年冬季（%(first)s至次年%(last)s）",
                    start=start_year,
                    end=year,
                    first=_month_name(months[0]),
                    last=_month_name(months[-1]),
                )
                if start_year != year
                else _(
                    "%(year)s年%(season)s（%(first)s—%(last)s月）",
                    year=year,
                    season=_(name),
                    first=months[0],
                    last=months[-1],
                )
            )
            return Period(
                f"{'winter' if start_year != year else 'summer'}-{key_year}", label, start, end, True
            )
    return None


def stats(ctx, period: Period) -> dict:
    """assessment.period_statistics of the city's daily values over the period (one row, as a dict)."""

    def compute():
        row = period_statistics(city_daily(ctx), period.start, period.end).iloc[0]
        return row.to_dict()

    return _memo(ctx, f"stats:{period.start}:{period.end}", compute)


def monthly_stats(ctx) -> pd.DataFrame:
    """period_statistics per calendar month of the data (column `month`, 'YYYY-MM')."""

    def compute():
        daily = city_daily(ctx)
        bounds = span(ctx)
        if bounds is None:
            return pd.DataFrame(columns=["month"])
        keyed = daily.assign(month=daily["date"].dt.strftime("%Y-%m"))
        start = pd.Timestamp(bounds[0]).replace(day=1)
        end = pd.Timestamp(bounds[1])
        keyed = keyed[(keyed["date"] >= start) & (keyed["date"] <= end)]
        out = period_statistics(keyed, start, end, by="month")
        # period_statistics counts the calendar days of the whole span; per month, count the month's.
        first = pd.to_datetime(out["month"] + "-01")
        month_end = (first + pd.offsets.MonthEnd(0)).clip(upper=end)
        out["days"] = (month_end - first).dt.days + 1
        return out

    return _memo(ctx, "monthly", compute)


def reported(value: float, pollutant: str, day: date) -> float:
    """A concentration as published (GB/T 8170 rounding, decimals of the rules in force on `day`)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    decimals = rules_for(version_for_date(day)).reporting_decimals[pollutant]
    return float(round_half_even(float(value), decimals))


# Ratios are published in percent with one decimal (GB/T 8170), and targets are checked on that figure.
RATIO_DECIMALS = 1


def published_percent(ratio) -> float:
    """A ratio as published: percent, one decimal, round half to even; NaN stays NaN."""
    if ratio is None or pd.isna(ratio):
        return float("nan")
    return float(round_half_even(float(ratio) * 100, RATIO_DECIMALS))


def rules_text(versions: str) -> str:
    """'2012+2026' -> the standards in force, in words, with the switch date when both apply."""
    ids = [v for v in str(versions).split("+") if v]
    names = [_("%(a)s、%(b)s", a=rules_for(v).aqi_standard, b=rules_for(v).assessment_standard) for v in ids]
    if len(ids) > 1:
        switch = rules_for(ids[-1]).effective_from
        return _(
            "%(old)s（%(day)s前）；%(new)s（此后）",
            old=names[0],
            day=day_text(switch.date()),
            new=names[-1],
        )
    return names[0] if names else "—"


def city_hourly_o3(ctx) -> pd.DataFrame:
    """The city's hourly O3: mean over its stations with a valid value that hour.

    Columns: time (Beijing), o3, stations (how many stations reported). A descriptive average for
    the daily-cycle chart, not an assessment statistic.
    """

    def compute():
        hourly = ctx.dataset.hourly
        own = hourly[hourly["station"].isin(city_stations(ctx))]
        grouped = own.groupby("time", sort=True)["o3"]
        return pd.DataFrame({"o3": grouped.mean(), "stations": grouped.count()}).reset_index()

    return _memo(ctx, "hourly_o3", compute)


def ozone_daily_cycle(ctx, period: Period) -> pd.DataFrame:
    """Mean hourly O3 by hour of the day over the period (hour label h = h:00–h+1:00, Beijing).

    Columns: hour (0–23), o3 (µg/m³, mean of the city's hourly values), hours (how many hours).
    """

    def compute():
        frame = city_hourly_o3(ctx)
        local = (
            frame["time"].dt.tz_convert("Asia/Shanghai") if frame["time"].dt.tz is not None else frame["time"]
        )
        days = local.dt.tz_localize(None).dt.normalize() if local.dt.tz is not None else local.dt.normalize()
        inside = (
            (days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end)) & frame["o3"].notna()
        )
        picked = frame[inside]
        hours = local[inside].dt.hour
        grouped = picked.groupby(hours)["o3"]
        out = pd.DataFrame({"o3": grouped.mean(), "hours": grouped.count()})
        out = out.reindex(range(24))
        out.index.name = "hour"
        out["hours"] = out["hours"].fillna(0).astype(int)
        return out.reset_index()

    return _memo(ctx, f"o3cycle:{period.start}:{period.end}", compute)


def cycle_extremes(cycle: pd.DataFrame) -> dict:
    """The lowest and highest hour of the mean daily O3 cycle, compared as the chart prints the
    values (generator.statistics.figures, kind "hourly_mean"): hours tied at the printed value are all named,
    so the page and the chart's text never pick different hours of a tie."""
    valid = cycle.dropna(subset=["o3"])
    if valid.empty:
        return {}
    shown = figures.rounded(valid["o3"], "hourly_mean")
    lows, peaks = valid[shown == shown.min()], valid[shown == shown.max()]
    low_hours, peak_hours = [int(h) for h in lows["hour"]], [int(h) for h in peaks["hour"]]
    # The values themselves stay unrounded: each page rounds once, to the decimals it prints.
    return {
        "low": float(lows["o3"].min()),
        "low_hours": low_hours,
        "low_hour_text": _("、").join(map(str, low_hours)),
        "peak": float(peaks["o3"].max()),
        "peak_hours": peak_hours,
        "peak_hour_text": _("、").join(map(str, peak_hours)),
        "hours": int(valid["hours"].sum()),
    }
