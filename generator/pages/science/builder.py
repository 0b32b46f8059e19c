"""The science pages (科普, plan §36): /science/ and its pages, explained with the city's own numbers.

Each page has a model of plain data: figures quoted in the text (from the statistics stage and the
standards engine, never typed into a template), the engine's tables (breakpoints, levels, advice)
and the charts. Templates (science_*.md.j2) mark every quoted figure with `data-figure="<id>"`.
"""

from __future__ import annotations

import pandas as pd

from generator import i18n
from generator.i18n import N_, _
from generator.pages.science import aqi as science_aqi
from generator.pages.science import charts
from generator.pages.shared import annual_figures as sd
from generator.pages.shared import dust_figures as df
from generator.site.context import BuildContext
from generator.sources.registers.dustfall import METHOD, UNIT, read_dustfall
from generator.standards.rules import rules_for
from generator.statistics.dustfall import yearly_assessment

# The pages, in navigation order: slug -> title.
PAGES = {
    "pm": N_("颗粒物（PM2.5 和 PM10）"),
    "ozone": N_("臭氧（O3）"),
    "aqi": N_("空气质量指数（AQI）怎么算"),
    "health": N_("空气污染与健康防护"),
    "dustfall": N_("降尘"),
    "actions": N_("我们能做什么"),
    "faq": N_("常见问题"),
}


# The dust-fall unit of the register (sources.registers.dustfall.UNIT), marked for the catalogs.
_UNIT_WORDS = (N_("t/(月·km²)"),)


def _facts(ctx, period: str | None, coverage: str | None = None, rules: str | None = None) -> dict:
    return {"period": period, "coverage": coverage, "rules": rules}


def _f(value) -> float:
    """A plain float (NaN for None) for templates."""
    return float("nan") if value is None else float(value)


# --- figures of the city's data --------------------------------------------------------------


def period_figures(ctx, period: sd.Period) -> dict:
    """The period statistics quoted on the pages, as published (reported rounding)."""
    row = sd.stats(ctx, period)
    aqi_days = int(row["aqi_days"])
    return {
        "key": period.key,
        "label": period.label,
        "text": period.text,
        "complete": period.complete,
        "pm25_mean": sd.reported(row["pm25_mean"], "pm25", period.end),
        "pm10_mean": sd.reported(row["pm10_mean"], "pm10", period.end),
        "o3_8h_p90": sd.reported(row["o3_8h_p90"], "o3", period.end),
        "valid_days_pm25": int(row["valid_days_pm25"]),
        "days": int(row["days"]),
        "aqi_days": aqi_days,
        "good_days": int(row["good_days"]),
        "heavy_days": int(row["heavy_days"]),
        "good_ratio": _f(row["good_ratio"]),
        "heavy_ratio": _f(row["heavy_ratio"]),
        "good_pct": sd.published_percent(row["good_ratio"]),
        "days_level": {n: int(row[f"days_level_{n}"]) for n in range(1, 7)},
        "polluted_days": int(sum(row[f"days_level_{n}"] for n in range(3, 7))),
        "pm25_share_pm10": _f(row["pm25_mean"] / row["pm10_mean"]) if row["pm10_mean"] else float("nan"),
        "rules": sd.rules_text(row["rules"]),
        "meets_annual_pm25": row["meets_annual_pm25"],
        **_dust_figures(ctx, period),
    }


def _dust_figures(ctx, period: sd.Period) -> dict:
    """The particulate means with the period's confirmed dust days deducted (扣沙), when it has any."""
    days = len(df.dust_days_in(ctx, period.start, period.end))
    if not days:
        return {"dust_days": 0}
    row = df.stats_deducted(ctx, period)
    return {
        "dust_days": days,
        "pm25_mean_d": sd.reported(row["pm25_mean"], "pm25", period.end),
        "pm10_mean_d": sd.reported(row["pm10_mean"], "pm10", period.end),
    }


def primary_days(ctx, period: sd.Period, labels: tuple[str, ...]) -> int:
    """Days of the period with AQI above 100 whose primary pollutant(s) include one of `labels`."""
    daily = sd.city_daily(ctx)
    inside = daily[
        (daily["date"] >= pd.Timestamp(period.start))
        & (daily["date"] <= pd.Timestamp(period.end))
        & (daily["aqi"] > 100)
    ]
    named = inside["primary"].fillna("").str.split(",")
    return int(named.map(lambda names: any(n in labels for n in names)).sum())


def peak_month(monthly: pd.DataFrame, column: str, pollutant: str) -> dict:
    row = monthly.loc[monthly[column].idxmax()]
    last_day = (pd.Timestamp(row["month"] + "-01") + pd.offsets.MonthEnd(0)).date()
    return {"month": row["month"], "value": sd.reported(row[column], pollutant, last_day)}


def cycle_figures(cycle: pd.DataFrame) -> dict:
    """The ozone page's lowest and highest hours: the same rule as the chart's text (ties named)."""
    return sd.cycle_extremes(cycle)


# --- page models ----------------------------------------------------------------------------


def data_model(ctx) -> dict:
    """Everything from the data that the pages share (None where the data has no such period)."""
    years = sd.years(ctx)
    latest = sd.latest_complete_year(ctx) or (years[-1] if years else None)
    winter = sd.latest_season(ctx, sd.WINTER_MONTHS, sd.WINTER)
    summer = sd.latest_season(ctx, sd.SUMMER_MONTHS, sd.SUMMER)
    monthly = sd.monthly_stats(ctx)
    bounds = sd.span(ctx)
    model = {
        "city": i18n.name(sd.city_name(ctx)),
        "span": bounds,
        "span_text": sd.span_text(*bounds) if bounds else None,
        "years": [period_figures(ctx, p) for p in years],
        "latest": period_figures(ctx, latest) if latest else None,
        "ytd": period_figures(ctx, sd.year_to_date(ctx)) if sd.year_to_date(ctx) else None,
        "winter": period_figures(ctx, winter) if winter else None,
        "summer": period_figures(ctx, summer) if summer else None,
        "stations": len(sd.city_stations(ctx)),
    }
    if winter:
        model["winter"]["pm25_primary_days"] = primary_days(ctx, winter, ("PM2.5",))
    if summer:
        model["summer"]["o3_primary_days"] = primary_days(ctx, summer, ("O3_8h", "O3_1h"))
        model["summer"]["pm25_primary_days"] = primary_days(ctx, summer, ("PM2.5",))
    if winter:
        model["winter"]["o3_primary_days"] = primary_days(ctx, winter, ("O3_8h", "O3_1h"))
    if not monthly.empty:
        model["pm25_peak_month"] = peak_month(monthly, "pm25_mean", "pm25")
        model["o3_peak_month"] = peak_month(monthly, "o3_8h_p90", "o3")
        model["monthly_rules"] = sd.rules_text("+".join(sorted(set("+".join(monthly["rules"]).split("+")))))
    return model


def dustfall_model(ctx) -> dict:
    cap = float(ctx.config.targets.get("dustfall_max", 6.0))
    records = read_dustfall(ctx.dataset.data_dir, ctx.config)
    out = {"cap": cap, "unit": _(UNIT), "method": METHOD, "has_data": not records.empty}
    if records.empty:
        return out
    yearly = yearly_assessment(records, cap)
    latest_month = records["month"].max()
    last = records[records["month"] == latest_month]
    out.update(
        {
            "records": records,
            "first_month": records["month"].min().strftime("%Y-%m"),
            "latest_month": latest_month.strftime("%Y-%m"),
            "latest": [
                {
                    "area": r.area,
                    "name": i18n.name(r.area_name),
                    "value": r.value,
                    "points": r.points,
                    "over": r.value > cap,
                }
                for r in last.itertuples()
            ],
            "yearly": yearly,
            "years": sorted(int(y) for y in yearly["year"].unique()),
        }
    )
    return out


def _month_span(dust: dict) -> str:
    return _("%(start)s 至 %(end)s", start=dust["first_month"], end=dust["latest_month"])


def build(ctx: BuildContext) -> None:
    data = data_model(ctx)
    dust = dustfall_model(ctx)
    monthly = sd.monthly_stats(ctx)
    made = {"level_scale": charts.level_scale_chart(ctx)}
    if not monthly.empty:
        period_text = data["span_text"]
        made["seasonal"] = charts.seasonal_chart(ctx, monthly, period_text, data["monthly_rules"])
        made["levels_monthly"] = charts.levels_monthly_chart(ctx, monthly, period_text, data["monthly_rules"])
    summer = sd.latest_season(ctx, sd.SUMMER_MONTHS, sd.SUMMER)
    cycle = {}
    if summer is not None:
        table = sd.ozone_daily_cycle(ctx, summer)
        cycle = cycle_figures(table) | {"period": summer}
        if cycle.get("hours"):
            made["ozone_cycle"] = charts.ozone_cycle_chart(ctx, table, summer)
    if dust["has_data"]:
        made["dustfall"] = charts.dustfall_chart(ctx, dust["records"], dust["cap"], _month_span(dust))
    common = {"data": data, "charts": made, "pages": {slug: _(title) for slug, title in PAGES.items()}}
    coverage = _("%(n)s 个站点的全市平均", n=data["stations"]) if data["span"] else None
    rules = data.get("monthly_rules")
    ctx.render_page(
        "science/", "science_index.md.j2", **common, facts=_facts(ctx, data["span_text"], coverage, rules)
    )
    ctx.render_page(
        "science/pm/", "science_pm.md.j2", **common, facts=_facts(ctx, data["span_text"], coverage, rules)
    )
    ctx.render_page(
        "science/ozone/",
        "science_ozone.md.j2",
        **common,
        cycle=cycle,
        facts=_facts(ctx, data["span_text"], coverage, rules),
    )
    ctx.render_page(
        "science/aqi/",
        "science_aqi.md.j2",
        **common,
        tables=science_aqi.breakpoint_tables(),
        levels=science_aqi.level_rows(),
        example=science_aqi.worked_example(ctx),
        facts=_facts(ctx, data["span_text"], coverage, rules),
    )
    ctx.render_page(
        "science/health/",
        "science_health.md.j2",
        **common,
        levels=science_aqi.level_rows(),
        facts=_facts(ctx, data["span_text"], coverage, rules),
    )
    ctx.render_page(
        "science/dustfall/",
        "science_dustfall.md.j2",
        **common,
        dust=dust,
        facts=_facts(
            ctx,
            _month_span(dust) if dust["has_data"] else None,
            None,
            _("%(method)s；连政发〔2019〕10号 第十九条", method=METHOD),
        ),
    )
    ctx.render_page("science/actions/", "science_actions.md.j2", **common, facts=_facts(ctx, None))
    validity = {
        key: rules_for("2026").param(key)
        for key in ("annual_min_days", "month_min_days", "february_min_days", "daily_min_hours")
    }
    ctx.render_page(
        "science/faq/",
        "science_faq.md.j2",
        **common,
        validity=validity,
        targets=ctx.config.targets,
        facts=_facts(ctx, data["span_text"], coverage, rules),
    )
