"""How fresh the data is: what the snapshot manifest and the observations say about upstream.

One function serves the /status/ page, status.json and `python -m generator status` (which the
publish workflow runs so that a quiet upstream fails a run visibly), so the three never disagree.
Pure: it receives manifest entries and times, and reads no file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
# Upstream publishes each day's file by the next morning; two days with nothing new is a fault worth a
# failed run (sources.cnemc.quiet_days_alarm in data/site.toml overrides it).
DEFAULT_QUIET_DAYS = 2


@dataclass(frozen=True)
class Freshness:
    checked_at: str
    is_sample: bool
    first_day: str | None
    newest_day: str | None
    days_held: int
    last_fetch_at: str | None
    missing_upstream: list[str] = field(default_factory=list)
    incomplete_days: list[str] = field(default_factory=list)
    quiet_days: int | None = None
    quiet_days_alarm: int = DEFAULT_QUIET_DAYS
    stale: bool = False
    reason: str = ""

    def as_json(self) -> dict:
        return asdict(self)


def _archive_entries(snapshots: list[dict]) -> list[dict]:
    return [e for e in snapshots if e.get("kind") == "cnemc_daily" and e.get("day")]


def assess(
    snapshots: list[dict],
    *,
    now: datetime,
    newest_observation: datetime | None,
    is_sample: bool,
    quiet_days_alarm: int = DEFAULT_QUIET_DAYS,
) -> Freshness:
    """The freshness of a data folder at `now`.

    snapshots: manifest entries (each with kind, day, sha256, fetched_at, last_checked_at,
    last_http_status, complete); newest_observation: the latest hour with any value (the sample,
    which has no manifest, is judged by it alone).
    """
    entries = _archive_entries(snapshots)
    held = sorted(e["day"] for e in entries if e.get("sha256"))
    missing = sorted(e["day"] for e in entries if not e.get("sha256") and e.get("last_http_status") == 404)
    incomplete = sorted(e["day"] for e in entries if e.get("sha256") and e.get("complete") is False)
    fetch_times = [e.get("last_checked_at") or e.get("fetched_at") for e in snapshots]
    last_fetch = max((t for t in fetch_times if t), default=None)
    newest = held[-1] if held else None
    if newest is None and newest_observation is not None:
        newest = newest_observation.astimezone(BEIJING).date().isoformat()
    today = now.astimezone(BEIJING).date()
    # The newest day upstream could have published by now is yesterday.
    quiet = (today - timedelta(days=1) - date.fromisoformat(newest)).days if newest else None
    if newest is None:
        stale, reason = True, "没有任何监测数据"
    elif is_sample:
        stale, reason = False, "演示样本数据，不从上游抓取"
    elif quiet is not None and quiet >= quiet_days_alarm:
        stale, reason = True, f"上游已连续 {quiet} 天没有发布新数据（最新一天为 {newest}）"
    else:
        stale, reason = False, "数据按时更新"
    return Freshness(
        checked_at=now.astimezone(BEIJING).isoformat(timespec="seconds"),
        is_sample=is_sample,
        first_day=held[0] if held else None,
        newest_day=newest,
        days_held=len(held),
        last_fetch_at=last_fetch,
        missing_upstream=missing,
        incomplete_days=incomplete,
        quiet_days=quiet,
        quiet_days_alarm=quiet_days_alarm,
        stale=stale,
        reason=reason,
    )
