"""The science pages (科普, plan §36): /science/ and its pages, explained with the city's own numbers.

Each page has a model of plain data: figures quoted in the text (from the statistics stage and the
standards engine, never typed into a template), the engine's tables (breakpoints, levels, advice)
and the charts. Templates (science_*.md.j2) mark every quoted figure with `data-figure="<id>"`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

from generator.pages import dust_figures as df
from generator.pages import science_charts as charts
from generator.pages import science_data as sd
from generator.site.context import BuildContext
from generator.sources.dustfall import METHOD, UNIT, read_dustfall, yearly_assessment
from generator.standards.aqi import DAILY_INDICATORS, daily_aqi
from generator.standards.rules import LABELS, load_rules, rules_for
from generator.statistics import figures

# The pages, in navigation order: slug -> title.
PAGES = {
    "pm": "颗粒物（PM2.5 和 PM10）",
    "ozone": "臭氧（O3）",
    "aqi": "空气质量指数（AQI）怎么算",
    "health": "空气污染与健康防护",
    "dustfall": "降尘",
    "actions": "我们能做什么",
    "faq": "常见问题",
}
IAQI_ROWS = (0, 50, 100, 150, 200, 300, 400, 500)
ITEM_NAMES = {
    "so2_24h": ("二氧化硫（SO2）", "24小时平均"),
    "so2_1h": ("二氧化硫（SO2）", "1小时平均"),
    "no2_24h": ("二氧化氮（NO2）", "24小时平均"),
    "no2_1h": ("二氧化氮（NO2）", "1小时平均"),
    "co_24h": ("一氧化碳（CO）", "24小时平均"),
    "co_1h": ("一氧化碳（CO）", "1小时平均"),
    "o3_1h": ("臭氧（O3）", "1小时平均"),
    "o3_8h": ("臭氧（O3）", "8小时滑动平均"),
    "pm10_24h": ("颗粒物（PM10）", "24小时平均"),
    "pm25_24h": ("细颗粒物（PM2.5）", "24小时平均"),
}
# Primary-pollutant labels of the engine ("PM2.5", "O3_8h") in words for the public.
PRIMARY_NAMES = {
    "PM2.5": "细颗粒物（PM2.5）",
    "PM10": "可吸入颗粒物（PM10）",
    "SO2": "二氧化硫（SO2）",
    "NO2": "二氧化氮（NO2）",
    "CO": "一氧化碳（CO）",
    "O3_8h": "臭氧（8小时）",
    "O3_1h": "臭氧（1小时）",
}
INDICATOR_NAMES = {
    "pm25": "PM2.5 日均浓度",
    "pm10": "PM10 日均浓度",
    "so2": "SO2 日均浓度",
    "no2": "NO2 日均浓度",
    "co": "CO 日均浓度",
    "o3_8h": "臭氧日最大8小时平均",
    "o3_1h": "臭氧日最大1小时浓度",
}


def _unit(pollutant: str) -> str:
    return "mg/m³" if pollutant == "co" else "µg/m³"


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


# --- the AQI page: tables from the engine and the worked example -----------------------------


def breakpoint_tables() -> list[dict]:
    """Each rule version's IAQI table, rows IAQI 0..500, columns the items (None: not defined)."""
    tables = []
    for version, ruleset in sorted(load_rules().items()):
        items = [i for i in ITEM_NAMES if i in ruleset.breakpoints]
        rows = []
        for value in IAQI_ROWS:
            cells = []
            for item in items:
                conc, idx = ruleset.breakpoints[item]
                hit = conc[idx == value]
                cells.append(float(hit[0]) if len(hit) else None)
            rows.append({"iaqi": value, "cells": cells})
        tables.append(
            {
                "version": version,
                "standard": ruleset.aqi_standard,
                "label": ruleset.label,
                "from": ruleset.effective_from.date(),
                "to": ruleset.effective_to.date() if ruleset.effective_to is not None else None,
                "columns": [
                    {
                        "item": i,
                        "name": ITEM_NAMES[i][0],
                        "averaging": ITEM_NAMES[i][1],
                        "unit": _unit(i.split("_")[0]),
                    }
                    for i in items
                ],
                "rows": rows,
                "so2_1h_over_800": ruleset.param("so2_1h_over_800"),
                "o3_8h_over_800": ruleset.param("o3_8h_over_800"),
                "indicators": [INDICATOR_NAMES[c] for c in DAILY_INDICATORS[version]],
            }
        )
    return tables


def level_rows() -> list[dict]:
    """The six levels with both versions' ranges, health effects and advice (engine tables)."""
    old, new = rules_for("2012").levels, rules_for("2026").levels
    return [
        {
            "level": a.level,
            "grade": a.grade,
            "category": a.category,
            "colour_name": a.colour_name,
            "colour_hex": a.colour_hex,
            "colour_rgb": ",".join(map(str, a.colour_rgb)),
            "range_2012": f"{a.aqi_min}—{a.aqi_max}" if a.level < 6 else f"大于{a.aqi_min - 1}",
            "range_2026": f"{b.aqi_min}—{b.aqi_max}" if b.level < 6 else f"大于{b.aqi_min - 1}",
            "effect_2012": a.health_effect,
            "effect_2026": b.health_effect,
            "advice_2012": a.advice,
            "advice_2026": b.advice,
            "effect_changed": a.health_effect != b.health_effect,
            "advice_changed": a.advice != b.advice,
        }
        for a, b in zip(old, new, strict=True)
    ]


EXAMPLE_THRESHOLDS = (100, 50, -1)


def example_day(ctx) -> tuple[pd.Series, int] | None:
    """The most recent day with every indicator present and AQI above 100 (failing that, above
    50, then any), and the threshold it passed."""
    daily = sd.city_daily(ctx)
    complete = daily[daily["complete"] & daily["aqi"].notna()]
    for threshold in EXAMPLE_THRESHOLDS:
        picked = complete[complete["aqi"] > threshold]
        if not picked.empty:
            return picked.iloc[-1], threshold
    return None


def primary_text(primary) -> str:
    """The engine's primary pollutant(s) ("PM2.5,PM10") in words; "无" when AQI ≤ 50."""
    if not primary:
        return "无"
    return "、".join(PRIMARY_NAMES.get(p, p) for p in str(primary).split(","))


def _segment(item: str, ruleset, conc: float) -> dict | None:
    """The breakpoint segment a concentration falls in, and the formula's unrounded value.

    For display only: the IAQI itself is the engine's. Exact fractions show the arithmetic the
    reader can redo; the engine's integer IAQI is its ceiling.
    """
    bps, idx = ruleset.breakpoints[item]
    if np.isnan(conc) or conc > bps[-1]:
        return None
    i = int(min(max(np.searchsorted(bps, conc, side="right") - 1, 0), len(bps) - 2))
    lo, hi, ilo, ihi = Fraction(str(bps[i])), Fraction(str(bps[i + 1])), int(idx[i]), int(idx[i + 1])
    value = Fraction(ihi - ilo) / (hi - lo) * (Fraction(str(conc)) - lo) + ilo
    return {"bp_lo": float(lo), "bp_hi": float(hi), "iaqi_lo": ilo, "iaqi_hi": ihi, "exact": float(value)}


def worked_example(ctx) -> dict | None:
    """A real day from the data, computed by the engine from its published (rounded) concentrations."""
    found = example_day(ctx)
    if found is None:
        return None
    day, threshold = found
    version = str(day["rules"])
    ruleset = rules_for(version)
    when = day["date"].date()
    spec = DAILY_INDICATORS[version]
    # Computed exactly as the site's daily AQI: from the reported concentrations where the rules
    # round them first (HJ 633-2026), else from the daily means themselves (HJ 633-2012), shown
    # with one decimal more than published so that the arithmetic can be redone.
    rounds_first = bool(ruleset.param("round_concentrations"))
    extra = 0 if rounds_first else 1
    published = {"date": [day["date"]]}
    for source, pollutant, _period in spec.values():
        decimals = ruleset.reporting_decimals[pollutant] + extra
        published[source] = [figures.rounded(float(day[source]), decimals)]
    for source in ("pm25", "pm10", "so2", "no2", "co", "o3_8h_max", "o3_1h_max"):
        published.setdefault(source, [float("nan")])
    report = daily_aqi(pd.DataFrame(published)).iloc[0]
    rows = []
    for column, (source, pollutant, period) in spec.items():
        item = f"{pollutant}_{'24h' if pollutant in ('pm25', 'pm10') else period}"
        conc = float(published[source][0])
        rows.append(
            {
                "column": column,
                "name": INDICATOR_NAMES[column],
                "label": LABELS[column],
                "concentration": conc,
                "decimals": ruleset.reporting_decimals[pollutant] + extra,
                "unit": _unit(pollutant),
                "iaqi": float(report[f"iaqi_{column}"]),
                "segment": _segment(item, ruleset, conc),
                "is_primary": LABELS[column] in str(report["primary"] or "").split(","),
            }
        )
    primary_rows = [r for r in rows if r["is_primary"]]
    return {
        "date": when,
        "version": version,
        "standard": ruleset.aqi_standard,
        "rules_label": ruleset.label,
        "rounds_first": rounds_first,
        "rows": rows,
        "aqi": float(report["aqi"]),
        "level": int(report["level"]),
        "category": report["category"],
        "colour": report["colour"],
        "primary": primary_text(report["primary"]),
        "threshold": threshold,
        "primary_rows": primary_rows,
        "site_aqi": float(day["aqi"]),
        "same_as_site": float(day["aqi"]) == float(report["aqi"]),
        "n_indicators": len(rows),
    }


# --- page models ----------------------------------------------------------------------------


def data_model(ctx) -> dict:
    """Everything from the data that the pages share (None where the data has no such period)."""
    years = sd.years(ctx)
    latest = sd.latest_complete_year(ctx) or (years[-1] if years else None)
    winter = sd.latest_season(ctx, sd.WINTER_MONTHS, "冬季")
    summer = sd.latest_season(ctx, sd.SUMMER_MONTHS, "夏季")
    monthly = sd.monthly_stats(ctx)
    bounds = sd.span(ctx)
    model = {
        "city": sd.city_name(ctx),
        "span": bounds,
        "span_text": f"{bounds[0].isoformat()} 至 {bounds[1].isoformat()}" if bounds else None,
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
    out = {"cap": cap, "unit": UNIT, "method": METHOD, "has_data": not records.empty}
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
                    "name": r.area_name,
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


def build(ctx: BuildContext) -> None:
    data = data_model(ctx)
    dust = dustfall_model(ctx)
    monthly = sd.monthly_stats(ctx)
    made = {"level_scale": charts.level_scale_chart(ctx)}
    if not monthly.empty:
        period_text = data["span_text"]
        made["seasonal"] = charts.seasonal_chart(ctx, monthly, period_text, data["monthly_rules"])
        made["levels_monthly"] = charts.levels_monthly_chart(ctx, monthly, period_text, data["monthly_rules"])
    summer = sd.latest_season(ctx, sd.SUMMER_MONTHS, "夏季")
    cycle = {}
    if summer is not None:
        table = sd.ozone_daily_cycle(ctx, summer)
        cycle = cycle_figures(table) | {"period": summer}
        if cycle.get("hours"):
            made["ozone_cycle"] = charts.ozone_cycle_chart(ctx, table, summer)
    if dust["has_data"]:
        made["dustfall"] = charts.dustfall_chart(
            ctx, dust["records"], dust["cap"], f"{dust['first_month']} 至 {dust['latest_month']}"
        )
    common = {"data": data, "charts": made, "pages": PAGES}
    coverage = f"{data['stations']} 个站点的全市平均" if data["span"] else None
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
        tables=breakpoint_tables(),
        levels=level_rows(),
        example=worked_example(ctx),
        facts=_facts(ctx, data["span_text"], coverage, rules),
    )
    ctx.render_page(
        "science/health/",
        "science_health.md.j2",
        **common,
        levels=level_rows(),
        facts=_facts(ctx, data["span_text"], coverage, rules),
    )
    ctx.render_page(
        "science/dustfall/",
        "science_dustfall.md.j2",
        **common,
        dust=dust,
        facts=_facts(
            ctx,
            f"{dust['first_month']} 至 {dust['latest_month']}" if dust["has_data"] else None,
            None,
            f"{METHOD}；连政发〔2019〕10号 第十九条",
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
