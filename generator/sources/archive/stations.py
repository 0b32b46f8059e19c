"""The station registry: the national station list joined with the site configuration.

The national list (NewSiteList.csv) is published GBK-encoded with CRLF line ends; re-encoded
copies are UTF-8. The encoding is detected by generator/sources/shared/decoding.py, shared with the
other readers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from generator.config import SiteConfig
from generator.errors import InputError
from generator.sources.shared.decoding import decode_text
from generator.sources.shared.register_files import register_files

# Published Chinese headers -> registry column names.
LIST_COLUMNS = {
    "监测点编码": "code",
    "监测点名称": "name",
    "城市": "city",
    "经度": "lon",
    "纬度": "lat",
    "对照点": "retired_flag",  # in this list `Y` marks sites no longer reporting
    "省级行政区": "province",
    "地级行政区": "prefecture",
}
REGISTRY_COLUMNS = [
    "code",
    "name",
    "city",
    "lon",
    "lat",
    "area",
    "network",
    "province",
    "prefecture",
    "retired",
]


def read_station_list(path: Path | str) -> pd.DataFrame:
    """The national station list -> code, name, city, lon, lat, retired_flag, province, prefecture."""
    path = Path(path)
    text = decode_text(path.read_bytes(), path)
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, engine="c")
    frame.columns = [c.strip() for c in frame.columns]
    missing = [c for c in LIST_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(path, f"station list lacks columns {missing}", row=1, field=missing[0])
    frame = frame[list(LIST_COLUMNS)].rename(columns=LIST_COLUMNS)
    for col in frame.columns:
        frame[col] = frame[col].str.strip()
    for col in ("lon", "lat"):
        numeric = pd.to_numeric(frame[col].replace("", None), errors="coerce")
        bad = frame[col].ne("") & numeric.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                path,
                f"not a number: '{frame[col].iat[i]}'",
                row=i + 2,
                field={"lon": "经度", "lat": "纬度"}[col],
            )
        frame[col] = numeric
    empty_code = frame["code"].eq("")
    if empty_code.any():
        raise InputError(
            path,
            "empty station code",
            row=int(np.flatnonzero(empty_code.to_numpy())[0]) + 2,
            field="监测点编码",
        )
    # A code listed twice: the later line is the later correction.
    return frame.drop_duplicates("code", keep="last").reset_index(drop=True)


def build_registry(
    config: SiteConfig, station_list: pd.DataFrame | None = None, observed: Iterable[str] = ()
) -> pd.DataFrame:
    """Registry rows for every configured station and every station observed in the data.

    code, name, city, lon, lat, area (slug), network ("national" for archive stations,
    "provincial" for the configuration's provincial stations), province, prefecture, retired (bool);
    city, area, province and prefecture are None when unknown.
    A station missing from the list keeps its code as its name, so it is never lost.
    """
    area_of = config.station_map
    provincial = {s.code: s for s in config.provincial_stations}
    configured = {s.code: s for s in config.national_stations}
    codes = list(dict.fromkeys([*area_of, *provincial, *map(str, observed)]))
    listed = station_list.set_index("code") if station_list is not None and len(station_list) else None
    city_name = config.site.get("city", "")
    rows = []
    for code in codes:  # one row per station (hundreds), not per observation
        row = {
            "code": code,
            "name": code,
            "city": None,
            "lon": np.nan,
            "lat": np.nan,
            "area": area_of.get(code),
            "network": "national",
            "province": None,
            # The prefecture-level city (地级行政区): the list's 城市 names county-level cities
            # (昆山, 江阴) apart from the prefecture they belong to, which city rankings use.
            "prefecture": None,
            "retired": False,
        }
        if listed is not None and code in listed.index:
            entry = listed.loc[code]
            row.update(
                name=entry["name"] or code,
                city=entry["city"] or None,
                lon=entry["lon"],
                lat=entry["lat"],
                province=entry["province"] or None,
                prefecture=entry["prefecture"] or None,
                retired=entry["retired_flag"].upper() == "Y",
            )
        elif code in configured:  # no national list at hand: the configuration's name and place
            s = configured[code]
            row.update(name=s.name, lon=s.lon, lat=s.lat)
        if code in provincial:
            s = provincial[code]
            row.update(
                name=s.name,
                city=city_name or None,
                lon=s.lon,
                lat=s.lat,
                area=row["area"] or s.area,
                network="provincial",
            )
        elif row["city"] is None and code in area_of:
            row["city"] = city_name or None
        rows.append(row)
    registry = pd.DataFrame(rows, columns=REGISTRY_COLUMNS)
    # The optional text columns hold None when unknown, as documented (not NaN, which pandas 3's
    # string dtype would put there, and which is truthy).
    for column in ("city", "area", "province", "prefecture"):
        registry[column] = registry[column].astype(object).where(registry[column].notna(), None)
    return registry.sort_values("code", kind="stable").reset_index(drop=True)


def find_station_lists(data_dir: Path) -> list[Path]:
    """Station lists in a data folder: stations/*.csv (placed by hand), raw/stations/*.csv and
    raw/files/stations/*.csv (pulled by `fetch` from a [[sources.files]] entry of kind "stations")."""
    found = []
    data_dir = Path(data_dir)
    for folder in (
        data_dir / "stations",
        data_dir / "raw" / "stations",
        data_dir / "raw" / "files" / "stations",
    ):
        found += register_files(folder, (".csv",))
    return found


def read_station_lists(paths: Iterable[Path]) -> pd.DataFrame | None:
    """Several lists combined; a later list's entry for a code wins."""
    frames = [read_station_list(p) for p in paths]
    if not frames:
        return None
    return pd.concat(frames, ignore_index=True).drop_duplicates("code", keep="last").reset_index(drop=True)
