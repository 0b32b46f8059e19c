"""Monthly and year-to-date rankings: the national monthly method (环办监测〔2018〕19号) per period.

A period is a calendar month ("month", 2019-03) or January to the end of a month ("ytd", 2019-01 to
2019-03, id 2019-03). For every area (scope "areas") or city ("cities") and published period this
module gives the period statistics (assessment.period_statistics), the composite index and its
validity under the rules in force on the period's last day (composite.composite_ranking: a month
needs `rank_min_days_month` valid days per pollutant, February `february_min_days`; a YTD period
`rank_min_coverage` of its days), shared ranks, the PM2.5 and good-day-ratio ranks, the change
against the same period a year earlier (value and rank) and the improvement ranking (improvements
only). Confirmed dust days of the register (generator/sources/registers/dustdays.py) are deducted first
(dust.deduct_dust_days) and the rows that had any are labelled 扣沙.

Daily AQI and day counts use each day's own rules; a period across 2026-03-01 says so
(`rules` "2012+2026", `method_note`). The figures come from generator.statistics.period_table, the
machinery the weekly rankings (generator.statistics.iso_weeks) use too: a week is a period as a
month is. Nothing here implements a rule; it only chooses which days make each period.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from generator import i18n
from generator.i18n import _
from generator.i18n.dates import month_text
from generator.sources.registers import dustdays
from generator.sources.registers.dustdays import days_for
from generator.standards.dust import deduct_dust_days
from generator.standards.rules import rules_for
from generator.statistics import daily as daily_stats
from generator.statistics import iso_weeks, period_table

KINDS = ("month", "ytd")


def _period_wording(text: str) -> str:
    for week, period in (("上周", "上期"), ("本周", "本期"), ("去年同周", "去年同期"), ("周均", "时段平均")):
        text = text.replace(week, period)
    return text.replace("（满 7）", "")


_SHARED = ("group", "name", "ranked", "reason", "rank", "rank_tied", "composite")
# The period frames' columns in the CSV/JSON, and what they mean.
PERIOD_COLUMNS = {
    "period": "时段（月排名为 YYYY-MM 当月；累计排名为当年1月至 YYYY-MM 月末）",
    "kind": "month（月）或 ytd（年初至今累计）",
    "period_start": "时段第一天",
    "period_end": "时段最后一天",
    **{c: iso_weeks.WEEKLY_COLUMNS[c] for c in _SHARED[:2]},
    "rules": "各日 AQI 所用规则版本（2012 或 2026；跨 2026-03-01 的时段为 2012+2026）",
    "composite_rules": "综合指数和有效性所用规则版本（时段末日适用的版本）",
    "method_note": "本时段的计算方法（跨 2026-03-01 时写明两边各按哪一版）",
    **{c: iso_weeks.WEEKLY_COLUMNS[c] for c in _SHARED[2:]},
    **{
        c: _period_wording(iso_weeks.WEEKLY_COLUMNS[c])
        for c in iso_weeks.WEEKLY_COLUMNS
        if c.startswith(("i_", "level_"))
        or c
        in (
            "pm25",
            "pm10",
            "so2",
            "no2",
            "co_p95",
            "o3_8h_p90",
            "rank_pm25",
            "rank_good",
            "aqi_days",
            "good_days",
            "good_ratio",
            "primary",
            "station_days_valid",
            "coverage",
            "n_ranked",
        )
    },
    "valid_days": "六项污染物中有效日最少的一项的有效日数",
    "days": "时段的日历天数",
    "station_days_expected": "应有的站·日数（站点数 × 时段天数）",
    "dust_days": "扣除的沙尘日天数（沙尘日登记簿中本时段的日子）",
    "dust_label": "扣除了沙尘日时为“扣沙”，否则为空",
    "yoy_period": "去年同期",
    "yoy_rank": "去年同期名次",
    "yoy_n_ranked": "去年同期参与排名的县区或城市数",
    "yoy_rank_comparable": "去年同期与本期参与排名的县区或城市是否相同（相同时名次变化才有意义）",
    "yoy_composite": "去年同期综合指数",
    "yoy_rules": "去年同期所用规则",
    "change_yoy": "综合指数较去年同期变化率（%，负值为改善）",
    "rank_improvement_yoy": "按较去年同期变化率的改善排名（只排综合指数下降的；持平或变差的为空）",
}


@dataclass(frozen=True)
class Period:
    kind: str  # "month" | "ytd"
    year: int
    month: int  # the last month

    @property
    def id(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.kind == "ytd" else self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def title(self) -> str:
        if self.kind == "month" or self.month == 1:
            return month_text(self.end)
        return _("%(year)s年1—%(month)s", year=self.year, month=_month_name(self.month))

    @property
    def label(self) -> str:
        return _(
            "%(title)s（%(start)s 至 %(end)s）",
            title=self.title,
            start=self.start.isoformat(),
            end=self.end.isoformat(),
        )

    @property
    def url(self) -> str:
        return f"rankings/{'monthly' if self.kind == 'month' else 'ytd'}/{self.id}/"

    @property
    def year_ago(self) -> Period:
        return Period(self.kind, self.year - 1, self.month)

    @property
    def ranking_kind(self) -> str:
        """composite.minimum_valid_days' period kind."""
        return "month" if self.kind == "month" else "other"

    @classmethod
    def from_id(cls, kind: str, period_id: str) -> Period:
        return cls(kind, int(period_id[:4]), int(period_id[5:7]))


def _month_name(month: int) -> str:
    """5月 / May (the year said beside it)."""
    return f"{month}月" if i18n.current() == "zh" else calendar.month_name[month]


def method_note(rules: str, composite_rules: str) -> str:
    """How a period's figures were computed, in words (a period across 2026-03-01 says both), in
    the language being rendered."""
    versions = str(rules).split("+")
    if len(versions) == 1:
        return _("日 AQI、天数统计和综合指数均按%(rules)s计算。", rules=_(rules_for(versions[0]).label))
    return _(
        "本时段跨 2026年3月1日新标准实施日：2026年2月28日及以前各日的日 AQI 和优良天数按"
        "%(old)s，3月1日起各日按%(new)s；综合指数和有效性按时段末日适用的%(composite)s的标准值和规则计算。",
        old=_(rules_for("2012").label),
        new=_(rules_for("2026").label),
        composite=_(rules_for(str(composite_rules)).label),
    )


def _memo(ctx, key, compute):
    return daily_stats.memo(ctx, key, compute)


def periods(ctx, kind: str) -> list[Period]:
    """Months (or YTD periods ending with them) with data whose last day is on or before the
    as-of date, oldest first."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")

    def compute():
        daily = daily_stats.area_daily(ctx)
        if daily_stats.city_members(ctx):
            daily = pd.concat([daily, daily_stats.city_daily(ctx)])
        as_of = ctx.dataset.as_of
        if daily.empty or as_of is None:
            return []
        last_day = as_of.tz_convert("Asia/Shanghai").date() if as_of.tzinfo else as_of.date()
        dates = daily.loc[daily["aqi"].notna(), "date"]
        months = sorted(set(zip(dates.dt.year, dates.dt.month, strict=True)))
        found = [Period("month", int(y), int(m)) for y, m in months]
        return [Period(kind, p.year, p.month) for p in found if p.end <= last_day]

    return _memo(ctx, f"periods_{kind}", compute)


def dust_days(ctx, scope: str) -> pd.DataFrame:
    """Confirmed dust days per group (columns area, date): every area gets the whole city's days
    and its own; in the city scope only the site's own city has a register."""

    def compute():
        register = dustdays.for_build(ctx)
        empty = pd.DataFrame({"area": pd.Series(dtype=object), "date": pd.Series(dtype="datetime64[ns]")})
        if register.empty:
            return empty
        if scope == "areas":
            parts = [
                pd.DataFrame({"area": slug, "date": days_for(register, slug)})
                for slug in daily_stats.area_members(ctx)
            ]
        else:
            city = ctx.config.site.get("city", "")
            parts = [pd.DataFrame({"area": city, "date": days_for(register)})]
        return pd.concat([empty, *parts], ignore_index=True)

    return _memo(ctx, f"dust_days_{scope}", compute)


def period_rankings(ctx, scope: str, kind: str) -> pd.DataFrame:
    """One row per group and published period of `kind` (see the module docstring)."""
    if scope not in daily_stats.SCOPES:
        raise ValueError(f"scope must be one of {daily_stats.SCOPES}, got {scope!r}")

    def compute():
        daily = daily_stats.area_daily(ctx) if scope == "areas" else daily_stats.city_daily(ctx)
        published = periods(ctx, kind)
        if daily.empty or not published:
            return pd.DataFrame(columns=["period", "group", "name", "rank"])
        dust = dust_days(ctx, scope)
        if not dust.empty:
            daily = deduct_dust_days(daily, dust)
        frame = period_figures(daily, published)
        frame["name"] = frame["group"].map(daily_stats.group_names(ctx, scope))
        bounds = {p.id: (p.start.isoformat(), p.end.isoformat()) for p in published}
        frame["kind"] = kind
        frame["period_start"] = frame["period"].map(lambda p: bounds[p][0])
        frame["period_end"] = frame["period"].map(lambda p: bounds[p][1])
        return frame

    return _memo(ctx, f"periods_{scope}_{kind}", compute)


def expand(daily: pd.DataFrame, published: list[Period]) -> pd.DataFrame:
    """The daily rows of every period (a YTD period repeats January's days in each later month)."""
    # Months counted from year 0, so that "in the period" is one comparison per row and period.
    month = (daily["date"].dt.year * 12 + daily["date"].dt.month - 1).to_numpy()
    first = np.array([p.year * 12 + p.start.month - 1 for p in published])
    last = np.array([p.year * 12 + p.month - 1 for p in published])
    inside = (month[:, None] >= first) & (month[:, None] <= last)  # rows × periods
    row, period = np.nonzero(inside)  # row by row, each row's periods in published order
    out = daily.iloc[row].reset_index(drop=True)
    out["period"] = pd.array([p.id for p in published])[period]
    return out


def period_figures(daily: pd.DataFrame, published: list[Period]) -> pd.DataFrame:
    """Statistics, composite index, ranks and year-on-year changes of every (group, period):
    generator.statistics.period_table with these periods, compared with the same period a year
    earlier, and each row's method note."""
    table = period_table.spans(
        [p.id for p in published],
        [p.start for p in published],
        [p.end for p in published],
        published[0].ranking_kind,
    )
    rows = expand(daily if "dust" in daily.columns else daily.assign(dust=False), published)
    year_ago = pd.Series({p.id: p.year_ago.id for p in published}, dtype=object)
    stats = period_table.period_table(rows, table, {"yoy": year_ago})
    notes = {
        key: method_note(*key) for key in set(zip(stats["rules"], stats["composite_rules"], strict=True))
    }
    stats["method_note"] = [notes[key] for key in zip(stats["rules"], stats["composite_rules"], strict=True)]
    return stats
