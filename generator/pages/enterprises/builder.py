"""Key polluting units (重点排污单位): the list, one page per unit, per-area lists, the validation
report, CSV downloads and the trend charts (drawn in enterprise_charts.py; the URLs, headings and
printed texts shared with the downloads are enterprise_tables.py).

URLs (stable): enterprises/ · enterprises/<credit code>/ · enterprises/area/<area slug>/ ·
enterprises/validation/ · enterprises/enterprises.csv · enterprises/penalties.csv ·
enterprises/<credit code>/records.csv · enterprises/validation/issues.csv
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import pandas as pd

from generator.charts.datasets import register_dataset
from generator.charts.registry import registry
from generator.enterprises.importer import EnterpriseData, load_folder
from generator.enterprises.statistics import daily_series, series_statistics, unit_statistics
from generator.enterprises.vocabulary import pollutants
from generator.formats.csv_download import csv_bytes
from generator.i18n import _
from generator.pages.enterprises.charts import trend_chart
from generator.pages.enterprises.duties import Duties, response_links, unit_duties
from generator.pages.enterprises.tables import (
    INDEX_URL,
    ISSUE_COLUMNS,
    KIND_NAMES,
    PENALTY_COLUMNS,
    RECORD_COLUMNS,
    RULES,
    SOURCE,
    UNIT_COLUMNS,
    VALIDATION_URL,
    area_url,
    chinese,
    day_text,
    penalty_table,
    record_table,
    times_over_text,
    unit_url,
)
from generator.site.context import BuildContext
from generator.sources.registers import last_good
from generator.statistics import figures

# An exceedance table longer than this on one page is cut (the CSV has every record).
MAX_EXCEEDANCE_ROWS = 200
MAX_ISSUE_ROWS = 500


def _area_names(ctx: BuildContext) -> dict[str, str]:
    return {a.slug: a.name for a in ctx.config.areas}


def unit_rows(ctx: BuildContext, data: EnterpriseData) -> pd.DataFrame:
    stats = unit_statistics(data.records, data.enterprises, data.penalties)
    stats["county_name"] = stats["county"].map(_area_names(ctx)).fillna("")
    stats["last_day"] = stats["last"].map(day_text)
    # Figures as printed on the pages (generator.statistics.figures): the CSV holds the same rounded numbers.
    stats["exceedance_rate"] = figures.rounded_share(stats["exceedance_rate"])
    stats["max_load_percent"] = figures.percent(stats["max_load_ratio"])
    stats["max_times_over"] = figures.rounded(stats["max_times_over"], "times_over")
    return stats.sort_values(["county", "name", "credit_code"]).reset_index(drop=True)


def _unit_items(stats: pd.DataFrame) -> list[dict]:
    return [
        {
            "code": r.credit_code,
            "name": r.name,
            "county": r.county,
            "county_name": r.county_name,
            "industry": r.industry,
            "records": r.records,
            "exceedances": r.exceedances,
            "rate": r.exceedance_rate,
            "max_times_over": r.max_times_over,
            "max_times_over_text": times_over_text(r.max_times_over),
            "max_load_text": figures.text(r.max_load_percent, "share_percent", "%"),
            "penalties": r.penalties,
            "open": r.open_rectifications,
            "last_day": r.last_day,
            "url": unit_url(r.credit_code),
            "area_url": area_url(r.county) if r.county else "",
        }
        for r in stats.itertuples(index=False)
    ]


def _period(frame: pd.DataFrame, column: str) -> str:
    if frame.empty:
        return _("无数据")
    return _("%(start)s 至 %(end)s", start=day_text(frame[column].min()), end=day_text(frame[column].max()))


def facts(data: EnterpriseData, files: list[str] | None = None) -> dict:
    chosen = [f for f in data.files if files is None or f.file in files]
    times = [f.as_of for f in chosen if f.as_of is not None]
    return {
        "source": _(SOURCE),
        "files": len(chosen),
        "period": _period(data.records, "time"),
        "rules": _(RULES),
        "as_of": day_text(max(times)) if times else "—",
    }


def index_model(ctx: BuildContext, data: EnterpriseData, stats: pd.DataFrame, units: list[dict]) -> dict:
    """The list page; `units` is _unit_items(stats)."""
    counts = stats.groupby("county").size()
    return {
        "units": units,
        "areas": [
            {"slug": a.slug, "name": a.name, "units": int(counts.get(a.slug, 0)), "url": area_url(a.slug)}
            for a in ctx.config.areas
        ],
        "industries": sorted({u["industry"] for u in units if u["industry"]}),
        "n_exceeding": sum(1 for u in units if u["exceedances"]),
        "n_records": int(len(data.records)),
        "n_penalties": int(len(data.penalties)),
        "validation": {
            "accepted": sum(f.accepted for f in data.files),
            "rejected": sum(f.rejected for f in data.files),
            "url": VALIDATION_URL,
        },
        "response_levels": response_links(),
        "csv_url": "enterprises/enterprises.csv",
        "penalties_csv_url": "enterprises/penalties.csv",
        "facts": facts(data),
    }


@dataclass(frozen=True)
class UnitStatistics:
    """series_statistics of every unit, over the whole data and per year, computed once per build.

    A unit's rows are the ones series_statistics gives for its records alone: records are unique per
    unit, outlet, pollutant and time (importer.py), so each series' records are in the same order.
    """

    whole: pd.DataFrame | None  # None: no records at all
    yearly: pd.DataFrame | None

    @classmethod
    def of(cls, records: pd.DataFrame) -> UnitStatistics:
        if not len(records):
            return cls(None, None)
        return cls(series_statistics(records), series_statistics(records, "Y"))

    def of_unit(self, code: str) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
        """(whole period, per year) rows of one unit."""
        if self.whole is None or self.yearly is None:
            return None, None
        return self.whole[self.whole["credit_code"] == code], self.yearly[self.yearly["credit_code"] == code]


def unit_model(
    ctx: BuildContext,
    data: EnterpriseData,
    unit: dict,
    records: pd.DataFrame,
    daily: pd.DataFrame,
    statistics: UnitStatistics,
    duties: Duties | None = None,
) -> dict:
    """One unit's page from its `records` (data.records of its credit code); `daily` and
    `statistics` hold every unit's (made once per build)."""
    code = unit["code"]
    penalties = data.penalties[data.penalties["credit_code"] == code].sort_values("decision_date")
    names = {c: p.name for c, p in pollutants().items()}
    series, yearly = statistics.of_unit(code) if len(records) else (None, None)

    def stat_rows(stats):
        if stats is None:
            return []
        return [
            {
                "outlet": s.outlet,
                "pollutant": names[s.pollutant],
                "unit": s.unit,
                "method": s.method,
                "period": s.period,
                "limit": s.limit,
                "records": s.records,
                "exceedances": s.exceedances,
                "rate": s.exceedance_rate,
                "max_value": s.max_value,
                "max_load_text": figures.percent_text(s.max_load_ratio),
                # In the page's Chinese body (lang="zh" in every edition): in Chinese.
                "max_times_over_text": chinese(times_over_text, s.max_times_over),
                "first": day_text(s.first),
                "last": day_text(s.last),
            }
            for s in stats.itertuples(index=False)
        ]

    exceeding = record_table(records[records["exceed"]].sort_values("time", ascending=False))
    duties = duties or Duties.of(ctx, data)
    registers = (duties.measures, duties.responses, duties.reports)
    files = sorted(
        set(records["file"])
        | set(penalties["file"]).union(*(set(t.loc[t["credit_code"] == code, "file"]) for t in registers))
    )
    summaries = [f for f in data.files if f.file in files]
    charts = []
    for pollutant_code in sorted(records["pollutant"].unique(), key=lambda c: pollutants()[c].slug):
        part = daily[(daily["credit_code"] == code) & (daily["pollutant"] == pollutant_code)]
        for unit_name, by_unit in part.groupby("unit", sort=True):
            if unit_name != pollutants()[pollutant_code].unit:
                continue  # rates (kg/h) are tabled, not drawn against a concentration limit
            charts.append(
                registry(ctx).add(trend_chart(code, unit["name"], pollutant_code, by_unit, data.as_of))
            )
    return {
        # The facts table is in the page's Chinese body: its words in Chinese in every edition.
        "unit": {**unit, "max_times_over_text": chinese(times_over_text, unit["max_times_over"])},
        "series": stat_rows(series),
        "yearly": stat_rows(yearly),
        "charts": charts,
        "exceedances": [
            {
                "time": r.time_text,
                "outlet": r.outlet,
                "pollutant": r.pollutant_name,
                "value": r.value,
                "unit": r.unit,
                "limit": r.limit,
                "times_over_text": times_over_text(r.times_over),
                "file": r.file,
                "row": r.row,
            }
            for r in exceeding.head(MAX_EXCEEDANCE_ROWS).itertuples(index=False)
        ],
        "n_exceedances": int(len(exceeding)),
        "max_exceedance_rows": MAX_EXCEEDANCE_ROWS,
        "penalties": [
            {
                "decision_no": p.decision_no,
                "date": day_text(p.decision_date),
                "violation": p.violation,
                "penalty": p.penalty,
                "fine": p.fine,
                "rectification": p.rectification,
                "rectified_on": day_text(p.rectified_on),
            }
            for p in penalties.itertuples(index=False)
        ],
        "files": [
            {"file": f.file, "as_of": day_text(f.as_of), "kind": KIND_NAMES[f.kind]} for f in summaries
        ],
        "duties": unit_duties(duties, code),
        "records_csv_url": f"{unit_url(code)}records.csv",
        "index_url": INDEX_URL,
        "facts": facts(data, files),
    }


def area_model(ctx: BuildContext, data: EnterpriseData, units: list[dict], area) -> dict:
    """One area's list; `units`: every unit (_unit_items), of which the area's are kept in order."""
    return {
        "area": {"slug": area.slug, "name": area.name, "kind": area.kind},
        "units": [u for u in units if u["county"] == area.slug],
        "index_url": INDEX_URL,
        "facts": facts(data),
    }


def validation_model(data: EnterpriseData) -> dict:
    return {
        "files": [
            {
                "file": f.file,
                "kind": KIND_NAMES.get(f.kind, "无法读取"),
                "encoding": f.encoding,
                "rows": f.rows,
                "accepted": f.accepted,
                "rejected": f.rejected,
                "as_of": day_text(f.as_of),
                "error": f.error,
            }
            for f in data.files
        ],
        "issues": [
            {"file": i.file, "row": i.row, "column": i.column, "message": i.message}
            for i in data.issues[:MAX_ISSUE_ROWS]
        ],
        "accepted": sum(f.accepted for f in data.files),
        "rejected": sum(f.rejected for f in data.files),
        "n_issues": len(data.issues),
        "max_issue_rows": MAX_ISSUE_ROWS,
        "issues_csv_url": f"{VALIDATION_URL}issues.csv",
        "index_url": INDEX_URL,
    }


def report_lines(data: EnterpriseData) -> list[str]:
    """The build output's summary: accepted and rejected rows per file."""
    accepted = sum(f.accepted for f in data.files)
    rejected = sum(f.rejected for f in data.files)
    lines = [f"重点排污单位数据：{len(data.files)} 个文件，接受 {accepted} 行，拒绝 {rejected} 行"]
    lines += [f"  {f.file}: 接受 {f.accepted} 行，拒绝 {f.rejected} 行" for f in data.files]
    lines += [f"  ! {issue}" for issue in data.issues[:20]]
    if len(data.issues) > 20:
        lines.append(f"  …… 另有 {len(data.issues) - 20} 个问题，见“数据校验报告”页面")
    return lines


def build(ctx: BuildContext) -> None:
    data = load_folder(
        ctx.dataset.data_dir,
        ctx.config,
        strict=True,
        on_refused=last_good.refusals(ctx.products, "企业公开信息"),
        scratch=last_good.scratch_of(ctx),
    )
    ctx.products["enterprises"] = data
    print("\n".join(report_lines(data)), file=sys.stderr)

    stats = unit_rows(ctx, data)
    daily = daily_series(data.records)
    statistics = UnitStatistics.of(data.records)
    duties = ctx.products["enterprise_duties"] = Duties.of(ctx, data)
    # The unit rows are made once for the list, the unit pages and the area lists.
    units = _unit_items(stats)
    ctx.render_page(INDEX_URL, "enterprises_index.md.j2", page=index_model(ctx, data, stats, units))
    ctx.out.write_bytes("enterprises/enterprises.csv", csv_bytes(stats, UNIT_COLUMNS))
    ctx.out.write_bytes(
        "enterprises/penalties.csv", csv_bytes(penalty_table(data.penalties), PENALTY_COLUMNS)
    )
    # Each unit's records picked out once, in one pass, for its page and its records.csv.
    by_code = dict(list(data.records.groupby("credit_code", sort=False, observed=True)))
    for unit in units:
        records = by_code.get(unit["code"], data.records.iloc[0:0])
        page = unit_model(ctx, data, unit, records, daily, statistics, duties)
        ctx.render_page(unit["url"], "enterprise.md.j2", page=page)
        ordered = records.sort_values(["time", "outlet"])
        ctx.out.write_bytes(f"{unit['url']}records.csv", csv_bytes(record_table(ordered), RECORD_COLUMNS))
    for area in ctx.config.areas:
        ctx.render_page(
            area_url(area.slug), "enterprises_area.md.j2", page=area_model(ctx, data, units, area)
        )
    # The area pages (generator.pages.areas.builder) link each county/district to its list here.
    ctx.products["enterprise_area_urls"] = {a.slug: area_url(a.slug) for a in ctx.config.areas}
    ctx.render_page(VALIDATION_URL, "enterprises_validation.md.j2", page=validation_model(data))
    issues = pd.DataFrame([vars(i) for i in data.issues], columns=list(ISSUE_COLUMNS))
    ctx.out.write_bytes(f"{VALIDATION_URL}issues.csv", csv_bytes(issues, ISSUE_COLUMNS))
    register_downloads(ctx, data, stats)


def register_downloads(ctx: BuildContext, data: EnterpriseData, stats: pd.DataFrame) -> None:
    """List the CSV files on the /data/ page."""
    period, as_of = facts(data)["period"], data.as_of
    as_of = as_of.to_pydatetime() if as_of is not None else None
    common = {"period": period, "source": _(SOURCE), "group": "重点排污单位"}
    register_dataset(
        ctx,
        "enterprises-csv",
        _("重点排污单位一览"),
        "enterprises/enterprises.csv",
        "CSV",
        _("各单位的县区、行业、监测记录数、超标记录数、超标率、最大超标倍数、最大占标率和处罚记录数"),
        as_of=as_of,
        **common,
    )
    register_dataset(
        ctx,
        "enterprises-penalties-csv",
        _("重点排污单位处罚及整改记录"),
        "enterprises/penalties.csv",
        "CSV",
        _("处罚决定书文号、处罚日期、违法行为、处罚内容、罚款金额、整改情况"),
        as_of=as_of,
        **common,
    )
    register_dataset(
        ctx,
        "enterprises-validation-issues-csv",
        _("重点排污单位数据校验问题"),
        f"{VALIDATION_URL}issues.csv",
        "CSV",
        _("被拒绝的行：文件、行号、列和问题"),
        as_of=as_of,
        **common,
    )
    for r in stats.itertuples(index=False):
        if r.records:
            register_dataset(
                ctx,
                f"enterprise-{r.credit_code.lower()}-records",
                _("%(name)s 自行监测记录", name=r.name),
                f"{unit_url(r.credit_code)}records.csv",
                "CSV",
                _(
                    "监测时间、排放口、监测项目、监测值、单位、标准限值、是否超标、占标率、超标倍数及来源文件行号"
                ),
                as_of=as_of,
                **common,
            )
