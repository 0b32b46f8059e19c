"""Penalty and rectification rows: decision number, date, violation, penalty, rectification."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from generator.config import SiteConfig
from generator.enterprises.checks import (
    RowChecker,
    checked_times,
    drop_repeats,
    identity,
    parse_numbers,
    quoted,
    refuse_future,
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
    names, codes, counties = identity(check, config, county_required=False)
    decision_no = check.required_text("decision_no", "处罚决定书文号")
    written_date = check.required_text("decision_date", "处罚日期")
    dates = checked_times(check, "decision_date", written_date, "处罚日期", "2025-03-31")
    refuse_future(check, "decision_date", written_date, dates, "处罚日期", now, "请检查年份")
    violation = check.required_text("violation", "违法行为")
    penalty = check.required_text("penalty", "处罚内容")

    fine = pd.Series(float("nan"), index=cells.index)
    for field, scale in (("fine_yuan", 1.0), ("fine_wan", 10000.0)):
        if field in cells:
            text = cells[field]
            amount = parse_numbers(text)
            check.flag(
                (text != "") & (amount.isna() | (amount < 0)),
                field,
                lambda at, text=text: "罚款金额不是非负数字：" + quoted(text[at]),
            )
            fine = fine.fillna(amount * scale)

    written_status = check.required_text("rectification", "整改情况")
    status = map_distinct(written_status, lambda s: _STATUS.get(term_key(s)))
    check.flag(
        status.isna() & (written_status != ""),
        "rectification",
        lambda at: (
            "整改情况" + quoted(written_status[at]) + f"无法识别：应为 {'、'.join(RECTIFICATION)} 之一"
        ),
    )

    rectified_on = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns, Asia/Shanghai]")
    if "rectified_on" in cells:
        text = cells["rectified_on"]
        rectified_on = checked_times(check, "rectified_on", text, "整改完成日期", "2025-06-30")
        refuse_future(
            check,
            "rectified_on",
            text,
            rectified_on,
            "整改完成日期",
            now,
            "尚未完成的整改请在整改情况中写“整改中”",
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
    records = drop_repeats(
        check, records, "decision_no", "decision_no", ("重复的处罚决定书文号：与第 ", " 行相同")
    )
    return records[PENALTY_COLUMNS], check.issues
