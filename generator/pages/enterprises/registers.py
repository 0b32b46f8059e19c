"""The duty registers' own pages: each warning level's emergency measures by area
(enterprises/response/<level>/, linked from a notice and the home page while a warning is in
force) and the execution reports' status (enterprises/reports/ with reports.csv, reports.json and
the feed feed.xml: one entry for each report that went past its due date).

Runs after enterprises.py, which reads the registers (ctx.products["enterprise_duties"]).
"""

from __future__ import annotations

import json

import pandas as pd

from generator.charts.datasets import register_dataset
from generator.enterprises.responses import LEVELS
from generator.formats.atom import atom_feed, newest_first
from generator.formats.csv_download import csv_bytes
from generator.i18n import N_, _
from generator.pages.enterprises.duties import (
    REPORTS_URL,
    Duties,
    level_rows,
    level_title,
    percent_text,
    report_rows,
    response_url,
)
from generator.pages.enterprises.tables import INDEX_URL, area_url, day_text, unit_url
from generator.site.context import BuildContext

REPORT_FILES = {"csv": f"{REPORTS_URL}reports.csv", "json": f"{REPORTS_URL}reports.json"}
FEED_URL = f"{REPORTS_URL}feed.xml"
REPORT_COLUMNS = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "county_name": "县区",
    "permit_no": "排污许可证编号",
    "frequency": "报告类型",
    "period_label": "报告期",
    "due_text": "应提交日期",
    "submitted_text": "提交日期",
    "status_text": "提交情况",
    "days_late": "逾期天数",
    "link": "报告链接",
}
SOURCE = N_("重点排污单位应急减排清单及排污许可执行报告公开文件")
ORDER = {"missing": 0, "late": 1, "on_time": 2, "pending": 3}


def _areas(ctx: BuildContext, units: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(slug, name, the area's units) for each configured area with units, then units of no area."""
    out = [(a.slug, a.name, units[units["county"] == a.slug]) for a in ctx.config.areas]
    known = {a.slug for a in ctx.config.areas}
    out.append(("", "未注明县区", units[~units["county"].isin(known)]))
    return [(slug, name, part) for slug, name, part in out if len(part)]


def level_model(ctx: BuildContext, duties: Duties, units: pd.DataFrame, level: str) -> dict:
    totals = duties.totals[duties.totals["level"] == level]
    listed = set(totals.loc[totals["measures"] > 0, "credit_code"])
    ratio = ctx.config.warnings.get("reduction_ratio", {}).get(level)
    plan = float(ratio) * 100 if ratio is not None else float("nan")
    areas = []
    for slug, name, part in _areas(ctx, units):
        rows = []
        for unit in part.itertuples(index=False):
            row = next(r for r in level_rows(duties, unit.credit_code) if r["level"] == level)
            rows.append(
                dict(
                    row,
                    name=unit.name,
                    unit_url=unit_url(unit.credit_code),
                    listed=unit.credit_code in listed,
                )
            )
        areas.append({"name": name, "url": area_url(slug) if slug else "", "units": rows})
    return {
        "level": level,
        "title": level_title(level),
        "level_label": f"{LEVELS[level]}预警",
        "plan": percent_text(plan),
        "n_units": len(units),
        "n_listed": len(listed),
        "n_short": int((totals["shortfall"] > 0).sum()),
        "n_missing": len(units) - len(listed),
        "areas": areas,
        "others": [
            {"title": level_title(k), "label": f"{LEVELS[k]}预警", "url": response_url(k)}
            for k in LEVELS
            if k != level
        ],
        "index_url": INDEX_URL,
        "plan_url": "warnings/emergency-plan/",
    }


def report_table(ctx: BuildContext, reports: pd.DataFrame) -> pd.DataFrame:
    names = {a.slug: a.name for a in ctx.config.areas}
    return reports.assign(
        county_name=reports["county"].map(names).fillna(""),
        due_text=reports["due"].map(day_text),
        submitted_text=reports["submitted"].map(day_text),
    )


def current(reports: pd.DataFrame) -> pd.DataFrame:
    """Each unit's report of this period: of its reports due by now, the one due last."""
    due = reports[reports["status"] != "pending"]
    return due.sort_values("due").groupby("credit_code", sort=False).tail(1)


def reports_model(ctx: BuildContext, duties: Duties, units: pd.DataFrame) -> dict:
    reports = duties.reports
    counts = reports["status"].value_counts()
    this = current(reports)
    areas = []
    for slug, name, part in _areas(
        ctx, units.set_index("credit_code").loc[this["credit_code"]].reset_index()
    ):
        rows = this[this["credit_code"].isin(part["credit_code"])]
        rows = rows.sort_values(["status", "name"], key=lambda c: c.map(ORDER) if c.name == "status" else c)
        areas.append({"name": name, "url": area_url(slug) if slug else "", "reports": _with_urls(rows)})
    return {
        "counts": {k: int(counts.get(k, 0)) for k in ORDER},
        "n_units": int(reports["credit_code"].nunique()),
        "areas": areas,
        "missing": _with_urls(reports[reports["status"] == "missing"]),
        "late": _with_urls(reports[reports["status"] == "late"]),
        "pending": _with_urls(reports[reports["status"] == "pending"]),
        "downloads": REPORT_FILES,
        "feed_url": FEED_URL,
        "index_url": INDEX_URL,
    }


def _with_urls(reports: pd.DataFrame) -> list[dict]:
    return [dict(r, url=unit_url(r["code"])) for r in report_rows(reports)]


def feed_entries(reports: pd.DataFrame) -> list[dict]:
    """One entry per report that went past its due date; it is dated when it turned late, or when
    it was then submitted."""
    entries = []
    for r in reports[reports["status"].isin(["late", "missing"])].itertuples(index=False):
        when = r.turned_late if pd.isna(r.submitted) else max(r.turned_late, r.submitted)
        state = f"已于 {day_text(r.submitted)} 逾期提交" if r.status == "late" else "逾期未提交"
        entries.append(
            {
                "key": f"{r.permit_no}-{r.period}",
                "atom_id": f"{REPORTS_URL}#{r.permit_no}-{r.period}",
                "url": unit_url(r.credit_code),
                "title": f"{r.name} {r.period_label}排污许可执行报告{state}",
                "summary": (
                    f"排污许可证编号 {r.permit_no}；报告期 {r.period_label}；"
                    f"应提交日期 {day_text(r.due)}；{state}。"
                ),
                "updated": when.to_pydatetime(),
            }
        )
    return entries


def build(ctx: BuildContext) -> None:
    data = ctx.products["enterprises"]
    duties: Duties = ctx.products["enterprise_duties"]
    units = data.enterprises
    # Report statuses are judged by the day (a due date is a day): the pages and files say the day,
    # not the build's minute, so an hourly rebuild leaves them as they were.
    judged_on = ctx.built_at.strftime("%Y-%m-%d")
    judged_at = ctx.built_at.replace(hour=0, minute=0, second=0, microsecond=0)
    levels = {}
    for level in LEVELS:
        model = {**level_model(ctx, duties, units, level), "judged_on": judged_on}
        ctx.render_page(response_url(level), "enterprises_response.md.j2", page=model)
        levels[level] = {
            "url": response_url(level),
            "n_listed": model["n_listed"],
            "n_units": model["n_units"],
        }
    # The notice pages and the home page link the list of an active warning's level.
    ctx.products["response_levels"] = levels
    reports = {**reports_model(ctx, duties, units), "judged_on": judged_on}
    ctx.render_page(REPORTS_URL, "enterprises_reports.md.j2", page=reports)
    table = report_table(ctx, duties.reports)
    ctx.out.write_bytes(REPORT_FILES["csv"], csv_bytes(table, REPORT_COLUMNS))
    # JSON: the CSV's fields by name (headings under "columns"), and the status as a key too.
    fields = [*REPORT_COLUMNS, "status"]
    rows = [
        {
            key: (None if pd.isna(v) else (int(v) if key == "days_late" else v))
            for key, v in zip(fields, r, strict=True)
        }
        for r in table[fields].itertuples(index=False)
    ]
    body = {
        "columns": REPORT_COLUMNS | {"status": "状态代码"},
        "as_of": judged_on,
        "rows": rows,
    }
    ctx.out.write_bytes(
        REPORT_FILES["json"], (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    )
    site_url = ctx.config.site["url"].rstrip("/") + "/"
    ctx.out.write_bytes(
        FEED_URL,
        atom_feed(
            site_url=site_url,
            page=REPORTS_URL,
            feed=FEED_URL,
            title=f"{ctx.config.site.get('short_name', '')} 排污许可执行报告逾期提醒",
            publisher=ctx.config.site.get("publisher", ""),
            entries=newest_first(feed_entries(duties.reports), "key"),
            updated_when_empty=judged_at,
        ),
    )
    common = {
        "period": _("截至 %(day)s", day=judged_on),
        "source": _(SOURCE),
        "group": "重点排污单位",  # the group's key on /data/ (translated where it is printed)
    }
    description = _(
        "单位、许可证编号、报告期、应提交日期、提交日期、"
        "提交情况（按时、逾期、逾期未提交、未到期）、逾期天数、报告链接"
    )
    for fmt, url in REPORT_FILES.items():
        register_dataset(
            ctx,
            f"enterprise-reports-{fmt}",
            _("排污许可执行报告提交情况"),
            url,
            fmt.upper(),
            description,
            as_of=judged_at,
            **common,
        )
