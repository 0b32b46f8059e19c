"""Charts of the science pages (Altair), from the city's own data, registered once each.

Fields have ASCII names without dots (pm25, o3); Chinese appears only in titles and labels.
AQI level colours are the official HJ 633 colours from the engine's level table.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from generator import i18n
from generator.charts.registry import ChartSpec, registry
from generator.i18n import N_, _
from generator.pages.shared import annual_figures as sd
from generator.pages.shared.chart_blocks import cap_rule
from generator.pages.shared.rule_changes import aqi_change, mark_changes
from generator.standards.rules import levels_table
from generator.statistics import figures

PM25_COLOUR = "#8c564b"
O3_COLOUR = "#1f77b4"
DUST_COLOUR = "#a0522d"
CAP_COLOUR = "#d62728"
PM25_SERIES = N_("PM2.5 月均浓度")
O3_SERIES = N_("臭氧日最大8小时平均第90百分位数")


def _g(value: float) -> str:
    """A number in its shortest form (6.0 -> 6), for a message's placeholder."""
    return f"{value:g}"


def month_axis() -> alt.X:
    """Months (YYYY-MM text) along the x axis, labels slanted (as chart_blocks.month_axis, in the
    language being rendered)."""
    return alt.X("month:O", title=_("月份"), axis=alt.Axis(labelAngle=-45))


def _source(ctx) -> str:
    # A sample's source name already says it is a demonstration sample (dataset.toml).
    return i18n.name(ctx.dataset.source_name)


def _reported(values: pd.Series, pollutant: str) -> pd.Series:
    """Concentrations as the pages print them (generator.statistics.figures; µg/m³ to whole numbers)."""
    return figures.rounded(values, figures.concentration_decimals(pollutant))


def seasonal_chart(ctx, monthly: pd.DataFrame, period_text: str, rules: str) -> ChartSpec:
    """Monthly PM2.5 mean and O3 90th percentile of MDA8: winter PM peaks, summer ozone peaks."""
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "month": monthly["month"],
                    "series": _(PM25_SERIES),
                    "value": _reported(monthly["pm25_mean"], "pm25"),
                    "valid_days": monthly["valid_days_pm25"],
                }
            ),
            pd.DataFrame(
                {
                    "month": monthly["month"],
                    "series": _(O3_SERIES),
                    "value": _reported(monthly["o3_8h_p90"], "o3"),
                    "valid_days": monthly["valid_days_o3"],
                }
            ),
        ],
        ignore_index=True,
    )
    colour = alt.Color(
        "series:N",
        title=None,
        legend=alt.Legend(orient="bottom", direction="vertical"),
        scale=alt.Scale(domain=[_(PM25_SERIES), _(O3_SERIES)], range=[PM25_COLOUR, O3_COLOUR]),
    )
    chart = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=month_axis(),
            y=alt.Y("value:Q", title=_("浓度（µg/m³）")),
            color=colour,
            tooltip=[
                alt.Tooltip("month:O", title=_("月份")),
                alt.Tooltip("series:N", title=_("指标")),
                alt.Tooltip("value:Q", title="µg/m³"),
                alt.Tooltip("valid_days:Q", title=_("有效天数")),
            ],
        )
        .properties(width=600, height=300)
    )
    pm_peak = monthly.loc[monthly["pm25_mean"].idxmax()]
    o3_peak = monthly.loc[monthly["o3_8h_p90"].idxmax()]
    data = monthly[["month", "pm25_mean", "o3_8h_p90", "days", "valid_days_pm25", "valid_days_o3"]].copy()
    data["pm25_mean"] = _reported(data["pm25_mean"], "pm25")
    data["o3_8h_p90"] = _reported(data["o3_8h_p90"], "o3")
    return registry(ctx).add(
        ChartSpec(
            id="science-seasonal-pm25-o3",
            title=_("%(city)s PM2.5 与臭氧的季节变化", city=i18n.name(sd.city_name(ctx))),
            subtitle=_("PM2.5 冬季高、夏季低；臭氧正好相反，春末夏初最高"),
            chart=chart,
            data=data,
            columns={
                "month": _("月份"),
                "pm25_mean": _("PM2.5 月均浓度（µg/m³）"),
                "o3_8h_p90": _("臭氧日最大8小时平均第90百分位数（µg/m³）"),
                "days": _("当月天数"),
                "valid_days_pm25": _("PM2.5 有效天数"),
                "valid_days_o3": _("臭氧有效天数"),
            },
            source=_source(ctx),
            period=period_text,
            as_of=ctx.as_of,
            rules=rules,
            description=_(
                "折线图：逐月 PM2.5 平均浓度和臭氧第90百分位数。PM2.5 最高的月份是 %(pm_month)s"
                "（%(pm)s µg/m³），臭氧最高的月份是 %(o3_month)s（%(o3)s µg/m³）。",
                pm_month=pm_peak["month"],
                pm=figures.text(pm_peak["pm25_mean"], 0),
                o3_month=o3_peak["month"],
                o3=figures.text(o3_peak["o3_8h_p90"], 0),
            ),
            page_url="science/pm/",
            height=380,
        )
    )


def ozone_cycle_chart(ctx, cycle: pd.DataFrame, period: sd.Period) -> ChartSpec:
    """Mean hourly O3 by hour of the day: low at dawn, peak in the afternoon."""
    data = cycle.assign(
        o3=figures.rounded(cycle["o3"], "hourly_mean"), label=cycle["hour"].map(lambda h: _("%(h)s时", h=h))
    )
    chart = (
        alt.Chart(data)
        .mark_line(point=True, color=O3_COLOUR)
        .encode(
            x=alt.X(
                "hour:O",
                title=_("时刻（北京时间，h 表示 h:00—h+1:00 的小时均值）"),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("o3:Q", title=_("臭氧小时浓度平均（µg/m³）")),
            tooltip=[
                alt.Tooltip("label:N", title=_("时刻")),
                alt.Tooltip("o3:Q", title="µg/m³"),
                alt.Tooltip("hours:Q", title=_("小时数")),
            ],
        )
        .properties(width=600, height=300)
    )
    ends = sd.cycle_extremes(cycle)
    return registry(ctx).add(
        ChartSpec(
            id="science-ozone-daily-cycle",
            title=_("%(city)s夏季臭氧的日变化", city=i18n.name(sd.city_name(ctx))),
            subtitle=_("阳光越强臭氧生成越多：清晨最低，午后最高"),
            chart=chart,
            data=data[["hour", "o3", "hours"]],
            columns={
                "hour": _("时刻（时）"),
                "o3": _("臭氧小时浓度平均（µg/m³）"),
                "hours": _("参与平均的小时数"),
            },
            source=_source(ctx),
            period=_("%(label)s，%(text)s", label=period.label, text=period.text),
            as_of=ctx.as_of,
            rules=_("描述性统计：全市各站逐小时浓度的算术平均，再按时刻平均"),
            description=_(
                "折线图：%(period)s各时刻臭氧平均浓度。最低在 %(low_hour)s 时（%(low)s µg/m³），"
                "最高在 %(peak_hour)s 时（%(peak)s µg/m³）。",
                period=period.label,
                low_hour=ends["low_hour_text"],
                low=figures.text(ends["low"], 0),
                peak_hour=ends["peak_hour_text"],
                peak=figures.text(ends["peak"], 0),
            ),
            page_url="science/ozone/",
            height=380,
        )
    )


def _level_domain(version: str = "2026") -> tuple[list[str], list[str], pd.DataFrame]:
    levels = levels_table(version)
    return [i18n.name(c) for c in levels["category"]], list(levels["colour_hex"]), levels


def levels_monthly_chart(ctx, monthly: pd.DataFrame, period_text: str, rules: str) -> ChartSpec:
    """Days per AQI level in each month, stacked, in the official colours."""
    categories, colours, levels = _level_domain()
    rows = []
    for level, category in zip(levels["level"], categories, strict=True):
        rows.append(
            pd.DataFrame(
                {
                    "month": monthly["month"],
                    "level": int(level),
                    "category": category,
                    "days": monthly[f"days_level_{level}"].astype(int),
                }
            )
        )
    long = pd.concat(rows, ignore_index=True)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=month_axis(),
            y=alt.Y("days:Q", title=_("天数"), stack="zero"),
            # The official level colours (as chart_blocks.level_colour), the levels named in the
            # language being rendered.
            color=alt.Color(
                "category:N",
                title=_("空气质量级别"),
                scale=alt.Scale(domain=categories, range=colours),
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            order=alt.Order("level:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("month:O", title=_("月份")),
                alt.Tooltip("category:N", title=_("级别")),
                alt.Tooltip("days:Q", title=_("天数")),
            ],
        )
        .properties(width=600, height=300)
    )
    title = _("%(city)s每月各空气质量级别天数", city=i18n.name(sd.city_name(ctx)))
    months = pd.PeriodIndex(monthly["month"], freq="M")
    chart, subtitle = mark_changes(
        chart,
        first=months.min().start_time,
        last=months.max().end_time.normalize(),
        x_field="month",
        what=aqi_change,
        title=title,
        subtitle=_("按日 AQI 分级，颜色为国家标准规定的级别颜色"),
        monthly=True,
    )
    data = monthly[["month", "aqi_days", *(f"days_level_{n}" for n in range(1, 7))]].copy()
    worst = monthly.assign(bad=monthly[[f"days_level_{n}" for n in range(3, 7)]].sum(axis=1))
    worst_row = worst.loc[worst["bad"].idxmax()]
    return registry(ctx).add(
        ChartSpec(
            id="science-aqi-days-per-level",
            title=title,
            subtitle=subtitle,
            chart=chart,
            data=data,
            columns={
                "month": _("月份"),
                "aqi_days": _("计入天数统计的天数"),
                **{
                    f"days_level_{n}": _("%(level)s天数", level=c)
                    for n, c in zip(range(1, 7), categories, strict=True)
                },
            },
            source=_source(ctx),
            period=period_text,
            as_of=ctx.as_of,
            rules=rules,
            description=_(
                "堆叠柱状图：每月优、良、轻度污染、中度污染、重度污染、严重污染的天数。"
                "污染天数最多的月份是 %(month)s（%(days)s 天）。",
                month=worst_row["month"],
                days=int(worst_row["bad"]),
            ),
            page_url="science/aqi/",
            height=400,
        )
    )


def level_scale_chart(ctx) -> ChartSpec:
    """The AQI level table as a colour scale: ranges, categories and official colours."""
    categories, colours, levels = _level_domain()
    data = pd.DataFrame(
        {
            "level": levels["level"].astype(int),
            "grade": [i18n.name(g) for g in levels["grade"]],
            "category": categories,
            "aqi_min": levels["aqi_min"].astype(int),
            "aqi_max": levels["aqi_max"].astype(int),
            "colour_name": [i18n.name(c) for c in levels["colour_name"]],
            "colour_hex": colours,
        }
    )
    data["range"] = data["aqi_min"].astype(str) + "—" + data["aqi_max"].astype(str)
    data["label"] = data["category"] + " " + data["range"]
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=alt.EncodingSortField("level", order="ascending"), title=None),
    )
    bars = base.mark_bar().encode(
        x=alt.X("aqi_min:Q", title=_("空气质量指数（AQI）"), scale=alt.Scale(domain=[0, 500])),
        x2="aqi_max:Q",
        color=alt.Color("category:N", scale=alt.Scale(domain=categories, range=colours), legend=None),
        tooltip=[
            alt.Tooltip("grade:N", title=_("级别")),
            alt.Tooltip("category:N", title=_("类别")),
            alt.Tooltip("range:N", title=_("AQI 范围")),
            alt.Tooltip("colour_name:N", title=_("颜色")),
        ],
    )
    chart = bars.properties(width=600, height=220)
    return registry(ctx).add(
        ChartSpec(
            id="science-aqi-level-scale",
            title=_("空气质量指数（AQI）的六个级别"),
            subtitle=_("HJ 633 规定的级别、类别和表示颜色（2012 年版与 2026 年版颜色相同）"),
            chart=chart,
            data=data[["level", "grade", "category", "aqi_min", "aqi_max", "colour_name", "colour_hex"]],
            columns={
                "level": _("级别序号"),
                "grade": _("级别"),
                "category": _("类别"),
                "aqi_min": _("AQI 下限"),
                "aqi_max": _("AQI 上限"),
                "colour_name": _("颜色"),
                "colour_hex": _("颜色代码"),
            },
            source=_("HJ 633-2012、HJ 633-2026（本站标准引擎的级别表）"),
            period=_("标准规定，不随数据变化"),
            as_of=ctx.as_of,
            rules="HJ 633-2012 / HJ 633-2026",
            description=_("色带图：")
            + _("，").join(
                _("%(category)s %(range)s（%(colour)s）", category=c, range=r, colour=n)
                for c, r, n in zip(data["category"], data["range"], data["colour_name"], strict=True)
            ),
            page_url="science/aqi/",
            height=280,
        )
    )


def dustfall_chart(ctx, records: pd.DataFrame, cap: float, period_text: str) -> ChartSpec:
    """Each county/district's monthly dust fall against the plan's cap."""
    data = pd.DataFrame(
        {
            "month": records["month"].dt.strftime("%Y-%m"),
            "area": records["area_name"].map(i18n.name),
            "value": records["value"],
            "points": records["points"],
        }
    )
    lines = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=month_axis(),
            y=alt.Y("value:Q", title=_("降尘量（吨/月·平方公里）")),
            color=alt.Color("area:N", title=_("县区"), legend=alt.Legend(orient="bottom", columns=3)),
            tooltip=[
                alt.Tooltip("month:O", title=_("月份")),
                alt.Tooltip("area:N", title=_("县区")),
                alt.Tooltip("value:Q", title=_("降尘量")),
                alt.Tooltip("points:Q", title=_("点位数")),
            ],
        )
    )
    rule = cap_rule(cap, CAP_COLOUR)
    over = int((records["value"] > cap).sum())
    return registry(ctx).add(
        ChartSpec(
            id="science-dustfall-monthly",
            title=_("%(city)s各县区每月降尘量", city=i18n.name(sd.city_name(ctx))),
            subtitle=_("红色虚线为行动计划规定的上限 %(cap)s 吨/月·平方公里", cap=_g(cap)),
            chart=(lines + rule).properties(width=600, height=320),
            data=data,
            columns={
                "month": _("月份"),
                "area": _("县区"),
                "value": _("降尘量（吨/月·平方公里）"),
                "points": _("点位数"),
            },
            source=_("%(source)s；降尘监测数据", source=_source(ctx)),
            period=period_text,
            as_of=ctx.as_of,
            rules=_("HJ 1221-2021（重量法）；连政发〔2019〕10号 第十九条"),
            description=_(
                "折线图：各县区每月降尘量与上限 %(cap)s 的比较；共有 %(over)s 个县区·月高于上限。",
                cap=_g(cap),
                over=over,
            ),
            page_url="science/dustfall/",
            height=420,
        )
    )
