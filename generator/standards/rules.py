"""The national rules as data: one `RuleSet` per version, chosen by the date of each value.

Version "2012" is HJ 633-2012 / HJ 663-2013 / GB 3095-2012 (data up to 2026-02-28);
version "2026" is HJ 633-2026 / HJ 663-2026 / GB 3095-2026 (data from 2026-03-01).

Every number lives in the CSV tables beside this module (`tables/*.csv`), each row with its source
and a tag: P = read from the primary text, R = recalled, not re-checked, N = secondary source or
our own default. The tables are package data, read once; `RuleSet.replace(...)` gives a
configured copy (another IAQI cap, composite weights, ranking thresholds) without editing them.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

POLLUTANTS = ("pm25", "pm10", "so2", "no2", "o3", "co")
# Breakpoint columns ("items") of the IAQI tables: pollutant + averaging time.
ITEMS = (
    "so2_24h",
    "so2_1h",
    "no2_24h",
    "no2_1h",
    "co_24h",
    "co_1h",
    "o3_1h",
    "o3_8h",
    "pm10_24h",
    "pm25_24h",
)
# How each pollutant is named in public text (primary pollutant, tables).
LABELS = {
    "pm25": "PM2.5",
    "pm10": "PM10",
    "so2": "SO2",
    "no2": "NO2",
    "co": "CO",
    "o3": "O3",
    "o3_8h": "O3_8h",
    "o3_1h": "O3_1h",
}
NAMES_ZH = {
    "pm25": "细颗粒物（PM2.5）",
    "pm10": "可吸入颗粒物（PM10）",
    "so2": "二氧化硫（SO2）",
    "no2": "二氧化氮（NO2）",
    "co": "一氧化碳（CO）",
    "o3": "臭氧（O3）",
}


@dataclass(frozen=True)
class Level:
    level: int
    aqi_min: int
    aqi_max: int
    grade: str  # 一级 …
    category: str  # 优 …
    colour_name: str
    colour_hex: str
    colour_rgb: tuple[int, int, int]
    colour_cmyk: tuple[int, int, int, int]
    health_effect: str
    advice: str
    source: str


@dataclass(frozen=True)
class RuleSet:
    """All figures of one rule version. Arrays are read-only views of the tables."""

    version: str
    effective_from: pd.Timestamp
    effective_to: pd.Timestamp | None
    aqi_standard: str
    assessment_standard: str
    limits_standard: str
    label: str
    breakpoints: dict[str, tuple[np.ndarray, np.ndarray]]  # item -> (concentrations, iaqi)
    levels: tuple[Level, ...]
    limits: pd.DataFrame  # pollutant, averaging, grade, limit, effective_from/to
    composite: pd.DataFrame  # index pollutant: statistic, si, weight, tag, source
    reporting_decimals: dict[str, int]  # pollutant -> decimals when a concentration is reported
    params: dict[str, object]  # validity thresholds and switches (parameters.csv)
    tags: dict[str, str] = field(default_factory=dict)  # params key -> P/R/N

    def param(self, key: str):
        return self.params[key]

    def limit(
        self, pollutant: str, averaging: str, grade: int = 2, on: pd.Timestamp | str | None = None
    ) -> float:
        """GB 3095 limit in force on `on` (default: the version's first day)."""
        day = pd.Timestamp(on) if on is not None else self.effective_from
        rows = self.limits[
            (self.limits.pollutant == pollutant)
            & (self.limits.averaging == averaging)
            & (self.limits.grade == grade)
            & (self.limits.effective_from <= day)
            & (self.limits.effective_to.isna() | (self.limits.effective_to >= day))
        ]
        if rows.empty:
            raise KeyError(f"no GB 3095 grade {grade} {averaging} limit for {pollutant} on {day.date()}")
        return float(rows["limit"].iloc[0])

    def replace(
        self, *, params: dict | None = None, si: dict | None = None, weights: dict | None = None
    ) -> RuleSet:
        """A configured copy: other parameter values, composite standard values or weights."""
        composite = self.composite.copy()
        for key, values in (("si", si), ("weight", weights)):
            for pollutant, value in (values or {}).items():
                if pollutant not in composite.index:
                    raise KeyError(f"unknown pollutant '{pollutant}' for composite {key}")
                composite.loc[pollutant, key] = float(value)
        merged = dict(self.params)
        for key, value in (params or {}).items():
            if key not in merged:
                raise KeyError(f"unknown rule parameter '{key}'; known: {', '.join(sorted(merged))}")
            merged[key] = value
        return dataclasses.replace(self, params=merged, composite=composite)


def _table(name: str) -> list[dict[str, str]]:
    text = resources.files("generator.standards").joinpath("tables", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _number(text: str):
    try:
        value = float(text)
    except ValueError:
        return text  # a switch such as "use_24h"
    return int(value) if value.is_integer() and "." not in text else value


def _date(text: str) -> pd.Timestamp | None:
    return pd.Timestamp(text) if text else None


@cache
def load_rules() -> dict[str, RuleSet]:
    """Every rule version from the tables, keyed by version id ("2012", "2026")."""
    limits = pd.DataFrame(_table("limits.csv"))
    limits["grade"] = limits["grade"].astype(int)
    limits["limit"] = limits["limit"].astype(float)
    limits["effective_from"] = pd.to_datetime(limits["effective_from"])
    limits["effective_to"] = pd.to_datetime(limits["effective_to"].replace("", None))
    composite = pd.DataFrame(_table("composite.csv"))
    composite[["si", "weight"]] = composite[["si", "weight"]].astype(float)
    rulesets = {}
    for v in _table("versions.csv"):
        version = v["version"]
        bps: dict[str, tuple[list, list]] = {}
        for row in _table("breakpoints.csv"):
            if row["version"] == version:
                conc, idx = bps.setdefault(row["item"], ([], []))
                conc.append(float(row["concentration"]))
                idx.append(int(row["iaqi"]))
        breakpoints = {}
        for item, (conc, idx) in bps.items():
            c, i = np.array(conc), np.array(idx)
            if np.any(np.diff(c) <= 0) or np.any(np.diff(i) <= 0):
                raise ValueError(f"breakpoints.csv: {version} {item} is not increasing")
            c.flags.writeable = i.flags.writeable = False
            breakpoints[item] = (c, i)
        levels = tuple(
            Level(
                level=int(r["level"]),
                aqi_min=int(r["aqi_min"]),
                aqi_max=int(r["aqi_max"]),
                grade=r["grade"],
                category=r["category"],
                colour_name=r["colour_name"],
                colour_hex=r["colour_hex"],
                colour_rgb=tuple(int(x) for x in r["colour_rgb"].split(",")),
                colour_cmyk=tuple(int(x) for x in r["colour_cmyk"].split(",")),
                health_effect=r["health_effect"],
                advice=r["advice"],
                source=r["source"],
            )
            for r in _table("levels.csv")
            if r["version"] == version
        )
        params_rows = [r for r in _table("parameters.csv") if r["version"] == version]
        rulesets[version] = RuleSet(
            version=version,
            effective_from=_date(v["effective_from"]),
            effective_to=_date(v["effective_to"]),
            aqi_standard=v["aqi_standard"],
            assessment_standard=v["assessment_standard"],
            limits_standard=v["limits_standard"],
            label=v["label"],
            breakpoints=breakpoints,
            levels=levels,
            limits=limits[limits.version == version].drop(columns="version").reset_index(drop=True),
            composite=composite[composite.version == version].drop(columns="version").set_index("pollutant"),
            reporting_decimals={
                r["pollutant"]: int(r["decimals"]) for r in _table("reporting.csv") if r["version"] == version
            },
            params={r["key"]: _number(r["value"]) for r in params_rows},
            tags={r["key"]: r["tag"] for r in params_rows},
        )
    return rulesets


def rules_for(version: str) -> RuleSet:
    try:
        return load_rules()[version]
    except KeyError:
        raise KeyError(f"unknown rules version '{version}'; known: {', '.join(load_rules())}") from None


@cache
def _effective_dates() -> tuple[np.ndarray, np.ndarray]:
    """The versions' first days (datetime64[ns], ascending) and their ids, from versions.csv."""
    rulesets = sorted(load_rules().values(), key=lambda r: r.effective_from)
    starts = np.array([r.effective_from.to_datetime64() for r in rulesets], dtype="datetime64[ns]")
    versions = np.array([r.version for r in rulesets], dtype=object)
    return starts, versions


def version_for_dates(dates) -> np.ndarray:
    """The rule version id in force on each date (vectorised; tz-aware times use their local date)."""
    idx = pd.DatetimeIndex(pd.to_datetime(np.asarray(dates) if not isinstance(dates, pd.Series) else dates))
    if idx.tz is not None:
        idx = idx.tz_localize(None)
    days = idx.normalize().values.astype("datetime64[ns]")
    starts, versions = _effective_dates()
    # The last version whose first day is on or before each date; a date before every version
    # (or NaT) takes the first one.
    place = np.searchsorted(starts, days, side="right") - 1
    place[(place < 0) | np.isnat(days)] = 0
    return versions[place]


def version_for_date(day) -> str:
    """version_for_dates for one date, without building arrays (it is asked once per row of
    some inputs)."""
    stamp = pd.Timestamp(day)
    if stamp is pd.NaT:
        return str(_effective_dates()[1][0])
    if stamp.tz is not None:
        stamp = stamp.tz_localize(None)
    starts, versions = _effective_dates()
    place = int(np.searchsorted(starts, stamp.normalize().to_datetime64(), side="right")) - 1
    return str(versions[max(place, 0)])


def level_info(level: int, rules: RuleSet | str = "2026") -> Level:
    """Name, category, official colour, health effects and advice of an AQI level (1–6)."""
    ruleset = rules_for(rules) if isinstance(rules, str) else rules
    for entry in ruleset.levels:
        if entry.level == int(level):
            return entry
    raise KeyError(f"AQI level must be 1–6, got {level}")


def levels_table(rules: RuleSet | str = "2026") -> pd.DataFrame:
    """All six levels of a version as a frame (for the science page and legends)."""
    ruleset = rules_for(rules) if isinstance(rules, str) else rules
    return pd.DataFrame([dataclasses.asdict(x) for x in ruleset.levels])
