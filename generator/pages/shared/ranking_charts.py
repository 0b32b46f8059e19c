"""Charts of the rankings and area pages (Altair), registered in the chart registry.

Data fields have plain ASCII names without dots (pm25, composite); Chinese appears only in titles
and labels. AQI colours are the official HJ 633 colours from the engine's level table.
"""

from __future__ import annotations

from functools import cache

import altair as alt
import pandas as pd

from generator import i18n
from generator.charts.registry import ChartSpec, registry
from generator.i18n import _, ngettext, pgettext
from generator.pages.shared.chart_blocks import daily_aqi_bars, daily_aqi_columns, daily_aqi_data, rank_axis
from generator.pages.shared.rule_changes import aqi_change, composite_change, mark_changes
from generator.statistics import figures


def pgettext_column(message: str) -> str:
    """A word as a table's column heading (排名: Rank, not the navigation's Rankings)."""
    return i18n.pgettext("table column", message)


HIGHLIGHT = "#d1495b"
BAR = "#3f51b5"


def _chart_id(week: str, suffix: str) -> str:
    return f"ranking-{week.lower()}{suffix}-composite"


def _ranking_layers(group_label: str) -> alt.LayerChart:
    """The ranking chart's layers in the language being rendered (built once per language)."""
    return _ranking_layers_in(group_label, i18n.current())


@cache
def _ranking_layers_in(group_label: str, language: str) -> alt.LayerChart:
    """The bar and label layers of every week's (or month's) ranking chart, built once: Altair's
    encoding validation and the deep copy of the layers are the slow part; each chart is a shallow
    copy that adds only its data and height (see ranking_chart)."""
    colour = alt.condition(alt.datum.is_highlight, alt.value(HIGHLIGHT), alt.value(BAR))
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X("composite:Q", title=_("综合指数（越小越好）")),
            y=alt.Y("name:N", sort=alt.EncodingSortField("rank", order="ascending"), title=None),
            color=colour,
            tooltip=[
                alt.Tooltip("rank:Q", title=pgettext("column", "排名")),
                alt.Tooltip("name:N", title=group_label),
                alt.Tooltip("composite:Q", title=_("综合指数"), format=".2f"),
                alt.Tooltip("pm25:Q", title=_("PM2.5（µg/m³）")),
                alt.Tooltip("good_ratio:Q", title=_("优良天数比例（%）")),
            ],
        )
    )
    labels = (
        alt.Chart()
        .mark_text(align="left", dx=3)
        .encode(
            x="composite:Q",
            y=alt.Y("name:N", sort=alt.EncodingSortField("rank", order="ascending")),
            text=alt.Text("composite:Q", format=".2f"),
            color=alt.value("#333"),
        )
    )
    return alt.layer(bars, labels).properties(width=560)


def ranking_chart(
    ctx,
    model: dict,
    ranked_records: list[dict],
    *,
    latest: bool,
    highlight: str | None,
    suffix: str,
    source: str,
) -> ChartSpec:
    """Horizontal bars of the week's composite index, best (lowest) on top."""
    week = model["week"]

    def field(name: str, dtype=None) -> pd.Series:  # one column of the records, read once
        return pd.Series([record[name] for record in ranked_records], dtype=dtype)

    group_names = field("name")
    data = pd.DataFrame(
        {
            "rank": field("rank").astype(int).to_numpy(),
            "name": group_names.map(i18n.name).to_numpy(),
            "composite": figures.rounded(field("composite", float), "composite").to_numpy(),
            "pm25": figures.rounded(field("pm25", float), figures.concentration_decimals("pm25")).to_numpy(),
            "good_ratio": figures.percent(field("good_ratio", float)).to_numpy(),
            "is_highlight": (group_names == highlight).to_numpy() if highlight else False,
        }
    )
    height = max(160, 26 * len(data))
    # A shallow copy given its data and height (what .properties does, without re-validating).
    chart = _ranking_layers(model["group_header"]).copy(deep=False)
    chart.data, chart.height = data, height
    names = data["name"].to_numpy()  # plain strs: iterating the Arrow-backed column is slow
    description = _("%(title)s条形图：", title=model["title"]) + _("，").join(
        _("第%(rank)s %(name)s %(value)s", rank=r, name=n, value=figures.text(c, "composite"))
        for r, n, c in zip(data["rank"], names, data["composite"], strict=True)
    )
    aliases = (f"ranking-latest{suffix}-composite",) if latest else ()
    spec = ChartSpec(
        id=_chart_id(week.id, suffix),
        title=model["title"],
        subtitle=_("综合指数 = 六项污染物单项指数之和，数值越小空气质量越好"),
        chart=chart,
        data=data,
        columns={
            "rank": pgettext("column", "排名"),
            "name": model["group_header"],
            "composite": _("综合指数"),
            "pm25": _("PM2.5（µg/m³）"),
            "good_ratio": _("优良天数比例（%）"),
        },
        source=source,
        period=week.label,
        as_of=ctx.as_of,
        rules=model["rules_text"],
        description=description,
        page_url=model["week_url"],
        aliases=aliases,
        width=640,
        height=height + 60,
    )
    return registry(ctx).add(spec)


def rank_history_chart(ctx, area, history: pd.DataFrame, *, source: str, rules: str) -> ChartSpec:
    """An area's weekly composite rank over time (rank 1 at the top, whole ranks only). A week the
    area was not ranked (too few valid days) is a gap in the line, never a point."""
    ranks = pd.to_numeric(history["rank"], errors="coerce").astype(float)
    data = pd.DataFrame(
        {
            "week": history["week"].to_numpy(),
            "week_start": history["week_start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "rank": ranks.to_numpy(),
            "composite": figures.rounded(history["composite"], "composite").where(ranks.notna()).to_numpy(),
        }
    )
    n_ranked = int(ranks.notna().sum())
    n_max = int(max(ranks.max(skipna=True) if n_ranked else 1, 1))
    chart = (
        alt.Chart(data)
        .mark_line(point=True, color=BAR, invalid="break-paths-filter-domains")
        .encode(
            x=alt.X("week_start:T", title=_("周（周一日期）")),
            y=rank_axis(n_max),
            tooltip=[
                alt.Tooltip("week:N", title=_("周")),
                alt.Tooltip("rank:Q", title=pgettext_column("排名"), format="d"),
                alt.Tooltip("composite:Q", title=_("综合指数"), format=".2f"),
            ],
        )
        .properties(width=600, height=240)
    )
    name = i18n.name(area.name)
    title = _("%(area)s周排名变化", area=name)
    chart, subtitle = mark_changes(
        chart,
        **_week_span(history),
        x_field="week_start",
        what=composite_change,
        title=title,
        subtitle=_("各周综合指数排名（第1名空气质量最好；数据不足、未排名的周留空，不连线）"),
    )
    gaps = len(data) - n_ranked
    gap_text = _("；%(n)s 周数据不足、未参与排名，图中留空", n=gaps) if gaps else ""
    return registry(ctx).add(
        ChartSpec(
            id=f"area-{area.slug}-rank-history",
            title=title,
            subtitle=subtitle,
            chart=chart,
            data=data,
            columns={
                "week": _("周"),
                "week_start": _("周一日期"),
                "rank": pgettext_column("排名"),
                "composite": _("综合指数"),
            },
            source=source,
            period=weeks_period(history),
            as_of=ctx.as_of,
            rules=rules,
            description=_(
                "%(area)s各周综合指数排名折线图，%(n)s 周有排名%(gaps)s", area=name, n=n_ranked, gaps=gap_text
            ),
            page_url=f"areas/{area.slug}/",
            width=640,
            height=300,
        )
    )


def weeks_period(history: pd.DataFrame) -> str:
    """From the first week's Monday to the last week's Sunday (a week ends on its Sunday)."""
    if history.empty:
        return "—"
    first, last = history["week_start"].min(), history["week_start"].max() + pd.Timedelta(days=6)
    return _("%(start)s 至 %(end)s", start=first.strftime("%Y-%m-%d"), end=last.strftime("%Y-%m-%d"))


def _week_span(history: pd.DataFrame) -> dict:
    """first and last day of the weeks drawn (for the change-of-rules marks)."""
    if history.empty:
        return {"first": pd.Timestamp.max, "last": pd.Timestamp.min}
    return {"first": history["week_start"].min(), "last": history["week_start"].max() + pd.Timedelta(days=6)}


def day_span(daily: pd.DataFrame) -> dict:
    """first and last day of daily rows (for the change-of-rules marks)."""
    if daily.empty:
        return {"first": pd.Timestamp.max, "last": pd.Timestamp.min}
    return {"first": daily["date"].min(), "last": daily["date"].max()}


def daily_aqi_marked(
    daily: pd.DataFrame, data: pd.DataFrame, *, title: str, subtitle: str, legend=alt.Undefined
):
    """(chart, subtitle): daily AQI bars in the level colours, with the date and note of any change
    of the AQI rules within the days shown (an area's chart and a station's)."""
    return mark_changes(
        daily_aqi_bars(data, legend),
        **day_span(daily),
        x_field="date",
        what=aqi_change,
        title=title,
        subtitle=subtitle,
    )


def weekly_trend_chart(ctx, area, history: pd.DataFrame, *, source: str, rules: str) -> ChartSpec:
    """An area's weekly composite index and PM2.5 mean."""
    data = pd.DataFrame(
        {
            "week": history["week"].to_numpy(),
            "week_start": history["week_start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "composite": figures.rounded(history["composite"], "composite").to_numpy(),
            "pm25": figures.rounded(history["pm25"], figures.concentration_decimals("pm25")).to_numpy(),
            "good_ratio": figures.percent(history["good_ratio"]).to_numpy(),
        }
    )
    base = alt.Chart(data).encode(x=alt.X("week_start:T", title=_("周（周一日期）")))
    line = base.mark_line(point=True, color=BAR).encode(
        y=alt.Y("composite:Q", title=_("综合指数")),
        tooltip=[
            alt.Tooltip("week:N", title=_("周")),
            alt.Tooltip("composite:Q", title=_("综合指数"), format=".2f"),
            alt.Tooltip("pm25:Q", title=_("PM2.5（µg/m³）")),
            alt.Tooltip("good_ratio:Q", title=_("优良天数比例（%）")),
        ],
    )
    name = i18n.name(area.name)
    title = _("%(area)s每周综合指数", area=name)
    chart, subtitle = mark_changes(
        line.properties(width=600, height=240),
        **_week_span(history),
        x_field="week_start",
        what=composite_change,
        title=title,
        subtitle=_("数值越小空气质量越好"),
    )
    return registry(ctx).add(
        ChartSpec(
            id=f"area-{area.slug}-weekly",
            title=title,
            subtitle=subtitle,
            chart=chart,
            data=data,
            columns={
                "week": _("周"),
                "week_start": _("周一日期"),
                "composite": _("综合指数"),
                "pm25": _("PM2.5（µg/m³）"),
                "good_ratio": _("优良天数比例（%）"),
            },
            source=source,
            period=weeks_period(history),
            as_of=ctx.as_of,
            rules=rules,
            description=_(
                "%(area)s每周综合指数折线图，%(drawn)s",
                area=name,
                drawn=drawn_text(data["composite"], "weeks"),
            ),
            page_url=f"areas/{area.slug}/",
            width=640,
            height=300,
        )
    )


def daily_aqi_chart(ctx, area, daily: pd.DataFrame, *, source: str, rules: str) -> ChartSpec:
    """An area's daily AQI as bars in the official level colours."""
    data = daily_aqi_data(daily)
    name = i18n.name(area.name)
    title = _("%(area)s每日空气质量指数", area=name)
    chart, subtitle = daily_aqi_marked(daily, data, title=title, subtitle=_("颜色为 HJ 633 规定的级别颜色"))
    return registry(ctx).add(
        ChartSpec(
            id=f"area-{area.slug}-daily-aqi",
            title=title,
            subtitle=subtitle,
            chart=chart,
            data=data,
            columns=daily_aqi_columns(),
            source=source,
            period=_period(data["date"]),
            as_of=ctx.as_of,
            rules=rules,
            description=_(
                "%(area)s每日 AQI 柱状图，%(period)s，%(drawn)s",
                area=name,
                period=_period(data["date"]),
                drawn=drawn_text(data["aqi"], "days"),
            ),
            page_url=f"areas/{area.slug}/",
            width=640,
            height=300,
        )
    )


def drawn_text(values: pd.Series, unit: str) -> str:
    """What a chart draws, for its alt text: the points with a value, not the rows of its period.
    `unit`: "weeks" (of a composite index) or "days" (of an AQI)."""
    drawn, total = int(values.notna().sum()), len(values)
    if unit == "weeks":
        text = ngettext("%(num)s 周有综合指数", "%(num)s 周有综合指数", drawn)
        rest = ngettext(
            "（时段内共 %(num)s 周，其余数据不足，图中空缺）",
            "（时段内共 %(num)s 周，其余数据不足，图中空缺）",
            total,
        )
    else:
        text = ngettext("%(num)s 天有 AQI", "%(num)s 天有 AQI", drawn)
        rest = ngettext(
            "（时段内共 %(num)s 天，其余数据不足，图中空缺）",
            "（时段内共 %(num)s 天，其余数据不足，图中空缺）",
            total,
        )
    return text if drawn == total else text + rest


def _period(days: pd.Series) -> str:
    if days.empty:
        return "—"
    return _("%(start)s 至 %(end)s", start=days.iloc[0], end=days.iloc[-1])
