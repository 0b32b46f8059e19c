"""The /targets/ charts: each target's yearly figures as bars against the target line, and each
county/district's yearly dust fall against its cap.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator import i18n
from generator.charts.registry import ChartSpec, registry
from generator.i18n import N_, _
from generator.pages.shared import annual_figures as sd
from generator.pages.shared.chart_blocks import cap_rule
from generator.sources.registers.dustfall import METHOD
from generator.standards.dust import labels

BAR = "#3f51b5"
PARTIAL = "#9fa8da"  # a year not yet over
INSUFFICIENT = "#bdbdbd"  # a whole year whose data cannot be assessed
TARGET = "#d62728"

# How a year's bar is labelled: the same verdict as the page's table (targets.chart_kind).
KIND_COMPLETE = N_("完整年度")
KIND_INSUFFICIENT = N_("完整年度（数据不足，不作年度评价）")
KIND_PARTIAL = N_("年度未结束")
KIND_BASELINE = N_("基准年（暂用参考值）")


def _g(value: float) -> str:
    """A number in its shortest form (6.0 -> 6), for a message's placeholder."""
    return f"{value:g}"


def _fixed(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


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
                    domain=[_(k) for k in (KIND_COMPLETE, KIND_INSUFFICIENT, KIND_PARTIAL, KIND_BASELINE)],
                    range=[BAR, INSUFFICIENT, PARTIAL, "#757575"],
                ),
                # One entry a line: four long labels side by side run past a phone's screen.
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=_("年度")),
                alt.Tooltip("value:Q", title=value_title),
                alt.Tooltip("kind:N", title=_("说明")),
            ],
        )
    )
    text = bars.mark_text(dy=-6).encode(text=alt.Text("value:Q"), color=alt.value("#333"))
    rule = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(color=TARGET, strokeDash=[6, 4])
        .encode(y="target:Q")
    )
    source = i18n.name(ctx.dataset.source_name)
    return registry(ctx).add(
        ChartSpec(
            id=chart_id,
            title=title,
            subtitle=subtitle,
            chart=(bars + text + rule).properties(width=520, height=280),
            data=data,
            columns={"label": _("年度"), "value": value_title, "kind": _("说明")},
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
    city = i18n.name(sd.city_name(ctx))
    # The assessed figures (扣沙 when dust days were confirmed), labelled as the tables label them.
    way = _("（%(way)s）", way=labels()["deducted"]) if any(r["dust_days"] for r in rows) else ""
    pm = pd.DataFrame(
        {
            "label": [r["label"] for r in rows],
            "value": [r["pm25_d"] for r in rows],
            "kind": [_(r["kind"]) for r in rows],
        }
    )
    good = pd.DataFrame(
        {
            "label": [r["label"] for r in rows],
            "value": [r["good_pct_d"] for r in rows],
            "kind": [_(r["kind"]) for r in rows],
        }
    )
    heavy = pd.DataFrame(
        {
            "label": [_("%(year)s年", year=goals["heavy_baseline_year"])] + [r["label"] for r in rows],
            "value": [goals["heavy_baseline_pct"]] + [r["heavy_pct_d"] for r in rows],
            "kind": [_(KIND_BASELINE)] + [_(r["kind"]) for r in rows],
        }
    )
    made = {
        "pm25": _year_chart(
            ctx,
            "targets-pm25-annual",
            _("%(city)s PM2.5 年均浓度与目标%(way)s", city=city, way=way),
            _("目标：降至 %(target)s µg/m³ 以下（红色虚线）", target=_g(goals["pm25_max"])),
            pm,
            _("PM2.5 年均浓度（µg/m³）"),
            goals["pm25_max"],
            _("柱状图：")
            + _("，").join(f"{a} {v:.0f}" for a, v in zip(pm["label"], pm["value"], strict=True)),
            rules,
            period,
        ),
        "good": _year_chart(
            ctx,
            "targets-good-day-ratio",
            _("%(city)s优良天数比例与目标%(way)s", city=city, way=way),
            _("目标：不低于 %(target)s%%（红色虚线）", target=_g(goals["good_min_pct"])),
            good,
            _("优良天数比例（%）"),
            goals["good_min_pct"],
            _("柱状图：")
            + _("，").join(f"{a} {v:.1f}%" for a, v in zip(good["label"], good["value"], strict=True)),
            rules,
            period,
        ),
        "heavy": _year_chart(
            ctx,
            "targets-heavy-day-ratio",
            _("%(city)s重度及以上污染天数比例与目标%(way)s", city=city, way=way),
            _(
                "目标：比 %(year)s 年下降 %(reduction)s%% 以上（红色虚线）；基准值为暂用参考值",
                year=goals["heavy_baseline_year"],
                reduction=_g(goals["heavy_reduction"] * 100),
            ),
            heavy,
            _("重度及以上污染天数比例（%）"),
            goals["heavy_max_pct"],
            _("柱状图：")
            + _("，").join(f"{a} {v:.1f}%" for a, v in zip(heavy["label"], heavy["value"], strict=True)),
            rules,
            period,
        ),
    }
    if dust["has_data"]:
        yearly = dust["yearly"]
        data = pd.DataFrame(
            {
                "area": yearly["area_name"].map(i18n.name),
                "year": [
                    _("%(year)s年", year=y) if complete else _("%(year)s年（未满12个月）", year=y)
                    for y, complete in zip(yearly["year"].astype(str), yearly["complete"], strict=True)
                ],
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
                y=alt.Y("value:Q", title=_("月均降尘量（吨/月·平方公里）")),
                color=alt.Color("year:N", title=_("年度"), legend=alt.Legend(orient="bottom")),
                tooltip=[
                    alt.Tooltip("area:N", title=_("县区")),
                    alt.Tooltip("year:N", title=_("年度")),
                    alt.Tooltip("value:Q", title=_("月均降尘量")),
                    alt.Tooltip("months:Q", title=_("月数")),
                ],
            )
        )
        rule = cap_rule(goals["dustfall_max"], TARGET)
        source = i18n.name(ctx.dataset.source_name)
        made["dustfall"] = registry(ctx).add(
            ChartSpec(
                id="targets-dustfall-annual",
                title=_("%(city)s各县区年度月均降尘量与上限", city=city),
                subtitle=_("上限：%(cap)s 吨/月·平方公里（红色虚线）", cap=_g(goals["dustfall_max"])),
                chart=(bars + rule).properties(width=560, height=300),
                data=data,
                columns={
                    "area": _("县区"),
                    "year": _("年度"),
                    "value": _("月均降尘量（吨/月·平方公里）"),
                    "months": _("有数据的月数"),
                },
                source=_("%(source)s；降尘监测数据", source=source),
                period=_("%(start)s 至 %(end)s", start=dust["first_month"], end=dust["last_month"]),
                as_of=ctx.as_of,
                rules=_("%(method)s；连政发〔2019〕10号 第十九条", method=METHOD),
                description=_("分组柱状图：")
                + _("，").join(
                    _("%(area)s%(year)s %(value)s", area=a, year=y, value=_fixed(v, 1))
                    for a, y, v in zip(data["area"], data["year"], data["value"], strict=True)
                ),
                page_url="targets/",
                width=640,
                height=400,
            )
        )
    return made
