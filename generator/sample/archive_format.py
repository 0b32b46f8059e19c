"""The public daily archive's file format (china_sites_YYYYMMDD.csv), written from hourly arrays.

15 rows per hour in the archive's order; the derived rows are computed the way the archive
computes them (see ../shared/data/README.md): X_24h is the mean of the 24 hourly values ending
at that hour, O3_24h the highest hourly O3 in that window, O3_8h the 8-hour moving mean (at
least 6 values, as GB 3095 asks), O3_8h_24h the highest O3_8h in the last 24 hours. Means are
taken over the values present and rounded half up, like the hourly values they come from.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from generator.files import atomic_write_bytes
from generator.standards.iaqi import iaqi
from generator.standards.rules import version_for_dates

TYPES = (
    "AQI",
    "PM2.5",
    "PM2.5_24h",
    "PM10",
    "PM10_24h",
    "SO2",
    "SO2_24h",
    "NO2",
    "NO2_24h",
    "O3",
    "O3_24h",
    "O3_8h",
    "O3_8h_24h",
    "CO",
    "CO_24h",
)
ONE_DECIMAL = frozenset({"CO", "CO_24h"})
FILE_PATTERN = "china_sites_{:%Y%m%d}.csv.gz"


def round_half_up(x: np.ndarray, decimals: int = 0) -> np.ndarray:
    scale = 10.0**decimals
    return np.floor(x * scale + 0.5) / scale


def _windows(values: np.ndarray, width: int) -> np.ndarray:
    """Trailing windows along axis 0 (the first hours see NaN before the series starts)."""
    padded = np.concatenate([np.full((width - 1,) + values.shape[1:], np.nan), values])
    return sliding_window_view(padded, width, axis=0)


def rolling_mean(values: np.ndarray, width: int, min_count: int = 1) -> np.ndarray:
    present = ~np.isnan(values)
    # Cumulative sums of integers (or tenths scaled to integers) stay exact in float64.
    sums = np.cumsum(np.where(present, values, 0.0), axis=0)
    counts = np.cumsum(present, axis=0)
    sums[width:] = sums[width:] - sums[:-width]
    counts[width:] = counts[width:] - counts[:-width]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts >= min_count, sums / np.maximum(counts, 1), np.nan)


def rolling_max(values: np.ndarray, width: int) -> np.ndarray:
    windows = _windows(values, width)
    any_present = (~np.isnan(windows)).any(axis=-1)
    filled = np.where(np.isnan(windows), -np.inf, windows).max(axis=-1)
    return np.where(any_present, filled, np.nan)


def archive_aqi(hourly: dict[str, np.ndarray], days: np.ndarray) -> np.ndarray:
    """The archive's hourly AQI: the largest IAQI of the hourly values, under each day's rules.

    PM2.5 and PM10 are rated on the daily breakpoints, the others on the 1-hour ones; the
    moving averages play no part (checked on the 2019 Lianyungang files: 99.9% of hours match).
    A missing pollutant is left out of the maximum; with none left the AQI is empty.
    """
    versions = version_for_dates(days)
    aqi = np.full(hourly["pm25"].shape, np.nan)
    for version in np.unique(versions):
        rows = versions == version
        parts = [
            iaqi(p, hourly[p][rows], "1h", str(version)) for p in ("pm25", "pm10", "so2", "no2", "co", "o3")
        ]
        aqi[rows] = np.fmax.reduce(parts)
    return aqi


def derive(hourly: dict[str, np.ndarray], aqi: np.ndarray) -> dict[str, np.ndarray]:
    """All 15 archive rows from the hourly values (hours x stations)."""
    rows = {"AQI": aqi}
    for name, key in (("PM2.5", "pm25"), ("PM10", "pm10"), ("SO2", "so2"), ("NO2", "no2")):
        rows[name] = hourly[key]
        rows[f"{name}_24h"] = round_half_up(rolling_mean(hourly[key], 24))
    o3 = hourly["o3"]
    o3_8h = round_half_up(rolling_mean(o3, 8, min_count=6))
    rows.update(
        {"O3": o3, "O3_24h": rolling_max(o3, 24), "O3_8h": o3_8h, "O3_8h_24h": rolling_max(o3_8h, 24)}
    )
    # CO in tenths, so the mean of integers stays exact before rounding back to one decimal.
    co_tenths = np.floor(hourly["co"] * 10 + 0.5)
    rows["CO"] = co_tenths / 10
    rows["CO_24h"] = round_half_up(rolling_mean(co_tenths, 24)) / 10
    return rows


def _as_text(values: np.ndarray, one_decimal: bool) -> np.ndarray:
    """Published text of values as ASCII bytes: integers, or one decimal; empty for missing.

    A table lookup (fixed-width bytes index fast), not a format call per value.
    """
    scaled = np.floor(values * (10 if one_decimal else 1) + 0.5)
    top = int(np.nanmax(scaled, initial=0)) + 1
    if one_decimal:
        table = [f"{i // 10}.{i % 10}" for i in range(top)]
    else:
        table = [str(i) for i in range(top)]
    lookup = np.array([t.encode("ascii") for t in table] + [b""])
    index = np.where(np.isnan(scaled), top, scaled).astype(np.int64)
    return lookup[index]


def format_lines(rows: dict[str, np.ndarray], hours: np.ndarray) -> np.ndarray:
    """One CSV line (ASCII bytes, no line end) per (hour, type), in archive order."""
    n_hours, n_st = rows["AQI"].shape
    days = hours.astype("datetime64[D]")
    date_text = np.strings.replace(days.astype("S10"), b"-", b"")
    hour_text = (hours - days).astype(int).astype("S2")
    prefix = np.strings.add(np.strings.add(date_text, b","), np.strings.add(hour_text, b","))
    types = np.array([t.encode("ascii") for t in TYPES])
    lines = np.strings.add(np.repeat(prefix, len(TYPES)), np.tile(types, n_hours))
    cells = [_as_text(rows[t], t in ONE_DECIMAL) for t in TYPES]
    for j in range(n_st):  # a loop over stations (columns), not rows
        column = np.stack([c[:, j] for c in cells], axis=1).ravel()
        lines = np.strings.add(np.strings.add(lines, b","), column)
    return lines


def gzip_bytes(data: bytes) -> bytes:
    """gzip with mtime 0, no file name and a fixed OS byte, so equal input gives equal bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=6) as gz:
        gz.write(data)
    return buf.getvalue()


def write_day(path: Path, header: str, lines: np.ndarray) -> None:
    """Write one day's file atomically (the one atomic writer: its own temporary file, then rename)."""
    data = header.encode("utf-8") + b"\r\n" + b"\r\n".join(lines.tolist()) + b"\r\n"
    atomic_write_bytes(path, gzip_bytes(data))
