"""Which days enter the day counts (days per AQI level, good-day and heavy-day ratios), and why not.

A day's AQI is the maximum of its indicators' IAQIs (HJ 633). When an indicator is missing, the
AQI of the others is only a lower bound: the missing one could have been the highest. So a day
enters the counts only when every indicator of its daily report is valid (2012 rules: PM2.5, PM10,
SO2, NO2, CO 24-hour means, O3 daily maximum 8-hour and 1-hour; 2026 rules: the same without O3
1-hour). The switch is the `count_incomplete_days` parameter of each rule version
(tables/parameters.csv, with its source); setting it to 1 counts every day that has an AQI.

Each indicator's own validity (≥ 20 valid hours for a daily mean, ≥ 14 valid 8-hour windows for
the O3 daily maximum unless it already exceeds the limit) is decided by assessment.py; this module
only reads which daily values are present.

A day deducted for sand-dust (column `dust` true, see dust.deduct_dust_days) is reported under its
own reason, before any other.

The day statuses (DAY_STATUSES) are what `stats` and the pages count days by.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.i18n import N_, _
from generator.standards.aqi import DAILY_INDICATORS
from generator.standards.rules import LABELS, rules_for, version_for_dates

COUNTED, DUST, INCOMPLETE, NO_DATA = "counted", "dust", "incomplete", "no_data"
# The statuses' words (marked for the catalogs; printed in the language rendered, `_(…)`).
DAY_STATUSES = {
    COUNTED: N_("计入天数统计"),
    DUST: N_("沙尘天气影响，扣沙统计时不计"),
    INCOMPLETE: N_("日报指标不全（AQI 不确定），不计"),
    NO_DATA: N_("全天无有效数据，不计"),
}
_INDICATOR_RULES = {
    "o3_8h": N_("需至少 %(mda8_min_windows)s 个有效8小时滑动平均，或已超标"),
    "o3_1h": N_("需至少 %(o3_1h_max_min_hours)s 个有效小时，或已超标"),
}
_MEAN_RULE = N_("需至少 %(daily_min_hours)s 个有效小时")
# The indicators as a reader reads them in a reason (the ozone ones by name, not O3_8h / O3_1h).
_READER_LABELS = {**LABELS, "o3_8h": N_("臭氧日最大8小时平均"), "o3_1h": N_("臭氧日最大1小时")}


def _versions(daily: pd.DataFrame) -> np.ndarray:
    if "rules" in daily.columns:
        return daily["rules"].astype(str).to_numpy()
    return version_for_dates(daily["date"])


def _present_matrix(daily: pd.DataFrame, version: str) -> np.ndarray:
    """Per row, whether each indicator of the version's daily report has a valid value, as a plain
    boolean array (rows × indicators, in DAILY_INDICATORS order) for the day counts."""
    indicators = DAILY_INDICATORS[version].values()
    columns = [daily[source].notna().to_numpy() for source, _pollutant, _period in indicators]
    return np.column_stack(columns) if columns else np.ones((len(daily), 0), dtype=bool)


def _present(daily: pd.DataFrame, version: str) -> pd.DataFrame:
    """_present_matrix with the indicators' names as columns (for the reasons shown)."""
    return pd.DataFrame(
        _present_matrix(daily, version), index=daily.index, columns=list(DAILY_INDICATORS[version])
    )


def day_status(daily: pd.DataFrame) -> pd.Series:
    """The status (a DAY_STATUSES key) of each row of a daily frame (date or rules, the daily
    columns of assessment.DAILY_COLUMNS, optionally `dust`)."""
    versions = _versions(daily)
    # Filled as a plain array, wrapped once: per-version writes into a Series are slow.
    status = np.full(len(daily), NO_DATA, dtype=object)
    for version in pd.unique(versions):
        rows = versions == version
        present = _present_matrix(daily, str(version))[rows]
        count_incomplete = bool(rules_for(str(version)).param("count_incomplete_days"))
        complete = present.all(axis=1)
        some = present.any(axis=1)
        counted = complete | (count_incomplete & some)
        status[rows] = np.where(counted, COUNTED, np.where(some, INCOMPLETE, NO_DATA))
    if "dust" in daily.columns:
        status[daily["dust"].fillna(False).astype(bool).to_numpy()] = DUST
    return pd.Series(status, index=daily.index, dtype=object)


def counted_days(daily: pd.DataFrame) -> np.ndarray:
    """Boolean mask: the rows that enter the day counts (see the module docstring)."""
    return (day_status(daily) == COUNTED).to_numpy()


def status_reason(daily: pd.DataFrame, status: pd.Series | None = None) -> pd.Series:
    """A reader's reason for each row that is not counted (None for counted rows): which
    indicators are missing and the rule each one failed, e.g. 'PM10 无有效值（需至少 20 个有效小时）'."""
    status = day_status(daily) if status is None else status
    versions = _versions(daily)
    reasons = pd.Series(None, index=daily.index, dtype=object)
    reasons[status == NO_DATA] = _(DAY_STATUSES[NO_DATA])
    reasons[status == DUST] = _("沙尘天气影响（已登记确认），扣沙统计时 PM10、PM2.5 不计")
    for version in pd.unique(versions):
        rows = (versions == version) & (status == INCOMPLETE).to_numpy()
        if not rows.any():
            continue
        params = rules_for(str(version)).params
        present = _present(daily[rows], str(version))
        parts = []
        for name in present.columns:
            rule = _(_INDICATOR_RULES.get(name, _MEAN_RULE), **params)
            missing = _("%(indicator)s 无有效值（%(rule)s）", indicator=_(_READER_LABELS[name]), rule=rule)
            parts.append(np.where(present[name], "", missing))
        joined = [_("；").join(p for p in row if p) for row in zip(*parts, strict=True)]
        reasons[rows] = [_("日报指标不全：%(text)s", text=text) for text in joined]
    return reasons


def excluded_days(daily: pd.DataFrame, by: str = "area") -> pd.DataFrame:
    """The days left off the day counts, as a tidy table: date, <by>, status, reason.

    `daily` is an area, city or station daily frame (statistics.area_daily / city_daily, or
    assessment.daily_station_values with by="station")."""
    status = day_status(daily)
    kept = status != COUNTED
    out = pd.DataFrame({"date": daily.loc[kept, "date"], by: daily.loc[kept, by], "status": status[kept]})
    out["reason"] = status_reason(daily, status)[kept]
    return out.sort_values([by, "date"]).reset_index(drop=True)


def status_counts(daily: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Days per status (columns days_counted, days_dust, days_incomplete, days_no_data) per entity."""
    status = day_status(daily)
    key = daily[by] if by else pd.Series("all", index=daily.index)
    table = pd.crosstab(key, status).reindex(columns=list(DAY_STATUSES), fill_value=0)
    return table.add_prefix("days_").rename_axis(by or "_entity").rename_axis(None, axis=1)
