"""Heavy-pollution warnings: /warnings/ (active first, then history by year), /warnings/<id>/ per
notice with its CAP 1.2 file, the Atom feed, observed heavy-pollution episodes, and the banner
that every page shows while a warning is in force (ctx.site_meta["active_warnings"]).

The register is read from `<data folder>/warnings/`; a bad notice stops the build (InputError).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from generator import i18n
from generator.formats.atom import atom_feed, newest_first
from generator.formats.warnings_cap import cap_problems, cap_xml, check_area_polygons
from generator.pages.shared.area_absence import heavy_days_by_area
from generator.pages.shared.notice_addresses import (
    FEED_URL,
    check_notice_urls,
    notice_url,
    report_held_back,
    taken_urls,
)
from generator.pages.shared.pollutant_words import primary_words
from generator.pages.shared.warning_rows import (
    CITY,
    area_text,
    cap_url,
    daily_city_and_area_aqi,
    feed_entries,
    name_list,
    summary_row,
)
from generator.pages.warnings.english import english_texts, plan_measures
from generator.site.context import BuildContext
from generator.sources.registers.warnings import (
    LEVEL_NAMES,
    REDUCTION_POLLUTANTS,
    Notice,
    Register,
    register_for_build,
)
from generator.standards.aqi import aqi_levels
from generator.standards.rules import level_info, rules_for, version_for_date
from generator.standards.warning_levels import assess_warning

# Heavy pollution (重度污染) and worse: daily AQI above this (HJ 633 levels 5 and 6).
HEAVY_AQI = 200

# Colours of the notice header (the warning colours; a lift is green). Background, text.
LEVEL_COLOURS = {
    "yellow": ("#ffe600", "#222222"),
    "orange": ("#ff7e00", "#222222"),
    "red": ("#d00000", "#ffffff"),
    "lift": ("#2e7d32", "#ffffff"),
}
PLAN_URL = "warnings/emergency-plan/"


def forecast_rows(notice: Notice) -> list[dict]:
    """Forecast days with the AQI level and category of the rules in force on each date."""
    rows = []
    for day, aqi in notice.forecast_aqi:
        version = version_for_date(day)
        level = int(aqi_levels([aqi], version)[0])
        info = level_info(level, version)
        rows.append({"date": day, "aqi": aqi, "level": level, "category": i18n.name(info.category)})
    return rows


def health_rows(notice: Notice) -> list[dict]:
    """Health effects and advice (public and sensitive groups) for each AQI level the forecast
    reaches, under the rules in force when the warning starts."""
    version = version_for_date(notice.effective_from.date())
    levels = sorted({row["level"] for row in forecast_rows(notice) if row["level"] > 0})
    rows = []
    for level in levels:
        info = level_info(level, version)
        rows.append(
            {
                "level": level,
                "category": i18n.name(info.category),
                "range": f"{info.aqi_min}–{info.aqi_max}",
                "effect": i18n.gettext(info.health_effect),
                "advice": i18n.gettext(info.advice),
            }
        )
    return rows


def grading(ctx: BuildContext, notice: Notice) -> dict | None:
    """What the configured grading rules make of the notice's forecast (a check for readers)."""
    if not notice.forecast_aqi:
        return None
    series = pd.Series({pd.Timestamp(d): aqi for d, aqi in notice.forecast_aqi})
    result = assess_warning(series, rules=str(ctx.config.warnings.get("grading_rules", "2024")))
    return {
        "level": result.level,
        "level_zh": result.level_zh,
        "level_name": i18n.name(f"{result.level_zh}预警") if result.level != "none" else "",
        "explanation": result.explanation,
        "matches": result.level == notice.level,
    }


def notice_model(ctx: BuildContext, register: Register, notice: Notice) -> dict:
    bg, fg = LEVEL_COLOURS[notice.level]
    version = version_for_date(notice.effective_from.date())
    plan_ratio = ctx.config.warnings.get("reduction_ratio", {}).get(notice.level)
    target = register.by_id[notice.supersedes] if notice.supersedes else None
    chain = [dict(summary_row(ctx, register, n), current=n.id == notice.id) for n in register.chain(notice)]
    return dict(
        summary_row(ctx, register, notice),
        colour={"background": bg, "text": fg},
        is_lift=notice.is_lift,
        expected_end=notice.expected_end,
        ended_by=summary_row(ctx, register, register.ended_by(notice)) if register.ended_by(notice) else None,
        target=summary_row(ctx, register, target) if target else None,
        area_names=name_list([a.name for a in notice.areas]),
        whole_city=notice.whole_city,
        **english_texts(notice),
        plan_measures=plan_measures(notice),
        forecast=forecast_rows(notice),
        ratios=[
            {"pollutant": i18n.name(REDUCTION_POLLUTANTS[k]), "key": k, "ratio": r}
            for k, r in notice.reduction_ratio
        ],
        plan_ratio=plan_ratio,
        # The units' measures at its level (enterprise_registers.py), linked while the warning is in force.
        response=ctx.products.get("response_levels", {}).get(notice.level),
        health=health_rows(notice),
        grading=grading(ctx, notice),
        rules=rules_for(version).aqi_standard,
        authority=i18n.name(notice.authority),
        chain=chain if len(chain) > 1 else [],
        cap_url=cap_url(notice),
        feed_url=FEED_URL,
        plan_url=PLAN_URL,
        # The published forecast this warning rests on (generator/pages/forecast/builder.py), if any.
        forecast_link=ctx.products.get("forecast_links", {}).get(notice.id),
        # A provincial notice: the city responses it started; a city response: the provincial notice.
        provincial=notice.provincial,
        responses=[summary_row(ctx, register, n) for n in register.responses(notice)],
        responds_to=(
            summary_row(ctx, register, register.by_id[notice.responds_to]) if notice.responds_to else None
        ),
    )


def banners(ctx: BuildContext, register: Register) -> list[dict]:
    """The warnings in force at build time, for the banner on every page (see the theme partial
    partials/warning-banner.html; site.js hides each once `expires` has passed)."""
    out = []
    for notice in register.active(ctx.built_at):
        end = register.end(notice)
        banner = {}
        if i18n.current() != i18n.SOURCE_LANGUAGE:
            # The theme cannot mark part of a title: an area with no English name is marked by
            # the partial from these parts (its Chinese inside <span lang="zh">).
            banner = {
                "headline": summary_row(ctx, register, notice)["title"],
                "areas": area_text(notice),
                "areas_chinese": not notice.whole_city
                and not all(i18n.has_name(a.name, i18n.current()) for a in notice.areas),
            }
        out.append(
            banner
            | {
                "level": notice.level,
                "title": i18n.gettext(
                    "%(title)s（%(areas)s）",
                    title=summary_row(ctx, register, notice)["title"],
                    areas=area_text(notice),
                ),
                "period": i18n.gettext(
                    "%(start)s 至 %(end)s",
                    start=notice.effective_from.strftime("%Y-%m-%d %H:%M"),
                    end=end.strftime("%Y-%m-%d %H:%M"),
                ),
                "url": notice_url(notice),
                "expires": end.isoformat(),
            }
        )
    return out


def index_model(ctx: BuildContext, register: Register) -> dict:
    at = ctx.built_at
    plan_ratios = ctx.config.warnings.get("reduction_ratio", {})
    rows = [summary_row(ctx, register, n) for n in reversed(register.notices)]
    years: dict[int, list[dict]] = {}
    for row in rows:
        years.setdefault(row["issued_at"].year, []).append(row)
    return {
        "active": [r for r in rows if r["state"] == "active"],
        "upcoming": [r for r in rows if r["state"] == "upcoming"],
        "years": [{"year": y, "notices": years[y]} for y in sorted(years, reverse=True)],
        "count": len(rows),
        "built_at": at,
        "levels": [
            {"level": key, "name": i18n.name(f"{name}预警"), "ratio": plan_ratios.get(key)}
            for key, name in LEVEL_NAMES.items()
            if key != "lift"
        ],
        "feed_url": FEED_URL,
        "plan_url": PLAN_URL,
    }


def heavy_episodes(daily: pd.DataFrame) -> pd.DataFrame:
    """Runs of consecutive days with AQI > 200 in one entity's daily AQI (date, aqi, primary).

    A day without an AQI ends a run. Columns: start, end, days, peak_aqi, peak_date, primary.
    """
    heavy = daily[daily["aqi"] > HEAVY_AQI].sort_values("date")
    if heavy.empty:
        return pd.DataFrame(columns=["start", "end", "days", "peak_aqi", "peak_date", "primary"])
    dates = pd.to_datetime(heavy["date"])
    run = dates.diff().dt.days.ne(1).cumsum().to_numpy()
    peak = heavy.loc[heavy.groupby(run)["aqi"].idxmax()]
    return pd.DataFrame(
        {
            "start": dates.groupby(run).min().dt.date.to_numpy(),
            "end": dates.groupby(run).max().dt.date.to_numpy(),
            "days": heavy.groupby(run).size().to_numpy(),
            "peak_aqi": peak["aqi"].astype(int).to_numpy(),
            "peak_date": pd.to_datetime(peak["date"]).dt.date.to_numpy(),
            "primary": peak["primary"].to_numpy(),
        }
    )


def _rules_text(version: str) -> str:
    """'HJ 633-2012 / HJ 663-2013（至 2026-02-28）': the standards and the dates they apply to."""
    rs = rules_for(version)
    if rs.effective_to is not None:
        when = i18n.gettext("至 %(day)s", day=rs.effective_to.strftime("%Y-%m-%d"))
    else:
        when = i18n.gettext("%(day)s 起", day=rs.effective_from.strftime("%Y-%m-%d"))
    return i18n.gettext(
        "%(aqi)s / %(assessment)s（%(when)s）",
        aqi=rs.aqi_standard,
        assessment=rs.assessment_standard,
        when=when,
    )


def episodes_model(ctx: BuildContext, register: Register, daily: pd.DataFrame) -> dict:
    """Observed heavy-pollution episodes of the city per year, the warnings in force during each,
    and the heavy days of each area per year."""
    city = heavy_episodes(daily[daily["area"] == CITY])
    warnings = [n for n in register if not n.is_lift]
    years: dict[int, dict] = {}
    for ep in city.itertuples(index=False):
        start = datetime.combine(ep.start, datetime.min.time(), tzinfo=ctx.built_at.tzinfo)
        stop = datetime.combine(ep.end, datetime.min.time(), tzinfo=ctx.built_at.tzinfo) + timedelta(days=1)
        covering = [
            summary_row(ctx, register, n)
            for n in warnings
            if n.effective_from < stop and register.end(n) > start
        ]
        years.setdefault(ep.start.year, {"year": ep.start.year, "episodes": []})["episodes"].append(
            {
                "start": ep.start,
                "end": ep.end,
                "days": int(ep.days),
                "peak_aqi": int(ep.peak_aqi),
                "peak_date": ep.peak_date,
                "primary": primary_words(ep.primary) if ep.primary else "—",
                "warnings": covering,
            }
        )
    observed = daily.dropna(subset=["aqi"])
    area_years = heavy_days_by_area(ctx, daily, HEAVY_AQI)
    dates = pd.to_datetime(observed["date"])
    versions = sorted(observed["rules"].unique())
    city_days = daily[daily["area"] == CITY]
    coverage = (
        i18n.gettext(
            "全市 %(days)s / %(total)s 天有日 AQI",
            days=int(city_days["aqi"].notna().sum()),
            total=len(city_days),
        )
        if len(city_days)
        else None
    )
    return {
        "coverage": coverage,
        "years": [years[y] for y in sorted(years, reverse=True)],
        "area_years": area_years,
        "period": (
            i18n.gettext(
                "%(start)s 至 %(end)s",
                start=dates.min().strftime("%Y-%m-%d"),
                end=dates.max().strftime("%Y-%m-%d"),
            )
            if not observed.empty
            else None
        ),
        "rules": ("; " if i18n.current() == "en" else "；").join(_rules_text(v) for v in versions),
        "threshold": HEAVY_AQI,
    }


def build(ctx: BuildContext) -> None:
    config = ctx.config
    # The editors' register, and notices `fetch` pulled from [[sources.files]] of kind warning_register.
    # A notice issued after the build time is held back until a build at or after its issue time.
    register = register_for_build(ctx)
    check_notice_urls(register, taken_urls(ctx))
    report_held_back(register, ctx.built_at)
    check_area_polygons(config)
    site_url = config.site["url"].rstrip("/") + "/"
    # The CAP file is the same in both editions (it carries Chinese and English info blocks) and
    # names the Chinese page; each edition publishes its copy beside its notice page.
    for notice in register:
        xml = cap_xml(
            notice, register, config, page_url=site_url + notice_url(notice), is_sample=ctx.dataset.is_sample
        )
        problems = cap_problems(xml)
        if problems:  # fail closed: never publish an alert that breaks the CAP rules
            raise ValueError(f"CAP file for {notice.path}: " + "; ".join(problems))
        ctx.out.write_bytes(cap_url(notice), xml)
        ctx.render_page(
            notice_url(notice), "warnings_notice.md.j2", warning=notice_model(ctx, register, notice)
        )
    ctx.out.write_bytes(
        FEED_URL,
        atom_feed(
            site_url=site_url + i18n.edition_prefix(),
            page="warnings/",
            feed=FEED_URL,
            title=i18n.gettext("%(site)s 重污染天气预警", site=i18n.name(config.site.get("short_name", ""))),
            publisher=i18n.name(config.warnings.get("authority", config.site.get("publisher", ""))),
            entries=newest_first(feed_entries(ctx, register), "id"),
            updated_when_empty=ctx.built_at,
        ),
    )
    episodes = episodes_model(ctx, register, daily_city_and_area_aqi(ctx))
    ctx.render_page(
        "warnings",
        "warnings_index.md.j2",
        warnings=index_model(ctx, register),
        episodes=episodes,
        facts={"period": episodes["period"], "rules": episodes["rules"], "coverage": episodes["coverage"]},
    )
    ctx.site_meta["active_warnings"] = banners(ctx, register)
    # For other pages (e.g. an area page listing the warnings that cover it).
    ctx.products["warning_register"] = register
