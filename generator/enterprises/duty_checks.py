"""Cell checks the three duty registers share (measures, response list, execution reports):
percentages, calendar dates and a register's records under its columns."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from generator.enterprises.checks import RowChecker, checked_times, parse_numbers, quoted, refuse_future

DATE_EXAMPLE = "2025-03-31"


def percentages(check: RowChecker, field: str, what: str, *, allow_zero: bool) -> pd.Series:
    """Percentages as editors write them ('30', '30%', '30 ％'), from 0 (or above 0) to 100."""
    text = check.table.cells[field]
    numbers = parse_numbers(text.str.replace(r"\s*[%％]$", "", regex=True))
    check.flag(text == "", field, f"{what}为空")
    check.flag((text != "") & numbers.isna(), field, lambda at: f"{what}不是数字：" + quoted(text[at]))
    low = (numbers < 0) if allow_zero else (numbers <= 0)
    floor = "0" if allow_zero else "大于 0"
    check.flag(
        low | (numbers > 100),
        field,
        lambda at: f"{what}应在 {floor} 到 100 之间（单位为 %）：" + quoted(text[at]),
    )
    return numbers


def dates(
    check: RowChecker, field: str, what: str, now: datetime | None, advice: str, *, required: bool
) -> pd.Series:
    """Calendar days (Beijing midnight) of a date column; a day after `now` (if given) is refused
    with `advice`."""
    text = check.required_text(field, what) if required else check.table.cells[field]
    days = checked_times(check, field, text, what, DATE_EXAMPLE).dt.normalize()
    if now is not None:
        refuse_future(check, field, text, days, what, now, advice)
    return days


def optional(check: RowChecker, field: str) -> pd.Series:
    """An optional column's cells; "" for each row when the file has no such column."""
    cells = check.table.cells
    return cells[field] if field in cells else pd.Series("", index=cells.index, dtype="string")


def empty_days(check: RowChecker) -> pd.Series:
    return pd.Series(pd.NaT, index=check.table.cells.index, dtype="datetime64[ns, Asia/Shanghai]")
