"""The weekly statistics: period statistics, composite index, ranks and changes per ISO week.

Built on generator.statistics.daily (area_daily/city_daily); memoised per build like it. The
figures come from generator.statistics.period_table, the machinery of the monthly and year-to-date
rankings too: a week is one kind of period, compared with the week before and the same ISO week a
year earlier.
- weeks(ctx)            the ISO weeks to publish (WeekInfo, oldest first): Mon–Sun weeks with data
- weekly(ctx, scope)    one row per area (scope "areas") or city ("cities") and published week:
                        period statistics, composite index, ranks, changes (see WEEKLY_COLUMNS)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from generator.i18n import _
from generator.i18n.dates import day_text, short_day_text
from generator.statistics import period_table
from generator.statistics.daily import SCOPES, area_daily, city_daily, group_names, memo

INDEX_POLLUTANTS = ("pm25", "pm10", "o3", "no2", "so2", "co")
LEVELS = period_table.LEVELS

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
        return _("%(year)s年第%(week)s周", year=self.year, week=self.number)

    @property
    def label(self) -> str:
        """The week and its days in words, in the language being rendered."""
        if self.end.year == self.start.year:
            return _(
                "%(title)s（%(year)s年%(start)s至%(end)s）",
                title=self.title,
                year=self.start.year,
                start=short_day_text(self.start),
                end=short_day_text(self.end),
            )
        return _(
            "%(title)s（%(start)s至%(end)s）",
            title=self.title,
            start=day_text(self.start),
            end=day_text(self.end),
        )

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
    """ISO week id ('2019-W05') of each date, vectorised (worked out once per distinct date: the
    daily frames repeat each date for every group)."""
    codes, days = pd.factorize(dates, use_na_sentinel=False)
    iso = pd.DatetimeIndex(days).isocalendar()
    ids = (
        iso["year"].astype(str).str.zfill(4).to_numpy()
        + "-W"
        + iso["week"].astype(str).str.zfill(2).to_numpy()
    )
    return pd.Series(ids[codes], index=dates.index)


def weeks(ctx) -> list[WeekInfo]:
    """ISO weeks with data whose Sunday is on or before the as-of date, oldest first."""

    def compute():
        daily = area_daily(ctx)
        as_of = ctx.dataset.as_of
        if daily.empty or as_of is None:
            return []
        with_data = daily.loc[daily["aqi"].notna(), "date"]
        ids = sorted(week_ids(with_data).unique())
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
    """Period statistics, composite index, ranks and changes of every (group, week) in one pass:
    generator.statistics.period_table with the weeks as its periods, compared with the previous
    week and the same ISO week a year earlier.

    `daily` is a group daily frame (area_daily/city_daily) with a `week` column; every group
    appears in every week (area_daily_values gives each group a row for each date).
    """
    weeks_table = period_table.spans(
        [w.id for w in published], [w.start for w in published], [w.end for w in published], "week"
    )
    previous = {w.id: (w.start - timedelta(days=7)).isocalendar() for w in published}
    compare = {
        "prev": pd.Series({k: week_id(v[0], v[1]) for k, v in previous.items()}, dtype=object),
        "yoy": pd.Series({w.id: w.year_ago_id for w in published}, dtype=object),
    }
    rows = daily.rename(columns={"week": "period"})
    stats = period_table.period_table(rows, weeks_table, compare)
    # The weekly frame's own names: `week`, `yoy_week`, and each week's Monday after `primary`.
    stats = stats.drop(columns="prev_period").rename(columns={"period": "week", "yoy_period": "yoy_week"})
    stats.insert(
        stats.columns.get_loc("primary") + 1,
        "week_start",
        stats["week"].map(weeks_table["start"]).astype("datetime64[ns]"),
    )
    return stats
