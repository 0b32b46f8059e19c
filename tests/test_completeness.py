"""/data/completeness/: per station and month, hours and days with valid data, missing and partial
days, flagged values, with a CSV; checked on a small case, the sample build and the real 2019 build."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from generator.standards.rules import POLLUTANTS
from generator.statistics import completeness

BEIJING = "Asia/Shanghai"


def hours(station: str, day: str, labels) -> pd.DataFrame:
    """Hourly rows of `station` on `day` at the hour labels `labels`, every pollutant measured."""
    times = pd.DatetimeIndex([pd.Timestamp(f"{day} {h:02d}:00", tz=BEIJING) for h in labels])
    frame = pd.DataFrame({"station": station, "time": times})
    for p in POLLUTANTS:
        frame[p] = 0.8 if p == "co" else 40.0
    return frame


def context(hourly: pd.DataFrame, flags: pd.DataFrame | None = None):
    flags = (
        flags
        if flags is not None
        else pd.DataFrame(columns=["station", "time", "pollutant", "value", "reason"])
    )
    dataset = SimpleNamespace(
        hourly=hourly.reset_index(drop=True),
        flags=flags,
        stations=pd.DataFrame(
            {
                "code": ["A1", "B1"],
                "name": ["甲站", "乙站"],
                "city": ["连云港", "连云港"],
                "network": "national",
            }
        ),
    )
    config = SimpleNamespace(station_map={"A1": "haizhou"})
    return SimpleNamespace(dataset=dataset, config=config, products={})


@pytest.fixture
def four_days():
    """Station A1 over 2019-04-06..09: a full day, a day of 21 hours (valid), a day of 10 hours
    (not valid), and 04-09 full. 04-08 is missing for A1; B1 reports only on 04-06 and 04-09, so
    04-07 and 04-08 are missing for B1 and 04-08 for every station."""
    hourly = pd.concat(
        [
            hours("A1", "2019-04-06", range(24)),
            hours("A1", "2019-04-07", range(21)),
            hours("B1", "2019-04-06", range(24)),
            hours("A1", "2019-04-09", range(24)),
            hours("B1", "2019-04-09", range(24)),
        ]
    )
    # 04-07 of A1 has one more hour, with only an implausible PM10 (flagged, NaN in the hourly frame).
    extra = hours("A1", "2019-04-07", [22])
    extra[list(POLLUTANTS)] = np.nan
    short = hours("A1", "2019-04-05", range(10))
    flags = pd.DataFrame(
        {
            "station": ["A1"],
            "time": [pd.Timestamp("2019-04-07 22:00", tz=BEIJING)],
            "pollutant": ["pm10"],
            "value": [-5.0],
            "reason": ["低于下限 0"],
        }
    )
    return context(pd.concat([short, hourly, extra]).sort_values(["station", "time"]), flags)


def test_station_month_counts_hours_valid_partial_and_missing_days(four_days):
    table = completeness.station_months(four_days).set_index("station")
    a1 = table.loc["A1"]
    assert a1["month"] == "2019-04"
    assert a1["days"] == 5  # 04-05 .. 04-09, the data's span
    assert a1["hours_expected"] == 5 * 24
    assert a1["hours_with_data"] == 10 + 24 + 21 + 24  # the flagged-only hour is not data
    assert a1["valid_days"] == 3  # 04-06, 04-07 (21 hours) and 04-09; 04-05 (10 hours) is not valid
    assert (a1["complete_days"], a1["partial_days"], a1["missing_days"]) == (2, 2, 1)
    assert a1["missing_dates"] == "2019-04-08"
    assert a1["flagged_values"] == 1
    assert a1["area"] == "haizhou" and a1["station_name"] == "甲站"
    b1 = table.loc["B1"]
    assert (b1["valid_days"], b1["missing_days"]) == (2, 3)
    assert b1["missing_dates"] == "2019-04-05、2019-04-07至2019-04-08"
    assert b1["area"] == ""


def test_a_day_missing_for_every_station_is_listed_and_one_missing_for_one_station_is_not(four_days):
    assert completeness.network_missing_days(four_days) == [date(2019, 4, 8)]


def test_flagged_values_are_summed_per_station_month_pollutant_and_reason(four_days):
    flags = completeness.flagged_values(four_days)
    assert flags.to_dict("records") == [
        {
            "station": "A1",
            "month": "2019-04",
            "pollutant": "pm10",
            "reason": "低于下限 0",
            "count": 1,
            "min": -5.0,
            "max": -5.0,
        }
    ]


def test_date_ranges_join_consecutive_days():
    days = [date(2019, 4, 8), date(2019, 9, 1), date(2019, 9, 2), date(2019, 9, 3)]
    assert completeness.date_ranges(days) == "2019-04-08、2019-09-01至2019-09-03"
    assert completeness.date_ranges([]) == ""


def read_csv(site) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "data" / "completeness.csv").read_text("utf-8-sig"))))


def column(name: str) -> str:
    return completeness.STATION_MONTH_COLUMNS[name]


@pytest.mark.slow
def test_sample_site_publishes_the_completeness_page_and_csv_and_links_them(sample_site):
    page = html.unescape((sample_site / "data" / "completeness" / "index.html").read_text(encoding="utf-8"))
    assert "整天缺失的日期" in page and "2025-04-08" in page  # the sample's day missing upstream
    assert "市环境监测站（1173A）" in page and "剔除异常值" in page
    assert 'href="../completeness.csv"' in page
    for linking in ("data", "methodology", "methodology/standards", "areas/haizhou"):
        linking_page = (sample_site / linking / "index.html").read_text(encoding="utf-8")
        assert "completeness/" in linking_page, f"/{linking}/ does not link the completeness page"
    index = json.loads((sample_site / "data" / "index.json").read_text(encoding="utf-8"))
    assert {"id": "data-completeness-csv", "path": "data/completeness.csv"}.items() <= {
        k: v for d in index["datasets"] if d["id"] == "data-completeness-csv" for k, v in d.items()
    }.items()
    rows = read_csv(sample_site)
    april = next(r for r in rows if r[column("station")] == "1173A" and r[column("month")] == "2025-04")
    assert april[column("missing_dates")] == "2025-04-08"
    for r in rows:
        days = int(r[column("days")])
        parts = (
            int(r[column("complete_days")]) + int(r[column("partial_days")]) + int(r[column("missing_days")])
        )
        assert parts == days and int(r[column("valid_days")]) <= days
        assert int(r[column("hours_with_data")]) <= int(r[column("hours_expected")]) == 24 * days


def hand_count_valid_days(folder, station: str, month: str) -> int:
    """Valid days of `station` in `month` counted from the raw daily files with the csv module:
    PM2.5, PM10, SO2, NO2 and CO each with at least 20 hourly values; O3 with at least 14 of the 17
    8-hour windows (labels 0–7 … 16–23) holding 6 values or more, or a window mean above 160."""
    valid = 0
    for path in sorted(folder.glob(f"china_sites_{month.replace('-', '')}*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        col = rows[0].index(station)
        values: dict[str, dict[int, float]] = {}
        for row in rows[1:]:
            if len(row) > col and row[col].strip():
                values.setdefault(row[2], {})[int(row[1])] = float(row[col])
        daily_ok = all(len(values.get(t, {})) >= 20 for t in ("PM2.5", "PM10", "SO2", "NO2", "CO"))
        o3 = values.get("O3", {})
        windows = [[o3[h] for h in range(s, s + 8) if h in o3] for s in range(17)]
        means = [sum(w) / len(w) for w in windows if len(w) >= 6]
        o3_ok = len(means) >= 14 or (means and max(means) > 160)
        valid += daily_ok and o3_ok
    return valid


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_2019_completeness_lists_the_missing_day_and_counts_valid_days_as_the_raw_file(
    real_2019_site, shared_data
):
    page = html.unescape(
        (real_2019_site / "data" / "completeness" / "index.html").read_text(encoding="utf-8")
    )
    content = page[page.index("<article") :]  # after the table of contents
    missing = content.split("整天缺失的日期", 1)[1].split("各站点逐月数据完整性", 1)[0]
    assert "2019-04-08" in missing
    # Configured stations that sent nothing in 2019 are named, with their area.
    assert "东海县环境监测站（DH01，东海县）" in content and "新城一中（3007A，赣榆区）" in content
    rows = {(r[column("station")], r[column("month")]): r for r in read_csv(real_2019_site)}
    assert "2019-04-08" in rows[("1173A", "2019-04")][column("missing_dates")]
    assert rows[("1173A", "2019-01")][column("missing_dates")] == "2019-01-01"  # reports from 01-02
    # September 2019 lacks many hours upstream: its valid days, counted by hand from the raw files.
    september = rows[("1173A", "2019-09")]
    expected = hand_count_valid_days(shared_data / "cnemc" / "2019", "1173A", "2019-09")
    assert int(september[column("valid_days")]) == expected
    assert int(september[column("partial_days")]) > 0


def excluded_section(page: str) -> str:
    content = page[page.index("<article") :]
    return content.split("有数据但不计入天数统计的日子", 1)[1].split("被判为不可信的数值", 1)[0]


@pytest.mark.slow
@pytest.mark.shared_data
def test_real_2019_completeness_lists_the_days_whose_aqi_rests_on_too_few_pollutants(real_2019_site):
    page = html.unescape(
        (real_2019_site / "data" / "completeness" / "index.html").read_text(encoding="utf-8")
    )
    section = excluded_section(page)
    # 2019-08-22: 6 hours of data, an AQI from the O3 1-hour value alone: shown, not counted.
    day = next(row for row in section.split("<tr>") if "连云港" in row and "2019-08-22" in row)
    assert "日报指标不全" in day and "PM2.5 无有效值（需至少 20 个有效小时）" in day
    # Days with no data at all are the missing days above, not repeated here.
    assert "全天无有效数据" not in section


@pytest.mark.slow
def test_sample_completeness_has_the_excluded_days_section(sample_site):
    page = html.unescape((sample_site / "data" / "completeness" / "index.html").read_text(encoding="utf-8"))
    section = excluded_section(page)
    assert "优良天数比例、各级别天数只统计日报指标齐全的日子" in section
    assert "nan" not in section and "None" not in section
