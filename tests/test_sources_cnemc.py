"""The archive parser: real 2019 files cell for cell, every known defect, and synthetic faults."""

from __future__ import annotations

import csv
import gzip

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError
from generator.sources.archive.cnemc import (
    ARCHIVE_TYPES,
    long_to_hourly,
    parse_archive_file,
    parse_archive_files,
    read_archive,
    read_archives,
)

TYPES = list(ARCHIVE_TYPES)


def day_file(shared_data, day: str):
    return shared_data / "cnemc" / "2019" / f"china_sites_{day}.csv"


def make_archive(stations, rows, *, crlf=True, end=True) -> bytes:
    """rows: (date, hour, type, values...)"""
    sep = "\r\n" if crlf else "\n"
    lines = [",".join(["date", "hour", "type", *stations])]
    lines += [",".join(str(c) for c in row) for row in rows]
    return (sep.join(lines) + (sep if end else "")).encode()


def full_hour(date, hour, values):
    return [(date, hour, t, *values) for t in TYPES]


def test_parsed_day_matches_the_file_cell_for_cell(shared_data):
    path = day_file(shared_data, "20190101")
    long = parse_archive_file(path)
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        expected = {}
        for row in reader:
            for station, cell in zip(header[3:], row[3:], strict=True):
                if cell != "":
                    when = pd.Timestamp(row[0]) + pd.Timedelta(hours=int(row[1]))
                    expected[(station, when.tz_localize("Asia/Shanghai"), ARCHIVE_TYPES[row[2]])] = float(
                        cell
                    )
    got = dict(
        zip(
            zip(long["station"].astype(str), long["time"], long["pollutant"].astype(str), strict=True),
            long["value"],
            strict=True,
        )
    )
    assert got == expected
    assert len(long) == len(expected) == 7017


def test_hourly_frame_has_the_dataset_columns_and_values(shared_data):
    hourly = parse_archive_files([day_file(shared_data, "20190101")])
    assert list(hourly.columns) == ["station", "time", "pm25", "pm10", "so2", "no2", "o3", "co"]
    assert str(hourly["time"].dt.tz) == "Asia/Shanghai"
    row = hourly[(hourly["station"] == "1177A") & (hourly["time"] == pd.Timestamp("2019-01-01 00:00+08:00"))]
    assert row[["pm25", "pm10"]].to_numpy().tolist() == [[80.0, 162.0]]
    # 1173A reported only 24-h means on 2019-01-01: no hourly rows for it.
    assert "1173A" not in set(hourly["station"])


def test_2019_02_20_hours_0_to_7_with_its_cut_last_row_dropped_and_reported(shared_data):
    parsed = read_archive(day_file(shared_data, "20190220"))
    assert parsed.hours == {"2019-02-20": 7} and parsed.truncated
    cut = [d for d in parsed.defects if d["kind"] == "truncated_row"]
    assert cut[0]["line"] == 107 and "hour 7" in cut[0]["detail"]
    assert parsed.long["time"].max() == pd.Timestamp("2019-02-20 06:00+08:00")
    # the cut row's values are not used, but listed with the reason
    assert (parsed.flags["pollutant"] == "aqi").all() and len(parsed.flags) == 16
    assert parsed.flags.set_index("station").loc["1173A", "value"] == 145.0
    missing = [d for d in parsed.defects if d["kind"] == "missing_hours"][0]
    assert "17 hours missing" in missing["detail"]


def test_2019_04_24_cut_last_row_dropped_other_rows_of_the_hour_kept(shared_data):
    parsed = read_archive(day_file(shared_data, "20190424"))
    cut = [d for d in parsed.defects if d["kind"] == "truncated_row"]
    assert len(cut) == 1 and cut[0]["line"] == 350
    last_hour = parsed.long[parsed.long["time"] == pd.Timestamp("2019-04-24 23:00+08:00")]
    assert set(last_hour["pollutant"].astype(str)) == {"aqi", "pm25", "pm25_24h"}
    assert parsed.complete_hours == {"2019-04-24": 23}


def test_missing_day_and_missing_hours_are_reported_across_files(shared_data):
    files = [day_file(shared_data, d) for d in ("20190407", "20190409", "20190823")]
    obs = read_archives(files)
    missing_days = {d["date"] for d in obs.defects if d["kind"] == "missing_day"}
    assert "2019-04-08" in missing_days and "2019-08-22" in missing_days
    hours = [d for d in obs.defects if d["kind"] == "missing_hours" and d["date"] == "2019-08-23"]
    assert hours and "23 hours missing" in hours[0]["detail"]
    assert obs.hourly["time"].dt.date.astype(str).isin(["2019-04-07", "2019-04-09", "2019-08-23"]).all()


def test_stations_appearing_and_disappearing_are_unioned(tmp_path):
    a = make_archive(["1001A", "1002A"], full_hour("20190101", 0, [10, 20]))
    b = make_archive(["1002A", "1003A"], full_hour("20190102", 0, [30, 40]))
    (tmp_path / "china_sites_20190101.csv").write_bytes(a)
    (tmp_path / "china_sites_20190102.csv").write_bytes(b)
    hourly = parse_archive_files(sorted(tmp_path.glob("*.csv")))
    assert hourly[["station", "pm25"]].values.tolist() == [
        ["1001A", 10.0],
        ["1002A", 20.0],
        ["1002A", 30.0],
        ["1003A", 40.0],
    ]


def test_concatenated_union_header_gzip_file_parses_like_the_daily_files(shared_data, tmp_path):
    days = ["20190101", "20190102", "20190103"]
    daily = parse_archive_files([day_file(shared_data, d) for d in days])
    frames = [pd.read_csv(day_file(shared_data, d), dtype={"date": str}) for d in days]
    union = pd.concat(frames, ignore_index=True)  # union header; absent stations -> empty fields
    union.to_csv(tmp_path / "jiangsu.csv.gz", index=False, lineterminator="\r\n", compression="gzip")
    combined = parse_archive_files([tmp_path / "jiangsu.csv.gz"])
    pd.testing.assert_frame_equal(combined, daily)


def test_the_real_jiangsu_file_holds_all_13_cities_stations(shared_data):
    obs = read_archives([shared_data / "cnemc" / "jiangsu_sites_2019_wide.csv.gz"], pollutants=["pm25"])
    assert obs.hourly["station"].nunique() > 90
    kinds = {(d["kind"], d["date"]) for d in obs.defects}
    assert ("truncated_row", "2019-02-20") in kinds and ("missing_day", "2019-04-08") in kinds


def test_lf_crlf_and_gzip_give_the_same_table(tmp_path):
    rows = full_hour("20190101", 0, [1, ""]) + full_hour("20190101", 1, ["", 2.5])
    (tmp_path / "a.csv").write_bytes(make_archive(["X1", "X2"], rows, crlf=True))
    (tmp_path / "b.csv").write_bytes(make_archive(["X1", "X2"], rows, crlf=False))
    (tmp_path / "c.csv.gz").write_bytes(gzip.compress(make_archive(["X1", "X2"], rows)))
    tables = [parse_archive_file(tmp_path / n) for n in ("a.csv", "b.csv", "c.csv.gz")]
    for t in tables[1:]:
        pd.testing.assert_frame_equal(t, tables[0])
    assert len(tables[0]) == 2 * 15  # empty fields are missing, not zero


def test_a_last_line_cut_without_line_end_is_dropped_and_its_values_flagged():
    rows = full_hour("20190101", 0, [5, 6])
    body = make_archive(["X1", "X2"], rows) + b"20190101,1,AQI,7"
    parsed = read_archive(body, name="cut.csv")
    assert parsed.truncated and parsed.flags[["station", "value"]].values.tolist() == [["X1", 7.0]]
    assert parsed.long["time"].max() == pd.Timestamp("2019-01-01 00:00+08:00")


def test_a_complete_last_line_without_line_end_is_kept():
    body = make_archive(["X1"], full_hour("20190101", 0, [5]), end=False)
    parsed = read_archive(body, name="ok.csv")
    assert not parsed.truncated and len(parsed.long) == 15


def test_implausible_values_are_flagged_kept_out_of_hourly_and_never_dropped():
    rows = full_hour("20190101", 0, [-3, 40])
    rows[1] = ("20190101", 0, "PM2.5", -3, 40)
    rows[13] = ("20190101", 0, "CO", 1200, 0.8)  # µg/m³ mistaken for mg/m³
    obs = read_archives_bytes(make_archive(["X1", "X2"], rows))
    x1 = obs.hourly.set_index("station").loc["X1"]
    assert np.isnan(x1["pm25"]) and np.isnan(x1["co"])
    reasons = obs.flags.set_index(["station", "pollutant"])["reason"]
    assert "低于合理下限" in reasons[("X1", "pm25")] and "高于合理上限 150 mg/m³" in reasons[("X1", "co")]
    assert (obs.long["value"] == -3).any()  # the long table keeps what was published


@pytest.mark.parametrize(
    "day, station, hour, pollutant, peak",
    [
        ("20190723", "3004A", "2019-07-23 12:00", "o3", 443.0),  # an hour of the 2019 summer ozone peaks
        ("20191028", "1177A", "2019-10-28 19:00", "pm10", 820.0),  # an hour of the 2019-10-28 PM10 peak
    ],
)
def test_real_2019_peaks_are_not_flagged(shared_data, day, station, hour, pollutant, peak):
    """Real extremes are air quality, not glitches: kept in the hourly table, never flagged."""
    obs = read_archives([day_file(shared_data, day)])
    at = pd.Timestamp(hour, tz="Asia/Shanghai")
    published = obs.long[(obs.long["station"] == station) & (obs.long["time"] == at)]
    assert published.loc[published["pollutant"] == pollutant, "value"].tolist() == [peak]
    hourly = obs.hourly[(obs.hourly["station"] == station) & (obs.hourly["time"] == at)]
    assert hourly[pollutant].tolist() == [peak]
    flagged = obs.flags[(obs.flags["station"] == station) & (obs.flags["pollutant"] == pollutant)]
    assert flagged.empty and obs.flags.empty


def read_archives_bytes(body: bytes):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.csv"
        path.write_bytes(body)
        return read_archives([path])


def test_non_numeric_cells_and_bad_rows_are_reported_with_line_and_flagged():
    rows = full_hour("20190101", 0, [1, 2])
    rows[2] = ("20190101", 0, "PM2.5_24h", "n/a", 2)
    rows.append(("2019013x", 1, "AQI", 9, 9))
    parsed = read_archive(make_archive(["X1", "X2"], rows), name="bad.csv")
    kinds = {d["kind"]: d for d in parsed.defects}
    assert kinds["non_numeric"]["line"] == 4 and "'n/a'" in kinds["non_numeric"]["detail"]
    assert kinds["bad_row"]["line"] == 17 and "invalid date" in kinds["bad_row"]["detail"]
    assert len(parsed.flags) == 2


def test_a_file_that_is_not_an_archive_names_the_file_row_and_field():
    with pytest.raises(InputError) as err:
        read_archive(b"<html>busy</html>\n", name="china_sites_20190101.csv")
    assert "china_sites_20190101.csv, row 1" in str(err.value)


def test_repeated_rows_later_one_wins():
    rows = full_hour("20190101", 0, [1]) + [("20190101", 0, "PM2.5", 99)]
    parsed = read_archive(make_archive(["X1"], rows), name="dup.csv")
    assert any(d["kind"] == "duplicate_row" for d in parsed.defects)
    assert long_to_hourly(parsed.long)["pm25"].tolist() == [99.0]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A1", "B2", "C3"]),
            st.integers(0, 47),
            st.sampled_from(["pm25", "pm10", "so2", "no2", "o3", "co", "aqi", "o3_8h"]),
            st.floats(0, 400, allow_nan=False),
        ),
        min_size=1,
        max_size=60,
    )
)
def test_long_to_hourly_puts_every_plausible_hourly_value_in_its_cell(cells):
    long = pd.DataFrame(cells, columns=["station", "hour", "pollutant", "value"])
    long["time"] = pd.Timestamp("2019-01-01", tz="Asia/Shanghai") + pd.to_timedelta(long["hour"], unit="h")
    long = long.drop(columns="hour").drop_duplicates(["station", "time", "pollutant"], keep="last")
    long = long[long["pollutant"] != "co"].reset_index(drop=True)  # co above 150 would be flagged
    hourly = long_to_hourly(long)
    expected = long[long["pollutant"].isin(["pm25", "pm10", "so2", "no2", "o3"])]
    melted = hourly.melt(id_vars=["station", "time"], var_name="pollutant").dropna()
    got = {(r.station, r.time, r.pollutant): r.value for r in melted.itertuples()}
    assert got == {(r.station, r.time, r.pollutant): r.value for r in expected.itertuples()}
    assert hourly[["station", "time"]].equals(hourly[["station", "time"]].sort_values(["station", "time"]))
    assert not hourly.duplicated(["station", "time"]).any()


def test_parse_output_types_are_stable(shared_data):
    long = parse_archive_file(day_file(shared_data, "20190102"))
    assert list(long.columns) == ["station", "time", "pollutant", "value"]
    assert long["value"].dtype == float and str(long["time"].dt.tz) == "Asia/Shanghai"
    assert set(long["pollutant"].cat.categories) == set(ARCHIVE_TYPES.values())


def test_a_text_cell_in_a_station_column_is_reported_and_only_that_cell_is_missing():
    """pandas 3 reads such a column with its string dtype, not object: the cell must still be found,
    reported, and the rest of the column kept as numbers."""
    rows = full_hour("20190101", 0, [1, 2]) + full_hour("20190101", 1, [3, 4])
    rows[0] = ("20190101", 0, "AQI", "—", 2)  # X1's AQI at 0:00 is text, X2's column is numeric
    parsed = read_archive(make_archive(["X1", "X2"], rows), name="china_sites_20190101.csv")
    found = [d for d in parsed.defects if d["kind"] == "non_numeric"]
    assert len(found) == 1 and found[0]["line"] == 2 and "station X1: '—'" in found[0]["detail"]
    long = parsed.long
    assert long["value"].dtype == float
    aqi = long[long["pollutant"] == "aqi"].set_index(["station", "time"])["value"]
    t0 = pd.Timestamp("2019-01-01 00:00", tz="Asia/Shanghai")
    t1 = pd.Timestamp("2019-01-01 01:00", tz="Asia/Shanghai")
    assert (("X1", t0) not in aqi.index) or np.isnan(aqi[("X1", t0)])
    assert aqi[("X1", t1)] == 3.0 and aqi[("X2", t0)] == 2.0 and aqi[("X2", t1)] == 4.0


def test_archive_times_are_the_files_day_and_hour_whatever_unit_pandas_infers():
    """pandas 3 parses text dates to a unit coarser than nanoseconds; the rows keep their day and
    hour (not a day near 1970, which the wrong-day check would then drop)."""
    rows = full_hour("20190101", 0, [1]) + full_hour("20190101", 23, [2])
    parsed = read_archive(make_archive(["X1"], rows), name="china_sites_20190101.csv")
    assert not [d for d in parsed.defects if d["kind"] in ("wrong_day", "bad_row")]
    assert sorted(parsed.long["time"].unique()) == [
        pd.Timestamp("2019-01-01 00:00", tz="Asia/Shanghai"),
        pd.Timestamp("2019-01-01 23:00", tz="Asia/Shanghai"),
    ]
    assert long_to_hourly(parsed.long)["pm25"].tolist() == [1.0, 2.0]
