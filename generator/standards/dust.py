"""Sand-dust deduction (沙尘扣除, 环办监测〔2016〕120号) and dust-day candidates, as data.

The national monitoring centre decides which days a sand-dust process affected; a site like this
one only takes the days an editor confirmed (the dust-day register, generator/sources/registers/dustdays.py)
and never deducts a day on its own. Deducting a day removes its particulate daily values (the
`deducted_pollutants` of tables/dust.csv: PM10 and PM2.5) before the period statistics; the day's
AQI then rests on the other indicators only, so day_validity leaves it off the day counts under
its own status ("dust").

Figures are then reported both ways, labelled as the bureau labels them: 扣沙 (deducted, used for
assessment against targets) and 不扣沙 (as measured).

Candidates (for an editor to check, never deducted by themselves): days on which, at a share of
the region's stations, PM10 is high while PM2.5/PM10 is low. Thresholds in tables/dust.csv.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from generator.i18n import N_, _
from generator.standards.aqi import daily_aqi

# The labels' words in tables/dust.csv, marked for the catalogs: labels() prints them in the
# language being rendered.
_LABEL_WORDS = (N_("扣沙"), N_("不扣沙"))


@cache
def dust_table() -> dict[str, dict[str, str]]:
    """tables/dust.csv as key -> {value, tag, source, note}."""
    text = resources.files("generator.standards").joinpath("tables", "dust.csv").read_text(encoding="utf-8")
    return {row["key"]: row for row in csv.DictReader(text.splitlines())}


def dust_param(key: str):
    value = dust_table()[key]["value"]
    try:
        return float(value)
    except ValueError:
        return value


def deducted_pollutants() -> tuple[str, ...]:
    return tuple(str(dust_param("deducted_pollutants")).split())


def labels() -> dict[str, str]:
    """{'deducted': '扣沙', 'undeducted': '不扣沙'} (in English: dust deducted, as measured)."""
    return {
        "deducted": _(str(dust_param("label_deducted"))),
        "undeducted": _(str(dust_param("label_undeducted"))),
    }


def deduct_dust_days(daily: pd.DataFrame, days: pd.DataFrame, by: str = "area") -> pd.DataFrame:
    """The daily frame with the confirmed dust days deducted, and its daily AQI recomputed.

    `days` holds the confirmed days: columns date and `by` (the entity each applies to). Their
    particulate daily values become NaN and the column `dust` is true; every other row is kept
    as it was (its AQI columns recomputed to the same values)."""
    keys = pd.MultiIndex.from_frame(daily[[by, "date"]])
    confirmed = pd.MultiIndex.from_frame(days[[by, "date"]].astype({"date": "datetime64[ns]"}))
    hit = keys.isin(confirmed)
    out = daily.copy()
    out["dust"] = hit
    if hit.any():
        for pollutant in deducted_pollutants():
            out.loc[hit, pollutant] = np.nan
    return daily_aqi(out)


def candidate_days(station_daily: pd.DataFrame) -> pd.DataFrame:
    """Days that look like a sand-dust process across the stations given (an editor checks them).

    `station_daily` holds station, date, pm10, pm25 (daily means). One row per date with enough
    stations: stations (with both values), flagged (stations with PM10 ≥ candidate_pm10_min and
    PM2.5/PM10 ≤ candidate_ratio_max), share, pm10 (mean over stations), ratio (mean PM2.5/PM10),
    pm10_change (mean PM10 against the day before, in percent), candidate (bool)."""
    frame = station_daily.dropna(subset=["pm10", "pm25"])
    frame = frame[frame["pm10"] > 0]
    ratio = frame["pm25"] / frame["pm10"]
    flagged = (frame["pm10"] >= dust_param("candidate_pm10_min")) & (
        ratio <= dust_param("candidate_ratio_max")
    )
    grouped = frame.assign(ratio=ratio, flagged=flagged).groupby("date", sort=True)
    out = pd.DataFrame(
        {
            "stations": grouped.size(),
            "flagged": grouped["flagged"].sum().astype(int),
            "pm10": grouped["pm10"].mean(),
            "ratio": grouped["ratio"].mean(),
        }
    )
    out["share"] = out["flagged"] / out["stations"]
    previous = out["pm10"].reindex(out.index - pd.Timedelta(days=1)).to_numpy()
    out["pm10_change"] = (out["pm10"].to_numpy() / previous - 1) * 100
    out["candidate"] = (out["stations"] >= dust_param("candidate_min_stations")) & (
        out["share"] >= dust_param("candidate_station_share")
    )
    return out.reset_index()
