"""/targets/: the plan's targets (连政发〔2019〕10号 §2, §19) against the city's own data.

For each target: the target value (data/site.toml [targets]), every calendar year of the data
(completed years, and the current year to date, labelled as not an assessable annual value), the
data coverage, the rules used, and a chart (targets_charts.py). Figures come from the statistics
stage and the standards engine; a template marks each with `data-figure="<id>"`.
"""

from __future__ import annotations

import pandas as pd

from generator import i18n
from generator.i18n import N_, _
from generator.pages.shared import annual_figures as sd
from generator.pages.shared import dust_figures as df
from generator.pages.shared.annual_figures import published_percent
from generator.pages.targets import charts as targets_charts
from generator.pages.targets.charts import KIND_COMPLETE, KIND_INSUFFICIENT, KIND_PARTIAL
from generator.site.context import BuildContext
from generator.sources.registers.dustfall import read_dustfall
from generator.standards.rules import rules_for
from generator.statistics.dustfall import ASSESSED_KINDS, yearly_assessment

STATUS_MET = N_("达到目标")
STATUS_NOT_MET = N_("未达到目标")
STATUS_PARTIAL = N_("年度未结束，仅供参考")
STATUS_INSUFFICIENT = N_("数据不足，不作年度评价")


def _status(complete: bool, enough: bool, met: bool) -> str:
    if not complete:
        return _(STATUS_PARTIAL)
    if not enough:
        return _(STATUS_INSUFFICIENT)
    return _(STATUS_MET) if met else _(STATUS_NOT_MET)


def settings(ctx) -> dict:
    """The targets from the configuration, with the derived heavy-day target ratio."""
    t = ctx.config.targets
    baseline = float(t["heavy_day_ratio_baseline"])
    reduction = float(t["heavy_day_ratio_reduction"])
    return {
        "pm25_max": float(t["pm25_annual_max"]),
        "good_min": float(t["good_day_ratio_min"]),
        "heavy_baseline": baseline,
        "heavy_baseline_year": int(t["heavy_day_ratio_baseline_year"]),
        "heavy_reduction": reduction,
        # The plan: "down at least 25% from 2015" -> at most 75% of the baseline ratio.
        "heavy_max": baseline * (1 - reduction),
        "dustfall_max": float(t["dustfall_max"]),
        "good_min_pct": published_percent(float(t["good_day_ratio_min"])),
        "heavy_baseline_pct": published_percent(baseline),
        "heavy_max_pct": published_percent(baseline * (1 - reduction)),
    }


def year_rows(ctx, goals: dict) -> list[dict]:
    rows = []
    for period in sd.years(ctx):
        dust_days = len(df.dust_days_in(ctx, period.start, period.end))
        measured, deducted = sd.stats(ctx, period), df.stats_deducted(ctx, period)
        rows.append(assess_year(period, measured, deducted, goals, dust_days))
    return rows


def _ratio(value) -> float:
    return float(value) if pd.notna(value) else float("nan")


def _day_figures(row: dict, suffix: str) -> dict:
    """The AQI day counts and ratios of one way (suffix "" as measured, "_d" dust deducted)."""
    good, heavy = _ratio(row["good_ratio"]), _ratio(row["heavy_ratio"])
    return {
        f"aqi_days{suffix}": int(row["aqi_days"]),
        f"good_days{suffix}": int(row["good_days"]),
        f"heavy_days{suffix}": int(row["heavy_days"]),
        f"good_pct{suffix}": published_percent(good),
        f"heavy_pct{suffix}": published_percent(heavy),
    }


def assess_year(period: sd.Period, measured: dict, deducted: dict, goals: dict, dust_days: int) -> dict:
    """One year's row of the page: the figures both ways (不扣沙 as measured, 扣沙 with the confirmed
    dust days deducted), assessed on the deducted ones as the plan's targets are, with the reason
    when the year's data cannot be assessed (GB 3095 Table 4: the months short of days)."""
    pm25_d = sd.reported(deducted["pm25_mean"], "pm25", period.end)
    enough = bool(deducted["meets_annual_pm25"]) if period.complete else False
    gaps = deducted.get("annual_gaps_pm25") if period.complete else None
    row = {
        "key": period.key,
        "label": period.label,
        "text": period.text,
        "complete": period.complete,
        "days": int(measured["days"]),
        "rules": sd.rules_text(measured["rules"]),
        "dust_days": dust_days,
        "pm25": sd.reported(measured["pm25_mean"], "pm25", period.end),
        "pm25_d": pm25_d,
        "pm10": sd.reported(measured["pm10_mean"], "pm10", period.end),
        "pm10_d": sd.reported(deducted["pm10_mean"], "pm10", period.end),
        "valid_days_pm25": int(measured["valid_days_pm25"]),
        "valid_days_pm25_d": int(deducted["valid_days_pm25"]),
        "pm25_enough": enough,
        "pm25_gaps": gaps if isinstance(gaps, str) else None,
        "pm25_status": _status(period.complete, enough, pm25_d < goals["pm25_max"]),
        **_day_figures(measured, ""),
        **_day_figures(deducted, "_d"),
        "days_incomplete": int(deducted["days_incomplete"]),
        "days_no_data": int(deducted["days_no_data"]),
        "days_dust": int(deducted["days_dust"]),
    }
    has_aqi = row["aqi_days_d"] > 0
    row["good_status"] = _status(
        period.complete, has_aqi, has_aqi and row["good_pct_d"] >= goals["good_min_pct"]
    )
    row["heavy_status"] = _status(
        period.complete, has_aqi, has_aqi and row["heavy_pct_d"] <= goals["heavy_max_pct"]
    )
    row["kind"] = chart_kind(row)
    return row


def chart_kind(row: dict) -> str:
    """The chart's (and its CSV's) label of a year: the same verdict as the page's table."""
    if not row["complete"]:
        return KIND_PARTIAL
    return KIND_COMPLETE if row["pm25_enough"] else KIND_INSUFFICIENT


def dustfall_rows(ctx, cap: float) -> dict:
    records = read_dustfall(ctx.dataset.data_dir, ctx.config)
    yearly = yearly_assessment(records, cap)
    if yearly.empty:
        return {"has_data": False, "areas": [], "years": []}
    yearly = yearly[yearly["kind"].isin(ASSESSED_KINDS)]
    years = sorted(int(y) for y in yearly["year"].unique())
    areas = []
    for slug, group in yearly.groupby("area", sort=False):
        by_year = {
            int(r.year): {
                "mean": float(r.mean),
                "months": int(r.months),
                "complete": bool(r.complete),
                "months_over": int(r.months_over),
                "status": _status(bool(r.complete), True, bool(r.meets)),
            }
            for r in group.itertuples()
        }
        areas.append({"area": slug, "name": i18n.name(group["area_name"].iloc[0]), "years": by_year})
    order = {a.slug: i for i, a in enumerate(ctx.config.areas)}
    areas.sort(key=lambda a: order.get(a["area"], len(order)))
    return {
        "has_data": True,
        "areas": areas,
        "years": years,
        "yearly": yearly,
        "first_month": records["month"].min().strftime("%Y-%m"),
        "last_month": records["month"].max().strftime("%Y-%m"),
    }


def build(ctx: BuildContext) -> None:
    goals = settings(ctx)
    rows = year_rows(ctx, goals)
    dust = dustfall_rows(ctx, goals["dustfall_max"])
    bounds = sd.span(ctx)
    period = sd.span_text(*bounds) if bounds else None
    versions = "+".join(sorted({v for r in rows for v in _versions(ctx, r)}))
    rules = sd.rules_text(versions) if versions else "—"
    made = targets_charts.charts(ctx, rows, goals, dust, period, rules) if rows else {}
    ruleset = rules_for("2026")
    validity = {key: ruleset.param(key) for key in ("annual_min_days", "month_min_days", "february_min_days")}
    latest_complete = next((r for r in reversed(rows) if r["complete"]), None)
    ytd = next((r for r in reversed(rows) if not r["complete"]), None)
    # For the home page's summary of progress.
    ctx.products["targets"] = {"goals": goals, "rows": rows}
    ctx.render_page(
        "targets/",
        "targets.md.j2",
        goals=goals,
        rows=rows,
        dust=dust,
        charts=made,
        has_dust=any(r["dust_days"] for r in rows),
        dust_months=df.monthly_both_ways(ctx),
        sand=df.describe(ctx),
        has_2012="2012" in versions.split("+"),
        city=i18n.name(sd.city_name(ctx)),
        validity=validity,
        latest=latest_complete,
        ytd=ytd,
        stations=len(sd.city_stations(ctx)),
        facts={"period": period, "coverage": None, "rules": rules},
    )


def _versions(ctx, row: dict) -> set[str]:
    period = next(p for p in sd.years(ctx) if p.key == row["key"])
    return set(str(sd.stats(ctx, period)["rules"]).split("+"))
