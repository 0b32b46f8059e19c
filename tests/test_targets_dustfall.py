"""Dust-fall files: read tidy monthly values per county/district, refuse bad rows by file, row and field."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from generator.config import load_config
from generator.errors import InputError
from generator.sample import dustfall as sample_dustfall
from generator.sources.registers.dustfall import read_dustfall
from generator.statistics.dustfall import yearly_assessment
from tests.conftest import ROOT

CONFIG = load_config(ROOT / "data" / "site.toml")
HEADER = "area,month,value_t_per_km2_month,points\n"


def write(tmp_path, text, name="dustfall.csv", encoding="utf-8"):
    folder = tmp_path / "dustfall"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text.encode(encoding))
    return tmp_path


def test_a_data_folder_without_dustfall_files_gives_an_empty_table(tmp_path):
    assert read_dustfall(tmp_path, CONFIG).empty


def test_areas_may_be_named_in_chinese_or_by_slug_and_rows_come_back_sorted(tmp_path):
    data = write(tmp_path, HEADER + "东海县,2025-02,5.1,4\ndonghai,2025-01,4.0,4\n")
    frame = read_dustfall(data, CONFIG)
    assert list(frame["area"]) == ["donghai", "donghai"]
    assert list(frame["month"]) == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-02-01")]
    assert list(frame["value"]) == [4.0, 5.1]
    assert list(frame["row"]) == [3, 2]  # the line an editor sees in the file


def test_a_byte_order_mark_from_a_spreadsheet_is_accepted(tmp_path):
    data = write(tmp_path, "\ufeff" + HEADER + "海州区,2025-01,4.0,3\n")
    assert len(read_dustfall(data, CONFIG)) == 1


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("南京市,2025-01,4.0,3", "area", "未知的县区"),
        ("海州区,2025/01,4.0,3", "month", "YYYY-MM"),
        ("海州区,2025-13,4.0,3", "month", "YYYY-MM"),
        ("海州区,2025-01,,3", "value_t_per_km2_month", "不是数字"),
        ("海州区,2025-01,四点二,3", "value_t_per_km2_month", "不是数字"),
        ("海州区,2025-01,-0.5,3", "value_t_per_km2_month", "不小于 0"),
        ("海州区,2025-01,nan,3", "value_t_per_km2_month", "不小于 0"),
        ("海州区,2025-01,4.0,0", "points", "至少为 1"),
        ("海州区,2025-01,4.0,2.5", "points", "正整数"),
    ],
)
def test_a_bad_field_is_named_with_its_file_and_row(tmp_path, line, field, words):
    data = write(tmp_path, HEADER + "连云区,2025-01,3.9,3\n" + line + "\n")
    with pytest.raises(InputError) as err:
        read_dustfall(data, CONFIG)
    assert err.value.path.endswith("dustfall.csv")
    assert err.value.row == 3
    assert err.value.field == field
    assert words in err.value.detail


def test_a_missing_column_is_named(tmp_path):
    data = write(tmp_path, "area,month,value\n海州区,2025-01,4.0\n")
    with pytest.raises(InputError) as err:
        read_dustfall(data, CONFIG)
    assert err.value.row == 1 and err.value.field == "value_t_per_km2_month"


def test_the_same_area_and_month_twice_is_refused_naming_both_places(tmp_path):
    write(tmp_path, HEADER + "海州区,2025-01,4.0,3\n", name="a.csv")
    data = write(tmp_path, HEADER + "灌云县,2025-01,4.4,3\nhaizhou,2025-01,4.1,3\n", name="b.csv")
    with pytest.raises(InputError) as err:
        read_dustfall(data, CONFIG)
    assert err.value.path.endswith("b.csv") and err.value.row == 3 and err.value.field == "month"
    assert "a.csv" in err.value.detail


def test_a_file_saved_as_gbk_is_read_like_utf8(tmp_path):
    # The one decoder of every editor file (generator/sources/shared/decoding.py), as for forecasts.
    data = write(tmp_path, HEADER + "海州区,2025-01,4.0,3\n", encoding="gbk")
    frame = read_dustfall(data, CONFIG)
    assert frame[["area_name", "value"]].values.tolist() == [["海州区", 4.0]]


def test_a_file_that_is_no_text_is_refused(tmp_path):
    data = tmp_path / "dustfall"
    data.mkdir()
    (data / "dustfall.csv").write_bytes(HEADER.encode() + b"\x00\xff\n")
    with pytest.raises(InputError, match="无法识别文件编码"):
        read_dustfall(tmp_path, CONFIG)


def test_yearly_assessment_averages_the_months_and_checks_the_reported_value_against_the_cap(tmp_path):
    lines = [f"海州区,2025-{m:02d},6.0,3" for m in range(1, 12)] + ["海州区,2025-12,6.4,3"]  # mean 6.033
    lines += ["灌南县,2025-01,7.0,3", "灌南县,2025-02,5.4,3"]  # mean 6.2, two months only
    frame = yearly_assessment(read_dustfall(write(tmp_path, HEADER + "\n".join(lines) + "\n"), CONFIG), 6.0)
    hz = frame.set_index("area").loc["haizhou"]
    assert hz["months"] == 12 and hz["complete"]
    assert hz["mean"] == 6.0 and hz["meets"]  # reported to one decimal: 6.0 meets "at most 6"
    assert hz["months_over"] == 1 and hz["max_month_value"] == 6.4
    gn = frame.set_index("area").loc["guannan"]
    assert gn["mean"] == 6.2 and not gn["meets"] and not gn["complete"]


def test_the_sample_writer_is_deterministic_and_writes_a_valid_file(tmp_path):
    args = (20250101, date(2025, 1, 1), date(2026, 11, 22), CONFIG)
    first = sample_dustfall.write(tmp_path / "a", *args)
    second = sample_dustfall.write(tmp_path / "b", *args)
    assert first[0].read_bytes() == second[0].read_bytes()
    frame = read_dustfall(tmp_path / "a", CONFIG)
    # Every county/district, January 2025 to October 2026 (November was not over on 2026-11-22).
    counties = {a.slug for a in CONFIG.areas if a.kind in ("县", "区")}
    assert set(frame["area"]) == counties
    assert frame["month"].min() == pd.Timestamp("2025-01-01")
    assert frame["month"].max() == pd.Timestamp("2026-10-01")


def test_the_bundled_sample_matches_its_writer(tmp_path):
    written = sample_dustfall.write(tmp_path, 20250101, date(2025, 1, 1), date(2026, 11, 22), CONFIG)
    bundled = ROOT / "data" / "sample" / "dustfall" / "dustfall.csv"
    assert bundled.read_bytes() == written[0].read_bytes()
