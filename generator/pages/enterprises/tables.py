"""Enterprise records as the pages and their CSV downloads show them: the URLs, the source and
rules lines, the column headings and the printed texts (dates, 超标倍数).
"""

from __future__ import annotations

import pandas as pd

from generator import i18n
from generator.enterprises.vocabulary import pollutants
from generator.i18n import N_, _
from generator.statistics import figures

INDEX_URL = "enterprises/"
VALIDATION_URL = "enterprises/validation/"
# Messages (generator.i18n): translated where they are printed, _(SOURCE).
SOURCE = N_("重点排污单位自行监测及处罚整改公开文件")
RULES = N_("超标：监测值大于文件所列标准限值（单位统一为 mg/m³ 或 kg/h）")

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
# The kinds of disclosure file as the pages name them.
KIND_NAMES = {
    "monitoring": "自行监测",
    "penalty": "处罚及整改",
    "measure": "污染治理措施",
    "response": "应急减排清单",
    "report": "排污许可执行报告",
}
ISSUE_COLUMNS = {"file": "文件", "row": "行号", "column": "列", "message": "问题"}


def unit_url(code: str) -> str:
    return f"enterprises/{code}/"


def area_url(slug: str) -> str:
    """Each county/district's units (area pages link here)."""
    return f"enterprises/area/{slug}/"


def times_over_text(value) -> str:
    """超标倍数 as printed: (C − S) ÷ S to 2 decimals; none for a value that did not exceed."""
    return _("—（未超标）") if figures.is_missing(value) else figures.text(value, "times_over")


def day_text(ts) -> str:
    return "" if ts is None or pd.isna(ts) else ts.strftime("%Y-%m-%d")


def record_table(records: pd.DataFrame) -> pd.DataFrame:
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


def penalty_table(penalties: pd.DataFrame) -> pd.DataFrame:
    return penalties.assign(
        date_text=penalties["decision_date"].map(day_text),
        rectified_text=penalties["rectified_on"].map(day_text),
    )


def chinese(function, *args):
    """`function(*args)` in Chinese: for the words of a unit page's body, which every edition
    publishes in Chinese (marked lang="zh")."""
    with i18n.use(i18n.SOURCE_LANGUAGE):
        return function(*args)
