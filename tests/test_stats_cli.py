"""`python -m generator stats`: figures for people who check them, as tables or JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from generator.cli import main

HEADER = "date,hour,type,1173A,3000A\r\n"
TYPES = ["AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2", "NO2_24h",
         "O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h"]


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
    write_day(tmp_path, "20190302", ("80", ""))            # 3000A has no PM2.5 that day
    write_day(tmp_path, "20190303", ("20", "20"), hours=range(10))  # too few hours: no daily value
    return tmp_path


def run(*args):
    result = CliRunner().invoke(main, ["stats", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_json_report_of_stations(archive):
    report = json.loads(run("--stations", "1173A,3000A", "--from", "2019-03-01", "--to", "2019-03-03",
                            "--archive", str(archive), "--json"))
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
    bad = CliRunner().invoke(main, ["stats", "--from", "2019-03-01", "--to", "2019-03-02", "--archive", str(archive)])
    assert bad.exit_code != 0 and "--city, --area, --stations" in bad.output
    empty = CliRunner().invoke(main, ["stats", "--stations", "1173A", "--from", "2020-01-01", "--to", "2020-01-02",
                                      "--archive", str(archive)])
    assert empty.exit_code == 2 and "no china_sites_YYYYMMDD.csv files" in empty.output


def test_area_from_the_site_configuration(archive):
    report = json.loads(run("--area", "海州区", "--from", "2019-03-01", "--to", "2019-03-02",
                            "--archive", str(archive), "--json"))
    assert report["entity"]["stations"] == ["1173A", "3009A", "3434A"]
    assert report["entity"]["stations_without_data"] == ["3009A", "3434A"]
    assert report["daily"][0]["n_missing"] == 2 and report["daily"][0]["pm25"] == 30


@pytest.mark.shared_data
def test_lianyungang_2019_full_year_from_the_gbk_station_list(shared_data):
    report = json.loads(run("--city", "连云港", "--station-list", str(shared_data / "stations" / "NewSiteList_gbk.csv"),
                            "--from", "2019-01-01", "--to", "2019-12-31",
                            "--archive", str(shared_data / "cnemc" / "2019"), "--json"))
    assert report["entity"]["stations_with_data"] == ["1173A", "3000A", "3008A", "3009A"]
    assert "1174A" not in report["entity"]["stations"]  # flagged Y in the list: not an assessment station
    assert len(report["daily"]) == 365 and report["period"]["kind"] == "year"
    assert all(0.9 < p["coverage"] <= 1 for p in report["pollutants"])
    levels = report["aqi"]["days_per_level"]
    assert sum(levels.values()) == report["aqi"]["days_with_aqi"] > 330
    assert report["aqi"]["good_days"] == levels["1"] + levels["2"]
    assert report["composite"]["value"] is not None
