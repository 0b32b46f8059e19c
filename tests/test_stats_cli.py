"""`python -m generator stats`: figures for people who check them, as tables or JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from generator.cli import main

HEADER = "date,hour,type,1173A,3000A\r\n"
TYPES = [
    "AQI",
    "PM2.5",
    "PM2.5_24h",
    "PM10",
    "PM10_24h",
    "SO2",
    "SO2_24h",
    "NO2",
    "NO2_24h",
    "O3",
    "O3_24h",
    "O3_8h",
    "O3_8h_24h",
    "CO",
    "CO_24h",
]


def write_day(folder, day: str, pm25: tuple[str, str], hours=range(24)):
    """A small archive file: two stations, constant values, PM2.5 as given per station."""
    lines = [HEADER]
    for h in hours:
        for t in TYPES:
            a, b = pm25 if t == "PM2.5" else ("0.6", "0.6") if t == "CO" else ("40", "40")
            lines.append(f"{day},{h},{t},{a},{b}\r\n")
    (folder / f"china_sites_{day}.csv").write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def archive(tmp_path):
    write_day(tmp_path, "20190301", ("30", "50"))
    write_day(tmp_path, "20190302", ("80", ""))  # 3000A has no PM2.5 that day
    write_day(tmp_path, "20190303", ("20", "20"), hours=range(10))  # too few hours: no daily value
    return tmp_path


def run(*args):
    result = CliRunner().invoke(main, ["stats", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_report_of_stations(archive):
    report = json.loads(
        run(
            "--stations",
            "1173A,3000A",
            "--from",
            "2019-03-01",
            "--to",
            "2019-03-03",
            "--archive",
            str(archive),
            "--json",
        )
    )
    pm25 = next(p for p in report["pollutants"] if p["pollutant"] == "pm25")
    # city daily values: (30 + 50) / 2 = 40 and 80 (3000A missing, left out); period mean (40 + 80) / 2
    assert pm25["value"] == 60 and pm25["valid_days"] == 2 and pm25["days"] == 3
    daily = {d["date"]: d for d in report["daily"]}
    assert daily["2019-03-01"]["pm25"] == 40 and daily["2019-03-01"]["n_missing"] == 0
    assert daily["2019-03-02"]["pm25"] == 80
    assert daily["2019-03-03"]["aqi"] is None and daily["2019-03-03"]["n_missing"] == 2
    assert report["rules"]["version"] == "2012"
    assert report["composite"]["rankable"] is False and "少于3天" in report["composite"]["reason"]
    assert sum(report["aqi"]["days_per_level"].values()) == report["aqi"]["days_with_aqi"] == 2


def test_table_report_and_user_mistakes(archive):
    out = run("--stations", "1173A", "--from", "2019-03-01", "--to", "2019-03-02", "--archive", str(archive))
    assert "优良天数" in out and "综合指数" in out
    bad = CliRunner().invoke(
        main, ["stats", "--from", "2019-03-01", "--to", "2019-03-02", "--archive", str(archive)]
    )
    assert bad.exit_code != 0 and "--city, --area, --stations" in bad.output
    empty = CliRunner().invoke(
        main,
        [
            "stats",
            "--stations",
            "1173A",
            "--from",
            "2020-01-01",
            "--to",
            "2020-01-02",
            "--archive",
            str(archive),
        ],
    )
    assert empty.exit_code == 2 and "no china_sites_YYYYMMDD.csv files" in empty.output


def test_area_from_the_site_configuration(archive):
    report = json.loads(
        run(
            "--area",
            "海州区",
            "--from",
            "2019-03-01",
            "--to",
            "2019-03-02",
            "--archive",
            str(archive),
            "--json",
        )
    )
    assert report["entity"]["stations"] == ["1173A", "3009A", "3434A"]
    assert report["entity"]["stations_without_data"] == ["3009A", "3434A"]
    assert report["daily"][0]["n_missing"] == 2 and report["daily"][0]["pm25"] == 30


def test_confirmed_dust_days_give_both_ways_and_the_day_counts_by_reason(archive, tmp_path):
    data = tmp_path / "data"
    (data / "dustdays").mkdir(parents=True)
    register = "date,area,document\n2019-03-02,全市,总站通报\n"
    (data / "dustdays" / "2019.csv").write_text(register, encoding="utf-8")
    report = json.loads(
        run(
            "--stations",
            "1173A,3000A",
            "--from",
            "2019-03-01",
            "--to",
            "2019-03-03",
            "--archive",
            str(archive),
            "--data",
            str(data),
            "--json",
        )
    )
    dust = report["dust"]
    assert dust["days"] == ["2019-03-02"] and dust["labels"] == {"deducted": "扣沙", "undeducted": "不扣沙"}
    assert dust["assessed_with"] == "deducted"
    pm25 = {p["pollutant"]: p["value"] for p in report["pollutants"]}["pm25"]
    pm25_deducted = {p["pollutant"]: p["value"] for p in dust["deducted"]["pollutants"]}["pm25"]
    assert (pm25, pm25_deducted) == (60, 40)  # 03-02 (80) deducted: only 03-01 (40) is left
    assert report["aqi"]["days_by_status"] == {"counted": 2, "dust": 0, "incomplete": 0, "no_data": 1}
    deducted_days = dust["deducted"]["aqi"]["days_by_status"]
    assert deducted_days == {"counted": 1, "dust": 1, "incomplete": 0, "no_data": 1}
    daily = {d["date"]: d for d in report["daily"]}
    assert daily["2019-03-02"]["status"] == "dust" and "沙尘" in daily["2019-03-02"]["reason"]
    assert daily["2019-03-03"]["status"] == "no_data"
    table = run(
        "--stations",
        "1173A,3000A",
        "--from",
        "2019-03-01",
        "--to",
        "2019-03-03",
        "--archive",
        str(archive),
        "--data",
        str(data),
    )
    assert "[不扣沙] 优良天数" in table and "[扣沙] 优良天数" in table
    assert "沙尘天气影响，扣沙统计时不计 1 天" in table


def test_without_confirmed_dust_days_both_ways_agree_and_say_so(archive):
    out = run(
        "--stations", "1173A,3000A", "--from", "2019-03-01", "--to", "2019-03-03", "--archive", str(archive)
    )
    assert "没有确认的沙尘日：扣沙与不扣沙数值相同" in out


@pytest.fixture(scope="module")
def lyg_2019(shared_data):
    station_list = str(shared_data / "stations" / "NewSiteList_gbk.csv")
    return json.loads(
        run(
            "--city",
            "连云港",
            "--station-list",
            station_list,
            "--from",
            "2019-01-01",
            "--to",
            "2019-12-31",
            "--archive",
            str(shared_data / "cnemc" / "2019"),
            "--json",
        )
    )


@pytest.mark.slow
def test_lianyungang_2019_leaves_2019_08_22_off_the_count_with_its_reason(lyg_2019):
    day = next(d for d in lyg_2019["daily"] if d["date"] == "2019-08-22")
    # 6 hours of data: AQI 105 from the O3 1-hour maximum alone, shown but not counted.
    assert day["aqi"] == 105 and day["primary"] == "O3_1h" and day["status"] == "incomplete"
    assert "PM2.5 无有效值（需至少 20 个有效小时）" in day["reason"]
    by_status = lyg_2019["aqi"]["days_by_status"]
    assert by_status == {"counted": 341, "dust": 0, "incomplete": 10, "no_data": 14}
    assert lyg_2019["aqi"]["days_with_aqi"] == 341 and lyg_2019["aqi"]["good_days"] == 242
    assert lyg_2019["dust"]["deducted"]["aqi"] == lyg_2019["aqi"]  # no confirmed dust day in 2019


@pytest.mark.slow
def test_lianyungang_2019_is_not_an_assessable_year_and_stats_says_why(lyg_2019):
    # Issue 14 item 7: August and September have 25 valid days, below GB 3095's 27 a month.
    pm25 = next(p for p in lyg_2019["pollutants"] if p["pollutant"] == "pm25")
    assert pm25["valid_days"] == 348 and pm25["annual_valid"] is False
    assert pm25["annual_gaps"].startswith("8月25天、9月25天")
    assert lyg_2019["composite"]["rankable"] is False
    reason = lyg_2019["composite"]["reason"]
    assert "PM2.5" in reason and "8月25天、9月25天" in reason


@pytest.mark.shared_data
def test_lianyungang_2019_full_year_from_the_gbk_station_list(lyg_2019):
    report = lyg_2019
    assert report["entity"]["stations_with_data"] == ["1173A", "3000A", "3008A", "3009A"]
    assert "1174A" not in report["entity"]["stations"]  # flagged Y in the list: not an assessment station
    assert len(report["daily"]) == 365 and report["period"]["kind"] == "year"
    assert all(0.9 < p["coverage"] <= 1 for p in report["pollutants"])
    levels = report["aqi"]["days_per_level"]
    assert sum(levels.values()) == report["aqi"]["days_with_aqi"] > 330
    assert report["aqi"]["good_days"] == levels["1"] + levels["2"]
    assert report["composite"]["value"] is not None
