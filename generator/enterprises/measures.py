"""Control-measure rows (污染治理措施, plan §35): which technique treats which pollutant at which
facility or outlet, since when, and with what design removal efficiency.

Techniques come from a vocabulary (techniques.toml beside this file); another technique is taken
only with a note (说明) saying what it is, and is printed with that note.
"""

from __future__ import annotations

import functools
import tomllib
from datetime import datetime
from pathlib import Path

import pandas as pd

from generator.config import SiteConfig
from generator.enterprises.checks import RowChecker, checked_pollutants, drop_repeats, identity, quoted
from generator.enterprises.duty_checks import dates, optional, percentages
from generator.enterprises.reader import RawTable
from generator.enterprises.vocabulary import map_distinct, term_key

MEASURE_COLUMNS = [
    "file",
    "row",
    "credit_code",
    "name",
    "county",
    "facility",
    "pollutant",
    "technique",
    "listed",
    "note",
    "since",
    "efficiency",
]
MEASURE_KEY = ["credit_code", "facility", "pollutant", "technique"]


@functools.cache
def techniques() -> dict[str, str]:
    """Spelling (term_key) -> the technique's name as printed."""
    rows = tomllib.loads((Path(__file__).with_name("techniques.toml")).read_text(encoding="utf-8"))
    return {term_key(s): r["name"] for r in rows["technique"] for s in (r["name"], *r["aliases"])}


def technique_names() -> list[str]:
    return list(dict.fromkeys(techniques().values()))


def check_measures(
    table: RawTable, file_label: str, config: SiteConfig, *, now: datetime
) -> tuple[pd.DataFrame, list]:
    """(accepted records, issues) for one control-measure table; `now` is the build time."""
    check = RowChecker(table, file_label)
    names, codes, counties = identity(check, config, county_required=False)
    facility = check.required_text("facility", "设施或排放口")
    pollutants = checked_pollutants(check, "污染物")
    written = check.required_text("technique", "治理技术")
    known = map_distinct(written, lambda s: techniques().get(term_key(s)))
    note = optional(check, "note")
    check.flag(
        known.isna() & (written != "") & (note == ""),
        "note" if "note" in table.cells else "technique",
        lambda at: (
            "治理技术"
            + quoted(written[at])
            + "不在常用技术表中：请在“说明”列写明该技术是什么，或改用表中的写法（"
            + "、".join(technique_names()[:8])
            + " 等）"
        ),
    )
    since = dates(check, "since", "投运日期", now, "尚未投运的设施请不要列入", required=True)
    efficiency = percentages(check, "efficiency", "设计去除效率", allow_zero=False)
    records = pd.DataFrame(
        {
            "file": file_label,
            "row": table.rows,
            "credit_code": codes,
            "name": names,
            "county": counties,
            "facility": facility,
            "pollutant": pollutants,
            "technique": map_distinct(written, lambda s: techniques().get(term_key(s), s)),
            "listed": known.notna(),
            "note": note,
            "since": since,
            "efficiency": efficiency,
        }
    )[~check.bad]
    message = ("重复的治理措施：与第 ", " 行的设施、污染物和治理技术相同")
    records = drop_repeats(check, records, MEASURE_KEY, "technique", message)
    return records[MEASURE_COLUMNS], check.issues
