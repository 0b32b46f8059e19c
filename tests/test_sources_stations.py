"""The station registry: the national list in either encoding, joined with the site configuration."""

from __future__ import annotations

import pytest

from generator.config import load_config
from generator.errors import InputError
from generator.sources.archive.stations import build_registry, read_station_list


def test_gbk_and_utf8_lists_read_the_same(shared_data):
    gbk = read_station_list(shared_data / "stations" / "NewSiteList_gbk.csv")
    utf8 = read_station_list(shared_data / "stations" / "station_list_utf8.csv")
    assert gbk.equals(utf8)
    assert list(gbk.columns) == [
        "code",
        "name",
        "city",
        "lon",
        "lat",
        "retired_flag",
        "province",
        "prefecture",
    ]
    row = gbk.set_index("code").loc["1173A"]
    assert (row["name"], row["city"], row["province"]) == ("市环境监测站", "连云港", "江苏省")
    assert gbk.set_index("code").loc["1176A", "retired_flag"] == "Y"


def test_registry_joins_the_list_with_configured_areas_and_provincial_stations(shared_data):
    listed = read_station_list(shared_data / "stations" / "NewSiteList_gbk.csv")
    registry = build_registry(load_config(), listed, observed=["1151A", "1173A"]).set_index("code")
    assert registry.loc["1173A", "area"] == "haizhou" and registry.loc["1173A", "network"] == "national"
    assert registry.loc["1151A", "city"] == "南京" and registry.loc["1151A", "area"] is None
    assert registry.loc["DH01", "network"] == "provincial" and registry.loc["DH01", "area"] == "donghai"
    assert registry.loc["DH01", "city"] == "连云港"


def test_registry_carries_the_prefecture_a_county_level_city_belongs_to(shared_data):
    # The list's 城市 names 昆山 apart; a city ranking counts it in 苏州 (地级行政区 苏州市).
    listed = read_station_list(shared_data / "stations" / "NewSiteList_gbk.csv")
    registry = build_registry(load_config(), listed, observed=["1988A", "1173A"]).set_index("code")
    assert (registry.loc["1988A", "city"], registry.loc["1988A", "prefecture"]) == ("昆山", "苏州市")
    assert registry.loc["1173A", "prefecture"] == "连云港市"


def test_without_a_national_list_configured_names_are_used():
    registry = build_registry(load_config(), None, observed=["1173A"]).set_index("code")
    assert registry.loc["1173A", "name"] == "市环境监测站" and registry.loc["1173A", "lat"] == 34.5885


def test_a_station_missing_from_every_list_keeps_its_code_as_name():
    registry = build_registry(load_config(), None, observed=["9999A"]).set_index("code")
    assert registry.loc["9999A", "name"] == "9999A" and registry.loc["9999A", "network"] == "national"


def test_unknown_city_area_and_province_are_none_not_nan():
    # pandas 3 would store a missing text as NaN (truthy, and printed "nan"); the registry says None.
    registry = build_registry(load_config(), None, observed=["9999A", "1173A"]).set_index("code")
    for column in ("city", "area", "province", "prefecture"):
        assert registry.loc["9999A", column] is None, column
    assert registry.loc["1173A", "area"] == "haizhou"


def test_a_bad_coordinate_names_the_file_row_and_field(tmp_path):
    path = tmp_path / "list.csv"
    text = (
        "监测点编码,监测点名称,城市,经度,纬度,对照点,省级行政区,地级行政区\r\n"
        "1173A,市环境监测站,连云港,119.176,34.5885,N,江苏省,连云港市\r\n"
        "3000A,德源药业,连云港,东经119,34.69,N,江苏省,连云港市\r\n"
    )
    path.write_bytes(text.encode("gbk"))
    with pytest.raises(InputError) as err:
        read_station_list(path)
    assert "row 3" in str(err.value) and "经度" in str(err.value) and "list.csv" in str(err.value)
