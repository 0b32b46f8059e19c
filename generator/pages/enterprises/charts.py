"""The trend chart of each unit and pollutant: daily means per outlet against the limit."""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator import i18n
from generator.charts.registry import ChartSpec
from generator.enterprises.vocabulary import pollutants
from generator.i18n import _
from generator.pages.enterprises.tables import RULES, SOURCE, unit_url
from generator.statistics import figures


def chart_id(code: str, pollutant_code: str) -> str:
    return f"enterprise-{code.lower()}-{pollutants()[pollutant_code].slug}"


def trend_chart(code: str, name: str, pollutant_code: str, daily: pd.DataFrame, as_of) -> ChartSpec:
    """Daily mean per outlet against the limit (dashed), with exceedance days marked."""
    pollutant = pollutants()[pollutant_code]
    pollutant_name = i18n.name(pollutant.name)  # the chart's words in the edition being built
    unit = daily["unit"].iloc[0]
    # Drawn and labelled as the pages print them (statistics/figures.py); 超标倍数 only on exceeding days.
    table = daily.assign(
        day=daily["day"].dt.strftime("%Y-%m-%d"),
        mean=figures.rounded(daily["mean"], "emission_value"),
        max=figures.rounded(daily["max"], "emission_value"),
        times_over=figures.rounded(
            ((daily["max"] - daily["limit"]) / daily["limit"]).where(daily["exceedances"] > 0), "times_over"
        ),
    )[["day", "outlet", "mean", "max", "limit", "exceedances", "times_over"]].reset_index(drop=True)
    # The layers take their data from the layer chart, and every encoding is a channel object, not a
    # "field:type" string: Altair builds a string's channel from the whole schema (costly, per chart)
    # and hashes a DataFrame's text to lift data shared by all layers to the top. Same spec either way.
    base = alt.Chart().encode(
        x=alt.X("day:T", title=_("日期")), color=alt.Color("outlet:N", title=_("排放口"))
    )
    value_title = _("%(pollutant)s（%(unit)s）", pollutant=pollutant_name, unit=unit)
    line = base.mark_line(strokeWidth=1.2).encode(
        y=alt.Y("mean:Q", title=value_title),
        tooltip=[
            alt.Tooltip("day:T", title=_("日期")),
            alt.Tooltip("outlet:N", title=_("排放口")),
            alt.Tooltip("mean:Q", title=_("日均值"), format=".1f"),
            alt.Tooltip("limit:Q", title=_("标准限值")),
        ],
    )
    limit = base.mark_line(strokeDash=[6, 4], strokeWidth=1.5, color="#c62828").encode(
        y=alt.Y("limit:Q"), detail=alt.Detail("outlet:N")
    )
    exceed = (
        alt.Chart()
        .transform_filter("datum.exceedances > 0")
        .mark_point(color="#c62828", filled=True, size=40)
        .encode(
            x=alt.X("day:T"),
            y=alt.Y("max:Q"),
            tooltip=[
                alt.Tooltip("day:T", title=_("日期")),
                alt.Tooltip("outlet:N", title=_("排放口")),
                alt.Tooltip("max:Q", title=_("日最大值"), format=".1f"),
                alt.Tooltip("exceedances:Q", title=_("超标记录数")),
                alt.Tooltip("times_over:Q", title=_("日最大值超标倍数"), format=".2f"),
            ],
        )
    )
    period = _("%(start)s 至 %(end)s", start=table["day"].min(), end=table["day"].max())
    title = _("%(pollutant)s：日均值与标准限值", pollutant=pollutant_name)
    chart = alt.layer(line, limit, exceed, data=table).properties(
        title=alt.TitleParams(title, subtitle=[name])
    )
    return ChartSpec(
        id=chart_id(code, pollutant_code),
        # Named for its subject wherever it is listed (/data/, the chart's page): the unit's name
        # first. The drawing keeps the name as its subtitle.
        title=_("%(name)s：%(pollutant)s日均值与标准限值", name=name, pollutant=pollutant_name),
        subtitle=name,
        chart=chart,
        data=table,
        columns={
            "day": _("日期"),
            "outlet": _("排放口"),
            "mean": _("日均值"),
            "max": _("日最大值"),
            "limit": _("标准限值"),
            "exceedances": _("超标记录数"),
            "times_over": _("日最大值超标倍数（(最大值−限值)÷限值）"),
        },
        source=_(SOURCE),
        period=period,
        as_of=as_of,
        rules=_(RULES),
        description=_(
            "%(name)s 各排放口%(pollutant)s日均值（%(unit)s）折线与标准限值虚线，"
            "%(period)s；红点为有超标记录的日期。",
            name=name,
            pollutant=pollutant_name,
            unit=unit,
            period=period,
        ),
        page_url=unit_url(code),
    )
