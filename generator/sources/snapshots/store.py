"""The snapshot store: downloaded files under {data}/raw/, immutable, with a manifest.

- Every file is written atomically (temporary file, then rename), so an interrupted run never
  leaves half a file; the manifest ({data}/raw/manifest.json) is written the same way.
- A changed upstream file never silently replaces the old one: the old bytes move to
  `versions/<name>.vN.<ext>` beside it first, and the canonical name holds the newest version
  (what the parser reads). A download worse than the canonical file (fewer valid hours) is kept
  as a version too, but never becomes canonical (`keep_aside`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.errors import InputError
from generator.files import atomic_write_bytes
from generator.sources.archive.cnemc import read_bytes
from generator.sources.snapshots.manifest_schema import check_manifest

BEIJING = ZoneInfo("Asia/Shanghai")
MANIFEST = "manifest.json"
ARCHIVE_DIR = "cnemc"
FILES_DIR = "files"
# Outcomes, as the summary names them.
FETCHED, UPDATED, UNCHANGED, MISSING, FAILED, SKIPPED = (
    "fetched",
    "updated",
    "unchanged",
    "missing upstream",
    "failed",
    "already complete",
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
        return check_manifest(self.manifest_path, data)

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

    def keep_aside(self, target: Path, data: bytes, versions: list[dict], why: str) -> list[dict]:
        """Keep `data` as a version of `target` without replacing it (once per distinct content)."""
        digest = sha256(data)
        if any(v.get("sha256") == digest for v in versions):
            return versions
        kept = self._version_path(target, len(versions) + 1)
        atomic_write_bytes(kept, data)
        entry = {"path": self.rel(kept), "sha256": digest, "size": len(data), "not_used": why}
        return [*versions, {**entry, "kept_at": now_beijing().isoformat(timespec="seconds")}]

    @staticmethod
    def _version_path(path: Path, n: int) -> Path:
        stem, dot, ext = path.name.partition(".")
        folder = path.parent / "versions"
        candidate = folder / f"{stem}.v{n}{dot}{ext}"
        while candidate.exists():  # never overwrite a kept version
            n += 1
            candidate = folder / f"{stem}.v{n}{dot}{ext}"
        return candidate
