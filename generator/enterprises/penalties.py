"""Penalty and rectification rows: decision number, date, violation, penalty, rectification."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from generator.config import SiteConfig
from generator.enterprises.checks import (
    RowChecker,
    check_counties,
    check_credit_codes,
    parse_numbers,
    parse_times,
    quoted,
)
from generator.enterprises.reader import RawTable
from generator.enterprises.vocabulary import map_distinct, term_key

PENALTY_COLUMNS = [
    "file",
    "row",
    "credit_code",
    "name",
    "county",
    "decision_no",
    "decision_date",
    "violation",
    "penalty",
    "fine",
    "rectification",
    "rectified_on",
]

# The published rectification statuses and how editors write them.
RECTIFICATION = {
    "已完成整改": (
        "已完成整改",
        "已整改",
        "整改完成",
        "完成整改",
        "已完成",
        "rectified",
        "completed",
        "done",
    ),
    "整改中": ("整改中", "正在整改", "进行中", "in progress"),
    "未整改": ("未整改", "未开始", "尚未整改", "not started"),
}
_STATUS = {term_key(s): status for status, spellings in RECTIFICATION.items() for s in spellings}


def check_penalties(
    table: RawTable, file_label: str, config: SiteConfig, *, now: datetime
) -> tuple[pd.DataFrame, list]:
    """(accepted records, issues) for one penalty table; `now` is the build time."""
    check = RowChecker(table, file_label)
    cells = table.cells
    names = check.required_text("name", "企业名称")
    codes = check_credit_codes(check)
    counties = check_counties(check, config, required=False)
    decision_no = check.required_text("decision_no", "处罚决定书文号")
    written_date = check.required_text("decision_date", "处罚日期")
    dates = parse_times(written_date)
    check.flag(
        dates.isna() & (written_date != ""),
        "decision_date",
        "处罚日期无法识别：" + quoted(written_date) + "（请写成 2025-03-31）",
    )
    check.flag(
        dates > now,
        "decision_date",
        "处罚日期" + quoted(written_date) + f"晚于本次生成时间 {now:%Y-%m-%d}：请检查年份",
    )
    violation = check.required_text("violation", "违法行为")
    penalty = check.required_text("penalty", "处罚内容")

    fine = pd.Series(float("nan"), index=cells.index)
    for field, scale in (("fine_yuan", 1.0), ("fine_wan", 10000.0)):
        if field in cells:
            text = cells[field]
            amount = parse_numbers(text)
            check.flag(
                (text != "") & (amount.isna() | (amount < 0)), field, "罚款金额不是非负数字：" + quoted(text)
            )
            fine = fine.fillna(amount * scale)

    written_status = check.required_text("rectification", "整改情况")
    status = map_distinct(written_status, lambda s: _STATUS.get(term_key(s)))
    check.flag(
        status.isna() & (written_status != ""),
        "rectification",
        "整改情况" + quoted(written_status) + f"无法识别：应为 {'、'.join(RECTIFICATION)} 之一",
    )

    rectified_on = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns, Asia/Shanghai]")
    if "rectified_on" in cells:
        text = cells["rectified_on"]
        rectified_on = parse_times(text)
        check.flag(
            rectified_on.isna() & (text != ""),
            "rectified_on",
            "整改完成日期无法识别：" + quoted(text) + "（请写成 2025-06-30）",
        )
        check.flag(
            rectified_on > now,
            "rectified_on",
            "整改完成日期"
            + quoted(text)
            + f"晚于本次生成时间 {now:%Y-%m-%d}：尚未完成的整改请在整改情况中写“整改中”",
        )

    records = pd.DataFrame(
        {
            "file": file_label,
            "row": table.rows,
            "credit_code": codes,
            "name": names,
            "county": counties,
            "decision_no": decision_no,
            "decision_date": dates,
            "violation": violation,
            "penalty": penalty,
            "fine": fine,
            "rectification": status,
            "rectified_on": rectified_on,
        }
    )[~check.bad]
    first_row = records.groupby("decision_no", sort=False)["row"].transform("first")
    duplicate = records.duplicated("decision_no", keep="first")
    check.flag(
        duplicate.reindex(cells.index, fill_value=False),
        "decision_no",
        ("重复的处罚决定书文号：与第 " + first_row.astype(str) + " 行相同").reindex(cells.index),
    )
    return records[~duplicate].reset_index(drop=True)[PENALTY_COLUMNS], check.issues
