"""The forecast hit-rate chart (registry id forecast-hit-rate): per lead day, the share of city
forecast days whose level was right, and within one level, over the last 90 days."""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator.charts.registry import ChartSpec, registry
from generator.i18n import N_, _

RIGHT, NEAR = N_("级别正确"), N_("相差不超过一级")
COLOURS = {RIGHT: "#1a5fb4", NEAR: "#93b7e6"}


def _lead(n) -> str:
    return _("第%(lead)s天", lead=n)


def hit_rate_chart(ctx, window: pd.DataFrame, period: str, rules: str, source: str) -> ChartSpec:
    right, near = _(RIGHT), _(NEAR)
    colours = {right: COLOURS[RIGHT], near: COLOURS[NEAR]}
    data = pd.concat(
        [
            window.assign(measure=right, rate=window["level_hit"]),
            window.assign(measure=near, rate=window["within_one"]),
        ],
        ignore_index=True,
    )
    data["lead_label"] = data["lead"].map(_lead)
    data = data[["lead", "lead_label", "measure", "rate", "days"]]
    order = [_lead(n) for n in sorted(window["lead"])]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "lead_label:N", title=_("预报时效（发布后第几天）"), sort=order, axis=alt.Axis(labelAngle=0)
            ),
            xOffset=alt.XOffset("measure:N", sort=[right, near]),
            y=alt.Y("rate:Q", title=_("命中率（%）"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "measure:N",
                title=None,
                sort=[right, near],
                scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("lead_label:N", title=_("时效")),
                alt.Tooltip("measure:N", title=_("指标")),
                alt.Tooltip("rate:Q", title=_("命中率（%）")),
                alt.Tooltip("days:Q", title=_("检验天数")),
            ],
        )
    )
    description = _("分组柱状图，各预报时效的命中率：") + _("；").join(
        _(
            "第%(lead)s天 级别正确 %(hit)s%%、相差不超过一级 %(near)s%%（%(days)s 天）",
            lead=r.lead,
            hit=round(r.level_hit),
            near=round(r.within_one),
            days=r.days,
        )
        for r in window.itertuples(index=False)
    )
    return registry(ctx).add(
        ChartSpec(
            id="forecast-hit-rate",
            title=_("全市空气质量预报命中率（按预报时效）"),
            subtitle=_(
                "最近 90 天（%(period)s）；实测日 AQI 的级别落在预报级别内为“级别正确”", period=period
            ),
            chart=bars.properties(width=560, height=300),
            data=data,
            columns={
                "lead_label": _("预报时效"),
                "measure": _("指标"),
                "rate": _("命中率（%）"),
                "days": _("检验天数"),
            },
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
