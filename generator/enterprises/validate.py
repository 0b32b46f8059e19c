"""Self-monitoring rows: check every cell, convert units, and keep bad rows out.

A row is accepted only when every check passes; each failed check is one Issue. Checks run over
whole columns (a file may hold a year of hourly values for many outlets).
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from generator.config import SiteConfig
from generator.enterprises.checks import (
    RowChecker,
    checked_pollutants,
    checked_times,
    drop_repeats,
    identity,
    parse_numbers,
    quoted,
    refuse_future,
)
from generator.enterprises.headers import MONITORING_FIELDS
from generator.enterprises.plausibility import check_plausible
from generator.enterprises.reader import RawTable
from generator.enterprises.vocabulary import (
    accepted_units_text,
    canonical_units,
    conversion,
    map_distinct_pairs,
)

# A record: the file and row it came from, the unit's credit code, then every monitoring field.
RECORD_COLUMNS = ["file", "row", "credit_code", *(f for f in MONITORING_FIELDS if f != "credit_code")]
# What identifies one measurement: the same key twice is a duplicate record.
RECORD_KEY = ["credit_code", "outlet", "pollutant", "time"]

_METHODS = {
    "自动": "自动监测",
    "在线": "自动监测",
    "auto": "自动监测",
    "online": "自动监测",
    "cems": "自动监测",
    "手工": "手工监测",
    "委托": "手工监测",
    "manual": "手工监测",
}


def _method(text: str) -> str:
    low = text.lower()
    return next((name for key, name in _METHODS.items() if key in low), text)


def _numbers(check: RowChecker, field: str, what: str) -> pd.Series:
    text = check.table.cells[field]
    numbers = parse_numbers(text)
    check.flag(
        text == "",
        field,
        f"{what}为空" + ("：无法判断是否超标（请填写该监测项目的排放限值）" if field == "limit" else ""),
    )
    check.flag((text != "") & numbers.isna(), field, lambda at: f"{what}不是数字：" + quoted(text[at]))
    check.flag(numbers < 0, field, lambda at: f"{what}为负数：" + quoted(text[at]))
    if field == "limit":
        check.flag(numbers == 0, field, "标准限值为 0：无法判断是否超标")
    return numbers


def _conversions(pollutants: pd.Series, units: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(published unit, factor into it) per row, NaN where the pollutant or unit is unknown; each
    (pollutant, unit) pair is converted once."""

    def convert(pollutant, unit) -> tuple:
        return (np.nan, np.nan) if pd.isna(pollutant) or pd.isna(unit) else conversion(pollutant, unit)

    converted = map_distinct_pairs(pollutants, units, convert, {"to_unit": "object", "factor": "float64"})
    return converted["to_unit"], converted["factor"]


def check_monitoring(
    table: RawTable, file_label: str, config: SiteConfig, *, now: datetime
) -> tuple[pd.DataFrame, list]:
    """(accepted records, issues) for one self-monitoring table; `now` is the build time."""
    check = RowChecker(table, file_label)
    cells = table.cells
    names, codes, counties = identity(check, config, county_required=True)
    outlets = check.required_text("outlet", "排放口")

    pollutants = checked_pollutants(check, "监测项目", "（见 generator/enterprises/pollutants.toml）")

    written_unit = check.required_text("unit", "单位")
    unit = canonical_units(written_unit)
    check.flag(
        unit.isna() & (written_unit != ""),
        "unit",
        lambda at: "未知单位" + quoted(written_unit[at]) + f"：可用单位 {accepted_units_text()}",
    )

    written_time = check.required_text("time", "监测时间")
    times = checked_times(check, "time", written_time, "监测时间", "2025-01-31 14:00 或 2025-01-31")

    values = _numbers(check, "value", "监测值")
    limits = _numbers(check, "limit", "标准限值")
    # Into the published unit first, then checked: a plausible 1e308 t/h is no plausible kg/h.
    published_unit, factor = _conversions(pollutants, unit)
    with np.errstate(over="ignore"):
        values, limits = values * factor, limits * factor
    check_plausible(check, pollutants, published_unit, values, limits)
    refuse_future(check, "time", written_time, times, "监测时间", now, "未来的监测数据不予公开，请检查年份")

    ok = ~check.bad
    records = pd.DataFrame(
        {
            "file": file_label,
            "row": table.rows,
            "credit_code": codes,
            "name": names,
            "county": counties,
            "industry": cells["industry"] if "industry" in cells else "",
            "outlet": outlets,
            "pollutant": pollutants,
            "time": times,
            "value": values,
            "unit": published_unit,
            "limit": limits,
            "method": cells["method"].map(_method) if "method" in cells else "",
            "standard": cells["standard"] if "standard" in cells else "",
        }
    )[ok]

    message = ("重复记录：与第 ", " 行的企业、排放口、监测项目和监测时间相同")
    records = drop_repeats(check, records, RECORD_KEY, "time", message)
    return records[RECORD_COLUMNS], check.issues
