"""/targets/: the plan's targets (连政发〔2019〕10号 §2, §19) against the city's own data.

For each target: the target value (data/site.toml [targets]), every calendar year of the data
(completed years, and the current year to date, labelled as not an assessable annual value), the
data coverage, the rules used, and a chart. Figures come from the statistics stage and the
standards engine; a template marks each with `data-figure="<id>"`.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator.charts.registry import ChartSpec, registry
from generator.pages import dust_figures as df
from generator.pages import science_data as sd
from generator.pages.chart_blocks import cap_rule
from generator.pages.science_data import published_percent
from generator.site.context import BuildContext
from generator.sources.dustfall import ASSESSED_KINDS, METHOD, read_dustfall, yearly_assessment
from generator.standards.dust import labels
from generator.standards.rules import rules_for

BAR = "#3f51b5"
PARTIAL = "#9fa8da"  # a year not yet over
INSUFFICIENT = "#bdbdbd"  # a whole year whose data cannot be assessed
TARGET = "#d62728"

STATUS_MET = "达到目标"
STATUS_NOT_MET = "未达到目标"
STATUS_PARTIAL = "年度未结束，仅供参考"
STATUS_INSUFFICIENT = "数据不足，不作年度评价"

KIND_COMPLETE = "完整年度"
KIND_INSUFFICIENT = "完整年度（数据不足，不作年度评价）"
KIND_PARTIAL = "年度未结束"
KIND_BASELINE = "基准年（配置）"


def _status(complete: bool, enough: bool, met: bool) -> str:
    if not complete:
        return STATUS_PARTIAL
    if not enough:
        return STATUS_INSUFFICIENT
    return STATUS_MET if met else STATUS_NOT_MET


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
        areas.append({"area": slug, "name": group["area_name"].iloc[0], "years": by_year})
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


# --- charts ---------------------------------------------------------------------------------


def _year_chart(
    ctx,
    chart_id: str,
    title: str,
    subtitle: str,
    data: pd.DataFrame,
    value_title: str,
    target: float,
    description: str,
    rules: str,
    period: str,
) -> ChartSpec:
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("label:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=200)),
            y=alt.Y("value:Q", title=value_title),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(
                    domain=[KIND_COMPLETE, KIND_INSUFFICIENT, KIND_PARTIAL, KIND_BASELINE],
                    range=[BAR, INSUFFICIENT, PARTIAL, "#757575"],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("label:N", title="年度"),
                alt.Tooltip("value:Q", title=value_title),
                alt.Tooltip("kind:N", title="说明"),
            ],
        )
    )
    text = bars.mark_text(dy=-6).encode(text=alt.Text("value:Q"), color=alt.value("#333"))
    rule = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(color=TARGET, strokeDash=[6, 4])
        .encode(y="target:Q")
    )
    source = ctx.dataset.source_name
    return registry(ctx).add(
        ChartSpec(
            id=chart_id,
            title=title,
            subtitle=subtitle,
            chart=(bars + text + rule).properties(width=520, height=280),
            data=data,
            columns={"label": "年度", "value": value_title, "kind": "说明"},
            source=source,
            period=period,
            as_of=ctx.as_of,
            rules=rules,
            description=description,
            page_url="targets/",
            width=560,
            height=360,
        )
    )


def charts(ctx, rows: list[dict], goals: dict, dust: dict, period: str, rules: str) -> dict:
    city = sd.city_name(ctx)
    # The assessed figures (扣沙 when dust days were confirmed), labelled as the tables label them.
    way = f"（{labels()['deducted']}）" if any(r["dust_days"] for r in rows) else ""
    pm = pd.DataFrame(
        {
            "label": [r["label"] for r in rows],
            "value": [r["pm25_d"] for r in rows],
            "kind": [r["kind"] for r in rows],
        }
    )
    good = pd.DataFrame(
        {
            "label": [r["label"] for r in rows],
            "value": [r["good_pct_d"] for r in rows],
            "kind": [r["kind"] for r in rows],
        }
    )
    heavy = pd.DataFrame(
        {
            "label": [f"{goals['heavy_baseline_year']}年"] + [r["label"] for r in rows],
            "value": [goals["heavy_baseline_pct"]] + [r["heavy_pct_d"] for r in rows],
            "kind": [KIND_BASELINE] + [r["kind"] for r in rows],
        }
    )
    made = {
        "pm25": _year_chart(
            ctx,
            "targets-pm25-annual",
            f"{city} PM2.5 年均浓度与目标{way}",
            f"目标：降至 {goals['pm25_max']:g} µg/m³ 以下（红色虚线）",
            pm,
            "PM2.5 年均浓度（µg/m³）",
            goals["pm25_max"],
            "柱状图：" + "，".join(f"{a} {v:.0f}" for a, v in zip(pm["label"], pm["value"], strict=True)),
            rules,
            period,
        ),
        "good": _year_chart(
            ctx,
            "targets-good-day-ratio",
            f"{city}优良天数比例与目标{way}",
            f"目标：不低于 {goals['good_min_pct']:g}%（红色虚线）",
            good,
            "优良天数比例（%）",
            goals["good_min_pct"],
            "柱状图："
            + "，".join(f"{a} {v:.1f}%" for a, v in zip(good["label"], good["value"], strict=True)),
            rules,
            period,
        ),
        "heavy": _year_chart(
            ctx,
            "targets-heavy-day-ratio",
            f"{city}重度及以上污染天数比例与目标{way}",
            f"目标：比 {goals['heavy_baseline_year']} 年下降 {goals['heavy_reduction'] * 100:g}% 以上"
            "（红色虚线）；基准值为配置中的默认值",
            heavy,
            "重度及以上污染天数比例（%）",
            goals["heavy_max_pct"],
            "柱状图："
            + "，".join(f"{a} {v:.1f}%" for a, v in zip(heavy["label"], heavy["value"], strict=True)),
            rules,
            period,
        ),
    }
    if dust["has_data"]:
        yearly = dust["yearly"]
        data = pd.DataFrame(
            {
                "area": yearly["area_name"],
                "year": yearly["year"].astype(str)
                + "年"
                + yearly["complete"].map({True: "", False: "（未满12个月）"}),
                "value": yearly["mean"],
                "months": yearly["months"],
            }
        )
        bars = (
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("area:N", title=None, axis=alt.Axis(labelAngle=0)),
                xOffset="year:N",
                y=alt.Y("value:Q", title="月均降尘量（吨/月·平方公里）"),
                color=alt.Color("year:N", title="年度", legend=alt.Legend(orient="bottom")),
                tooltip=[
                    alt.Tooltip("area:N", title="县区"),
                    alt.Tooltip("year:N", title="年度"),
                    alt.Tooltip("value:Q", title="月均降尘量"),
                    alt.Tooltip("months:Q", title="月数"),
                ],
            )
        )
        rule = cap_rule(goals["dustfall_max"], TARGET)
        source = ctx.dataset.source_name
        made["dustfall"] = registry(ctx).add(
            ChartSpec(
                id="targets-dustfall-annual",
                title=f"{city}各县区年度月均降尘量与上限",
                subtitle=f"上限：{goals['dustfall_max']:g} 吨/月·平方公里（红色虚线）",
                chart=(bars + rule).properties(width=560, height=300),
                data=data,
                columns={
                    "area": "县区",
                    "year": "年度",
                    "value": "月均降尘量（吨/月·平方公里）",
                    "months": "有数据的月数",
                },
                source=source + "；降尘监测数据",
                period=f"{dust['first_month']} 至 {dust['last_month']}",
                as_of=ctx.as_of,
                rules=f"{METHOD}；连政发〔2019〕10号 第十九条",
                description="分组柱状图："
                + "，".join(
                    f"{a}{y} {v:.1f}"
                    for a, y, v in zip(data["area"], data["year"], data["value"], strict=True)
                ),
                page_url="targets/",
                width=640,
                height=400,
            )
        )
    return made


def build(ctx: BuildContext) -> None:
    goals = settings(ctx)
    rows = year_rows(ctx, goals)
    dust = dustfall_rows(ctx, goals["dustfall_max"])
    bounds = sd.span(ctx)
    period = f"{bounds[0].isoformat()} 至 {bounds[1].isoformat()}" if bounds else None
    versions = "+".join(sorted({v for r in rows for v in _versions(ctx, r)}))
    rules = sd.rules_text(versions) if versions else "—"
    made = charts(ctx, rows, goals, dust, period, rules) if rows else {}
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
        city=sd.city_name(ctx),
        validity=validity,
        latest=latest_complete,
        ytd=ytd,
        stations=len(sd.city_stations(ctx)),
        facts={"period": period, "coverage": None, "rules": rules},
    )


def _versions(ctx, row: dict) -> set[str]:
    period = next(p for p in sd.years(ctx) if p.key == row["key"])
    return set(str(sd.stats(ctx, period)["rules"]).split("+"))
