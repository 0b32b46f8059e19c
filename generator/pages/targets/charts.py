"""The /targets/ charts: each target's yearly figures as bars against the target line, and each
county/district's yearly dust fall against its cap.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator.charts.registry import ChartSpec, registry
from generator.pages.shared import annual_figures as sd
from generator.pages.shared.chart_blocks import cap_rule
from generator.sources.registers.dustfall import METHOD
from generator.standards.dust import labels

BAR = "#3f51b5"
PARTIAL = "#9fa8da"  # a year not yet over
INSUFFICIENT = "#bdbdbd"  # a whole year whose data cannot be assessed
TARGET = "#d62728"

# How a year's bar is labelled: the same verdict as the page's table (targets.chart_kind).
KIND_COMPLETE = "完整年度"
KIND_INSUFFICIENT = "完整年度（数据不足，不作年度评价）"
KIND_PARTIAL = "年度未结束"
KIND_BASELINE = "基准年（暂用参考值）"


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
                # One entry a line: four long labels side by side run past a phone's screen.
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=320),
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
            "（红色虚线）；基准值为暂用参考值",
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
