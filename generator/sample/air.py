"""Sample hourly station data in the public archive's daily files: raw/cnemc/china_sites_YYYYMMDD.csv.gz.

Every station configured in data/site.toml gets a column (national codes and provincial ones
alike, so one parser reads the whole sample). The archive's defects are reproduced: a day
without a file, hours missing from some days, a station offline for a stretch, single empty
fields (see generator.sample.scenario).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from generator.config import SiteConfig
from generator.sample import archive_format, scenario
from generator.sample.air_model import Timeline, simulate
from generator.sample.archive_format import archive_aqi

SUBDIR = Path("raw") / "cnemc"
# Each writer draws from its own stream, so adding a writer never changes another's output.
STREAM = 0xA1B


def station_codes(config: SiteConfig) -> list[str]:
    """Every configured station code, sorted as the archive sorts its columns."""
    return sorted({code for area in config.areas for code in area.stations})


def _apply_defects(
    hourly: dict[str, np.ndarray], tl: Timeline, codes: list[str], rng: np.random.Generator
) -> None:
    """Blank out what the real archive loses: single values and stations that go offline."""
    for values in hourly.values():
        values[rng.random(values.shape) < scenario.EMPTY_FIELD_SHARE] = np.nan
    for code, first, last in scenario.OFFLINE:
        if code not in codes:
            continue
        off = (tl.day_of_hour >= np.datetime64(first)) & (tl.day_of_hour <= np.datetime64(last))
        for values in hourly.values():
            values[off, codes.index(code)] = np.nan


def _published_hours(tl: Timeline, rng: np.random.Generator) -> np.ndarray:
    """Which hours have rows: a few days lose a block of hours, some days have no file at all."""
    n_days = len(tl.days)
    hit = rng.random(n_days) < scenario.MISSING_HOUR_BLOCK_DAY_SHARE
    length = rng.integers(1, scenario.MISSING_HOUR_BLOCK_MAX + 1, n_days)
    first = rng.integers(0, 24, n_days)
    hour = tl.hour.reshape(n_days, 24)
    lost = hit[:, None] & (hour >= first[:, None]) & (hour < (first + length)[:, None])
    published = ~lost.ravel()
    for day in scenario.MISSING_DAYS:
        published &= tl.day_of_hour != np.datetime64(day)
    return published


def write(out_dir: Path, seed: int, start: date, end: date, config: SiteConfig) -> list[Path]:
    """Write one gzipped archive file per day from `start` to `end` (inclusive); return the paths."""
    rng = np.random.default_rng([seed, STREAM])
    codes = station_codes(config)
    tl = Timeline(start, end)
    hourly = simulate(tl, codes, rng)
    _apply_defects(hourly, tl, codes, rng)
    published = _published_hours(tl, rng)
    rows = archive_format.derive(hourly, archive_aqi(hourly, tl.day_of_hour))

    # Drop the warm-up day, then format everything at once and cut it into days.
    keep = tl.day_of_hour >= np.datetime64(start)
    lines = archive_format.format_lines({t: v[keep] for t, v in rows.items()}, tl.hours[keep])
    line_published = np.repeat(published[keep], len(archive_format.TYPES))
    per_day = 24 * len(archive_format.TYPES)

    folder = Path(out_dir) / SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("china_sites_*.csv.gz"):  # a shorter period must not leave old days behind
        stale.unlink()
    header = ",".join(["date", "hour", "type", *codes])
    written = []
    for i, day in enumerate(tl.days[1:]):
        chunk = slice(i * per_day, (i + 1) * per_day)
        if not line_published[chunk].any():
            continue
        path = folder / archive_format.FILE_PATTERN.format(day.astype(object))
        archive_format.write_day(path, header, lines[chunk][line_published[chunk]])
        written.append(path)
    return written
