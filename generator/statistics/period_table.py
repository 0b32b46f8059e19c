"""The rankings' one machinery: statistics, composite index, ranks and changes of groups over
many periods at once.

A period is any span of days with an id: an ISO week (generator.statistics.iso_weeks), a calendar
month or January to the end of a month (generator.statistics.periods). The caller gives the group
daily rows labelled with the period they belong to (a day may belong to several periods: a YTD
period repeats January in every later month) and a table of the periods; everything is then done
in grouped passes over all (group, period) keys, never per period:

- statistics    assessment.period_statistics, valid days, station-day coverage, primary pollutant
- composite     composite.composite_ranking once per rule version and period kind, each period
                with its own minimum of valid days (the rules in force on the period's last day)
- ranks         shared ascending ranks (composite.rank_min) within each period
- changes       against an earlier period (the previous week, the same period a year earlier):
                composite.change_rates, the earlier rank and the improvement ranking

Nothing here implements a rule (those are generator.standards); it only chooses what to group.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.standards import composite
from generator.standards.assessment import period_statistics
from generator.standards.dust import labels
from generator.standards.rules import rules_for, version_for_dates

POLLUTANTS = ("so2", "no2", "pm10", "pm25", "co", "o3")
LEVELS = (1, 2, 3, 4, 5, 6)


def spans(ids, starts, ends, kind: str) -> pd.DataFrame:
    """The periods' table: one row per period (id, start, end, days, ranking kind for
    composite.minimum_valid_days, composite_version: the rules in force on its last day, and
    min_valid_days under them)."""
    table = pd.DataFrame(
        {"period": list(ids), "start": pd.to_datetime(list(starts)), "end": pd.to_datetime(list(ends))}
    )
    table["days"] = (table["end"] - table["start"]).dt.days + 1
    table["ranking_kind"] = kind
    table["composite_version"] = [str(v) for v in version_for_dates(table["end"])]
    table["min_valid_days"] = [
        composite.minimum_valid_days(rules_for(v), kind, s, e)
        for v, s, e in zip(table["composite_version"], table["start"], table["end"], strict=True)
    ]
    return table.set_index("period", drop=False)


def period_table(rows: pd.DataFrame, periods: pd.DataFrame, compare: dict[str, pd.Series]) -> pd.DataFrame:
    """One row per (group, period): statistics, composite index, ranks and changes.

    `rows`: group daily rows (area_daily/city_daily) with a `period` column; every group has a row
    for every date of each period it has data in. An optional boolean `dust` column marks deducted
    dust days (then dust_days and dust_label are added). `periods`: from spans(). `compare`: for
    each suffix ("prev", "yoy"), the id of the earlier period of each period id.
    Sorted by period, rank (unranked last), group.
    """
    stats = statistics(rows, periods)
    stats = composite_index(stats, periods)
    stats["rank"], stats["rank_tied"] = ranks_within(stats, stats["composite"])
    stats["rank_pm25"], stats["rank_pm25_tied"] = ranks_within(stats, stats["ci_pm25"])
    stats["rank_good"], stats["rank_good_tied"] = ranks_within(stats, -stats["good_ratio"])
    stats = changes(stats, compare)
    return stats.sort_values(["period", "rank", "group"], na_position="last").reset_index(drop=True)


def statistics(rows: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """assessment.period_statistics grouped by (group, period) through one combined key."""
    keyed = rows.assign(_key=rows["area"] + "|" + rows["period"])
    stats = period_statistics(keyed, keyed["date"].min(), keyed["date"].max(), by="_key")
    parts = stats["_key"].str.split("|", n=1, expand=True)
    stats.insert(0, "group", parts[0])
    stats.insert(1, "period", parts[1])
    # period_statistics counts the calendar days of the whole span; each period has its own.
    stats["days"] = stats["period"].map(periods["days"]).astype(int)
    for p in POLLUTANTS:
        stats[f"coverage_{p}"] = stats[f"valid_days_{p}"] / stats["days"]
    stats["valid_days"] = stats[[f"valid_days_{p}" for p in POLLUTANTS]].min(axis=1)
    grouped = keyed.groupby("_key", sort=True)
    days = stats.set_index("_key")["days"]
    stations = grouped["n_stations"].max()
    # Days of a period before the data starts or after it ends have no rows: count them as silent.
    silent = grouped["n_missing"].sum() + stations * (days - grouped.size())
    expected = stations * days
    stats["station_days_expected"] = stats["_key"].map(expected).astype(int)
    stats["station_days_valid"] = (stats["_key"].map(expected) - stats["_key"].map(silent)).astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        stats["coverage"] = stats["station_days_valid"] / stats["station_days_expected"].where(
            stats["station_days_expected"] > 0
        )
    stats["primary"] = stats["_key"].map(most_frequent_primary(keyed))
    if "dust" in keyed.columns:
        stats["dust_days"] = stats["_key"].map(grouped["dust"].sum()).fillna(0).astype(int)
        stats["dust_label"] = np.where(stats["dust_days"] > 0, labels()["deducted"], "")
    stats = stats.rename(columns={f"days_level_{n}": f"level_{n}" for n in LEVELS})
    return stats.drop(columns="_key")


def most_frequent_primary(keyed: pd.DataFrame) -> pd.Series:
    """The primary pollutant named on most days of each key (group and period); ties listed
    in sorted order. Days with AQI ≤ 50 have none."""
    days = keyed[["_key", "primary"]].dropna()
    if days.empty:
        return pd.Series(dtype=object)
    # A day with tied primary pollutants ("PM2.5,PM10") counts for each: the few distinct
    # texts become a day × pollutant table of 0/1, summed per key in one grouped pass.
    codes, texts = pd.factorize(days["primary"])
    names = sorted({name for text in texts for name in text.split(",")})
    named = np.array([[name in text.split(",") for name in names] for text in texts], dtype=int)
    counts = pd.DataFrame(named[codes], columns=names).groupby(days["_key"].to_numpy()).sum()
    top = counts.eq(counts.max(axis=1), axis=0).to_numpy()
    # Few distinct patterns of tied pollutants: each joined once (names sorted, so ties read in
    # the same order everywhere), then given to every key with that pattern.
    patterns, which = np.unique(top, axis=0, return_inverse=True)
    texts = np.array(["、".join(np.array(names)[pattern]) for pattern in patterns], dtype=object)
    return pd.Series(texts[which.ravel()], index=counts.index).astype(str)


def composite_index(stats: pd.DataFrame, periods: pd.DataFrame) -> pd.DataFrame:
    """composite.composite_ranking under the rules in force on each period's last day: one call
    per rule version and period kind, each row with its period's minimum of valid days.

    composite_ranking ranks all the rows it is given together; its composite index, validity
    decision (ranked/reason) and rules are kept, the ranks are redone per period (ranks_within)."""
    info = periods.loc[stats["period"]]
    parts = []
    for (version, kind), members in info.groupby(["composite_version", "ranking_kind"], sort=True):
        mask = stats["period"].isin(members["period"]).to_numpy()
        part = stats[mask]
        parts.append(
            composite.composite_ranking(
                part,
                members["start"].min(),
                members["end"].max(),
                kind=kind,
                rules=rules_for(version),
                key="group",
                needed=part["period"].map(periods["min_valid_days"]).to_numpy(),
            )
        )
    out = pd.concat(parts, ignore_index=True).drop(columns="rank")
    # Published figures: the composite index as reported (2 decimals) is what is ranked and shown.
    return out.rename(
        columns={
            "composite": "composite_unrounded",
            "composite_reported": "composite",
            "pm25_mean": "pm25",
            "pm10_mean": "pm10",
            "so2_mean": "so2",
            "no2_mean": "no2",
        }
    )


def ranks_within(stats: pd.DataFrame, values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Shared ascending ranks (composite.rank_min) within each period, of ranked rows only, and
    whether each rank is shared."""
    masked = values.where(stats["ranked"])
    # composite.rank_min (ascending, ties share the lowest place) in one grouped pass.
    ranks = masked.groupby(stats["period"]).rank(method="min", ascending=True).astype("Int64")
    counts = ranks.groupby([stats["period"], ranks]).transform("size")
    return ranks, (counts > 1) & ranks.notna()


def changes(stats: pd.DataFrame, compare: dict[str, pd.Series]) -> pd.DataFrame:
    """Against each earlier period of `compare` (composite.change_rates on a (group, period)
    key, where both periods are ranked); `<suffix>_period` names the earlier period.

    A rank is a place among the groups ranked in that period, so a rank change means something only
    when both periods ranked the same groups (`<suffix>_rank_comparable`). Only improvements (a
    lower composite index) get an improvement rank: a worsening is never "first in improvement"."""
    earlier_ids = {suffix: stats["period"].map(ids) for suffix, ids in compare.items()}
    for suffix, other in earlier_ids.items():
        stats[f"{suffix}_period"] = other
    ranked = stats[stats["ranked"]]
    n_ranked, fields = ranked_fields(ranked)
    stats["n_ranked"] = stats["period"].map(n_ranked).fillna(0).astype(int)
    earlier = pd.DataFrame(
        {
            "_key": ranked["group"] + "|" + ranked["period"],
            "composite": ranked["composite"],
            "rules": ranked["composite_rules"],
        }
    )
    earlier_rank = pd.Series(ranked["rank"].to_numpy(), index=earlier["_key"].to_numpy())
    for suffix, other in earlier_ids.items():
        # Only the two columns change_rates reads (copying the wide frame was most of this loop).
        current = pd.DataFrame({"_key": stats["group"] + "|" + other, "composite": stats["composite"]})
        current = current[stats["ranked"]]
        changed = composite.change_rates(
            current[["_key", "composite"]], earlier, key="_key", value="composite", suffix=suffix
        )
        changed.index = current.index
        stats[f"{suffix}_composite"] = changed[f"before_{suffix}"]
        stats[f"{suffix}_rules"] = changed[f"rules_{suffix}"]
        stats[f"{suffix}_rank"] = current["_key"].map(earlier_rank).astype("Int64")
        stats[f"change_{suffix}"] = changed[f"change_{suffix}_reported"]  # percent, 1 decimal
        stats[f"{suffix}_n_ranked"] = other.map(n_ranked).astype("Int64")
        # A period without ranked groups has no field: never the same as another's (NaN ≠ NaN).
        same = stats["period"].map(fields).to_numpy(dtype=float) == other.map(fields).to_numpy(dtype=float)
        comparable = pd.Series(same, index=stats.index) & stats[f"{suffix}_rank"].notna()
        stats[f"{suffix}_rank_comparable"] = comparable
        improved = stats[f"change_{suffix}"].where(stats[f"change_{suffix}"] < 0)
        ranks, tied = ranks_within(stats, improved)
        stats[f"rank_improvement_{suffix}"], stats[f"rank_improvement_{suffix}_tied"] = ranks, tied
    return stats


def ranked_fields(ranked: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per period with ranked groups: how many were ranked, and which, as a number equal for two
    periods exactly when they ranked the same groups."""
    members = ranked.groupby(["period", "group"]).size().unstack(fill_value=0) > 0
    field_ids, _ = pd.factorize(pd.Series([row.tobytes() for row in members.to_numpy()]))
    return members.sum(axis=1), pd.Series(field_ids, index=members.index)
