"""The sample's duty registers (plan §35): control measures, the emergency response list and permit
execution reports of the five sample units (generator/sample/enterprises.py), with no randomness.

Every path of the pages is on show: a report submitted late, one not submitted, one not yet due; a
unit with nothing listed at red level and one whose orange cuts fall short of the plan's ratio; a
technique outside the vocabulary with its note. One file carries the usual defects, as editors send
them: a GBK file with a blank row, a wrong credit code and a technique with no note (both rows
refused, the rest accepted), so the validation report shows them.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from generator.sample.enterprises import FOLDER, UNITS, credit_code, stable_zip

_CODES = {u.name: credit_code(u.org) for u in UNITS}
_COUNTY = {u.name: u.county for u in UNITS}
PLANT, REFINERY, STEEL, CHEMICALS, QUARTZ = (u.name for u in UNITS)

MEASURE_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "县区",
    "设施或排放口",
    "污染物",
    "治理技术",
    "说明",
    "投运日期",
    "设计去除效率（%）",
]
MEASURES = [
    (PLANT, "1#锅炉烟囱", "二氧化硫", "石灰石-石膏湿法脱硫", "", "2017-06-30", "98"),
    (PLANT, "1#锅炉烟囱", "氮氧化物", "SCR 脱硝", "", "2017-06-30", "85"),
    (PLANT, "1#锅炉烟囱", "颗粒物", "电袋复合除尘", "", "2017-06-30", "99.9"),
    (REFINERY, "催化裂化再生烟气排放口", "SO2", "石灰石-石膏法", "", "2019-10-15", "95"),
    (REFINERY, "加热炉排放口", "NOx", "低氮燃烧", "", "2020-05-01", "50"),
    (CHEMICALS, "RTO焚烧炉排放口", "非甲烷总烃", "RTO", "", "2021-03-18", "97"),
    (CHEMICALS, "工艺废气排放口", "氯化氢", "碱液喷淋", "", "2021-03-18", "90"),
    (QUARTZ, "Melting furnace outlet", "颗粒物", "布袋除尘", "", "2022-08-01", "99"),
    (
        QUARTZ,
        "Melting furnace outlet",
        "氮氧化物",
        "纯氧燃烧",
        "以纯氧代替空气助燃，从源头减少热力型氮氧化物",
        "2022-08-01",
        "60",
    ),
]
# The steel works' measures arrive as a GBK file with the usual defects (see the module text).
STEEL_MEASURES = [
    (STEEL, "烧结机头排放口", "二氧化硫", "石灰石-石膏湿法脱硫", "", "2018-12-20", "97"),
    None,  # a blank row, as a spreadsheet leaves between blocks
    (STEEL, "烧结机头排放口", "氮氧化物", "活性焦脱硫脱硝", "", "2020-11-30", "80"),
    (STEEL, "转炉二次除尘排放口", "颗粒物", "布袋除尘", "", "2018-12-20", "99.5"),
    # Two characters of the credit code swapped: the check character no longer fits.
    ("wrong-code", "烧结机尾排放口", "颗粒物", "电除尘", "", "2018-12-20", "99"),
    (STEEL, "烧结机头排放口", "氮氧化物", "臭氧氧化脱硝", "", "2020-11-30", "60"),  # no note
]

RESPONSE_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "县区",
    "预警级别",
    "减排措施",
    "减排比例（%）",
    "停产工序",
]
RESPONSES = [
    (PLANT, "黄色", "降低机组负荷至 80%，加大脱硫剂投加量", "30", ""),
    (PLANT, "橙色", "降低机组负荷至 70%", "40", ""),
    (PLANT, "红色", "降低机组负荷至 60%，停止燃煤储运作业", "50", "输煤栈桥"),
    (REFINERY, "黄色", "催化裂化装置降量 30% 运行", "30", ""),
    (REFINERY, "橙色", "催化裂化装置降量 30% 运行", "30", ""),
    (REFINERY, "橙色", "停止油品装车作业", "10", "汽车装车站"),
    (REFINERY, "红色", "催化裂化装置降量 50% 运行，停止油品装车", "50", "汽车装车站"),
    (STEEL, "黄色", "烧结机限产 30%", "30", ""),
    (STEEL, "橙色", "烧结机限产 30%，停止厂内物料倒运", "35", "料场倒运"),
    (STEEL, "红色", "烧结机停产，转炉限产 50%", "55", "烧结机"),
    (CHEMICALS, "黄色", "涉 VOCs 工序限产 30%", "30", ""),
    (CHEMICALS, "橙色", "涉 VOCs 工序限产 40%，停止储罐清洗", "40", "储罐清洗"),
    (CHEMICALS, "红色", "涉 VOCs 工序停产", "60", "合成、精馏工序"),
    # The quartz works lists nothing at red level: its page and the red list say so.
    (QUARTZ, "黄色", "熔制炉降温保温运行", "30", ""),
    (QUARTZ, "橙色", "熔制炉降温保温运行，停止原料破碎", "40", "原料破碎"),
]

REPORT_HEADER = [
    "企业名称",
    "统一社会信用代码",
    "县区",
    "排污许可证编号",
    "报告期",
    "应提交日期",
    "提交日期",
    "报告链接",
]
_LINK = "https://permit.mee.gov.cn/permitExt/syssb/xkgg/xkgg!report.action?id={}"
REPORTS = [
    (PLANT, "2025", "2026-01-15", "2026-01-10"),
    (PLANT, "2026Q1", "2026-04-15", "2026-04-12"),
    (PLANT, "2026Q2", "2026-07-15", "2026-07-14"),
    (PLANT, "2026Q3", "2026-10-15", "2026-10-11"),
    (REFINERY, "2025", "2026-01-15", "2026-01-14"),
    (REFINERY, "2026-09", "2026-10-15", "2026-10-15"),
    (REFINERY, "2026-10", "2026-11-15", ""),  # missing
    (REFINERY, "2026-11", "2026-12-15", ""),  # not yet due
    (STEEL, "2025", "2026-01-15", "2026-01-13"),
    (STEEL, "2026Q2", "2026-07-15", "2026-07-15"),
    (STEEL, "2026Q3", "2026-10-15", "2026-10-28"),  # late
    (CHEMICALS, "2025", "2026-01-15", "2026-01-09"),
    (CHEMICALS, "2026Q3", "2026-10-15", "2026-10-14"),
    (QUARTZ, "2025", "2026-01-15", "2026-01-15"),
]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _identity(name: str) -> list[str]:
    if name == "wrong-code":
        code = _CODES[STEEL]
        return [STEEL, code[:10] + code[11] + code[10] + code[12:], _COUNTY[STEEL]]
    return [name, _CODES[name], _COUNTY[name]]


def _response_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.properties.creator = "generator.sample.unit_registers"
    book.properties.created = datetime(2026, 11, 22)
    sheet = book.active
    sheet.title = "应急减排清单"
    sheet.append(["重污染天气应急减排清单（一厂一策，演示样本）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(RESPONSE_HEADER))
    sheet.append(RESPONSE_HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return stable_zip(buffer.getvalue(), "2026-11-22T00:00:00Z")


def write(out_dir: Path, seed: int, start: date, end: date, config) -> list[Path]:
    """Write the three registers into `{out_dir}/enterprises/`; rows dated after `end` are left out."""
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    measures = [[*_identity(m[0]), *m[1:]] for m in MEASURES if date.fromisoformat(m[5]) <= end]
    steel = [[*_identity(m[0]), *m[1:]] if m else [""] * len(MEASURE_HEADER) for m in STEEL_MEASURES]
    responses = [[*_identity(r[0]), *r[1:]] for r in RESPONSES]
    reports = []
    for n, (name, period, due, submitted) in enumerate(REPORTS, 1):
        if submitted and date.fromisoformat(submitted) > end:
            submitted = ""
        code = _CODES[name]
        link = _LINK.format(f"{code}{n:04d}") if submitted else ""
        reports.append([*_identity(name), f"{code}001P", period, due, submitted, link])
    files = {
        "治理措施.csv": _csv(MEASURE_HEADER, measures).encode("utf-8-sig"),
        "治理措施-赣榆海澄-gbk.csv": _csv(MEASURE_HEADER, steel).encode("gbk"),
        "应急减排清单.xlsx": _response_xlsx(responses),
        "排污许可执行报告.csv": _csv(REPORT_HEADER, reports).encode("utf-8-sig"),
    }
    written = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written
