"""Column headers of disclosure files: each field and the spellings editors use for it.

Files come from many units and bureaus, with Chinese or English headers, so a column is found by
its alias, compared after `header_key` (full-width to half-width, case and spaces ignored, a
leading '*' for "required" dropped). Two kinds of file are read: self-monitoring records and
penalty/rectification records; a file is a penalty file when it has a decision-number column.
"""

from __future__ import annotations

import unicodedata

# field -> (label shown in messages, aliases)
MONITORING_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": (
        "企业名称",
        (
            "企业名称",
            "单位名称",
            "排污单位名称",
            "企业",
            "enterprise",
            "enterprise name",
            "company",
            "company name",
            "name",
        ),
    ),
    "credit_code": (
        "统一社会信用代码",
        (
            "统一社会信用代码",
            "社会信用代码",
            "信用代码",
            "credit code",
            "unified social credit code",
            "uscc",
            "credit_code",
        ),
    ),
    "county": (
        "县区",
        (
            "县区",
            "县(区)",
            "区县",
            "所在县区",
            "所属县区",
            "所在地区",
            "county",
            "district",
            "county/district",
            "area",
        ),
    ),
    "industry": ("行业", ("行业", "行业类别", "所属行业", "industry")),
    "outlet": (
        "排放口",
        ("排放口", "排放口名称", "排口", "排放口编号", "监测点位", "outlet", "outlet name", "emission point"),
    ),
    "pollutant": (
        "监测项目",
        ("监测项目", "污染物", "污染物名称", "监测因子", "监测指标", "pollutant", "parameter", "item"),
    ),
    "time": (
        "监测时间",
        (
            "监测时间",
            "监测日期",
            "采样时间",
            "采样日期",
            "时间",
            "日期",
            "time",
            "datetime",
            "date",
            "monitoring time",
        ),
    ),
    "value": (
        "监测值",
        (
            "监测值",
            "监测结果",
            "排放浓度",
            "实测浓度",
            "折算浓度",
            "浓度",
            "value",
            "concentration",
            "measured value",
            "result",
        ),
    ),
    "unit": ("单位", ("单位", "计量单位", "浓度单位", "unit", "units")),
    "limit": (
        "标准限值",
        (
            "标准限值",
            "排放限值",
            "限值",
            "执行标准限值",
            "标准值",
            "limit",
            "standard limit",
            "emission limit",
        ),
    ),
    "method": ("监测方式", ("监测方式", "监测方法", "监测类型", "method", "monitoring method")),
    "standard": ("执行标准", ("执行标准", "排放标准", "standard", "emission standard")),
}
# Every field a file must have a column for, but these.
MONITORING_OPTIONAL = ("industry", "method", "standard")
MONITORING_REQUIRED = tuple(f for f in MONITORING_FIELDS if f not in MONITORING_OPTIONAL)

PENALTY_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": MONITORING_FIELDS["name"],
    "credit_code": MONITORING_FIELDS["credit_code"],
    "county": MONITORING_FIELDS["county"],
    "decision_no": (
        "处罚决定书文号",
        (
            "处罚决定书文号",
            "行政处罚决定书文号",
            "决定书文号",
            "文号",
            "decision number",
            "decision no",
            "decision no.",
        ),
    ),
    "decision_date": (
        "处罚日期",
        ("处罚日期", "处罚决定日期", "决定日期", "作出处罚决定日期", "decision date"),
    ),
    "violation": ("违法行为", ("违法行为", "主要违法事实", "违法事实", "违法行为类型", "violation")),
    "penalty": ("处罚内容", ("处罚内容", "处罚结果", "处罚种类", "处罚决定", "penalty")),
    "fine_yuan": ("罚款金额（元）", ("罚款金额(元)", "罚款金额", "罚没金额(元)", "fine", "fine (yuan)")),
    "fine_wan": ("罚款金额（万元）", ("罚款金额(万元)", "罚没金额(万元)", "fine (10k yuan)")),
    "rectification": (
        "整改情况",
        ("整改情况", "整改状态", "整改进展", "rectification", "rectification status"),
    ),
    "rectified_on": ("整改完成日期", ("整改完成日期", "整改完成时间", "rectified on", "rectification date")),
}
PENALTY_OPTIONAL = ("county", "fine_yuan", "fine_wan", "rectified_on")
PENALTY_REQUIRED = tuple(f for f in PENALTY_FIELDS if f not in PENALTY_OPTIONAL)


def header_key(text) -> str:
    """Compare headers as editors mean them: '（万元）' = '(万元)', 'Credit Code' = 'credit code'."""
    key = unicodedata.normalize("NFKC", str(text or "")).lower()
    key = "".join(key.split()).lstrip("*")
    return key


def alias_index(fields: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """header key -> field, for one kind of file."""
    index = {}
    for field, (label, aliases) in fields.items():
        for alias in (label, *aliases):
            index[header_key(alias)] = field
    return index


MONITORING_INDEX = alias_index(MONITORING_FIELDS)
PENALTY_INDEX = alias_index(PENALTY_FIELDS)
