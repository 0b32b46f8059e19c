"""The sample's key polluting units: self-monitoring files and penalty records, from a fixed seed.

Five fictional units in different counties/districts. Continuous emission monitors (自动监测)
report a daily mean; hand sampling (手工监测) reports once a month. Each file exercises one way
editors send data: UTF-8 CSV with Chinese headers, a GBK CSV, an XLSX with a title row and a
two-row merged header, and a CSV with English headers. A few planned upsets push values over
the limit (a desulfuriser outage, an RTO fault), and one of them led to a penalty with
rectification. Credit codes are made with the GB 32100 check character, so they validate, but
their organisation numbers are made up.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from generator.enterprises.credit_code import check_character

STREAM = 212  # HJ 212: this writer's own random stream
FOLDER = "enterprises"
# Division code 320700 = 连云港市; type 91 = company; the organisation numbers are invented.
CODE_PREFIX = "91320700"


def credit_code(org: str) -> str:
    first17 = CODE_PREFIX + org
    return first17 + check_character(first17)


@dataclass(frozen=True)
class Series:
    outlet: str
    pollutant: str  # as written in the file
    limit: float  # mg/m³
    level: float  # typical fraction of the limit
    daily: bool  # automatic daily means, else monthly hand samples
    upsets: tuple[tuple[str, str, float], ...] = ()  # (first day, last day, factor on the level)


@dataclass(frozen=True)
class Unit:
    name: str
    org: str  # 9 characters of the organisation identifier
    county: str  # as written in the file
    industry: str
    file: str
    series: tuple[Series, ...]


UNITS = (
    Unit(
        "连云港云岭热电有限公司",
        "MA1YL0R7T",
        "海州区",
        "电力、热力生产和供应业",
        "2025-2026-自行监测-utf8.csv",
        (
            Series("1#锅炉烟囱", "二氧化硫", 35, 0.45, True, (("2026-01-12", "2026-01-14", 2.6),)),
            Series("1#锅炉烟囱", "氮氧化物", 50, 0.55, True),
            Series("1#锅炉烟囱", "颗粒物", 10, 0.35, False),
        ),
    ),
    Unit(
        "徐圩宏泰石化有限公司",
        "MA20HT5K3",
        "徐圩新区",
        "石油、煤炭及其他燃料加工业",
        "2025-2026-自行监测-utf8.csv",
        (
            Series("催化裂化再生烟气排放口", "SO2", 50, 0.40, True),
            Series("加热炉排放口", "NOx", 100, 0.50, False),
        ),
    ),
    Unit(
        "赣榆海澄钢铁有限公司",
        "MA1HC8G2W",
        "赣榆区",
        "黑色金属冶炼和压延加工业",
        "2025-2026-自行监测-gbk.csv",
        (
            Series(
                "烧结机头排放口",
                "二氧化硫",
                35,
                0.50,
                True,
                (("2025-03-04", "2025-03-09", 2.3), ("2026-09-21", "2026-09-22", 2.1)),
            ),
            Series("转炉二次除尘排放口", "颗粒物", 10, 0.45, False),
        ),
    ),
    Unit(
        "灌南瑞衡化工有限公司",
        "MA21RH9X4",
        "灌南县",
        "化学原料和化学制品制造业",
        "2025-2026-自行监测.xlsx",
        (
            Series("RTO焚烧炉排放口", "非甲烷总烃", 60, 0.35, True, (("2025-07-08", "2025-07-10", 3.2),)),
            Series("工艺废气排放口", "氯化氢", 30, 0.30, False),
        ),
    ),
    Unit(
        "东海晶澄石英制品有限公司",
        "MA1JC4D6N",
        "donghai",
        "非金属矿物制品业",
        "2025-2026-self-monitoring-en.csv",
        (
            Series("Melting furnace outlet", "PM", 20, 0.50, False, (("2025-11-01", "2025-11-30", 2.4),)),
            Series("Melting furnace outlet", "SO2", 100, 0.30, False),
            Series("Melting furnace outlet", "NOx", 180, 0.45, False),
        ),
    ),
)

PENALTIES = (
    (
        "灌南瑞衡化工有限公司",
        "MA21RH9X4",
        "灌南县",
        "连环罚〔2025〕演示018号",
        "2025-08-15",
        "RTO焚烧炉排放口非甲烷总烃排放浓度超过排放标准（2025年7月8日至10日）",
        "罚款并责令改正",
        280000,
        "已完成整改",
        "2025-09-30",
    ),
    (
        "赣榆海澄钢铁有限公司",
        "MA1HC8G2W",
        "赣榆区",
        "连环罚〔2026〕演示042号",
        "2026-10-20",
        "烧结机头脱硫设施故障期间二氧化硫超标排放（2026年9月21日至22日）",
        "罚款并责令限期改正",
        350000,
        "整改中",
        "",
    ),
)

CHINESE_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "县区",
    "行业",
    "排放口",
    "监测项目",
    "监测时间",
    "监测值",
    "单位",
    "标准限值",
    "监测方式",
]
ENGLISH_HEADER = [
    "enterprise name",
    "credit code",
    "county",
    "industry",
    "outlet",
    "pollutant",
    "time",
    "value",
    "unit",
    "limit",
    "method",
]
PENALTY_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "县区",
    "处罚决定书文号",
    "处罚日期",
    "违法行为",
    "处罚内容",
    "罚款金额（元）",
    "整改情况",
    "整改完成日期",
]


def _days(series: Series, start: date, end: date) -> pd.DatetimeIndex:
    if series.daily:
        return pd.date_range(start, end, freq="D")
    # Hand samples on the 10th of each month (the lab visit), while it is within the period.
    months = pd.date_range(pd.Timestamp(start).replace(day=1), end, freq="MS") + pd.Timedelta(days=9)
    return months[(months >= pd.Timestamp(start)) & (months <= pd.Timestamp(end))]


def _values(series: Series, days: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
    season = 1 + 0.15 * np.cos(2 * np.pi * (days.day_of_year.to_numpy() - 15) / 365)  # winter heating load
    noise = rng.lognormal(0, 0.18, size=len(days))
    level = series.limit * series.level * season * noise
    for first, last, factor in series.upsets:
        upset = (days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))
        level = np.where(upset, series.limit * series.level * factor * np.sqrt(noise), level)
    return np.round(level, 1)


def unit_rows(unit: Unit, start: date, end: date, rng: np.random.Generator, english: bool) -> list[list]:
    rows = []
    for series in unit.series:
        days = _days(series, start, end)
        values = _values(series, days, rng)
        method = (
            ("automatic" if series.daily else "manual")
            if english
            else ("自动监测" if series.daily else "手工监测")
        )
        unit_text = "mg/m3"
        for day, value in zip(days, values, strict=True):
            when = day.to_pydatetime() if not series.daily else day.date()
            rows.append(
                [
                    unit.name,
                    credit_code(unit.org),
                    unit.county,
                    unit.industry,
                    series.outlet,
                    series.pollutant,
                    when,
                    float(value),
                    unit_text,
                    series.limit,
                    method,
                ]
            )
    return rows


def _csv_text(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        when = row[6]
        row = [
            *row[:6],
            when.strftime("%Y-%m-%d")
            if isinstance(when, date) and not isinstance(when, datetime)
            else when.strftime("%Y-%m-%d %H:%M"),
            *row[7:],
        ]
        writer.writerow(row)
    return out.getvalue()


def stable_zip(data: bytes, stamp: str) -> bytes:
    """openpyxl stamps each zip entry, and the document's "modified" property, with the time of
    saving: rewrite both with a fixed time so the same seed gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            target.writestr(fixed, content)
    return out.getvalue()


def xlsx_bytes(title: str, rows: list[list]) -> bytes:
    """A bureau-style workbook: a merged title row, then a two-row header with merged cells."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "generator.sample.enterprises"
    book.properties.created = datetime(2026, 11, 22)
    sheet = book.active
    sheet.title = "自行监测数据"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(CHINESE_HEADER))
    group = CHINESE_HEADER[:7] + ["监测结果", "", ""] + CHINESE_HEADER[10:]
    sheet.append(group)
    sheet.append(["", "", "", "", "", "", "", "监测值", "单位", "标准限值", ""])
    for col in [*range(1, 8), 11]:
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    sheet.merge_cells(start_row=2, start_column=8, end_row=2, end_column=10)
    for row in rows:
        when = row[6]
        sheet.append(
            [
                *row[:6],
                datetime(when.year, when.month, when.day) if not isinstance(when, datetime) else when,
                *row[7:],
            ]
        )
    for cell in sheet["G"][3:]:
        cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue(), "2026-11-22T00:00:00Z")


def write(out_dir: Path, seed: int, start: date, end: date, config) -> list[Path]:
    """Write `{out_dir}/enterprises/*` and return the paths written."""
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, STREAM])
    by_file: dict[str, list[list]] = {}
    for unit in UNITS:
        english = unit.file.endswith("-en.csv")
        by_file.setdefault(unit.file, []).extend(unit_rows(unit, start, end, rng, english))
    written = []
    for name, rows in by_file.items():
        target = folder / name
        if name.endswith(".xlsx"):
            target.write_bytes(xlsx_bytes(f"{rows[0][0]} 自行监测数据（{start} 至 {end}，演示样本）", rows))
        elif name.endswith("-en.csv"):
            target.write_text(_csv_text(ENGLISH_HEADER, rows), encoding="utf-8", newline="")
        elif name.endswith("-gbk.csv"):
            target.write_bytes(_csv_text(CHINESE_HEADER, rows).encode("gbk"))
        else:
            target.write_bytes(_csv_text(CHINESE_HEADER, rows).encode("utf-8-sig"))
        written.append(target)
    penalties = [
        [n, credit_code(org), county, no, day, violation, penalty, fine, status, done]
        for n, org, county, no, day, violation, penalty, fine, status, done in PENALTIES
        if date.fromisoformat(day) <= end
    ]
    target = folder / "处罚及整改.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PENALTY_HEADER)
    writer.writerows(penalties)
    target.write_bytes(out.getvalue().encode("utf-8-sig"))
    written.append(target)
    return written
