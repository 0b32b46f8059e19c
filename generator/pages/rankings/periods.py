"""Monthly and year-to-date rankings, the way the ministry and the province publish them.

Pages: /rankings/monthly/YYYY-MM/ (the month) and /rankings/ytd/YYYY-MM/ (January to that month),
with cities/ beside each when the data holds several cities, `latest` aliases
(/rankings/monthly/latest/, /rankings/ytd/latest/), CSV and JSON beside each page, and the
city's year side by side (/rankings/monthly/YYYY/, built by generator/pages/rankings/year.py).
Figures come from generator/statistics/periods.py; the page models reuse the weekly ones
(generator/pages/shared/ranking_model.py) with the period's wording. Runs before the weekly builder,
which puts these pages in the rankings' Atom feed and links each week to its month.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from generator import i18n, statistics
from generator.charts.datasets import register_dataset
from generator.clock import BEIJING
from generator.i18n import N_, _, pgettext
from generator.i18n.dates import month_text
from generator.pages.rankings import exports as ranking_exports
from generator.pages.rankings import year as period_year
from generator.pages.shared import ranking_charts
from generator.pages.shared.area_absence import absent_reasons, coverage_first
from generator.pages.shared.front_matter import SEARCH_HIGH, SEARCH_LOW, front_matter
from generator.pages.shared.ranking_model import (
    AREAS,
    CITIES,
    Scope,
    records_by_week,
    scope_words,
    week_model,
)
from generator.standards.rules import LABELS, rules_for
from generator.statistics import INDEX_POLLUTANTS, periods
from generator.statistics.periods import PERIOD_COLUMNS, Period

KIND_WORDS = {"month": N_("月"), "ytd": N_("累计")}
KIND_TITLES = {
    "month": N_("%(scope)s环境空气质量月排名 · %(period)s"),
    "ytd": N_("%(scope)s环境空气质量年初至今累计排名 · %(period)s"),
}
EXPORT_COLUMNS = list(PERIOD_COLUMNS)
# Weekly wording -> the period's (the week models' texts are reused as they are otherwise), in
# each language's words: the English translations of the weekly texts use these phrases.
WORDING = {
    "zh": (
        ("去年同周", "去年同期"),
        ("对比周", "对比期"),
        ("两周", "两期"),
        ("本周", "本期"),
        ("该周", "该期"),
        ("上周", "上期"),
    ),
    "en": (
        ("the same week last year", "the same period last year"),
        ("The same week last year", "The same period last year"),
        ("the comparison week", "the comparison period"),
        ("both weeks", "both periods"),
        ("Both weeks", "Both periods"),
        ("this week", "this period"),
        ("This week", "This period"),
        ("that week", "that period"),
        ("That week", "That period"),
        ("last week", "the previous period"),
        ("Last week", "The previous period"),
    ),
}


def reword(model):
    """The model with the weekly wording of its plain texts said for a period."""
    if isinstance(model, dict):  # the raw records (ranked_records) hold data, not wording
        return {key: value if key == "ranked_records" else reword(value) for key, value in model.items()}
    if isinstance(model, list):
        return [reword(value) for value in model]
    if type(model) is str:
        for week, period in WORDING[i18n.current()]:
            model = model.replace(week, period)
        return model
    return model


def period_url(scope: Scope, period: Period) -> str:
    return period.url + scope.url_suffix


def latest_url(scope: Scope, kind: str) -> str:
    return f"rankings/{'monthly' if kind == 'month' else 'ytd'}/latest/{scope.url_suffix}"


def file_stem(scope: Scope, period: Period) -> str:
    folder = "monthly" if period.kind == "month" else "ytd"
    return f"rankings/{folder}/{period.id}" + ("-cities" if scope.key == "cities" else "")


def published_at(period: Period) -> datetime:
    """A period's ranking counts as published at 08:30 Beijing time on the day after it ends."""
    return datetime.combine(period.end + timedelta(days=1), time(8, 30), tzinfo=BEIJING)


def scopes(ctx) -> list[Scope]:
    return [AREAS, CITIES] if len(statistics.city_members(ctx)) >= 2 else [AREAS]


def period_model(ctx, scope: Scope, period: Period, rows: list[dict], *, highlight, decimals) -> dict:
    """The weekly page model of the period's rows, said for the period."""
    for row in rows:  # periods compare with the same period a year earlier only
        row.update(prev_composite=None, change_prev=None, rank_improvement_prev=None)
    min_days = int(rows[0]["min_valid_days"]) if rows else 0
    model = week_model(rows, period, scope, highlight=highlight, min_days=min_days, decimals=decimals)
    model = reword(model)
    kind_word = _(KIND_WORDS[period.kind])
    dust = [r for r in rows if r.get("dust_days")]
    notes = sorted({r["method_note"] for r in rows})
    model.update(
        {
            "period": period,
            "kind": period.kind,
            "kind_word": kind_word,
            "week_url": period_url(scope, period),
            "title": _(
                KIND_TITLES[period.kind],
                scope=scope_words(scope)["title"],
                period=period.title,
            ),
            "summary_text": model["summary_text"].replace(
                pgettext("in a sentence", "综合指数排名"),
                pgettext("in a sentence", "综合指数%(kind)s排名", kind=kind_word),
            ),
            "method_notes": notes,
            "validity_text": (
                _("每项污染物至少需要 %(n)s 个有效日（二月 25 个，其他月份 27 个）", n=min_days)
                if period.kind == "month"
                else _("每项污染物至少需要 %(n)s 个有效日（时段天数的 75%%）", n=min_days)
            ),
            "dust_rows": [
                {"name": i18n.name(r["name"]), "days": int(r["dust_days"]), "label": _(r["dust_label"])}
                for r in dust
            ],
            "show_previous": False,
            "yoy_header": _("较去年同期"),
            "improvement_title": _("综合指数较去年同期下降的幅度排名（只排改善的，降幅越大越靠前）"),
            "improvement_missing": _("去年同期没有可比的排名数据，本期不排改善幅度。"),
            "is_latest_alias": False,
            "this_week": _("本期"),
        }
    )
    model["facts"] = {**model["facts"], "period": period.label}
    model["coverage_note"] = coverage_first(model, absent_reasons(ctx), _("本期"))
    # The single indices divide by the standard values of the composite index's rules (the
    # period's last day), not those of every day's AQI.
    versions = sorted({str(r["composite_rules"]) for r in rows})
    model["index_columns"] = [
        {
            "label": LABELS[p],
            "si": "/".join(f"{rules_for(v).composite.loc[p, 'si']:g}" for v in versions),
        }
        for p in INDEX_POLLUTANTS
    ]
    return model


def build(ctx) -> None:
    highlight = ctx.config.site.get("city")
    decimals = 2
    feed: list[dict] = []
    links: dict = {"month_of": {}, "latest": {}}
    city_urls: dict = {}
    for kind in periods.KINDS:
        published = periods.periods(ctx, kind)
        for scope in scopes(ctx):
            frame = periods.period_rankings(ctx, scope.key, kind)
            if frame.empty:
                continue
            by_period = records_by_week(frame.rename(columns={"period": "week"}))
            exports = ranking_exports.split_exports(
                ranking_exports.export_frame(frame, EXPORT_COLUMNS, by="period"), "period"
            )
            built = []
            for i, period in enumerate(published):
                rows = by_period.get(period.id)
                if not rows:
                    continue
                model = period_model(
                    ctx,
                    scope,
                    period,
                    rows,
                    highlight=highlight if scope is CITIES else None,
                    decimals=decimals,
                )
                add_links(model, scope, published, i, has_cities=len(scopes(ctx)) > 1)
                if kind == "month" and model["ranked_records"]:
                    model["chart"] = ranking_charts.ranking_chart(
                        ctx,
                        model,
                        model["ranked_records"],
                        latest=i == len(published) - 1,
                        highlight=highlight if scope is CITIES else None,
                        suffix=f"-month{scope.chart_suffix}",
                        source=ctx.dataset.source_name,
                    )
                else:
                    model["chart"] = None
                write(ctx, scope, period, model, exports[period.id])
                if scope is CITIES or len(scopes(ctx)) == 1:
                    city_urls[(kind, period.id)] = model["week_url"]
                built.append(model)
                if scope is AREAS:
                    feed.append(
                        {
                            "url": model["week_url"],
                            "title": model["title"],
                            "summary": model["summary_text"],
                            "updated": published_at(period),
                        }
                    )
            if built:
                render_period(ctx, {**built[-1], "is_latest_alias": True}, latest_url(scope, kind))
                links["latest"][(kind, scope.key)] = built[-1]["week_url"]
                if kind == "month" and scope is AREAS:
                    links["month_of"] = {m["period"].id: m["week_url"] for m in built}
    links["city_years"] = period_year.build(ctx, city_urls)
    ctx.products["period_rankings"] = {"feed": feed, **links}


def add_links(model: dict, scope: Scope, published: list[Period], i: int, *, has_cities: bool) -> None:
    period = published[i]
    other_kind = "ytd" if period.kind == "month" else "month"
    model.update(
        {
            "csv_url": file_stem(scope, period) + ".csv",
            "json_url": file_stem(scope, period) + ".json",
            "previous_url": period_url(scope, published[i - 1]) if i > 0 else None,
            "previous_label": published[i - 1].title if i > 0 else None,
            "next_url": period_url(scope, published[i + 1]) if i + 1 < len(published) else None,
            "next_label": published[i + 1].title if i + 1 < len(published) else None,
            "other_kind_url": period_url(scope, Period(other_kind, period.year, period.month)),
            "other_kind_text": (
                _("%(period)s累计排名", period=Period("ytd", period.year, period.month).title)
                if other_kind == "ytd"
                else _("%(month)s当月排名", month=month_text(period.end))
            ),
            "other_scope_url": period_url(CITIES if scope is AREAS else AREAS, period)
            if has_cities
            else None,
            "other_scope_link": (
                _("%(week)s城市排名", week=period.title)
                if scope is AREAS
                else _("%(week)s县区排名", week=period.title)
            ),
        }
    )


def write(ctx, scope: Scope, period: Period, model: dict, export: ranking_exports.Export) -> None:
    render_period(ctx, model, model["week_url"])
    stem = file_stem(scope, period)
    names = {"period": period.id, "kind": period.kind}
    method = {"method": model["method_notes"]}
    ranking_exports.write_exports(ctx, stem, export, model, names, period, method=method, docs=PERIOD_COLUMNS)
    base_id = "ranking-" + stem.split("/", 1)[1].replace("/", "-").lower()
    for fmt, ext in (("CSV", "csv"), ("JSON", "json")):
        register_dataset(
            ctx,
            f"{base_id}-{ext}",
            _("%(title)s（%(format)s）", title=model["title"], format=fmt),
            f"{stem}.{ext}",
            fmt,
            _(
                "%(scope)s综合指数、单项指数、浓度、优良天数、排名及较去年同期变化",
                scope=model["scope_label"],
            ),
            period.label,
            ctx.as_of,
            group=_("月排名") if period.kind == "month" else _("累计排名"),
        )


def render_period(ctx, model: dict, url: str) -> None:
    search = SEARCH_HIGH if model["is_latest_alias"] else SEARCH_LOW
    fields = {"title": model["title"], "og_title": model["title"], "og_description": model["summary_text"]}
    ctx.render_page(
        url, "ranking_period.md.j2", r=model, front_matter=front_matter(fields, wide=True, search=search)
    )
