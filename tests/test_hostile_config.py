"""Editors' configuration, boundary files, register file names and invisible text, written carelessly or
with intent: each mistake is a sentence naming the file and the key's path (or row and field), never a
traceback and never a value silently misread (issue 28)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from generator.config import load_config
from generator.config.boundaries import load_boundaries
from generator.errors import InputError
from generator.sources.registers.dustdays import read_dustdays
from generator.sources.registers.forecasts import read_forecast
from generator.sources.registers.warnings import load_register
from generator.text import INVISIBLE
from tests.conftest import ROOT, SAMPLE_DATA

SITE_TOML = (ROOT / "data" / "site.toml").read_text(encoding="utf-8")
GEOJSON = ROOT / "data" / "boundaries" / "lianyungang-counties.geojson"


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "data" / "site.toml")


def config_error(tmp_path, text: str) -> InputError:
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert info.value.path == str(path)
    return info.value


def replaced(old: str, new: str, text: str = SITE_TOML) -> str:
    assert old in text
    return text.replace(old, new, 1)


# --- site.toml: every value of the type its key wants ---------------------------------------------


def test_a_station_written_as_text_instead_of_a_list_is_refused_naming_the_area(tmp_path):
    # Read as a list of its letters, "3007A" left 赣榆区 unranked without a word.
    err = config_error(tmp_path, replaced('stations = ["3007A"]', 'stations = "3007A"'))
    assert err.field == "areas[3].stations" and "列表" in err.detail and "3007A" in err.detail


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("retries = 4", 'retries = "4"', "sources.cnemc.retries", "整数"),
        ("retries = 4", "retries = true", "sources.cnemc.retries", "整数"),
        ("timeout_seconds = 30", "timeout_seconds = nan", "sources.cnemc.timeout_seconds", "有限"),
        ('start = "2025-01-01"', 'start = "2025-13-01"', "sources.cnemc.start", "日期"),
        (
            "redirect_hosts = []",
            'redirect_hosts = "mirror.example.cn"',
            "sources.cnemc.redirect_hosts",
            "列表",
        ),
        ("stale_after_days = 10", "stale_after_days = 10.5", "site.stale_after_days", "整数"),
        ("pm25_annual_max = 41.0", 'pm25_annual_max = "41"', "targets.pm25_annual_max", "数"),
        ('cities = ["南京"', 'cities = [1, "南京"', "province.cities", "第 1 项"),
        ("lon = 119.176", 'lon = "119.176"', "national_stations[1].lon", "数"),
    ],
)
def test_a_value_of_the_wrong_type_names_its_key_path(tmp_path, old, new, field, words):
    err = config_error(tmp_path, replaced(old, new))
    assert err.field == field and words in err.detail


def test_an_unknown_key_in_a_national_station_is_a_sentence_not_a_type_error(tmp_path):
    err = config_error(
        tmp_path, replaced('name = "市环境监测站"\n', 'name = "市环境监测站"\naltitude = 12\n')
    )
    assert err.field == "national_stations[1].altitude" and "未知的键" in err.detail and "lon" in err.detail


@pytest.mark.parametrize("slug", ["../../outside", "ganyu/../../x", ".hidden", "Ganyu", "赣榆"])
def test_an_area_slug_that_is_not_one_url_segment_is_refused_before_anything_is_written(tmp_path, slug):
    err = config_error(tmp_path, replaced('slug = "ganyu"', f'slug = "{slug}"'))
    assert err.field == "areas[3].slug" and "连字符" in err.detail
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.toml"]


def test_a_station_code_that_is_a_path_is_refused(tmp_path):
    err = config_error(tmp_path, replaced('stations = ["3007A"]', 'stations = ["../3007A"]'))
    assert err.field == "areas[3].stations" and "第 1 项" in err.detail


def test_the_shipped_configuration_passes_the_schema(config):
    assert [a.slug for a in config.areas][:3] == ["haizhou", "lianyun", "ganyu"]
    assert config.area("赣榆区").stations == ("3007A",)


# --- Boundary files: the boundary file is named, never site.toml -----------------------------------


def boundary_error(tmp_path, text: str) -> InputError:
    path = tmp_path / "counties.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_boundaries(path)
    assert info.value.path == str(path)
    return info.value


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[1, 2, 3]", "features"),
        ('{"type": "FeatureCollection", "features": {"a": 1}}', "features"),
        ('{"type": "FeatureCollection", "features": [1]}', "feature #1"),
        ('{"type": "FeatureCollection", "features": [{"properties": [], "geometry": 3}]}', "feature #1"),
        ("[" * 100_000 + "]" * 100_000, "nested too deep"),
    ],
)
def test_a_boundary_file_of_the_wrong_shape_is_a_sentence(tmp_path, text, words):
    assert words in str(boundary_error(tmp_path, text))


def test_nan_coordinates_blame_the_boundary_file_and_the_feature(tmp_path):
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    ring = data["features"][0]["geometry"]["coordinates"][0][0]
    ring[3] = [float("nan"), ring[3][1]]
    err = boundary_error(tmp_path, json.dumps(data))  # json writes NaN, as some tools do
    assert "NaN" in err.detail


def test_infinite_or_ragged_coordinates_name_the_feature(tmp_path):
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    ring = data["features"][1]["geometry"]["coordinates"][0][0]
    ring[2] = [1e999, ring[2][1]]
    name = data["features"][1]["properties"]["name"]
    err = boundary_error(tmp_path, json.dumps(data).replace("Infinity", "1e999"))
    assert err.field == "features[2].geometry" and name in err.detail and "finite" in err.detail
    ring[2] = [119.0]
    err = boundary_error(tmp_path, json.dumps(data))
    assert err.field == "features[2].geometry" and name in err.detail


def test_a_broken_boundary_file_named_by_site_toml_is_reported_as_the_boundary_file(tmp_path):
    broken = tmp_path / "counties.geojson"
    broken.write_text('{"features": "none"}', encoding="utf-8")
    config = tmp_path / "site.toml"
    config.write_text(
        replaced('boundaries = "data/boundaries/lianyungang-counties.geojson"', f'boundaries = "{broken}"')
    )
    with pytest.raises(InputError) as info:
        load_config(config)
    assert info.value.path == str(broken)


# --- Register files: one rule for names -----------------------------------------------------------


def test_a_dust_day_file_with_a_capital_extension_is_read(tmp_path, config):
    folder = tmp_path / "dustdays"
    folder.mkdir()
    (folder / "2025.CSV").write_text("date,area,document\n2025-03-27,全市,总站通报\n", encoding="utf-8")
    (folder / "~$2025.csv").write_text("an office lock file", encoding="utf-8")
    assert read_dustdays(tmp_path, config)["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-27"]


# --- Invisible characters in every editor's text ---------------------------------------------------


def test_the_invisible_pattern_refuses_exactly_the_format_and_separator_characters():
    for code in range(0x110000):
        character = chr(code)
        refused = unicodedata.category(character) in {"Cf", "Zl", "Zp"}
        assert bool(INVISIBLE.fullmatch(character)) == refused, f"U+{code:04X}"


OVERRIDE, ZERO_WIDTH = "\u202e", "\u200b"


@pytest.mark.parametrize(
    ("character", "code"), [(OVERRIDE, "U+202E"), (ZERO_WIDTH, "U+200B"), ("\u2066", "U+2066")]
)
def test_a_notice_with_a_direction_override_or_zero_width_character_is_refused(
    tmp_path, config, character, code
):
    text = (SAMPLE_DATA / "warnings" / "2026-001.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "warnings"
    folder.mkdir()
    (folder / "2026-001.yaml").write_text(
        text.replace("首要污染物", f"首要{character}污染物", 1), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_register(folder, config)
    assert info.value.field == "cause" and code in info.value.detail and info.value.row is not None


def test_a_notice_with_an_escaped_override_is_refused_naming_the_field(tmp_path, config):
    text = (SAMPLE_DATA / "warnings" / "2026-001.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "warnings"
    folder.mkdir()
    text += 'description: "预警\\u202e除解"\n'
    (folder / "2026-001.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_register(folder, config)
    assert info.value.field == "description" and "U+202E" in info.value.detail


def test_a_forecast_text_with_a_zero_width_character_is_refused(tmp_path, config):
    text = (SAMPLE_DATA / "forecasts" / "2026-01-09.yaml").read_text(encoding="utf-8")
    path = tmp_path / "2026-01-09.yaml"
    path.write_text(text.replace("静稳天气", f"静稳{ZERO_WIDTH}天气"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_forecast(path, config)
    assert info.value.path == str(path) and "U+200B" in info.value.detail and info.value.field == "text"


@pytest.mark.parametrize("field", ["document", "note"])
def test_a_dust_day_text_with_a_direction_override_is_refused(tmp_path, config, field):
    folder = tmp_path / "dustdays"
    folder.mkdir()
    row = {"document": "总站通报", "note": "沙尘"} | {field: f"总站{OVERRIDE}通报"}
    (folder / "2025.csv").write_text(
        f"date,area,document,note\n2025-03-27,全市,{row['document']},{row['note']}\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        read_dustdays(tmp_path, config)
    assert (info.value.row, info.value.field) == (2, field) and "U+202E" in info.value.detail


# --- Dates with bounds ------------------------------------------------------------------------------


def test_a_notice_whose_end_is_more_than_30_days_after_its_start_is_refused_with_the_window(tmp_path, config):
    text = (SAMPLE_DATA / "warnings" / "2026-001.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "warnings"
    folder.mkdir()
    bad = text.replace("expected_end: 2026-01-15T00:00:00+08:00", "expected_end: 9999-12-31T00:00:00+08:00")
    (folder / "2026-001.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_register(folder, config)
    assert info.value.field == "expected_end" and "30 天" in info.value.detail
    assert "2026-01-12 00:00 至 2026-02-11 00:00" in info.value.detail


def test_a_notice_ending_exactly_30_days_after_its_start_is_published(tmp_path, config):
    text = (SAMPLE_DATA / "warnings" / "2026-001.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "warnings"
    folder.mkdir()
    edge = text.replace("expected_end: 2026-01-15T00:00:00+08:00", "expected_end: 2026-02-11T00:00:00+08:00")
    (folder / "2026-001.yaml").write_text(edge, encoding="utf-8")
    (notice,) = load_register(folder, config).notices
    assert notice.expected_end.isoformat() == "2026-02-11T00:00:00+08:00"


def test_dustdays_check_refuses_a_day_outside_the_window_with_the_window(tmp_path, config):
    from datetime import date

    folder = tmp_path / "dustdays"
    folder.mkdir()
    (folder / "2025.csv").write_text(
        "date,area,document\n2025-03-27,全市,通报\n2031-03-28,全市,通报\n", encoding="utf-8"
    )
    window = (date(2025, 1, 1), date(2026, 12, 31))
    with pytest.raises(InputError) as info:
        read_dustdays(tmp_path, config, window=window)
    assert (info.value.row, info.value.field) == (
        3,
        "date",
    ) and "2025-01-01 至 2026-12-31" in info.value.detail


@pytest.mark.parametrize(
    ("written", "code"), [(ZERO_WIDTH, "U+200B"), (OVERRIDE, "U+202E"), ("\\u0007", "U+0007")]
)
def test_an_area_name_in_site_toml_with_an_invisible_character_is_refused(tmp_path, written, code):
    # (TOML itself refuses a raw control character; written as an escape it reaches the schema.)
    err = config_error(tmp_path, replaced('name = "赣榆区"', f'name = "赣榆{written}区"'))
    assert err.field == "areas[3].name" and code in err.detail


def test_dustdays_check_refuses_a_day_outside_the_years_of_the_data_held(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    data = tmp_path / "data"
    (data / "raw" / "cnemc").mkdir(parents=True)
    for day in ("20250101", "20261122"):
        source = SAMPLE_DATA / "raw" / "cnemc" / f"china_sites_{day}.csv.gz"
        (data / "raw" / "cnemc" / source.name).write_bytes(source.read_bytes())
    (data / "dustdays").mkdir()
    (data / "dustdays" / "2025.csv").write_text(
        "date,area,document\n2031-03-28,全市,通报\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["dustdays", "check", "--data", str(data)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "row 2, field 'date'" in result.output and "2025-01-01 至 2026-12-31" in result.output
