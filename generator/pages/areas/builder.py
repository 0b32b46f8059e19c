"""Area pages: /areas/ (every configured county, district and zone) and /areas/<slug>/ (latest
rank and figures, rank history, weekly and daily trend charts, its warnings and enterprises).

Figures come from generator.statistics (the same weekly frame as the rankings), so an area page
and the ranking page of the same week can never disagree.
"""

from __future__ import annotations

import pandas as pd

from generator import i18n, statistics
from generator.i18n import N_, _
from generator.pages.shared import ranking_charts
from generator.pages.shared.area_absence import (
    absent_reasons,
    public_explanation,
    reporting_stations,
    station_rows,
)
from generator.pages.shared.front_matter import SEARCH_FIRST, front_matter
from generator.pages.shared.latest_day import latest_day
from generator.pages.shared.now_block import now_block
from generator.pages.shared.ranking_model import AREAS, fmt, is_missing, rank_text, row_model, rules_label
from generator.statistics import WeekInfo

COMPLETENESS_URL = "data/completeness/"

# The daily AQI chart shows the last year: longer is unreadable as bars.
DAILY_CHART_DAYS = 365


def search_names(area) -> list[str]:
    """What a reader types to find an area: its name, and for a county or district also the name
    without 县/区 ("东海" for 东海县)."""
    if i18n.current() != i18n.SOURCE_LANGUAGE:
        english = i18n.name(area.name)  # "Donghai County": also "Donghai"
        short = english.removesuffix(" County").removesuffix(" District")
        return [english] if short == english else [english, short]
    names = [area.name]
    if area.kind in ("县", "区") and area.name.endswith(area.kind) and len(area.name) > 2:
        names.append(area.name[: -len(area.kind)])
    return names


def warnings_for(ctx, slug: str) -> list[dict]:
    """Notices covering the area (or the whole city), when the warnings builder ran before us."""
    register = ctx.products.get("warning_register")
    if register is None:
        return []
    from generator.pages.shared.warning_rows import summary_row

    rows = []
    for notice in register:
        if notice.whole_city or any(a.slug == slug for a in notice.areas):
            rows.append(summary_row(ctx, register, notice))
    return sorted(rows, key=lambda r: r["issued_at"], reverse=True)


def enterprises_url(ctx, slug: str) -> str:
    """The area's enterprise list: the enterprises builder's per-area page when it publishes one."""
    urls = ctx.products.get("enterprise_area_urls", {})
    return urls.get(slug, "enterprises/")


def history_rows(history: pd.DataFrame, decimals: int) -> list[dict]:
    rows = []
    for _index, r in history.sort_values("week", ascending=False).iterrows():
        week = WeekInfo.from_id(r["week"])
        rows.append(
            {
                "week": week.title,
                "url": AREAS.week_url(week.id),
                "period": week.label,
                "rank_text": rank_text(r["rank"], bool(r["rank_tied"])) if r["ranked"] else _("不排名"),
                "ranked": bool(r["ranked"]),
                "n_ranked": int(r["n_ranked"]),
                "composite_text": fmt(r["composite"], decimals),
                "pm25_text": fmt(r["pm25"], 0),
                "good_ratio": None if is_missing(r["good_ratio"]) else float(r["good_ratio"]),
                # A ranked week has no reason to give: a dash, not an empty cell.
                "reason": "—" if is_missing(r["reason"]) or not r["reason"] else r["reason"],
            }
        )
    return rows


def period_links(ctx) -> list[dict]:
    """The latest monthly and year-to-date county rankings (generator/pages/rankings/periods.py)."""
    latest = ctx.products.get("period_rankings", {}).get("latest", {})
    texts = {"month": N_("最新月排名"), "ytd": N_("年初至今累计排名")}
    return [{"text": _(t), "url": latest[(k, "areas")]} for k, t in texts.items() if (k, "areas") in latest]


def area_model(
    ctx, area, history: pd.DataFrame, daily: pd.DataFrame, decimals: int, reporting: set[str]
) -> dict:
    """The area page. An area none of whose stations has any data gets no figures, charts or
    history (all would be empty): `no_data` says so once and what data it needs."""
    source = i18n.name(ctx.dataset.source_name)
    stations = station_rows(ctx, area)
    model = {
        "slug": area.slug,
        "name": i18n.name(area.name),
        "kind": i18n.name(area.kind),
        "stations": stations,
        "latest_day": latest_day(ctx, [area.slug]),
        "now": now_block(ctx, area.slug),
        "completeness_url": COMPLETENESS_URL,
        "no_data": None,
        "latest": None,
        "history": [],
        "charts": [],
        "warnings": warnings_for(ctx, area.slug),
        "warnings_url": "warnings/",
        "enterprises_url": enterprises_url(ctx, area.slug),
        "facts": {"period": None, "rules": None, "coverage": None},
        "period_links": period_links(ctx),
    }
    if not any(code in reporting for code in area.stations):
        model["no_data"] = {"explanation": public_explanation(stations)}
        return model
    versions = sorted({v for r in history["rules"] for v in str(r).split("+")}) if not history.empty else []
    rules = rules_label("+".join(versions)) if versions else "—"
    charts = model["charts"]
    if not history.empty:
        last = history.sort_values("week").iloc[-1]
        model["latest"] = {
            "week": WeekInfo.from_id(last["week"]),
            "url": AREAS.week_url(last["week"]),
            "row": row_model(last, AREAS, None, decimals),
            "n_ranked": int(last["n_ranked"]),
        }
        # A chart is published only when it draws something.
        if history["rank"].notna().any():
            charts.append(ranking_charts.rank_history_chart(ctx, area, history, source=source, rules=rules))
        if history["composite"].notna().any():
            charts.append(ranking_charts.weekly_trend_chart(ctx, area, history, source=source, rules=rules))
    recent = (
        daily[daily["date"] > daily["date"].max() - pd.Timedelta(days=DAILY_CHART_DAYS)]
        if not daily.empty
        else daily
    )
    if not recent.empty and recent["aqi"].notna().any():
        charts.append(ranking_charts.daily_aqi_chart(ctx, area, recent, source=source, rules=rules))
    model["history"] = history_rows(history, decimals)
    model["facts"] = {
        "period": (
            _("%(start)s 至 %(end)s", start=history["week"].min(), end=history["week"].max())
            if not history.empty
            else None
        ),
        "rules": rules,
        "coverage": (
            _(
                "有效站·日 %(valid)s/%(expected)s",
                valid=int(history["station_days_valid"].sum()),
                expected=int(history["station_days_expected"].sum()),
            )
            if not history.empty
            else None
        ),
    }
    return model


def build(ctx) -> None:
    from generator.standards.rules import rules_for

    decimals = int(rules_for("2026").param("composite_decimals"))
    weekly = statistics.weekly(ctx, "areas")
    if not weekly.empty:
        weekly = weekly.assign(n_ranked=weekly.groupby("week")["ranked"].transform("sum"))
    daily = statistics.area_daily(ctx)
    by_area_weekly = dict(tuple(weekly.groupby("group"))) if not weekly.empty else {}
    by_area_daily = dict(tuple(daily.groupby("area"))) if not daily.empty else {}
    reporting = reporting_stations(ctx)
    index_rows = []
    for area in ctx.config.areas:
        history = by_area_weekly.get(area.slug, weekly.iloc[:0])
        model = area_model(
            ctx,
            area,
            history.sort_values("week"),
            by_area_daily.get(area.slug, daily.iloc[:0]).sort_values("date"),
            decimals,
            reporting,
        )
        ctx.render_page(
            f"areas/{area.slug}/",
            "area.md.j2",
            area=model,
            front_matter=front_matter(
                {"title": _("%(area)s环境空气质量", area=i18n.name(area.name))},
                search=SEARCH_FIRST,
                tags=search_names(area),
            ),
        )
        latest = model["latest"]
        index_rows.append(
            {
                "name": i18n.name(area.name),
                "kind": i18n.name(area.kind),
                "url": f"areas/{area.slug}/",
                "stations": len(area.stations),
                "rank_text": latest["row"]["rank_text"] if latest and latest["row"]["ranked"] else "—",
                "composite_text": latest["row"]["composite_text"] if latest else "—",
                "week": latest["week"].title
                if latest
                else (
                    _("暂无监测数据（%(reason)s）", reason=absent_reasons(ctx)[area.slug])
                    if model["no_data"]
                    else "—"
                ),
            }
        )
    ctx.render_page(
        "areas/",
        "areas_index.md.j2",
        areas=index_rows,
        front_matter=front_matter({"title": _("各县区空气质量")}),
    )
