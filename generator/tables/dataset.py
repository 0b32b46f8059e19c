"""The observations a build works from, in one object: what the stages after ingest receive.

`load_dataset` reads a data folder (the bundled sample or fetched snapshots) into tidy tables;
everything after it (statistics, page models) reads only this object, never files.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator.config import SiteConfig

# Pollutants measured hourly, in the internal names used everywhere after parsing.
# (A `.` in a Vega-Lite field name is a path, so PM2.5 is `pm25`.)


@dataclass
class Dataset:
    """Hourly station observations and what is known about them.

    hourly:   one row per station and hour: station (str), time (tz-aware Asia/Shanghai, the
              archive's hour label), pm25, pm10, so2, no2, o3, co (float64; NaN = missing or
              flagged implausible). CO in mg/m³, the rest in µg/m³.
    stations: registry: code, name, city, lon, lat, area (slug, or None), network.
    flags:    values kept out of statistics: station, time, pollutant, value, reason.
    """

    data_dir: Path
    is_sample: bool
    source_name: str
    hourly: pd.DataFrame
    stations: pd.DataFrame
    flags: pd.DataFrame
    snapshots: list[dict] = field(default_factory=list)
    # (hourly frame, its as_of): every page asks for as_of, and a max over years of hours costs
    # milliseconds each time; kept per frame so that a dataset given new hours recomputes it.
    _as_of: tuple = field(default=(None, None), init=False, repr=False, compare=False)

    @property
    def as_of(self) -> pd.Timestamp | None:
        """The latest hour with any observation."""
        frame, latest = self._as_of
        if frame is not self.hourly:
            latest = None if self.hourly.empty else self.hourly["time"].max()
            self._as_of = (self.hourly, latest)
        return latest


def read_dataset_info(data_dir: Path) -> dict:
    """`dataset.toml` in a data folder says whether it is a demonstration sample."""
    info_path = Path(data_dir) / "dataset.toml"
    if not info_path.exists():
        return {"sample": False}
    return tomllib.loads(info_path.read_text(encoding="utf-8")).get("dataset", {})


def load_dataset(data_dir: Path, config: SiteConfig) -> Dataset:
    """Read the data folder's station observations (see generator.sources.store)."""
    from generator.sources.store import load_observations

    info = read_dataset_info(data_dir)
    hourly, stations, flags, snapshots = load_observations(Path(data_dir), config)
    return Dataset(
        data_dir=Path(data_dir),
        is_sample=bool(info.get("sample", False)),
        source_name=info.get("source", config.sources.get("cnemc", {}).get("name", "")),
        hourly=hourly,
        stations=stations,
        flags=flags,
        snapshots=snapshots,
    )
