"""The 7-day forecast: /forecast/ (the latest issue, its age, the hit rates), a page per issue with
the observed AQI beside each day, the archive, the Atom feed, the data downloads, and the editors'
check against the warning rules (/forecast/check/, kept out of the navigation, search and robots).

Forecasts are read from `<data folder>/forecasts/` and from files `fetch` pulled for
[[sources.files]] of kind `forecast`; a bad file stops the build (InputError). This builder runs
before the warnings builder so that a notice's page can link the forecast it rests on
(ctx.products["forecast_links"]).
"""

from __future__ import annotations

import json
import sys

import pandas as pd

from generator import i18n
from generator.charts.datasets import register_dataset
from generator.formats.atom import atom_feed, newest_first
from generator.formats.csv_download import csv_bytes
from generator.i18n import _
from generator.pages.forecast import model as fm
from generator.pages.forecast.charts import hit_rate_chart
from generator.pages.shared.warning_rows import daily_city_and_area_aqi
from generator.site.context import BuildContext
from generator.sources.registers import last_good
from generator.sources.registers.forecasts import Forecast, load_forecasts
from generator.sources.registers.warnings import register_for_build
from generator.standards.warning_levels import warning_criteria
from generator.statistics.forecast_alarm import alarm_text, alarms, all_findings, rests_on
from generator.statistics.forecast_verification import WINDOW_DAYS, forecast_table, hit_rates, verify

CHECK_URL = "forecast/check/"
ARCHIVE_URL = "forecast/archive/"
CSV_URL = "forecast/forecasts.csv"
JSON_URL = "forecast/forecasts.json"
FEED_URL = "forecast/feed.xml"
# Columns of the downloads: the forecast table with the observed AQI beside it.
EXPORT_COLUMNS = {
    "issue": "预报编号",
    "issued_at": "发布时间",
    "area_name": "区域",
    "date": "预报日期",
    "lead": "预报时效（天）",
    "aqi_min": "AQI下限",
    "aqi_max": "AQI上限",
    "level_text": "级别",
    "primary": "首要污染物",
    "text": "说明",
    "rules": "AQI标准版本",
    "observed_aqi": "实测日AQI",
    "level_hit": "级别正确",
    "within_one": "相差不超过一级",
}


def folders(ctx: BuildContext) -> list:
    data_dir = ctx.dataset.data_dir
    return [data_dir / "forecasts", data_dir / "raw" / "files" / "forecast"]


def grading_rules(ctx: BuildContext) -> str:
    return str(ctx.config.warnings.get("grading_rules", "2024"))


def _export(verified: pd.DataFrame) -> pd.DataFrame:
    out = verified.copy()
    out["issued_at"] = out["issued_at"].map(lambda t: t.isoformat())
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    scored = out["observed_level"] > 0
    out["observed_aqi"] = out["observed_aqi"].where(scored).astype("Int64")
    for column in ("level_hit", "within_one"):
        out[column] = out[column].where(scored).map({True: "是", False: "否"})
    return out[list(EXPORT_COLUMNS)]


def write_downloads(ctx: BuildContext, verified: pd.DataFrame, period: str) -> None:
    table = _export(verified)
    ctx.out.write_bytes(CSV_URL, csv_bytes(table, EXPORT_COLUMNS))
    records = json.loads(table.to_json(orient="records", force_ascii=False))
    ctx.out.write_bytes(
        JSON_URL,
        json.dumps({"columns": EXPORT_COLUMNS, "rows": records}, ensure_ascii=False, indent=1).encode(
            "utf-8"
        ),
    )
    described = _("历次空气质量预报（全市与县区，逐日 AQI 范围、级别、首要污染物）及实测日 AQI 与命中情况")
    for fmt, url in (("CSV", CSV_URL), ("JSON", JSON_URL)):
        register_dataset(
            ctx,
            f"forecasts-{fmt.lower()}",
            _("空气质量预报与实测对照（%(format)s）", format=fmt),
            url,
            fmt,
            described,
            period,
            ctx.as_of,
            group=_("预报"),
        )
    register_dataset(
        ctx,
        "forecasts-atom",
        _("空气质量预报订阅（Atom）"),
        FEED_URL,
        "Atom",
        _("每次发布的 7 天预报"),
        period,
        ctx.as_of,
        group=_("预报"),
    )


def feed_entries(forecasts: list[Forecast], city: str) -> list[dict]:
    entries = []
    for forecast in forecasts:
        days = ("; " if i18n.current() == "en" else "；").join(
            f"{d.date:%m-%d} AQI {d.aqi_min}–{d.aqi_max} "
            + fm.level_words(d.level_min, d.level_max, d.rules, d.level_text)
            for d in forecast.city_days
        )
        note = fm.forecast_text(forecast)
        summary = _("全市未来 7 天：%(days)s。", days=days)
        # A Chinese note stays out of an English entry (a feed entry's text has no language marks).
        text = "" if note["text_chinese"] else note["text"]
        entries.append(
            {
                "id": forecast.id,
                "url": fm.issue_url(forecast),
                "updated": forecast.issued_at,
                "title": _(
                    "%(city)s空气质量预报（%(issued)s 发布）",
                    city=i18n.name(city),
                    issued=forecast.issued_at.strftime("%Y-%m-%d %H:%M"),
                ),
                "summary": f"{summary}{(' ' if text and i18n.current() == 'en' else '')}{text}".strip(),
            }
        )
    return entries


def report_alarms(found: list) -> None:
    """The build log says loudly which forecast calls for a warning no notice covers."""
    for finding in found:
        print(
            f"!!! 预报预警核对 / forecast check: {alarm_text(finding)} "
            f"—— 请编辑核实；网站不会自行发布预警（见 /{CHECK_URL}）",
            file=sys.stderr,
        )


def build(ctx: BuildContext) -> None:
    config = ctx.config
    forecasts, _held = load_forecasts(
        folders(ctx),
        config,
        at=ctx.built_at,
        scratch=last_good.scratch_of(ctx),
        on_refused=last_good.refusals(ctx.products, "空气质量预报"),
    )
    register = register_for_build(ctx)
    rules = grading_rules(ctx)
    found = all_findings(forecasts, register, rules)
    open_alarms = alarms(forecasts, register, rules)
    report_alarms(open_alarms)
    ctx.products["forecast_links"] = {
        n.id: {"id": f.id, "url": fm.issue_url(f), "issued_at": f.issued_at}
        for n in register
        if (f := rests_on(n, forecasts, found)) is not None
    }
    document = warning_criteria(rules)["document"].iloc[0]
    check = {
        "alarms": [fm.finding_row(f) for f in open_alarms],
        "findings": [fm.finding_row(f) for f in found],
        "rules": rules,
        "document": document,
        "count": len(forecasts),
    }
    issued = (
        _(
            "%(start)s 至 %(end)s",
            start=forecasts[0].issued_at.strftime("%Y-%m-%d"),
            end=forecasts[-1].issued_at.strftime("%Y-%m-%d"),
        )
        if forecasts
        else None
    )
    ctx.render_page(
        CHECK_URL,
        "forecast_check.md.j2",
        check=check,
        latest=forecasts[-1].id if forecasts else None,
        facts={
            "period": issued,
            "rules": _("%(document)s（%(rules)s 年分级标准）", document=i18n.name(document), rules=rules),
            "coverage": _("%(count)s 次预报", count=len(forecasts)),
        },
    )
    ctx.products["forecast_alarms"] = open_alarms
    if not forecasts:
        ctx.render_page("forecast", "forecast.md.j2", forecast=None)
        return
    observed = daily_city_and_area_aqi(ctx)
    verified = verify(forecast_table(forecasts), observed)
    stale = fm.stale_after_hours(config)
    days_of = fm.issue_days(verified)
    latest = fm.forecast_model(forecasts[-1], days_of, ctx.built_at, stale, config)
    rates = hit_rates(verified)
    rates_model = fm.hit_rate_model(rates)
    period = _(
        "%(start)s 至 %(end)s",
        start=forecasts[0].issued_at.strftime("%Y-%m-%d"),
        end=forecasts[-1].issued_at.strftime("%Y-%m-%d"),
    )
    source = _(
        "%(authority)s发布的空气质量预报；实测：%(observed)s",
        authority=latest["authority"] or _("预报发布机构"),
        observed=i18n.name(ctx.dataset.source_name),
    )
    chart = None
    if rates["window"] is not None:
        chart = hit_rate_chart(ctx, rates["window"], rates_model["window_period"], latest["rules"], source)
    for forecast in forecasts:
        issue = fm.forecast_model(forecast, days_of, ctx.built_at, stale, config)
        ctx.render_page(
            issue["url"],
            "forecast_issue.md.j2",
            forecast=issue,
            latest_id=latest["id"],
            facts={
                "period": issue["period"],
                "rules": issue["rules"],
                "coverage": _(
                    "实测已有 %(observed)s / %(days)s 天",
                    observed=issue["observed_days"],
                    days=len(issue["days"]),
                ),
            },
        )
    archive = fm.archive_model(forecasts, verified)
    ctx.render_page(
        ARCHIVE_URL,
        "forecast_archive.md.j2",
        months=archive,
        count=len(forecasts),
        facts={
            "period": period,
            "rules": latest["rules"],
            "coverage": _("%(count)s 次预报", count=len(forecasts)),
        },
    )
    city = config.site.get("city", "")
    site_url = config.site["url"].rstrip("/") + "/"
    ctx.out.write_bytes(
        FEED_URL,
        atom_feed(
            site_url=site_url + i18n.edition_prefix(),
            page="forecast/",
            feed=FEED_URL,
            title=_("%(site)s 空气质量预报", site=i18n.name(config.site.get("short_name", ""))),
            publisher=latest["authority"] or i18n.name(config.site.get("publisher", "")),
            entries=newest_first(feed_entries(forecasts, city), "id"),
            updated_when_empty=ctx.built_at,
        ),
    )
    write_downloads(ctx, verified, period)
    ctx.render_page(
        "forecast",
        "forecast.md.j2",
        forecast=latest,
        rates=rates_model,
        chart=chart,
        window_days=WINDOW_DAYS,
        archive_url=ARCHIVE_URL,
        feed_url=FEED_URL,
        downloads={"csv": CSV_URL, "json": JSON_URL},
        issues=len(forecasts),
        facts={
            "period": latest["period"],
            "rules": latest["rules"],
            "coverage": _("历次预报 %(count)s 次（%(period)s）", count=len(forecasts), period=period),
        },
    )
    ctx.products["forecast"] = latest
    ctx.products["forecast_home"] = fm.home_model(latest, observed)
