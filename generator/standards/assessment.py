"""HJ 663 / GB 3095: daily values from hourly data, area values, and period statistics.

Hour labels. The archive labels the hours of a day 0..23, and a day is the 24 rows labelled 0..23
of that date (its PM2.5_24h at hour 23 is their mean). We read label h as the hour from h:00 to
(h+1):00. So:
- a daily mean is over labels 0..23 of the date (natural day, 00:00–24:00);
- the O3 8-hour moving mean "for hour t" covers labels t−7..t;
- the daily maximum 8-hour mean (MDA8) uses the windows ending 08:00–24:00, i.e. those whose last
  hour is labelled 7..23 (17 windows, all inside the day); at least 14 must be valid
  (`mda8_min_windows`), unless the maximum of the valid ones already exceeds the O3 8h limit
  (the exceedance exception), in which case it stands.

Validity thresholds come from the rule version in force on each date (parameters.csv). Missing
values are NaN, never zero; counts of valid hours and windows are returned beside every value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from generator.i18n import _
from generator.standards.aqi import daily_aqi
from generator.standards.day_validity import DAY_STATUSES, day_status
from generator.standards.rules import POLLUTANTS, rules_for, version_for_date, version_for_dates

TIMEZONE = "Asia/Shanghai"
DAILY_MEAN_POLLUTANTS = ("pm25", "pm10", "so2", "no2", "co")
# Daily values of an entity that the period statistics and the daily report read.
DAILY_COLUMNS = ("pm25", "pm10", "so2", "no2", "co", "o3_8h_max", "o3_1h_max")
_HOUR_NS = 3_600_000_000_000


def _local_hours(times: pd.Series) -> np.ndarray:
    """Whole hours since 1970-01-01 00:00 Beijing time (tz-naive input is taken as Beijing time)."""
    t = pd.to_datetime(times)
    if t.dt.tz is not None:
        t = t.dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    return t.to_numpy(dtype="datetime64[ns]").astype(np.int64) // _HOUR_NS


def _per_day(values_by_version: dict[str, object], versions: np.ndarray) -> np.ndarray:
    return np.array([values_by_version[v] for v in versions], dtype=float)


def _grid(hourly: pd.DataFrame, start, end):
    """Index every row into a (station, day, hour) grid."""
    codes, stations = pd.factorize(hourly["station"], sort=True)
    hours = _local_hours(hourly["time"])
    days = hours // 24
    first = (
        days.min()
        if start is None
        else pd.Timestamp(start).to_datetime64().astype("datetime64[D]").astype(np.int64)
    )
    last = (
        days.max()
        if end is None
        else pd.Timestamp(end).to_datetime64().astype("datetime64[D]").astype(np.int64)
    )
    keep = (days >= first) & (days <= last)
    n_days = int(last - first + 1)
    flat = (codes[keep].astype(np.int64) * n_days + (days[keep] - first)) * 24 + hours[keep] % 24
    dates = pd.to_datetime(np.arange(first, last + 1).astype("datetime64[D]"))
    return stations, dates, keep, flat


def daily_station_values(hourly: pd.DataFrame, start=None, end=None) -> pd.DataFrame:
    """Daily values per station from the hourly wide frame (station, time, pm25, pm10, so2, no2, o3, co).

    One row per station and date in [start, end] (default: the data's span), including days
    without data. Columns: station, date, rules, pm25, pm10, so2, no2, co (24h means; NaN with
    fewer than `daily_min_hours` valid hours), o3_8h_max (MDA8), o3_1h_max, hours_<pollutant>
    (valid hours), o3_8h_windows (valid 8h windows ending 08:00–24:00).
    """
    if hourly.empty:
        raise ValueError("no hourly data to compute daily values from")
    stations, dates, keep, flat = _grid(hourly, start, end)
    n_st, n_days = len(stations), len(dates)
    versions = version_for_dates(dates)
    rs = {v: rules_for(v) for v in pd.unique(versions)}
    min_hours = _per_day({v: r.param("daily_min_hours") for v, r in rs.items()}, versions)
    out = {
        "station": np.repeat(np.asarray(stations, dtype=object), n_days),
        "date": np.tile(dates.values, n_st),
        "rules": np.tile(versions, n_st),
    }
    for pollutant in POLLUTANTS:
        grid = np.full(n_st * n_days * 24, np.nan)
        grid[flat] = hourly[pollutant].to_numpy(dtype=float)[keep]
        grid = grid.reshape(n_st, n_days, 24)
        valid = ~np.isnan(grid)
        count = valid.sum(axis=2)
        out[f"hours_{pollutant}"] = count.ravel().astype(np.int8)
        if pollutant != "o3":
            total = np.where(valid, grid, 0.0).sum(axis=2)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[pollutant] = np.where(count >= min_hours, total / count, np.nan).ravel()
            continue
        o3_max_1h, o3_mda8, windows = _ozone(grid, valid, count, versions, rs)
        out["o3_1h_max"], out["o3_8h_max"], out["o3_8h_windows"] = o3_max_1h, o3_mda8, windows
        del grid, valid
    columns = [
        "station",
        "date",
        "rules",
        *DAILY_COLUMNS,
        *(f"hours_{p}" for p in POLLUTANTS),
        "o3_8h_windows",
    ]
    return pd.DataFrame(out)[columns]


def _ozone(grid, valid, count, versions, rs):
    """O3 daily max 1h and MDA8 (see the module docstring for the hour labels)."""
    min_window_hours = _per_day({v: r.param("o3_8h_min_hours") for v, r in rs.items()}, versions)
    min_windows = _per_day({v: r.param("mda8_min_windows") for v, r in rs.items()}, versions)
    first_end = {r.param("mda8_first_window_end") for r in rs.values()}
    if len(first_end) != 1:
        raise ValueError("rule versions disagree on the first MDA8 window; split the period")
    first_end = first_end.pop()
    limit_8h = _per_day({v: r.limit("o3", "8h") for v, r in rs.items()}, versions)
    limit_1h = _per_day({v: r.limit("o3", "1h") for v, r in rs.items()}, versions)
    min_hours_1h = _per_day({v: r.param("o3_1h_max_min_hours") for v, r in rs.items()}, versions)
    filled = np.where(valid, grid, 0.0)
    with np.errstate(invalid="ignore"):
        daily_max = np.where(count > 0, np.max(np.where(valid, grid, -np.inf), axis=2), np.nan)
    # Daily max 1h: enough hours, or (exceedance exception) already above the 1h limit.
    max_1h = np.where((count >= min_hours_1h) | (daily_max > limit_1h), daily_max, np.nan)
    # 8-hour windows ending at labels first_end..23 of the same day, from cumulative sums.
    csum = np.concatenate([np.zeros(grid.shape[:2] + (1,)), np.cumsum(filled, axis=2)], axis=2)
    ccnt = np.concatenate([np.zeros(grid.shape[:2] + (1,), dtype=np.int64), np.cumsum(valid, axis=2)], axis=2)
    ends = np.arange(first_end, 24)
    w_sum = csum[:, :, ends + 1] - csum[:, :, ends - 7]
    w_cnt = ccnt[:, :, ends + 1] - ccnt[:, :, ends - 7]
    w_ok = w_cnt >= min_window_hours[None, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(w_ok, w_sum / np.maximum(w_cnt, 1), -np.inf)
    n_windows = w_ok.sum(axis=2)
    best = np.where(n_windows > 0, means.max(axis=2), np.nan)
    mda8 = np.where((n_windows >= min_windows) | (best > limit_8h), best, np.nan)
    return max_1h.ravel(), mda8.ravel(), n_windows.ravel().astype(np.int8)


def moving_averages(hourly: pd.DataFrame) -> pd.DataFrame:
    """The hourly frame plus the moving averages of the 2012 real-time report.

    o3_8h: mean of hours t−7..t (≥ `o3_8h_min_hours` valid); pm25_24h, pm10_24h, so2_24h: mean of
    hours t−23..t (≥ `daily_min_hours` valid). Windows cross midnight; gaps count as missing hours.
    """
    out = hourly.copy()
    codes, _stations = pd.factorize(hourly["station"], sort=True)
    hours = _local_hours(hourly["time"])
    first = hours.min()
    n_hours = int(hours.max() - first + 1)
    n_st = codes.max() + 1
    flat = codes.astype(np.int64) * n_hours + (hours - first)
    ruleset = rules_for("2012")  # the 2012 report is the only one with these indicators
    specs = {
        "o3_8h": ("o3", 8, ruleset.param("o3_8h_min_hours")),
        "pm25_24h": ("pm25", 24, ruleset.param("daily_min_hours")),
        "pm10_24h": ("pm10", 24, ruleset.param("daily_min_hours")),
        "so2_24h": ("so2", 24, ruleset.param("daily_min_hours")),
    }
    for column, (pollutant, width, minimum) in specs.items():
        grid = np.full(n_st * n_hours, np.nan)
        grid[flat] = hourly[pollutant].to_numpy(dtype=float)
        grid = grid.reshape(n_st, n_hours)
        valid = ~np.isnan(grid)
        csum = np.concatenate([np.zeros((n_st, 1)), np.cumsum(np.where(valid, grid, 0.0), axis=1)], axis=1)
        ccnt = np.concatenate([np.zeros((n_st, 1), dtype=np.int64), np.cumsum(valid, axis=1)], axis=1)
        lo = np.maximum(np.arange(n_hours) + 1 - width, 0)
        w_sum = csum[:, 1:] - csum[:, lo]
        w_cnt = ccnt[:, 1:] - ccnt[:, lo]
        with np.errstate(invalid="ignore", divide="ignore"):
            means = np.where(w_cnt >= minimum, w_sum / np.maximum(w_cnt, 1), np.nan)
        out[column] = means.ravel()[flat]
    return out


def area_daily_values(daily_station: pd.DataFrame, areas: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Daily values of areas: the mean over each area's assessment stations, per pollutant and day.

    A station without a valid value for a pollutant that day is left out of that mean and counted
    (n_missing_<col>); a station silent all day counts in n_missing. Stations of the area that never
    appear in `daily_station` count as missing every day. n_stations is the configured count.
    """
    members = pd.DataFrame([(a, s) for a, codes in areas.items() for s in codes], columns=["area", "station"])
    dates = pd.DataFrame({"date": pd.unique(daily_station["date"])})
    full = members.merge(dates, how="cross")
    values = full.merge(
        daily_station[["station", "date", *DAILY_COLUMNS]], on=["station", "date"], how="left"
    )
    grouped = values.groupby(["area", "date"], sort=True)
    out = grouped[list(DAILY_COLUMNS)].mean()
    valid_counts = grouped[list(DAILY_COLUMNS)].count()
    out["n_stations"] = grouped.size()
    for column in DAILY_COLUMNS:
        out[f"n_missing_{column}"] = out["n_stations"] - valid_counts[column]
    silent = values[list(DAILY_COLUMNS)].isna().all(axis=1).groupby([values["area"], values["date"]]).sum()
    out["n_missing"] = silent
    out = out.reset_index()
    out.insert(2, "rules", version_for_dates(out["date"]))
    return out


def percentile(values, p: float) -> float:
    """HJ 663 percentile: k = 1 + (n−1)·p/100, linear between order statistics; NaN ignored."""
    array = np.asarray(values, dtype=float)
    array = array[~np.isnan(array)]
    return float(np.percentile(array, p, method="linear")) if len(array) else float("nan")


# Period statistics: output column -> (daily column, statistic, pollutant).
PERIOD_ITEMS = {
    "so2_mean": ("so2", "mean", "so2"),
    "no2_mean": ("no2", "mean", "no2"),
    "pm10_mean": ("pm10", "mean", "pm10"),
    "pm25_mean": ("pm25", "mean", "pm25"),
    "co_p95": ("co", 95, "co"),
    "o3_8h_p90": ("o3_8h_max", 90, "o3"),
    "so2_p98": ("so2", 98, "so2"),
    "no2_p98": ("no2", 98, "no2"),
    "pm10_p95": ("pm10", 95, "pm10"),
    "pm25_p95": ("pm25", 95, "pm25"),
}
COVERAGE_COLUMNS = {"so2": "so2", "no2": "no2", "pm10": "pm10", "pm25": "pm25", "co": "co", "o3": "o3_8h_max"}
COVERAGE_SOURCES = list(COVERAGE_COLUMNS.values())  # the daily columns counted, one each


def period_statistics(daily: pd.DataFrame, start, end, by: str | None = None) -> pd.DataFrame:
    """Statistics of one or many entities (grouped by column `by`) over the dates [start, end].

    `daily` holds date and the DAILY_COLUMNS (as from daily_station_values or area_daily_values);
    aqi and level are computed by daily_aqi when absent. One row per entity with:
    the PERIOD_ITEMS (means; CO 95th percentile of daily means; O3 90th percentile of MDA8; 98th/95th
    percentiles), days (calendar days), valid_days_<p> and coverage_<p> (valid/calendar),
    meets_annual_<p> (GB 3095 Table 4: ≥324 days and ≥27 per month, February ≥25; None unless the
    period is one whole calendar year), annual_gaps_<p> (the months short of days, e.g.
    "8月25天、9月25天"; None when none or not a whole year), days_level_1..6, aqi_days, good_days
    (levels 1–2), good_ratio, heavy_days (levels 5–6), heavy_ratio, rules, and the days per
    day_validity status (days_counted, days_dust, days_incomplete, days_no_data; their sum is
    `days` when the frame has a row for every date). Only counted days (day_validity) enter the
    level counts and the ratios: a day whose AQI rests on some of its indicators is left out.
    Nothing is rounded; use rounding.report_concentrations for published figures.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    frame = daily[(daily["date"] >= start) & (daily["date"] <= end)]
    if "aqi" not in frame.columns:
        frame = daily_aqi(frame)
    frame = frame.copy()
    key = by or "_entity"
    if by is None:
        frame[key] = "all"
    grouped = frame.groupby(key, sort=True)
    n_days = (end - start).days + 1
    result = pd.DataFrame(index=pd.Index(sorted(frame[key].unique()), name=key))
    # One grouped pass per statistic (the means, each percentile) over all the columns it applies to.
    values = {}
    for statistic, sources in _sources_by_statistic().items():
        if statistic == "mean":
            values[statistic] = grouped[sources].mean()
        else:  # pandas' default quantile interpolation is the linear (HJ 663) method
            values[statistic] = grouped[sources].quantile(statistic / 100)
    for column, (source, statistic, _digits) in PERIOD_ITEMS.items():
        result[column] = values[statistic][source]
    result["days"] = n_days
    valid_days = grouped[COVERAGE_SOURCES].count()
    for pollutant, source in COVERAGE_COLUMNS.items():
        result[f"valid_days_{pollutant}"] = valid_days[source]
        result[f"coverage_{pollutant}"] = result[f"valid_days_{pollutant}"] / n_days
    whole_year = start == pd.Timestamp(start.year, 1, 1) and end == pd.Timestamp(start.year, 12, 31)
    per_month = _days_per_month(frame, key, start.year) if whole_year else None
    for pollutant, source in COVERAGE_COLUMNS.items():
        result[f"meets_annual_{pollutant}"] = _meets_annual(*per_month[source]) if whole_year else None
        result[f"annual_gaps_{pollutant}"] = _annual_gaps(*per_month[source]) if whole_year else None
    status = day_status(frame)
    per_status = _counts(frame[key], status).reindex(columns=list(DAY_STATUSES), fill_value=0)
    for name in DAY_STATUSES:
        result[f"days_{name}"] = per_status[name].reindex(result.index, fill_value=0).astype(int)
    counted = (status == "counted").to_numpy()
    levels = _counts(frame.loc[counted, key], frame.loc[counted, "level"])
    for level in range(1, 7):
        result[f"days_level_{level}"] = levels[level] if level in levels.columns else 0
    level_cols = [f"days_level_{i}" for i in range(1, 7)]
    result[level_cols] = result[level_cols].fillna(0).astype(int)
    version = rules_for(version_for_date(end))
    good_max, heavy_min = version.param("good_level_max"), version.param("heavy_level_min")
    result["aqi_days"] = result[level_cols].sum(axis=1)
    result["good_days"] = result[level_cols[:good_max]].sum(axis=1)
    result["heavy_days"] = result[level_cols[heavy_min - 1 :]].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        result["good_ratio"] = result["good_days"] / result["aqi_days"].where(result["aqi_days"] > 0)
        result["heavy_ratio"] = result["heavy_days"] / result["aqi_days"].where(result["aqi_days"] > 0)
    result["rules"] = _joined_versions(frame, key)
    result = result.reset_index()
    return result.drop(columns="_entity") if by is None else result


def _sources_by_statistic() -> dict[str | int, list[str]]:
    """The daily columns of PERIOD_ITEMS per statistic ("mean", or a percentile)."""
    out: dict[str | int, list[str]] = {}
    for source, statistic, _digits in PERIOD_ITEMS.values():
        out.setdefault(statistic, []).append(source)
    return out


def _counts(keys: pd.Series, labels: pd.Series) -> pd.DataFrame:
    """Rows per entity (index, sorted) and label (columns, sorted); rows whose label is missing are
    not counted. pd.crosstab gives the same table, several times slower."""
    key_codes, key_names = pd.factorize(keys, sort=True)
    label_codes, label_names = pd.factorize(labels, sort=True)
    kept = (key_codes >= 0) & (label_codes >= 0)
    cells = key_codes[kept] * len(label_names) + label_codes[kept]
    table = np.bincount(cells, minlength=len(key_names) * len(label_names))
    return pd.DataFrame(table.reshape(len(key_names), len(label_names)), index=key_names, columns=label_names)


def _joined_versions(frame: pd.DataFrame, key: str) -> pd.Series:
    """The rule versions of each entity's days, sorted and joined ("2012", "2012+2026")."""
    used = _counts(frame[key], frame["rules"].astype(str)) > 0  # columns sorted: versions in order
    names = np.array(used.columns, dtype=object)
    return pd.Series(["+".join(names[row]) for row in used.to_numpy()], index=used.index)


def _days_per_month(frame: pd.DataFrame, key: str, year: int) -> dict:
    """For each daily column of COVERAGE_COLUMNS: (valid days per entity and month 1–12, the GB 3095
    Table 4 minimum of each month, the rules), counted for all columns in one grouped pass."""
    ruleset = rules_for(version_for_date(pd.Timestamp(year, 12, 31)))
    counts = frame.groupby([frame[key], frame["date"].dt.month])[COVERAGE_SOURCES].count()
    entities = pd.Index(sorted(frame[key].unique()))
    needed = np.array(
        [
            ruleset.param("february_min_days") if m == 2 else ruleset.param("month_min_days")
            for m in range(1, 13)
        ]
    )
    out = {}
    for source in COVERAGE_SOURCES:
        per_month = counts[source].unstack(fill_value=0)
        per_month = per_month.reindex(index=entities, columns=range(1, 13), fill_value=0)
        out[source] = (per_month, needed, ruleset)
    return out


def _annual_gaps(per_month: pd.DataFrame, needed: np.ndarray, ruleset) -> pd.Series:
    """The months short of GB 3095 Table 4's monthly minimum, in words ("8月25天、9月25天"), and
    the year's total when it is short; None for an entity that meets both."""
    rule = _(
        "（每月至少%(month)s天，二月%(february)s天）",
        month=ruleset.param("month_min_days"),
        february=ruleset.param("february_min_days"),
    )
    annual_min = ruleset.param("annual_min_days")
    texts = []
    for counts in per_month.to_numpy():
        parts = [
            _("%(month)s月%(days)s天", month=m, days=int(n))
            for m, n in enumerate(counts, start=1)
            if n < needed[m - 1]
        ]
        text = _("、").join(parts) + (rule if parts else "")
        total = int(counts.sum())
        if total < annual_min:
            text += (_("；") if text else "") + _(
                "全年%(total)s天（至少%(min)s天）", total=total, min=annual_min
            )
        texts.append(text or None)
    return pd.Series(texts, index=per_month.index, dtype=object)


def _meets_annual(per_month: pd.DataFrame, needed: np.ndarray, ruleset) -> pd.Series:
    """GB 3095 Table 4 for annual means: ≥ annual_min_days, and ≥ month_min_days each month
    (February ≥ february_min_days)."""
    months_ok = (per_month.to_numpy() >= needed).all(axis=1)
    total_ok = per_month.sum(axis=1).to_numpy() >= ruleset.param("annual_min_days")
    return pd.Series(months_ok & total_ok, index=per_month.index)
