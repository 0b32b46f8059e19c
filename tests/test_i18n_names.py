"""Every area and station a reader can meet has an English name in the names table
(generator/i18n/names.csv): the configuration's areas and stations (which the bundled sample
reports under), and the Lianyungang stations of the real 2019 national list."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from generator import i18n
from generator.config import load_config
from generator.i18n.names import has_name, names_table

ROOT = Path(__file__).resolve().parent.parent

CONFIG = load_config(ROOT / "data" / "site.toml")


def _config_stations() -> list[tuple[str, str]]:
    return [(s.code, s.name) for s in (*CONFIG.national_stations, *CONFIG.provincial_stations)]


@pytest.mark.parametrize("area", [a.name for a in CONFIG.areas])
def test_every_configured_area_has_an_english_name(area):
    assert has_name(area), f"{area} is not in names.csv"
    with i18n.use("en"):
        assert i18n.name(area) != area


@pytest.mark.parametrize(("code", "station"), _config_stations())
def test_every_configured_station_has_an_english_name(code, station):
    assert has_name(station), f"station {code} {station} is not in names.csv"


def test_the_sample_reports_only_stations_the_configuration_names():
    """The sample's daily files carry station codes only; their names are the configuration's,
    so the stations above are all the sample has."""
    first = sorted((ROOT / "data" / "sample" / "raw" / "cnemc").glob("china_sites_*.csv*"))[-1]
    opener = gzip.open if first.suffix == ".gz" else open
    with opener(first, "rt", encoding="utf-8") as fp:
        codes = next(csv.reader(fp))[3:]
    named = {code for code, _ in _config_stations()}
    assert codes and set(codes) <= named, set(codes) - named


def test_station_names_read_as_english_places():
    with i18n.use("en"):
        assert i18n.name("市环境监测站") == "Municipal Environmental Monitoring Station"
        assert i18n.name("洪门派出所") == "Hongmen Police Station"
    with i18n.use("zh"):
        assert i18n.name("洪门派出所") == "洪门派出所"


def test_every_lianyungang_station_of_the_2019_list_has_an_english_name(shared_data):
    """The national list as published (GBK): every Lianyungang station, also the retired ones
    (their codes appear in older archives)."""
    with (shared_data / "stations" / "NewSiteList_gbk.csv").open(encoding="gbk", newline="") as fp:
        rows = [r for r in csv.DictReader(fp) if r["城市"] == "连云港"]
    assert len(rows) >= 12
    missing = [f"{r['监测点编码']} {r['监测点名称']}" for r in rows if not has_name(r["监测点名称"])]
    assert not missing, missing
    assert all(names_table()[r["监测点名称"]]["en"].isascii() for r in rows)
