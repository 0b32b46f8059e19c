"""Values and limits a disclosure file cannot mean: the plausibility table (plausibility.toml) applied
after unit conversion, so that 1e308 t/h (inf kg/h) or a limit of 1e-320 never reaches a figure."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from generator.enterprises.checks import RowChecker
from generator.enterprises.vocabulary import map_distinct_pairs

TABLE = Path(__file__).with_name("plausibility.toml")
ANY = "*"


@functools.cache
def ranges() -> pd.DataFrame:
    """pollutant, unit, value_max, limit_min, limit_max, reason (one row per table entry)."""
    rows = tomllib.loads(TABLE.read_text(encoding="utf-8"))["range"]
    table = pd.DataFrame(rows)
    table["reason"] = table["reason"].str.replace("\n", " ", regex=False)
    return table


BOUNDS = {"value_max": "float64", "limit_min": "float64", "limit_max": "float64", "reason": "object"}


@functools.cache
def _bounds_by_pair() -> dict[tuple[str, str], tuple]:
    """(pollutant, unit) -> its BOUNDS, as the table gives them (NaN where a field is left out)."""
    return {(r["pollutant"], r["unit"]): tuple(r[b] for b in BOUNDS) for _, r in ranges().iterrows()}


def _bounds(pollutant, unit) -> tuple:
    """The pollutant's own range in the unit, each field it leaves out taken from the unit's default."""
    missing = (np.nan,) * len(BOUNDS)
    own, default = (
        _bounds_by_pair().get((pollutant, unit), missing),
        _bounds_by_pair().get((ANY, unit), missing),
    )
    return tuple(d if pd.isna(o) else o for o, d in zip(own, default, strict=True))


def ranges_for(pollutants: pd.Series, units: pd.Series) -> pd.DataFrame:
    """The range row for each record: its pollutant's own in its unit, else the unit's default."""
    return map_distinct_pairs(pollutants, units, _bounds, BOUNDS)


def _shown(numbers: pd.Series, units: pd.Series) -> pd.Series:
    return numbers.map("{:.6g}".format) + " " + units.fillna("")


def _flag_not_finite(check: RowChecker, numbers: pd.Series, units: pd.Series, field: str, label: str) -> None:
    """Flag the numbers (`label`: what they are) that are given but not finite after conversion."""
    check.flag(
        numbers.notna() & ~np.isfinite(numbers),
        field,
        lambda at: (
            f"{label}换算为 "
            + units[at].fillna("")
            + " 后不是有限的数（"
            + _shown(numbers[at], units[at])
            + "）：请检查数值和单位"
        ),
    )


def check_plausible(
    check: RowChecker, pollutants: pd.Series, units: pd.Series, values: pd.Series, limits: pd.Series
) -> None:
    """Flag values and limits (already converted into `units`) that are not finite or out of range.
    Messages are made only for the rows flagged (`at`)."""
    bounds = ranges_for(pollutants, units)
    with np.errstate(invalid="ignore"):
        _flag_not_finite(check, values, units, "value", "监测值")
        check.flag(
            np.isfinite(values) & (values > bounds["value_max"]),
            "value",
            lambda at: (
                "监测值换算后为 "
                + _shown(values[at], units[at])
                + "，超出可信范围（不超过 "
                + _shown(bounds["value_max"][at], units[at])
                + "）：请检查数值和单位。依据："
                + bounds["reason"][at]
            ),
        )
        out_of_range = (limits < bounds["limit_min"]) | (limits > bounds["limit_max"])
        _flag_not_finite(check, limits, units, "limit", "标准限值")
        check.flag(
            np.isfinite(limits) & out_of_range,
            "limit",
            lambda at: (
                "标准限值换算后为 "
                + _shown(limits[at], units[at])
                + "，超出可信范围（"
                + _shown(bounds["limit_min"][at], units[at])
                + " 至 "
                + _shown(bounds["limit_max"][at], units[at])
                + "）：请检查数值和单位。依据："
                + bounds["reason"][at]
            ),
        )
