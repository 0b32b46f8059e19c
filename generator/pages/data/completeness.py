"""/data/completeness/: what the figures stand on, per station and month, with a CSV beside it.

Counts come from generator.statistics.completeness (the statistics stage); this module only formats them.
The page is a list of sections, each a title, paragraphs and tables (`SECTIONS`): a further
section (e.g. days whose AQI rests on too few pollutants) is one more function in that list.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from generator import i18n, statistics
from generator.charts.datasets import register_dataset
from generator.formats.csv_download import csv_bytes
from generator.i18n import N_, _, ngettext
from generator.pages.shared.front_matter import front_matter
from generator.pages.shared.ranking_model import fmt, rules_label
from generator.standards import day_validity
from generator.standards.rules import LABELS
from generator.statistics import completeness

PAGE_URL = "data/completeness/"
CSV_PATH = "data/completeness.csv"
# Headers of each station's monthly table (messages: translated where printed).
DETAIL_COLUMNS = [
    N_("月份"),
    N_("统计天数"),
    N_("有效天数"),
    N_("有数据小时数"),
    N_("完整天"),
    N_("不完整天"),
    N_("缺失天"),
    N_("缺失日期"),
    N_("剔除异常值"),
]


def city_stations(ctx, table: pd.DataFrame) -> list[str]:
    """Codes shown on the page: the configured assessment stations and the city's other stations
    with data, in code order (the CSV holds every station of the data)."""
    city = ctx.config.site.get("city", "")
    shown = table[(table["area"] != "") | (table["city"] == city)]
    return sorted(shown["station"].unique())


def station_label(row) -> str:
    if not row["station_name"]:
        return row["station"]
    return _("%(name)s（%(code)s）", name=i18n.name(row["station_name"]), code=row["station"])


def share_text(part: int, whole: int) -> str:
    # One decimal: 16508 of 16584 hours is 99.5%, not a rounded-up 100%.
    return (
        _("%(part)s/%(whole)s（%(share)s%%）", part=part, whole=whole, share=fmt(100 * part / whole, 1))
        if whole
        else "0/0"
    )


def missing_days_section(ctx, table: pd.DataFrame) -> dict:
    days = completeness.network_missing_days(ctx)
    if days:
        text = ngettext(
            "以下 %(num)s 天所有站点都没有任何数据（上游没有发布当天的数据文件或文件为空），"
            "这些天不计入任何统计，也不按零处理：%(days)s。",
            "以下 %(num)s 天所有站点都没有任何数据（上游没有发布当天的数据文件或文件为空），"
            "这些天不计入任何统计，也不按零处理：%(days)s。",
            len(days),
            days=_("、").join(d.isoformat() for d in days),
        )
    else:
        text = _("数据时段内没有所有站点同时整天缺失的日期。")
    return {"id": "missing-days", "title": _("整天缺失的日期"), "paragraphs": [text], "tables": []}


def _area_names(ctx) -> dict[str, str]:
    return {a.slug: i18n.name(a.name) for a in ctx.config.areas}


def silent_stations(ctx, table: pd.DataFrame) -> list[str]:
    """Configured assessment stations without any data, as '名称（编码，县区）', in code order."""
    registry = ctx.dataset.stations
    names = registry.drop_duplicates("code").set_index("code")["name"] if not registry.empty else {}
    areas = _area_names(ctx)
    reporting = set(table["station"])
    labels = []
    for code, slug in sorted(ctx.config.station_map.items()):
        if code in reporting:
            continue
        name = names.get(code, "") if len(names) else ""
        area = areas.get(slug, slug)
        if name and name != code:
            labels.append(_("%(name)s（%(code)s，%(area)s）", name=i18n.name(name), code=code, area=area))
        else:
            labels.append(_("（%(code)s，%(area)s）", code=code, area=area))
    return labels


def stations_section(ctx, table: pd.DataFrame) -> dict:
    codes = city_stations(ctx, table)
    shown = table[table["station"].isin(codes)]
    areas = _area_names(ctx)
    summary_rows, details = [], []
    for _code, months in shown.groupby("station", sort=True):
        first = months.iloc[0]
        label = station_label(first)
        totals = months[
            [
                "days",
                "hours_expected",
                "hours_with_data",
                "valid_days",
                "partial_days",
                "missing_days",
                "flagged_values",
            ]
        ].sum()
        summary_rows.append(
            [
                label,
                areas.get(first["area"], "—"),
                share_text(int(totals["valid_days"]), int(totals["days"])),
                share_text(int(totals["hours_with_data"]), int(totals["hours_expected"])),
                str(int(totals["partial_days"])),
                str(int(totals["missing_days"])),
                str(int(totals["flagged_values"])),
            ]
        )
        details.append(
            {
                "caption": _("%(station)s逐月数据完整性", station=label),
                "collapsed": True,
                "columns": [_(c) for c in DETAIL_COLUMNS],
                "rows": [
                    [
                        m["month"],
                        str(m["days"]),
                        str(m["valid_days"]),
                        share_text(int(m["hours_with_data"]), int(m["hours_expected"])),
                        str(m["complete_days"]),
                        str(m["partial_days"]),
                        str(m["missing_days"]),
                        m["missing_dates"] or "—",
                        str(m["flagged_values"]),
                    ]
                    for m in months.to_dict("records")
                ],
            }
        )
    silent = silent_stations(ctx, table)
    paragraphs = [
        _(
            "有效天：六项污染物（PM2.5、PM10、SO2、NO2、CO 的日均值，O3 的日最大 8 小时平均）都满足数据有效性"
            "规定的天（日均值至少 20 个有效小时；O3 8 小时平均每个窗口至少 6 个有效小时，"
            "8 时至 24 时的 17 个窗口中至少 14 个有效）。"
            "有数据小时：至少一项污染物有有效值的小时。完整天：24 小时都有数据；不完整天：1–23 小时有数据；"
            "缺失天：全天没有数据。剔除异常值：数据解析时判为不可信、未参与任何统计的数值。"
        ),
    ]
    if silent:
        paragraphs.append(
            _(
                "以下评价站点在数据时段内没有任何数据，所在县区的数值不含这些站点：%(stations)s。",
                stations=_("、").join(silent),
            )
        )
    summary = {
        "caption": _("各站点全时段数据完整性"),
        "collapsed": False,
        "columns": [
            _("站点"),
            _("所属县区"),
            _("有效天数"),
            _("有数据小时数"),
            _("不完整天"),
            _("缺失天"),
            _("剔除异常值"),
        ],
        "rows": summary_rows,
    }
    return {
        "id": "stations",
        "title": _("各站点逐月数据完整性"),
        "paragraphs": paragraphs,
        "tables": [summary, *details] if summary_rows else [],
        "empty_text": _("数据中没有本市站点的监测数据。"),
    }


def value_range(low: float, high: float) -> str:
    """'12 至 3400', or a dash where a value is missing or not a finite number (its reason says why)."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "—"
    return _("%(first)s 至 %(last)s", first=format(low, "g"), last=format(high, "g"))


# The reasons the archive's reader gives a value it did not accept (generator/sources/archive/:
# rows.py, plausibility.py and its table), as it writes them in Chinese; printed in the edition's
# language. A reason of another form is printed as it is (marked Chinese by the template).
ROW_REASONS = (
    N_("文件末行被截断，整行未采用"),
    N_("行的日期与文件名的日期不符，整行未采用"),
    N_("行的日期、小时或类型无效，整行未采用"),
)
_BELOW = re.compile(r"^低于合理下限 (?P<limit>.+?)（浓度和指数不可能为负）$")
_ABOVE = re.compile(r"^高于合理上限 (?P<limit>.+?)（(?P<why>.+)）$")


def reason_words(reason: str) -> str:
    """A flagged value's reason in the language being rendered."""
    if reason in ROW_REASONS:
        return _(reason)
    if below := _BELOW.match(reason):
        return _("低于合理下限 %(limit)s（浓度和指数不可能为负）", limit=below["limit"])
    if above := _ABOVE.match(reason):
        return _("高于合理上限 %(limit)s（%(why)s）", limit=above["limit"], why=_(above["why"]))
    return reason


def flags_section(ctx, table: pd.DataFrame) -> dict:
    flags = completeness.flagged_values(ctx)
    rows = [
        [
            r["station"],
            r["month"],
            pollutant_label(r["pollutant"]),
            reason_words(r["reason"]),
            str(r["count"]),
            value_range(r["min"], r["max"]),
        ]
        for r in flags.to_dict("records")
    ]
    return {
        "id": "flags",
        "title": _("被判为不可信的数值"),
        "paragraphs": [
            _(
                "负值、超出仪器量程的数值和文件末行被截断的数值不参与任何统计，但不会被悄悄删除：它们逐项列在这里。"
            )
            + ("" if rows else _("本数据时段没有这样的数值。"))
        ],
        "tables": [
            {
                "caption": _("按站点、月份、指标和原因汇总"),
                "collapsed": False,
                "columns": [_("站点"), _("月份"), _("指标"), _("原因"), _("个数"), _("数值范围")],
                "rows": rows,
            }
        ]
        if rows
        else [],
    }


def pollutant_label(pollutant) -> str:
    """'pm25' -> 'PM2.5', 'o3_8h' -> 'O3（8h）', 'aqi' -> 'AQI'."""
    base, _, series = str(pollutant).partition("_")
    label = LABELS.get(base, base.upper())
    return _("%(label)s（%(series)s）", label=label, series=series) if series else label


def excluded_days_section(ctx, table: pd.DataFrame) -> dict:
    """Days with data that the day counts leave out (too few valid indicators, or a confirmed dust day),
    for the city and every area, from the day-validity rule (statistics.excluded_days)."""
    city = ctx.config.site.get("city", "")
    cities = statistics.excluded_days(ctx, "cities")
    frames = [cities[cities["area"] == city].assign(name=city), statistics.excluded_days(ctx, "areas")]
    names = {**_area_names(ctx), city: i18n.name(city)}
    days = pd.concat(frames, ignore_index=True)
    with_data = days[days["status"] != day_validity.NO_DATA]
    rows = [
        [
            names.get(r["area"], r["area"]),
            f"{r['date']:%Y-%m-%d}",
            _(day_validity.DAY_STATUSES[r["status"]]),
            r["reason"],
        ]
        for r in with_data.to_dict("records")
    ]
    return {
        "id": "excluded-days",
        "title": _("有数据但不计入天数统计的日子"),
        "paragraphs": [
            _(
                "优良天数比例、各级别天数只统计日报指标齐全的日子：某天若有指标因有效小时不足而无日值，"
                "这一天的 AQI 只依据部分污染物，不计入天数统计"
                "（规则见“方法说明 · 日有效性、扣沙与平台核对”）；"
                "已登记确认的沙尘天在扣沙统计中不计。"
            )
            + ("" if rows else _("本数据时段没有这样的日子。"))
        ],
        "tables": [
            {
                "caption": _("按市、县区和日期"),
                "collapsed": len(rows) > 20,
                "columns": [_("范围"), _("日期"), _("状态"), _("原因")],
                "rows": rows,
            }
        ]
        if rows
        else [],
    }


# The page's sections, in order: each takes (ctx, station-month table) and returns a section dict
# {id, title, paragraphs, tables: [{caption, collapsed, columns, rows}], [empty_text]}.
SECTIONS = [missing_days_section, stations_section, excluded_days_section, flags_section]


def facts(ctx, table: pd.DataFrame) -> dict:
    days = completeness.station_days(ctx)
    if days.empty:
        return {"period": None, "coverage": None, "rules": None}
    versions = sorted(set(statistics.station_daily(ctx)["rules"].astype(str)))
    return {
        "period": _(
            "%(first)s 至 %(last)s",
            first=days["date"].min().strftime("%Y-%m-%d"),
            last=days["date"].max().strftime("%Y-%m-%d"),
        ),
        "coverage": _("有效站·日 %(share)s", share=share_text(int(days["valid"].sum()), len(days))),
        "rules": rules_label("+".join(versions)),
    }


def csv_headers() -> dict[str, str]:
    """The CSV's columns and their headers in the edition's language."""
    return {name: _(title) for name, title in completeness.STATION_MONTH_COLUMNS.items()}


def page_model(ctx, table: pd.DataFrame) -> dict:
    return {
        "sections": [section(ctx, table) for section in SECTIONS],
        "csv_url": CSV_PATH,
        "n_stations": int(table["station"].nunique()),
        "columns": csv_headers(),
        "facts": facts(ctx, table),
    }


def build(ctx) -> None:
    table = completeness.station_months(ctx)
    ctx.out.write_bytes(CSV_PATH, csv_bytes(table, csv_headers()))
    model = page_model(ctx, table)
    register_dataset(
        ctx,
        "data-completeness-csv",
        _("各站点逐月数据完整性（CSV）"),
        CSV_PATH,
        "CSV",
        _("每个站点每月的有数据小时数、有效天数、完整/不完整/缺失天数、缺失日期和剔除的异常值个数"),
        model["facts"]["period"] or "—",
        ctx.as_of,
        group=_("数据完整性"),
    )
    ctx.render_page(
        PAGE_URL,
        "completeness.md.j2",
        page=model,
        facts=model["facts"],
        front_matter=front_matter({"title": _("数据完整性")}),
    )
