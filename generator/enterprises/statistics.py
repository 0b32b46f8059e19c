"""Per-unit statistics: records, exceedances, exceedance rate, the largest share of the limit
(最大占标率) and the largest times over it (最大超标倍数, only from exceeding values: NaN when
nothing exceeded), for each outlet and pollutant over the whole data or per year/month. No I/O."""

from __future__ import annotations

import pandas as pd

SERIES_KEY = ["credit_code", "outlet", "pollutant", "unit"]


def _periods(records: pd.DataFrame, freq: str | None) -> pd.Series:
    if freq is None:
        return pd.Series("全部", index=records.index)
    return records["time"].dt.tz_localize(None).dt.to_period(freq).astype(str)


def series_statistics(records: pd.DataFrame, freq: str | None = None) -> pd.DataFrame:
    """One row per unit, outlet, pollutant (and period when `freq` is 'Y' or 'M').

    `limit` is the latest limit in force for the series (limits tighten when standards change).
    """
    frame = records.sort_values("time").assign(period=_periods(records, freq))
    grouped = frame.groupby([*SERIES_KEY, "period"], sort=True)
    stats = grouped.agg(
        records=("value", "size"),
        exceedances=("exceed", "sum"),
        mean=("value", "mean"),
        max_value=("value", "max"),
        max_load_ratio=("load_ratio", "max"),
        max_times_over=("times_over", "max"),
        limit=("limit", "last"),
        first=("time", "min"),
        last=("time", "max"),
        method=("method", "last"),
    ).reset_index()
    stats["exceedances"] = stats["exceedances"].astype("int64")
    stats["exceedance_rate"] = stats["exceedances"] / stats["records"]
    return stats


def unit_statistics(
    records: pd.DataFrame, enterprises: pd.DataFrame, penalties: pd.DataFrame
) -> pd.DataFrame:
    """One row per unit: its record and exceedance counts over all its data, and its penalties."""
    grouped = records.groupby("credit_code")
    stats = grouped.agg(
        records=("value", "size"),
        exceedances=("exceed", "sum"),
        max_load_ratio=("load_ratio", "max"),
        max_times_over=("times_over", "max"),
        outlets=("outlet", "nunique"),
        pollutants=("pollutant", "nunique"),
        first=("time", "min"),
        last=("time", "max"),
    )
    open_cases = penalties["rectification"] != "已完成整改"
    penalty_counts = penalties.groupby("credit_code").size().rename("penalties")
    open_counts = penalties[open_cases].groupby("credit_code").size().rename("open_rectifications")
    out = enterprises.set_index("credit_code").join(stats).join(penalty_counts).join(open_counts)
    for column in ("records", "exceedances", "outlets", "pollutants", "penalties", "open_rectifications"):
        out[column] = out[column].fillna(0).astype("int64")
    out["exceedance_rate"] = (out["exceedances"] / out["records"]).where(out["records"] > 0)
    return out.reset_index()


def daily_series(records: pd.DataFrame) -> pd.DataFrame:
    """Daily mean and maximum per unit, outlet and pollutant, with the day's limit and exceedances:
    what the trend charts draw (hourly data would be too many points for a chart)."""
    frame = records.assign(day=records["time"].dt.tz_localize(None).dt.normalize())
    grouped = frame.groupby([*SERIES_KEY, "day"], sort=True)
    daily = grouped.agg(
        mean=("value", "mean"),
        max=("value", "max"),
        limit=("limit", "min"),
        exceedances=("exceed", "sum"),
        records=("value", "size"),
    ).reset_index()
    daily["exceedances"] = daily["exceedances"].astype("int64")
    return daily
