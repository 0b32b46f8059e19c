"""The bundled sample data (data/sample/): deterministic, in the archive's exact format, realistic.

The format and realism checks read the files with a few lines of pandas of their own, so they
do not depend on the project's parser; one test then checks that the project's parser
(generator.sources.archive.cnemc) reads them like real archive files.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import math
import re
import tomllib
from datetime import date
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.config import load_config
from generator.sample import DEFAULT_END, DEFAULT_SEED, DEFAULT_START, generate, scenario
from generator.sample.air import station_codes
from generator.sample.archive_format import TYPES, write_day
from generator.standards.rules import version_for_date

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
RAW = SAMPLE / "raw" / "cnemc"
CONFIG = load_config(ROOT / "data" / "site.toml")
CODES = station_codes(CONFIG)


def _file(day: date) -> Path:
    return RAW / f"china_sites_{day:%Y%m%d}.csv.gz"


def _read(paths) -> pd.DataFrame:
    """Archive rows of the files as one frame: date, hour, type, one float column per station."""
    return pd.concat([pd.read_csv(p, dtype={"type": str}) for p in paths], ignore_index=True)


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    frame = _read(sorted(RAW.glob("china_sites_*.csv.gz")))
    frame["day"] = pd.to_datetime(frame["date"].astype(str), format="%Y%m%d")
    return frame


def _series(rows: pd.DataFrame, type_: str) -> pd.DataFrame:
    """One type's values: index (day, hour), one column per station."""
    return rows[rows["type"] == type_].set_index(["day", "hour"])[CODES]


def _round_half_up(x):
    return np.floor(np.asarray(x, dtype=float) + 0.5)


# --- determinism -------------------------------------------------------------------------------


def _tree_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        generate(out, CONFIG, seed=7, start=date(2025, 12, 10), end=date(2026, 1, 20))
    first, second = _tree_bytes(a), _tree_bytes(b)
    assert len([k for k in first if k.startswith("raw")]) == 42
    assert first == second


def test_another_seed_gives_other_values(tmp_path):
    generate(tmp_path / "a", CONFIG, seed=7, start=date(2025, 3, 1), end=date(2025, 3, 3))
    generate(tmp_path / "b", CONFIG, seed=8, start=date(2025, 3, 1), end=date(2025, 3, 3))
    name = "raw/cnemc/china_sites_20250302.csv.gz"
    texts = [gzip.decompress((tmp_path / run / name).read_bytes()) for run in ("a", "b")]
    assert texts[0] != texts[1]


def test_gzip_header_has_no_time_and_no_file_name():
    data = _file(date(2025, 7, 1)).read_bytes()
    assert data[:3] == b"\x1f\x8b\x08"
    assert data[3] & 0x08 == 0  # FNAME flag unset
    assert data[4:8] == b"\0\0\0\0"  # mtime 0


def _content_digest(path: Path) -> str:
    # Compare what the files hold: another zlib build may compress equal text to other bytes.
    data = path.read_bytes()
    return hashlib.sha256(gzip.decompress(data) if path.suffix == ".gz" else data).hexdigest()


@pytest.mark.slow
def test_committed_sample_equals_a_fresh_generation(tmp_path):
    info = tomllib.loads((SAMPLE / "dataset.toml").read_text(encoding="utf-8"))["dataset"]
    assert (info["seed"], info["start"], info["end"]) == (DEFAULT_SEED, DEFAULT_START, DEFAULT_END)
    written = generate(tmp_path, CONFIG, seed=info["seed"], start=info["start"], end=info["end"])
    fresh = {p.relative_to(tmp_path): _content_digest(p) for p in written}
    committed = {rel: _content_digest(SAMPLE / rel) for rel in fresh if (SAMPLE / rel).exists()}
    assert committed == fresh, "data/sample is stale: run `make sample` and commit the result"
    committed_days = sorted(p.name for p in RAW.glob("*.gz"))
    assert committed_days == sorted(p.name for p in (tmp_path / "raw" / "cnemc").glob("*.gz"))


def test_dataset_info_marks_demonstration_data():
    info = tomllib.loads((SAMPLE / "dataset.toml").read_text(encoding="utf-8"))["dataset"]
    assert info["sample"] is True
    assert "非官方监测数据" in info["source"]
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "演示" in readme and "非官方" in readme
    assert str(info["seed"]) in readme
    for ep in scenario.PM_EPISODES + scenario.OZONE_EPISODES:
        assert ep.start.isoformat() in readme and ep.end.isoformat() in readme


# --- the archive's exact format ----------------------------------------------------------------


def test_one_file_per_day_except_the_deliberately_missing_day():
    days = pd.date_range(DEFAULT_START, DEFAULT_END, freq="D").date
    expected = {_file(d).name for d in days if d not in scenario.MISSING_DAYS}
    assert {p.name for p in RAW.glob("*")} == expected


def test_files_are_utf8_crlf_with_the_archive_header_and_type_order():
    text = gzip.decompress(_file(date(2026, 1, 14)).read_bytes())
    assert not text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8").split("\r\n")
    assert lines[-1] == "" and all("\n" not in line and "\r" not in line for line in lines)
    assert lines[0] == ",".join(["date", "hour", "type", *CODES])
    body = [line.split(",") for line in lines[1:-1]]
    assert len(body) == 24 * 15
    assert [r[2] for r in body] == list(TYPES) * 24
    assert [int(r[1]) for r in body] == [h for h in range(24) for _ in TYPES]
    assert {r[0] for r in body} == {"20260114"}
    assert all(len(r) == 3 + len(CODES) for r in body)


def test_values_are_integers_except_co_with_one_decimal_and_empty_when_missing(rows):
    for type_ in TYPES:
        cells = rows.loc[rows["type"] == type_, CODES].to_numpy().ravel()
        cells = cells[~np.isnan(cells)]
        if type_.startswith("CO"):
            assert np.allclose(cells * 10, np.round(cells * 10))
        else:
            assert np.array_equal(cells, np.round(cells)), type_
        assert (cells >= 0).all()
    # Missing values are empty fields, never sentinel numbers.
    text = gzip.decompress(_file(date(2025, 8, 10)).read_bytes()).decode()
    assert ",," in text and not re.search(r",-\d", text)


def test_complete_days_have_24_hours_and_a_few_days_lose_some(rows):
    hours_per_day = rows.groupby("day")["hour"].nunique()
    assert (hours_per_day == 24).mean() > 0.95
    assert 3 <= (hours_per_day < 24).sum() <= 40
    assert (rows.groupby(["day", "hour"]).size() == 15).all()


def test_24h_values_at_hour_23_are_the_days_means_and_maxima(rows):
    complete = rows.groupby("day")["hour"].transform("nunique") == 24
    full = rows[complete]
    at_23 = full[full["hour"] == 23].set_index(["day", "type"])[CODES]
    for type_ in ("PM2.5", "PM10", "SO2", "NO2"):
        day_mean = _series(full, type_).groupby(level="day").mean()
        assert np.array_equal(
            at_23.xs(f"{type_}_24h", level="type").to_numpy(), _round_half_up(day_mean), equal_nan=True
        ), type_
    co_tenths = np.round(_series(full, "CO") * 10)  # exact integers, so the half-up rounding is exact
    co_mean = co_tenths.groupby(level="day").mean()
    assert np.array_equal(
        np.round(at_23.xs("CO_24h", level="type").to_numpy() * 10), _round_half_up(co_mean), equal_nan=True
    )
    o3_max = _series(full, "O3").groupby(level="day").max()
    assert np.array_equal(at_23.xs("O3_24h", level="type").to_numpy(), o3_max.to_numpy(), equal_nan=True)
    o3_8h_max = _series(full, "O3_8h").groupby(level="day").max()
    assert np.array_equal(
        at_23.xs("O3_8h_24h", level="type").to_numpy(), o3_8h_max.to_numpy(), equal_nan=True
    )


def test_o3_8h_is_the_8_hour_moving_mean(rows):
    day = rows[rows["day"] == pd.Timestamp("2025-07-02")]
    o3 = _series(day, "O3").to_numpy()
    o3_8h = _series(day, "O3_8h").to_numpy()
    windows = np.lib.stride_tricks.sliding_window_view(o3, 8, axis=0)
    # A mean of at least 6 of the 8 hours (GB 3095), so a single empty hour leaves a value.
    enough = (~np.isnan(windows)).sum(axis=-1) >= 6
    expected = np.where(enough, _round_half_up(np.nanmean(windows, axis=-1)), np.nan)
    assert np.array_equal(o3_8h[7:], expected, equal_nan=True)


def _breakpoints(version: str, item: str) -> list[tuple[Fraction, int]]:
    """(concentration, IAQI) of one table, read from the rule tables' CSV itself."""
    with open(ROOT / "generator" / "standards" / "tables" / "breakpoints.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["version"] == version and r["item"] == item]
    return sorted((Fraction(r["concentration"]), int(r["iaqi"])) for r in rows)


def _parameter(version: str, name: str) -> str:
    with open(ROOT / "generator" / "standards" / "tables" / "parameters.csv", encoding="utf-8") as f:
        (row,) = [r for r in csv.DictReader(f) if r["version"] == version and r["key"] == name]
    return row["value"]


def _table_iaqi(version: str, item: str, value: float) -> float:
    """HJ 633's formula, IAQI = ceil(I_lo + (I_hi - I_lo) / (BP_hi - BP_lo) × (C - BP_lo)), in exact
    fractions: an independent reference, not the engine's lookup tables."""
    if np.isnan(value):
        return np.nan
    table = _breakpoints(version, item)
    c = Fraction(str(value))  # the archive's decimal as written
    assert c >= 0, f"{item} {value}"
    if c > table[-1][0]:  # above the top breakpoint: the cap (SO2 1h has rules of its own)
        assert item != "so2_1h", f"so2_1h {value}: the sample stays inside the SO2 1-hour table"
        return float(_parameter(version, "iaqi_cap"))
    for (lo_c, lo_i), (hi_c, hi_i) in zip(table, table[1:], strict=False):
        if c <= hi_c:
            return float(math.ceil(lo_i + Fraction(hi_i - lo_i) / (hi_c - lo_c) * (c - lo_c)))
    raise AssertionError("unreachable: c is at most the top breakpoint")


# The archive's hourly types and the tables they are rated on (PM has only daily tables).
HOURLY_ITEMS = {
    "PM2.5": "pm25_24h",
    "PM10": "pm10_24h",
    "SO2": "so2_1h",
    "NO2": "no2_1h",
    "CO": "co_1h",
    "O3": "o3_1h",
}


@pytest.mark.parametrize("day", [date(2025, 7, 2), date(2026, 1, 14), date(2026, 6, 1)])
def test_aqi_is_the_largest_hourly_iaqi_under_the_days_rules(rows, day):
    one = rows[rows["day"] == pd.Timestamp(day)]
    version = version_for_date(day)
    parts = []
    for type_, item in HOURLY_ITEMS.items():
        values = _series(one, type_).to_numpy()
        # At reporting precision already (whole µg/m³, CO to 0.1 mg/m³), so the rounding HJ
        # 633-2026 asks for before the IAQI changes nothing and the formula applies as it stands.
        decimals = 1 if type_ == "CO" else 0
        assert np.array_equal(np.round(values, decimals), values, equal_nan=True), type_
        parts.append(np.vectorize(lambda v, item=item: _table_iaqi(version, item, v))(values))
    assert np.array_equal(_series(one, "AQI").to_numpy(), np.fmax.reduce(parts), equal_nan=True)


def test_a_station_goes_offline_for_a_stretch(rows):
    code, first, last = scenario.OFFLINE[0]
    hourly_types = rows["type"].isin(["AQI", "PM2.5", "PM10", "SO2", "NO2", "O3", "CO"])
    values = rows[hourly_types].set_index("day")[code]
    stretch = values.loc[pd.Timestamp(first) : pd.Timestamp(last)]
    assert stretch.isna().all()
    assert values.loc[pd.Timestamp(last) + pd.Timedelta(days=3) :].notna().mean() > 0.99


# --- realism ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hourly(rows) -> dict[str, pd.DataFrame]:
    return {t: _series(rows, t) for t in ("PM2.5", "NO2", "O3", "SO2")}


def _months(frame: pd.DataFrame) -> np.ndarray:
    return frame.index.get_level_values("day").month


def test_pm25_is_higher_in_winter_than_in_summer(hourly):
    pm = hourly["PM2.5"]
    winter = pm[np.isin(_months(pm), [12, 1, 2])].stack().mean()
    summer = pm[np.isin(_months(pm), [6, 7, 8])].stack().mean()
    assert winter > 2 * summer
    assert 30 < pm.stack().mean() < 60  # Lianyungang's 2019 annual mean was ~43


def test_ozone_peaks_in_summer_afternoons(hourly):
    o3 = hourly["O3"]
    summer = o3[np.isin(_months(o3), [5, 6, 7, 8, 9])]
    by_hour = summer.stack().groupby(level="hour").mean()
    assert 13 <= by_hour.idxmax() <= 16
    assert o3[np.isin(_months(o3), [6])].stack().mean() > 2 * o3[np.isin(_months(o3), [12])].stack().mean()


def test_no2_has_rush_hour_peaks_and_less_at_weekends(hourly):
    no2 = hourly["NO2"].stack()
    by_hour = no2.groupby(level="hour").mean()
    assert by_hour[[7, 8, 9]].mean() > by_hour[[13, 14, 15]].mean()
    assert by_hour[[19, 20, 21]].mean() > by_hour[[13, 14, 15]].mean()
    weekend = no2.index.get_level_values("day").day_of_week >= 5
    assert no2[~weekend].mean() > 1.1 * no2[weekend].mean()


def test_industrial_parks_have_more_so2_and_the_mountain_site_is_cleanest(hourly):
    so2 = hourly["SO2"].mean()
    assert so2["GN02"] > 1.5 * so2.median() and so2["XW01"] > 1.5 * so2.median()
    assert hourly["PM2.5"].mean().idxmin() == "YT01"


def test_at_least_two_heavy_pollution_episodes_across_the_city(hourly):
    city_daily = hourly["PM2.5"].mean(axis=1).groupby(level="day").mean()
    heavy = city_daily > 150  # daily AQI above 200
    run_id = (heavy != heavy.shift()).cumsum()
    runs = heavy[heavy].groupby(run_id[heavy]).size()
    assert (runs >= 2).sum() >= 2
    for ep in scenario.PM_EPISODES:
        days = pd.date_range(ep.start, ep.end, freq="D")
        assert heavy[days].all(), ep.label
    assert city_daily[pd.Timestamp("2026-01-14")] > 250  # daily AQI above 300
    # Every area is in the episode, not just the city mean.
    area_daily = hourly["PM2.5"].loc[pd.Timestamp("2026-01-14")].mean()
    assert (area_daily > 150).all()


# --- the project's parser reads the sample like the real archive -------------------------------


def test_the_archive_parser_reads_the_sample_files():
    cnemc = pytest.importorskip("generator.sources.archive.cnemc")
    days = [*pd.date_range("2025-04-05", "2025-04-11").date, *pd.date_range("2026-01-12", "2026-01-15").date]
    paths = [_file(d) for d in days if _file(d).exists()]
    long = cnemc.parse_archive_file(paths[0])
    assert set(long["station"].astype(str)) == set(CODES)
    assert len(long) == _read([paths[0]])[CODES].notna().to_numpy().sum()

    observations = cnemc.read_archives(paths)
    assert len(observations.flags) == 0  # nothing implausible or unreadable
    kinds = {d["kind"] for d in observations.defects}
    assert kinds <= {"missing_day", "missing_hours"}
    assert any(d["kind"] == "missing_day" and d["date"] == "2025-04-08" for d in observations.defects)

    hourly = cnemc.parse_archive_files(paths)
    mine = _read(paths)
    pm25 = mine[mine["type"] == "PM2.5"]
    assert len(hourly) == len(pm25) * len(CODES)
    at_5 = pd.Timestamp("2026-01-14 05:00", tz="Asia/Shanghai")
    jan14 = hourly[hourly["time"] == at_5].set_index("station")
    expected = pm25[(pm25["date"] == 20260114) & (pm25["hour"] == 5)][CODES].iloc[0]
    assert np.array_equal(jan14.loc[CODES, "pm25"].to_numpy(), expected.to_numpy(), equal_nan=True)


def test_a_day_file_is_written_through_a_temporary_file_of_its_own(tmp_path):
    # A file named like a fixed temporary name (another writer's, or a killed run's) is not touched.
    target = tmp_path / "china_sites_20250101.csv.gz"
    bystander = tmp_path / "china_sites_20250101.csv.gz.tmp"
    bystander.write_bytes(b"someone else's")
    write_day(target, "date,hour,type", np.array([b"20250101,0,AQI"]))
    assert gzip.decompress(target.read_bytes()) == b"date,hour,type\r\n20250101,0,AQI\r\n"
    assert bystander.read_bytes() == b"someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, bystander.name])
