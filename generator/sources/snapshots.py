"""The snapshot store: downloaded files under {data}/raw/, immutable, with a manifest.

- Every file is written atomically (temporary file, then rename), so an interrupted run never
  leaves half a file; the manifest ({data}/raw/manifest.json) is written the same way.
- A changed upstream file never silently replaces the old one: the old bytes move to
  `versions/<name>.vN.<ext>` beside it first, and the canonical name holds the newest version
  (what the parser reads).
- Archive days are fetched until complete: a day with fewer than 24 complete hours is fetched
  again on later runs until `settle_days` after the day, when upstream has published all it will.
  A 404 means "not published (yet)", not an error.
- Network faults (timeouts, connection errors, 5xx, bodies shorter than their Content-Length or
  cut mid-line) are retried with exponential backoff; what still fails is reported as failed and
  leaves the existing data untouched.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import requests

from generator.errors import InputError
from generator.output import atomic_write_bytes
from generator.sources.cnemc import last_line_cut, read_archive, read_bytes

BEIJING = ZoneInfo("Asia/Shanghai")
MANIFEST = "manifest.json"
ARCHIVE_DIR = "cnemc"
FILES_DIR = "files"
DEFAULT_BASE_URL = "https://quotsoft.net/air/data/"
DEFAULT_PATTERN = "china_sites_{date:%Y%m%d}.csv"
USER_AGENT = "lyg-air-site-generator (public-information site; polite daily fetch)"

# Outcomes, as the summary names them.
FETCHED, UPDATED, UNCHANGED, MISSING, FAILED, SKIPPED = (
    "fetched",
    "updated",
    "unchanged",
    "missing upstream",
    "failed",
    "already complete",
)


@dataclass(frozen=True)
class FetchSettings:
    """How to talk to upstream ([sources.cnemc] in data/site.toml; the CLI may override)."""

    base_url: str = DEFAULT_BASE_URL
    file_pattern: str = DEFAULT_PATTERN
    timeout: float = 30.0
    retries: int = 4
    parallel: int = 4
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    settle_days: int = 3  # an incomplete day is fetched again until this many days after it

    @classmethod
    def from_config(cls, sources: dict, **overrides) -> FetchSettings:
        cnemc = sources.get("cnemc", {}) if sources else {}
        values = {
            "base_url": cnemc.get("base_url", DEFAULT_BASE_URL),
            "file_pattern": cnemc.get("file_pattern", DEFAULT_PATTERN),
            "timeout": float(cnemc.get("timeout_seconds", 30)),
            "retries": int(cnemc.get("retries", 4)),
            "parallel": int(cnemc.get("parallel", 4)),
            "backoff": float(cnemc.get("backoff_seconds", 1.0)),
            "settle_days": int(cnemc.get("settle_days", 3)),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def archive_url(self, day: date) -> str:
        return self.base_url.rstrip("/") + "/" + self.file_pattern.format(date=day)

    def archive_name(self, day: date) -> str:
        return self.file_pattern.format(date=day)


@dataclass
class FetchResult:
    key: str  # the day (YYYY-MM-DD) or the URL
    outcome: str
    detail: str = ""
    path: str | None = None


@dataclass
class FetchSummary:
    results: list[FetchResult] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(r.outcome for r in self.results)

    @property
    def failed(self) -> list[FetchResult]:
        return [r for r in self.results if r.outcome == FAILED]

    def line(self) -> str:
        c = self.counts
        return (
            f"fetched {c[FETCHED]}, new versions {c[UPDATED]}, unchanged {c[UNCHANGED]}, "
            f"already complete {c[SKIPPED]}, missing upstream {c[MISSING]}, failed {c[FAILED]}"
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def now_beijing() -> datetime:
    return datetime.now(BEIJING)


class SnapshotStore:
    """{data}/raw/: snapshot files and the manifest that describes them."""

    def __init__(self, raw_dir: Path):
        self.raw_dir = Path(raw_dir)
        self.manifest_path = self.raw_dir / MANIFEST
        self._lock = threading.Lock()
        self.entries: dict[str, dict] = self._load()

    def _load(self) -> dict[str, dict]:
        if not self.manifest_path.exists():
            return {}
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(
                self.manifest_path,
                f"manifest is not valid JSON ({exc}); restore it from git history or delete it to re-fetch",
            ) from None
        return dict(data.get("files", {}))

    def save(self) -> None:
        with self._lock:
            body = {"format": 1, "files": dict(sorted(self.entries.items()))}
            text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
        atomic_write_bytes(self.manifest_path, text.encode("utf-8"))

    def rel(self, path: Path) -> str:
        return Path(path).relative_to(self.raw_dir).as_posix()

    def entry(self, rel: str) -> dict | None:
        with self._lock:
            return self.entries.get(rel)

    def record(self, rel: str, entry: dict) -> None:
        with self._lock:
            self.entries[rel] = entry

    def archive_file(self, name: str) -> Path | None:
        """The current snapshot of an archive file, stored plain or gzipped."""
        for candidate in (self.raw_dir / ARCHIVE_DIR / name, self.raw_dir / ARCHIVE_DIR / f"{name}.gz"):
            if candidate.exists():
                return candidate
        return None

    def put(self, target: Path, data: bytes, *, current: Path | None = None) -> tuple[str, list[dict]]:
        """Store `data` at `target`: FETCHED (new), UNCHANGED (same bytes) or UPDATED (old kept as a version).

        `current` is the existing snapshot when it is stored under another name (e.g. `.csv.gz`).
        Returns the outcome and the versions kept so far.
        """
        current = current if current is not None else (target if target.exists() else None)
        versions = list((self.entries.get(self.rel(target)) or {}).get("versions", []))
        if current is None:
            atomic_write_bytes(target, data)
            return FETCHED, versions
        old = read_bytes(current)
        if sha256(old) == sha256(data):
            return UNCHANGED, versions
        # Keep the old bytes first (atomically), then replace: nothing is lost at any moment.
        kept = self._version_path(current, len(versions) + 1)
        atomic_write_bytes(kept, current.read_bytes())
        versions.append(
            {
                "path": self.rel(kept),
                "sha256": sha256(old),
                "size": len(old),
                "superseded_at": now_beijing().isoformat(timespec="seconds"),
            }
        )
        atomic_write_bytes(target, data)
        if current != target:
            current.unlink()
        return UPDATED, versions

    @staticmethod
    def _version_path(path: Path, n: int) -> Path:
        stem, dot, ext = path.name.partition(".")
        folder = path.parent / "versions"
        candidate = folder / f"{stem}.v{n}{dot}{ext}"
        while candidate.exists():  # never overwrite a kept version
            n += 1
            candidate = folder / f"{stem}.v{n}{dot}{ext}"
        return candidate


class _Fault(Exception):
    """A fault worth retrying (timeout, connection, 5xx, short body)."""


class Downloader:
    """GET with timeouts and retries; one requests.Session per worker thread."""

    def __init__(self, settings: FetchSettings, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.sleep = sleep
        self._local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            s = requests.Session()
            s.headers["User-Agent"] = USER_AGENT
            self._local.session = s
        return self._local.session

    def get(self, url: str, *, check_lines: bool = False) -> tuple[int, bytes | None, str]:
        """(HTTP status, body, note). Body None for 404. Raises _Fault after the last retry."""
        last = ""
        for attempt in range(self.settings.retries + 1):
            if attempt:
                self.sleep(self.settings.backoff * 2 ** (attempt - 1))
            try:
                resp = self.session().get(url, timeout=(self.settings.timeout, self.settings.timeout))
                body = resp.content
            except requests.Timeout:
                last = f"timed out after {self.settings.timeout:g} s"
                continue
            except requests.exceptions.ChunkedEncodingError as exc:
                last = f"body cut short: connection closed mid-body ({str(exc)[:100]})"
                continue
            except requests.ConnectionError as exc:
                last = f"connection failed ({type(exc).__name__}: {str(exc)[:120]})"
                continue
            if resp.status_code == 404:
                return 404, None, "not published (yet)"
            if resp.status_code >= 500 or resp.status_code == 429:
                last = f"HTTP {resp.status_code}"
                continue
            if resp.status_code != 200:
                raise _Fault(f"HTTP {resp.status_code} (not retried)")
            expected = resp.headers.get("Content-Length")
            if (
                expected is not None
                and resp.headers.get("Content-Encoding") is None
                and int(expected) != len(body)
            ):
                last = f"body cut short: {len(body)} of {expected} bytes"
                continue
            if check_lines and last_line_cut(body):
                last = "body cut off mid-line (last line incomplete)"
                continue
            return 200, body, f"after {attempt} retries" if attempt else ""
        raise _Fault(f"{last} (gave up after {self.settings.retries + 1} attempts)")


def plan_days(
    store: SnapshotStore, settings: FetchSettings, first: date, last: date, now: datetime
) -> tuple[list[date], list[date]]:
    """Days to request and days already complete (or settled) in [first, last]."""
    todo, done = [], []
    day = first
    while day <= last:
        name = settings.archive_name(day)
        entry = store.entry(f"{ARCHIVE_DIR}/{name}")
        path = store.archive_file(name)
        if entry and path is not None and entry.get("sha256"):
            settled_at = datetime.combine(
                day + timedelta(days=1 + settings.settle_days), datetime.min.time(), BEIJING
            )
            fetched_at = datetime.fromisoformat(entry["fetched_at"])
            if entry.get("complete") or fetched_at >= settled_at:
                done.append(day)
                day += timedelta(days=1)
                continue
        todo.append(day)
        day += timedelta(days=1)
    return todo, done


def default_range(store: SnapshotStore, now: datetime, *, start: str | None = None) -> tuple[date, date]:
    """Days missing up to yesterday (Beijing): from the first day the manifest knows, else `start`,
    else two weeks back."""
    yesterday = now.astimezone(BEIJING).date() - timedelta(days=1)
    days = [e["day"] for e in store.entries.values() if e.get("kind") == "cnemc_daily" and e.get("day")]
    if days:
        first = date.fromisoformat(min(days))
    elif start:
        first = date.fromisoformat(str(start))
    else:
        first = yesterday - timedelta(days=13)
    return first, yesterday


def fetch_archive_day(store: SnapshotStore, downloader: Downloader, day: date, now: datetime) -> FetchResult:
    """One archive day: download, validate, store, record."""
    settings = downloader.settings
    name = settings.archive_name(day)
    rel = f"{ARCHIVE_DIR}/{name}"
    url = settings.archive_url(day)
    key = day.isoformat()
    checked = now.isoformat(timespec="seconds")
    old = store.entry(rel) or {}
    try:
        status, body, note = downloader.get(url, check_lines=True)
    except _Fault as exc:
        return FetchResult(key, FAILED, f"{url}: {exc}")
    if status == 404:
        store.record(
            rel,
            {
                **old,
                "kind": "cnemc_daily",
                "day": key,
                "url": url,
                "last_checked_at": checked,
                "last_http_status": 404,
                **({} if old.get("sha256") else {"http_status": 404}),
            },
        )
        return FetchResult(key, MISSING, note)
    try:
        parsed = read_archive(body, name=url)
    except InputError as exc:
        return FetchResult(key, FAILED, f"not an archive file: {exc}")
    hours = parsed.hours.get(key, 0)
    complete_hours = parsed.complete_hours.get(key, 0)
    target = store.raw_dir / rel
    outcome, versions = store.put(target, body, current=store.archive_file(name))
    entry = {
        "kind": "cnemc_daily",
        "day": key,
        "url": url,
        "sha256": sha256(body),
        "size": len(body),
        "fetched_at": checked,
        "last_checked_at": checked,
        "http_status": status,
        "last_http_status": status,
        "hours": hours,
        "complete_hours": complete_hours,
        "truncated": parsed.truncated,
        "complete": complete_hours == 24 and not parsed.truncated,
        "versions": versions,
    }
    if outcome == UNCHANGED and old.get("sha256") == entry["sha256"]:
        entry["first_fetched_at"] = old.get("first_fetched_at", old.get("fetched_at", checked))
    else:
        entry["first_fetched_at"] = checked
    store.record(rel, entry)
    detail = f"{complete_hours}/24 hours" + ("" if entry["complete"] else ", incomplete: fetched again later")
    return FetchResult(key, outcome, f"{detail} {note}".strip(), path=rel)


def _safe_name(url: str) -> str:
    name = Path(urlsplit(url).path).name
    if not name or not re.fullmatch(r"[A-Za-z0-9._\-\u4e00-\u9fff]+", name) or name.startswith("."):
        name = "file-" + sha256(url.encode())[:16]
    return name


def fetch_url_snapshot(
    url: str,
    dest_dir: Path,
    *,
    raw_dir: Path | None = None,
    kind: str = "file",
    settings: FetchSettings | None = None,
    downloader: Downloader | None = None,
    store: SnapshotStore | None = None,
    save_manifest: bool = True,
) -> FetchResult:
    """Any file by URL (enterprise disclosure files, the warning register) into the snapshot store.

    The file goes to dest_dir/<name from the URL>; the manifest is the one in `raw_dir` (default:
    the nearest folder named `raw` above dest_dir, else dest_dir). Same rules as the archive:
    atomic writes, retries, changed content kept as a new version, 404 = missing upstream.
    """
    dest_dir = Path(dest_dir)
    if store is None:
        if raw_dir is None:
            raw_dir = next((p for p in (dest_dir, *dest_dir.parents) if p.name == "raw"), dest_dir)
        store = SnapshotStore(raw_dir)
    downloader = downloader or Downloader(settings or FetchSettings())
    target = dest_dir / _safe_name(url)
    rel = store.rel(target)
    checked = now_beijing().isoformat(timespec="seconds")
    old = store.entry(rel) or {}
    try:
        status, body, note = downloader.get(url)
    except _Fault as exc:
        return FetchResult(url, FAILED, str(exc))
    if status == 404:
        store.record(
            rel, {**old, "kind": kind, "url": url, "last_checked_at": checked, "last_http_status": 404}
        )
        outcome = FetchResult(url, MISSING, note)
    else:
        result, versions = store.put(target, body)
        store.record(
            rel,
            {
                "kind": kind,
                "url": url,
                "sha256": sha256(body),
                "size": len(body),
                "fetched_at": checked if result != UNCHANGED else old.get("fetched_at", checked),
                "last_checked_at": checked,
                "http_status": status,
                "last_http_status": status,
                "versions": versions,
            },
        )
        outcome = FetchResult(url, result, note, path=rel)
    if save_manifest:
        store.save()
    return outcome


def configured_files(sources: dict) -> list[dict]:
    """[[sources.files]] entries: url and kind (e.g. enterprise_disclosure, warning_register, stations)."""
    files = sources.get("files", []) if sources else []
    for i, entry in enumerate(files, start=1):
        if "url" not in entry or "kind" not in entry:
            raise InputError(
                "data/site.toml", f"[[sources.files]] #{i} needs url and kind", field="sources.files"
            )
        if not re.fullmatch(r"[a-z0-9_\-]+", entry["kind"]):
            raise InputError(
                "data/site.toml",
                f"[[sources.files]] #{i}: kind must be lower-case letters, digits, _ or -",
                field="sources.files.kind",
            )
    return list(files)


def run_fetch(
    data_dir: Path,
    settings: FetchSettings,
    first: date | None = None,
    last: date | None = None,
    *,
    files: Iterable[dict] = (),
    start: str | None = None,
    now: datetime | None = None,
    progress=None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchSummary:
    """Fetch archive days in [first, last] (default: missing days up to yesterday) and configured files.

    Downloads run in a bounded thread pool; the manifest is saved as results arrive and at the end,
    even when interrupted.
    """
    now = now or now_beijing()
    store = SnapshotStore(Path(data_dir) / "raw")
    if first is None or last is None:
        d_first, d_last = default_range(store, now, start=start)
        first, last = first or d_first, last or d_last
    if first > last:
        raise InputError("--from/--to", f"start {first} is after end {last}")
    todo, done = plan_days(store, settings, first, last, now)
    files = list(files)
    summary = FetchSummary([FetchResult(d.isoformat(), SKIPPED) for d in done])
    downloader = Downloader(settings, sleep=sleep)
    task = progress.add_task("下载 / fetch", total=len(todo) + len(files)) if progress is not None else None
    last_save = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=max(1, settings.parallel)) as pool:
            futures = [pool.submit(fetch_archive_day, store, downloader, d, now) for d in todo]
            futures += [
                pool.submit(
                    fetch_url_snapshot,
                    f["url"],
                    store.raw_dir / FILES_DIR / f["kind"],
                    kind=f["kind"],
                    downloader=downloader,
                    store=store,
                    save_manifest=False,
                )
                for f in files
            ]
            for future in as_completed(futures):
                summary.results.append(future.result())
                if task is not None:
                    progress.advance(task)
                if time.monotonic() - last_save > 2:
                    store.save()
                    last_save = time.monotonic()
    finally:
        if todo or files:
            store.save()
    summary.results.sort(key=lambda r: r.key)
    return summary
