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
    # The hours of the day still in progress (the data's last day before its 23:00 hour is in):
    # same columns as `hourly`. Kept out of `hourly`, so that a partial day never enters a daily
    # figure; only the real-time report of the latest hour reads them (statistics/latest_hour.py).
    day_in_progress: pd.DataFrame | None = None
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

    @property
    def latest_hour(self) -> pd.Timestamp | None:
        """The latest hour with any observation, the day in progress included."""
        if self.day_in_progress is not None and not self.day_in_progress.empty:
            return self.day_in_progress["time"].max()
        return self.as_of

    def recent_hours(self, hours: int) -> pd.DataFrame:
        """The hourly rows of the last `hours` hours up to latest_hour, the day in progress included."""
        latest = self.latest_hour
        if latest is None:
            return self.hourly.iloc[:0]
        since = latest - pd.Timedelta(hours=hours)
        parts = [self.hourly[self.hourly["time"] > since]]
        if self.day_in_progress is not None and not self.day_in_progress.empty:
            parts.append(self.day_in_progress)
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def split_day_in_progress(hourly: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(complete days, hours of the day in progress): the last day's hours go to the second frame
    when that day's 23:00 hour is not in yet (the archive publishes the current day as it runs)."""
    if hourly.empty:
        return hourly, hourly.iloc[:0]
    last = hourly["time"].max()
    if last.hour == 23:
        return hourly, hourly.iloc[:0]
    today = hourly["time"] >= last.normalize()
    return hourly[~today].reset_index(drop=True), hourly[today].reset_index(drop=True)


def read_dataset_info(data_dir: Path) -> dict:
    """`dataset.toml` in a data folder says whether it is a demonstration sample."""
    info_path = Path(data_dir) / "dataset.toml"
    if not info_path.exists():
        return {"sample": False}
    return tomllib.loads(info_path.read_text(encoding="utf-8")).get("dataset", {})


def load_dataset(data_dir: Path, config: SiteConfig) -> Dataset:
    """Read the data folder's station observations (see generator.sources.snapshots.observations)."""
    from generator.sources.snapshots.observations import load_observations

    info = read_dataset_info(data_dir)
    hourly, stations, flags, snapshots = load_observations(Path(data_dir), config)
    hourly, in_progress = split_day_in_progress(hourly)
    return Dataset(
        data_dir=Path(data_dir),
        is_sample=bool(info.get("sample", False)),
        source_name=info.get("source", config.sources.get("cnemc", {}).get("name", "")),
        hourly=hourly,
        stations=stations,
        flags=flags,
        snapshots=snapshots,
        day_in_progress=in_progress,
    )
