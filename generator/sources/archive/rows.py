"""One run of archive files with the same header -> numpy columns, flags and defects (see cnemc.py).

The C reader parses the whole run in one pass; rows with a bad key, cut-off rows and repeated rows
are found with numpy masks, never a loop over rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from generator.errors import InputError
from generator.sources.archive.long_table import (
    ARCHIVE_TYPES,
    LONG_POLLUTANTS,
    NS_HOUR,
    TYPES_PER_HOUR,
    TZ,
    UTC_OFFSET_NS,
)
from generator.sources.archive.plausibility import empty_flags

KEY_COLUMNS = ("date", "hour", "type")

# china_sites_20190101.csv, china_sites_20190101.csv.gz (the daily files of the archive)
DAILY_NAME = re.compile(r"china_sites_(\d{8})\.csv(?:\.gz)?$")


def daily_file_date(path: Path | str) -> pd.Timestamp | None:
    """The day a daily archive file's name says it holds (None for other names)."""
    match = DAILY_NAME.search(Path(path).name)
    return pd.Timestamp(match.group(1)) if match else None


def _is_text(column: pd.Series) -> bool:
    """A column the CSV reader left as text because a cell is not a number: pandas 3's string dtype
    (``str``), or ``object`` under older pandas or with mixed cells."""
    return pd.api.types.is_string_dtype(column.dtype) or pd.api.types.is_object_dtype(column.dtype)


def defect(path: str, kind: str, detail: str, *, line: int | None = None, date: str | None = None) -> dict:
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


def _wrong_day_rows(
    frame, stations, labels, file_idx, lines_known, row_ok, day_ns, utc_ns, where, defects, flags
) -> np.ndarray:
    """Rows of a day file dated another day than its name says: dropped, flagged and reported.

    A day file holding another day's rows (a mirror serving the wrong file) would otherwise
    overwrite that other day's figures. Applied only where each row's file is known.
    """
    named = [daily_file_date(label) for label in labels]
    named_ns = np.array([-1 if d is None else d.value for d in named], dtype=np.int64)
    wrong = np.zeros(len(row_ok), bool)
    if lines_known and (named_ns >= 0).any():
        expected = named_ns[file_idx]
        wrong = row_ok & (expected >= 0) & (day_ns != expected)
    rows = np.flatnonzero(wrong)
    for fi in np.unique(file_idx[rows]):
        in_file = rows[file_idx[rows] == fi]
        f, ln = where(in_file[0])
        found = sorted({str(np.datetime64(int(d), "ns").astype("datetime64[D]")) for d in day_ns[in_file]})
        defects.append(
            defect(
                f,
                "wrong_day",
                f"{len(in_file)} rows dated {', '.join(found[:3])} in the file for "
                f"{named[fi].date()}: not this file's day, dropped",
                line=ln,
                date=str(named[fi].date()),
            )
        )
    if len(rows):
        flags.append(
            _flags_for_rows(
                frame.iloc[rows], stations, utc_ns[rows], "行的日期与文件名的日期不符，整行未采用"
            )
        )
    return wrong


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


@dataclass
class Part:
    """Parsed rows of one or more files that share a header, as numpy columns."""

    stations: list[str]
    st: np.ndarray
    utc_ns: np.ndarray
    pol: np.ndarray
    value: np.ndarray
    flags: list[pd.DataFrame]
    defects: list[dict]
    days: dict[str, dict]  # "YYYY-MM-DD" -> {"file", "hours", "complete_hours"}


def parse_group(items: list[tuple[str, bytes]], pollutants: Sequence[str] | None) -> Part:
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
            defect(
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
    for station in [s for s in stations if _is_text(frame[s])]:
        numeric = pd.to_numeric(frame[station], errors="coerce")
        bad = np.flatnonzero((frame[station].notna() & numeric.isna()).to_numpy())
        for i in bad[:5]:
            f, ln = where(i)
            defects.append(
                defect(
                    f,
                    "non_numeric",
                    f"station {station}: '{str(frame[station].iat[i])[:20]}' "
                    "is not a number; treated as missing",
                    line=ln,
                )
            )
        if len(bad) > 5:
            defects.append(
                defect(labels[0], "non_numeric", f"station {station}: {len(bad) - 5} more such cells")
            )
        frame[station] = numeric

    # Keys: date (few distinct values, parsed once each), hour 0..23, known type.
    date_codes, date_uniques = pd.factorize(frame["date"].fillna("").str.strip())
    # as_unit: pandas 3 infers a coarser unit than nanoseconds from text, and asi8 counts in that unit.
    day_parsed = pd.to_datetime(pd.Index(date_uniques), format="%Y%m%d", errors="coerce").as_unit("ns")
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
            defect(
                f,
                "bad_row",
                f"row dropped: invalid {which} "
                f"({str(frame['date'].iat[i])[:40]!r}, {str(frame['hour'].iat[i])[:40]!r}, "
                f"{str(frame['type'].iat[i])[:40]!r})",
                line=ln,
            )
        )
    if len(bad_rows) > 5:
        defects.append(defect(labels[0], "bad_row", f"{len(bad_rows) - 5} more rows dropped"))
    if len(bad_rows):
        flags.append(
            _flags_for_rows(
                frame.iloc[bad_rows], stations, utc_ns[bad_rows], "行的日期、小时或类型无效，整行未采用"
            )
        )

    row_ok &= ~_wrong_day_rows(
        frame, stations, labels, file_idx, len(file_idx) == n, row_ok, day_ns, utc_ns, where, defects, flags
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
            defect(
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
                    defect(
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
                    defect(labels[fi], "missing_hours", f"{len(missing)} hours missing: {missing}", date=date)
                )
            for h, k in zip(present[counts < TYPES_PER_HOUR], counts[counts < TYPES_PER_HOUR], strict=True):
                defects.append(
                    defect(
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
    return Part(
        stations=stations,
        st=c.astype(np.int32),
        utc_ns=utc_ns[idx][r],
        pol=tc[r].astype(np.int8),
        value=values[r, c],
        flags=flags,
        defects=defects,
        days=days,
    )
