"""Emergency response rows (应急减排清单, 一厂一策, plan §27 and §35): what each unit does at each
warning level, and the cut in its production or emissions.

A row's cut is its share of the unit's whole emissions (占全厂排放量的比例), so a unit's cuts at one
level add up to its cut at that level; a unit whose cuts at one level add up to more than 100%
has every row at that level refused, since no figure of them can be right.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from generator.config import SiteConfig
from generator.enterprises.checks import RowChecker, drop_repeats, identity, quoted
from generator.enterprises.duty_checks import optional, percentages
from generator.enterprises.reader import RawTable
from generator.enterprises.vocabulary import map_distinct, term_key

RESPONSE_COLUMNS = ["file", "row", "credit_code", "name", "county", "level", "measure", "cut", "stopped"]
RESPONSE_KEY = ["credit_code", "level", "measure"]
LEVELS = {"yellow": "黄色", "orange": "橙色", "red": "红色"}
_SPELLINGS = {
    "yellow": ("黄", "黄色", "黄色预警", "Ⅲ级", "III级", "三级", "yellow"),
    "orange": ("橙", "橙色", "橙色预警", "Ⅱ级", "II级", "二级", "orange"),
    "red": ("红", "红色", "红色预警", "Ⅰ级", "I级", "一级", "red"),
}
_LEVEL = {term_key(s): level for level, spellings in _SPELLINGS.items() for s in spellings}


def check_responses(
    table: RawTable, file_label: str, config: SiteConfig, *, now: datetime
) -> tuple[pd.DataFrame, list]:
    """(accepted records, issues) for one response list; `now` is unused (the list has no dates)."""
    check = RowChecker(table, file_label)
    names, codes, counties = identity(check, config, county_required=False)
    written = check.required_text("level", "预警级别")
    levels = map_distinct(written, lambda s: _LEVEL.get(term_key(s)))
    check.flag(
        levels.isna() & (written != ""),
        "level",
        lambda at: "预警级别" + quoted(written[at]) + "无法识别：应为 黄色、橙色、红色 之一",
    )
    measure = check.required_text("measure", "减排措施")
    cut = percentages(check, "cut", "减排比例", allow_zero=True)
    records = pd.DataFrame(
        {
            "file": file_label,
            "row": table.rows,
            "credit_code": codes,
            "name": names,
            "county": counties,
            "level": levels,
            "measure": measure,
            "cut": cut,
            "stopped": optional(check, "stopped"),
        }
    )[~check.bad]
    message = ("重复的减排措施：与第 ", " 行的单位、预警级别和措施相同")
    records = drop_repeats(check, records, RESPONSE_KEY, "measure", message)
    total = records.groupby(["credit_code", "level"])["cut"].transform("sum").round(1)
    over = total > 100
    if over.any():
        sums = dict(zip(records["row"], total, strict=True))
        check.flag(
            table.rows.isin(records.loc[over, "row"]),
            "cut",
            lambda at: table.rows[at].map(
                lambda r: (
                    f"本单位该级别各项措施的减排比例合计 {sums[r]:g}%，超过 100%：请按占全厂排放量的比例填写"
                )
            ),
        )
        records = records[~over]
    return records[RESPONSE_COLUMNS].reset_index(drop=True), check.issues
