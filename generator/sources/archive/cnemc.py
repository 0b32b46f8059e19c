"""The public daily archive of the national network (`china_sites_YYYYMMDD.csv`) -> tidy tables.

Format (see docs/data-sources.md): header `date,hour,type,<station code>...`, then for every hour
15 `type` rows (AQI, PM2.5, PM2.5_24h, ...), one column per station, empty field = missing. The
same parser reads a concatenated file whose header is the union of the stations of many days.

Real files are messy, and every defect is handled here and reported, never silently:
- a row cut off mid-line (no final newline, or the final hour of a day has fewer than 15 rows and
  its last row was padded with empty fields) is dropped; its values go to the flags table;
- missing hours and incomplete hours are reported; missing days are reported across files;
- rows with a bad date, hour or type are dropped and reported, with their values flagged;
- non-numeric cells become missing and are reported; values outside plausibility limits stay in the
  long table but are NaN in the hourly table and listed in the flags table.
Everything is vectorised: pandas' C reader, then numpy masks; no loop over rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from generator.errors import InputError
from generator.sources.archive.long_table import (  # noqa: F401 (the long table's names, used by callers)
    ARCHIVE_TYPES,
    HOURLY_COLUMNS,
    LONG_COLUMNS,
    LONG_POLLUTANTS,
    NS_HOUR,
    TYPES_PER_HOUR,
    TZ,
    UTC_OFFSET_NS,
    concat_long,
    empty_long,
    long_frame,
    long_to_hourly,
)
from generator.sources.archive.plausibility import FLAG_COLUMNS, empty_flags, flag_implausible
from generator.sources.archive.rows import (  # noqa: F401 (the archive's names, used by callers)
    DAILY_NAME,
    KEY_COLUMNS,
    Part,
    daily_file_date,
    defect,
    last_line_cut,
    parse_group,
)
from generator.sources.shared.limits import limit
from generator.sources.transport.inflate import OverCap, TruncatedStream, gunzip_capped
from generator.standards.rules import POLLUTANTS


@dataclass
class ArchiveParse:
    """One archive file, parsed.

    long:    station (categorical), time (Asia/Shanghai), pollutant (categorical), value (float):
             every non-empty cell of every accepted row, exactly as published.
    flags:   values NOT taken into `long` (cut-off or unreadable rows, non-numeric cells), with reasons.
    defects: what was wrong with the file: dicts with file, line, kind, date, detail.
    dates:   the calendar days the file holds rows for.
    complete_hours: per date, hours that have all 15 type rows (after dropping a cut-off row).
    """

    path: str
    long: pd.DataFrame
    flags: pd.DataFrame
    defects: list[dict] = field(default_factory=list)
    dates: list[pd.Timestamp] = field(default_factory=list)
    hours: dict[str, int] = field(default_factory=dict)
    complete_hours: dict[str, int] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return any(d["kind"] == "truncated_row" for d in self.defects)


@dataclass
class Observations:
    """Many archive files, parsed and combined (see `read_archives`)."""

    long: pd.DataFrame
    hourly: pd.DataFrame
    flags: pd.DataFrame
    defects: list[dict]


def read_bytes(path: Path) -> bytes:
    """File contents, gunzipped when the file is gzip (by magic number, whatever its name).

    A cut-off or damaged .gz, or one that inflates past limit "archive_inflated_bytes", is an
    InputError naming the file (gzip's own EOFError would end the command as a bare "Aborted!").
    """
    data = Path(path).read_bytes()
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gunzip_capped(data, int(limit("archive_inflated_bytes")))
    except TruncatedStream as exc:
        raise InputError(
            path, f"damaged gzip file ({exc}): fetch it again, or restore it from the versions/ folder"
        ) from None
    except OverCap as exc:
        raise InputError(path, f"gzip file {exc} (limit archive_inflated_bytes): refused") from None


def _combine(parts: list[Part]) -> pd.DataFrame:
    """Parts -> one long table with one station category list."""
    if not parts:
        return empty_long()
    stations: list[str] = list(dict.fromkeys(s for p in parts for s in p.stations))
    position = {s: i for i, s in enumerate(stations)}
    st = np.concatenate(
        [
            np.asarray([position[s] for s in p.stations], dtype=np.int32)[p.st] if p.stations else p.st
            for p in parts
        ]
    )
    return long_frame(
        stations,
        st,
        np.concatenate([p.utc_ns for p in parts]),
        np.concatenate([p.pol for p in parts]),
        np.concatenate([p.value for p in parts]),
    )


def _header(raw: bytes) -> bytes:
    end = raw.find(b"\n")
    return (raw if end < 0 else raw[:end]).strip()


def _parse_many(items: list[tuple[str, bytes]], pollutants: Sequence[str] | None) -> list[Part]:
    """Consecutive files with identical headers are parsed together (one C-reader pass each run)."""
    parts, run = [], []
    for label, raw in items:
        if not raw.strip():
            raise InputError(label, "empty file: expected the header date,hour,type,<stations>", row=1)
        if run and _header(run[-1][1]) != _header(raw):
            parts.append(parse_group(run, pollutants))
            run = []
        run.append((label, raw))
    if run:
        parts.append(parse_group(run, pollutants))
    return parts


def read_archive(
    source: Path | str | bytes, *, name: str | None = None, pollutants: Sequence[str] | None = None
) -> ArchiveParse:
    """Parse one archive file (a path, or its bytes with `name` for messages).

    `pollutants` limits the long table to some internal names; defects are found on all rows.
    """
    if isinstance(source, bytes):
        raw, label = source, name or "<bytes>"
    else:
        raw, label = read_bytes(Path(source)), name or str(source)
    (part,) = _parse_many([(label, raw)], pollutants)
    flags = pd.concat(part.flags, ignore_index=True)[FLAG_COLUMNS] if part.flags else empty_flags()
    return ArchiveParse(
        path=label,
        long=_combine([part]),
        flags=flags,
        defects=part.defects,
        dates=[pd.Timestamp(d) for d in part.days],
        hours={d: v["hours"] for d, v in part.days.items()},
        complete_hours={d: v["complete_hours"] for d, v in part.days.items()},
    )


def parse_archive_file(path: Path | str) -> pd.DataFrame:
    """One archive file -> the tidy long table (station, time, pollutant, value), all 15 series.

    The file's defects are in `.attrs["defects"]`; values not accepted are in `read_archive(path).flags`.
    """
    parsed = read_archive(path)
    long = parsed.long
    long.attrs["defects"] = parsed.defects
    return long


def _missing_day_defects(days: Iterable[str]) -> list[dict]:
    """Days absent from a run of files (e.g. 2019-04-08): reported, not an error."""
    days = sorted(set(days))
    if len(days) < 2:
        return []
    expected = pd.date_range(days[0], days[-1], freq="D")
    missing = expected.difference(pd.DatetimeIndex(days))
    return [
        defect("", "missing_day", "no file and no rows for this day", date=str(d.date())) for d in missing
    ]


def read_archives(paths: Iterable[Path | str], *, pollutants: Sequence[str] | None = None) -> Observations:
    """Many archive files -> long table, hourly wide frame, flags and defects.

    Files are read in the order given; where two files hold the same station, hour and pollutant
    (a daily file and a concatenated one), the later file wins and the overlap is reported.
    """
    parts = _parse_many([(str(p), read_bytes(Path(p))) for p in paths], pollutants)
    defects = [d for p in parts for d in p.defects]
    seen: dict[str, str] = {}
    overlap = False
    for part in parts:
        for date, info in part.days.items():
            if date in seen:
                overlap = True
                defects.append(
                    defect(
                        info["file"],
                        "overlap",
                        f"day also in {seen[date]}; this file's values win",
                        date=date,
                    )
                )
            seen[date] = info["file"]
    defects += _missing_day_defects(seen)
    long = _combine(parts)
    if overlap:
        long = long[~long.duplicated(["station", "time", "pollutant"], keep="last")].reset_index(drop=True)
    flags = [f for p in parts for f in p.flags if len(f)]
    implausible = flag_implausible(long)
    if len(implausible):
        flags.append(implausible)
    flags = pd.concat(flags, ignore_index=True)[FLAG_COLUMNS] if flags else empty_flags()
    return Observations(long=long, hourly=long_to_hourly(long), flags=flags, defects=defects)


def parse_archive_files(paths: Iterable[Path | str]) -> pd.DataFrame:
    """Many archive files -> the hourly wide frame (station, time, pm25, pm10, so2, no2, o3, co).

    The fast path: only the six hourly series are melted. Implausible values are NaN; use
    `read_archives` for the flags and defects.
    """
    return read_archives(paths, pollutants=POLLUTANTS).hourly
