"""Day-by-day agreement of the engine's daily values with the platform's own, from the archive.

The public archive carries the national platform's own 24-hour values beside the hourly ones:
PM2.5_24h, PM10_24h, SO2_24h, NO2_24h and CO_24h at hour 23 are the day's means, O3_8h_24h at
hour 23 the highest 8-hour moving mean of the last 24 hours. For every station-day, this module
sets the engine's daily value (assessment.daily_station_values, reported as published: GB/T 8170,
integer µg/m³, CO one decimal) beside the platform's, per pollutant, and names the cause of each
difference:

- rounding: every hour present and the values within one reporting unit;
- missing hours: fewer than 24 valid hours (the platform's 24-hour mean and ours then differ);
- 20-hour rule / 14-window rule: the engine has no valid daily value (GB 3095 Table 4, HJ 663)
  where the platform publishes one: a departure on purpose (the engine is stricter);
- O3 night gaps: the O3 maximum differs on a day with missing hours;
- O3 window: all hours present, but the platform's maximum 8-hour mean includes the windows
  ending 00:00–07:00, which reach into the previous day; HJ 663's daily maximum uses the windows
  ending 08:00–24:00 only;
- no platform value: the engine has a value and the platform none (hour 23 absent or empty).

`python -m generator agreement` runs it on archive files and writes the summary table (CSV and
Markdown) published on the methodology page (site_src/methodology/validity.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.i18n import N_, _
from generator.standards.assessment import daily_station_values
from generator.standards.rounding import round_half_even

# Engine daily column -> (platform type in the long table, hours column, reporting decimals, label)
COMPARED = {
    "pm25": ("pm25_24h", "hours_pm25", 0, "PM2.5"),
    "pm10": ("pm10_24h", "hours_pm10", 0, "PM10"),
    "so2": ("so2_24h", "hours_so2", 0, "SO2"),
    "no2": ("no2_24h", "hours_no2", 0, "NO2"),
    "co": ("co_24h", "hours_co", 1, "CO"),
    "o3_8h_max": ("o3_8h_24h", "hours_o3", 0, "O3_8h"),
}
PLATFORM_TYPES = tuple(spec[0] for spec in COMPARED.values())
HOURLY_TYPES = ("pm25", "pm10", "so2", "no2", "o3", "co")
# Messages: the methodology page's table prints them in its language (markdown()).
CAUSES = {
    "exact": N_("一致"),
    "rounding": N_("修约（24 小时数据齐全，相差不超过 1 个报告单位）"),
    "missing_hours": N_("缺测小时（有效小时不足 24 个）"),
    "rule_20h": N_("20 小时规则：本站判为无效，平台仍发布"),
    "rule_14w": N_("14 个窗口规则：本站判为无效，平台仍发布"),
    "o3_night_gaps": N_("臭氧夜间缺测（有效小时不足 24 个）"),
    "o3_window": N_("臭氧窗口：平台取前 24 小时内的最高 8 小时均值（含跨日窗口）"),
    "no_platform": N_("平台无当日值"),
    "other": N_("其他"),
}


def platform_daily(long: pd.DataFrame) -> pd.DataFrame:
    """The platform's daily values: the X_24h rows at hour 23, one row per station and date."""
    rows = long[long["pollutant"].isin(PLATFORM_TYPES)]
    times = rows["time"]
    if times.dt.tz is not None:
        times = times.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    rows = rows[times.dt.hour.to_numpy() == 23]
    times = times[rows.index]
    frame = pd.DataFrame(
        {
            "station": rows["station"].astype(str).to_numpy(),
            "date": times.dt.normalize().to_numpy(),
            "pollutant": rows["pollutant"].astype(str).to_numpy(),
            "value": rows["value"].to_numpy(dtype=float),
        }
    )
    wide = frame.pivot_table(index=["station", "date"], columns="pollutant", values="value", aggfunc="last")
    return wide.reindex(columns=list(PLATFORM_TYPES)).reset_index()


def compare(hourly: pd.DataFrame, platform: pd.DataFrame) -> pd.DataFrame:
    """One row per station, date and pollutant where either side has a value: engine (reported),
    platform, diff (engine − platform), hours (valid hours of the pollutant), windows (O3), cause."""
    daily = daily_station_values(hourly)
    daily["station"] = daily["station"].astype(str)
    both = daily.merge(platform, on=["station", "date"], how="outer")
    parts = []
    for column, (ptype, hours_col, decimals, label) in COMPARED.items():
        engine = round_half_even(both[column].to_numpy(dtype=float), decimals)
        theirs = both[ptype].to_numpy(dtype=float)
        hours = both[hours_col].fillna(0).to_numpy(dtype=int)
        part = pd.DataFrame(
            {
                "station": both["station"],
                "date": both["date"],
                "pollutant": label,
                "engine": engine,
                "platform": theirs,
                "hours": hours,
                "windows": both["o3_8h_windows"].fillna(0).to_numpy(dtype=int),
            }
        )
        part = part[~(np.isnan(engine) & np.isnan(theirs))]
        part["diff"] = part["engine"] - part["platform"]
        part["cause"] = _causes(part, column == "o3_8h_max", 10.0**-decimals)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _causes(part: pd.DataFrame, is_ozone: bool, unit: float) -> np.ndarray:
    engine, theirs, hours = part["engine"].to_numpy(), part["platform"].to_numpy(), part["hours"].to_numpy()
    diff = np.abs(engine - theirs)
    tol = unit * 1e-6
    full = hours >= 24
    ozone = np.full(len(part), is_ozone)
    conditions = [
        np.isnan(theirs),
        np.isnan(engine),
        diff <= tol,
        ozone & ~full,
        ozone & full & (theirs > engine),
        ~ozone & ~full,
        full & (diff <= unit + tol),
    ]
    choices = [
        "no_platform",
        "rule_14w" if is_ozone else "rule_20h",
        "exact",
        "o3_night_gaps",
        "o3_window",
        "missing_hours",
        "rounding",
    ]
    return np.select(conditions, choices, default="other")


def summary(compared: pd.DataFrame) -> pd.DataFrame:
    """Per pollutant: station-days compared (both sides), exact and within-one-unit shares, and the
    station-days of each cause."""
    rows = []
    for label, group in compared.groupby("pollutant", sort=False):
        both = group[group["engine"].notna() & group["platform"].notna()]
        unit = 0.1 if label == "CO" else 1.0
        within = (both["diff"].abs() <= unit + 1e-9).sum()
        row = {
            "pollutant": label,
            "station_days_both": len(both),
            "exact_share": round(float((both["cause"] == "exact").mean()), 4),
            "within_1_share": round(float(within / len(both)), 4) if len(both) else float("nan"),
            "max_abs_diff": round(float(both["diff"].abs().max()), 3) if len(both) else float("nan"),
        }
        counts = group["cause"].value_counts()
        row.update({f"n_{cause}": int(counts.get(cause, 0)) for cause in CAUSES})
        rows.append(row)
    return pd.DataFrame(rows)


def worst_cases(compared: pd.DataFrame, per_pollutant: int = 3) -> pd.DataFrame:
    """The largest differences of each pollutant (both sides present), with their cause."""
    both = compared[compared["engine"].notna() & compared["platform"].notna()]
    both = both.assign(abs_diff=both["diff"].abs()).sort_values(
        ["pollutant", "abs_diff", "date"], ascending=[True, False, True]
    )
    return both.groupby("pollutant", sort=False).head(per_pollutant).drop(columns="abs_diff")


def markdown(table: pd.DataFrame, worst: pd.DataFrame, period: str, stations: int) -> str:
    """The summary and the worst cases as Markdown for the methodology page."""
    scope = _(
        "统计范围：%(period)s，存档文件中 %(stations)s 个站点的全部站·日。", period=period, stations=stations
    )
    lines = [
        scope,
        "",
        "| "
        + " | ".join(
            (
                _("污染物"),
                _("两边都有值的站·日"),
                _("完全一致"),
                _("相差 ≤1 个单位（CO 0.1 mg/m³）"),
                _("本站判无效、平台发布"),
                _("平台无值"),
                _("缺测小时"),
                _("臭氧窗口"),
                _("最大差"),
            )
        )
        + " |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in table.itertuples():
        invalid = r.n_rule_20h + r.n_rule_14w
        gaps = r.n_missing_hours + r.n_o3_night_gaps
        lines.append(
            f"| {r.pollutant} | {r.station_days_both} | {r.exact_share * 100:.2f}% | "
            f"{r.within_1_share * 100:.2f}% | {invalid} | {r.n_no_platform} | {gaps} | "
            f"{r.n_o3_window} | {r.max_abs_diff:g} |"
        )
    lines += [
        "",
        _("差别最大的站·日（每项污染物 3 个）："),
        "",
        "| "
        + " | ".join((_("污染物"), _("站点"), _("日期"), _("本站"), _("平台"), _("有效小时"), _("原因")))
        + " |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in worst.itertuples():
        lines.append(
            f"| {r.pollutant} | {r.station} | {pd.Timestamp(r.date).date()} | {r.engine:g} | "
            f"{r.platform:g} | {r.hours} | {_(CAUSES[r.cause])} |"
        )
    return "\n".join(lines) + "\n"
