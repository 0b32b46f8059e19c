"""Guards of the snapshot store: it can only grow, and it stays inside its folder.

- `tree_problems(records)`: what a commit of the store would write that is no plain file inside the
  store (a symbolic link, a submodule, a path with `..`), checked on the tree before anything is
  written. git would restore a link, and a later `fetch` would write through it, outside the store.
- `local_problems(raw_dir)`: the same for the folder on disk: no link, hard link, device or pipe.
- `shrinkage(before, after)`: days an older manifest held that a newer one lacks, or holds with fewer
  complete hours (a force-pushed branch with a day less, a complete day swapped for a 12-hour one).
- `stream_sha256(path, cap)`: a stored file's sha256, a `.gz` by its content, inflated piece by
  piece under the same cap as fetch: a 1 MB gzip bomb costs megabytes, not gigabytes.
- `quarantine(raw_dir, rels)`: failing files moved out of the store, into a folder of the data
  folder named in the message, never left among the good ones.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zlib
from datetime import datetime
from pathlib import Path

from generator.sources.snapshots.manifest_schema import inside_store
from generator.sources.transport.inflate import GZIP_WBITS

PLAIN_FILE_MODES = {"100644", "100755"}
QUARANTINE = "quarantine"
_PIECE = 1 << 20  # bytes read, and at most inflated, at a time


def tree_problems(records: list[tuple[str, str]]) -> list[str]:
    """(mode, path) of every entry of a commit's tree (`git ls-tree -r`): what is not a plain file
    at a path inside the store."""
    problems = []
    for mode, path in records:
        if mode == "120000":
            problems.append(f"{path}: a symbolic link (never restored: it could lead outside the store)")
        elif mode not in PLAIN_FILE_MODES:
            problems.append(f"{path}: not a plain file (git mode {mode})")
        elif not inside_store(path):
            problems.append(f"{path}: a path outside the store or hidden")
    return problems


def local_problems(raw_dir: Path) -> list[str]:
    """Links, hard links, devices and pipes in raw_dir (or raw_dir itself a link), never followed."""
    raw_dir = Path(raw_dir)
    if raw_dir.is_symlink():
        return [f"{raw_dir}: a symbolic link (the store must be a folder of its own)"]
    problems = []
    for folder, dirs, files in os.walk(raw_dir, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                problems.append(f"{path}: a symbolic link")
            elif stat.S_ISDIR(info.st_mode):
                continue
            elif not stat.S_ISREG(info.st_mode):
                problems.append(f"{path}: not a plain file (a device, pipe or socket)")
            elif info.st_nlink > 1:
                problems.append(f"{path}: a hard link ({info.st_nlink} names share its bytes)")
    return problems


def shrinkage(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    """Files `before` (an older manifest, or the local one) held that `after` lost or thinned: gone
    from the manifest, or with fewer complete hours. A file superseded by better bytes is no loss."""
    lost = []
    for rel, old in before.items():
        if not old.get("sha256"):
            continue  # never held (a day missing upstream)
        new = after.get(rel)
        if new is None or not new.get("sha256"):
            lost.append(f"{rel}: held before, gone now")
            continue
        old_hours, new_hours = old.get("complete_hours"), new.get("complete_hours")
        if isinstance(old_hours, int) and isinstance(new_hours, int) and new_hours < old_hours:
            lost.append(f"{rel}: {old_hours} complete hours before, {new_hours} now")
    return lost


class OverCap(Exception):
    """The file inflates past the cap."""


def stream_sha256(path: Path, cap: int) -> str:
    """sha256 of a file's content (a `.gz` inflated, every gzip member), never holding more than a
    piece of it; OverCap past `cap` inflated bytes, EOFError or zlib.error when damaged or cut."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        pieces = (
            _inflated(handle) if Path(path).name.endswith(".gz") else iter(lambda: handle.read(_PIECE), b"")
        )
        size = 0
        for piece in pieces:
            size += len(piece)
            if size > cap:
                raise OverCap(f"inflates to more than {cap:,} bytes (the cap of fetch)")
            digest.update(piece)
    return digest.hexdigest()


def _inflated(handle):
    """The inflated content of a gzip file, in pieces of at most _PIECE bytes."""
    z = zlib.decompressobj(GZIP_WBITS)
    data = handle.read(_PIECE)
    while data:
        yield z.decompress(data, _PIECE)
        if z.eof:  # the next gzip member, if any (zero padding between members is allowed)
            data = z.unused_data.lstrip(b"\0") or handle.read(_PIECE).lstrip(b"\0")
            if data:
                z = zlib.decompressobj(GZIP_WBITS)
        else:
            data = z.unconsumed_tail or handle.read(_PIECE)
    if not z.eof:
        raise EOFError("compressed data cut off before its end")


def quarantine(raw_dir: Path, rels: list[str], now: datetime) -> Path:
    """Move the files `rels` of raw_dir to {data}/quarantine/<time>/ (same relative paths)."""
    raw_dir = Path(raw_dir)
    folder = raw_dir.parent / QUARANTINE / now.strftime("%Y%m%dT%H%M%S")
    for rel in rels:
        source = raw_dir / rel
        if not inside_store(rel) or not source.is_file() or source.is_symlink():
            continue
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    return folder
