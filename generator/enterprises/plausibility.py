"""Values and limits a disclosure file cannot mean: the plausibility table (plausibility.toml) applied
after unit conversion, so that 1e308 t/h (inf kg/h) or a limit of 1e-320 never reaches a figure."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from generator.enterprises.checks import RowChecker

TABLE = Path(__file__).with_name("plausibility.toml")
ANY = "*"


@functools.cache
def ranges() -> pd.DataFrame:
    """pollutant, unit, value_max, limit_min, limit_max, reason (one row per table entry)."""
    rows = tomllib.loads(TABLE.read_text(encoding="utf-8"))["range"]
    table = pd.DataFrame(rows)
    table["reason"] = table["reason"].str.replace("\n", " ", regex=False)
    return table


def ranges_for(pollutants: pd.Series, units: pd.Series) -> pd.DataFrame:
    """The range row for each record: its pollutant's own in its unit, else the unit's default."""
    table = ranges()
    own = (
        pd.DataFrame({"pollutant": pollutants, "unit": units})
        .merge(table, on=["pollutant", "unit"], how="left")
        .set_index(pollutants.index)
    )
    default = (
        pd.DataFrame({"unit": units})
        .merge(table[table["pollutant"] == ANY].drop(columns="pollutant"), on="unit", how="left")
        .set_index(units.index)
    )
    return own.drop(columns=["pollutant", "unit"]).fillna(default.drop(columns="unit"))


def check_plausible(
    check: RowChecker, pollutants: pd.Series, units: pd.Series, values: pd.Series, limits: pd.Series
) -> None:
    """Flag values and limits (already converted into `units`) that are not finite or out of range."""
    bounds = ranges_for(pollutants, units)
    shown = lambda numbers: numbers.map("{:.6g}".format) + " " + units.fillna("")  # noqa: E731
    with np.errstate(invalid="ignore"):
        check.flag(
            values.notna() & ~np.isfinite(values),
            "value",
            "监测值换算为 " + units.fillna("") + " 后不是有限的数（" + shown(values) + "）：请检查数值和单位",
        )
        check.flag(
            np.isfinite(values) & (values > bounds["value_max"]),
            "value",
            "监测值换算后为 "
            + shown(values)
            + "，超出可信范围（不超过 "
            + shown(bounds["value_max"])
            + "）：请检查数值和单位。依据："
            + bounds["reason"],
        )
        out_of_range = (limits < bounds["limit_min"]) | (limits > bounds["limit_max"])
        check.flag(
            limits.notna() & ~np.isfinite(limits),
            "limit",
            "标准限值换算为 "
            + units.fillna("")
            + " 后不是有限的数（"
            + shown(limits)
            + "）：请检查数值和单位",
        )
        check.flag(
            np.isfinite(limits) & out_of_range,
            "limit",
            "标准限值换算后为 "
            + shown(limits)
            + "，超出可信范围（"
            + shown(bounds["limit_min"])
            + " 至 "
            + shown(bounds["limit_max"])
            + "）：请检查数值和单位。依据："
            + bounds["reason"],
        )
