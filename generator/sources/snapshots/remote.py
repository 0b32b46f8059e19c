"""The durable snapshot store: {data}/raw/ kept for good on a branch of a git repository.

The public archive is a third-party mirror; a day it stops serving is gone unless we kept it. So
every run of the publish workflow restores {data}/raw/ from the store before fetching (`pull`) and
appends what it fetched afterwards (`push`). Why a git branch (and not the Actions cache or release
assets) is argued, with measured growth, in docs/data-sources.md.

The store only grows:
- `pull` refuses a store whose history shows a file removed (a store that has lost what it once held
  stops publishing, never a silent shrink), a manifest entry whose file is missing or whose bytes do
  not match its sha256, and an absent or empty branch unless `init` says this is the very first run.
- `push` checks the local manifest the same way, refuses to drop any file the store holds (pull
  first), commits only new or changed files (one commit per run) and pushes. git moves the branch in
  one step, so an interrupted push leaves the store as it was and {data}/raw/ is never touched.

Git runs as a subprocess against a private bare repository in a temporary folder whose work tree is
{data}/raw/ itself, so nothing is copied twice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.errors import FetchError, InputError
from generator.sources.shared.limits import limit
from generator.sources.snapshots import growth as store_growth
from generator.sources.snapshots.fetch import MANIFEST, SnapshotStore
from generator.sources.snapshots.guard import (
    OverCap,
    local_problems,
    quarantine,
    stream_sha256,
    tree_problems,
)
from generator.sources.snapshots.store import now_beijing

DEFAULT_BRANCH = "snapshots"
GIT_TIMEOUT_SECONDS = 1800  # a first push of years of files is large; a hung remote still ends
COMMITTER = ("lyg-air snapshots", "snapshots@lyg-air.invalid")


@dataclass(frozen=True)
class StoreReport:
    files: int
    added: int = 0
    changed: int = 0
    newest_day: str | None = None

    def line(self) -> str:
        newest = f", newest day {self.newest_day}" if self.newest_day else ""
        return f"{self.files} files in the store, {self.added} new, {self.changed} changed{newest}"


class StoreError(FetchError):
    """The durable store cannot be used as it is; publishing must stop (the message says why)."""


def _git(git_dir: Path, work_tree: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_AUTHOR_NAME": COMMITTER[0],
        "GIT_AUTHOR_EMAIL": COMMITTER[1],
        "GIT_COMMITTER_NAME": COMMITTER[0],
        "GIT_COMMITTER_EMAIL": COMMITTER[1],
    }
    command = ["git", f"--git-dir={git_dir}", f"--work-tree={work_tree}", "-c", "core.autocrlf=false", *args]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=GIT_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise StoreError(f"git {args[0]} did not finish in {GIT_TIMEOUT_SECONDS} s") from None
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise StoreError(f"git {args[0]} failed: {' / '.join(detail)[:500]}")
    return result


@contextmanager
def _private_repo(raw_dir: Path) -> Iterator[Path]:
    """A throw-away bare repository whose work tree is raw_dir."""
    folder = Path(tempfile.mkdtemp(prefix="lyg-snapshots-"))
    try:
        git_dir = folder / "store.git"
        subprocess.run(["git", "init", "--quiet", "--bare", str(git_dir)], check=True, capture_output=True)
        yield git_dir
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _first_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0][:300] if lines else "no answer"


def _fetch_tip(git_dir: Path, raw_dir: Path, remote: str, branch: str) -> str | None:
    """The remote branch's commit, fetched with its history; None when the branch does not exist."""
    listed = _git(git_dir, raw_dir, "ls-remote", "--heads", remote, branch, check=False)
    if listed.returncode != 0:
        raise StoreError(
            f"snapshot store {remote} is unreachable ({_first_line(listed.stderr)}); "
            "nothing was published and nothing was changed"
        )
    if not listed.stdout.strip():
        return None
    _git(git_dir, raw_dir, "fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/remotes/store/{branch}")
    return _git(git_dir, raw_dir, "rev-parse", f"refs/remotes/store/{branch}").stdout.strip()


def _deletions(raw_diff: str) -> dict[str, str]:
    """Removed paths and the blob each held, from `git diff/log --raw --no-abbrev` output."""
    removed = {}
    for line in raw_diff.splitlines():
        if line.startswith(":") and "\t" in line:
            meta, path = line.split("\t", 1)
            fields = meta.split()
            if fields[-1] == "D":
                removed[path] = fields[2]
    return removed


def _tree_at(git_dir: Path, raw_dir: Path, tip: str) -> list[tuple[str, str, str]]:
    """(mode, blob id, path) of every entry in a commit's tree."""
    listed = _git(git_dir, raw_dir, "ls-tree", "-r", "-z", tip)
    entries = []
    for record in listed.stdout.split("\0"):
        if record:
            meta, path = record.split("\t", 1)
            mode, _, blob = meta.split()
            entries.append((mode, blob, path))
    return entries


def _blobs_at(git_dir: Path, raw_dir: Path, tip: str) -> dict[str, str]:
    """Path -> blob id of every file in a commit."""
    return {path: blob for _, blob, path in _tree_at(git_dir, raw_dir, tip)}


def _lost(removed: dict[str, str], kept_blobs: set[str]) -> list[str]:
    """Removed paths whose bytes are kept nowhere else (a superseded snapshot moved to versions/
    keeps its bytes under another name: that is no loss)."""
    return sorted(path for path, blob in removed.items() if blob not in kept_blobs)


def _removed_ever(git_dir: Path, raw_dir: Path, tip: str, tip_blobs: dict[str, str]) -> list[str]:
    """Files that some commit of the store's history removed and whose bytes the tip no longer holds."""
    log = _git(git_dir, raw_dir, "log", "--diff-filter=D", "--raw", "--no-abbrev", "--format=", tip)
    return _lost(_deletions(log.stdout), set(tip_blobs.values()))


def verify_manifest(raw_dir: Path) -> list[str]:
    """Problems between the manifest and the files: a listed file missing, or bytes not matching its
    sha256 (a stored `.gz` is checked by its content, as the manifest records what was downloaded,
    streamed under fetch's inflate cap: store_guard.stream_sha256). Each problem begins with the
    file's path in the store (`rel: ...`)."""
    problems, _ = _verify(raw_dir)
    return problems


def _verify(raw_dir: Path) -> tuple[list[str], list[str]]:
    """(problems, the stored files they concern)."""
    store = SnapshotStore(raw_dir)
    cap = int(limit("download_inflated_bytes"))
    problems: list[str] = []
    failing: list[str] = []

    def check(rel: str, expected: str) -> None:
        path = next((p for p in (raw_dir / rel, raw_dir / f"{rel}.gz") if p.exists()), None)
        if path is None:
            problems.append(f"{rel}: listed in {MANIFEST} but missing")
            return
        try:
            actual = stream_sha256(path, cap)
        except (OSError, EOFError, zlib.error, OverCap) as exc:
            problems.append(f"{rel}: unreadable ({exc})")
            failing.append(store.rel(path))
            return
        if actual != expected:
            problems.append(f"{rel}: sha256 {actual[:12]}… does not match the manifest's {expected[:12]}…")
            failing.append(store.rel(path))

    for rel, entry in store.entries.items():
        if entry.get("sha256"):
            check(rel, entry["sha256"])
        for version in entry.get("versions", []):
            if version.get("path") and version.get("sha256"):
                check(version["path"], version["sha256"])
    return problems, failing


def _newest_day(raw_dir: Path) -> str | None:
    days = [e["day"] for e in SnapshotStore(raw_dir).entries.values() if e.get("day") and e.get("sha256")]
    return max(days) if days else None


def _refuse_manifest_problems(raw_dir: Path, where: str) -> None:
    """InputError listing the problems; the failing files are first moved to a quarantine folder
    of the data folder (store_guard.quarantine), named in the message, never left among the good."""
    problems, failing = _verify(raw_dir)
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        moved = ""
        if failing:
            folder = quarantine(raw_dir, failing, now_beijing())
            moved = f"; {len(failing)} failing file(s) moved to {folder}"
        raise InputError(raw_dir / MANIFEST, f"{where}: {shown}{moved}")


def pull(
    raw_dir: Path,
    remote: str,
    *,
    branch: str = DEFAULT_BRANCH,
    init: bool = False,
    accept_shrink: str | None = None,
) -> StoreReport:
    """Restore raw_dir from the store, byte for byte. raw_dir must be empty, absent, or hold only
    files identical to the store's (a differing local file is never overwritten). A store that
    holds less than before (store_growth.py) is refused unless `accept_shrink` gives the reason,
    which is recorded in raw_dir."""
    raw_dir = Path(raw_dir)
    raw_dir.mkdir(parents=True, exist_ok=True)
    with _private_repo(raw_dir) as git_dir:
        tip = _fetch_tip(git_dir, raw_dir, remote, branch)
        if tip is None:
            if init:
                return StoreReport(files=0)
            raise StoreError(
                f"snapshot store {remote} has no branch '{branch}': if this is the very first run, "
                "run `snapshots pull --init`; otherwise the store was lost, and publishing stops so "
                "that the site does not shrink to what the upstream archive still serves"
            )
        tree = _tree_at(git_dir, raw_dir, tip)
        unsafe = tree_problems([(mode, path) for mode, _, path in tree]) + local_problems(raw_dir)
        if unsafe:  # checked on the tree and the folder before anything is written
            raise StoreError(
                f"snapshot store {remote} ({branch}) or {raw_dir} holds what is no plain file inside the "
                f"store: {'; '.join(unsafe[:3])}; nothing was written"
            )
        tip_blobs = {path: blob for _, blob, path in tree}
        removed = _removed_ever(git_dir, raw_dir, tip, tip_blobs)
        if removed:
            raise StoreError(
                f"snapshot store {remote} ({branch}) has lost {len(removed)} file(s) it once held, e.g. "
                f"{', '.join(removed[:3])}: restore them from its history before publishing"
            )
        if MANIFEST not in tip_blobs:
            raise StoreError(
                f"snapshot store {remote} ({branch}) holds no {MANIFEST}: refusing an empty store"
            )
        shrunk = store_growth.shrinkage_of(git_dir, raw_dir, tip, _git)
        if shrunk and accept_shrink is None:
            raise StoreError(
                f"snapshot store {remote} ({branch}) holds less than it did: {'; '.join(shrunk[:3])}"
                f"{f' and {len(shrunk) - 3} more' if len(shrunk) > 3 else ''}. If an editor has checked "
                "that this is right, pull again with --accept-shrink REASON (recorded); nothing was written"
            )
        _git(git_dir, raw_dir, "read-tree", tip)
        # Against the index (= the store), a local file present with other bytes shows as modified.
        differing = _git(git_dir, raw_dir, "diff", "--name-only", "--diff-filter=M").stdout.split()
        if differing:
            raise StoreError(
                f"{raw_dir} already holds {len(differing)} file(s) that differ from the store "
                f"(e.g. {', '.join(differing[:3])}): push them first or move them aside; nothing was changed"
            )
        _git(git_dir, raw_dir, "checkout-index", "--all", "--force")
        files = list(tip_blobs)
        if shrunk:
            store_growth.record_shrink(raw_dir, shrunk, accept_shrink, now_beijing())
    _refuse_manifest_problems(raw_dir, "restored store does not match its manifest")
    return StoreReport(files=len(files), newest_day=_newest_day(raw_dir))


def push(raw_dir: Path, remote: str, *, branch: str = DEFAULT_BRANCH) -> StoreReport:
    """Append raw_dir to the store: one commit with the new and changed files, never a removal."""
    raw_dir = Path(raw_dir)
    if not (raw_dir / MANIFEST).exists():
        raise InputError(raw_dir / MANIFEST, "no manifest: nothing fetched to keep")
    _refuse_manifest_problems(raw_dir, "refusing to store files that do not match the manifest")
    with _private_repo(raw_dir) as git_dir:
        tip = _fetch_tip(git_dir, raw_dir, remote, branch)
        if tip is not None:
            _git(git_dir, raw_dir, "read-tree", tip)
        _git(git_dir, raw_dir, "add", "--all", ".")
        # Against the store's tip (the private repository has no HEAD of its own).
        base = [tip] if tip else []
        status = _git(git_dir, raw_dir, "diff", "--cached", "--raw", "--no-abbrev", "--no-renames", *base)
        changes = [
            (line.split("\t", 1)[0].split()[-1], line.split("\t", 1)[1])
            for line in status.stdout.splitlines()
            if line.startswith(":") and "\t" in line
        ]
        staged = _git(git_dir, raw_dir, "ls-files", "-s", "-z").stdout.split("\0")
        kept_blobs = {record.split()[1] for record in staged if record}
        dropped = _lost(_deletions(status.stdout), kept_blobs)
        if dropped:
            raise StoreError(
                f"{raw_dir} lacks {len(dropped)} file(s) the store holds (e.g. {', '.join(dropped[:3])}): "
                "run `snapshots pull` first; refusing to shrink the store"
            )
        added = sum(kind == "A" for kind, _ in changes)
        changed = sum(kind == "M" for kind, _ in changes)
        files = len(_git(git_dir, raw_dir, "ls-files", "-z").stdout.split("\0")) - 1
        report = StoreReport(files=files, added=added, changed=changed, newest_day=_newest_day(raw_dir))
        if not changes:
            return report
        tree = _git(git_dir, raw_dir, "write-tree").stdout.strip()
        message = f"snapshots: {added} new, {changed} changed; newest day {report.newest_day or '-'}"
        parents = ["-p", tip] if tip else []
        commit = _git(git_dir, raw_dir, "commit-tree", tree, *parents, "-m", message).stdout.strip()
        _git(git_dir, raw_dir, "push", "--quiet", remote, f"{commit}:refs/heads/{branch}")
    return report
