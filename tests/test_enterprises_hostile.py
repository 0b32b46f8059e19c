"""Disclosure files against careless and hostile input: cut files, impossible numbers, times with
offsets or in the future, UTF-32, and XLSX bombs that once took gigabytes or minutes.

Each case is a row reported with file, row and field and kept out of the figures, or a clear error
naming the file; never a traceback, and for the bombs never more than 500 MB or a long wait.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from generator.config import load_config
from generator.enterprises.importer import load_folder
from generator.enterprises.reader import read_table
from generator.errors import InputError
from generator.sources.shared.limits import limit
from tests.conftest import ROOT
from tests.test_enterprises_import import CODE, HEADER, row, write

NOW = datetime.fromisoformat("2026-11-23T08:00:00+08:00")  # the build time (tests fix it: TEST_EPOCH)
PENALTY_HEADER = "企业名称,统一社会信用代码,处罚决定书文号,处罚日期,违法行为,处罚内容,整改情况,整改完成日期"


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


def issues(data) -> list[str]:
    return [str(i) for i in data.issues]


# --- 6. A file cut mid-number on its last line -------------------------------------------------------


def test_a_last_line_cut_mid_number_is_kept_out_and_reported(tmp_path, config):
    # The last line should end "…,100,auto": cut after "10" it would publish a false exceedance.
    cut = row(time="2025-01-01 09:00", value="60", limit="100").rsplit(",", 1)[0][:-1]
    assert cut.endswith(",60,mg/m3,10")
    path = tmp_path / "enterprises" / "a.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(f"{HEADER}\n{row()}\n{cut}".encode())
    data = load_folder(tmp_path, config, now=NOW)
    assert list(data.records["row"]) == [2]
    assert not data.records["exceed"].any()
    (issue,) = data.issues
    assert (issue.file, issue.row, issue.column) == ("enterprises/a.csv", 3, "标准限值")
    assert "末行不完整" in issue.message
    assert (data.files[0].accepted, data.files[0].rejected) == (1, 1)


def test_a_complete_last_line_without_a_line_end_is_read(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row(), row(time="2025-01-01 09:00")])  # no final newline
    data = load_folder(tmp_path, config, now=NOW)
    assert len(data.records) == 2 and data.issues == []


# --- 7. Numbers checked after unit conversion --------------------------------------------------------


def test_numbers_impossible_after_conversion_are_refused_by_row(tmp_path, config):
    write(
        tmp_path,
        "a.csv",
        [
            HEADER,
            row(time="2025-01-01 08:00", value="1e308", unit="t/h", limit="1"),  # inf kg/h
            row(time="2025-01-01 09:00", value="20", limit="1e-320"),  # every value an exceedance
            row(time="2025-01-01 10:00", value="90000", limit="35"),  # 9 % SO2 in flue gas
            row(time="2025-01-01 11:00", value="0.05", unit="t/h", limit="0.1"),  # 50 kg/h: plausible
        ],
    )
    data = load_folder(tmp_path, config, now=NOW)
    assert list(data.records["row"]) == [5]
    assert data.records.iloc[0][["value", "unit", "limit"]].tolist() == [50.0, "kg/h", 100.0]
    found = {(i.row, i.column): i.message for i in data.issues}
    assert set(found) == {(2, "监测值"), (3, "标准限值"), (4, "监测值")}
    assert "不是有限的数" in found[(2, "监测值")] and "kg/h" in found[(2, "监测值")]
    assert "超出可信范围（0.01 mg/m³ 至 10000 mg/m³）" in found[(3, "标准限值")]
    assert "不超过 50000 mg/m³" in found[(4, "监测值")]


def test_every_range_in_the_plausibility_table_gives_its_reason():
    from generator.enterprises.plausibility import ranges
    from generator.enterprises.vocabulary import pollutants, units

    table = ranges()
    assert set(table["unit"]) <= set(units()) and set(table["pollutant"]) <= {"*", *pollutants()}
    assert (table["limit_min"] > 0).all() and (table["limit_min"] < table["limit_max"]).all()
    assert (table["reason"].str.len() > 80).all()


# --- 8. Times with an offset, and times after the build time -----------------------------------------


def test_times_with_an_offset_are_converted_to_beijing_time_even_mixed_in_one_file(tmp_path, config):
    write(
        tmp_path,
        "a.csv",
        [
            HEADER,
            row(time="2025-01-01 08:00"),
            row(time="2025-01-01T10:00+08:00"),
            row(time="2025-01-01T03:00Z"),  # 11:00 in Beijing
            row(time="2025-01-01T07:00:00-05:00"),  # 20:00 in Beijing
        ],
    )
    data = load_folder(tmp_path, config, now=NOW)
    assert data.issues == []
    assert [t.strftime("%H:%M") for t in data.records["time"]] == ["08:00", "10:00", "11:00", "20:00"]
    assert str(data.records["time"].dt.tz) == "Asia/Shanghai"


def test_a_time_zone_written_in_words_is_refused_by_row(tmp_path, config):
    # "CST" is China or US Central time: only a numeric offset says which.
    write(tmp_path, "a.csv", [HEADER, row(), row(time="2025-01-01 10:00 CST")])
    data = load_folder(tmp_path, config, now=NOW)
    assert issues(data) == [
        "enterprises/a.csv, row 3, field '监测时间': 监测时间无法识别：“2025-01-01 10:00 CST”"
        "（请写成 2025-01-31 14:00 或 2025-01-31）"
    ]


def test_monitoring_times_after_the_build_time_are_refused_by_row(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row(), row(time="2099-06-01")])
    data = load_folder(tmp_path, config, now=NOW)
    (issue,) = data.issues
    assert (issue.row, issue.column) == (
        3,
        "监测时间",
    ) and "晚于本次生成时间 2026-11-23 08:00" in issue.message
    assert data.as_of == pd.Timestamp("2025-01-01 08:00", tz="Asia/Shanghai")  # not 数据截至 2099-06-01


def test_penalty_dates_after_the_build_time_are_refused_by_row(tmp_path, config):
    write(
        tmp_path,
        "p.csv",
        [
            PENALTY_HEADER,
            f"测试热电有限公司,{CODE},连环罚〔2025〕1号,2025-03-31,超标排放,罚款,已完成整改,2025-06-30",
            f"测试热电有限公司,{CODE},连环罚〔2099〕2号,2099-03-31,超标排放,罚款,整改中,",
            f"测试热电有限公司,{CODE},连环罚〔2025〕3号,2025-04-30,超标排放,罚款,已完成整改,2099-06-30",
        ],
    )
    data = load_folder(tmp_path, config, now=NOW)
    assert list(data.penalties["row"]) == [2]
    assert {(i.row, i.column) for i in data.issues} == {(3, "处罚日期"), (4, "整改完成日期")}


def test_the_build_time_is_the_default_clock(tmp_path, config, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01 08:00 Beijing
    write(tmp_path, "a.csv", [HEADER, row(time="2025-01-01 08:00"), row(time="2025-01-01 09:00")])
    assert [i.row for i in load_folder(tmp_path, config).issues] == [3]


# --- 9. UTF-32 ---------------------------------------------------------------------------------------


def test_a_utf32_csv_with_its_bom_is_decoded(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row()], encoding="utf-32")  # Python writes the BOM
    data = load_folder(tmp_path, config, now=NOW)
    assert data.files[0].encoding == "utf-32" and list(data.records["name"]) == ["测试热电有限公司"]


def test_a_utf32_csv_without_a_bom_is_refused_naming_the_file(tmp_path, config):
    path = write(tmp_path, "a.csv", [HEADER, row()], encoding="utf-32-le")
    with pytest.raises(InputError) as info:
        load_folder(tmp_path, config, now=NOW)
    assert info.value.path == str(path) and "无法识别文件编码" in info.value.detail


def test_station_lists_use_the_same_decoder():
    from generator.sources.archive import stations
    from generator.sources.shared.decoding import decode_text

    assert stations.decode_text is decode_text


# --- Limits on CSV files and cells -------------------------------------------------------------------


def test_a_cell_over_the_length_limit_is_refused_by_row(tmp_path, config):
    write(
        tmp_path,
        "a.csv",
        [HEADER, row(), row(time="2025-01-02", name="长" * (limit("disclosure_cell_chars") + 1))],
    )
    data = load_folder(tmp_path, config, now=NOW)
    (issue,) = data.issues
    assert (issue.row, issue.column) == (3, "企业名称") and "上限" in issue.message


def test_a_csv_over_the_size_limit_is_refused_naming_the_file(tmp_path, config, monkeypatch):
    from generator.sources.shared import limits

    monkeypatch.setitem(limits.LIMITS, "disclosure_file_bytes", limits.Limit(1000, "bytes", "test"))
    path = write(tmp_path, "a.csv", [HEADER] + [row(time=f"2025-01-{d:02d}") for d in range(1, 20)])
    with pytest.raises(InputError) as info:
        load_folder(tmp_path, config, now=NOW)
    assert info.value.path == str(path) and "上限" in info.value.detail


# --- 5. XLSX: streaming, limits checked before parsing, bounded memory -------------------------------

# Reads one file in a fresh interpreter and reports the outcome, the time taken and its peak memory.
# The peak is VmHWM, the high-water mark of this interpreter's own memory: getrusage's ru_maxrss
# would also count the test process it was forked from (Linux keeps it across exec).
MEASURE = """
import json, resource, sys, time
from pathlib import Path
from generator.enterprises.reader import read_table
from generator.errors import InputError
started = time.perf_counter()
try:
    table = read_table(Path(sys.argv[1]))
    outcome = f"read {len(table.cells)} rows"
except InputError as exc:
    outcome = str(exc)
seconds = time.perf_counter() - started
status = Path("/proc/self/status").read_text().split("\\n")
peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak_kb / 1024}))
"""


def measured(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr  # a traceback fails here
    result = json.loads(done.stdout)
    print(path.name, result)  # shown with -s or on failure
    return result


def workbook(path: Path, extra=None) -> Path:
    """A small valid disclosure workbook; `extra(sheet)` adds the hostile part."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(row().split(","))
    if extra:
        extra(sheet)
    book.save(path)
    return path


def with_member(path: Path, member: str, edit) -> Path:
    """Rewrite one XML part of a workbook with `edit(xml) -> xml`."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members[member] = edit(members.get(member, b"").decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def with_sheet_xml(path: Path, edit) -> Path:
    return with_member(path, "xl/worksheets/sheet1.xml", edit)


def test_one_cell_at_xfd1048576_is_refused_fast_in_bounded_memory(tmp_path):
    path = workbook(tmp_path / "far.xlsx", lambda sheet: sheet.cell(row=1_048_576, column=16_384, value="x"))
    assert path.stat().st_size < 10_000
    result = measured(path)
    assert "row 1048576" in result["outcome"] and "超过 100,000 行" in result["outcome"]
    assert result["seconds"] < 10 and result["peak_mb"] < 500


def test_a_value_far_to_the_right_is_refused_naming_the_column(tmp_path):
    path = workbook(tmp_path / "wide.xlsx", lambda sheet: sheet.cell(row=2, column=16_384, value="x"))
    with pytest.raises(InputError) as info:
        read_table(path)
    assert (info.value.path, info.value.row) == (str(path), 2) and "第 16384 列有内容" in info.value.detail


@pytest.mark.slow
def test_a_column_styled_down_to_row_1048576_is_refused_fast_in_bounded_memory(tmp_path):
    styled = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(3, 1_048_577))
    path = with_sheet_xml(
        workbook(tmp_path / "styled.xlsx"), lambda xml: xml.replace("</sheetData>", styled + "</sheetData>")
    )
    result = measured(path)
    assert "仍有行" in result["outcome"] and "row 100001" in result["outcome"]
    assert result["seconds"] < 20 and result["peak_mb"] < 500


def test_a_workbook_inflating_past_the_limit_is_refused_before_parsing(tmp_path):
    # 70 MB of XML whitespace compresses to under 100 KB (the original: 1.35 GB in 3.9 MB).
    padding = " " * (70 * 2**20)
    path = with_sheet_xml(
        workbook(tmp_path / "inflating.xlsx"), lambda xml: xml.replace("<sheetData>", "<sheetData>" + padding)
    )
    assert path.stat().st_size < 1_000_000
    result = measured(path)
    assert "解压后达 70 MB" in result["outcome"] and "64 MB 的上限" in result["outcome"]
    assert result["seconds"] < 5 and result["peak_mb"] < 500


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda xml: xml.replace("</sheetData>", "<row r='3'><c r='A3'>"), id="unclosed elements"
        ),
        pytest.param(lambda xml: xml[: len(xml) // 2], id="cut in half"),
        pytest.param(lambda xml: xml.replace("<sheetData>", "<sheetData>&bogus;"), id="undefined entity"),
    ],
)
def test_malformed_sheet_xml_is_refused_naming_the_file(tmp_path, edit):
    path = with_sheet_xml(workbook(tmp_path / "broken.xlsx"), edit)
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.path == str(path) and info.value.detail.startswith("不是可读的 XLSX 工作簿")


def test_a_file_that_is_not_a_zip_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"<html>login</html>")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.path == str(path) and "XLSX" in info.value.detail


def test_a_merged_range_to_the_end_of_the_sheet_is_clipped_to_the_cells_read(tmp_path):
    # (Written into the XML: openpyxl itself would create all 17 billion merged cells.)
    merge = '<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
    path = with_sheet_xml(
        workbook(tmp_path / "merged.xlsx"), lambda xml: xml.replace("</sheetData>", "</sheetData>" + merge)
    )
    result = measured(path)
    assert result["outcome"] == "read 1 rows"
    assert result["seconds"] < 10 and result["peak_mb"] < 500


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED_REL = (
    '<Relationship Id="rIdShared" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/sharedStrings"/>'
)


@pytest.mark.slow
def test_shared_strings_up_to_the_size_limit_stay_in_bounded_memory(tmp_path):
    # Every shared string is held while the sheet is read: the worst case within the limit on the
    # shared-string part is hundreds of thousands of short distinct strings.
    count = (limit("xlsx_shared_strings_bytes") - 2**10) // len("<si><t>fffffff</t></si>")
    strings = "".join(f"<si><t>{i:07x}</t></si>" for i in range(count))
    shared = f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">{strings}</sst>'
    path = workbook(tmp_path / "strings.xlsx")
    with_member(path, "xl/sharedStrings.xml", lambda _: shared)
    with_member(path, "[Content_Types].xml", lambda xml: xml.replace("</Types>", SHARED_TYPE + "</Types>"))
    with_member(
        path,
        "xl/_rels/workbook.xml.rels",
        lambda xml: xml.replace("</Relationships>", SHARED_REL + "</Relationships>"),
    )
    result = measured(path)
    assert result["outcome"] == "read 1 rows"
    assert result["peak_mb"] < 500


def test_a_shared_string_table_over_its_limit_is_refused_before_parsing(tmp_path):
    path = with_member(
        workbook(tmp_path / "strings.xlsx"),
        "xl/sharedStrings.xml",
        lambda _: " " * (limit("xlsx_shared_strings_bytes") + 1),
    )
    with pytest.raises(InputError) as info:
        read_table(path)
    assert info.value.path == str(path) and "共享文字表" in info.value.detail


# --- Issue 28: dates before any disclosure, invisible characters --------------------------------------


@pytest.mark.parametrize("written", ["1600-06-01 08:00", "1600-06-01", "0025/1/5", "1600年6月1日"])
def test_a_monitoring_time_in_the_year_1600_is_refused_by_row_with_the_window(tmp_path, config, written):
    write(tmp_path, "a.csv", [HEADER, row(), row(time=written)])
    data = load_folder(tmp_path, config, now=NOW)
    (issue,) = data.issues
    assert (issue.row, issue.column) == (3, "监测时间") and "早于 1979 年" in issue.message
    assert len(data.records) == 1  # the good row is kept


def test_a_penalty_dated_1600_is_refused_by_row(tmp_path, config):
    write(
        tmp_path,
        "p.csv",
        [PENALTY_HEADER, f"测试热电有限公司,{CODE},连环罚〔1600〕2号,1600-03-31,超标排放,罚款,整改中,"],
    )
    data = load_folder(tmp_path, config, now=NOW)
    assert data.penalties.empty
    assert [(i.row, i.column) for i in data.issues] == [(2, "处罚日期")]


def test_a_cell_with_a_direction_override_is_refused_by_row_and_column(tmp_path, config):
    write(tmp_path, "a.csv", [HEADER, row(), row(name="测\u202e试热电有限公司")])
    data = load_folder(tmp_path, config, now=NOW)
    (issue,) = data.issues
    assert issue.row == 3 and "U+202E" in issue.message
