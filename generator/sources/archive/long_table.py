"""The tidy long table of station observations, and the hourly wide table made from it.

long:   station (categorical), time (Asia/Shanghai), pollutant (categorical, LONG_POLLUTANTS), value.
hourly: one row per station and hour, one column per pollutant of the Dataset contract.
Every reader of observations (the national archive, provincial CSVs) produces the long table.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from generator.sources.archive.plausibility import implausible_mask
from generator.standards.rules import POLLUTANTS

TZ = "Asia/Shanghai"

# Archive `type` labels -> internal pollutant names, in the archive's row order within an hour.
ARCHIVE_TYPES: dict[str, str] = {
    "AQI": "aqi",
    "PM2.5": "pm25",
    "PM2.5_24h": "pm25_24h",
    "PM10": "pm10",
    "PM10_24h": "pm10_24h",
    "SO2": "so2",
    "SO2_24h": "so2_24h",
    "NO2": "no2",
    "NO2_24h": "no2_24h",
    "O3": "o3",
    "O3_24h": "o3_24h",
    "O3_8h": "o3_8h",
    "O3_8h_24h": "o3_8h_24h",
    "CO": "co",
    "CO_24h": "co_24h",
}
LONG_POLLUTANTS: tuple[str, ...] = tuple(ARCHIVE_TYPES.values())
TYPES_PER_HOUR = len(ARCHIVE_TYPES)
HOURLY_COLUMNS = ["station", "time", *POLLUTANTS]
LONG_COLUMNS = ["station", "time", "pollutant", "value"]
NS_HOUR = 3_600_000_000_000
UTC_OFFSET_NS = 8 * NS_HOUR  # Beijing time has been UTC+8 all year since 1992


def empty_long() -> pd.DataFrame:
    return long_frame([], np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int8), np.zeros(0))


def long_frame(
    stations: list[str], st: np.ndarray, utc_ns: np.ndarray, pol: np.ndarray, value: np.ndarray
) -> pd.DataFrame:
    """The long table from its numpy columns (times as UTC nanoseconds)."""
    time = pd.DatetimeIndex(utc_ns.astype("datetime64[ns]")).tz_localize("UTC").tz_convert(TZ)
    return pd.DataFrame(
        {
            # Text categories (pandas 3: its string dtype), as the provincial files' and the
            # Parquet cache's, so parts from either concatenate.
            "station": pd.Categorical.from_codes(
                st.astype(np.int32), categories=pd.Index(stations, dtype=str)
            ),
            "time": time,
            "pollutant": pd.Categorical.from_codes(pol.astype(np.int8), categories=LONG_POLLUTANTS),
            "value": value.astype(float),
        }
    )


def _text_categories(station: pd.Series) -> pd.Categorical:
    """Station codes as a categorical with text categories (pandas 3: its string dtype), since
    union_categoricals refuses to combine object categories with string ones."""
    cat = station.astype("category").cat
    return pd.Categorical.from_codes(cat.codes, categories=cat.categories.astype(str))


def concat_long(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate long tables, keeping station and pollutant categorical."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return empty_long()
    stations = pd.api.types.union_categoricals(
        [_text_categories(p["station"]) for p in parts], ignore_order=True
    )
    out = pd.concat([p.drop(columns="station") for p in parts], ignore_index=True)
    out.insert(0, "station", stations)
    out["pollutant"] = pd.Categorical(out["pollutant"], categories=LONG_POLLUTANTS)
    out.attrs = {}
    return out


def long_to_hourly(long: pd.DataFrame) -> pd.DataFrame:
    """Tidy long table -> the hourly wide frame of the Dataset contract.

    One row per station and hour present (sorted by station, time): station (str), time, pm25,
    pm10, so2, no2, o3, co. Implausible values are NaN here (see `flag_implausible`). Where the
    same station, hour and pollutant occurs twice, the later row wins.
    """
    pollutant = long["pollutant"]
    if not isinstance(pollutant.dtype, pd.CategoricalDtype):
        pollutant = pollutant.astype("category")
    to_hourly = np.array(
        [POLLUTANTS.index(c) if c in POLLUTANTS else -1 for c in pollutant.cat.categories] + [-1]
    )
    p_all = to_hourly[pollutant.cat.codes.to_numpy()]
    keep = p_all >= 0
    if not keep.any():
        return pd.DataFrame(
            {
                "station": pd.Series(dtype=str),
                "time": pd.Series(dtype=f"datetime64[ns, {TZ}]"),
                **{p: pd.Series(dtype=float) for p in POLLUTANTS},
            }
        )
    bad, _ = implausible_mask(long)
    value = np.where(bad, np.nan, long["value"].to_numpy(dtype=float))[keep]
    p_codes = p_all[keep]
    station = long["station"]
    if not isinstance(station.dtype, pd.CategoricalDtype):
        station = station.astype(str).astype("category")
    # Stations in sorted order, so the output is sorted by station, then time.
    order = np.argsort(np.asarray(station.cat.categories, dtype=str), kind="stable")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    st = rank[station.cat.codes.to_numpy()[keep]]
    st_names = np.asarray(station.cat.categories, dtype=object)[order]
    # In nanoseconds whatever the column's unit (pandas 3 parses text times to seconds or microseconds).
    utc = long["time"].dt.tz_convert("UTC").dt.tz_localize(None)
    utc_ns = utc.to_numpy(dtype="datetime64[ns]").view(np.int64)[keep]
    t0 = utc_ns.min()
    if ((utc_ns - t0) % NS_HOUR).any():
        raise ValueError("hourly table: times must fall on whole hours")
    t_idx = (utc_ns - t0) // NS_HOUR
    n_t = int(t_idx.max()) + 1
    key = st * n_t + t_idx
    if len(st_names) * n_t <= 100_000_000:  # dense index: no sort needed
        present = np.zeros(len(st_names) * n_t, bool)
        present[key] = True
        uniq = np.flatnonzero(present)
        inverse = (np.cumsum(present) - 1)[key]
    else:
        uniq, inverse = np.unique(key, return_inverse=True)
    cell = inverse.astype(np.int64) * len(POLLUTANTS) + p_codes
    if np.bincount(cell).max() > 1:  # repeated cells: keep the last one explicitly
        last = len(cell) - 1 - np.unique(cell[::-1], return_index=True)[1]
        cell, value = cell[last], value[last]
    grid = np.full((len(uniq), len(POLLUTANTS)), np.nan)
    grid.ravel()[cell] = value
    out = pd.DataFrame(grid, columns=list(POLLUTANTS))
    time = (
        pd.DatetimeIndex((t0 + (uniq % n_t) * NS_HOUR).astype("datetime64[ns]"))
        .tz_localize("UTC")
        .tz_convert(TZ)
    )
    out.insert(0, "time", time)
    out.insert(0, "station", st_names[uniq // n_t])
    return out
