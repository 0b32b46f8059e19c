"""The forecast hit-rate chart (registry id forecast-hit-rate): per lead day, the share of city
forecast days whose level was right, and within one level, over the last 90 days."""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator.charts.registry import ChartSpec, registry

RIGHT, NEAR = "级别正确", "相差不超过一级"
COLOURS = {RIGHT: "#1a5fb4", NEAR: "#93b7e6"}


def hit_rate_chart(ctx, window: pd.DataFrame, period: str, rules: str, source: str) -> ChartSpec:
    data = pd.concat(
        [
            window.assign(measure=RIGHT, rate=window["level_hit"]),
            window.assign(measure=NEAR, rate=window["within_one"]),
        ],
        ignore_index=True,
    )
    data["lead_label"] = "第" + data["lead"].astype(str) + "天"
    data = data[["lead", "lead_label", "measure", "rate", "days"]]
    order = [f"第{n}天" for n in sorted(window["lead"])]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "lead_label:N", title="预报时效（发布后第几天）", sort=order, axis=alt.Axis(labelAngle=0)
            ),
            xOffset=alt.XOffset("measure:N", sort=[RIGHT, NEAR]),
            y=alt.Y("rate:Q", title="命中率（%）", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "measure:N",
                title=None,
                sort=[RIGHT, NEAR],
                scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("lead_label:N", title="时效"),
                alt.Tooltip("measure:N", title="指标"),
                alt.Tooltip("rate:Q", title="命中率（%）"),
                alt.Tooltip("days:Q", title="检验天数"),
            ],
        )
    )
    description = "分组柱状图，各预报时效的命中率：" + "；".join(
        f"第{r.lead}天 级别正确 {r.level_hit:.0f}%、相差不超过一级 {r.within_one:.0f}%（{r.days} 天）"
        for r in window.itertuples(index=False)
    )
    return registry(ctx).add(
        ChartSpec(
            id="forecast-hit-rate",
            title="全市空气质量预报命中率（按预报时效）",
            subtitle=f"最近 90 天（{period}）；实测日 AQI 的级别落在预报级别内为“级别正确”",
            chart=bars.properties(width=560, height=300),
            data=data,
            columns={"lead_label": "预报时效", "measure": "指标", "rate": "命中率（%）", "days": "检验天数"},
            source=source,
            period=period,
            as_of=ctx.as_of,
            rules=rules,
            description=description,
            page_url="forecast/",
            width=640,
            height=400,
        )
    )
