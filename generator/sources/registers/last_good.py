"""The last good version of an editor's file: from the file's git history, used when an edit fails.

An editor's mistake in one register must not stop the build, nor be guessed at: the file is refused
with its file, row and field, and the build goes on with the newest committed version of that file
that passes the same checks, or without the file when none does (or the data folder is no git
checkout). Editors' files are committed (the publish workflow checks out the whole history), so the
history is the record of what passed before; nothing is kept beside the data. The version tried is
written under the build's own scratch folder (`scratch/<register>/<name>`), never into the data
folder. The caller says so in the build log and on /status/ (`record_refusal`).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from generator.errors import InputError
from generator.files import atomic_write_bytes

T = TypeVar("T")
Refused = Callable[[InputError, "Path | None"], None]
MAX_VERSIONS = 20  # older versions tried, newest first: a file broken for longer is left out
GIT_SECONDS = 30


def _git(folder: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, timeout=GIT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def committed_versions(path: Path) -> list[bytes]:
    """The file's committed contents, newest first (at most MAX_VERSIONS); none outside git."""
    path = Path(path)
    listed = _git(path.parent, "log", f"-n{MAX_VERSIONS}", "--format=%H", "--", path.name)
    versions = []
    for commit in (listed or b"").decode().split():
        data = _git(path.parent, "show", f"{commit}:./{path.name}")
        if data is not None:
            versions.append(data)
    return versions


def fallback(path: Path, scratch: Path, register: str, read: Callable[[Path], T]) -> tuple[T, Path] | None:
    """(what `read` makes of it, its copy) for the newest committed version of `path` that `read`
    accepts and that differs from the file as it is now; None when there is none."""
    current = Path(path).read_bytes() if Path(path).is_file() else None
    copy = Path(scratch) / register / Path(path).name
    for data in committed_versions(path):
        if data == current:
            continue  # the refused edit itself, committed
        atomic_write_bytes(copy, data)
        try:
            return read(copy), copy
        except InputError:
            continue
    return None


def read_each(
    paths: list[Path],
    read: Callable[[Path], T],
    *,
    scratch: Path | None,
    register: str,
    on_refused: Refused | None,
) -> list[T]:
    """read(path) of every path. Without `on_refused` an InputError stops it; with it, a file that
    fails is refused alone: its last good version (`fallback`) is read in its place (or none), and
    `on_refused(error, the version used or None)` is told."""
    results = []
    for path in paths:
        try:
            results.append(read(path))
        except InputError as error:
            if on_refused is None or scratch is None:
                raise
            found = fallback(path, scratch, register, read)
            if found is not None:
                results.append(found[0])
            on_refused(error, found[1] if found else None)
    return results


def record_refusal(products: dict, register: str, error: InputError, kept: Path | None) -> None:
    """Say in the build log (a GitHub error annotation) and, through products["refused_files"], on
    /status/ that an editor's file was refused and what the build used instead."""
    instead = "沿用上次通过检查的版本" if kept is not None else "本次生成不采用该文件（没有通过检查的旧版本）"
    record = {
        "register": register,
        "file": Path(error.path).name,
        "row": error.row,
        "field": error.field,
        "problem": error.detail,
        "instead": instead,
    }
    refused = products.setdefault("refused_files", [])
    if record in refused:  # two builders read the same register (the forecast page reads notices)
        return
    refused.append(record)
    print(f"::error file={error.path}::{error}（{instead}）", file=sys.stderr)


def refusals(products: dict, register: str) -> Refused:
    """The `on_refused` of a build: record_refusal into `products` under the register's public name."""
    return lambda error, kept: record_refusal(products, register, error, kept)


def scratch_of(ctx) -> Path:
    """The build's scratch folder for last good versions: beside its generated pages (build/)."""
    return Path(ctx.out.root).parent / "last-good"
