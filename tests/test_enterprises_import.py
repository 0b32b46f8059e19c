"""Reading disclosure files: encodings, header spellings, XLSX merged headers, row validation.

Each broken file yields a message naming the file, the row an editor sees and the column; the
rows that are fine are kept, and a bad file never changes what other files contributed.
"""

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from generator.config import load_config
from generator.enterprises.importer import load_folder
from generator.enterprises.xlsx import read_xlsx_grid
from generator.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
HEADER = "企业名称,统一社会信用代码,县区,行业,排放口,监测项目,监测时间,监测值,单位,标准限值,监测方式"
ENGLISH = "Enterprise Name,Credit Code,County,Industry,Outlet,Pollutant,Time,Value,Unit,Limit,Method"
CODE = "91350100M000100Y43"  # valid (GB 32100 check character 3)


def row(
    time="2025-01-01 08:00",
    value="20.5",
    pollutant="SO2",
    unit="mg/m3",
    limit="35",
    code=CODE,
    county="海州区",
    name="测试热电有限公司",
    outlet="1#锅炉排放口",
):
    return ",".join([name, code, county, "power", outlet, pollutant, time, value, unit, limit, "auto"])


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


def write(folder: Path, name: str, lines: list[str], encoding="utf-8") -> Path:
    path = folder / "enterprises" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\n".join(lines).encode(encoding))
    return path


def messages(data) -> list[str]:
    return [str(i) for i in data.issues]


def test_a_good_file_is_read_with_units_and_pollutants_normalised(tmp_path, config):
    write(
        tmp_path,
        "a.csv",
        [
            HEADER,
            row(),
            row(time="2025-01-01 09:00", pollutant="氮氧化物", value="30000", unit="μg/m³", limit="50000"),
        ],
    )
    data = load_folder(tmp_path, config)
    records = data.records
    assert list(records["pollutant"]) == ["a21026", "a21002"]  # HJ 212 codes
    assert list(records["unit"]) == ["mg/m³", "mg/m³"]
    assert list(records["value"]) == [20.5, 30.0]  # µg/m³ -> mg/m³: × 0.001
    assert list(records["limit"]) == [35.0, 50.0]
    assert list(records["county"]) == ["haizhou", "haizhou"]
    assert records["time"].iloc[0] == pd.Timestamp("2025-01-01 08:00", tz="Asia/Shanghai")
    assert data.issues == []
    assert data.files[0].accepted == 2 and data.files[0].rejected == 0


def test_gbk_and_gb18030_files_are_detected(tmp_path, config):
    write(tmp_path, "gbk.csv", [HEADER, row(name="灌南某化工有限公司")], encoding="gbk")
    write(
        tmp_path,
        "gb18030.csv",
        [HEADER, row(name="东海䶮石英有限公司", time="2025-01-02")],
        encoding="gb18030",
    )
    data = load_folder(tmp_path, config)
    assert sorted(data.records["name"]) == ["东海䶮石英有限公司", "灌南某化工有限公司"]
    assert {f.encoding for f in data.files} == {"gbk/gb18030"}


def test_english_headers_and_county_slugs_are_accepted(tmp_path, config):
    write(tmp_path, "en.csv", [ENGLISH, row(county="donghai", pollutant="PM")])
    data = load_folder(tmp_path, config)
    assert data.records.loc[0, "county"] == "donghai"
    assert data.records.loc[0, "pollutant"] == "a34013"


def test_wrong_encoding_fails_naming_the_file(tmp_path, config):
    # A Western-European spreadsheet export (cp1252/latin-1): 'é' followed by ',' is no GB18030 text.
    path = write(
        tmp_path,
        "latin1.csv",
        [ENGLISH, row(name="Café Crème S.A.", county="haizhou", outlet="boiler 1")],
        encoding="latin-1",
    )
    with pytest.raises(InputError) as err:
        load_folder(tmp_path, config)
    assert err.value.path == str(path)
    assert "无法识别文件编码" in str(err.value)


def test_wrong_encoding_is_reported_and_skipped_when_not_strict(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row()])
    write(
        tmp_path,
        "b.csv",
        [ENGLISH, row(name="Café", county="haizhou", outlet="boiler 1")],
        encoding="latin-1",
    )
    data = load_folder(tmp_path, config, strict=False)
    assert len(data.records) == 1
    assert data.files[1].error.startswith("无法识别文件编码")


def test_missing_column_names_the_column(tmp_path, config):
    header = HEADER.replace(",标准限值", "")
    lines = [header, ",".join(row().split(",")[:9] + ["自动监测"])]
    path = write(tmp_path, "nolimit.csv", lines)
    with pytest.raises(InputError) as err:
        load_folder(tmp_path, config)
    assert str(err.value).startswith(f"{path}, row 1: 缺少必需的列：标准限值")


def test_bad_credit_code_rejects_the_row_only(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row(), row(time="2025-01-01 09:00", code="91350100M000100Y44")])
    data = load_folder(tmp_path, config)
    assert messages(data) == [
        "enterprises/a.csv, row 3, field '统一社会信用代码': 统一社会信用代码校验位错误：末位应为 3，实为 4"
    ]
    assert len(data.records) == 1


def test_text_in_a_number_field(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row(value="未检出"), row(time="2025-01-01 09:00", limit="三十五")])
    data = load_folder(tmp_path, config)
    assert messages(data) == [
        "enterprises/a.csv, row 2, field '监测值': 监测值不是数字：“未检出”",
        "enterprises/a.csv, row 3, field '标准限值': 标准限值不是数字：“三十五”",
    ]
    assert data.records.empty


def test_missing_limit_unknown_unit_pollutant_county_and_time(tmp_path, config):
    write(
        tmp_path,
        "a.csv",
        [
            HEADER,
            row(limit=""),
            row(time="2025-01-01 09:00", unit="ppm"),
            row(time="2025-01-01 10:00", pollutant="臭鸡蛋味"),
            row(time="2025-01-01 11:00", county="火星区"),
            row(time="2025-13-45 25:00"),
        ],
    )
    found = messages(load_folder(tmp_path, config))
    assert found[0] == (
        "enterprises/a.csv, row 2, field '标准限值': 标准限值为空：无法判断是否超标"
        "（请填写该监测项目的排放限值）"
    )
    assert found[1].startswith(
        "enterprises/a.csv, row 3, field '单位': 未知单位“ppm”：可用单位 mg/m³、µg/m³、kg/h"
    )
    assert found[2].startswith("enterprises/a.csv, row 4, field '监测项目': 未知监测项目“臭鸡蛋味”")
    assert found[3].startswith("enterprises/a.csv, row 5, field '县区': 未知县区“火星区”")
    assert found[4].startswith(
        "enterprises/a.csv, row 6, field '监测时间': 监测时间无法识别：“2025-13-45 25:00”"
    )


def test_duplicate_rows_keep_the_first(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row(), row(value="99")])
    data = load_folder(tmp_path, config)
    assert messages(data) == [
        "enterprises/a.csv, row 3, field '监测时间': "
        "重复记录：与第 2 行的企业、排放口、监测项目和监测时间相同"
    ]
    assert list(data.records["value"]) == [20.5]


def test_the_same_record_in_a_later_file_is_reported_there(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row()])
    write(tmp_path, "b.csv", [HEADER, row(time="2025-01-01 09:00"), row()])
    data = load_folder(tmp_path, config)
    assert messages(data) == [
        "enterprises/b.csv, row 3, field '监测时间': "
        "重复记录：与 enterprises/a.csv 第 2 行相同，已采用先读入的文件"
    ]
    assert [(f.accepted, f.rejected) for f in data.files] == [(1, 0), (1, 1)]


def test_accepted_data_is_unchanged_after_a_bad_file(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row(), row(time="2025-01-01 09:00", value="40")])
    before = load_folder(tmp_path, config).records
    write(
        tmp_path,
        "b.csv",
        [HEADER, row(time="2025-01-02", value="abc"), row(code="123"), row(time="2025-01-03", value="7")],
    )
    after = load_folder(tmp_path, config)
    pd.testing.assert_frame_equal(after.records[after.records["file"] == "enterprises/a.csv"], before)
    assert len(after.records) == 3


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["某单位 2025 年自行监测数据"])
    sheet.merge_cells("A1:K1")
    sheet.append(
        [
            "企业名称",
            "统一社会信用代码",
            "县区",
            "行业",
            "排放口",
            "监测项目",
            "监测时间",
            "监测结果",
            None,
            None,
            "监测方式",
        ]
    )
    sheet.append([None, None, None, None, None, None, None, "监测值", "单位", "标准限值", None])
    for col in "ABCDEFGK":
        sheet.merge_cells(f"{col}2:{col}3")
    sheet.merge_cells("H2:J2")
    for r in rows:
        sheet.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def test_xlsx_with_a_title_and_merged_two_row_header(tmp_path, config):
    import datetime as dt

    _xlsx(
        tmp_path / "enterprises" / "a.xlsx",
        [
            [
                "测试热电有限公司",
                CODE,
                "海州区",
                "火力发电",
                "1#",
                "SO2",
                dt.datetime(2025, 1, 1, 8),
                36.0,
                "mg/m³",
                35,
                "自动",
            ],
            [
                "测试热电有限公司",
                CODE,
                "海州区",
                "火力发电",
                "1#",
                "SO2",
                dt.datetime(2025, 1, 1, 9),
                "x",
                "mg/m³",
                35,
                "自动",
            ],
        ],
    )
    data = load_folder(tmp_path, config)
    assert len(data.records) == 1
    assert bool(data.records.loc[0, "exceed"])
    # Row numbers are the spreadsheet's: title row 1, header rows 2-3, data from row 4.
    assert messages(data) == ["enterprises/a.xlsx, row 5, field '监测值': 监测值不是数字：“x”"]
    assert data.files[0].encoding == "xlsx"


def test_xlsx_inline_strings_are_read_as_their_text_in_every_form(tmp_path):
    # Many exporters write every text cell as an inline string; plain, formatted (runs), with a
    # phonetic guide (not part of the text), with spaces kept, empty, and without a cell reference.
    cells = [
        '<c r="A1" t="inlineStr"><is><t>企业名称</t></is></c>',
        '<c r="B1" t="inlineStr"><is><r><t>监测</t></r><r><rPr><b/></rPr><t>项目</t></r></is></c>',
        '<c r="C1" t="inlineStr"><is><t>县区</t><rPh sb="0" eb="2"><t>けんく</t></rPh></is></c>',
        '<c t="inlineStr"><is><t xml:space="preserve"> 海州区 </t></is></c>',
        '<c r="E1" t="inlineStr"><is><t/></is></c>',
        '<c r="F1" t="inlineStr"><is><t>35</t></is></c>',
    ]
    path = tmp_path / "inline.xlsx"
    Workbook().save(path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    assert "<sheetData></sheetData>" in sheet
    sheet = sheet.replace(
        "<sheetData></sheetData>", f'<sheetData><row r="1">{"".join(cells)}</row></sheetData>'
    )
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert read_xlsx_grid(path) == [["企业名称", "监测项目", "县区", " 海州区 ", "", "35"]]


def test_an_xlsx_that_is_not_a_workbook(tmp_path, config):
    path = tmp_path / "enterprises" / "fake.xlsx"
    path.parent.mkdir(parents=True)
    path.write_text("企业名称,统一社会信用代码", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_folder(tmp_path, config)
    assert "不是可读的 XLSX 工作簿" in str(err.value)


PENALTY_HEADER = (
    "企业名称,统一社会信用代码,处罚决定书文号,处罚日期,违法行为,处罚内容,罚款金额（万元）,整改情况"
)


def test_penalty_files_are_recognised_and_checked(tmp_path, config):
    write(
        tmp_path,
        "p.csv",
        [
            PENALTY_HEADER,
            f"测试热电有限公司,{CODE},连环罚〔2025〕1号,2025-03-01,超标排放,罚款,12.5,已整改",
            f"测试热电有限公司,{CODE},连环罚〔2025〕2号,2025-04-01,超标排放,罚款,,还没想好",
            f"测试热电有限公司,{CODE},连环罚〔2025〕1号,2025-05-01,超标排放,罚款,1,整改中",
        ],
    )
    data = load_folder(tmp_path, config)
    assert data.files[0].kind == "penalty"
    penalty = data.penalties.iloc[0]
    assert (penalty["fine"], penalty["rectification"]) == (125000.0, "已完成整改")
    assert messages(data) == [
        "enterprises/p.csv, row 3, field '整改情况': "
        "整改情况“还没想好”无法识别：应为 已完成整改、整改中、未整改 之一",
        "enterprises/p.csv, row 4, field '处罚决定书文号': 重复的处罚决定书文号：与第 2 行相同",
    ]
    assert list(data.enterprises["credit_code"]) == [CODE]


def test_the_sample_folder_reads_without_issues_but_its_deliberate_defects(config):
    data = load_folder(ROOT / "data" / "sample", config)
    # One file carries the usual defects on purpose (generator/sample/unit_registers.py): a wrong
    # credit code and a technique without its note; every other row of every file is accepted.
    assert {(i.file, i.row, i.column) for i in data.issues} == {
        ("enterprises/治理措施-赣榆海澄-gbk.csv", 6, "统一社会信用代码"),
        ("enterprises/治理措施-赣榆海澄-gbk.csv", 7, "说明"),
    }
    assert {f.encoding for f in data.files} == {"utf-8", "gbk/gb18030", "xlsx"}
    assert len(data.enterprises) >= 4
    assert data.records["exceed"].any()
    assert (data.penalties["rectification"] == "已完成整改").any()
