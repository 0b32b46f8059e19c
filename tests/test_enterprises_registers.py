"""The duty registers of plan §35, read like the disclosure files: control measures, the emergency
response list (一厂一策) and permit execution reports.

Each register takes CSV (UTF-8 or GBK) and XLSX, skips blank rows, refuses a bad row with a message
naming the file, the row an editor sees and the column, and refuses a file it cannot read at all.
"""

import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from generator.config import load_config
from generator.enterprises.duties import report_status, response_totals
from generator.enterprises.importer import load_folder
from generator.enterprises.reports import period, permit_problem
from generator.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
CODE = "91350100M000100Y43"  # valid (GB 32100 check character 3)
WRONG = "91350100M000100Y44"
NOW = datetime.fromisoformat("2026-11-23T08:00:00+08:00")
UNIT = "测试热电有限公司"

MEASURES = "企业名称,统一社会信用代码,县区,设施或排放口,污染物,治理技术,说明,投运日期,设计去除效率（%）"
RESPONSES = "企业名称,统一社会信用代码,县区,预警级别,减排措施,减排比例（%）,停产工序"
REPORTS = "企业名称,统一社会信用代码,县区,排污许可证编号,报告期,应提交日期,提交日期,报告链接"
LINK = "https://permit.mee.gov.cn/permitExt/report?id=1"


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


def write(folder: Path, name: str, lines: list[str], encoding="utf-8") -> Path:
    path = folder / "enterprises" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


def load(folder: Path, config):
    return load_folder(folder, config, now=NOW)


def found(data) -> dict[tuple[int, str], str]:
    return {(i.row, i.column): i.message for i in data.issues}


# Control measures


def test_a_gbk_measure_file_with_a_blank_row_is_read_and_techniques_are_named_one_way(tmp_path, config):
    write(
        tmp_path,
        "治理措施.csv",
        [
            MEASURES,
            f"{UNIT},{CODE},海州区,1#锅炉,二氧化硫,石灰石-石膏法,,2017-06-30,98",
            ",,,,,,,,",
            f"{UNIT},{CODE},海州区,1#锅炉,NOx,scr,,2017/6/30,85%",
        ],
        encoding="gbk",
    )
    data = load(tmp_path, config)
    assert data.issues == []
    assert data.files[0].kind == "measure" and data.files[0].encoding == "gbk/gb18030"
    assert list(data.measures["technique"]) == ["石灰石-石膏湿法脱硫", "SCR 脱硝"]
    assert list(data.measures["efficiency"]) == [98.0, 85.0]
    assert list(data.measures["pollutant"]) == ["a21026", "a21002"]


def test_a_technique_outside_the_vocabulary_needs_a_note(tmp_path, config):
    write(
        tmp_path,
        "m.csv",
        [
            MEASURES,
            f"{UNIT},{CODE},海州区,熔炉,NOx,纯氧燃烧,以纯氧代替空气助燃,2022-08-01,60",
            f"{UNIT},{CODE},海州区,熔炉,SO2,臭氧氧化,,2022-08-01,60",
        ],
    )
    data = load(tmp_path, config)
    assert list(data.measures["technique"]) == ["纯氧燃烧"] and not data.measures["listed"].iloc[0]
    assert "臭氧氧化" in found(data)[(3, "说明")] and "请在“说明”列写明" in found(data)[(3, "说明")]


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ((WRONG, "布袋除尘", "2020-01-01", "99"), "统一社会信用代码", "校验位错误"),
        ((CODE, "布袋除尘", "2099-01-01", "99"), "投运日期", "晚于本次生成时间"),
        ((CODE, "布袋除尘", "去年", "99"), "投运日期", "无法识别"),
        ((CODE, "布袋除尘", "2020-01-01", "0"), "设计去除效率（%）", "大于 0 到 100"),
        ((CODE, "布袋除尘", "2020-01-01", "100.5"), "设计去除效率（%）", "大于 0 到 100"),
        ((CODE, "布袋除尘", "2020-01-01", "高"), "设计去除效率（%）", "不是数字"),
        ((CODE, "", "2020-01-01", "99"), "治理技术", "治理技术为空"),
    ],
)
def test_a_bad_measure_row_is_refused_naming_row_and_column(tmp_path, config, cells, column, words):
    code, technique, since, efficiency = cells
    write(
        tmp_path,
        "m.csv",
        [MEASURES, f"{UNIT},{code},海州区,1#,颗粒物,{technique},,{since},{efficiency}"],
    )
    data = load(tmp_path, config)
    assert data.measures.empty
    (issue,) = [i for i in data.issues if i.column == column]
    assert (issue.file, issue.row) == ("enterprises/m.csv", 2) and words in issue.message
    assert str(issue).startswith("enterprises/m.csv, row 2, field")


def test_an_xlsx_measure_file_with_a_title_row(tmp_path, config):
    book = Workbook()
    sheet = book.active
    sheet.append(["污染治理措施（2026）"])
    sheet.append(MEASURES.split(","))
    sheet.append([UNIT, CODE, "海州区", "1#", "颗粒物", "布袋除尘", None, datetime(2020, 1, 1), 99.5])
    (tmp_path / "enterprises").mkdir()
    book.save(tmp_path / "enterprises" / "m.xlsx")
    data = load(tmp_path, config)
    assert data.issues == [] and list(data.measures["efficiency"]) == [99.5]


# Emergency response list


def test_response_levels_are_read_in_the_ways_editors_write_them(tmp_path, config):
    write(
        tmp_path,
        "r.csv",
        [
            RESPONSES,
            f"{UNIT},{CODE},海州区,黄,限产 30%,30,",
            f"{UNIT},{CODE},海州区,橙色预警,限产 40%,40%,",
            f"{UNIT},{CODE},海州区,Red,停产,50,烧结机",
            f"{UNIT},{CODE},海州区,紫色,停产,50,",
        ],
    )
    data = load(tmp_path, config)
    assert list(data.responses["level"]) == ["yellow", "orange", "red"]
    assert list(data.responses["cut"]) == [30.0, 40.0, 50.0]
    assert "应为 黄色、橙色、红色 之一" in found(data)[(5, "预警级别")]


def test_cuts_of_one_level_adding_up_past_100_are_all_refused(tmp_path, config):
    write(
        tmp_path,
        "r.csv",
        [
            RESPONSES,
            f"{UNIT},{CODE},海州区,红色,烧结机停产,60,烧结机",
            f"{UNIT},{CODE},海州区,红色,转炉停产,45,转炉",
            f"{UNIT},{CODE},海州区,橙色,烧结机限产,60,",
        ],
    )
    data = load(tmp_path, config)
    assert list(data.responses["level"]) == ["orange"]
    assert {k for k in found(data)} == {(2, "减排比例（%）"), (3, "减排比例（%）")}
    assert "合计 105%，超过 100%" in found(data)[(2, "减排比例（%）")]


def test_a_units_cuts_stand_beside_the_plans_ratio_and_a_shortfall_is_counted():
    units = pd.DataFrame({"credit_code": ["A", "B"]})
    responses = pd.DataFrame(
        {"credit_code": ["A", "A", "B"], "level": ["orange", "orange", "yellow"], "cut": [25.0, 10.0, 30.0]}
    )
    totals = response_totals(responses, units, {"yellow": 0.3, "orange": 0.4, "red": 0.5}).set_index(
        ["credit_code", "level"]
    )
    assert totals.loc[("A", "orange"), ["measures", "cut", "plan", "shortfall"]].tolist() == [
        2,
        35.0,
        40.0,
        5.0,
    ]
    assert totals.loc[("B", "yellow"), "shortfall"] == 0  # exactly the plan's ratio is enough
    assert pd.isna(totals.loc[("A", "red"), "cut"]) and totals.loc[("A", "red"), "measures"] == 0


# Permit execution reports


def report_row(period="2026Q3", due="2026-10-15", submitted="2026-10-14", link=LINK, permit=None, code=CODE):
    return ",".join([UNIT, code, "海州区", permit or f"{CODE}001P", period, due, submitted, link])


def test_reports_are_read_with_their_periods(tmp_path, config):
    write(
        tmp_path,
        "e.csv",
        [
            REPORTS,
            report_row("2025", "2026-01-15", "2026-01-10"),
            report_row("2026年第3季度"),
            report_row("2026-10", "2026-11-15", "", ""),
        ],
    )
    data = load(tmp_path, config)
    assert data.issues == []
    assert list(data.reports["period"]) == ["2025", "2026-Q3", "2026-10"]
    assert list(data.reports["frequency"]) == ["年报", "季报", "月报"]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (report_row(permit=f"{CODE}01P"), "排污许可证编号", "格式不对"),
        (report_row(permit="91350100M000100Y51001P"), "排污许可证编号", "与本行的统一社会信用代码"),
        (report_row(period="2026Q5"), "报告期", "无法识别"),
        (report_row(period="2026-13"), "报告期", "无法识别"),
        (report_row(due="2026-09-15"), "应提交日期", "早于报告期结束"),
        (report_row(submitted="2026-09-01"), "提交日期", "早于报告期结束"),
        (report_row(submitted="2026-12-01"), "提交日期", "晚于本次生成时间"),
        (report_row(link="https://example.com/r"), "报告链接", "全国排污许可证管理信息平台"),
        (report_row(link="javascript:alert(1)"), "报告链接", "全国排污许可证管理信息平台"),
        (report_row(link=""), "报告链接", "请附上"),
        (report_row(submitted=""), "提交日期", "有报告链接却没有提交日期"),
        (report_row(code=WRONG, permit=f"{WRONG}001P"), "统一社会信用代码", "校验位错误"),
    ],
)
def test_a_bad_report_row_is_refused_naming_row_and_column(tmp_path, config, row, column, words):
    write(tmp_path, "e.csv", [REPORTS, row])
    data = load(tmp_path, config)
    assert data.reports.empty
    messages = [i.message for i in data.issues if i.column == column and i.row == 2]
    assert any(words in m for m in messages), data.issues


def test_a_report_file_missing_a_required_column_stops_the_build(tmp_path, config):
    write(
        tmp_path,
        "e.csv",
        ["企业名称,统一社会信用代码,排污许可证编号,应提交日期", f"{UNIT},{CODE},{CODE}001P,2026-10-15"],
    )
    with pytest.raises(InputError) as caught:
        load(tmp_path, config)
    assert "e.csv" in str(caught.value) and "缺少必需的列：报告期" in str(caught.value)


def test_an_undecodable_register_stops_the_build_naming_the_file(tmp_path, config):
    write(tmp_path, "r.csv", [RESPONSES])
    (tmp_path / "enterprises" / "r.csv").write_bytes(RESPONSES.encode("utf-8") + b"\n\xff\xfe\x00\x81\x00")
    with pytest.raises(InputError) as caught:
        load(tmp_path, config)
    assert "r.csv" in str(caught.value)


def test_report_status_at_the_due_date_and_after():
    day = pd.Timestamp("2026-10-15", tz="Asia/Shanghai")
    reports = pd.DataFrame(
        {
            "due": [day] * 5 + [pd.Timestamp("2026-11-23", tz="Asia/Shanghai")],
            "submitted": [
                day,
                day + pd.Timedelta(days=1),
                pd.NaT,
                day - pd.Timedelta(days=1),
                pd.NaT,
                pd.NaT,
            ],
        }
    ).astype({"submitted": "datetime64[ns, Asia/Shanghai]"})
    status = report_status(reports, NOW)
    # Submitted on the due date is on time; a day after is late; not submitted after it is missing.
    assert list(status["status"]) == ["on_time", "late", "missing", "on_time", "missing", "pending"]
    assert list(status["days_late"].astype("float").fillna(-1)) == [-1, 1, 39, -1, 39, -1]
    assert status["turned_late"].iloc[2] == pd.Timestamp("2026-10-16", tz="Asia/Shanghai")


@given(st.integers(2000, 2100), st.integers(1, 12))
def test_every_month_and_quarter_period_ends_on_its_last_day(year, month):
    frequency, key, _label, end = period(f"{year}年{month}月")
    assert (frequency, key) == ("月报", f"{year}-{month:02d}")
    assert end.month == month and (end + pd.Timedelta(days=1)).day == 1
    quarter = (month - 1) // 3 + 1
    assert period(f"{year}Q{quarter}")[3] == pd.Timestamp(year, 3 * quarter, 1) + pd.offsets.MonthEnd(0)


def test_a_permit_number_is_the_credit_code_a_sequence_and_a_letter():
    assert permit_problem(f"{CODE}001P", CODE) is None
    assert permit_problem(f"{CODE}001", CODE) is not None
    assert permit_problem(f"{CODE}0A1P", CODE) is not None


def test_the_sample_has_every_path(config):
    data = load_folder(ROOT / "data" / "sample", config, now=NOW)
    status = report_status(data.reports, NOW)
    assert {"on_time", "late", "missing", "pending"} <= set(status["status"])
    totals = response_totals(data.responses, data.enterprises, config.warnings["reduction_ratio"])
    assert (totals[totals["level"] == "red"]["measures"] == 0).any()  # a unit with no red measures
    assert (totals["shortfall"] > 0).any()
    defects = {(i.file, i.column) for i in data.issues}
    assert ("enterprises/治理措施-赣榆海澄-gbk.csv", "统一社会信用代码") in defects
    assert {f.encoding for f in data.files if f.kind == "measure"} == {"utf-8", "gbk/gb18030"}
    assert {"measure", "response", "report"} <= {f.kind for f in data.files}


def test_the_editors_guide_examples_are_accepted(tmp_path, config):
    """data/enterprises/README.md shows one example of each register; each reads without an issue."""
    guide = (ROOT / "data" / "enterprises" / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"```csv\n(.*?)```", guide, flags=re.DOTALL)
    assert len(examples) == 3
    for n, example in enumerate(examples):
        write(tmp_path, f"example-{n}.csv", example.strip().splitlines())
    data = load(tmp_path, config)
    assert data.issues == []
    assert {f.kind for f in data.files} == {"measure", "response", "report"}
    assert (len(data.measures), len(data.responses), len(data.reports)) == (1, 1, 1)
