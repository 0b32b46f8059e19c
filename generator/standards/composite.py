"""Composite index (综合指数, 环办监测〔2018〕19号), rankings with shared ranks, change rates.

Isum = Σ w_i · C_i / S_i over SO2, NO2, PM10, PM2.5 (period means), CO (95th percentile of daily
means) and O3 (90th percentile of MDA8). S_i and the optional weights w_i are per rule version
(tables/composite.csv) and can be replaced by configuration (RuleSet.replace(si=..., weights=...)).

As in published rankings, C_i are the reported concentrations (rounded half-to-even: integer
µg/m³, CO 1 decimal), and the composite index is reported to 2 decimals. Ranks are computed on the
reported value, ascending (lower is cleaner); equal reported values share a rank (并列, 'min').

An entity is ranked only when every pollutant has enough valid days in the period (tables/
parameters.csv): a week needs `rank_min_days_week` (5) valid days per pollutant, a month
`rank_min_days_month` (27; February `february_min_days`, 25), a year `rank_min_days_year` (324),
any other period `rank_min_coverage` (75 %) of its days; a calendar year also needs GB 3095
Table 4's days in every month (the statistics' annual_gaps_<p>), as its annual means do.
Otherwise it is listed as not ranked, with the reason.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from generator.i18n import _
from generator.standards.assessment import COVERAGE_COLUMNS
from generator.standards.rounding import round_half_even
from generator.standards.rules import LABELS, RuleSet, rules_for, version_for_date

# Composite pollutant -> column of period_statistics holding C_i.
CI_COLUMNS = {
    "so2": "so2_mean",
    "no2": "no2_mean",
    "pm10": "pm10_mean",
    "pm25": "pm25_mean",
    "co": "co_p95",
    "o3": "o3_8h_p90",
}
PERIOD_KINDS = ("week", "month", "year", "other")


def rules_for_period(end) -> RuleSet:
    """The rule version a period is assessed under: the one in force on its last day."""
    return rules_for(version_for_date(end))


def composite_index(stats: pd.DataFrame, rules: RuleSet | str) -> pd.DataFrame:
    """Single indices i_<p> = C_i/S_i and the composite index of each row of period statistics.

    Adds ci_<p> (reported concentration used), i_<p>, composite (unrounded sum of weighted single
    indices), composite_reported (to `composite_decimals`), composite_rules (version id).
    """
    ruleset = rules_for(rules) if isinstance(rules, str) else rules
    si, weight = ruleset.composite["si"], ruleset.composite["weight"]
    added = {}
    total = np.zeros(len(stats))
    for pollutant, column in CI_COLUMNS.items():
        ci = round_half_even(stats[column].to_numpy(dtype=float), ruleset.reporting_decimals[pollutant])
        single = ci / si[pollutant]
        added[f"ci_{pollutant}"] = ci
        added[f"i_{pollutant}"] = single
        total = total + weight[pollutant] * single  # NaN if any C_i missing
    added["composite"] = total
    added["composite_reported"] = round_half_even(total, ruleset.param("composite_decimals"))
    added["composite_rules"] = ruleset.version
    return _with_columns(stats, added)


def _with_columns(frame: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """A copy of `frame` with `columns` set (new ones appended in order). Joined in one step when
    all are new: setting columns one by one on a wide frame is what made this slow."""
    if any(name in frame.columns for name in columns):
        out = frame.copy()
        for name, values in columns.items():
            out[name] = values
        return out
    return pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)


def minimum_valid_days(rules: RuleSet, kind: str, start, end) -> int:
    """Valid days each pollutant needs for an entity to be ranked over [start, end]."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if kind == "week":
        return int(rules.param("rank_min_days_week"))
    if kind == "month":
        key = "february_min_days" if start.month == 2 else "rank_min_days_month"
        return int(rules.param(key))
    if kind == "year":
        return int(rules.param("rank_min_days_year"))
    if kind == "other":
        return math.ceil(rules.param("rank_min_coverage") * ((end - start).days + 1))
    raise ValueError(f"period kind must be one of {PERIOD_KINDS}, got '{kind}'")


def rank_min(values: pd.Series) -> pd.Series:
    """Ascending ranks with ties sharing the lowest rank (1, 2, 2, 4); NaN stays unranked."""
    return values.rank(method="min", ascending=True).astype("Int64")


def composite_ranking(
    stats: pd.DataFrame,
    start,
    end,
    *,
    kind: str = "week",
    rules: RuleSet | None = None,
    key: str = "area",
    needed=None,
) -> pd.DataFrame:
    """Composite index and rank of every entity in period statistics over [start, end].

    Adds ranked (bool), reason (Chinese text when not ranked, else None), rank (Int64, ascending,
    shared on equal reported composite index; <NA> when not ranked), min_valid_days. Sorted by rank,
    unranked last. `needed` (one number per row of `stats`) replaces minimum_valid_days(rules, kind,
    start, end) when the rows are many periods of one kind assessed in one call, each with its own
    minimum (every month, every January-to-month); the rank is then one ranking of all the rows,
    which the caller redoes per period.
    """
    ruleset = rules or rules_for_period(end)
    table = composite_index(stats, ruleset)
    if needed is None:
        needed = minimum_valid_days(ruleset, kind, start, end)
    needed = np.broadcast_to(np.asarray(needed, dtype=int), (len(table),))
    short = {p: table[f"valid_days_{p}"].to_numpy() for p in COVERAGE_COLUMNS}
    annual_gaps = {
        p: table[f"annual_gaps_{p}"].to_numpy()
        for p in COVERAGE_COLUMNS
        if f"annual_gaps_{p}" in table.columns
    }
    reported = table["composite_reported"].to_numpy(dtype=float)
    reasons = []
    for i in range(len(table)):  # one entry per area or station, not per hour
        parts = [
            _(
                "%(pollutant)s有效天数%(days)s天，少于%(needed)s天",
                pollutant=LABELS[p],
                days=int(days[i]),
                needed=needed[i],
            )
            for p, days in short.items()
            if days[i] < needed[i]
        ]
        if kind == "year":  # GB 3095 Table 4: an annual mean also needs enough days in each month
            by_text: dict[str, list[str]] = {}
            for p, gaps in annual_gaps.items():
                if isinstance(gaps[i], str) and short[p][i] >= needed[i]:
                    by_text.setdefault(gaps[i], []).append(LABELS[p])
            parts += [
                _(
                    "%(pollutants)s 有效天数不足的月份：%(months)s",
                    pollutants=_("、").join(names),
                    months=text,
                )
                for text, names in by_text.items()
            ]
        if not parts and np.isnan(reported[i]):
            parts = [_("综合指数缺少数据")]
        reasons.append(_("；").join(parts) or None)
    table["ranked"] = [r is None for r in reasons]
    table["reason"] = reasons
    table["rank"] = rank_min(table["composite_reported"].where(table["ranked"]))
    table["min_valid_days"] = needed.copy()
    return table.sort_values(["rank", key], na_position="last").reset_index(drop=True)


def change_rates(
    current: pd.DataFrame,
    earlier: pd.DataFrame,
    *,
    key: str = "area",
    value: str = "composite_reported",
    suffix: str = "yoy",
) -> pd.DataFrame:
    """Change rate of `value` against an earlier period (previous period or same period a year ago).

    change_<suffix> = (now − before) / before × 100 (%): below 0 improved, above 0 worsened. Adds
    before_<suffix>, change_<suffix>, change_<suffix>_reported (1 decimal), rules_<suffix> (the
    earlier side's rule version, so a comparison across 2026-03-01 says which rules each side used)
    and change_rank_<suffix> (ascending, shared ranks for ties; only where both sides exist).
    """
    rules_col = "composite_rules" if "composite_rules" in earlier.columns else "rules"
    before = earlier[[key, value, rules_col]].rename(
        columns={value: f"before_{suffix}", rules_col: f"rules_{suffix}"}
    )
    out = current.merge(before, on=key, how="left")
    prior = out[f"before_{suffix}"].where(out[f"before_{suffix}"] > 0)
    out[f"change_{suffix}"] = (out[value] - prior) / prior * 100
    out[f"change_{suffix}_reported"] = round_half_even(out[f"change_{suffix}"].to_numpy(dtype=float), 1)
    out[f"change_rank_{suffix}"] = rank_min(pd.Series(out[f"change_{suffix}_reported"], index=out.index))
    return out
