"""The dust-day register (data/dustdays/*.csv), the deduction (环办监测〔2016〕120号) and the
candidate list: only confirmed days are deducted, and every mistake names file, row and field."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_config
from generator.errors import InputError
from generator.sources.registers.dustdays import WHOLE_CITY, days_for, read_dustdays
from generator.standards.aqi import daily_aqi
from generator.standards.assessment import period_statistics
from generator.standards.day_validity import DUST, day_status
from generator.standards.dust import candidate_days, deduct_dust_days, dust_table, labels
from tests.conftest import ROOT, SAMPLE_DATA


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


def register(tmp_path, text: str, name: str = "2026.csv"):
    folder = tmp_path / "dustdays"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_sample_register_confirms_two_days_of_the_sample_dust_process(config):
    days = read_dustdays(SAMPLE_DATA, config)
    assert days["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-27", "2025-03-28"]
    assert set(days["area"]) == {WHOLE_CITY}


def test_city_name_area_name_and_slug_are_accepted(tmp_path, config):
    folder = register(
        tmp_path,
        "date,area,document\n2026-03-15,连云港市,总站通报\n2026-03-15,东海县,总站通报\n"
        "2026-03-16,donghai,总站通报\n",
    )
    days = read_dustdays(folder, config)
    assert sorted(days["area"]) == sorted([WHOLE_CITY, "donghai", "donghai"])
    assert days_for(days).dt.strftime("%m-%d").tolist() == ["03-15"]
    assert days_for(days, "donghai").dt.strftime("%m-%d").tolist() == ["03-15", "03-16"]


def test_the_whole_city_is_written_as_forecasts_write_it(tmp_path, config):
    # The same spellings as the forecasts (generator/sources/registers/area_names.py): 全市, 连云港(市), city.
    folder = register(tmp_path, "date,area,document\n2026-03-15,city,通报\n2026-03-16,连云港市,通报\n")
    assert read_dustdays(folder, config)["area"].tolist() == [WHOLE_CITY, WHOLE_CITY]


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [("2026-03-05", "2026-03-01", "--to is before --from"), ("soon", "2026-03-01", "not a date")],
)
def test_a_bad_day_range_is_a_usage_error_in_every_command(tmp_path, start, end, words):
    for command in (["dustdays", "suggest"], ["stats", "--stations", "1001A"], ["agreement"]):
        args = [*command, "--from", start, "--to", end, "--archive", str(tmp_path)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and words in result.output, (command, result.output)


def test_no_folder_means_no_dust_days(tmp_path, config):
    assert read_dustdays(tmp_path, config).empty


@pytest.mark.parametrize(
    ("text", "row", "field", "words"),
    [
        ("date,area,document,colour\n", 1, "colour", "未知的列"),
        ("date,area\n2026-03-15,全市\n", 1, "document", "缺少必填列"),
        ("date,area,document\n2026-02-30,全市,通报\n", 2, "date", "日期“2026-02-30”无效"),
        ("date,area,document\n2026-3-5,全市,通报\n", 2, "date", "YYYY-MM-DD"),
        ("date,area,document\n2026-03-15,东海,通报\n", 2, "area", "未知的地区“东海”"),
        ("date,area,document\n2026-03-15,全市,\n", 2, "document", "确认沙尘天气的依据"),
        (
            "date,area,document\n2026-03-15,全市,通报\n\n2026-03-15,连云港,另一份\n",
            4,
            "date",
            "已在 2026.csv 第 2 行 登记过",
        ),
    ],
)
def test_each_mistake_names_file_row_and_field(tmp_path, config, text, row, field, words):
    folder = register(tmp_path, text)
    with pytest.raises(InputError) as caught:
        read_dustdays(folder, config)
    error = caught.value
    assert error.path.endswith("2026.csv") and error.row == row and error.field == field
    assert words in error.detail


def test_a_row_with_an_unquoted_comma_is_refused_not_cut(tmp_path, config):
    folder = register(tmp_path, "date,area,document,note\n2026-03-15,全市,总站通报,北方沙尘,南下\n")
    with pytest.raises(InputError, match="row 2"):
        read_dustdays(folder, config)


def test_markup_in_the_register_is_kept_as_text(tmp_path, config):
    folder = register(tmp_path, 'date,area,document,note\n2026-03-15,全市,<script>x</script>,"<b>a,b</b>"\n')
    days = read_dustdays(folder, config)
    assert days["document"].iloc[0] == "<script>x</script>" and days["note"].iloc[0] == "<b>a,b</b>"


def _daily(values: dict) -> pd.DataFrame:
    dates = pd.date_range("2025-03-26", periods=len(values["pm10"]))
    frame = pd.DataFrame(
        {
            "area": "连云港",
            "date": dates,
            "pm25": 40.0,
            "so2": 8.0,
            "no2": 25.0,
            "co": 0.6,
            "o3_8h_max": 90.0,
            "o3_1h_max": 110.0,
        }
    )
    for key, column in values.items():
        frame[key] = column
    return daily_aqi(frame)


def test_deduction_removes_the_particulate_values_of_confirmed_days_only():
    daily = _daily({"pm10": [200.0, 450.0, 220.0, 60.0]})
    confirmed = pd.DataFrame(
        {"area": ["连云港", "连云港"], "date": pd.to_datetime(["2025-03-27", "2025-03-28"])}
    )
    deducted = deduct_dust_days(daily, confirmed)
    assert deducted["dust"].tolist() == [False, True, True, False]
    assert deducted["pm10"].isna().tolist() == [False, True, True, False]
    assert deducted["pm25"].isna().tolist() == [False, True, True, False]
    assert deducted["so2"].notna().all()
    assert day_status(deducted).tolist()[1:3] == [DUST, DUST]
    before = period_statistics(daily, "2025-03-26", "2025-03-29").iloc[0]
    after = period_statistics(deducted, "2025-03-26", "2025-03-29").iloc[0]
    assert before["pm10_mean"] == pytest.approx(232.5) and after["pm10_mean"] == pytest.approx(130.0)
    assert (before["aqi_days"], after["aqi_days"], after["days_dust"]) == (4, 2, 2)
    # 03-26 (PM10 200, level 3) stays: nobody confirmed it.
    assert before["good_days"] == 1 and after["good_days"] == 1 and after["good_ratio"] == 0.5


def test_no_confirmed_day_changes_nothing():
    daily = _daily({"pm10": [200.0, 450.0]})
    deducted = deduct_dust_days(daily, pd.DataFrame({"area": [], "date": pd.to_datetime([])}))
    assert not deducted["dust"].any()
    pd.testing.assert_frame_equal(deducted.drop(columns="dust"), daily)


def test_labels_and_thresholds_are_sourced_table_rows():
    assert labels() == {"deducted": "扣沙", "undeducted": "不扣沙"}
    table = dust_table()
    for key in (
        "deducted_pollutants",
        "candidate_pm10_min",
        "candidate_ratio_max",
        "candidate_station_share",
    ):
        assert table[key]["tag"] in {"P", "R", "N"} and table[key]["source"]


def test_a_candidate_needs_most_stations_with_high_pm10_and_a_low_fine_share():
    rows = []
    for day, pm10, pm25 in (("2026-03-14", 80, 45), ("2026-03-15", 300, 60), ("2026-03-16", 300, 200)):
        for station in ("A", "B", "C"):
            rows.append({"station": station, "date": pd.Timestamp(day), "pm10": pm10, "pm25": pm25})
    rows.append({"station": "D", "date": pd.Timestamp("2026-03-15"), "pm10": 90, "pm25": 50})
    days = candidate_days(pd.DataFrame(rows)).set_index("date")
    assert days["candidate"].tolist() == [False, True, False]
    assert days.loc["2026-03-15", "flagged"] == 3 and days.loc["2026-03-15", "share"] == 0.75
    assert days.loc["2026-03-15", "pm10_change"] == pytest.approx((247.5 / 80 - 1) * 100)
    assert np.isnan(days.loc["2026-03-14", "pm10_change"])


def test_suggest_lists_the_sample_dust_process_and_marks_what_is_registered():
    result = CliRunner().invoke(
        main,
        [
            "dustdays",
            "suggest",
            "--from",
            "2025-03-20",
            "--to",
            "2025-04-02",
            "--archive",
            str(SAMPLE_DATA / "raw" / "cnemc"),
            "--data",
            str(SAMPLE_DATA),
            "--config",
            str(ROOT / "data" / "site.toml"),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("2025-")]
    assert [line.split(",")[0] for line in lines] == ["2025-03-26", "2025-03-27", "2025-03-28"]
    assert [line.split(",")[-1] for line in lines] == ["no", "yes", "yes"]
    assert "未登记的日子不会扣除" in result.output


def test_check_reports_a_bad_register_as_one_line_with_file_row_and_field(tmp_path):
    register(tmp_path, "date,area,document\n2026-03-15,火星,通报\n")
    result = CliRunner().invoke(
        main, ["dustdays", "check", "--data", str(tmp_path), "--config", str(ROOT / "data" / "site.toml")]
    )
    assert result.exit_code == 2
    assert "2026.csv, row 2, field 'area'" in result.output
