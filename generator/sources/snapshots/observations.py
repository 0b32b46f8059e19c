"""A data folder's observations: archive snapshots + provincial CSVs -> the tables a build reads.

    {data}/raw/cnemc/*.csv[.gz]   archive files (daily, or one concatenated file); newest versions
    {data}/raw/manifest.json      what was fetched, from where, when
    {data}/provincial/*.csv       county stations outside the national archive: station,time,pollutant,value
    {data}/stations/*.csv         national station list(s) (also {data}/raw/stations/, when fetched)
    {data}/tidy/<key>/            derived cache: the tidy long table as Parquet partitioned by month
                                  (in $LYG_TIDY_CACHE/tidy-<path hash>/ when that is set)

The cache key is a checksum of the inputs' bytes (never their file times), so a changed, added or
removed file rebuilds it, and the same files always reuse it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from generator.config import SiteConfig
from generator.errors import InputError
from generator.sources.archive import cnemc
from generator.sources.archive.plausibility import FLAG_COLUMNS, empty_flags, flag_implausible
from generator.sources.archive.stations import build_registry, find_station_lists, read_station_lists
from generator.sources.shared.decoding import decode_text
from generator.sources.shared.register_files import register_files
from generator.sources.snapshots.manifest_schema import check_manifest
from generator.standards.rules import POLLUTANTS

# Bump when the parser's output changes, so old caches are not reused.
PARSER_VERSION = "cnemc-1"
PROVINCIAL_COLUMNS = ["station", "time", "pollutant", "value"]
PROJECT_CACHE = Path(__file__).resolve().parents[3] / "build" / "cache"
# Accepted pollutant spellings in provincial CSVs: internal names and the archive's labels.
POLLUTANT_ALIASES = {
    **{p: p for p in cnemc.LONG_POLLUTANTS},
    **{label.lower(): name for label, name in cnemc.ARCHIVE_TYPES.items()},
}
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


def archive_files(data_dir: Path) -> list[Path]:
    """Archive files in {data}/raw/cnemc (not versions/): concatenated files first, then daily files by day,
    so a daily file's values win over a concatenated file's for the same day."""
    folder = Path(data_dir) / "raw" / "cnemc"
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and (p.name.endswith(".csv") or p.name.endswith(".csv.gz"))
    ]
    return sorted(
        found, key=lambda p: (cnemc.daily_file_date(p) is not None, cnemc.daily_file_date(p) or 0, p.name)
    )


def provincial_files(data_dir: Path) -> list[Path]:
    folder = Path(data_dir) / "provincial"
    return register_files(folder, (".csv",))


def read_provincial_csv(path: Path) -> pd.DataFrame:
    """A provincial (county) station CSV -> long table. Errors name the file, row and field.

    Columns station,time,pollutant,value. time: ISO 8601, Beijing time unless it carries an
    offset, on the hour (the hour label, as in the archive). pollutant: pm25, pm10, so2, no2,
    o3, co (or PM2.5 etc.). value: a number; empty = missing.
    """
    path = Path(path)
    text = decode_text(path.read_bytes(), path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, engine="c")
    except pd.errors.ParserError as exc:
        raise InputError(path, f"not a readable CSV: {exc}") from None
    frame.columns = [c.strip().lower() for c in frame.columns]
    for col in PROVINCIAL_COLUMNS:
        if col not in frame.columns:
            raise InputError(
                path, f"missing column '{col}' (need {','.join(PROVINCIAL_COLUMNS)})", row=1, field=col
            )
    frame = frame[PROVINCIAL_COLUMNS].apply(lambda s: s.str.strip())
    line = np.arange(len(frame)) + 2

    def fail(mask: pd.Series | np.ndarray, field: str, message: str) -> None:
        mask = np.asarray(mask)
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            raise InputError(path, message.format(value=frame[field].iat[i]), row=int(line[i]), field=field)

    fail(frame["station"].eq(""), "station", "empty station code")
    fail(
        ~frame["station"].str.fullmatch(r"[A-Za-z0-9_\-]{1,32}"),
        "station",
        "station code '{value}' may hold only letters, digits, _ and -",
    )
    stamp = frame["time"].where(frame["time"].str.contains(_OFFSET), frame["time"] + "+08:00")
    time = pd.to_datetime(stamp, format="ISO8601", utc=True, errors="coerce")
    fail(time.isna(), "time", "'{value}' is not a time like 2019-01-01 13:00")
    fail((time.dt.minute != 0) | (time.dt.second != 0), "time", "'{value}' is not on the hour")
    pollutant = frame["pollutant"].str.lower().map(POLLUTANT_ALIASES)
    fail(pollutant.isna(), "pollutant", "unknown pollutant '{value}' (use pm25, pm10, so2, no2, o3 or co)")
    value = pd.to_numeric(frame["value"].replace("", None), errors="coerce")
    fail(frame["value"].ne("") & value.isna(), "value", "'{value}' is not a number")
    out = pd.DataFrame(
        {
            "station": frame["station"],
            "time": time.dt.tz_convert(cnemc.TZ),
            "pollutant": pd.Categorical(pollutant, categories=cnemc.LONG_POLLUTANTS),
            "value": value,
        }
    )
    dup = out.duplicated(["station", "time", "pollutant"], keep=False).to_numpy()
    if dup.any():
        rows = line[dup][:2]
        raise InputError(
            path,
            f"station, time and pollutant repeated on rows {rows[0]} and {rows[1]}",
            row=int(rows[1]),
            field="time",
        )
    out = out[out["value"].notna()].reset_index(drop=True)
    out["station"] = out["station"].astype("category")
    return out


def _digest(paths: list[Path], root: Path) -> str:
    h = hashlib.sha256(PARSER_VERSION.encode())
    for p in paths:
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-", delete=True)
        probe.close()
        return True
    except OSError:
        return False


def cache_root(data_dir: Path) -> Path | None:
    """{data}/tidy, or build/cache/tidy-<path hash> when the data folder is read-only; None if neither.
    LYG_TIDY_CACHE names a folder for every data folder's cache instead (<it>/tidy-<path hash>): the
    tests set it so that no run writes into the repository's data/sample."""
    alt_name = "tidy-" + hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]
    override = os.environ.get("LYG_TIDY_CACHE")
    if override:
        alt = Path(override) / alt_name
        return alt if _writable(alt) else None
    tidy = Path(data_dir) / "tidy"
    if _writable(tidy):
        return tidy
    alt = PROJECT_CACHE / alt_name
    return alt if _writable(alt) else None


def _months(time: pd.Series) -> pd.Categorical:
    """'YYYY-MM' (Beijing) of each time, computed on integers (strftime per row is far too slow)."""
    local = time.dt.tz_localize(None).to_numpy().astype("datetime64[M]")
    codes, uniques = pd.factorize(local)
    return pd.Categorical.from_codes(codes, categories=[str(u)[:7] for u in uniques.astype("datetime64[M]")])


def _write_cache(root: Path, key: str, long: pd.DataFrame, flags: pd.DataFrame, defects: list[dict]) -> None:
    """Write into a temporary folder, then rename: readers never see half a cache."""
    (root / ".gitignore").write_text("# derived: rebuilt from raw/ by the build\n*\n", encoding="utf-8")
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".tmp-"))
    try:
        if len(long):
            long.assign(month=_months(long["time"])).to_parquet(
                tmp / "long", partition_cols=["month"], index=False
            )
        flags.to_parquet(tmp / "flags.parquet", index=False)
        (tmp / "defects.json").write_text(json.dumps(defects, ensure_ascii=False), encoding="utf-8")
        (tmp / "key").write_text(key, encoding="utf-8")
        final = root / key[:20]
        try:
            os.rename(tmp, final)
        except OSError:  # another build wrote the same cache first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in root.iterdir():  # only the current cache is kept
        if old.is_dir() and old.name != key[:20] and not old.name.startswith(".tmp-"):
            shutil.rmtree(old, ignore_errors=True)


def _categories_as_built(long: pd.DataFrame) -> pd.DataFrame | None:
    """The long table read back with the categories the cached table has always had: pollutants
    in the order of cnemc.LONG_POLLUTANTS, the stations that have rows, sorted (a fresh read also
    keeps stations without rows among its categories; the values are the same). Parquet keeps both
    as dictionaries in the order they were written; they are set on the categories, not by turning
    four million cells into text and back (a second of every warm build). None when the stored
    table is not one we wrote."""
    pollutant, station = long["pollutant"], long["station"]
    if not (
        isinstance(pollutant.dtype, pd.CategoricalDtype)
        and isinstance(station.dtype, pd.CategoricalDtype)
        and set(pollutant.cat.categories) <= set(cnemc.LONG_POLLUTANTS)
        and not pollutant.isna().any()
        and not station.isna().any()
    ):
        return None
    long["pollutant"] = pollutant.cat.set_categories(cnemc.LONG_POLLUTANTS)
    # Both steps only when needed: pandas' remove_unused_categories looks for the used ones with a
    # hash table over every row (half a second), a count of the codes takes milliseconds.
    if not (np.bincount(station.cat.codes.to_numpy(), minlength=len(station.cat.categories)) > 0).all():
        station = station.cat.remove_unused_categories()
    if list(station.cat.categories) != sorted(station.cat.categories):
        station = station.cat.reorder_categories(sorted(station.cat.categories))
    long["station"] = station
    return long


def _read_cache(root: Path, key: str) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]] | None:
    folder = root / key[:20]
    if not (folder / "key").exists() or (folder / "key").read_text(encoding="utf-8") != key:
        return None
    try:
        if (folder / "long").exists():
            long = _categories_as_built(pd.read_parquet(folder / "long").drop(columns="month"))
            if long is None:
                return None
        else:
            long = cnemc.empty_long()
        flags = pd.read_parquet(folder / "flags.parquet")
        defects = json.loads((folder / "defects.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a damaged cache is rebuilt, never trusted
        return None
    return long, flags, defects


def load_tidy(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """The tidy long table (archive + provincial), flags and defects of a data folder (cached)."""
    data_dir = Path(data_dir)
    archives, provincial = archive_files(data_dir), provincial_files(data_dir)
    key = _digest([*archives, *provincial], data_dir)
    root = cache_root(data_dir)
    cached = _read_cache(root, key) if root is not None else None
    if cached is not None:
        return cached
    obs = cnemc.read_archives(archives)
    long, flags, defects = obs.long, obs.flags, obs.defects
    if provincial:
        extra = cnemc.concat_long(read_provincial_csv(p) for p in provincial)
        long = cnemc.concat_long([long, extra])
        more = flag_implausible(extra)
        if len(more):
            flags = pd.concat([flags, more], ignore_index=True)[FLAG_COLUMNS]
    if not len(flags):
        flags = empty_flags()
    if root is not None:
        _write_cache(root, key, long, flags, defects)
    return long, flags, defects


def load_archive_report(data_dir: Path) -> list[dict]:
    """The defects found in a data folder's archive files (missing days and hours, cut rows, ...)."""
    return load_tidy(data_dir)[2]


def load_observations(
    data_dir: Path, config: SiteConfig
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list]:
    """(hourly, stations, flags, snapshots) for generator.tables.dataset.load_dataset.

    hourly:    every station in the files (not only configured ones), wide, implausible values NaN.
    stations:  registry of observed and configured stations
               (generator.sources.archive.stations.build_registry).
    flags:     station, time, pollutant, value, reason (implausible values, cut-off rows).
    snapshots: manifest entries, each with its `path` under raw/.
    """
    data_dir = Path(data_dir)
    long, flags, _ = load_tidy(data_dir)
    hourly = cnemc.long_to_hourly(long[long["pollutant"].isin(POLLUTANTS)])
    registry = build_registry(
        config, read_station_lists(find_station_lists(data_dir)), observed=hourly["station"].unique()
    )
    manifest = data_dir / "raw" / "manifest.json"
    snapshots = []
    if manifest.exists():
        try:
            files = check_manifest(manifest, json.loads(manifest.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(manifest, f"not valid JSON: {exc}") from None
        snapshots = [{"path": rel, **entry} for rel, entry in sorted(files.items())]
    return hourly, registry, flags.reset_index(drop=True), snapshots
