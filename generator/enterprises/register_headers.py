"""Column headers of the three duty registers of plan §35: control measures (污染治理措施), the
emergency response list (应急减排清单, 一厂一策) and permit execution reports (排污许可执行报告).

Each kind is told apart by one column no other kind has (its `MARK`): a file with a 治理技术
column is a control-measure file, with a 预警级别 column a response list, with a 排污许可证编号
column a report list. Headers are compared like the disclosure files' (headers.header_key).
"""

from __future__ import annotations

from generator.enterprises.headers import MONITORING_FIELDS, alias_index

_IDENTITY = {f: MONITORING_FIELDS[f] for f in ("name", "credit_code", "county")}

MEASURE_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    **_IDENTITY,
    "facility": (
        "设施或排放口",
        (
            "设施或排放口",
            "治理设施",
            "生产设施",
            "设施",
            "排放口",
            "排放口名称",
            "facility",
            "outlet",
            "facility or outlet",
        ),
    ),
    "pollutant": MONITORING_FIELDS["pollutant"],
    "technique": (
        "治理技术",
        ("治理技术", "治理工艺", "污染治理技术", "治理措施", "处理工艺", "technique", "control technique"),
    ),
    "note": ("说明", ("说明", "备注", "技术说明", "note", "notes", "remarks")),
    "since": (
        "投运日期",
        ("投运日期", "投入运行日期", "投运时间", "启用日期", "in service since", "since", "commissioned"),
    ),
    "efficiency": (
        "设计去除效率（%）",
        (
            "设计去除效率(%)",
            "设计去除效率",
            "设计处理效率",
            "去除效率",
            "design efficiency",
            "removal efficiency",
        ),
    ),
}
MEASURE_REQUIRED = ("name", "credit_code", "facility", "pollutant", "technique", "since", "efficiency")

RESPONSE_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    **_IDENTITY,
    "level": ("预警级别", ("预警级别", "预警等级", "响应级别", "warning level", "level")),
    "measure": ("减排措施", ("减排措施", "应急减排措施", "具体措施", "措施", "measure", "measures")),
    "cut": (
        "减排比例（%）",
        ("减排比例(%)", "减排比例", "限产比例(%)", "限产比例", "削减比例", "cut", "cut (%)", "reduction (%)"),
    ),
    "stopped": (
        "停产工序",
        ("停产工序", "停止的工序", "停产设施", "停产生产线", "processes stopped", "stopped"),
    ),
}
RESPONSE_REQUIRED = ("name", "credit_code", "level", "measure", "cut")

REPORT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    **_IDENTITY,
    "permit_no": (
        "排污许可证编号",
        (
            "排污许可证编号",
            "许可证编号",
            "排污许可证号",
            "许可证号",
            "permit number",
            "permit no",
            "permit no.",
        ),
    ),
    "period": ("报告期", ("报告期", "报告周期", "报告期间", "执行报告期", "period", "report period")),
    "due": ("应提交日期", ("应提交日期", "截止日期", "提交期限", "应报日期", "due date", "due")),
    "submitted": (
        "提交日期",
        ("提交日期", "实际提交日期", "报送日期", "submitted", "date submitted", "submitted on"),
    ),
    "link": ("报告链接", ("报告链接", "链接", "公开网址", "网址", "link", "url", "report link")),
}
REPORT_REQUIRED = ("name", "credit_code", "permit_no", "period", "due")

# kind -> (fields, the column that marks the kind, required fields)
REGISTER_KINDS = {
    "measure": (MEASURE_FIELDS, "technique", MEASURE_REQUIRED),
    "response": (RESPONSE_FIELDS, "level", RESPONSE_REQUIRED),
    "report": (REPORT_FIELDS, "permit_no", REPORT_REQUIRED),
}
REGISTER_INDEX = {kind: alias_index(fields) for kind, (fields, _, _) in REGISTER_KINDS.items()}
