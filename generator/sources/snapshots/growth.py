"""The snapshot store only grows: what `pull` compares before it writes anything.

A removal in the store's history is caught by snapshot_remote._removed_ever. What that misses, and
this catches (store_guard.shrinkage on manifests):
- a commit that swaps a complete day for a 12-hour one, or drops a day from the manifest: the tip's
  manifest against the best every earlier manifest of the history recorded;
- a force-pushed branch with a day fewer: the tip against the local manifest when {data}/raw/ holds
  one, and, in every case, a gap in the tip's days (`fetch` records every day it tried, a day
  missing upstream too, so a day absent between the first and the newest was taken out).

An editor who has checked that a smaller store is right passes `--accept-shrink REASON`: the pull
goes ahead and the reason, the time and what was lost are appended to {data}/raw/accepted-shrinkage.json,
which `push` keeps in the store with everything else.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.errors import InputError
from generator.files import atomic_write_bytes
from generator.sources.snapshots.guard import shrinkage
from generator.sources.snapshots.manifest_schema import check_manifest

MANIFEST = "manifest.json"
SHRINK_LOG = "accepted-shrinkage.json"


def _manifest_at(git_dir: Path, raw_dir: Path, commit: str, git) -> dict[str, dict]:
    shown = git(git_dir, raw_dir, "show", f"{commit}:{MANIFEST}", check=False)
    if shown.returncode != 0:
        return {}
    try:
        return check_manifest(Path(f"{commit[:12]}:{MANIFEST}"), json.loads(shown.stdout))
    except (json.JSONDecodeError, InputError):
        return {}  # an unreadable old manifest records nothing to compare with


def shrinkage_of(git_dir: Path, raw_dir: Path, tip: str, git) -> list[str]:
    """What the store at `tip` holds less of than before (empty: it only grew)."""
    now = _manifest_at(git_dir, raw_dir, tip, git)
    best: dict[str, dict] = {}
    history = git(git_dir, raw_dir, "log", "--format=%H", tip, "--", MANIFEST).stdout.split()
    for commit in history[1:]:  # every earlier manifest, newest first
        for rel, entry in _manifest_at(git_dir, raw_dir, commit, git).items():
            held = best.get(rel)
            if entry.get("sha256") and (held is None or _hours(entry) > _hours(held)):
                best[rel] = entry
    lost = shrinkage(best, now)
    local = Path(raw_dir) / MANIFEST
    if local.is_file():
        try:
            mine = check_manifest(local, json.loads(local.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(local, f"not valid JSON ({exc})") from None
        lost += [f"{line} (against {local})" for line in shrinkage(mine, now) if line not in lost]
    return lost + gaps(now)


def _hours(entry: dict) -> int:
    hours = entry.get("complete_hours")
    return hours if isinstance(hours, int) else -1


def gaps(entries: dict[str, dict]) -> list[str]:
    """Days between the first and the newest day of the archive with no manifest entry at all."""
    days = {
        date.fromisoformat(e["day"])
        for e in entries.values()
        if e.get("kind") == "cnemc_daily" and e.get("day")
    }
    if not days:
        return []
    first, last = min(days), max(days)
    every = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [
        f"{day}: no entry between {first} and {last} (a day taken out of the store)"
        for day in every
        if day not in days
    ]


def record_shrink(raw_dir: Path, lost: list[str], reason: str, now: datetime) -> Path:
    """Append the accepted shrinkage to raw_dir/accepted-shrinkage.json; returns its path."""
    path = Path(raw_dir) / SHRINK_LOG
    log = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    log.append({"accepted_at": now.isoformat(timespec="seconds"), "reason": reason, "lost": lost})
    atomic_write_bytes(path, (json.dumps(log, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return path
