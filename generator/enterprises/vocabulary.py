"""Pollutant names and units: one vocabulary (pollutants.toml, units.toml beside this file)."""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

_HERE = Path(__file__).resolve().parent


def term_key(text) -> str:
    """Spellings that mean the same: 'SO₂' = 'so2', '（VOCs）' = '(vocs)', 'mg/m³' = 'MG/M3'.

    NFKC turns subscripts, superscripts and full-width forms into plain characters and the
    micro sign into the Greek mu; case and spaces never matter.
    """
    key = unicodedata.normalize("NFKC", str(text)).lower()
    return "".join(key.split())


@dataclass(frozen=True)
class Pollutant:
    code: str
    slug: str
    name: str
    unit: str


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str
    to_base: float


@functools.cache
def pollutants() -> dict[str, Pollutant]:
    """HJ 212 code -> pollutant."""
    rows = tomllib.loads((_HERE / "pollutants.toml").read_text(encoding="utf-8"))["pollutant"]
    return {r["code"]: Pollutant(r["code"], r["slug"], r["name"], r["unit"]) for r in rows}


@functools.cache
def _pollutant_index() -> dict[str, str]:
    rows = tomllib.loads((_HERE / "pollutants.toml").read_text(encoding="utf-8"))["pollutant"]
    index = {}
    for r in rows:
        for spelling in (r["code"], r["name"], *r["aliases"]):
            index[term_key(spelling)] = r["code"]
    return index


@functools.cache
def units() -> dict[str, Unit]:
    rows = tomllib.loads((_HERE / "units.toml").read_text(encoding="utf-8"))["unit"]
    return {r["unit"]: Unit(r["unit"], r["kind"], float(r["to_base"])) for r in rows}


@functools.cache
def _unit_index() -> dict[str, str]:
    rows = tomllib.loads((_HERE / "units.toml").read_text(encoding="utf-8"))["unit"]
    return {term_key(s): r["unit"] for r in rows for s in (r["unit"], *r["aliases"])}


def map_distinct(values: pd.Series, lookup) -> pd.Series:
    """Apply `lookup` once per distinct value (a file repeats a few names thousands of times)."""
    table = {v: lookup(v) for v in values.dropna().unique()}
    return values.map(table)


def map_distinct_pairs(first: pd.Series, second: pd.Series, lookup, columns: dict[str, str]) -> pd.DataFrame:
    """`lookup(a, b)` (one value per column) once per distinct pair of `first` and `second`, as a
    frame on `first`'s index with `columns` (name -> dtype). A file has thousands of rows and a few
    pollutant-unit pairs; numbering the pairs is far cheaper than merging per row. A missing value
    (NaN) is passed to `lookup` like any other."""
    first_codes, first_values = pd.factorize(first, use_na_sentinel=False)
    second_codes, second_values = pd.factorize(second, use_na_sentinel=False)
    width = len(second_values)
    pair_numbers, row_pairs = np.unique(first_codes * width + second_codes, return_inverse=True)
    distinct = [lookup(first_values[n // width], second_values[n % width]) for n in pair_numbers]
    return pd.DataFrame(
        {
            name: pd.Series(np.array([found[i] for found in distinct], dtype=dtype)[row_pairs], dtype=dtype)
            for i, (name, dtype) in enumerate(columns.items())
        }
    ).set_axis(first.index)


def pollutant_codes(names: pd.Series) -> pd.Series:
    """HJ 212 code for each pollutant name as written; NaN where the name is not known."""
    return map_distinct(names, lambda s: _pollutant_index().get(term_key(s)))


def canonical_units(spellings: pd.Series) -> pd.Series:
    """The canonical unit for each unit as written; NaN where the unit is not known."""
    return map_distinct(spellings, lambda s: _unit_index().get(term_key(s)))


def conversion(pollutant_code: str, unit: str) -> tuple[str, float]:
    """(published unit, factor) for a value of `pollutant_code` given in `unit`.

    Within one kind (concentration, rate) the value goes into the pollutant's unit; a rate
    given for a pollutant published as a concentration stays a rate, in the rate base unit.
    """
    table = units()
    given = table[unit]
    target_name = pollutants()[pollutant_code].unit
    target = table[target_name]
    if given.kind != target.kind:
        target = next(u for u in table.values() if u.kind == given.kind and u.to_base == 1.0)
    return target.unit, given.to_base / target.to_base


def accepted_units_text() -> str:
    return "、".join(units())
