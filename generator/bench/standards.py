"""Benchmarks of the standards engine (`make bench` section "standards").

1. IAQI and AQI throughput on 10 million values, against a per-value loop over aqi-hub in the
   same run (the loop is timed on a sample and extrapolated). Target: at least 30x. Throughput is
   measured in process CPU time, so other work on the machine does not skew the ratio; both sides
   are warmed up and each rate is the median of three runs. The AQI target compares like with like:
   the aqi-hub loop also computes the level, colour and primary pollutants daily_aqi returns (its
   AQI-only loop is shown too).
2. A year of statistics for all 115 Jiangsu stations (../shared/data), parse time shown apart.
3. A synthetic national year: 1,700 stations, hourly, all six pollutants. Targets: < 60 s, < 4 GB.
Peak memory is Python's traced allocations (tracemalloc; numpy reports its buffers there).
"""

from __future__ import annotations

import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from generator.standards.aqi import daily_aqi
from generator.standards.assessment import daily_station_values, period_statistics
from generator.standards.composite import composite_ranking
from generator.standards.iaqi import iaqi

SECTION = "standards"
N_VALUES = 10_000_000
JIANGSU = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / "cnemc"
    / "jiangsu_sites_2019_wide.csv.gz"
)


def _row(measure, value, unit, target="", note=""):
    return {
        "section": SECTION,
        "measure": measure,
        "value": value,
        "unit": unit,
        "target": target,
        "note": note,
    }


def _timed(fn):
    tracemalloc.start()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak / 2**30


def _cpu_rate(fn, count: int, repeats: int = 3) -> float:
    """Values per CPU second of fn() (which handles `count` values): the median of `repeats` runs."""
    rates = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        rates.append(count / (time.process_time() - start))
    return float(np.median(rates))


def throughput() -> list[dict]:
    """Both sides are warmed up first (rule tables, imports), timed in CPU time, median of 3 runs."""
    from aqi_hub.aqi_cn.aqi import (
        cal_aqi_cn,
        cal_iaqi_cn,
        cal_primary_pollutant,
        get_aqi_level,
        get_aqi_level_color,
    )

    rng = np.random.default_rng(1)
    values = np.round(rng.uniform(0, 550, N_VALUES), 1)
    # AQI: the 2012 daily report, 7 indicators per row -> 10 million values.
    rows = N_VALUES // 7
    frame = pd.DataFrame(
        {
            "date": pd.Timestamp("2019-06-01"),
            "pm25": values[:rows],
            "pm10": values[rows : 2 * rows],
            "so2": values[2 * rows : 3 * rows] / 2,
            "no2": values[3 * rows : 4 * rows] / 2,
            "co": values[4 * rows : 5 * rows] / 100,
            "o3_8h_max": values[5 * rows : 6 * rows],
            "o3_1h_max": values[6 * rows : 7 * rows],
        }
    )
    iaqi("pm25", values[:1000], "24h", "2026")
    daily_aqi(frame.iloc[:1000])
    ours_iaqi = _cpu_rate(lambda: iaqi("pm25", values, "24h", "2026"), N_VALUES)
    ours_aqi = _cpu_rate(lambda: daily_aqi(frame), rows * 7)

    sample = values[:200_000].tolist()
    n_rows = 30_000

    def hub_iaqi_loop():
        for v in sample:
            cal_iaqi_cn("PM25_24H", v)

    def hub_aqi_loop():  # AQI only: what cal_aqi_cn returns
        for v in sample[:n_rows]:
            cal_aqi_cn(v, v, v / 2, v / 2, v / 100, v, data_type="daily")

    def hub_report_loop():  # the same outputs as daily_aqi: AQI, IAQIs, level, colour, primary
        for v in sample[:n_rows]:
            aqi, iaqis = cal_aqi_cn(v, v, v / 2, v / 2, v / 100, v, data_type="daily")
            level = get_aqi_level(aqi)
            get_aqi_level_color(level, "RGB_HEX")
            cal_primary_pollutant(iaqis)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for v in sample[:1000]:
            cal_iaqi_cn("PM25_24H", v)
        hub_iaqi = _cpu_rate(hub_iaqi_loop, len(sample))
        hub_aqi = _cpu_rate(hub_aqi_loop, n_rows * 6)
        hub_report = _cpu_rate(hub_report_loop, n_rows * 6)
    return [
        _row("IAQI throughput (10M PM2.5 values)", f"{ours_iaqi:,.0f}", "values/s"),
        _row(
            "aqi-hub per-value loop, IAQI",
            f"{hub_iaqi:,.0f}",
            "values/s",
            note="200k-value sample, extrapolated",
        ),
        _row("IAQI speed-up vs aqi-hub loop", f"{ours_iaqi / hub_iaqi:.0f}x", "", ">= 30x"),
        _row(
            "daily AQI throughput (1.43M rows x 7)",
            f"{ours_aqi:,.0f}",
            "values/s",
            note="IAQI, AQI, level, category, colour, primary pollutants, as a DataFrame",
        ),
        _row(
            "aqi-hub per-row loop, same outputs",
            f"{hub_report:,.0f}",
            "values/s",
            note="30k rows x 6 values: cal_aqi_cn + level, colour, primary pollutants",
        ),
        _row("AQI speed-up vs aqi-hub loop, same outputs", f"{ours_aqi / hub_report:.0f}x", "", ">= 30x"),
        _row(
            "aqi-hub per-row loop, AQI only",
            f"{hub_aqi:,.0f}",
            "values/s",
            note="30k rows x 6 values: cal_aqi_cn alone (no level, colour, primary)",
        ),
        _row(
            "AQI speed-up vs aqi-hub AQI-only loop",
            f"{ours_aqi / hub_aqi:.0f}x",
            "",
            note="ours computes more per row than this loop",
        ),
    ]


def year_of_statistics(hourly: pd.DataFrame, start="2019-01-01", end="2019-12-31"):
    daily = daily_aqi(daily_station_values(hourly, start, end))
    stats = period_statistics(daily, start, end, by="station")
    return composite_ranking(stats, start, end, kind="year", key="station")


def jiangsu() -> list[dict]:
    if not JIANGSU.exists():
        return [_row("Jiangsu year", "skipped", "", note=f"{JIANGSU} absent")]
    from generator.sources.archive.cnemc import parse_archive_files

    start = time.perf_counter()
    hourly = parse_archive_files([JIANGSU])
    parse_s = time.perf_counter() - start
    ranking, seconds, peak = _timed(lambda: year_of_statistics(hourly))
    return [
        _row(
            "Jiangsu 2019 parse (generator.sources.archive.cnemc)",
            f"{parse_s:.1f}",
            "s",
            note=f"{len(hourly):,} station-hours",
        ),
        _row(
            "Jiangsu 2019 statistics, 115 stations",
            f"{seconds:.2f}",
            "s",
            note=f"daily values, AQI, period stats, ranking of {len(ranking)} stations",
        ),
        _row("Jiangsu 2019 statistics peak memory", f"{peak:.2f}", "GiB"),
    ]


def synthetic_hourly(n_stations: int = 1700, year: int = 2019, seed: int = 7) -> pd.DataFrame:
    """A year of hourly values for n stations (about 5 % missing), station as categorical."""
    rng = np.random.default_rng(seed)
    times = pd.date_range(f"{year}-01-01", f"{year}-12-31 23:00", freq="h", tz="Asia/Shanghai")
    n = n_stations * len(times)
    codes = [f"{1001 + i}A" for i in range(n_stations)]
    frame = pd.DataFrame(
        {
            "station": pd.Categorical.from_codes(
                np.repeat(np.arange(n_stations, dtype=np.int32), len(times)), codes
            ),
            "time": np.tile(times, n_stations),
        }
    )
    scale = {"pm25": 40, "pm10": 70, "so2": 10, "no2": 30, "o3": 90, "co": 0.8}
    for pollutant, mean in scale.items():
        values = rng.gamma(2.0, mean / 2.0, n).astype(np.float64)
        values = np.round(values, 1 if pollutant == "co" else 0)
        values[rng.random(n) < 0.05] = np.nan
        frame[pollutant] = values
    return frame


def national() -> list[dict]:
    hourly = synthetic_hourly()
    ranking, seconds, peak = _timed(lambda: year_of_statistics(hourly))
    return [
        _row(
            "national synthetic year: time",
            f"{seconds:.1f}",
            "s",
            "< 60 s",
            note=f"{hourly['station'].nunique()} stations, {len(hourly):,} station-hours",
        ),
        _row(
            "national synthetic year: peak memory",
            f"{peak:.2f}",
            "GiB",
            "< 4 GB",
            note=f"input frame {hourly.memory_usage(deep=True).sum() / 2**30:.2f} GiB not counted",
        ),
    ]


def run() -> list[dict]:
    return [*throughput(), *jiangsu(), *national()]


if __name__ == "__main__":
    for row in run():
        print(row)
