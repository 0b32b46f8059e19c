"""The weekly statistics: period statistics, composite index, ranks and changes per ISO week.

Built on generator.statistics.daily (area_daily/city_daily); memoised per build like it.
- weeks(ctx)            the ISO weeks to publish (WeekInfo, oldest first): Mon–Sun weeks with data
- weekly(ctx, scope)    one row per area (scope "areas") or city ("cities") and published week:
                        period statistics, composite index, ranks, changes (see WEEKLY_COLUMNS)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from generator.standards import composite
from generator.standards.assessment import period_statistics
from generator.standards.rules import rules_for, version_for_dates
from generator.statistics.daily import SCOPES, area_daily, city_daily, group_names, memo

INDEX_POLLUTANTS = ("pm25", "pm10", "o3", "no2", "so2", "co")
LEVELS = (1, 2, 3, 4, 5, 6)

# The weekly frame's columns and what they mean (also the CSV/JSON column documentation).
WEEKLY_COLUMNS = {
    "week": "ISO 周（YYYY-Www，周一至周日，北京时间）",
    "group": "县区代码（slug）或城市名",
    "name": "县区或城市名称",
    "rules": "各日 AQI 所用规则版本（2012 或 2026；跨 2026-03-01 的周为 2012+2026）",
    "composite_rules": "综合指数所用规则版本（周日所在日期适用的版本）",
    "ranked": "是否参与排名（数据不足时为 false）",
    "reason": "不参与排名的原因",
    "rank": "综合指数排名（越小越好，并列取相同名次）",
    "rank_tied": "综合指数名次是否并列",
    "composite": "综合指数（各单项指数之和）",
    "i_pm25": "PM2.5 单项指数",
    "i_pm10": "PM10 单项指数",
    "i_o3": "O3 单项指数",
    "i_no2": "NO2 单项指数",
    "i_so2": "SO2 单项指数",
    "i_co": "CO 单项指数",
    "pm25": "PM2.5 周均浓度（µg/m³）",
    "pm10": "PM10 周均浓度（µg/m³）",
    "so2": "SO2 周均浓度（µg/m³）",
    "no2": "NO2 周均浓度（µg/m³）",
    "co_p95": "CO 日均浓度第95百分位（mg/m³）",
    "o3_8h_p90": "O3 日最大8小时平均第90百分位（µg/m³）",
    "rank_pm25": "PM2.5 浓度排名（越低越好）",
    "rank_good": "优良天数比例排名（越高越好）",
    "aqi_days": "计入天数统计的天数（日报指标全部有效的日子；见 methodology/validity）",
    "good_days": "优良天数（AQI 一级、二级）",
    "good_ratio": "优良天数比例",
    "level_1": "优天数",
    "level_2": "良天数",
    "level_3": "轻度污染天数",
    "level_4": "中度污染天数",
    "level_5": "重度污染天数",
    "level_6": "严重污染天数",
    "primary": "首要污染物（本周各日首要污染物中出现最多的）",
    "valid_days": "六项污染物中有效日最少的一项的有效日数（满 7）",
    "station_days_valid": "有数据的站·日数",
    "station_days_expected": "应有的站·日数（站点数 × 7）",
    "coverage": "站·日覆盖率",
    "n_ranked": "本周参与排名的县区或城市数",
    "prev_rank": "上周名次",
    "prev_n_ranked": "上周参与排名的县区或城市数",
    "prev_rank_comparable": "上周与本周参与排名的县区或城市是否相同（相同时名次变化才有意义）",
    "prev_composite": "上周综合指数",
    "prev_rules": "上周所用规则",
    "change_prev": "综合指数较上周变化率（%，负值为改善）",
    "yoy_week": "去年同周（ISO 周）",
    "yoy_rank": "去年同周名次",
    "yoy_n_ranked": "去年同周参与排名的县区或城市数",
    "yoy_rank_comparable": "去年同周与本周参与排名的县区或城市是否相同（相同时名次变化才有意义）",
    "yoy_composite": "去年同周综合指数",
    "yoy_rules": "去年同周所用规则",
    "change_yoy": "综合指数较去年同周变化率（%，负值为改善）",
    "rank_improvement_yoy": "按较去年同周变化率的改善排名（只排综合指数下降的；持平或变差的为空）",
    "rank_improvement_prev": "按较上周变化率的改善排名（只排综合指数下降的；持平或变差的为空）",
}


@dataclass(frozen=True)
class WeekInfo:
    id: str  # "2019-W05"
    year: int  # ISO year
    number: int  # ISO week number
    start: date  # Monday
    end: date  # Sunday

    @property
    def title(self) -> str:
        return f"{self.year}年第{self.number}周"

    @property
    def label(self) -> str:
        end = (
            f"{self.end.month}月{self.end.day}日"
            if self.end.year == self.start.year
            else f"{self.end.year}年{self.end.month}月{self.end.day}日"
        )
        return f"{self.title}（{self.start.year}年{self.start.month}月{self.start.day}日至{end}）"

    @property
    def year_ago_id(self) -> str:
        return week_id(self.year - 1, self.number)

    @classmethod
    def from_id(cls, week: str) -> WeekInfo:
        year, number = int(week[:4]), int(week[6:])
        start = date.fromisocalendar(year, number, 1)
        return cls(week, year, number, start, start + timedelta(days=6))


def week_id(year: int, number: int) -> str:
    return f"{year:04d}-W{number:02d}"


def week_ids(dates: pd.Series) -> pd.Series:
    """ISO week id ('2019-W05') of each date, vectorised."""
    iso = pd.DatetimeIndex(dates).isocalendar()
    return pd.Series(
        iso["year"].astype(str).str.zfill(4).to_numpy()
        + "-W"
        + iso["week"].astype(str).str.zfill(2).to_numpy(),
        index=dates.index,
    )


def weeks(ctx) -> list[WeekInfo]:
    """ISO weeks with data whose Sunday is on or before the as-of date, oldest first."""

    def compute():
        daily = area_daily(ctx)
        as_of = ctx.dataset.as_of
        if daily.empty or as_of is None:
            return []
        with_data = daily.loc[daily["aqi"].notna(), "date"]
        ids = sorted(set(week_ids(with_data)))
        infos = [WeekInfo.from_id(w) for w in ids]
        last_day = as_of.tz_convert("Asia/Shanghai").date() if as_of.tzinfo else as_of.date()
        return [w for w in infos if w.end <= last_day]

    return memo(ctx, "weeks", compute)


def weekly(ctx, scope: str = "areas") -> pd.DataFrame:
    """One row per group (area or city) and published week; columns WEEKLY_COLUMNS (+ week_start)."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, got {scope!r}")
    return memo(ctx, f"weekly_{scope}", lambda: _weekly(ctx, scope))


def _weekly(ctx, scope: str) -> pd.DataFrame:
    daily = area_daily(ctx) if scope == "areas" else city_daily(ctx)
    published = weeks(ctx)
    if daily.empty or not published:
        return pd.DataFrame(columns=[*WEEKLY_COLUMNS, "week_start"])
    week_ids_all = [w.id for w in published]
    daily = daily.assign(week=week_ids(daily["date"]))
    daily = daily[daily["week"].isin(week_ids_all)]
    frame = weekly_statistics(daily, published)
    frame["name"] = frame["group"].map(group_names(ctx, scope))
    return frame


def weekly_statistics(daily: pd.DataFrame, published: list[WeekInfo]) -> pd.DataFrame:
    """Period statistics, composite index, ranks and changes of every (group, week) in one pass.

    `daily` is a group daily frame (area_daily/city_daily) with a `week` column; every group
    appears in every week (area_daily_values gives each group a row for each date).
    """
    stats = _period_stats(daily)
    stats = _add_composite(stats)
    stats = _add_ranks(stats)
    stats = _add_changes(stats, published)
    return stats.sort_values(["week", "rank", "group"], na_position="last").reset_index(drop=True)


def _period_stats(daily: pd.DataFrame) -> pd.DataFrame:
    """assessment.period_statistics grouped by (group, week) through a combined key, over all weeks."""
    keyed = daily.assign(_key=daily["area"] + "|" + daily["week"])
    start, end = keyed["date"].min(), keyed["date"].max()
    stats = period_statistics(keyed, start, end, by="_key")
    parts = stats["_key"].str.split("|", n=1, expand=True)
    stats.insert(0, "group", parts[0])
    stats.insert(1, "week", parts[1])
    # period_statistics counts calendar days of [start, end]; a week has 7.
    stats["days"] = 7
    for p in ("so2", "no2", "pm10", "pm25", "co", "o3"):
        stats[f"coverage_{p}"] = stats[f"valid_days_{p}"] / 7
    stats["valid_days"] = stats[[f"valid_days_{p}" for p in ("so2", "no2", "pm10", "pm25", "co", "o3")]].min(
        axis=1
    )
    per_week = keyed.groupby("_key", sort=True)
    silent = per_week["n_missing"].sum()
    # Days of the week before the data starts or after it ends have no rows: count them as silent.
    rows = per_week.size()
    stations = per_week["n_stations"].max()
    expected = stations * 7
    silent = silent + stations * (7 - rows)
    stats["station_days_expected"] = stats["_key"].map(expected).astype(int)
    stats["station_days_valid"] = (stats["_key"].map(expected) - stats["_key"].map(silent)).astype(int)
    stats["coverage"] = stats["station_days_valid"] / stats["station_days_expected"]
    stats["primary"] = stats["_key"].map(most_frequent_primary(keyed))
    stats = stats.rename(columns={f"days_level_{n}": f"level_{n}" for n in LEVELS})
    stats["week_start"] = pd.to_datetime(stats["week"].map(lambda w: WeekInfo.from_id(w).start))
    return stats.drop(columns="_key")


def most_frequent_primary(keyed: pd.DataFrame) -> pd.Series:
    """The primary pollutant named on most days of each (group, week); ties listed in order of
    first appearance in PRIMARY_ORDER. Days with AQI ≤ 50 have none."""
    days = keyed[["_key", "primary"]].dropna()
    if days.empty:
        return pd.Series(dtype=object)
    # A day with tied primary pollutants ("PM2.5,PM10") counts for each.
    single = days.assign(primary=days["primary"].str.split(",")).explode("primary")
    counts = single.groupby(["_key", "primary"]).size().rename("n").reset_index()
    top = counts["n"] == counts.groupby("_key")["n"].transform("max")
    return counts[top].groupby("_key")["primary"].agg(lambda s: "、".join(sorted(s)))


def _add_composite(stats: pd.DataFrame) -> pd.DataFrame:
    """composite.composite_ranking per rule version (the one in force on each week's Sunday).

    composite_ranking ranks all rows it is given together; the ranks are redone per week below,
    its composite index, validity decision (ranked/reason) and rules are kept.
    """
    ends = stats["week_start"] + pd.Timedelta(days=6)
    versions = version_for_dates(ends)
    parts = []
    for version in np.unique(versions):
        part = stats[versions == version]
        start, end = part["week_start"].min(), ends[versions == version].max()
        parts.append(
            composite.composite_ranking(
                part, start, end, kind="week", rules=rules_for(str(version)), key="group"
            )
        )
    out = pd.concat(parts, ignore_index=True).drop(columns="rank")
    # Published figures: the composite index as reported (2 decimals) is what is ranked and shown.
    return out.rename(
        columns={
            "composite": "composite_unrounded",
            "composite_reported": "composite",
            "pm25_mean": "pm25",
            "pm10_mean": "pm10",
            "so2_mean": "so2",
            "no2_mean": "no2",
        }
    )


def _ranks_by_week(stats: pd.DataFrame, values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Shared ascending ranks (composite.rank_min) within each week, of ranked rows only."""
    masked = values.where(stats["ranked"])
    ranks = masked.groupby(stats["week"]).transform(lambda s: composite.rank_min(s)).astype("Int64")
    counts = ranks.groupby([stats["week"], ranks]).transform("size")
    return ranks, (counts > 1) & ranks.notna()


def _add_ranks(stats: pd.DataFrame) -> pd.DataFrame:
    """Composite, PM2.5 (reported, ascending) and good-day ratio (descending) ranks per week."""
    stats["rank"], stats["rank_tied"] = _ranks_by_week(stats, stats["composite"])
    stats["rank_pm25"], stats["rank_pm25_tied"] = _ranks_by_week(stats, stats["ci_pm25"])
    stats["rank_good"], stats["rank_good_tied"] = _ranks_by_week(stats, -stats["good_ratio"])
    return stats


def _add_changes(stats: pd.DataFrame, published: list[WeekInfo]) -> pd.DataFrame:
    """Against the previous week and the same ISO week a year earlier: composite.change_rates on
    a (group, week) key, where both weeks are ranked; improvement ranks redone per week.

    A rank is a place among the groups ranked that week, so a rank change means something only
    when both weeks ranked the same groups (`<suffix>_rank_comparable`). Only improvements (a
    lower composite index) get an improvement rank: a worsening is never "first in improvement"."""
    previous = {w.id: (w.start - timedelta(days=7)).isocalendar() for w in published}
    compared = {
        "prev": stats["week"].map({k: week_id(v[0], v[1]) for k, v in previous.items()}),
        "yoy": stats["week"].map({w.id: w.year_ago_id for w in published}),
    }
    stats["yoy_week"] = compared["yoy"]
    ranked = stats[stats["ranked"]]
    fields = ranked.groupby("week")["group"].agg(frozenset)
    stats["n_ranked"] = stats["week"].map(fields.map(len)).fillna(0).astype(int)
    earlier = pd.DataFrame(
        {
            "_key": ranked["group"] + "|" + ranked["week"],
            "composite": ranked["composite"],
            "rules": ranked["composite_rules"],
            "_rank": ranked["rank"],
        }
    )
    for suffix, other_week in compared.items():
        current = stats.assign(_key=stats["group"] + "|" + other_week)
        current = current[current["ranked"]]
        changed = composite.change_rates(
            current[["_key", "composite"]],
            earlier.drop(columns="_rank"),
            key="_key",
            value="composite",
            suffix=suffix,
        )
        changed.index = current.index
        rank_before = current["_key"].map(earlier.set_index("_key")["_rank"])
        stats[f"{suffix}_composite"] = changed[f"before_{suffix}"]
        stats[f"{suffix}_rules"] = changed[f"rules_{suffix}"]
        stats[f"{suffix}_rank"] = rank_before.astype("Int64")
        stats[f"change_{suffix}"] = changed[f"change_{suffix}_reported"]  # percent, 1 decimal
        stats[f"{suffix}_n_ranked"] = other_week.map(fields.map(len)).astype("Int64")
        same = {w: fields.get(w) == fields.get(o) for w, o in zip(stats["week"], other_week, strict=True)}
        stats[f"{suffix}_rank_comparable"] = stats["week"].map(same) & stats[f"{suffix}_rank"].notna()
        improved = stats[f"change_{suffix}"].where(stats[f"change_{suffix}"] < 0)
        ranks, tied = _ranks_by_week(stats, improved)
        stats[f"rank_improvement_{suffix}"], stats[f"rank_improvement_{suffix}_tied"] = ranks, tied
    return stats
