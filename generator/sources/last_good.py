"""The last good version of an editor's file: kept when the file passes, used when a later edit fails.

An editor's mistake in one register must not stop the build, nor be guessed at: the file is refused
with its file, row and field, and the build goes on with the copy of that file that last passed
(`<data>/.last-good/<register>/<name>`), or without the file when none passed before. The caller
says so in the build log and on /status/. Copies stay inside the data folder and are written
atomically; only names of files actually read are used, so nothing outside the folder is touched.
"""

from __future__ import annotations

from pathlib import Path

from generator.files import atomic_write_bytes

FOLDER = ".last-good"


def last_good_path(data_dir: Path, register: str, path: Path) -> Path:
    return Path(data_dir) / FOLDER / register / Path(path).name


def keep(data_dir: Path, register: str, path: Path) -> None:
    """Record `path` (which has just passed its checks) as its register's last good version."""
    target = last_good_path(data_dir, register, path)
    data = Path(path).read_bytes()
    if target.is_file() and target.read_bytes() == data:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)


def fallback(data_dir: Path, register: str, path: Path) -> Path | None:
    """The last good version of `path`, when one was kept."""
    target = last_good_path(data_dir, register, path)
    return target if target.is_file() and not target.is_symlink() else None
