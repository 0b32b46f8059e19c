"""Forecast files (data/forecasts/): what an editor may write, and the message each mistake gets.

Every broken file names the file, the row (CSV line, or the YAML `days[n]` entry) and the field.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import InputError
from generator.sources.registers.forecasts import load_forecasts, read_forecast

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_config(ROOT / "data" / "site.toml")
ISSUED = "2026-11-22T16:00:00+08:00"
HEADER = "issued_at,area,date,aqi_min,aqi_max,level,primary,text"
# A valid week for the city: (date, aqi_min, aqi_max, level, primary).
WEEK = [
    ("2026-11-23", 60, 85, "良", "PM2.5"),
    ("2026-11-24", 80, 120, "良至轻度污染", "PM2.5"),
    ("2026-11-25", 40, 60, "优至良", "PM10"),
    ("2026-11-26", 45, 70, "优至良", "PM10"),
    ("2026-11-27", 55, 80, "良", "PM2.5"),
    ("2026-11-28", 30, 50, "优", ""),
    ("2026-11-29", 40, 60, "优至良", "PM2.5、O3"),
]


def csv_text(rows=WEEK, extra=(), issued=ISSUED, area="全市") -> str:
    lines = [HEADER] + [f"{issued},{area},{d},{lo},{hi},{lv},{p}," for d, lo, hi, lv, p in rows]
    return "\n".join([*lines, *extra]) + "\n"


def write(tmp_path: Path, text: str, name: str = "2026-11-22.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error(tmp_path, text, name="2026-11-22.csv") -> InputError:
    path = write(tmp_path, text, name)
    with pytest.raises(InputError) as info:
        read_forecast(path, CONFIG)
    assert info.value.path == str(path)
    return info.value


def with_row(index: int, **change) -> list[tuple]:
    keys = ("date", "lo", "hi", "level", "primary")
    rows = [list(r) for r in WEEK]
    for key, value in change.items():
        rows[index][keys.index(key)] = value
    return [tuple(r) for r in rows]


def test_a_valid_week_is_read_with_levels_and_leads(tmp_path):
    forecast = read_forecast(
        write(tmp_path, csv_text(extra=[f"{ISSUED},海州区,2026-11-23,65,90,良,PM2.5,西部偏高"])), CONFIG
    )
    assert forecast.id == "2026-11-22"
    assert forecast.issued_at == datetime(2026, 11, 22, 16, tzinfo=timezone(timedelta(hours=8)))
    city = forecast.city_days
    assert [d.lead for d in city] == [1, 2, 3, 4, 5, 6, 7]
    assert (city[1].level_min, city[1].level_max, city[1].level_text) == (2, 3, "良至轻度污染")
    assert city[5].primary == () and city[6].primary == ("PM2.5", "O3")
    assert forecast.area_days("haizhou")[0].text == "西部偏高"


def test_a_forecast_at_the_top_edge_of_a_level_is_that_level(tmp_path):
    # AQI 100 is still 良; 101 is 轻度污染.
    forecast = read_forecast(write(tmp_path, csv_text(with_row(0, lo=51, hi=100, level="良"))), CONFIG)
    assert forecast.city_days[0].level_text == "良"
    e = error(tmp_path, csv_text(with_row(0, lo=51, hi=101, level="良")))
    assert (e.row, e.field) == (2, "level") and "良至轻度污染" in e.detail


def test_an_inverted_range_is_refused(tmp_path):
    e = error(tmp_path, csv_text(with_row(2, lo=90, hi=60)))
    assert (e.row, e.field) == (4, "aqi_max") and "倒置" in e.detail


def test_a_level_that_does_not_match_its_range_is_refused(tmp_path):
    e = error(tmp_path, csv_text(with_row(1, level="轻度污染")))
    assert (e.row, e.field) == (3, "level")
    assert "AQI 80–120" in e.detail and "良至轻度污染" in e.detail


def test_levels_follow_the_rules_of_the_forecast_date(tmp_path):
    # AQI 0 is 优 under HJ 633-2012 (before 2026-03-01) but below every level under HJ 633-2026.
    rows = [(str(date(2026, 2, 22) + timedelta(days=i)), 0, 40, "优", "") for i in range(1, 8)]
    forecast = read_forecast(
        write(tmp_path, csv_text(rows, issued="2026-02-22T16:00:00+08:00"), "2026-02-22.csv"), CONFIG
    )
    assert [d.rules for d in forecast.city_days] == ["2012"] * 6 + ["2026"]


def test_an_unknown_level_name_is_refused(tmp_path):
    e = error(tmp_path, csv_text(with_row(0, level="还行")))
    assert (e.row, e.field) == (2, "level") and "无法识别" in e.detail


def test_dates_must_follow_the_issue_date(tmp_path):
    e = error(tmp_path, csv_text(with_row(0, date="2026-11-22")))
    assert (e.row, e.field) == (2, "date") and "2026-11-23 至 2026-11-29" in e.detail
    e = error(tmp_path, csv_text(with_row(6, date="2026-11-30")))
    assert (e.row, e.field) == (8, "date")


def test_a_missing_city_day_is_refused(tmp_path):
    e = error(tmp_path, csv_text(WEEK[:6]))
    assert e.field == "date" and "2026-11-29" in e.detail


def test_a_day_written_twice_is_refused(tmp_path):
    e = error(tmp_path, csv_text(extra=[f"{ISSUED},全市,2026-11-23,60,85,良,PM2.5,"]))
    assert (e.row, e.field) == (9, "date") and "两次" in e.detail


def test_an_unknown_area_is_refused(tmp_path):
    e = error(tmp_path, csv_text(extra=[f"{ISSUED},花果山区,2026-11-23,60,85,良,PM2.5,"]))
    assert (e.row, e.field) == (9, "area") and "海州区" in e.detail


def test_an_area_forecast_may_not_skip_days(tmp_path):
    e = error(tmp_path, csv_text(extra=[f"{ISSUED},赣榆区,2026-11-24,60,85,良,PM2.5,"]))
    assert e.field == "date" and "赣榆区" in e.detail


@pytest.mark.parametrize(
    "issued, words",
    [
        ("2026-11-22 16:00", "时区"),
        ("2026-11-22T16:00:00+00:00", "北京时间"),
        ("2026-11-22", "时、分"),
        ("22/11/2026 16:00", "无法识别"),
    ],
)
def test_bad_issue_times_are_refused(tmp_path, issued, words):
    e = error(tmp_path, csv_text(issued=issued))
    assert (e.row, e.field) == (2, "issued_at") and words in e.detail


def test_the_issue_time_must_match_the_file_name(tmp_path):
    e = error(tmp_path, csv_text(), name="2026-11-21.csv")
    assert e.field == "issued_at" and "2026-11-21.csv" in e.detail
    e = error(tmp_path, csv_text(), name="2026-11-22-08.csv")
    assert e.field == "issued_at"


def test_two_issue_times_in_one_file_are_refused(tmp_path):
    e = error(tmp_path, csv_text(extra=["2026-11-22T17:00:00+08:00,海州区,2026-11-23,60,85,良,PM2.5,"]))
    assert (e.row, e.field) == (9, "issued_at")


def test_a_badly_named_file_is_refused(tmp_path):
    e = error(tmp_path, csv_text(), name="forecast-nov.csv")
    assert "YYYY-MM-DD" in e.detail


def test_primary_pollutant_rules(tmp_path):
    e = error(tmp_path, csv_text(with_row(0, primary="")))
    assert (e.row, e.field) == (2, "primary") and "缺少首要污染物" in e.detail
    e = error(tmp_path, csv_text(with_row(5, primary="PM2.5")))
    assert (e.row, e.field) == (7, "primary")
    e = error(tmp_path, csv_text(with_row(0, primary="PM1")))
    assert (e.row, e.field) == (2, "primary") and "未知" in e.detail


def test_an_aqi_that_is_not_a_whole_number_is_refused(tmp_path):
    e = error(tmp_path, csv_text(with_row(3, lo="45.5")))
    assert (e.row, e.field) == (5, "aqi_min")
    e = error(tmp_path, csv_text(with_row(3, hi=600)))
    assert (e.row, e.field) == (5, "aqi_max")


def test_an_unknown_column_is_refused(tmp_path):
    e = error(tmp_path, csv_text().replace("primary,text", "primary,comment"))
    assert (e.row, e.field) == (1, "comment")


YAML = """issued_at: 2026-11-22T16:00:00+08:00
text: 未来一周以良为主。
days:
""" + "".join(
    f'  - {{area: 全市, date: {d}, aqi_min: {lo}, aqi_max: {hi}, level: {lv}, primary: "{p}"}}\n'
    for d, lo, hi, lv, p in WEEK
)


def test_a_yaml_forecast_is_read_like_a_csv_one(tmp_path):
    forecast = read_forecast(write(tmp_path, YAML, "2026-11-22.yaml"), CONFIG)
    assert forecast.text == "未来一周以良为主。" and len(forecast.city_days) == 7


def test_yaml_errors_name_the_day_entry_and_field(tmp_path):
    e = error(
        tmp_path, YAML.replace("aqi_min: 80, aqi_max: 120", "aqi_min: 120, aqi_max: 80"), "2026-11-22.yaml"
    )
    assert e.field == "days[2].aqi_max"
    e = error(tmp_path, YAML.replace("level: 良至轻度污染", "level: 良"), "2026-11-22.yaml")
    assert e.field == "days[2].level"
    e = error(tmp_path, YAML + "issued_at: 2026-11-22T17:00:00+08:00\n", "2026-11-22.yaml")
    assert e.field == "issued_at" and "两次" in e.detail
    e = error(tmp_path, YAML.replace("text:", "txt:"), "2026-11-22.yaml")
    assert e.field == "txt"


def test_two_files_of_one_issue_are_refused_and_later_issues_held_back(tmp_path):
    write(tmp_path, csv_text())
    write(tmp_path, YAML, "2026-11-22.yaml")
    with pytest.raises(InputError, match="同一次预报"):
        load_forecasts(tmp_path, CONFIG)
    (tmp_path / "2026-11-22.yaml").unlink()
    at = datetime(2026, 11, 22, 15, tzinfo=timezone(timedelta(hours=8)))
    published, held = load_forecasts(tmp_path, CONFIG, at=at)
    assert published == [] and [f.id for f in held] == ["2026-11-22"]


def test_in_a_build_two_files_of_one_issue_are_both_refused_and_the_other_issues_go_on(tmp_path):
    """Issue 28: a clash between two forecast files never stops the build (nor the warning path);
    neither file is used, since which one is right is not ours to guess, and both are named."""
    write(tmp_path, csv_text())
    write(tmp_path, YAML, "2026-11-22.yaml")
    write(tmp_path, csv_text(issued="2026-11-22T17:00:00+08:00"), "2026-11-22-17.csv")
    refused = []
    published, _held = load_forecasts(
        tmp_path, CONFIG, on_refused=lambda error, kept: refused.append((error, kept))
    )
    ((error, kept),) = refused
    assert kept is None and error.field == "issued_at" and "同一次预报" in error.detail
    named = {Path(error.path).name} | {n for n in ("2026-11-22.csv", "2026-11-22.yaml") if n in error.detail}
    assert named == {"2026-11-22.csv", "2026-11-22.yaml"}
    assert [f.id for f in published] == ["2026-11-22-17"]
