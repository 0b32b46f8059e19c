"""`fetch`: the public daily archive and the configured files, into the snapshot store.

- Archive days are fetched until complete: a day with fewer than 24 complete hours is fetched
  again on later runs until `settle_days` after the day, when upstream has published all it will.
  A 404 means "not published (yet)", not an error.
- A day file must hold that day: rows dated another day refuse the whole download (named).
- A download holding fewer valid hours than the stored file is kept as a version but never
  replaces it (an upstream glitch must not erase hours once fetched); the summary reports it.
- Downloads are bounded in time, bytes and memory and follow redirects only where allowed
  (generator/sources/transport/download.py); what still fails is reported and leaves existing data intact.
- [[sources.files]] entries are optional unless `required = true`: a failing optional file is
  reported and skipped, so it never stops the build of everything else (warnings above all).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import InputError
from generator.sources.archive.fetch_checks import check_day_file, cut_line, html_page, stored_hours
from generator.sources.snapshots.guard import local_problems
from generator.sources.snapshots.store import (  # noqa: F401 (names callers know from this module)
    ARCHIVE_DIR,
    BEIJING,
    FAILED,
    FETCHED,
    FILES_DIR,
    MANIFEST,
    MISSING,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    SnapshotStore,
    now_beijing,
    sha256,
)
from generator.sources.transport.download import Downloader, DownloadPolicy, Fault

DEFAULT_BASE_URL = "https://quotsoft.net/air/data/"
DEFAULT_PATTERN = "china_sites_{date:%Y%m%d}.csv"
KEPT_ASIDE = "kept aside (fewer hours)"
OPTIONAL_FAILED = "optional, failed"


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
    redirect_hosts: tuple[str, ...] = ()  # hosts a redirect may lead to, besides the URL's own

    @classmethod
    def from_config(cls, sources: dict, **overrides) -> FetchSettings:
        cnemc = sources.get("cnemc", {}) if sources else {}
        hosts = cnemc.get("redirect_hosts", [])
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
            raise InputError(
                "data/site.toml", "redirect_hosts must be a list of host names", field="sources.cnemc"
            )
        values = {
            "base_url": cnemc.get("base_url", DEFAULT_BASE_URL),
            "file_pattern": cnemc.get("file_pattern", DEFAULT_PATTERN),
            "timeout": float(cnemc.get("timeout_seconds", 30)),
            "retries": int(cnemc.get("retries", 4)),
            "parallel": int(cnemc.get("parallel", 4)),
            "backoff": float(cnemc.get("backoff_seconds", 1.0)),
            "settle_days": int(cnemc.get("settle_days", 3)),
            "redirect_hosts": tuple(hosts),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def policy(self) -> DownloadPolicy:
        return DownloadPolicy(self.timeout, self.retries, self.backoff, self.redirect_hosts)

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
        """Required downloads that failed (the command exits non-zero)."""
        return [r for r in self.results if r.outcome == FAILED]

    @property
    def notices(self) -> list[FetchResult]:
        """Reported, but no failure: optional files that failed, thinner downloads kept aside."""
        return [r for r in self.results if r.outcome in (OPTIONAL_FAILED, KEPT_ASIDE)]

    def line(self) -> str:
        c = self.counts
        return (
            f"fetched {c[FETCHED]}, new versions {c[UPDATED]}, unchanged {c[UNCHANGED]}, "
            f"already complete {c[SKIPPED]}, missing upstream {c[MISSING]}, failed {c[FAILED]}, "
            f"kept aside (fewer hours) {c[KEPT_ASIDE]}, optional files failed {c[OPTIONAL_FAILED]}"
        )


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
    """Days missing up to today (Beijing): from the first day the manifest knows, else `start`,
    else two weeks back. Today is included: the archive publishes the current day's file as the day
    runs, hour by hour (docs/data-sources.md), and the "now" block shows its latest hour; a
    partial day is fetched again on every run until it is complete (plan_days)."""
    today = now.astimezone(BEIJING).date()
    yesterday = today - timedelta(days=1)
    days = [e["day"] for e in store.entries.values() if e.get("kind") == "cnemc_daily" and e.get("day")]
    if days:
        first = date.fromisoformat(min(days))
    elif start:
        first = date.fromisoformat(str(start))
    else:
        first = yesterday - timedelta(days=13)
    return first, today


def fetch_archive_day(
    store: SnapshotStore, downloader: Downloader, settings: FetchSettings, day: date, now: datetime
) -> FetchResult:
    """One archive day: download, validate, store (or keep aside when thinner), record."""
    name = settings.archive_name(day)
    rel = f"{ARCHIVE_DIR}/{name}"
    url = settings.archive_url(day)
    key = day.isoformat()
    checked = now.isoformat(timespec="seconds")
    old = store.entry(rel) or {}
    try:
        got = downloader.get(url, accept=cut_line)
    except Fault as exc:
        return FetchResult(key, FAILED, f"{url}: {exc}")
    seen = {"last_checked_at": checked, "last_http_status": got.status, "final_url": got.final_url}
    if got.status == 404:
        missing = {} if old.get("sha256") else {"http_status": 404}
        store.record(rel, {**old, "kind": "cnemc_daily", "day": key, "url": url, **seen, **missing})
        return FetchResult(key, MISSING, got.note)
    body = got.body
    try:
        parsed = check_day_file(body, day, got.final_url)
    except InputError as exc:
        return FetchResult(key, FAILED, f"not the archive file of {key}: {exc}")
    hours = parsed.hours.get(key, 0)
    complete_hours = parsed.complete_hours.get(key, 0)
    target = store.raw_dir / rel
    current = store.archive_file(name)
    stored = stored_hours(current, key)
    if current is not None and complete_hours < stored:
        why = f"{complete_hours} complete hours, fewer than the {stored} of the stored file"
        versions = store.keep_aside(target, body, list(old.get("versions", [])), why)
        store.record(rel, {**old, **seen, "versions": versions})
        return FetchResult(
            key, KEPT_ASIDE, f"{url}: new download has {why}: kept as a version only", path=rel
        )
    outcome, versions = store.put(target, body, current=current)
    entry = {
        "kind": "cnemc_daily",
        "day": key,
        "url": url,
        "sha256": sha256(body),
        "size": len(body),
        "fetched_at": checked,
        "http_status": got.status,
        **seen,
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
    return FetchResult(key, outcome, f"{detail} {got.note}".strip(), path=rel)


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
    required: bool = False,
    settings: FetchSettings | None = None,
    downloader: Downloader | None = None,
    store: SnapshotStore | None = None,
    save_manifest: bool = True,
) -> FetchResult:
    """Any file by URL (enterprise disclosure files, the warning register) into the snapshot store.

    The file goes to dest_dir/<name from the URL>; the manifest is the one in `raw_dir` (default:
    the nearest folder named `raw` above dest_dir, else dest_dir). Same rules as the archive:
    atomic writes, retries, changed content kept as a new version, 404 = missing upstream. An
    HTML page (a login page) is refused. A failure is FAILED when `required`, else OPTIONAL_FAILED
    (reported; the fetch still succeeds and the previous snapshot, if any, stays in use).
    """
    dest_dir = Path(dest_dir)
    if store is None:
        if raw_dir is None:
            raw_dir = next((p for p in (dest_dir, *dest_dir.parents) if p.name == "raw"), dest_dir)
        store = SnapshotStore(raw_dir)
    downloader = downloader or Downloader((settings or FetchSettings()).policy)
    target = dest_dir / _safe_name(url)
    rel = store.rel(target)
    checked = now_beijing().isoformat(timespec="seconds")
    old = store.entry(rel) or {}
    failed = FAILED if required else OPTIONAL_FAILED
    try:
        got = downloader.get(url)
        refusal = html_page(got.body) if got.body is not None else None
        if refusal:
            raise Fault(refusal, retry=False)
    except Fault as exc:
        store.record(
            rel, {**old, "kind": kind, "url": url, "last_checked_at": checked, "last_error": str(exc)}
        )
        outcome = FetchResult(url, failed, str(exc))
    else:
        seen = {"last_checked_at": checked, "last_http_status": got.status, "final_url": got.final_url}
        if got.status == 404:
            store.record(rel, {**old, "kind": kind, "url": url, **seen})
            outcome = FetchResult(url, MISSING, got.note)
        else:
            result, versions = store.put(target, got.body)
            fetched_at = checked if result != UNCHANGED else old.get("fetched_at", checked)
            entry = {"kind": kind, "url": url, "sha256": sha256(got.body), "size": len(got.body)}
            entry |= {"fetched_at": fetched_at, "http_status": got.status, **seen, "versions": versions}
            store.record(rel, entry)
            outcome = FetchResult(url, result, got.note, path=rel)
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
        if not isinstance(entry.get("required", False), bool):
            raise InputError(
                "data/site.toml", f"[[sources.files]] #{i}: required must be true or false", field="required"
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
    """Fetch archive days in [first, last] (default: missing days up to today) and configured files.

    Downloads run in a bounded thread pool; the manifest is saved as results arrive and at the end,
    even when interrupted.
    """
    now = now or now_beijing()
    unsafe = local_problems(Path(data_dir) / "raw")  # a link would lead the writes out of the store
    if unsafe:
        raise InputError(
            Path(data_dir) / "raw", f"not a plain folder of files: {'; '.join(unsafe[:3])}; nothing fetched"
        )
    store = SnapshotStore(Path(data_dir) / "raw")
    if first is None or last is None:
        d_first, d_last = default_range(store, now, start=start)
        first, last = first or d_first, last or d_last
    if first > last:
        raise InputError("--from/--to", f"start {first} is after end {last}")
    todo, done = plan_days(store, settings, first, last, now)
    files = list(files)
    summary = FetchSummary([FetchResult(d.isoformat(), SKIPPED) for d in done])
    downloader = Downloader(settings.policy, sleep=sleep)
    task = progress.add_task("下载 / fetch", total=len(todo) + len(files)) if progress is not None else None
    last_save = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=max(1, settings.parallel)) as pool:
            futures = [pool.submit(fetch_archive_day, store, downloader, settings, d, now) for d in todo]
            futures += [
                pool.submit(
                    fetch_url_snapshot,
                    f["url"],
                    store.raw_dir / FILES_DIR / f["kind"],
                    kind=f["kind"],
                    required=f.get("required", False),
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
