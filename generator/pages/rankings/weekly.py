"""The weekly county/district rankings (plan §35: "每周公布县、区环境空气质量排名").

Pages: /rankings/ (latest week and the recent ones), /rankings/<year>/ (archive by year, not in the
navigation), /rankings/YYYY-Www/ (one week), /rankings/YYYY-Www/cities/ (cities of the province,
when the data holds several), /rankings/latest/ (always the newest week, rendered in full so it
works without JavaScript or redirects), rankings/YYYY-Www.csv and .json beside each week page,
rankings/feed.xml (Atom). It also puts the latest week's summary on the home page.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from markupsafe import Markup

from generator import i18n, statistics
from generator.charts import social
from generator.charts.datasets import register_dataset as register_dataset_entry
from generator.i18n import _
from generator.i18n.dates import month_text
from generator.pages.rankings import exports as ranking_exports
from generator.pages.shared import maps as map_charts
from generator.pages.shared import ranking_charts
from generator.pages.shared.area_absence import absent_reasons, coverage_first
from generator.pages.shared.front_matter import SEARCH_HIGH, SEARCH_OUT, front_matter
from generator.pages.shared.ranking_model import (
    AREAS,
    CITIES,
    Scope,
    best_and_worst,
    coverage_text,
    records_by_week,
    rules_label,
    week_model,
)
from generator.statistics import WeekInfo, freshness

RECENT_WEEKS = 12


def _rule_params(ctx) -> tuple[int, int]:
    from generator.standards.rules import rules_for

    version = rules_for("2026")
    return int(version.param("rank_min_days_week")), int(version.param("composite_decimals"))


def city_scope(ctx) -> dict:
    """Which cities the city ranking compares, against the configured province's prefecture-level
    cities (data/site.toml [province]): the page names the ranked ones and the missing ones."""
    province = i18n.name(ctx.config.province.get("name", ""))
    listed = list(ctx.config.province.get("cities", ()))
    present = list(statistics.city_members(ctx))
    missing = [c for c in listed if c not in present]
    sep = _("、")
    present_names = sep.join(i18n.name(c) for c in present)
    if not listed:
        note = _(
            "城市排名比较数据中有国控站点数据的 %(n)s 个城市：%(cities)s。",
            n=len(present),
            cities=present_names,
        )
        return {"note": note, "link_text": _("各城市排名（%(n)s 个城市）", n=len(present))}
    note = _(
        "城市排名比较%(province)s %(listed)s 个设区市中、本站数据里有国控站点数据的 %(n)s 个：%(cities)s。",
        province=province,
        listed=len(listed),
        n=len(present),
        cities=present_names,
    )
    if missing:
        note += _(
            "其余 %(n)s 个（%(cities)s）的站点数据不在本站所用的数据中，没有参与排名，"
            "所以这不是%(province)s全部设区市的排名。",
            n=len(missing),
            cities=sep.join(i18n.name(c) for c in missing),
            province=province,
        )
        link = _(
            "%(province)s城市排名（%(listed)s 个设区市中有数据的 %(n)s 个）",
            province=province,
            listed=len(listed),
            n=len(present),
        )
    else:
        link = _("%(province)s各设区市排名（%(listed)s 个）", province=province, listed=len(listed))
    return {"note": note, "link_text": link}


def build(ctx) -> None:
    published = statistics.weeks(ctx)
    if not published:
        ctx.render_page("rankings/", "rankings_index.md.j2", idx=empty_index())
        return
    min_days, decimals = _rule_params(ctx)
    scopes = [AREAS]
    if len(statistics.city_members(ctx)) >= 2:
        scopes.append(CITIES)
    highlight = ctx.config.site.get("city")
    stale_notice = freshness.stale_notice(ctx)
    cities = city_scope(ctx) if CITIES in scopes else None
    summaries: dict[str, list[dict]] = {}
    for scope in scopes:
        frame = statistics.weekly(ctx, scope.key)
        by_week = records_by_week(frame)
        # Written for all weeks at once and split at the rows (the same bytes as each week alone).
        exports = ranking_exports.split_exports(ranking_exports.export_frame(frame), "week")
        summaries[scope.key] = []
        for i, week in enumerate(published):
            rows = by_week.get(week.id)
            if not rows:
                continue
            model = build_week(
                ctx,
                scope,
                week,
                rows,
                exports[week.id],
                published,
                i,
                len(scopes) > 1,
                highlight=highlight if scope is CITIES else None,
                min_days=min_days,
                decimals=decimals,
                stale_notice=stale_notice if i == len(published) - 1 else "",
                cities=cities,
            )
            summaries[scope.key].append({"week": week, "model": model})
    weeks_built = summaries[AREAS.key]
    latest = weeks_built[-1]
    for scope in scopes:
        if summaries[scope.key]:
            newest = summaries[scope.key][-1]["model"]
            render_week(ctx, {**newest, "is_latest_alias": True}, scope.latest_url())
    render_indexes(ctx, weeks_built, statistics.weekly(ctx, AREAS.key), cities)
    feed_entries = [
        {
            "url": AREAS.week_url(s["week"].id),
            "title": s["model"]["title"],
            "summary": s["model"]["summary_text"],
            "updated": ranking_exports.published_at(s["week"]),
        }
        for s in reversed(weeks_built)
    ]
    # The monthly and year-to-date rankings (generator/pages/rankings/periods.py), newest first.
    periods_built = ctx.products.get("period_rankings", {}).get("feed", [])
    feed_entries = sorted(
        feed_entries + list(reversed(periods_built)), key=lambda e: e["updated"], reverse=True
    )
    ctx.out.write_bytes("rankings/feed.xml", ranking_exports.feed_bytes(ctx.config.site, feed_entries))
    add_home_summary(ctx, latest["model"], stale_notice)
    ctx.products["rankings"] = {
        "latest_week": latest["week"].id,
        "weeks": [s["week"].id for s in weeks_built],
        "scopes": [s.key for s in scopes],
    }


def build_week(
    ctx,
    scope: Scope,
    week: WeekInfo,
    rows: list[dict],
    export: ranking_exports.Export,
    published: list[WeekInfo],
    i: int,
    has_cities: bool,
    *,
    highlight,
    min_days: int,
    decimals: int,
    stale_notice: str = "",
    cities: dict | None = None,
) -> dict:
    model = week_model(rows, week, scope, highlight=highlight, min_days=min_days, decimals=decimals)
    if stale_notice:
        model = not_this_week(model)
    stem = scope.file_stem(week.id)
    model.update(
        {
            "is_latest_alias": False,
            "csv_url": f"{stem}.csv",
            "json_url": f"{stem}.json",
            "previous_url": scope.week_url(published[i - 1].id) if i > 0 else None,
            "previous_label": published[i - 1].title if i > 0 else None,
            "next_url": scope.week_url(published[i + 1].id) if i + 1 < len(published) else None,
            "next_label": published[i + 1].title if i + 1 < len(published) else None,
            "other_scope_url": (CITIES if scope is AREAS else AREAS).week_url(week.id)
            if has_cities
            else None,
            "other_scope_text": _("同一周%(link)s", link=cities["link_text"])
            if scope is AREAS and cities
            else _("同一周本市各县区排名"),
            "scope_note": cities["note"] if scope is CITIES and cities else None,
            "other_scope_link": (
                _("%(week)s城市排名", week=week.title)
                if scope is AREAS
                else _("%(week)s县区排名", week=week.title)
            ),
            "stale_notice": stale_notice,
            "this_week": _("该周") if stale_notice else _("本周"),
            **month_link(ctx, week),
        }
    )
    model["coverage_note"] = coverage_first(model, absent_reasons(ctx), model["this_week"])
    model["chart"] = None
    if model["ranked_records"]:
        model["chart"] = ranking_charts.ranking_chart(
            ctx,
            model,
            model["ranked_records"],
            latest=i == len(published) - 1,
            highlight=highlight,
            suffix=scope.chart_suffix,
            source=ctx.dataset.source_name,
        )
    render_week(ctx, model, model["week_url"])
    ranking_exports.write_exports(ctx, stem, export, model, {"week": week.id}, week)
    register_dataset(ctx, model, stem, week)
    return model


def month_link(ctx, week: WeekInfo) -> dict:
    """The monthly ranking of the month the week falls in (the month of its Thursday, as ISO
    weeks are counted), when that month's ranking is published."""
    thursday = week.start + timedelta(days=3)
    month_id = f"{thursday.year:04d}-{thursday.month:02d}"
    url = ctx.products.get("period_rankings", {}).get("month_of", {}).get(month_id)
    return {"month_url": url, "month_label": month_text(thursday)}


def render_week(ctx, model: dict, url: str) -> None:
    fields = {"title": model["title"]}
    if model["chart"] is not None:
        fields.update(social.og_fields(model["chart"]))
    fields.update(og_title=model["title"], og_description=model["summary_text"])
    # The latest ranking is searched for; one week's page is listed by its year's page.
    search = SEARCH_HIGH if model["is_latest_alias"] else SEARCH_OUT
    ctx.render_page(
        url, "ranking_week.md.j2", r=model, front_matter=front_matter(fields, wide=True, search=search)
    )


def register_dataset(ctx, model: dict, stem: str, week: WeekInfo) -> None:
    """List the week's CSV and JSON on the /data/ page (generator/charts/datasets.py)."""
    base_id = "ranking-" + stem.split("/", 1)[1].lower()
    for fmt, ext in (("CSV", "csv"), ("JSON", "json")):
        register_dataset_entry(
            ctx,
            f"{base_id}-{ext}",
            _("%(title)s（%(format)s）", title=model["title"], format=fmt),
            f"{stem}.{ext}",
            fmt,
            _(
                "%(scope)s综合指数、单项指数、浓度、优良天数、排名及变化；列含义见方法说明“周排名方法”",
                scope=model["scope_label"],
            ),
            week.label,
            ctx.as_of,
            group=_("周排名"),
        )


def index_row(entry: dict) -> dict:
    model, week = entry["model"], entry["week"]
    rows = model["rows"]
    best, worst = best_and_worst(rows)
    return {
        "title": week.title,
        "period": week.label,
        "url": model["week_url"],
        "csv_url": model["csv_url"],
        "best": _("、").join(r["name"] for r in best) or "—",
        "worst": _("、").join(r["name"] for r in worst) if worst and worst != best else "—",
        "n_ranked": len(rows),
        "n_unranked": len(model["unranked"]),
    }


def empty_index() -> dict:
    return {
        "latest": None,
        "recent": [],
        "years": [],
        "front_matter": front_matter({"title": _("县区空气质量周排名")}),
    }


def render_indexes(ctx, weeks_built: list[dict], frame: pd.DataFrame, cities: dict | None) -> None:
    versions = sorted({v for r in frame["composite_rules"].unique() for v in str(r).split("+")})
    newest_first = list(reversed(weeks_built))
    by_year: dict[int, list[dict]] = {}
    for entry in newest_first:
        by_year.setdefault(entry["week"].year, []).append(index_row(entry))
    years = [{"year": y, "url": f"rankings/{y}/", "n_weeks": len(rows)} for y, rows in by_year.items()]
    latest = newest_first[0]["model"]
    idx = {
        "latest": latest,
        "latest_row": index_row(newest_first[0]),
        "recent": [index_row(e) for e in newest_first[:RECENT_WEEKS]],
        "years": years,
        "front_matter": front_matter({"title": _("县区空气质量周排名")}),
        "cities": {**cities, "url": CITIES.latest_url()} if cities else None,
        "periods": period_links(ctx),
        "map": map_charts.composite_map(ctx),
        "facts": {
            "period": _(
                "%(start)s 至 %(end)s", start=weeks_built[0]["week"].start, end=weeks_built[-1]["week"].end
            ),
            "coverage": coverage_text(frame),
            "rules": rules_label("+".join(versions)),
        },
    }
    ctx.render_page("rankings/", "rankings_index.md.j2", idx=idx)
    for year, rows in by_year.items():
        ctx.render_page(
            f"rankings/{year}/",
            "rankings_year.md.j2",
            facts={**idx["facts"], "period": _("%(year)s年", year=year)},
            year={
                "year": year,
                "rows": rows,
                "front_matter": front_matter({"title": _("%(year)s年县区空气质量周排名", year=year)}),
            },
        )


def period_links(ctx) -> list[dict]:
    """The latest monthly and year-to-date rankings (generator/pages/rankings/periods.py)."""
    latest = ctx.products.get("period_rankings", {}).get("latest", {})
    names = {
        ("month", "areas"): _("县区月排名"),
        ("ytd", "areas"): _("县区年初至今累计排名"),
        ("month", "cities"): _("城市月排名"),
        ("ytd", "cities"): _("城市年初至今累计排名"),
    }
    links = [{"text": text, "url": latest[key]} for key, text in names.items() if key in latest]
    city = i18n.name(ctx.config.site.get("city", ""))
    years = ctx.products.get("period_rankings", {}).get("city_years", [])
    return links + [
        {"text": _("%(city)s%(year)s年逐月综合指数、排名与累计", city=city, year=y["year"]), "url": y["url"]}
        for y in years
    ]


# "This week" said as "that week", in each language's words (the English translations say
# "this week" wherever the Chinese says 本周).
THAT_WEEK = {"zh": (("本周", "该周"),), "en": (("this week", "that week"), ("This week", "That week"))}


def not_this_week(model):
    """The model with every "本周" (this week) of its texts said as "该周" (that week): the latest
    week of stale data is not this week."""
    if isinstance(model, dict):
        return {key: not_this_week(value) for key, value in model.items()}
    if isinstance(model, list):
        return [not_this_week(value) for value in model]
    if type(model) is str:  # plain text only: Markup and objects pass unchanged
        for this, that in THAT_WEEK[i18n.current()]:
            model = model.replace(this, that)
        return model
    return model


def add_home_summary(ctx, latest: dict, stale_notice: str = "") -> None:
    """The latest week at a glance, for the home page (rendered here so values stay escaped)."""
    text = ctx.env.get_template("ranking_home_summary.md.j2").render(
        r=latest, stale_notice=stale_notice, page_url=""
    )
    ctx.products.setdefault("home_summaries", []).append(Markup(text))
