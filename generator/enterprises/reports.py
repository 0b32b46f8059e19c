"""Permit execution report rows (排污许可证执行报告, plan §35): which report of which permit is
due when, when it was submitted, and where it is on the national permit platform.

A permit number (许可证编号, HJ 608-2017) is the unit's 18-character credit code, a 3-digit
sequence number and one capital letter (91130200699229617X001P). A report's period is a year
(2025), a quarter (2025Q3, 2025年第3季度) or a month (2025-03, 2025年3月), as the permit requires.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from urllib.parse import urlsplit

import pandas as pd

from generator.config import SiteConfig
from generator.enterprises.checks import RowChecker, drop_repeats, identity, quoted
from generator.enterprises.duty_checks import dates, empty_days, optional
from generator.enterprises.reader import RawTable
from generator.enterprises.vocabulary import map_distinct

REPORT_COLUMNS = [
    "file",
    "row",
    "credit_code",
    "name",
    "county",
    "permit_no",
    "frequency",
    "period",
    "period_label",
    "period_end",
    "due",
    "submitted",
    "link",
]
REPORT_KEY = ["credit_code", "permit_no", "period"]
# The national permit platform (全国排污许可证管理信息平台) publishes the reports; a link elsewhere
# is no link to the published report.
PLATFORM_HOSTS = ("permit.mee.gov.cn",)
PERMIT_NO = re.compile(r"^[0-9A-Z]{18}[0-9]{3}[A-Z]$")

_CHINESE_DIGIT = {"一": "1", "二": "2", "三": "3", "四": "4"}
_YEAR = re.compile(r"^(\d{4})(?:年度?)?$")
_QUARTER = re.compile(r"^(\d{4})(?:[-/]?q([1-4])|年第?([1-4一二三四])季度?)$")
_MONTH = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月份?)$")


def period(text: str) -> tuple[str, str, str, pd.Timestamp] | None:
    """(frequency, key, label, last day) of a report period as written; None if it is none."""
    key = "".join(unicodedata.normalize("NFKC", text).lower().split())
    if m := _YEAR.match(key):
        year = int(m[1])
        return "年报", f"{year}", f"{year}年", pd.Timestamp(year, 12, 31)
    if m := _QUARTER.match(key):
        year, q = int(m[1]), int(_CHINESE_DIGIT.get(m[3], m[3]) if m[3] else m[2])
        end = pd.Timestamp(year, 3 * q, 1) + pd.offsets.MonthEnd(0)
        return "季报", f"{year}-Q{q}", f"{year}年第{q}季度", end
    if (m := _MONTH.match(key)) and 1 <= int(m[2] or m[3]) <= 12:
        year, month = int(m[1]), int(m[2] or m[3])
        return (
            "月报",
            f"{year}-{month:02d}",
            f"{year}年{month}月",
            pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(0),
        )
    return None


def permit_problem(number: str, code: str) -> str | None:
    if not PERMIT_NO.match(number):
        return (
            "排污许可证编号格式不对：应为 18 位统一社会信用代码 + 3 位顺序号 + 1 位大写字母"
            "（共 22 位，如 …001P）"
        )
    if number[:18] != code:
        return f"排污许可证编号的前 18 位 {number[:18]} 与本行的统一社会信用代码 {code} 不同"
    return None


def link_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in PLATFORM_HOSTS or " " in url:
        return "报告链接应为全国排污许可证管理信息平台（" + "、".join(PLATFORM_HOSTS) + "）上的网址"
    return None


def check_reports(
    table: RawTable, file_label: str, config: SiteConfig, *, now: datetime
) -> tuple[pd.DataFrame, list]:
    """(accepted records, issues) for one execution-report table; `now` is the build time."""
    check = RowChecker(table, file_label)
    names, codes, counties = identity(check, config, county_required=False)
    permit = check.required_text("permit_no", "排污许可证编号").map(lambda s: "".join(s.split()).upper())
    problems = pd.Series(
        [permit_problem(p, c) for p, c in zip(permit, codes, strict=True)], index=permit.index
    )
    check.flag(problems.notna() & (permit != ""), "permit_no", problems)

    written_period = check.required_text("period", "报告期")
    parsed = map_distinct(written_period, period)
    check.flag(
        parsed.isna() & (written_period != ""),
        "period",
        lambda at: (
            "报告期"
            + quoted(written_period[at])
            + "无法识别：请写成 2025（年报）、2025Q3（季报）或 2025-03（月报）"
        ),
    )
    parts = pd.DataFrame(
        [p if isinstance(p, tuple) else ("", "", "", pd.NaT) for p in parsed],
        columns=["frequency", "period", "period_label", "period_end"],
        index=parsed.index,
    )
    period_end = pd.to_datetime(parts["period_end"]).dt.tz_localize("Asia/Shanghai")
    due = dates(check, "due", "应提交日期", None, "", required=True)
    check.flag(
        due < period_end, "due", lambda at: "应提交日期早于报告期结束：" + quoted(table.cells["due"][at])
    )

    submitted = empty_days(check)
    if "submitted" in table.cells:
        submitted = dates(check, "submitted", "提交日期", now, "尚未提交的报告请留空", required=False)
        check.flag(
            submitted < period_end,
            "submitted",
            lambda at: "提交日期早于报告期结束：" + quoted(table.cells["submitted"][at]),
        )
    link = optional(check, "link")
    link_problems = map_distinct(link[link != ""], link_problem).reindex(link.index)
    check.flag(link_problems.notna(), "link", link_problems)
    check.flag(
        submitted.notna() & (link == ""),
        "link" if "link" in table.cells else "submitted",
        "已提交的报告请附上它在全国排污许可证管理信息平台上的链接",
    )
    check.flag(submitted.isna() & (link != ""), "submitted", "有报告链接却没有提交日期：请填写提交日期")

    records = pd.DataFrame(
        {
            "file": file_label,
            "row": table.rows,
            "credit_code": codes,
            "name": names,
            "county": counties,
            "permit_no": permit,
            **{c: parts[c] for c in ("frequency", "period", "period_label")},
            "period_end": period_end,
            "due": due,
            "submitted": submitted,
            "link": link,
        }
    )[~check.bad]
    message = ("重复的执行报告：与第 ", " 行的许可证编号和报告期相同")
    records = drop_repeats(check, records, REPORT_KEY, "period", message)
    return records[REPORT_COLUMNS], check.issues
