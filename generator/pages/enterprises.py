"""Key polluting units (重点排污单位): the list, one page per unit, per-area lists, the validation
report, CSV downloads and the trend charts.

URLs (stable): enterprises/ · enterprises/<credit code>/ · enterprises/area/<area slug>/ ·
enterprises/validation/ · enterprises/enterprises.csv · enterprises/penalties.csv ·
enterprises/<credit code>/records.csv · enterprises/validation/issues.csv
"""

from __future__ import annotations

import sys

import altair as alt
import pandas as pd

from generator.charts.datasets import register_dataset
from generator.charts.registry import ChartSpec, registry
from generator.enterprises.importer import EnterpriseData, load_folder
from generator.enterprises.statistics import daily_series, series_statistics, unit_statistics
from generator.enterprises.vocabulary import pollutants
from generator.formats.csv_download import csv_bytes
from generator.site.context import BuildContext
from generator.statistics import figures

INDEX_URL = "enterprises/"
VALIDATION_URL = "enterprises/validation/"
SOURCE = "重点排污单位自行监测及处罚整改公开文件"
RULES = "超标：监测值大于文件所列标准限值（单位统一为 mg/m³ 或 kg/h）"
# An exceedance table longer than this on one page is cut (the CSV has every record).
MAX_EXCEEDANCE_ROWS = 200
MAX_ISSUE_ROWS = 500

UNIT_COLUMNS = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "county_name": "县区",
    "industry": "行业",
    "records": "监测记录数",
    "exceedances": "超标记录数",
    "exceedance_rate": "超标率",
    "max_times_over": "最大超标倍数（(监测值−限值)÷限值，仅超标值）",
    "max_load_percent": "最大占标率（%，监测值÷限值）",
    "penalties": "处罚记录数",
    "open_rectifications": "未完成整改数",
    "last_day": "最新监测日期",
}
RECORD_COLUMNS = {
    "time_text": "监测时间",
    "outlet": "排放口",
    "pollutant_name": "监测项目",
    "value": "监测值",
    "unit": "单位",
    "limit": "标准限值",
    "exceed_text": "是否超标",
    "load_percent": "占标率（%）",
    "times_over": "超标倍数（仅超标值）",
    "method": "监测方式",
    "file": "来源文件",
    "row": "文件行号",
}
PENALTY_COLUMNS = {
    "credit_code": "统一社会信用代码",
    "name": "企业名称",
    "decision_no": "处罚决定书文号",
    "date_text": "处罚日期",
    "violation": "违法行为",
    "penalty": "处罚内容",
    "fine": "罚款金额（元）",
    "rectification": "整改情况",
    "rectified_text": "整改完成日期",
    "file": "来源文件",
}
ISSUE_COLUMNS = {"file": "文件", "row": "行号", "column": "列", "message": "问题"}


def unit_url(code: str) -> str:
    return f"enterprises/{code}/"


def area_url(slug: str) -> str:
    """Each county/district's units (area pages link here)."""
    return f"enterprises/area/{slug}/"


def chart_id(code: str, pollutant_code: str) -> str:
    return f"enterprise-{code.lower()}-{pollutants()[pollutant_code].slug}"


def times_over_text(value) -> str:
    """超标倍数 as printed: (C − S) ÷ S to 2 decimals; none for a value that did not exceed."""
    return "—（未超标）" if figures.is_missing(value) else figures.text(value, "times_over")


def _day(ts) -> str:
    return "" if ts is None or pd.isna(ts) else ts.strftime("%Y-%m-%d")


def _area_names(ctx: BuildContext) -> dict[str, str]:
    return {a.slug: a.name for a in ctx.config.areas}


def unit_rows(ctx: BuildContext, data: EnterpriseData) -> pd.DataFrame:
    stats = unit_statistics(data.records, data.enterprises, data.penalties)
    stats["county_name"] = stats["county"].map(_area_names(ctx)).fillna("")
    stats["last_day"] = stats["last"].map(_day)
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
        return "无数据"
    return f"{_day(frame[column].min())} 至 {_day(frame[column].max())}"


def facts(data: EnterpriseData, files: list[str] | None = None) -> dict:
    chosen = [f for f in data.files if files is None or f.file in files]
    times = [f.as_of for f in chosen if f.as_of is not None]
    return {
        "source": SOURCE,
        "files": len(chosen),
        "period": _period(data.records, "time"),
        "rules": RULES,
        "as_of": _day(max(times)) if times else "—",
    }


def index_model(ctx: BuildContext, data: EnterpriseData, stats: pd.DataFrame) -> dict:
    units = _unit_items(stats)
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
        "csv_url": "enterprises/enterprises.csv",
        "penalties_csv_url": "enterprises/penalties.csv",
        "facts": facts(data),
    }


def _record_table(records: pd.DataFrame) -> pd.DataFrame:
    """Records as shown and downloaded: daily data (every time at midnight) shows dates only."""
    names = {code: p.name for code, p in pollutants().items()}
    daily_only = bool((records["time"].dt.strftime("%H:%M") == "00:00").all())
    return records.assign(
        time_text=records["time"].dt.strftime("%Y-%m-%d" if daily_only else "%Y-%m-%d %H:%M"),
        load_percent=figures.percent(records["load_ratio"]),
        times_over=figures.rounded(records["times_over"], "times_over"),
        pollutant_name=records["pollutant"].map(names),
        exceed_text=records["exceed"].map({True: "超标", False: "达标"}),
    )


def _penalty_table(penalties: pd.DataFrame) -> pd.DataFrame:
    return penalties.assign(
        date_text=penalties["decision_date"].map(_day), rectified_text=penalties["rectified_on"].map(_day)
    )


def trend_chart(code: str, name: str, pollutant_code: str, daily: pd.DataFrame, as_of) -> ChartSpec:
    """Daily mean per outlet against the limit (dashed), with exceedance days marked."""
    pollutant = pollutants()[pollutant_code]
    unit = daily["unit"].iloc[0]
    # Drawn and labelled as the pages print them (statistics/figures.py); 超标倍数 only on exceeding days.
    table = daily.assign(
        day=daily["day"].dt.strftime("%Y-%m-%d"),
        mean=figures.rounded(daily["mean"], "emission_value"),
        max=figures.rounded(daily["max"], "emission_value"),
        times_over=figures.rounded(
            ((daily["max"] - daily["limit"]) / daily["limit"]).where(daily["exceedances"] > 0), "times_over"
        ),
    )[["day", "outlet", "mean", "max", "limit", "exceedances", "times_over"]].reset_index(drop=True)
    base = alt.Chart(table).encode(
        x=alt.X("day:T", title="日期"), color=alt.Color("outlet:N", title="排放口")
    )
    value_title = f"{pollutant.name}（{unit}）"
    line = base.mark_line(strokeWidth=1.2).encode(
        y=alt.Y("mean:Q", title=value_title),
        tooltip=[
            alt.Tooltip("day:T", title="日期"),
            alt.Tooltip("outlet:N", title="排放口"),
            alt.Tooltip("mean:Q", title="日均值", format=".1f"),
            alt.Tooltip("limit:Q", title="标准限值"),
        ],
    )
    limit = base.mark_line(strokeDash=[6, 4], strokeWidth=1.5, color="#c62828").encode(
        y="limit:Q", detail="outlet:N"
    )
    exceed = (
        alt.Chart(table)
        .transform_filter("datum.exceedances > 0")
        .mark_point(color="#c62828", filled=True, size=40)
        .encode(
            x="day:T",
            y="max:Q",
            tooltip=[
                alt.Tooltip("day:T", title="日期"),
                alt.Tooltip("outlet:N", title="排放口"),
                alt.Tooltip("max:Q", title="日最大值", format=".1f"),
                alt.Tooltip("exceedances:Q", title="超标记录数"),
                alt.Tooltip("times_over:Q", title="日最大值超标倍数", format=".2f"),
            ],
        )
    )
    period = f"{table['day'].min()} 至 {table['day'].max()}"
    title = f"{pollutant.name}：日均值与标准限值"
    chart = alt.layer(line, limit, exceed).properties(title=alt.TitleParams(title, subtitle=[name]))
    return ChartSpec(
        id=chart_id(code, pollutant_code),
        title=title,
        subtitle=name,
        chart=chart,
        data=table,
        columns={
            "day": "日期",
            "outlet": "排放口",
            "mean": "日均值",
            "max": "日最大值",
            "limit": "标准限值",
            "exceedances": "超标记录数",
            "times_over": "日最大值超标倍数（(最大值−限值)÷限值）",
        },
        source=SOURCE,
        period=period,
        as_of=as_of,
        rules=RULES,
        description=(
            f"{name} 各排放口{pollutant.name}日均值（{unit}）折线与标准限值虚线，"
            f"{period}；红点为有超标记录的日期。"
        ),
        page_url=unit_url(code),
    )


def unit_model(ctx: BuildContext, data: EnterpriseData, unit: dict, daily: pd.DataFrame) -> dict:
    code = unit["code"]
    records = data.records[data.records["credit_code"] == code]
    penalties = data.penalties[data.penalties["credit_code"] == code].sort_values("decision_date")
    names = {c: p.name for c, p in pollutants().items()}
    series = series_statistics(records) if len(records) else None
    yearly = series_statistics(records, "Y") if len(records) else None

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
                "max_times_over_text": times_over_text(s.max_times_over),
                "first": _day(s.first),
                "last": _day(s.last),
            }
            for s in stats.itertuples(index=False)
        ]

    exceeding = _record_table(records[records["exceed"]].sort_values("time", ascending=False))
    files = sorted(set(records["file"]) | set(penalties["file"]))
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
        "unit": unit,
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
                "date": _day(p.decision_date),
                "violation": p.violation,
                "penalty": p.penalty,
                "fine": p.fine,
                "rectification": p.rectification,
                "rectified_on": _day(p.rectified_on),
            }
            for p in penalties.itertuples(index=False)
        ],
        "files": [{"file": f.file, "as_of": _day(f.as_of), "kind": f.kind} for f in summaries],
        "records_csv_url": f"{unit_url(code)}records.csv",
        "index_url": INDEX_URL,
        "facts": facts(data, files),
    }


def area_model(ctx: BuildContext, data: EnterpriseData, stats: pd.DataFrame, area) -> dict:
    return {
        "area": {"slug": area.slug, "name": area.name, "kind": area.kind},
        "units": _unit_items(stats[stats["county"] == area.slug]),
        "index_url": INDEX_URL,
        "facts": facts(data),
    }


def validation_model(data: EnterpriseData) -> dict:
    return {
        "files": [
            {
                "file": f.file,
                "kind": {"monitoring": "自行监测", "penalty": "处罚及整改"}.get(f.kind, "无法读取"),
                "encoding": f.encoding,
                "rows": f.rows,
                "accepted": f.accepted,
                "rejected": f.rejected,
                "as_of": _day(f.as_of),
                "error": f.error,
            }
            for f in data.files
        ],
        "issues": [
            {"file": i.file, "row": i.row, "column": i.column, "message": i.message}
            for i in data.issues[:MAX_ISSUE_ROWS]
        ],
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
    data = load_folder(ctx.dataset.data_dir, ctx.config, strict=True)
    ctx.products["enterprises"] = data
    print("\n".join(report_lines(data)), file=sys.stderr)

    stats = unit_rows(ctx, data)
    daily = daily_series(data.records)
    ctx.render_page(INDEX_URL, "enterprises_index.md.j2", page=index_model(ctx, data, stats))
    ctx.out.write_bytes("enterprises/enterprises.csv", csv_bytes(stats, UNIT_COLUMNS))
    ctx.out.write_bytes(
        "enterprises/penalties.csv", csv_bytes(_penalty_table(data.penalties), PENALTY_COLUMNS)
    )
    for unit in _unit_items(stats):
        ctx.render_page(unit["url"], "enterprise.md.j2", page=unit_model(ctx, data, unit, daily))
        records = data.records[data.records["credit_code"] == unit["code"]].sort_values(["time", "outlet"])
        ctx.out.write_bytes(f"{unit['url']}records.csv", csv_bytes(_record_table(records), RECORD_COLUMNS))
    for area in ctx.config.areas:
        ctx.render_page(
            area_url(area.slug), "enterprises_area.md.j2", page=area_model(ctx, data, stats, area)
        )
    # The area pages (generator.pages.areas) link each county/district to its list here.
    ctx.products["enterprise_area_urls"] = {a.slug: area_url(a.slug) for a in ctx.config.areas}
    ctx.render_page(VALIDATION_URL, "enterprises_validation.md.j2", page=validation_model(data))
    issues = pd.DataFrame([vars(i) for i in data.issues], columns=list(ISSUE_COLUMNS))
    ctx.out.write_bytes(f"{VALIDATION_URL}issues.csv", csv_bytes(issues, ISSUE_COLUMNS))
    register_downloads(ctx, data, stats)


def register_downloads(ctx: BuildContext, data: EnterpriseData, stats: pd.DataFrame) -> None:
    """List the CSV files on the /data/ page."""
    period, as_of = facts(data)["period"], data.as_of
    as_of = as_of.to_pydatetime() if as_of is not None else None
    common = {"period": period, "source": SOURCE, "group": "重点排污单位"}
    register_dataset(
        ctx,
        "enterprises-csv",
        "重点排污单位一览",
        "enterprises/enterprises.csv",
        "CSV",
        "各单位的县区、行业、监测记录数、超标记录数、超标率、最大超标倍数、最大占标率和处罚记录数",
        as_of=as_of,
        **common,
    )
    register_dataset(
        ctx,
        "enterprises-penalties-csv",
        "重点排污单位处罚及整改记录",
        "enterprises/penalties.csv",
        "CSV",
        "处罚决定书文号、处罚日期、违法行为、处罚内容、罚款金额、整改情况",
        as_of=as_of,
        **common,
    )
    register_dataset(
        ctx,
        "enterprises-validation-issues-csv",
        "重点排污单位数据校验问题",
        f"{VALIDATION_URL}issues.csv",
        "CSV",
        "被拒绝的行：文件、行号、列和问题",
        as_of=as_of,
        **common,
    )
    for r in stats.itertuples(index=False):
        if r.records:
            register_dataset(
                ctx,
                f"enterprise-{r.credit_code.lower()}-records",
                f"{r.name} 自行监测记录",
                f"{unit_url(r.credit_code)}records.csv",
                "CSV",
                "监测时间、排放口、监测项目、监测值、单位、标准限值、是否超标、占标率、超标倍数及来源文件行号",
                as_of=as_of,
                **common,
            )
