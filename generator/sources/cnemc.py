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

import gzip
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from generator.dataset import POLLUTANTS
from generator.errors import InputError
from generator.sources.plausibility import FLAG_COLUMNS, empty_flags, flag_implausible, implausible_mask

TZ = "Asia/Shanghai"

# Archive `type` labels -> internal pollutant names, in the archive's row order within an hour.
ARCHIVE_TYPES: dict[str, str] = {
    "AQI": "aqi",
    "PM2.5": "pm25",
    "PM2.5_24h": "pm25_24h",
    "PM10": "pm10",
    "PM10_24h": "pm10_24h",
    "SO2": "so2",
    "SO2_24h": "so2_24h",
    "NO2": "no2",
    "NO2_24h": "no2_24h",
    "O3": "o3",
    "O3_24h": "o3_24h",
    "O3_8h": "o3_8h",
    "O3_8h_24h": "o3_8h_24h",
    "CO": "co",
    "CO_24h": "co_24h",
}
LONG_POLLUTANTS: tuple[str, ...] = tuple(ARCHIVE_TYPES.values())
TYPES_PER_HOUR = len(ARCHIVE_TYPES)
HOURLY_COLUMNS = ["station", "time", *POLLUTANTS]
LONG_COLUMNS = ["station", "time", "pollutant", "value"]
KEY_COLUMNS = ("date", "hour", "type")

# china_sites_20190101.csv, china_sites_20190101.csv.gz (the daily files of the archive)
DAILY_NAME = re.compile(r"china_sites_(\d{8})\.csv(?:\.gz)?$")


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
    """File contents, gunzipped when the file is gzip (by magic number, whatever its name)."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def daily_file_date(path: Path | str) -> pd.Timestamp | None:
    """The day a daily archive file's name says it holds (None for other names)."""
    match = DAILY_NAME.search(Path(path).name)
    return pd.Timestamp(match.group(1)) if match else None


def _empty_long() -> pd.DataFrame:
    return _long_frame([], np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int8), np.zeros(0))


def _long_frame(
    stations: list[str], st: np.ndarray, utc_ns: np.ndarray, pol: np.ndarray, value: np.ndarray
) -> pd.DataFrame:
    """The long table from its numpy columns (times as UTC nanoseconds)."""
    time = pd.DatetimeIndex(utc_ns.astype("datetime64[ns]")).tz_localize("UTC").tz_convert(TZ)
    return pd.DataFrame(
        {
            "station": pd.Categorical.from_codes(
                st.astype(np.int32), categories=pd.Index(stations, dtype=object)
            ),
            "time": time,
            "pollutant": pd.Categorical.from_codes(pol.astype(np.int8), categories=LONG_POLLUTANTS),
            "value": value.astype(float),
        }
    )


def _defect(path: str, kind: str, detail: str, *, line: int | None = None, date: str | None = None) -> dict:
    return {"file": path, "line": line, "kind": kind, "date": date, "detail": detail}


def _flags_for_rows(
    frame: pd.DataFrame, stations: list[str], utc_ns: np.ndarray, reason: str
) -> pd.DataFrame:
    """Every non-empty cell of `frame`'s rows as flags (values not accepted), with one reason."""
    if frame.empty or not stations:
        return empty_flags()
    cells = frame[stations]
    present = cells.notna().to_numpy()
    rows, cols = np.nonzero(present)
    if len(rows) == 0:
        return empty_flags()
    values = cells.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    pollutant = frame["type"].map(ARCHIVE_TYPES).fillna(frame["type"].astype(str)).to_numpy()
    time = pd.DatetimeIndex(utc_ns[rows].astype("datetime64[ns]")).tz_localize("UTC").tz_convert(TZ)
    return pd.DataFrame(
        {
            "station": np.asarray(stations, dtype=object)[cols],
            "time": time,
            "pollutant": pollutant[rows],
            "value": values[rows, cols],
            "reason": reason,
        }
    )


def last_line_cut(raw: bytes) -> bool:
    """True when the final line was cut off: no line end and fewer fields than the header.

    (A complete final line without a line end is normal: the full-country files end that way.)
    """
    if not raw or raw.endswith(b"\n"):
        return False
    header_end = raw.find(b"\n")
    if header_end < 0:
        return False
    last = raw[raw.rfind(b"\n") + 1 :]
    return last.count(b",") < raw[:header_end].count(b",")


NS_HOUR = 3_600_000_000_000
UTC_OFFSET_NS = 8 * NS_HOUR  # Beijing time has been UTC+8 all year since 1992


@dataclass
class _Part:
    """Parsed rows of one or more files that share a header, as numpy columns."""

    stations: list[str]
    st: np.ndarray
    utc_ns: np.ndarray
    pol: np.ndarray
    value: np.ndarray
    flags: list[pd.DataFrame]
    defects: list[dict]
    days: dict[str, dict]  # "YYYY-MM-DD" -> {"file", "hours", "complete_hours"}


def _parse_group(items: list[tuple[str, bytes]], pollutants: Sequence[str] | None) -> _Part:
    """Files with the same header, read in ONE pass of the C reader (headers of the rest removed)."""
    defects: list[dict] = []
    flags: list[pd.DataFrame] = []
    first = items[0][1]
    header_end = first.find(b"\n")
    header = first if header_end < 0 else first[:header_end]
    header_text = header.decode("utf-8", errors="replace").strip()
    columns = [c.strip() for c in header_text.split(",")]
    label0 = items[0][0]
    if [c.lower() for c in columns[:3]] != list(KEY_COLUMNS):
        raise InputError(
            label0,
            f"header must start with date,hour,type (found '{header_text[:40]}')",
            row=1,
            field=columns[0] if columns else None,
        )
    stations = columns[3:]
    if len(set(stations)) != len(stations):
        seen = {s for s in stations if stations.count(s) > 1}
        raise InputError(label0, f"station codes repeated in the header: {sorted(seen)[:5]}", row=1)

    bodies, rows_per_file, cut_lines = [], [], []
    for label, raw in items:
        body = b"" if raw.find(b"\n") < 0 else raw[raw.find(b"\n") + 1 :]
        if last_line_cut(raw):
            start = body.rfind(b"\n") + 1
            cut_lines.append((label, body.count(b"\n") + 2, body[start:]))
            body = body[:start]
        elif body and not body.endswith(b"\n"):
            body += b"\n"
        bodies.append(body)
        rows_per_file.append(body.count(b"\n"))
    for label, line, text in cut_lines:
        defects.append(
            _defect(
                label, "truncated_row", "last line cut off (no line end, too few fields): dropped", line=line
            )
        )
        cut = pd.read_csv(io.BytesIO(header + b"\n" + text + b"\n"), dtype=str, header=0, names=columns)
        cut.columns = columns
        day = pd.to_datetime(cut["date"], format="%Y%m%d", errors="coerce")
        hour = pd.to_numeric(cut["hour"], errors="coerce")
        utc = (
            (day - pd.Timestamp(0)).to_numpy(dtype="timedelta64[ns]").astype(np.int64)
            + np.nan_to_num(hour.to_numpy(dtype=float)).astype(np.int64) * NS_HOUR
            - UTC_OFFSET_NS
        )
        if day.notna().all():
            flags.append(_flags_for_rows(cut, stations, utc, "文件末行被截断，整行未采用"))

    try:
        frame = pd.read_csv(
            io.BytesIO(header + b"\n" + b"".join(bodies)),
            engine="c",
            dtype={"date": str, "hour": str, "type": str},
            skip_blank_lines=False,
            keep_default_na=False,  # only an empty field is missing: "NA", "n/a", "-" are reported
            na_values=[""],
            encoding="utf-8",
            encoding_errors="replace",
        )
    except pd.errors.ParserError as exc:
        raise InputError(label0, f"not a readable CSV archive file: {exc}") from None
    frame.columns = columns
    n = len(frame)
    file_idx = np.repeat(np.arange(len(items)), rows_per_file)
    if len(file_idx) != n:  # quoted line breaks or the like: line numbers are then unknown
        file_idx = np.zeros(n, dtype=int)
        line = np.zeros(n, dtype=int)
    else:
        starts = np.concatenate([[0], np.cumsum(rows_per_file)[:-1]])
        line = np.arange(n) - starts[file_idx] + 2
    labels = [label for label, _ in items]

    def where(i: int) -> tuple[str, int | None]:
        return labels[file_idx[i]], (int(line[i]) or None)

    # Blank lines carry nothing.
    keep = ~frame.isna().all(axis=1).to_numpy()

    # Non-numeric station cells (the C reader leaves such a column as text): missing, reported.
    for station in [s for s in stations if frame[s].dtype == object]:
        numeric = pd.to_numeric(frame[station], errors="coerce")
        bad = np.flatnonzero((frame[station].notna() & numeric.isna()).to_numpy())
        for i in bad[:5]:
            f, ln = where(i)
            defects.append(
                _defect(
                    f,
                    "non_numeric",
                    f"station {station}: '{str(frame[station].iat[i])[:20]}' "
                    "is not a number; treated as missing",
                    line=ln,
                )
            )
        if len(bad) > 5:
            defects.append(
                _defect(labels[0], "non_numeric", f"station {station}: {len(bad) - 5} more such cells")
            )
        frame[station] = numeric

    # Keys: date (few distinct values, parsed once each), hour 0..23, known type.
    date_codes, date_uniques = pd.factorize(frame["date"].fillna("").str.strip())
    day_parsed = pd.to_datetime(pd.Index(date_uniques), format="%Y%m%d", errors="coerce")
    day_ok_u = ~day_parsed.isna()
    day_ns_u = np.where(day_ok_u, day_parsed.asi8 if len(day_parsed) else np.zeros(0, np.int64), 0)
    day_ok = day_ok_u[date_codes] if len(date_codes) else np.zeros(0, bool)
    day_ns = day_ns_u[date_codes] if len(date_codes) else np.zeros(0, np.int64)
    hour_f = pd.to_numeric(frame["hour"], errors="coerce").to_numpy(dtype=float)
    hour_ok = (hour_f >= 0) & (hour_f <= 23) & (hour_f == np.round(hour_f))
    hour = np.where(hour_ok, hour_f, 0).astype(np.int64)
    type_code = pd.Categorical(frame["type"], categories=list(ARCHIVE_TYPES)).codes.astype(np.int64)
    utc_ns = day_ns + hour * NS_HOUR - UTC_OFFSET_NS
    row_ok = keep & day_ok & hour_ok & (type_code >= 0)

    bad_rows = np.flatnonzero(keep & ~row_ok)
    for i in bad_rows[:5]:
        f, ln = where(i)
        which = "date" if not day_ok[i] else ("hour" if not hour_ok[i] else "type")
        defects.append(
            _defect(
                f,
                "bad_row",
                f"row dropped: invalid {which} "
                f"({frame['date'].iat[i]!r}, {frame['hour'].iat[i]!r}, "
                f"{frame['type'].iat[i]!r})",
                line=ln,
            )
        )
    if len(bad_rows) > 5:
        defects.append(_defect(labels[0], "bad_row", f"{len(bad_rows) - 5} more rows dropped"))
    if len(bad_rows):
        flags.append(
            _flags_for_rows(
                frame.iloc[bad_rows], stations, utc_ns[bad_rows], "行的日期、小时或类型无效，整行未采用"
            )
        )

    idx = np.flatnonzero(row_ok)
    day_key = (day_ns[idx] // (24 * NS_HOUR)).astype(np.int64)
    hour_key = day_key * 24 + hour[idx]
    row_key = hour_key * TYPES_PER_HOUR + type_code[idx]

    # Repeated (date, hour, type) rows: the later one is the later publication, and is kept.
    _, last_pos = np.unique(row_key[::-1], return_index=True)
    if len(last_pos) < len(idx):
        keep_mask = np.zeros(len(idx), bool)
        keep_mask[len(idx) - 1 - last_pos] = True
        dup = idx[~keep_mask]
        f, ln = where(dup[0])
        defects.append(
            _defect(
                f, "duplicate_row", f"{len(dup)} repeated date/hour/type rows; the last of each kept", line=ln
            )
        )
        idx, day_key, hour_key = idx[keep_mask], day_key[keep_mask], hour_key[keep_mask]

    # The final hour of a day with fewer than 15 rows: its last row is where the file was cut
    # (the mirror padded it with empty fields). Not applied when the file's cut line already went.
    if len(idx):
        hk_u, hk_inv, hk_count = np.unique(hour_key, return_inverse=True, return_counts=True)
        _, last_rev = np.unique(day_key[::-1], return_index=True)
        last_of_day = len(idx) - 1 - last_rev
        cut_files = {label for label, _, _ in cut_lines}
        cut_pos = [
            p
            for p in last_of_day
            if hk_count[hk_inv[p]] < TYPES_PER_HOUR and labels[file_idx[idx[p]]] not in cut_files
        ]
        if cut_pos:
            for p in cut_pos:
                f, ln = where(idx[p])
                d = str(np.datetime64(int(day_key[p]), "D"))
                defects.append(
                    _defect(
                        f,
                        "truncated_row",
                        f"{d} hour {hour_key[p] % 24} has only "
                        f"{hk_count[hk_inv[p]]} of {TYPES_PER_HOUR} rows: its last row was cut "
                        "off, dropped",
                        line=ln,
                        date=d,
                    )
                )
            rows = idx[cut_pos]
            flags.append(
                _flags_for_rows(frame.iloc[rows], stations, utc_ns[rows], "文件末行被截断，整行未采用")
            )
            keep_mask = np.ones(len(idx), bool)
            keep_mask[cut_pos] = False
            idx, day_key, hour_key = idx[keep_mask], day_key[keep_mask], hour_key[keep_mask]

    # Hours per day (loops over days and hours, never rows).
    days: dict[str, dict] = {}
    if len(idx):
        hk_u, hk_count = np.unique(hour_key, return_counts=True)
        _, last_rev = np.unique(day_key[::-1], return_index=True)
        day_u = np.unique(day_key)
        last_file = file_idx[idx[len(idx) - 1 - last_rev]]
        for d, fi in zip(day_u, last_file, strict=True):
            in_day = (hk_u // 24) == d
            present = hk_u[in_day] % 24
            counts = hk_count[in_day]
            date = str(np.datetime64(int(d), "D"))
            days[date] = {
                "file": labels[fi],
                "hours": int(len(present)),
                "complete_hours": int((counts == TYPES_PER_HOUR).sum()),
            }
            if len(present) < 24:
                missing = sorted(set(range(24)) - set(present.tolist()))
                defects.append(
                    _defect(
                        labels[fi], "missing_hours", f"{len(missing)} hours missing: {missing}", date=date
                    )
                )
            for h, k in zip(present[counts < TYPES_PER_HOUR], counts[counts < TYPES_PER_HOUR], strict=True):
                defects.append(
                    _defect(
                        labels[fi], "incomplete_hour", f"hour {h} has {k} of {TYPES_PER_HOUR} rows", date=date
                    )
                )

    # Melt: every non-empty cell of the accepted rows, optionally only some pollutants.
    tc = type_code[idx]
    if pollutants is not None:
        wanted = [list(LONG_POLLUTANTS).index(p) for p in pollutants]
        sel = np.isin(tc, wanted)
        idx, tc = idx[sel], tc[sel]
    values = frame[stations].to_numpy(dtype=float)[idx] if stations else np.zeros((len(idx), 0))
    r, c = np.nonzero(~np.isnan(values))
    return _Part(
        stations=stations,
        st=c.astype(np.int32),
        utc_ns=utc_ns[idx][r],
        pol=tc[r].astype(np.int8),
        value=values[r, c],
        flags=flags,
        defects=defects,
        days=days,
    )


def _combine(parts: list[_Part]) -> pd.DataFrame:
    """Parts -> one long table with one station category list."""
    if not parts:
        return _empty_long()
    stations: list[str] = list(dict.fromkeys(s for p in parts for s in p.stations))
    position = {s: i for i, s in enumerate(stations)}
    st = np.concatenate(
        [
            np.asarray([position[s] for s in p.stations], dtype=np.int32)[p.st] if p.stations else p.st
            for p in parts
        ]
    )
    return _long_frame(
        stations,
        st,
        np.concatenate([p.utc_ns for p in parts]),
        np.concatenate([p.pol for p in parts]),
        np.concatenate([p.value for p in parts]),
    )


def _header(raw: bytes) -> bytes:
    end = raw.find(b"\n")
    return (raw if end < 0 else raw[:end]).strip()


def _parse_many(items: list[tuple[str, bytes]], pollutants: Sequence[str] | None) -> list[_Part]:
    """Consecutive files with identical headers are parsed together (one C-reader pass each run)."""
    parts, run = [], []
    for label, raw in items:
        if not raw.strip():
            raise InputError(label, "empty file: expected the header date,hour,type,<stations>", row=1)
        if run and _header(run[-1][1]) != _header(raw):
            parts.append(_parse_group(run, pollutants))
            run = []
        run.append((label, raw))
    if run:
        parts.append(_parse_group(run, pollutants))
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


def concat_long(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate long tables, keeping station and pollutant categorical."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty_long()
    stations = pd.api.types.union_categoricals([p["station"] for p in parts], ignore_order=True)
    out = pd.concat([p.drop(columns="station") for p in parts], ignore_index=True)
    out.insert(0, "station", stations)
    out["pollutant"] = pd.Categorical(out["pollutant"], categories=LONG_POLLUTANTS)
    out.attrs = {}
    return out


def long_to_hourly(long: pd.DataFrame) -> pd.DataFrame:
    """Tidy long table -> the hourly wide frame of the Dataset contract.

    One row per station and hour present (sorted by station, time): station (str), time, pm25,
    pm10, so2, no2, o3, co. Implausible values are NaN here (see `flag_implausible`). Where the
    same station, hour and pollutant occurs twice, the later row wins.
    """
    pollutant = long["pollutant"]
    if not isinstance(pollutant.dtype, pd.CategoricalDtype):
        pollutant = pollutant.astype("category")
    to_hourly = np.array(
        [POLLUTANTS.index(c) if c in POLLUTANTS else -1 for c in pollutant.cat.categories] + [-1]
    )
    p_all = to_hourly[pollutant.cat.codes.to_numpy()]
    keep = p_all >= 0
    if not keep.any():
        return pd.DataFrame(
            {
                "station": pd.Series(dtype=object),
                "time": pd.Series(dtype=f"datetime64[ns, {TZ}]"),
                **{p: pd.Series(dtype=float) for p in POLLUTANTS},
            }
        )
    bad, _ = implausible_mask(long)
    value = np.where(bad, np.nan, long["value"].to_numpy(dtype=float))[keep]
    p_codes = p_all[keep]
    station = long["station"]
    if not isinstance(station.dtype, pd.CategoricalDtype):
        station = station.astype(str).astype("category")
    # Stations in sorted order, so the output is sorted by station, then time.
    order = np.argsort(np.asarray(station.cat.categories, dtype=str), kind="stable")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    st = rank[station.cat.codes.to_numpy()[keep]]
    st_names = np.asarray(station.cat.categories, dtype=object)[order]
    utc_ns = long["time"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().view(np.int64)[keep]
    t0 = utc_ns.min()
    if ((utc_ns - t0) % NS_HOUR).any():
        raise ValueError("hourly table: times must fall on whole hours")
    t_idx = (utc_ns - t0) // NS_HOUR
    n_t = int(t_idx.max()) + 1
    key = st * n_t + t_idx
    if len(st_names) * n_t <= 100_000_000:  # dense index: no sort needed
        present = np.zeros(len(st_names) * n_t, bool)
        present[key] = True
        uniq = np.flatnonzero(present)
        inverse = (np.cumsum(present) - 1)[key]
    else:
        uniq, inverse = np.unique(key, return_inverse=True)
    cell = inverse.astype(np.int64) * len(POLLUTANTS) + p_codes
    if np.bincount(cell).max() > 1:  # repeated cells: keep the last one explicitly
        last = len(cell) - 1 - np.unique(cell[::-1], return_index=True)[1]
        cell, value = cell[last], value[last]
    grid = np.full((len(uniq), len(POLLUTANTS)), np.nan)
    grid.ravel()[cell] = value
    out = pd.DataFrame(grid, columns=list(POLLUTANTS))
    time = (
        pd.DatetimeIndex((t0 + (uniq % n_t) * NS_HOUR).astype("datetime64[ns]"))
        .tz_localize("UTC")
        .tz_convert(TZ)
    )
    out.insert(0, "time", time)
    out.insert(0, "station", st_names[uniq // n_t])
    return out


def _missing_day_defects(days: Iterable[str]) -> list[dict]:
    """Days absent from a run of files (e.g. 2019-04-08): reported, not an error."""
    days = sorted(set(days))
    if len(days) < 2:
        return []
    expected = pd.date_range(days[0], days[-1], freq="D")
    missing = expected.difference(pd.DatetimeIndex(days))
    return [
        _defect("", "missing_day", "no file and no rows for this day", date=str(d.date())) for d in missing
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
                    _defect(
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
