"""Implausible values: which published values cannot be real, and why (limits in plausibility.toml).

Flagged values stay in the tidy long table (it records what was published) but become NaN in the
hourly table every statistic reads, and each one is listed in the flags table with its reason.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

LIMITS_FILE = Path(__file__).with_name("plausibility.toml")
FLAG_COLUMNS = ["station", "time", "pollutant", "value", "reason"]

# Moving statistics share the limits of the pollutant they are computed from.
DERIVED = {
    "aqi": ("aqi",),
    "pm25": ("pm25", "pm25_24h"),
    "pm10": ("pm10", "pm10_24h"),
    "so2": ("so2", "so2_24h"),
    "no2": ("no2", "no2_24h"),
    "o3": ("o3", "o3_24h", "o3_8h", "o3_8h_24h"),
    "co": ("co", "co_24h"),
}


@cache
def limits() -> pd.DataFrame:
    """The limits table: pollutant, min, max, unit, effective_from, effective_to, why."""
    rows = tomllib.loads(LIMITS_FILE.read_text(encoding="utf-8"))["limit"]
    table = pd.DataFrame(rows)
    table["effective_from"] = pd.to_datetime(table["effective_from"]).dt.tz_localize("Asia/Shanghai")
    table["effective_to"] = pd.to_datetime(table["effective_to"].replace("", None)).dt.tz_localize(
        "Asia/Shanghai"
    )
    return table


def empty_flags() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "station": pd.Series(dtype=str),
            "time": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"),
            "pollutant": pd.Series(dtype=str),
            "value": pd.Series(dtype=float),
            "reason": pd.Series(dtype=str),
        }
    )


def implausible_mask(long: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Boolean mask of implausible rows in a long table, and the reason for each masked row.

    Works on the pollutant category codes and integer times, so it stays fast on tens of millions
    of rows.
    """
    n = len(long)
    mask = np.zeros(n, dtype=bool)
    reasons = np.full(n, "", dtype=object)
    if n == 0:
        return mask, reasons
    pollutant = long["pollutant"]
    if not isinstance(pollutant.dtype, pd.CategoricalDtype):
        pollutant = pollutant.astype("category")
    categories = list(pollutant.cat.categories)
    codes = pollutant.cat.codes.to_numpy()
    value = long["value"].to_numpy(dtype=float)
    time_ns = (
        long["time"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").view(np.int64)
    )
    # A cell such as 1e999 reads as infinity: no measurement, whatever the pollutant (a pollutant
    # without limits too), and it would print as "inf" wherever its value is shown.
    infinite = np.isinf(value)
    reasons[infinite] = "不是有限的数（数值超出可表示的范围，如 1e999）"
    mask |= infinite
    for row in limits().itertuples(index=False):  # a handful of table rows, not data rows
        lut = np.array([c in DERIVED[row.pollutant] for c in categories] + [False])  # code -1 -> False
        applies = lut[codes] & (time_ns >= row.effective_from.value)
        if not pd.isna(row.effective_to):
            applies &= time_ns < row.effective_to.value
        unit = f" {row.unit}" if row.unit else ""
        low = applies & (value < row.min) & ~mask
        reasons[low] = f"低于合理下限 {row.min:g}{unit}（浓度和指数不可能为负）"
        mask |= low
        high = applies & (value > row.max) & ~mask
        reasons[high] = f"高于合理上限 {row.max:g}{unit}（{row.why}）"
        mask |= high
    return mask, reasons


def flag_implausible(long: pd.DataFrame) -> pd.DataFrame:
    """The flags table (station, time, pollutant, value, reason) for a long table's implausible values."""
    mask, reasons = implausible_mask(long)
    if not mask.any():
        return empty_flags()
    flags = long.loc[mask, ["station", "time", "pollutant", "value"]].copy()
    flags["station"] = flags["station"].astype(str)
    flags["pollutant"] = flags["pollutant"].astype(str)
    flags["reason"] = reasons[mask]
    return flags.reset_index(drop=True)
