"""A data folder's observations: archive snapshots, provincial CSVs, station lists, the Parquet cache."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from generator.config import load_config
from generator.errors import InputError
from generator.sources.archive.cnemc import LONG_POLLUTANTS
from generator.sources.snapshots import observations as store
from generator.sources.snapshots.observations import (
    load_archive_report,
    load_observations,
    read_provincial_csv,
)

DAYS = ("20190405", "20190406", "20190407")


@pytest.fixture
def data_dir(shared_data, tmp_path, monkeypatch):
    # The cache in {data}/tidy, where a build puts it (the test run sends it elsewhere, conftest).
    monkeypatch.delenv("LYG_TIDY_CACHE", raising=False)
    archive = tmp_path / "raw" / "cnemc"
    archive.mkdir(parents=True)
    for d in DAYS:
        shutil.copy(shared_data / "cnemc" / "2019" / f"china_sites_{d}.csv", archive)
    (tmp_path / "stations").mkdir()
    shutil.copy(shared_data / "stations" / "NewSiteList_gbk.csv", tmp_path / "stations")
    (tmp_path / "provincial").mkdir()
    (tmp_path / "provincial" / "donghai.csv").write_text(
        "station,time,pollutant,value\n"
        "DH01,2019-04-05 00:00,pm25,41\n"
        "DH01,2019-04-05T01:00+08:00,PM2.5,-5\n"
        "DH01,2019-04-05 01:00,o3,\n",
        encoding="utf-8",
    )
    return tmp_path


def test_observations_hold_every_station_in_the_files_with_names(data_dir):
    hourly, stations, flags, snapshots = load_observations(data_dir, load_config())
    assert list(hourly.columns) == ["station", "time", "pm25", "pm10", "so2", "no2", "o3", "co"]
    codes = set(hourly["station"])
    assert {"1173A", "3000A", "DH01"} <= codes and len(codes) > 20
    registry = stations.set_index("code")
    assert registry.loc["1173A", "name"] == "市环境监测站"
    assert {"徐州", "盐城"} <= set(registry["city"].dropna())
    dh = hourly[hourly["station"] == "DH01"].set_index("time")["pm25"]
    assert dh.iloc[0] == 41 and pd.isna(dh.iloc[1])
    assert flags[(flags["station"] == "DH01")]["value"].tolist() == [-5.0]
    assert snapshots == []


def test_the_tidy_cache_is_reused_and_rebuilt_when_an_input_changes(data_dir):
    first = load_observations(data_dir, load_config())[0]
    caches = [p for p in (data_dir / "tidy").iterdir() if p.is_dir()]
    assert len(caches) == 1 and list((caches[0] / "long").glob("month=2019-04/*.parquet"))
    pd.testing.assert_frame_equal(load_observations(data_dir, load_config())[0], first)
    (data_dir / "raw" / "cnemc" / "china_sites_20190407.csv").unlink()
    again = load_observations(data_dir, load_config())[0]
    assert again["time"].max() < first["time"].max()
    assert [p.name for p in (data_dir / "tidy").iterdir() if p.is_dir()] != [caches[0].name]


def test_lyg_tidy_cache_holds_each_data_folders_cache_and_the_data_folder_stays_untouched(
    data_dir, tmp_path_factory, monkeypatch
):
    caches = tmp_path_factory.mktemp("tidy-caches")
    monkeypatch.setenv("LYG_TIDY_CACHE", str(caches))
    first = store.load_tidy(data_dir)[0]
    assert not (data_dir / "tidy").exists()
    (folder,) = caches.iterdir()
    assert folder.name.startswith("tidy-") and len([p for p in folder.iterdir() if p.is_dir()]) == 1
    cached = store.load_tidy(data_dir)[0]  # read back from LYG_TIDY_CACHE
    as_text = {"station": str, "pollutant": str}
    pd.testing.assert_frame_equal(cached.astype(as_text), first.astype(as_text), check_exact=True)


def test_the_tidy_cache_gives_the_long_table_a_fresh_read_gives(data_dir):
    fresh = store.load_tidy(data_dir)[0]  # read from the files, then stored
    cached = store.load_tidy(data_dir)[0]  # read back from the Parquet cache
    as_text = {"station": str, "pollutant": str}
    pd.testing.assert_frame_equal(cached.astype(as_text), fresh.astype(as_text), check_exact=True)
    # The categories: every pollutant in its fixed order; the stations with rows, sorted.
    assert list(cached["pollutant"].cat.categories) == list(LONG_POLLUTANTS)
    assert list(cached["station"].cat.categories) == sorted(set(fresh["station"]))


def test_a_cached_long_table_we_did_not_write_is_not_trusted(data_dir):
    long = store.load_tidy(data_dir)[0]
    assert store._categories_as_built(long.copy()) is not None
    as_text = long.assign(pollutant=long["pollutant"].astype(str))
    unknown = long.assign(pollutant=long["pollutant"].cat.add_categories(["pm1"]))
    unknown.loc[unknown.index[0], "pollutant"] = "pm1"
    for stored in (as_text, unknown):
        assert store._categories_as_built(stored) is None  # load_tidy then reads the files again


@pytest.mark.slow
def test_a_concatenated_file_in_raw_cnemc_is_read_too(shared_data, tmp_path):
    (tmp_path / "raw" / "cnemc").mkdir(parents=True)
    shutil.copy(shared_data / "cnemc" / "jiangsu_sites_2019_wide.csv.gz", tmp_path / "raw" / "cnemc")
    hourly, stations, flags, _ = load_observations(tmp_path, load_config())
    assert hourly["station"].nunique() > 90
    report = load_archive_report(tmp_path)
    assert any(d["kind"] == "missing_day" and d["date"] == "2019-04-08" for d in report)


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        (",2019-01-01 00:00,pm25,1", "station", "empty station"),
        ("DH01,2019-01-01 25:00,pm25,1", "time", "not a time"),
        ("DH01,2019-01-01 00:30,pm25,1", "time", "on the hour"),
        ("DH01,2019-01-01 00:00,pm2.5x,1", "pollutant", "unknown pollutant"),
        ("DH01,2019-01-01 00:00,pm25,abc", "value", "not a number"),
    ],
)
def test_provincial_csv_errors_name_file_row_and_field(tmp_path, line, field, words):
    path = tmp_path / "guanyun.csv"
    path.write_text(f"station,time,pollutant,value\nDH01,2019-01-01 01:00,pm25,3\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_provincial_csv(path)
    assert str(err.value).startswith(f"{path}, row 3, field '{field}'") and words in str(err.value)


def test_provincial_csv_missing_column_and_duplicates(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("station,time,value\n", encoding="utf-8")
    with pytest.raises(InputError, match="field 'pollutant'"):
        read_provincial_csv(path)
    path.write_text(
        "station,time,pollutant,value\nA1,2019-01-01 01:00,pm25,3\nA1,2019-01-01T01:00+08:00,PM2.5,4\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="row 3"):
        read_provincial_csv(path)


def test_provincial_csv_in_gbk_reads(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes("station,time,pollutant,value\r\nGY01,2019-01-01 01:00,co,1.2\r\n".encode("gbk"))
    long = read_provincial_csv(path)
    assert long["time"].iloc[0] == pd.Timestamp("2019-01-01 01:00+08:00") and long["value"].iloc[0] == 1.2
